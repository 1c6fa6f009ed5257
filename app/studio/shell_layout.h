// Where each window of the studio goes: a pure function of the viewport, so
// it is unit-tested without a display (tests/gui/shell_layout_test.cpp).
#pragma once

#include <imgui.h>

#include <vector>

namespace studio::shell {

struct Rect {
  ImVec2 pos{0, 0}, size{0, 0};
  bool empty() const { return size.x <= 0 || size.y <= 0; }
  float right() const { return pos.x + size.x; }
  float bottom() const { return pos.y + size.y; }
};

struct LayoutInput {
  ImVec2 origin{0, 0}, size{1280, 800};  // the viewport's work area
  float top_height = 40;                 // view selector bar, full width
  float params_width = 320;              // parameter panel, left, below the bar
  float timeline_height = 80;            // timeline, bottom, right of the panel
  bool show_params = true, show_timeline = true;
  int views = 1;  // tiles to place in what is left
};

struct Layout {
  Rect top, params, timeline, views;
  std::vector<Rect> tiles;  // `views` of them, row-major, no overlap
};

// Panels keep their requested sizes up to half the width (parameters) and a
// third of the height (bar, timeline), so the views always keep room; the
// tiles form the grid whose smallest tile is largest (6 in 1280×800 → 3 × 2).
Layout compute_layout(const LayoutInput& in);

}  // namespace studio::shell
