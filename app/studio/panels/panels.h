// The panels: parameters (panel_params.cpp) and the timeline
// (panel_timeline.cpp). Each draws into the current ImGui window over the
// model and its own state struct, owned by the app.
#pragma once

#include <cstdint>
#include <string>

#include "edits.h"
#include "model.h"
#include "preset.h"
#include "style.h"

namespace studio {

// [SECTION] Parameters.
// UI state of the parameter panel (the model holds everything else).
struct ParamsPanelState {
  bool lock_axes = true;  // "same for both axes"
  std::string lock_for;   // preset the lock was derived from
  int fill = 0;           // index into the fill combo
  uint64_t seed = 0;
};
// What the user changes goes to `edits`: the model changes after the frame.
void DrawParamsPanel(const Model& model, const PresetLibrary& presets, ParamsPanelState& state,
                     const Style& style, EditQueue& edits);

// [SECTION] Timeline.
// The transport controls and the scrub bar at `step` (the timeline's, or an
// export's own), counted in `view`'s unit (steps.h): the bar names the unit,
// and a view without steps gets a line that says so instead of controls.
// What they change goes to `edits`.
void DrawTimelinePanel(const Model& model, int64_t step, ViewId view, const Style& style,
                       EditQueue& edits);
// What step t (counted in `unit`) is: "x[0,0,1,1] = 3" (unbatched:
// "x[0,1,1] = 3") for an input element, "y[0,0,1,1] = 4" for an output cell
// of the selected batch element and output channel.
std::string step_label(const Model& model, int64_t t, StepUnit unit = StepUnit::InputElement);
// The scrub bar's text: "step 2 of 9 · output cell y[0,0,0,1] = 1", the
// step numbered from 1 as everywhere people read it.
std::string step_bar_text(const Model& model, int64_t t, StepUnit unit);
// What the bar says on a view without steps.
std::string no_steps_text(ViewId view);

}  // namespace studio
