// State a view keeps across frames (pan, zoom, options), as plain structs:
// ViewState (views.h) holds one of each, owned by the app and copied into
// an export. Only the views that need one have one.
#pragma once

#include <imgui.h>

#include <cstdint>
#include <string>
#include <vector>

namespace studio {

// [SECTION] Matrix view.
struct MatrixViewState {
  enum class Show : int { W = 0, WT = 1, Both = 2 };
  enum class ColorBy : int { Tap = 0, Value = 1 };

  // One pane's pan and zoom over W or Wᵀ.
  struct Viewport {
    bool fit = true;
    double r0 = 0.0, c0 = 0.0;  // displayed row/col at the matrix area's top-left
    float cell = 1.f;           // pixels per entry
    int64_t rows = -1, cols = -1;
    int64_t followed_row = -1;  // the step row last brought into view
    ImVec2 last_m0{0, 0};       // matrix area corner last frame
    bool placed = false;        // follow_step set r0/c0 for the coming layout
    // Pooled rectangles of the last frame, relative to the area's corner: a
    // still view (the timeline playing, a hover elsewhere) redraws them
    // without walking W again.
    struct Run {
      float x0, y0, x1, y1;
      ImU32 col;
    };
    struct PoolKey {
      uint64_t revision = ~0ull;
      double r0 = 0, c0 = 0;
      float cell = 0, w = 0, h = 0;
      int color_by = -1, tap = -1;
      ImU32 text = 0, background = 0, positive = 0, negative = 0;
      bool operator==(const PoolKey&) const = default;
    } pool_key;
    std::vector<Run> pool;
  };

  Show show = Show::Both;
  ColorBy color_by = ColorBy::Tap;
  bool follow = true;       // bring the step's row into view as it moves
  bool was_pooled = false;  // last frame drew several entries per pixel (the legend says so)
  Viewport w, wt;           // the W pane and the Wᵀ pane
};

// [SECTION] Scatter view.
struct ScatterViewState {
  // The widest "this step" title over the input values: the room that keeps
  // the layout still during playback. Finding it formats every input value
  // (4096 for a 64×64 input), so it is kept until the values or the font change.
  struct TitleKey {
    const void* model = nullptr;
    uint64_t revision = ~0ull;
    int64_t n = -1, c_in = -1;
    const void* font = nullptr;
    float font_size = 0.f;
    bool operator==(const TitleKey&) const = default;
  } title_key;
  std::string widest_step_title;
};

// [SECTION] Frameworks view.
struct FrameworksViewState {
  int selected = -1;  // the row whose window is drawn beside PyTorch's; -1: the model's default
  int hovered = -1;   // the table row under the mouse last frame (shown while hovered)
  int code = 0;       // the code tab: an index into tconv::kConventions
  double copied_at = -1e9;  // the copy button, for its "copied" note
  int copied_lines = 0;
};

}  // namespace studio
