#include "shell_cli.h"

#include <CLI/CLI.hpp>
#include <cstdarg>
#include <cstdio>
#include <filesystem>
#include <regex>

#include "keymap.h"
#include "preset.h"
#include "shell_link.h"
#include "storage.h"

namespace studio::shell {

bool parse_size(const std::string& text, int& width, int& height) {
  static const std::regex re(R"(\s*(\d{1,5})\s*[xX×]\s*(\d{1,5})\s*)");
  std::smatch m;
  if (!std::regex_match(text, m, re)) return false;
  const int w = std::stoi(m[1].str()), h = std::stoi(m[2].str());
  // Below this the fixed layout cannot place its panels; above, the PNG and
  // the GL framebuffer get unreasonably large.
  if (w < 320 || h < 240 || w > 7680 || h > 4320) return false;
  width = w;
  height = h;
  return true;
}

namespace {

// Flags read as text (or raw) first and checked after parsing.
struct RawFlags {
  std::string view, size = "1280x800", palette, exercise;
  bool dark = false;
  bool print_keys = false;  // --print-keys: the key table as README lists it
};

// One message on stderr, exit code 2. A printf-style function, so the
// compiler checks each call's arguments against its format.
[[gnu::format(printf, 1, 2)]] int bad(const char* format, ...) {
  std::fprintf(stderr, "tconv-studio: ");
  va_list args;
  va_start(args, format);
  std::vfprintf(stderr, format, args);
  va_end(args);
  std::fprintf(stderr, "\n");
  return 2;
}

void add_flags(CLI::App& app, Options& opts, RawFlags& raw) {
  app.get_formatter()->column_width(30);
  app.add_option("--preset", opts.preset, "preset to load (see --list-presets)");
  app.add_option("--view", raw.view, "view to show: " + view_names() + " (default: the preset's)");
  app.add_option("--step", opts.step,
                 "step to show, counted from 1 as on the timeline, in the view's unit: input "
                 "elements (scatter, matrix, overlap, all) or output cells (arithmetic)");
  app.add_option("--size", raw.size, "window size WxH")->capture_default_str();
  app.add_option("--font-scale", opts.font_scale, "font scale, 1.0 to 3.0 (Ctrl +/- in the app)")
      ->capture_default_str();
  app.add_flag("--light", opts.light, "light theme (default dark)");
  app.add_option("--screenshot", opts.exp.screenshot,
                 "render that state into a hidden window, write this PNG, exit");
  app.add_option("--screenshot-all-views", opts.screenshot_dir,
                 "write every view as DIR/<view>.png (the folder must exist), exit");
  app.add_option("--bench-frames", opts.bench_frames,
                 "render N frames with the animation playing, print frame times as JSON");
  app.add_flag("--list-presets", opts.list_presets, "print the preset names and exit");
  app.add_flag("--dump-state-on-exit", opts.dump_state,
               "print the final view, step and display settings as JSON (for GUI tests)");
  exporter::add_cli_flags(app, opts.exp);  // --scale, --export-gif, ...
  // Sessions, PyTorch code, presenter mode (shell_session.cpp).
  app.add_option("--session", opts.session, "open this session file (instead of --preset)");
  app.add_option("--open", opts.open,
                 "open a share link: 'https://…/#preset=…&stride=2', or just its fragment");
  app.add_option("--save-session", opts.save_session,
                 "write the state (from --preset, --session, --step...) as a session file, exit");
  app.add_option("--export-python", opts.export_python,
                 "write the state as a PyTorch script that checks the studio's output, exit");
  app.add_flag("--dark", raw.dark, "dark theme (the default unless the settings say light)");
  app.add_option("--palette", raw.palette,
                 "colorblind (Okabe-Ito, the default) or standard (conv_arithmetic's colours)");
  app.add_flag("--fullscreen", opts.fullscreen, "start full screen (F11 toggles it in the app)");
  app.add_flag("--hide-panels", opts.hide_panels,
               "start without the parameter panel and the timeline (as after P and T)");
  app.add_flag("--print-keys", raw.print_keys,
               "print the keys as README.md lists them (Markdown) and exit");
  app.add_flag("--use-settings", opts.use_settings,
               "screenshot, bench and headless runs read the saved settings too");
  // Exercise mode (model/exercise_session.h).
  app.add_option("--exercise", raw.exercise,
                 "open exercise mode on a question of this kind: " + tconv::exercise::kind_list());
  app.add_option("--seed", opts.exercise_seed, "the exercise's seed (default 1)");
  app.add_option("--level", opts.exercise_level, "the exercise's level, 1 to 3 (default 1)");
  app.add_flag("--reveal", opts.exercise_reveal,
               "show the exercise's answer and the view that explains it at once");
  app.footer(
      "Text size, theme, palette, full screen and the last 8 sessions persist in "
      "$TCONV_CONFIG_DIR/settings.json (else $XDG_CONFIG_HOME/tconv-studio/, else "
      "~/.config/tconv-studio/). Interactive runs read and update it; flags override it for "
      "one run.");
}

// Each value on its own: the view, the size, the font scale, the bench.
int check_values(Options& opts, const RawFlags& raw) {
  const std::optional<ViewId> v = parse_view(raw.view);
  if (!raw.view.empty() && !v)
    return bad("unknown view '%s'; valid views: %s", raw.view.c_str(), view_names().c_str());
  if (v) opts.view = *v;
  if (!parse_size(raw.size, opts.width, opts.height))
    return bad("--size '%s' is not WxH with W in 320..7680 and H in 240..4320 (e.g. 1280x800)",
               raw.size.c_str());
  if (!(opts.font_scale >= 1.0f && opts.font_scale <= 3.0f))
    return bad("--font-scale %g is outside 1.0..3.0", static_cast<double>(opts.font_scale));
  if (opts.bench_frames < 0 || opts.bench_frames > 1000000)
    return bad("--bench-frames %lld is outside 0..1000000",
               static_cast<long long>(opts.bench_frames));
  return -1;
}

// --exercise's kind and level; --seed, --level and --reveal need it.
int check_exercise(const CLI::App& app, Options& opts, const RawFlags& raw) {
  namespace ex = tconv::exercise;
  if (raw.exercise.empty()) {
    for (const char* flag : {"--seed", "--level", "--reveal"})
      if (app.count(flag) > 0) return bad("%s needs --exercise KIND", flag);
    return -1;
  }
  opts.exercise = ex::parse_kind(raw.exercise);
  if (!opts.exercise)
    return bad("unknown exercise kind '%s'; valid kinds: %s", raw.exercise.c_str(),
               ex::kind_list().c_str());
  if (opts.exercise_level < ex::kMinLevel || opts.exercise_level > ex::kMaxLevel)
    return bad("--level %d is outside %d..%d", opts.exercise_level, ex::kMinLevel, ex::kMaxLevel);
  return -1;
}

// Flags that exclude each other, and the palette.
int check_combinations(Options& opts, const RawFlags& raw) {
  const int modes =
      !opts.exp.screenshot.empty() + !opts.screenshot_dir.empty() + (opts.bench_frames > 0);
  if (modes > 1)
    return bad("--screenshot, --screenshot-all-views and --bench-frames exclude each other");
  opts.light_given = opts.light || raw.dark;
  if (opts.light && raw.dark) return bad("--light and --dark exclude each other");
  if (raw.palette == "colorblind" || raw.palette == "standard")
    opts.colorblind = raw.palette == "colorblind";
  else if (!raw.palette.empty())
    return bad("unknown --palette '%s'; valid: colorblind, standard", raw.palette.c_str());
  if (!opts.session.empty() && !opts.preset.empty())
    return bad(
        "--session and --preset exclude each other (a session holds its own preset and values)");
  if ((!opts.save_session.empty() || !opts.export_python.empty()) &&
      (modes > 0 || opts.exp.animating()))
    return bad(
        "--save-session and --export-python write files and exit; they exclude --screenshot, "
        "--screenshot-all-views, --bench-frames, --export-gif and --export-frames");
  const exporter::CliContext export_context{opts.width, opts.height,
                                            !opts.screenshot_dir.empty() || opts.bench_frames > 0,
                                            opts.step.has_value()};
  return exporter::check_cli_flags(opts.exp, export_context);
}

}  // namespace

int parse_options(int argc, char** argv, Options& opts) {
  CLI::App app{"tconv-studio: PyTorch's 2-D transposed convolution, step by step"};
  RawFlags raw;
  add_flags(app, opts, raw);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    return bad("%s (see --help)", e.what());
  }
  if (raw.print_keys) {
    std::fputs(keys_markdown().c_str(), stdout);
    return 0;
  }
  opts.font_scale_given = app.count("--font-scale") > 0;
  if (const int rc = check_values(opts, raw); rc >= 0) return rc;
  if (const int rc = check_exercise(app, opts, raw); rc >= 0) return rc;
  return check_combinations(opts, raw);
}

int prepare_model(Options& opts, Model& model) {
  const std::filesystem::path assets = platform::find_assets_dir();
  if (assets.empty()) {
    std::fprintf(stderr,
                 "tconv-studio: cannot find the assets folder with presets/ (set TCONV_ASSETS)\n");
    return 2;
  }
  const PresetLibrary lib = load_preset_dir(assets / "presets");
  // A broken file is named but does not hide the others.
  for (const std::string& e : lib.errors)
    std::fprintf(stderr, "tconv-studio: skipped %s\n", e.c_str());

  if (opts.list_presets) {
    for (const Preset& p : lib.presets) std::printf("%-28s %s\n", p.name.c_str(), p.title.c_str());
    return lib.presets.empty() ? 2 : 0;
  }

  if (!opts.preset.empty()) {
    const Preset* p = lib.find(opts.preset);
    if (!p) {
      std::string names;
      for (const Preset& q : lib.presets) names += (names.empty() ? "" : ", ") + q.name;
      std::fprintf(stderr, "tconv-studio: unknown preset '%s'; valid presets: %s\n",
                   opts.preset.c_str(), names.empty() ? "(none found)" : names.c_str());
      return 2;
    }
    if (!model.apply_preset(*p)) {
      std::fprintf(stderr, "tconv-studio: %s\n", model.error().c_str());
      return 2;
    }
  }
  if (!opts.session.empty()) {
    SessionShell shell;
    std::string error;
    if (!load_session_file(opts.session, model, shell, error)) {
      std::fprintf(stderr, "tconv-studio: %s\n", error.c_str());
      return 2;
    }
    opts.session_shell = shell;
    if (!opts.view) opts.view = shell.view;
  }
  if (const int rc = open_startup_link(opts, lib, model); rc >= 0) return rc;
  // No --view: what the preset asks for, else every view.
  if (!opts.view) opts.view = model.preset_view().value_or(ViewId::All);

  // Steps count in the view's unit (steps.h) and from 1, as on the timeline.
  model.set_step_unit(step_unit(*opts.view));
  const StepUnit unit = counting_unit(*opts.view);
  const int64_t count = model.step_count(unit);
  if (opts.step) {
    if (*opts.step < 1 || *opts.step > count) {
      std::fprintf(stderr,
                   "tconv-studio: --step %lld is out of range: this state has %lld steps (%s, "
                   "1..%lld)\n",
                   static_cast<long long>(*opts.step), static_cast<long long>(count),
                   step_unit_name(unit, true), static_cast<long long>(count));
      return 2;
    }
    model.timeline().scrub(*opts.step - 1);
  }
  // An animation of a view without steps is its one picture.
  const bool stepless = step_unit(*opts.view) == StepUnit::None;
  if (const int rc = exporter::check_cli_range(opts.exp, stepless ? 1 : count,
                                               stepless ? "" : step_unit_name(unit, true));
      rc >= 0)
    return rc;
  return -1;
}

}  // namespace studio::shell
