// The studio's panels and views. Each draws into the current ImGui window
// (the caller does Begin/End), so the same function serves a view on its own
// and inside the `all` layout. Views only read the model's records and set
// its hover; they never compute convolution.
#pragma once

#include <imgui.h>

#include "model.h"

namespace studio {

// Colour-blind-safe palette; conv_arithmetic's colours as the reference
// (input blue rgb(38,139,210), output cyan rgb(42,161,152)).
struct Palette {
  ImU32 input, output, kernel, padding, inserted, output_padding, highlight, hover, text, grid,
      background, positive, negative;
};
Palette make_palette(bool dark, bool colorblind);

struct Style {
  bool dark = true;
  bool colorblind = true;
  float font_scale = 1.0f;   // presenter mode, 1.0–3.0
  float cell_size = 34.0f;   // base grid cell edge in pixels, before font_scale
  Palette palette = make_palette(true, true);
};

// Show… flags, as in ImGui's demo.
struct ShowFlags {
  bool params = true, timeline = true;
  bool scatter = true, arithmetic = true, matrix = true, flip = true, shape = true, overlap = true;
};

// [SECTION] Panels.
void DrawParamsPanel(Model& model, Style& style);
void DrawTimelinePanel(Model& model, const Style& style);

// [SECTION] Views (names as in --view).
void DrawScatterView(Model& model, const Style& style);
void DrawArithmeticView(Model& model, const Style& style);
void DrawMatrixView(Model& model, const Style& style);
void DrawFlipView(Model& model, const Style& style);
void DrawShapeView(Model& model, const Style& style);
void DrawOverlapView(Model& model, const Style& style);

}  // namespace studio
