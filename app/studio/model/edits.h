// Changes the UI asks of the model. Drawing never changes the model: views
// and panels push edits to an EditQueue while a frame is drawn, and the app
// applies them after the frame (apply_edits), so every window of a frame
// shows one state and no record is rebuilt in the middle of a draw call.
#pragma once

#include <cstdint>
#include <variant>
#include <vector>

#include "model.h"
#include "preset.h"

namespace studio {

struct SetParams {
  Params params;  // checked as Model::set_params checks it
};
struct SetValue {
  Target target;
  std::vector<int64_t> index;  // in the array's own rank
  float value;
};
struct FillValues {
  Target target;
  Fill fill;
  uint64_t seed;
};
struct SelectChannels {
  int64_t n, c_out, c_in;
};
struct ApplyPreset {
  Preset preset;
};
// The transport buttons and keys. StepBack/StepForward stop playback first:
// the user takes over by hand.
enum class TimelineOp { Home, End, StepBack, StepForward, TogglePlay };
struct TimelineAction {
  TimelineOp op;
};
struct Scrub {
  int64_t step;       // clamped to the timeline
  bool stop = false;  // stop playback first (the scrub bar), or not (a click in a view)
};
struct SetSpeed {
  float steps_per_second;
};

using Edit = std::variant<SetParams, SetValue, FillValues, SelectChannels, ApplyPreset,
                          TimelineAction, Scrub, SetSpeed>;

class EditQueue {
 public:
  void push(Edit e) { edits_.push_back(std::move(e)); }
  bool empty() const { return edits_.empty(); }
  size_t size() const { return edits_.size(); }
  const std::vector<Edit>& pending() const { return edits_; }
  // The edits so far, in order; the queue is empty afterwards.
  std::vector<Edit> take();

 private:
  std::vector<Edit> edits_;
};

// What applying a frame's edits did, for the app.
struct EditsApplied {
  bool preset_applied = false;  // a preset loaded: the app shows its view
};

// Applies one edit as the direct model call would (a rejected one leaves its
// message in model.error()); true when the model accepted it.
bool apply_edit(Model& model, const Edit& edit);
// Applies a frame's edits in order.
EditsApplied apply_edits(Model& model, const std::vector<Edit>& edits);

}  // namespace studio
