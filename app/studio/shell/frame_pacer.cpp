#include "frame_pacer.h"

#include <algorithm>
#include <iterator>

namespace studio::shell {

bool had_input(const ImGuiIO& io, ImVec2& last_display) {
  bool input = io.MouseDelta.x != 0.f || io.MouseDelta.y != 0.f || io.MouseWheel != 0.f ||
               io.MouseWheelH != 0.f || io.InputQueueCharacters.Size > 0;
  // Held buttons and keys keep frames coming (drags, key repeat); releases
  // end a click, which acts on the frame that sees it.
  for (int b = 0; b < IM_ARRAYSIZE(io.MouseDown); ++b)
    input |= io.MouseDown[b] || io.MouseReleased[b];
  for (int k = 0; k < IM_ARRAYSIZE(io.KeysDown); ++k)
    input |= io.KeysDown[k] || io.KeysDownDurationPrev[k] >= 0.f;
  if (io.DisplaySize.x != last_display.x || io.DisplaySize.y != last_display.y) {
    last_display = io.DisplaySize;
    input = true;
  }
  return input;
}

void FramePacer::frame_done(const Activity& a, double now) {
  if (a.moving || a.input)
    settle_ = kSettleFrames;
  else if (settle_ > 0)
    --settle_;
  double wait = max_wait_;
  if (a.text_cursor) wait = std::min(wait, kBlinkWait);
  wait = std::min(wait, std::max(a.change_in, 0.0));
  wake_at_ = now + wait;
}

double FramePacer::wait_seconds(double now) const {
  if (settle_ > 0) return 0.0;
  return std::max(wake_at_ - now, 0.0);
}

}  // namespace studio::shell
