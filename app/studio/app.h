// The studio's window and frame loop: GLFW + OpenGL 3.3 + Dear ImGui, the
// fixed layout, and the non-interactive modes (screenshots, frame bench).
#pragma once

#include <string>

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
  int run_bench();

  // One frame into the back buffer (no swap): events, pending style
  // changes, ImGui frame, timeline advance, UI, render.
  void frame();
  void apply_style_changes();
  void handle_app_keys();
  void draw_ui();
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
  bool save_png_ = false;   // F12 pressed: write the next frame
  int saved_pngs_ = 0;

  GLFWwindow* window_ = nullptr;
  bool imgui_ready_ = false;
  float fonts_scale_ = 0.0f;  // scale the atlas was built for
  bool themed_dark_ = false, themed_colorblind_ = false;
  float themed_scale_ = 0.0f;
};

}  // namespace studio
