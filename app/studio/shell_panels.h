// Shell-only parts of the panels (panel_params.cpp, panel_timeline.cpp) that
// the app loop calls outside the panels' own windows.
#pragma once

#include <string>
#include <vector>

#include "model.h"
#include "preset.h"
#include "views.h"

namespace studio::shell {

// The presets the params panel's combo offers (set once by the app).
void set_panel_presets(PresetLibrary presets);
// True once after the panel applied a preset (the app then shows its view).
bool take_preset_applied();

// Space, ←/→, Home/End drive the timeline from anywhere in the app, unless a
// text field has the keyboard. Called once per frame by the app.
void timeline_keys(Model& model);

// "x[0,0,1,1] = 3" for step t (unbatched: "x[0,1,1] = 3"), shared by the
// timeline bar and the window title.
std::string step_label(const Model& model, int64_t t);

}  // namespace studio::shell
