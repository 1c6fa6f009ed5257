// When the studio draws. A frame costs a whole core under a software
// renderer, so an idle studio (nothing playing, no input, no export) waits
// for events instead of redrawing: every frame while something moves, a few
// more after any input so ImGui settles (hover, popups and tab bars react a
// frame late), then nothing until an event or a deadline (a status message
// that fades, a text cursor that blinks).
//
// The desktop loop sleeps in platform::Window::wait_events(wait_seconds()).
// The browser's loop is driven by requestAnimationFrame and cannot sleep
// inside a frame: there wait_events() pauses the page's loop until an input
// event or the deadline and the frame is skipped (nothing drawn).
#pragma once

#include <imgui.h>

#include <limits>

namespace studio::shell {

// What one frame saw, for FramePacer::frame_done.
struct Activity {
  bool moving = false;       // playback or an export: draw every frame
  bool input = false;        // input arrived (see had_input)
  bool text_cursor = false;  // a text field has the keyboard: its cursor blinks
  // Seconds until something changes by itself (a status message fades);
  // infinity when nothing will.
  double change_in = std::numeric_limits<double>::infinity();
};

// Input in the frame just begun (call after ImGui::NewFrame()): the mouse
// moved or scrolled, a button or key is down or was released, text was
// typed, or the display changed size. `last_display` is the caller's
// memory of the display size, updated here.
bool had_input(const ImGuiIO& io, ImVec2& last_display);

class FramePacer {
 public:
  // `max_wait`: the longest wait, a safety net (platform::max_idle_wait()).
  explicit FramePacer(double max_wait = 5.0) : max_wait_(max_wait) {}

  // Frames drawn after the last input before the studio waits.
  static constexpr int kSettleFrames = 3;
  // A blinking text cursor (ImGui blinks at 1.2 s; 0.4 s keeps it close).
  static constexpr double kBlinkWait = 0.4;

  // After each frame, with the time (seconds, any steady clock).
  void frame_done(const Activity& a, double now);
  // Seconds to wait for events before the next frame; 0: draw now.
  double wait_seconds(double now) const;
  // Whether the last frame found nothing to do (the next one may start
  // after a long wait: its DeltaTime must not move the timeline).
  bool idle() const { return settle_ == 0; }

 private:
  double max_wait_;
  int settle_ = kSettleFrames;
  double wake_at_ = 0.0;
};

}  // namespace studio::shell
