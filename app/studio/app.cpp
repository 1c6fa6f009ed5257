// The studio's window, frame loop and layout. Structure follows ImGui's
// example_glfw_opengl3: init, loop, shutdown in reverse order.
#include "app.h"

// glad first: it replaces the system GL header GLFW would otherwise pull in.
#include <glad/gl.h>
// clang-format off
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
// clang-format on
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <stb_image_write.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <vector>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "export_options.h"
#include "preset.h"
#include "shell_panels.h"
#include "shell_session.h"
#include "shell_style.h"

namespace studio {

namespace {

// [SECTION] Constants and helpers

// Frames rendered before a screenshot: ImGui sizes auto-fit windows, tables
// and tab bars from the previous frame, so the first frames are not final.
constexpr int kSettleFrames = 4;
constexpr float kFontStep = 0.25f;

constexpr ViewId kViews[] = {ViewId::Scatter, ViewId::Flip,  ViewId::Arithmetic,
                             ViewId::Matrix,  ViewId::Shape, ViewId::Overlap};

struct ViewInfo {
  ViewId id;
  const char* tab;    // tab label
  const char* title;  // window title in the layout
  int key;            // number key that selects it
};
// Tab order follows the teaching order: what it does (scatter), why it is a
// convolution (flip, arithmetic), the matrix, then sizes and artifacts.
constexpr ViewInfo kViewInfo[] = {
    {ViewId::All, "All", "", GLFW_KEY_0},
    // Titles fit a tile of the 1280×800 `all` grid (about 310 px).
    {ViewId::Scatter, "Scatter", "Scatter: x · K, summed###scatter", GLFW_KEY_1},
    {ViewId::Flip, "Flip", "Flip: K rotated 180°###flip", GLFW_KEY_2},
    {ViewId::Arithmetic, "Arithmetic", "Arithmetic: direct conv###arith", GLFW_KEY_3},
    {ViewId::Matrix, "Matrix", "Matrix: y = Wᵀx###matrix", GLFW_KEY_4},
    {ViewId::Shape, "Shape", "Shape: output size###shape", GLFW_KEY_5},
    {ViewId::Overlap, "Overlap", "Overlap: taps per cell###overlap", GLFW_KEY_6},
};

const ViewInfo& info(ViewId v) {
  for (const ViewInfo& i : kViewInfo)
    if (i.id == v) return i;
  return kViewInfo[0];
}

bool shown(const ShowFlags& s, ViewId v) {
  switch (v) {
    case ViewId::Scatter:
      return s.scatter;
    case ViewId::Arithmetic:
      return s.arithmetic;
    case ViewId::Matrix:
      return s.matrix;
    case ViewId::Flip:
      return s.flip;
    case ViewId::Shape:
      return s.shape;
    case ViewId::Overlap:
      return s.overlap;
    case ViewId::All:
      return true;
  }
  return false;
}

bool* shown_flag(ShowFlags& s, ViewId v) {
  switch (v) {
    case ViewId::Scatter:
      return &s.scatter;
    case ViewId::Arithmetic:
      return &s.arithmetic;
    case ViewId::Matrix:
      return &s.matrix;
    case ViewId::Flip:
      return &s.flip;
    case ViewId::Shape:
      return &s.shape;
    case ViewId::Overlap:
      return &s.overlap;
    case ViewId::All:
      return nullptr;
  }
  return nullptr;
}

void draw_view_body(ViewId v, Model& model, const Style& style) {
  switch (v) {
    case ViewId::Scatter:
      DrawScatterView(model, style);
      break;
    case ViewId::Arithmetic:
      DrawArithmeticView(model, style);
      break;
    case ViewId::Matrix:
      DrawMatrixView(model, style);
      break;
    case ViewId::Flip:
      DrawFlipView(model, style);
      break;
    case ViewId::Shape:
      DrawShapeView(model, style);
      break;
    case ViewId::Overlap:
      DrawOverlapView(model, style);
      break;
    case ViewId::All:
      break;
  }
}

// Fixed tiles: placed by the layout every frame, never moved by the user.
// No background of their own: the frame is cleared to the same colour
// (WindowBg is palette.background), and a software renderer such as
// llvmpipe pays for every pixel a tile background would blend again.
constexpr ImGuiWindowFlags kTileFlags =
    ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse |
    ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus |
    ImGuiWindowFlags_NoBackground;

bool begin_tile(const char* title, const shell::Rect& r, ImGuiWindowFlags extra = 0) {
  ImGui::SetNextWindowPos(r.pos);
  ImGui::SetNextWindowSize(r.size);
  const bool open = ImGui::Begin(title, nullptr, kTileFlags | extra);
  // ImGui 1.86 draws no border around a window without a background: the
  // same border, drawn here before any content as Begin would.
  const float border = ImGui::GetStyle().WindowBorderSize;
  if (border > 0.f) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 p = ImGui::GetWindowPos(), s = ImGui::GetWindowSize();
    dl->PushClipRectFullScreen();
    dl->AddRect(p, {p.x + s.x, p.y + s.y}, ImGui::GetColorU32(ImGuiCol_Border), 0.f, 0, border);
    dl->PopClipRect();
  }
  return open;
}

std::string g_glfw_error;  // GLFW reports through a C callback
void glfw_error_callback(int, const char* description) {
  g_glfw_error = description;
}

bool has_display() {
  const char* x11 = std::getenv("DISPLAY");
  const char* wayland = std::getenv("WAYLAND_DISPLAY");
  return (x11 && *x11) || (wayland && *wayland);
}

void no_display_message(const std::string& why) {
  std::fprintf(stderr,
               "tconv-studio: no display (%s); run it under a virtual one: "
               "xvfb-run -a tconv-studio [flags]\n",
               why.c_str());
}

}  // namespace

// [SECTION] Life cycle

App::App(Model& model, const shell::Options& opts) : model_(model), opts_(opts) {
  view_ = opts.view.value_or(ViewId::All);
  style_.dark = !opts.light;
  style_.font_scale = opts.font_scale;
  style_.colorblind = opts.presenter.colorblind;
  style_.palette = make_palette(style_.dark, style_.colorblind);
}

App::~App() {
  shutdown();
}

int App::run() {
  if (!has_display()) {
    no_display_message("DISPLAY is not set");
    return 2;
  }
  if (!init()) return 2;
  int rc = 0;
  if (exporter::cli_exports(opts_))
    rc = run_export();
  else if (!opts_.screenshot.empty() || !opts_.screenshot_dir.empty())
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
#ifdef __GLIBC__
  // ImGui's GL3 backend uploads every window's vertices each frame into new
  // buffer storage: with glibc's defaults the freed top of the heap goes
  // back to the kernel and is faulted in again next frame (about 15% of a
  // frame under llvmpipe). Keep freed memory, up to 128 MiB, for reuse.
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 128 << 20);
#endif
  glfwSetErrorCallback(glfw_error_callback);
  if (!glfwInit()) {
    no_display_message(g_glfw_error.empty() ? "GLFW could not start" : g_glfw_error);
    return false;
  }
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
  // Screenshots and the bench render into a real but hidden window, so they
  // exercise the same GL path as the interactive app.
  const bool interactive = opts_.screenshot.empty() && opts_.screenshot_dir.empty() &&
                           opts_.bench_frames == 0 && !opts_.exp.animating();
  glfwWindowHint(GLFW_VISIBLE, interactive ? GLFW_TRUE : GLFW_FALSE);
  window_ = glfwCreateWindow(opts_.width, opts_.height, "tconv-studio", nullptr, nullptr);
  if (!window_) {
    std::fprintf(stderr, "tconv-studio: cannot open an OpenGL 3.3 core window (%s)\n",
                 g_glfw_error.c_str());
    glfwTerminate();
    return false;
  }
  glfwMakeContextCurrent(window_);
  // The bench measures frame cost, not the monitor's refresh rate.
  glfwSwapInterval(opts_.bench_frames > 0 ? 0 : 1);
  if (!gladLoadGL(glfwGetProcAddress)) {
    std::fprintf(stderr, "tconv-studio: cannot load OpenGL 3.3 functions\n");
    glfwDestroyWindow(window_);
    window_ = nullptr;
    glfwTerminate();
    return false;
  }

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // the layout is computed, nothing to remember
  ImGui_ImplGlfw_InitForOpenGL(window_, true);
  ImGui_ImplOpenGL3_Init("#version 330 core");
  imgui_ready_ = true;
  apply_style_changes();

  const std::filesystem::path assets = find_assets_dir();
  if (!assets.empty()) shell::set_panel_presets(load_preset_dir(assets / "presets"));
  shell::session_attach(window_, opts_);  // full screen, settings.json
  return true;
}

void App::shutdown() {
  export_.shutdown();  // its renderer needs the GL context still there
  if (imgui_ready_) {
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    imgui_ready_ = false;
  }
  if (window_) {
    glfwDestroyWindow(window_);
    window_ = nullptr;
    glfwTerminate();
  }
}

// [SECTION] Modes

int App::run_interactive() {
  std::string title;
  while (!glfwWindowShouldClose(window_)) {
    int w = 0, h = 0;
    glfwGetFramebufferSize(window_, &w, &h);
    if (w == 0 || h == 0) {  // minimised: nothing to draw, do not spin
      glfwWaitEventsTimeout(0.1);
      continue;
    }
    frame();
    // An export renders its next frame offscreen, between the app's frames.
    export_.tick({model_, view_, style_},
                 [this](const exporter::Plan& p, int64_t t) { draw_export(p, t); });
    const std::string want = "tconv-studio: " + model_.preset_name();
    if (want != title) {
      title = want;
      glfwSetWindowTitle(window_, title.c_str());
    }
    glfwSwapBuffers(window_);
  }
  return 0;
}

int App::run_screenshots() {
  auto shoot = [&](ViewId v, const std::string& path) {
    view_ = v;
    select_tab_ = true;
    for (int i = 0; i < kSettleFrames; ++i) frame();
    return write_png(path);
  };
  if (!opts_.screenshot.empty()) return shoot(view_, opts_.screenshot) ? 0 : 1;

  for (const ViewInfo& v : kViewInfo) {
    const std::string path = opts_.screenshot_dir + "/" + view_name(v.id) + ".png";
    if (!shoot(v.id, path)) return 1;
  }
  return 0;
}

int App::run_export() {
  exporter::Job job;
  std::string error;
  const exporter::Plan plan = exporter::cli_plan(opts_, model_, style_, view_);
  const auto draw = [this](const exporter::Plan& p, int64_t t) { draw_export(p, t); };
  if (!job.start(plan, error) || !job.run_to_end(draw, error)) {
    std::fprintf(stderr, "tconv-studio: %s\n", error.c_str());
    return 2;
  }
  return 0;
}

int App::run_bench() {
  // Playing, one step per frame whatever the frame time: at 2 steps/s most
  // frames would redraw the step before, and every frame must show a new one.
  Timeline& tl = model_.timeline();
  tl.playing = true;
  tl.steps_per_second = 0.f;
  for (int i = 0; i < kSettleFrames; ++i) {  // font texture upload, first layout
    frame();
    glfwSwapBuffers(window_);
  }
  std::vector<double> ms;
  ms.reserve(static_cast<size_t>(opts_.bench_frames));
  for (int64_t i = 0; i < opts_.bench_frames; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    tl.scrub((tl.step + 1) % tl.count);
    frame();
    glfwSwapBuffers(window_);
    glFinish();  // count the rendering itself, not only its submission
    const auto t1 = std::chrono::steady_clock::now();
    ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
  }
  std::sort(ms.begin(), ms.end());
  auto pct = [&](double p) {
    const size_t i = static_cast<size_t>(std::ceil(p * static_cast<double>(ms.size()))) - 1;
    return ms[std::min(i, ms.size() - 1)];
  };
  std::printf("{\"frames\":%lld,\"p50_ms\":%.3f,\"p99_ms\":%.3f}\n",
              static_cast<long long>(opts_.bench_frames), pct(0.50), pct(0.99));
  return 0;
}

// [SECTION] Frame

void App::frame() {
  glfwPollEvents();
  apply_style_changes();  // fonts and colours change between frames only

  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  ImGui::NewFrame();

  handle_app_keys();
  shell::session_keys();  // F11
  shell::timeline_keys(model_);
  if (shell::take_preset_applied() && model_.preset_view()) {
    view_ = *model_.preset_view();
    select_tab_ = true;
  }
  // Once per frame, before any view draws, so every view shows the same step.
  model_.timeline().advance(ImGui::GetIO().DeltaTime);
  draw_ui();
  export_.draw_status();

  ImGui::Render();
  int w = 0, h = 0;
  glfwGetFramebufferSize(window_, &w, &h);
  glViewport(0, 0, w, h);
  const ImVec4 bg = ImGui::ColorConvertU32ToFloat4(style_.palette.background);
  glClearColor(bg.x, bg.y, bg.z, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  shell::session_end_frame(style_);  // full screen changes, settings.json
}

void App::draw_export(const exporter::Plan& plan, int64_t step) {
  // The export's own ImGui context is current; the app's state is borrowed
  // for one draw_ui() and put back, so the window on screen is untouched.
  const ViewId view = view_;
  const bool select = select_tab_;
  const ShowFlags show = show_;
  const Style style = style_;
  const Timeline timeline = model_.timeline();
  const Hover hover = model_.hover();
  view_ = plan.view;
  select_tab_ = true;  // the export context's tab bar shows plan.view
  style_ = plan.render.style;
  exporting_ = true;
  bare_ = plan.only_view;
  if (plan.only_view) show_.params = show_.timeline = false;
  model_.set_hover({});  // exports show no hover highlight
  model_.timeline().scrub(step);
  draw_ui();
  model_.timeline() = timeline;
  model_.set_hover(hover);
  view_ = view;
  select_tab_ = select;
  show_ = show;
  style_ = style;
  exporting_ = bare_ = false;
}

void App::apply_style_changes() {
  style_.font_scale = std::clamp(style_.font_scale, shell::kMinFontScale, shell::kMaxFontScale);
  if (style_.font_scale != fonts_scale_) {
    const bool had_texture = fonts_scale_ > 0;
    shell::rebuild_fonts(style_.font_scale);
    // Before the first frame the backend creates the texture itself.
    if (had_texture) {
      ImGui_ImplOpenGL3_DestroyFontsTexture();
      ImGui_ImplOpenGL3_CreateFontsTexture();
    }
    fonts_scale_ = style_.font_scale;
  }
  if (themed_scale_ != style_.font_scale || themed_dark_ != style_.dark ||
      themed_colorblind_ != style_.colorblind) {
    shell::apply_theme(style_);
    themed_scale_ = style_.font_scale;
    themed_dark_ = style_.dark;
    themed_colorblind_ = style_.colorblind;
  }
}

void App::handle_app_keys() {
  const ImGuiIO& io = ImGui::GetIO();
  // Ctrl +/−/0: presenter font size (GLFW key codes index io.KeysDown in 1.86).
  if (io.KeyCtrl) {
    if (ImGui::IsKeyPressed(GLFW_KEY_Q, false)) glfwSetWindowShouldClose(window_, GLFW_TRUE);
    // Ctrl+S: a PNG; Ctrl+Shift+S: the animation, both as set in the ⇩ popup.
    if (ImGui::IsKeyPressed(GLFW_KEY_S, false)) {
      if (io.KeyShift)
        export_.request_animation();
      else
        export_.request_png();
    }
    // No key repeat: each step rebuilds the font atlas.
    if (ImGui::IsKeyPressed(GLFW_KEY_EQUAL, false) || ImGui::IsKeyPressed(GLFW_KEY_KP_ADD, false))
      style_.font_scale += kFontStep;
    if (ImGui::IsKeyPressed(GLFW_KEY_MINUS, false) ||
        ImGui::IsKeyPressed(GLFW_KEY_KP_SUBTRACT, false))
      style_.font_scale -= kFontStep;
    if (ImGui::IsKeyPressed(GLFW_KEY_0) || ImGui::IsKeyPressed(GLFW_KEY_KP_0))
      style_.font_scale = 1.0f;
    return;
  }
  // F12 (and Ctrl+S) save the window as a PNG in the export folder.
  if (ImGui::IsKeyPressed(GLFW_KEY_F12, false)) export_.request_png();
  if (io.WantTextInput) return;
  // P and T make room for the views on a small projector.
  if (ImGui::IsKeyPressed(GLFW_KEY_P, false)) show_.params = !show_.params;
  if (ImGui::IsKeyPressed(GLFW_KEY_T, false)) show_.timeline = !show_.timeline;
  for (const ViewInfo& v : kViewInfo) {
    if (ImGui::IsKeyPressed(v.key, false)) {
      view_ = v.id;
      select_tab_ = true;
    }
  }
}

// [SECTION] Layout and windows

void App::draw_ui() {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const ImGuiStyle& s = ImGui::GetStyle();
  const float fh = ImGui::GetFrameHeight();

  shell::LayoutInput in;
  in.origin = vp->WorkPos;
  in.size = vp->WorkSize;
  in.top_height = bare_ ? 0.0f : fh + 2 * s.WindowPadding.y;
  // Grows with the text, but never past 40% of the window: the views are
  // the point.
  in.params_width = std::min(std::round(340.0f * style_.font_scale), 0.4f * vp->WorkSize.x);
  // Two rows: the transport controls, then the scrub slider.
  in.timeline_height = 2 * fh + s.ItemSpacing.y + 2 * s.WindowPadding.y;
  in.show_params = show_.params;
  in.show_timeline = show_.timeline;

  std::vector<ViewId> views;
  if (view_ == ViewId::All) {
    for (ViewId v : kViews)
      if (shown(show_, v)) views.push_back(v);
  } else {
    views.push_back(view_);
  }
  in.views = static_cast<int>(views.size());
  const shell::Layout layout = shell::compute_layout(in);

  if (!bare_) draw_top_bar(layout.top);
  if (!layout.params.empty()) {
    if (begin_tile("Parameters###params", layout.params)) DrawParamsPanel(model_, style_);
    ImGui::End();
  }
  if (!layout.timeline.empty()) {
    if (begin_tile("##timeline", layout.timeline, ImGuiWindowFlags_NoTitleBar))
      DrawTimelinePanel(model_, style_);
    ImGui::End();
  }
  for (size_t i = 0; i < views.size(); ++i) draw_view(views[i], layout.tiles[i]);
  if (views.empty() && begin_tile("##noviews", layout.views, ImGuiWindowFlags_NoTitleBar)) {
    ImGui::TextWrapped("No view is shown: tick some under ⚙ in the bar above.");
  }
  if (views.empty()) ImGui::End();
}

void App::draw_view(ViewId v, const shell::Rect& r) {
  // Export frames use their own window IDs, so per-window state the views
  // keep (the matrix's pan and zoom) is not shared with the window on screen.
  const std::string title = std::string(info(v).title) + (exporting_ ? "-export" : "");
  if (begin_tile(title.c_str(), r)) draw_view_body(v, model_, style_);
  ImGui::End();
}

void App::draw_top_bar(const shell::Rect& r) {
  const bool open = begin_tile("##top", r,
                               ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoScrollbar |
                                   ImGuiWindowFlags_NoScrollWithMouse);
  if (!open) {
    ImGui::End();
    return;
  }
  if (ImGui::BeginTable("##bar", 2, ImGuiTableFlags_SizingFixedFit)) {
    ImGui::TableSetupColumn("views", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn("settings", ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableNextColumn();

    // [view tabs]
    if (ImGui::BeginTabBar("##views", ImGuiTabBarFlags_FittingPolicyScroll)) {
      for (const ViewInfo& v : kViewInfo) {
        const ImGuiTabItemFlags flags =
            select_tab_ && v.id == view_ ? ImGuiTabItemFlags_SetSelected : 0;
        const bool selected = ImGui::BeginTabItem(v.tab, nullptr, flags);
        if (ImGui::IsItemHovered())
          ImGui::SetTooltip("key %c", static_cast<char>('0' + (v.key - GLFW_KEY_0)));
        if (selected) {
          if (!select_tab_) view_ = v.id;
          ImGui::EndTabItem();
        }
      }
      ImGui::EndTabBar();
      select_tab_ = false;
    }

    // [display settings] Only the text size stays on the bar (it is what a
    // presenter reaches for); the rest sits in one popup so the tabs keep
    // their room at large font scales.
    ImGui::TableNextColumn();
    const float inner = ImGui::GetStyle().ItemInnerSpacing.x;
    shell::draw_session_buttons(model_, view_, select_tab_, style_);  // PyTorch, Session
    ImGui::SameLine();
    if (ImGui::Button("A−")) style_.font_scale -= kFontStep;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("smaller text (Ctrl −)");
    ImGui::SameLine(0, inner);
    if (ImGui::Button("A+")) style_.font_scale += kFontStep;
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("larger text (Ctrl +); %d%% now, Ctrl 0 resets",
                        static_cast<int>(std::lround(style_.font_scale * 100)));
    ImGui::SameLine();
    export_.draw_button({model_, view_, style_});
    ImGui::SameLine();
    if (ImGui::Button("⚙")) ImGui::OpenPopup("##display");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("display: theme, palette, text size, panels");
    if (ImGui::BeginPopup("##display")) {
      if (ImGui::RadioButton("dark", style_.dark)) style_.dark = true;
      ImGui::SameLine();
      if (ImGui::RadioButton("light", !style_.dark)) style_.dark = false;
      ImGui::Checkbox("colour-blind safe palette", &style_.colorblind);
      shell::draw_fullscreen_item();
      ImGui::SetNextItemWidth(ImGui::GetFontSize() * 10);
      if (ImGui::SliderFloat("text size", &style_.font_scale, shell::kMinFontScale,
                             shell::kMaxFontScale, "%.2f×", ImGuiSliderFlags_AlwaysClamp))
        // Quarter steps: the atlas is rebuilt only when the value really moves.
        style_.font_scale = std::round(style_.font_scale / kFontStep) * kFontStep;
      ImGui::Separator();
      ImGui::Checkbox("parameter panel (P)", &show_.params);
      ImGui::Checkbox("timeline (T)", &show_.timeline);
      ImGui::TextDisabled("views in All:");
      for (ViewId v : kViews) ImGui::Checkbox(info(v).tab, shown_flag(show_, v));
      ImGui::EndPopup();
    }
    ImGui::SameLine();
    ImGui::TextDisabled("(?)");
    if (ImGui::IsItemHovered()) {
      ImGui::BeginTooltip();
      ImGui::TextUnformatted(
          "Space  play / pause\n"
          "← →  step back / forward\n"
          "Home End  first / last step\n"
          "0 – 6  all views / one view\n"
          "P, T  parameter panel, timeline on / off\n"
          "Ctrl + / Ctrl −  text size, Ctrl 0 resets\n"
          "Ctrl S, F12  save a PNG of the window in the export folder (⇩)\n"
          "Ctrl Shift S  export the animation set up under ⇩\n"
          "F11  full screen on / off\n"
          "Ctrl Q  quit\n"
          "Click a cell to edit its value; hover to follow it through every view.");
      ImGui::EndTooltip();
    }
    ImGui::EndTable();
  }
  ImGui::End();
}

// [SECTION] Screenshot and state

void App::dump_state() const {
  const Timeline& tl = model_.timeline();
  std::printf(
      "{\"preset\":\"%s\",\"view\":\"%s\",\"step\":%lld,\"playing\":%s,"
      "\"font_scale\":%.2f,\"dark\":%s,\"colorblind\":%s}\n",
      model_.preset_name().c_str(), view_name(view_), static_cast<long long>(tl.step),
      tl.playing ? "true" : "false", style_.font_scale, style_.dark ? "true" : "false",
      style_.colorblind ? "true" : "false");
  std::fflush(stdout);
}

bool App::write_png(const std::string& path) {
  int w = 0, h = 0;
  glfwGetFramebufferSize(window_, &w, &h);
  std::vector<unsigned char> pixels(static_cast<size_t>(w) * static_cast<size_t>(h) * 3);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadBuffer(GL_BACK);
  glReadPixels(0, 0, w, h, GL_RGB, GL_UNSIGNED_BYTE, pixels.data());
  stbi_flip_vertically_on_write(1);  // GL's rows start at the bottom
  if (!stbi_write_png(path.c_str(), w, h, 3, pixels.data(), w * 3)) {
    std::fprintf(stderr, "tconv-studio: cannot write the screenshot %s\n", path.c_str());
    return false;
  }
  // In screenshot modes the size was asked for; interactively the user may
  // have resized the window on purpose.
  const bool asked = !opts_.screenshot.empty() || !opts_.screenshot_dir.empty();
  if (asked && (w != opts_.width || h != opts_.height))
    std::fprintf(stderr, "tconv-studio: note: %s is %dx%d, the display limited --size %dx%d\n",
                 path.c_str(), w, h, opts_.width, opts_.height);
  return true;
}

}  // namespace studio
