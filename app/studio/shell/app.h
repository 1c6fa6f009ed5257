// The studio's frame loop on a platform::Window with Dear ImGui: the fixed
// layout, the top bar, and the non-interactive modes (screenshots, exports,
// frame bench). App owns the UI state (UiState), the derived-values cache
// and the window's raster textures; an export draws from its own copy of the
// UI state and its own textures.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "derived.h"
#include "draw.h"
#include "edits.h"
#include "export_ui.h"
#include "frame_pacer.h"
#include "keymap.h"
#include "model.h"
#include "preset.h"
#include "raster.h"
#include "shell_cli.h"
#include "shell_layout.h"
#include "shell_session.h"
#include "ui_state.h"
#include "window.h"

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
  // [SECTION] Life cycle and modes (app.cpp)
  bool init();
  void shutdown();
  int run_interactive();
  bool interactive_frame(std::string& title);  // false once the window closed
  int run_screenshots();                       // --screenshot-all-views
  int run_export();                            // --screenshot, --export-gif, --export-frames
  int run_bench();
  std::string bench_json(std::vector<double> ms) const;  // frames, p50_ms, p99_ms
  bool write_png(const std::string& path);
  void dump_state() const;
  std::string exercise_state() const;

  // [SECTION] Frames (app_frame.cpp)
  // One frame into the back buffer (no swap): events, pending style
  // changes, keys, ImGui frame, timeline advance, UI, render.
  void frame();
  void apply_style_changes();
  // Keys through the key table (keymap.h); the blank screen first.
  void handle_keys();
  void run_command(const shell::KeyBinding& b);
  // What the frame just drawn saw, for the pacer.
  shell::Activity activity() const;
  void after_frame();  // what the frame asked for, now that it is drawn
  // The exercise panel's requests, carried out (exercise_session.h); the
  // view and highlight a reveal asks for.
  void apply_exercise(bool animate);
  static void toggle_exercise(ExerciseSession& ex);  // key E, the bar's button
  // Where a frame draws from and what it asks for: the window's (state_,
  // raster_, edits_) or an export's (its copies, edits dropped).
  struct Frame {
    UiState& state;
    ui::RasterCache* raster;
    int64_t step;        // the timeline step drawn
    EditQueue& edits;    // applied to the model after the frame
    bool window = true;  // the window's frame, or an export of the whole window
  };
  // The whole UI into the current ImGui context. Never changes the model.
  void draw_ui(const Frame& f);
  void draw_view(const Frame& f, const ViewInfo& v, const shell::Rect& r);
  void draw_side_panel(const Frame& f, const shell::Rect& r);
  // An export's frames: a copy of the UI state taken now, adjusted to the
  // plan (view, style, the views alone, no hover), with its own textures.
  exporter::DrawFn export_draw(const exporter::Plan& plan);
  // What an exported frame's log says: a refusal, or a warning.
  static exporter::FrameReport frame_report(const UiState& state, const ui::FrameLog& log);
  exporter::UiContext export_context();

  // [SECTION] Top bar (top_bar.cpp)
  void draw_top_bar(const Frame& f, const shell::Rect& r);
  void draw_display_popup(UiState& state);

  Model& model_;
  shell::Options opts_;
  UiState state_;
  EditQueue edits_;  // what the window's frame asks of the model
  DerivedCache derived_;
  PresetLibrary presets_;
  shell::SettingsKeeper settings_;
  exporter::ExportPanel export_;  // Ctrl+S, the export popup, running exports

  platform::Window window_;
  std::unique_ptr<ui::RasterCache> raster_;  // the window's; freed before the window
  bool imgui_ready_ = false;
  float fonts_scale_ = 0.0f;  // scale the atlas was built for
  float fonts_ratio_ = 1.0f;  // and the window's pixel ratio then
  bool themed_dark_ = false, themed_colorblind_ = false;
  float themed_scale_ = 0.0f;

  // [pacing] an idle studio waits for events (frame_pacer.h)
  shell::FramePacer pacer_{platform::max_idle_wait()};
  ImVec2 last_display_{0, 0};
  bool frame_input_ = false;  // the frame just drawn saw input
  bool resumed_ = false;      // this frame follows a wait: its DeltaTime is idle time
};

}  // namespace studio
