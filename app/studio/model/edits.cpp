// Applying the UI's edits to the model (see edits.h).
#include "edits.h"

#include <utility>

namespace studio {

namespace {

void apply_timeline(Timeline& tl, TimelineOp op) {
  if (!tl.has_steps) return;  // a view without steps: nothing to move or play
  switch (op) {
    case TimelineOp::Home:
      tl.home();
      break;
    case TimelineOp::End:
      tl.end();
      break;
    case TimelineOp::StepBack:
      tl.playing = false;
      tl.prev();
      break;
    case TimelineOp::StepForward:
      tl.playing = false;
      tl.next();
      break;
    case TimelineOp::TogglePlay:
      tl.playing = !tl.playing;
      break;
  }
}

// One overload per edit, for std::visit.
struct Apply {
  Model& m;
  bool operator()(const SetParams& e) const { return m.set_params(e.params); }
  bool operator()(const SetValue& e) const { return m.set_value(e.target, e.index, e.value); }
  bool operator()(const FillValues& e) const {
    m.fill(e.target, e.fill, e.seed);
    return true;
  }
  bool operator()(const SelectChannels& e) const {
    m.select(e.n, e.c_out, e.c_in);
    return true;
  }
  bool operator()(const ApplyPreset& e) const { return m.apply_preset(e.preset); }
  bool operator()(const TimelineAction& e) const {
    apply_timeline(m.timeline(), e.op);
    return true;
  }
  bool operator()(const Scrub& e) const {
    if (e.stop) m.timeline().playing = false;
    if (m.timeline().has_steps) m.timeline().scrub(e.step);
    return true;
  }
  bool operator()(const SetSpeed& e) const {
    m.timeline().steps_per_second = e.steps_per_second;
    return true;
  }
};

}  // namespace

std::vector<Edit> EditQueue::take() {
  return std::exchange(edits_, {});
}

bool apply_edit(Model& model, const Edit& edit) {
  return std::visit(Apply{model}, edit);
}

EditsApplied apply_edits(Model& model, const std::vector<Edit>& edits) {
  EditsApplied out;
  for (const Edit& e : edits) {
    const bool ok = apply_edit(model, e);
    if (ok && std::holds_alternative<ApplyPreset>(e)) out.preset_applied = true;
  }
  return out;
}

}  // namespace studio
