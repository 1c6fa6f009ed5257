// The studio's window and frame loop: GLFW + OpenGL 3.3 + Dear ImGui, the
// fixed layout, and the non-interactive modes (screenshots, frame bench).
#pragma once

#include <string>

#include "export_ui.h"
#include "model.h"
#include "shell_cli.h"
#include "shell_layout.h"
#include "views.h"

struct GLFWwindow;

namespace studio {

class App {
 public:
  App(Model& model, const shell::Options& opts);
  App(const App&) = delete;
  App& operator=(const App&) = delete;
  ~App();

  // Opens the window and runs the chosen mode; returns the exit code
  // (2 without a display, with one line saying to use xvfb-run).
  int run();

 private:
  bool init();
  void shutdown();

  int run_interactive();
  int run_screenshots();
  int run_export();  // --screenshot, --export-gif, --export-frames
  int run_bench();

  // One frame into the back buffer (no swap): events, pending style
  // changes, ImGui frame, timeline advance, UI, render.
  void frame();
  void apply_style_changes();
  void handle_app_keys();
  void draw_ui();
  // One exported frame (export_job.h's DrawFn): the same UI at `step`, in
  // the export's ImGui context; what it changes is put back.
  void draw_export(const exporter::Plan& plan, int64_t step);
  void draw_top_bar(const shell::Rect& r);
  void draw_view(ViewId v, const shell::Rect& r);
  bool write_png(const std::string& path);
  void dump_state() const;

  Model& model_;
  shell::Options opts_;
  Style style_;
  ShowFlags show_;
  ViewId view_ = ViewId::All;
  bool select_tab_ = true;  // make the tab bar follow view_ on the next frame
  exporter::ExportPanel export_;  // Ctrl+S, the export popup, running exports
  bool exporting_ = false;         // drawing an export frame
  bool bare_ = false;              // ... of the views alone (no bar, panels)

  GLFWwindow* window_ = nullptr;
  bool imgui_ready_ = false;
  float fonts_scale_ = 0.0f;  // scale the atlas was built for
  bool themed_dark_ = false, themed_colorblind_ = false;
  float themed_scale_ = 0.0f;
};

}  // namespace studio
