// Where each window of the studio goes: a pure function of the viewport, so
// it is unit-tested without a display (tests/gui/shell_layout_test.cpp).
#pragma once

#include <imgui.h>

#include <string>
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

// The parameter panel's width: grows with the text (340 px per font scale)
// up to 40% of the window, and like all the chrome no further than at font
// scale 2 (ui::chrome_scale): 680 px at 1920 wide and scale 2 or 3.
float params_panel_width(float window_w, float font_scale);

// How many views `all` tiles in a views area of `size` at `font_scale`: as
// many as leave each about kAllTileArea · font_scale² pixels (640×480 at
// scale 1), at least two (one when only one is shown), at most `shown`.
// 1920×1080 with the panel: four at scale 1, two at scale 2 and 3.
constexpr float kAllTileArea = 640.f * 480.f;
int all_tile_count(ImVec2 size, float font_scale, int shown);

// What an export says when its content is `overflow` pixels larger than the
// picture of `size` (window pixels) at `font_scale`: "" when it fits (within
// a pixel), else a sentence naming the size it needs.
std::string unfit_message(const std::string& view, ImVec2 size, ImVec2 overflow, float font_scale);
// What an export says when its picture abbreviates or hides values (the
// frame log's counts): "" when it shows them all.
std::string shortened_message(const std::string& view, ImVec2 size, float font_scale,
                              int abbreviated, int hidden);

}  // namespace studio::shell
