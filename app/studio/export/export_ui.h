// The studio's export UI: a button in the top bar opening an export popup
// (folder, scale, transparency, window or view; an animation's view, steps,
// delay and format), Ctrl+S / F12 for a PNG of what is on screen, and a
// status window with progress, Cancel and where the file went. The work is
// done by exporter::Job, one rendered frame per UI frame.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "export_job.h"
#include "model.h"
#include "style.h"

namespace studio::exporter {

// What the panel reads from the app each frame.
struct UiContext {
  Model& model;
  ViewId view;         // the tab on screen
  const Style& style;  // what exports are drawn with
  // The frames' drawing for a plan, from a copy of the app's UI state taken
  // now (export_job.h's DrawFn).
  std::function<DrawFn(const Plan&)> make_draw;
};

class ExportPanel {
 public:
  // The top bar's export button and its popup.
  void draw_button(const UiContext& cx);
  // Bottom right: progress and Cancel while an export runs, then where it
  // was written (a few seconds) or what went wrong (until dismissed).
  void draw_status();
  // Ctrl+S / F12: the current view and step as a PNG, with the popup's
  // folder, scale, transparency and region.
  void request_png() { png_requested_ = true; }
  // Ctrl+Shift+S: the animation as set up in the popup.
  void request_animation() { anim_requested_ = true; }
  // Starts what was asked and renders one frame of a running export. Once
  // per UI frame, after the app's own frame, on the GL thread.
  void tick(const UiContext& cx);
  // Cancels a running export (its temporaries go); before GL shuts down.
  void shutdown();
  // An export asked for or running: the app draws every frame.
  bool busy() const { return png_requested_ || anim_requested_ || watching_ || job_.running(); }
  // Seconds until the status line fades (infinity when none shows).
  double status_change_in() const;

 private:
  void draw_picture_settings(const UiContext& cx, bool busy);
  void draw_animation_settings(const UiContext& cx, bool busy);
  void start(const UiContext& cx, bool animation);
  bool resolve_folder(std::string& folder, std::string& note);
  void show(const std::string& text, bool error);

  // [settings] kept for the session
  std::string folder_;  // "" until first shown: the default is filled in then
  int scale_ = 2;
  bool transparent_ = false;
  bool only_view_ = false;
  int anim_view_ = -1;          // index into the views; -1: the tab on screen
  int64_t from_ = 1, to_ = -1;  // step numbers, from 1; to_ < 0: the last step
  int delay_ms_ = kDefaultDelayMs;
  bool gif_ = true;

  // [requests and the running export]
  bool png_requested_ = false, anim_requested_ = false;
  Job job_;
  bool watching_ = false;  // job_ was running last tick
  std::string note_;       // said with the result (a fallback folder)
  uint64_t revision_ = 0;  // the model's state the export started from
  int64_t sel_[3] = {0, 0, 0};

  // [status]
  std::string status_;
  bool status_error_ = false;
  double status_until_ = 0.0;
};

}  // namespace studio::exporter
