// The studio's life cycle and run modes. Structure follows ImGui's
// example_glfw_opengl3: init, loop, shutdown in reverse order.
#include "app.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <vector>

#include "host.h"
#include "model_session.h"
#include "storage.h"

namespace studio {

namespace {

// Frames rendered before a screenshot: ImGui sizes auto-fit windows, tables
// and tab bars from the previous frame, so the first frames are not final.
constexpr int kSettleFrames = 4;

}  // namespace

// [SECTION] Life cycle

App::App(Model& model, const shell::Options& opts) : model_(model), opts_(opts) {
  state_.view = opts.view.value_or(ViewId::All);
  state_.style.dark = !opts.light;
  state_.style.font_scale = opts.font_scale;
  state_.show.params = state_.show.timeline = !opts.hide_panels;
  state_.style.colorblind = opts.presenter.colorblind;
  state_.style.palette = make_palette(state_.style.dark, state_.style.colorblind);
  state_.link.message = opts.link_message;
  if (opts.exercise) {
    ExerciseSession& ex = state_.exercise;
    ex.requests.push_back(
        {ExerciseOp::Open, *opts.exercise, opts.exercise_level, opts.exercise_seed, 0});
    if (opts.exercise_reveal) ex.request(ExerciseOp::Reveal);
    // Before any frame, so a screenshot shows it; rendered runs (screenshots,
    // exports) show the reveal finished, the window animates it.
    const bool rendered = opts.exp.exports() || !opts.screenshot_dir.empty();
    apply_exercise(!rendered);
  }
}

App::~App() {
  shutdown();
}

int App::run() {
  if (std::string why; !platform::has_display(why)) {
    std::fprintf(stderr,
                 "tconv-studio: no display (%s); run it under a virtual one: "
                 "xvfb-run -a tconv-studio [flags]\n",
                 why.c_str());
    return 2;
  }
  if (!init()) return 2;
  int rc = 0;
  if (opts_.exp.exports())
    rc = run_export();
  else if (!opts_.screenshot_dir.empty())
    rc = run_screenshots();
  else if (opts_.bench_frames > 0)
    rc = run_bench();
  else
    rc = run_interactive();
  if (opts_.dump_state) dump_state();
  shutdown();
  return rc;
}

bool App::init() {
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;  // the layout is computed, nothing to remember
  imgui_ready_ = true;
  platform::WindowOptions wo;
  wo.width = opts_.width;
  wo.height = opts_.height;
  // Screenshots and the bench render into a real but hidden window, so they
  // exercise the same GL path as the interactive app.
  wo.visible = opts_.exp.screenshot.empty() && opts_.screenshot_dir.empty() &&
               opts_.bench_frames == 0 && !opts_.exp.animating();
  // The bench measures frame cost, not the monitor's refresh rate.
  wo.vsync = opts_.bench_frames == 0;
  if (std::string error; !window_.open(wo, error)) {
    std::fprintf(stderr, "tconv-studio: %s\n", error.c_str());
    return false;
  }
  raster_ = std::make_unique<ui::RasterCache>();
  apply_style_changes();

  const std::filesystem::path assets = platform::find_assets_dir();
  if (!assets.empty()) presets_ = load_preset_dir(assets / "presets");
  settings_.attach(&window_, opts_, state_);  // full screen, settings.json
  // window.tconvState() in the browser: the state as --save-session writes it.
  platform::set_state_source([this] {
    return session_json(model_, SessionShell{state_.view, shell::current_look(state_)});
  });
  return true;
}

void App::shutdown() {
  export_.shutdown();  // its renderer and textures need the GL context still there
  raster_.reset();
  window_.close();  // the backends first, then the window
  if (imgui_ready_) {
    ImGui::DestroyContext();
    imgui_ready_ = false;
  }
}

// [SECTION] Modes

namespace {

// The pacer's clock: only differences matter.
double seconds_now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

}  // namespace

int App::run_interactive() {
  // The browser's run_frames never returns; the desktop's returns on close.
  std::string title;
  platform::run_frames([this, title]() mutable { return interactive_frame(title); });
  return 0;
}

bool App::interactive_frame(std::string& title) {
  if (window_.should_close()) return false;
  int w = 0, h = 0;
  window_.framebuffer_size(w, h);
  if (w == 0 || h == 0) {  // minimised: nothing to draw, do not spin
    window_.wait_events(0.1);
    return true;
  }
  // Nothing moves: sleep until an event (or a deadline) instead of
  // redrawing the same picture (frame_pacer.h). The browser cannot sleep
  // here: it skips the frame and calls again at the event or the deadline.
  const double wait = pacer_.wait_seconds(seconds_now());
  resumed_ = pacer_.idle();
  if (wait > 0 && !window_.wait_events(wait)) return true;
  frame();
  // An export renders its next frame offscreen, between the app's frames.
  export_.tick(export_context());
  const std::string want = "tconv-studio: " + model_.preset_name();
  if (want != title) {
    title = want;
    window_.set_title(title);
  }
  window_.swap();
  platform::frame_shown();
  pacer_.frame_done(activity(), seconds_now());
  return true;
}

int App::run_screenshots() {
  for (const ViewInfo& v : view_table()) {
    state_.view = v.id;
    state_.select_tab = true;
    for (int i = 0; i < kSettleFrames; ++i) frame();
    if (!write_png(opts_.screenshot_dir + "/" + view_name(v.id) + ".png")) return 1;
  }
  return 0;
}

int App::run_export() {
  exporter::Job job;
  std::string error;
  const exporter::Plan plan = exporter::cli_plan(opts_.exp, opts_.width, opts_.height,
                                                 model_.timeline().step, state_.style, state_.view);
  if (!job.start(plan, export_draw(plan), error) || !job.run_to_end(error)) {
    std::fprintf(stderr, "tconv-studio: %s\n", error.c_str());
    return 2;
  }
  // Written, but showing less than the studio would: said, not refused.
  if (const std::string w = job.warning(); !w.empty())
    std::fprintf(stderr, "tconv-studio: warning: %s\n", w.c_str());
  return 0;
}

int App::run_bench() {
  // Playing, one step per frame whatever the frame time: at 2 steps/s most
  // frames would redraw the step before, and every frame must show a new one.
  model_.timeline().playing = true;
  model_.timeline().steps_per_second = 0.f;
  std::vector<double> ms;
  ms.reserve(static_cast<size_t>(opts_.bench_frames));
  int settle = kSettleFrames;  // font texture upload, first layout
  platform::run_frames([this, ms, settle]() mutable {
    Timeline& tl = model_.timeline();
    const auto t0 = std::chrono::steady_clock::now();
    if (settle == 0) tl.scrub((tl.step + 1) % tl.count);
    frame();
    window_.swap();
    window_.finish();  // count the rendering itself, not only its submission
    const auto t1 = std::chrono::steady_clock::now();
    platform::frame_shown();
    if (settle > 0) {
      --settle;
      return true;
    }
    ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
    if (static_cast<int64_t>(ms.size()) < opts_.bench_frames) return true;
    platform::report_result(bench_json(ms));
    return false;
  });
  return 0;
}

std::string App::bench_json(std::vector<double> ms) const {
  std::sort(ms.begin(), ms.end());
  auto pct = [&](double p) {
    const size_t i = static_cast<size_t>(std::ceil(p * static_cast<double>(ms.size()))) - 1;
    return ms[std::min(i, ms.size() - 1)];
  };
  char text[160];
  std::snprintf(text, sizeof text, "{\"frames\":%lld,\"p50_ms\":%.3f,\"p99_ms\":%.3f}",
                static_cast<long long>(ms.size()), pct(0.50), pct(0.99));
  return text;
}

// [SECTION] Screenshot and state

// Exercise mode's part of --dump-state-on-exit, once a question was opened.
std::string App::exercise_state() const {
  const ExerciseSession& ex = state_.exercise;
  if (!ex.question) return "";
  char buf[256];
  std::snprintf(buf, sizeof buf,
                ",\"exercise\":{\"active\":%s,\"kind\":\"%s\",\"level\":%d,\"seed\":%llu,"
                "\"revealed\":%s,\"right\":%d,\"asked\":%d,\"hints\":%zu}",
                ex.active ? "true" : "false", std::string(ex::kind_name(ex.kind)).c_str(), ex.level,
                static_cast<unsigned long long>(ex.seed), ex.revealed() ? "true" : "false",
                ex.right, ex.asked, ex.hints_shown);
  return buf;
}

void App::dump_state() const {
  const Timeline& tl = model_.timeline();
  const Style& style = state_.style;
  std::printf(
      "{\"preset\":\"%s\",\"view\":\"%s\",\"step\":%lld,\"playing\":%s,"
      "\"font_scale\":%.2f,\"dark\":%s,\"colorblind\":%s%s}\n",
      // The step as people count it (from 1), as --step takes it.
      model_.preset_name().c_str(), view_name(state_.view),
      static_cast<long long>(step_number(tl.step)), tl.playing ? "true" : "false", style.font_scale,
      style.dark ? "true" : "false", style.colorblind ? "true" : "false", exercise_state().c_str());
  std::fflush(stdout);
}

bool App::write_png(const std::string& path) {
  int w = 0, h = 0;
  std::vector<uint8_t> rgb;
  if (!window_.read_pixels(w, h, rgb)) {
    std::fprintf(stderr, "tconv-studio: cannot read the window's pixels for %s\n", path.c_str());
    return false;
  }
  exporter::Image img;
  img.width = w;
  img.height = h;
  img.rgba.resize(static_cast<size_t>(w) * static_cast<size_t>(h) * 4, 255);
  for (size_t i = 0; i < static_cast<size_t>(w) * static_cast<size_t>(h); ++i)
    std::copy_n(&rgb[3 * i], 3, &img.rgba[4 * i]);
  std::string error;
  if (!exporter::write_png(img, path, error)) {
    std::fprintf(stderr, "tconv-studio: cannot write the screenshot: %s\n", error.c_str());
    return false;
  }
  // The size was asked for; the display may have limited it.
  if (w != opts_.width || h != opts_.height)
    std::fprintf(stderr, "tconv-studio: note: %s is %dx%d, the display limited --size %dx%d\n",
                 path.c_str(), w, h, opts_.width, opts_.height);
  return true;
}

}  // namespace studio
