// Theme and fonts for the shell (style.cpp). make_palette is in views.h
// because views read the palette; these are only called by the app.
#pragma once

#include "views.h"

namespace studio::shell {

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

}  // namespace studio::shell
