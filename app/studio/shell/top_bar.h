// The top bar's view tabs, apart from App so they draw headless in tests
// (tests/gui/top_bar_test.cpp). The rest of the bar is App::draw_top_bar.
#pragma once

#include "ui_state.h"

namespace studio::shell {

// The view tabs, in the current window: they follow state.view on a frame
// where select_tab is set, otherwise a click picks the view. The current
// tab stays in view when the strip's width changes (a bigger font, a
// smaller window): ImGui scrolls the strip only when the selection changes.
void view_tabs(UiState& state);

}  // namespace studio::shell
