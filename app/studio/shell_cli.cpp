#include "shell_cli.h"

#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <regex>

#include "preset.h"

namespace studio::shell {

namespace {

constexpr ViewId kAllViews[] = {ViewId::Scatter, ViewId::Arithmetic, ViewId::Matrix, ViewId::Flip,
                                ViewId::Shape,   ViewId::Overlap,    ViewId::All};

std::string view_names() {
  std::string out;
  for (ViewId v : kAllViews) {
    if (!out.empty()) out += ", ";
    out += view_name(v);
  }
  return out;
}

}  // namespace

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

int parse_options(int argc, char** argv, Options& opts) {
  CLI::App app{"tconv-studio: PyTorch's 2-D transposed convolution, step by step"};
  app.get_formatter()->column_width(30);

  std::string view, size = "1280x800";
  app.add_option("--preset", opts.preset, "preset to load (see --list-presets)");
  app.add_option("--view", view, "view to show: " + view_names() + " (default: the preset's)");
  app.add_option("--step", opts.step, "scatter step to show, 0-based as on the timeline");
  app.add_option("--size", size, "window size WxH")->capture_default_str();
  app.add_option("--font-scale", opts.font_scale, "font scale, 1.0 to 3.0 (Ctrl +/- in the app)")
      ->capture_default_str();
  app.add_flag("--light", opts.light, "light theme (default dark)");
  app.add_option("--screenshot", opts.screenshot,
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
  std::string palette;
  bool dark = false;
  app.add_option("--session", opts.session, "open this session file (instead of --preset)");
  app.add_option("--save-session", opts.save_session,
                 "write the state (from --preset, --session, --step...) as a session file, exit");
  app.add_option("--export-python", opts.export_python,
                 "write the state as a PyTorch script that checks the studio's output, exit");
  app.add_flag("--dark", dark, "dark theme (the default unless the settings say light)");
  app.add_option("--palette", palette,
                 "colorblind (Okabe-Ito, the default) or standard (conv_arithmetic's colours)");
  app.add_flag("--fullscreen", opts.fullscreen, "start full screen (F11 toggles it in the app)");
  app.add_flag("--use-settings", opts.use_settings,
               "screenshot, bench and headless runs read the saved settings too");
  app.footer(
      "Text size, theme, palette, full screen and the last 8 sessions persist in "
      "$TCONV_CONFIG_DIR/settings.json (else $XDG_CONFIG_HOME/tconv-studio/, else "
      "~/.config/tconv-studio/). Interactive runs read and update it; flags override it for "
      "one run.");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "tconv-studio: %s (see --help)\n", e.what());
    return 2;
  }

  const std::optional<ViewId> v = parse_view(view);
  if (!view.empty() && !v) {
    std::fprintf(stderr, "tconv-studio: unknown view '%s'; valid views: %s\n", view.c_str(),
                 view_names().c_str());
    return 2;
  }
  if (v) opts.view = *v;
  if (!parse_size(size, opts.width, opts.height)) {
    std::fprintf(stderr,
                 "tconv-studio: --size '%s' is not WxH with W in 320..7680 and H in 240..4320 "
                 "(e.g. 1280x800)\n",
                 size.c_str());
    return 2;
  }
  if (!(opts.font_scale >= 1.0f && opts.font_scale <= 3.0f)) {
    std::fprintf(stderr, "tconv-studio: --font-scale %g is outside 1.0..3.0\n", opts.font_scale);
    return 2;
  }
  if (opts.bench_frames < 0 || opts.bench_frames > 1000000) {
    std::fprintf(stderr, "tconv-studio: --bench-frames %lld is outside 0..1000000\n",
                 static_cast<long long>(opts.bench_frames));
    return 2;
  }
  const int modes =
      !opts.screenshot.empty() + !opts.screenshot_dir.empty() + (opts.bench_frames > 0);
  if (modes > 1) {
    std::fprintf(stderr,
                 "tconv-studio: --screenshot, --screenshot-all-views and --bench-frames "
                 "exclude each other\n");
    return 2;
  }
  opts.font_scale_given = app.count("--font-scale") > 0;
  opts.light_given = opts.light || dark;
  if (opts.light && dark) {
    std::fprintf(stderr, "tconv-studio: --light and --dark exclude each other\n");
    return 2;
  }
  if (palette == "colorblind" || palette == "standard") {
    opts.colorblind = palette == "colorblind";
  } else if (!palette.empty()) {
    std::fprintf(stderr, "tconv-studio: unknown --palette '%s'; valid: colorblind, standard\n",
                 palette.c_str());
    return 2;
  }
  if (!opts.session.empty() && !opts.preset.empty()) {
    std::fprintf(stderr,
                 "tconv-studio: --session and --preset exclude each other (a session holds "
                 "its own preset and values)\n");
    return 2;
  }
  if ((!opts.save_session.empty() || !opts.export_python.empty()) &&
      (modes > 0 || opts.exp.animating())) {
    std::fprintf(stderr,
                 "tconv-studio: --save-session and --export-python write files and exit; they "
                 "exclude --screenshot, --screenshot-all-views, --bench-frames, --export-gif "
                 "and --export-frames\n");
    return 2;
  }
  if (const int rc = exporter::check_cli_flags(opts); rc >= 0) return rc;
  return -1;
}

int prepare_model(Options& opts, Model& model) {
  const std::filesystem::path assets = find_assets_dir();
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
  // No --view: what the preset asks for, else every view.
  if (!opts.view) opts.view = model.preset_view().value_or(ViewId::All);

  if (opts.step) {
    const int64_t count = model.step_count();
    if (*opts.step < 0 || *opts.step >= count) {
      std::fprintf(
          stderr,
          "tconv-studio: --step %lld is out of range: this state has %lld steps (0..%lld)\n",
          static_cast<long long>(*opts.step), static_cast<long long>(count),
          static_cast<long long>(count - 1));
      return 2;
    }
    model.timeline().scrub(*opts.step);
  }
  if (const int rc = exporter::check_cli_range(opts, model); rc >= 0) return rc;
  return -1;
}

}  // namespace studio::shell
