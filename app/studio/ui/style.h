// How the studio looks: the palette views draw with, the presenter's style
// (theme, text size), the ImGui theme and fonts built from it (style.cpp).
#pragma once

#include <imgui.h>

namespace studio {

// Colour-blind-safe palette; conv_arithmetic's colours as the reference
// (input blue rgb(38,139,210), output cyan rgb(42,161,152)). Every colour
// meant to be seen reaches 3:1 against `background` in both themes (WCAG
// 2.1's non-text contrast; tests/unit/studio_view_palette_test.cpp):
// everything but `background` itself and the two quiet zero fills.
struct Palette {
  ImU32 input, output, kernel, output_padding, highlight, hover, text, grid, positive, negative;
  ImU32 error;  // a rejected combination: its message, the sliders it is about
  // Zero cells: quiet fills near the background (a zero adds nothing), told
  // apart by their marks (ui::zero_cell): padding zeros a neutral dashed
  // frame, inserted zeros a coloured dotted frame and dot, output_padding
  // cells a hatch in output_padding's colour.
  ImU32 padding, inserted;            // fills, not meant to stand out
  ImU32 padding_mark, inserted_mark;  // their frames and markers, seen
  ImU32 background;
  ImU32 taps[8];  // ui::tap_color's categories (Okabe–Ito), each seen
};
Palette make_palette(bool dark, bool colorblind);

struct Style {
  bool dark = true;
  bool colorblind = true;
  float font_scale = 1.0f;  // presenter mode, 1.0–3.0
  float cell_size = 34.0f;  // base grid cell edge in pixels, before font_scale
  Palette palette = make_palette(true, true);
};

}  // namespace studio

namespace studio::ui {

// Font size in pixels at font scale 1.0: DejaVu Sans at 18 px is readable
// from the back of a room; ImGui's 13 px bitmap font is not.
constexpr float kBaseFontPixels = 18.0f;
constexpr float kMinFontScale = 1.0f, kMaxFontScale = 3.0f;

// ImGui colours and sizes for style.dark and style.font_scale, and
// style.palette = make_palette(style.dark, style.colorblind). Call between
// frames (it rewrites ImGui::GetStyle()).
void apply_theme(Style& style);

// Rebuilds the font atlas with DejaVu Sans at kBaseFontPixels · font_scale
// (ImGui's FontGlobalScale would only stretch a small bitmap). Falls back to
// ImGui's default font, with a message on stderr, when the file is missing.
// Call between frames, then recreate the renderer's font texture.
void rebuild_fonts(float font_scale);

// A wrapped tooltip for the item just drawn, when it is hovered.
void tooltip(const char* text);

}  // namespace studio::ui
