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
// The font scale a projector is set up for (1920×1080 at 2): above it only
// the views grow (their text, their cells); the studio's chrome (top bar,
// parameter panel, timeline, title bars, popups) keeps this size, so a
// bigger font gives the grids the room instead of the controls.
inline constexpr float kProjectorFontScale = 2.f;
// The scale the chrome is drawn at: min(font_scale, kProjectorFontScale).
float chrome_scale(float font_scale);

// ImGui colours and sizes for style.dark and style.font_scale (the views'
// sizes), and style.palette = make_palette(style.dark, style.colorblind).
// Call between frames (it rewrites ImGui::GetStyle()).
void apply_theme(Style& style);
// The theme's sizes (padding, spacing, rounding, scrollbar) at `scale`.
ImGuiStyle theme_sizes(float scale);

// Rebuilds the font atlas with DejaVu Sans at kBaseFontPixels · font_scale
// (ImGui's FontGlobalScale would only stretch a small bitmap), and, above
// kProjectorFontScale, a second size for the chrome (chrome_font), both
// rasterized at `pixel_ratio` device pixels per layout pixel. Falls back to
// ImGui's default font, with a message on stderr, when the file is missing.
// Call between frames, then recreate the renderer's font texture.
void rebuild_fonts(float font_scale, float pixel_ratio = 1.f);
// The views' font (the atlas's first) and the chrome's (the same below
// kProjectorFontScale).
ImFont* content_font();
ImFont* chrome_font();

// Draws what follows with a font and the theme's sizes at a scale, until
// it goes out of scope. Open it where the window that is current at its
// end is current (ImGui pairs a font's push and pop per window): before a
// window's Begin and closed after its End, or inside one window.
class SizeScope {
 public:
  SizeScope(ImFont* font, float scale);
  ~SizeScope();
  SizeScope(const SizeScope&) = delete;
  SizeScope& operator=(const SizeScope&) = delete;

 private:
  int vars_ = 0;       // style variables pushed: those that differed
  bool font_ = false;  // whether the font was pushed
};
// The chrome's font and sizes (chrome_scale).
class ChromeScope : public SizeScope {
 public:
  explicit ChromeScope(const Style& style)
      : SizeScope(chrome_font(), chrome_scale(style.font_scale)) {}
};
// Back to the views' font and sizes inside the chrome (a view's content
// under its title bar, the invalid-parameters banner).
class ContentScope : public SizeScope {
 public:
  explicit ContentScope(const Style& style) : SizeScope(content_font(), style.font_scale) {}
};

// A wrapped tooltip for the item just drawn, when it is hovered.
void tooltip(const char* text);

}  // namespace studio::ui
