// Over the view area while the sliders hold a combination PyTorch rejects:
// the views dimmed (they still show the last valid state, which stays
// hoverable), and a banner across the top with PyTorch's message and the
// parameters the views are drawn with, wrapped to the width at any font
// scale. The sliders the message is about are marked in the panel.
#pragma once

#include "model.h"
#include "shell_layout.h"
#include "style.h"

namespace studio::shell {

// Draws nothing while the model has no error. Call after the views, every
// frame of the window (exports show the views alone, without it).
void draw_invalid_banner(const Model& model, const Style& style, const Rect& views);

// The banner's two texts, for tests: PyTorch's message with its heading, and
// the "last valid state" line naming the drawn parameters.
std::string invalid_heading(const Model& model);
std::string last_valid_line(const Model& model);

}  // namespace studio::shell
