#include "shell_layout.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "draw.h"

namespace studio::shell {

Layout compute_layout(const LayoutInput& in) {
  Layout out;
  // Whole pixels throughout, so neighbouring borders neither overlap nor
  // leave seams.
  const float W = std::max(in.size.x, 1.0f), H = std::max(in.size.y, 1.0f);
  const float top = std::floor(std::clamp(in.top_height, 0.0f, H / 3));
  out.top = {in.origin, {W, top}};

  const float body_y = in.origin.y + top, body_h = H - top;
  const float params_w =
      in.show_params ? std::floor(std::clamp(in.params_width, 0.0f, W * 0.5f)) : 0.0f;
  if (params_w > 0) out.params = {{in.origin.x, body_y}, {params_w, body_h}};

  const float right_x = in.origin.x + params_w, right_w = W - params_w;
  const float timeline_h =
      in.show_timeline ? std::floor(std::clamp(in.timeline_height, 0.0f, body_h / 3)) : 0.0f;
  if (timeline_h > 0)
    out.timeline = {{right_x, body_y + body_h - timeline_h}, {right_w, timeline_h}};
  out.views = {{right_x, body_y}, {right_w, body_h - timeline_h}};

  const int n = std::max(in.views, 0);
  if (n == 0) return out;
  // Views are a little wider than tall (grids side by side plus captions),
  // so a tile's usefulness is min(width, aspect · height).
  constexpr float kAspect = 1.2f;
  int best_cols = 1;
  float best_score = -1;
  for (int cols = 1; cols <= n; ++cols) {
    const int rows = (n + cols - 1) / cols;
    const float score = std::min(out.views.size.x / cols, kAspect * out.views.size.y / rows);
    if (score > best_score + 0.5f) {
      best_score = score;
      best_cols = cols;
    }
  }
  const int rows = (n + best_cols - 1) / best_cols;
  for (int i = 0; i < n; ++i) {
    const int r = i / best_cols, c = i % best_cols;
    // The last row may hold fewer tiles; they share its full width.
    const int in_row = std::min(best_cols, n - r * best_cols);
    const float x0 = std::floor(out.views.pos.x + out.views.size.x * c / in_row);
    const float x1 = std::floor(out.views.pos.x + out.views.size.x * (c + 1) / in_row);
    const float y0 = std::floor(out.views.pos.y + out.views.size.y * r / rows);
    const float y1 = std::floor(out.views.pos.y + out.views.size.y * (r + 1) / rows);
    out.tiles.push_back({{x0, y0}, {x1 - x0, y1 - y0}});
  }
  return out;
}

float params_panel_width(float window_w, float font_scale) {
  constexpr float kPerScale = 340.f;
  return std::round(
      std::min(kPerScale * ui::chrome_scale(font_scale), 0.4f * std::max(window_w, 0.f)));
}

int all_tile_count(ImVec2 size, float font_scale, int shown) {
  if (shown <= 1) return std::max(shown, 0);
  const float s = std::max(font_scale, 1.f);
  const float fit = std::max(size.x, 0.f) * std::max(size.y, 0.f) / (kAllTileArea * s * s);
  return std::clamp(static_cast<int>(std::floor(fit)), 2, shown);
}

std::string unfit_message(const std::string& view, ImVec2 size, ImVec2 overflow, float font_scale) {
  if (overflow.x <= 1.f && overflow.y <= 1.f) return "";
  const int w = static_cast<int>(std::lround(size.x)), h = static_cast<int>(std::lround(size.y));
  const int need_w = static_cast<int>(std::ceil(size.x + std::max(overflow.x, 0.f)));
  const int need_h = static_cast<int>(std::ceil(size.y + std::max(overflow.y, 0.f)));
  char buf[320];
  std::snprintf(buf, sizeof buf,
                "the %s view does not fit %dx%d at font scale %g: it needs about %dx%d; use a "
                "larger size or a smaller font scale (--size, --font-scale)",
                view.c_str(), w, h, static_cast<double>(font_scale), need_w, need_h);
  return buf;
}

std::string shortened_message(const std::string& view, ImVec2 size, float font_scale,
                              int abbreviated, int hidden) {
  if (abbreviated <= 0 && hidden <= 0) return "";
  std::string what;
  if (abbreviated > 0) what = std::to_string(abbreviated) + " values abbreviated";
  if (hidden > 0)
    what += (what.empty() ? "" : " and ") + std::to_string(hidden) +
            " values not printed (cells too small)";
  char buf[320];
  std::snprintf(buf, sizeof buf,
                "the %s view at %dx%d, font scale %g: %s; the studio shows them on hover, or use "
                "a larger --size or a smaller --font-scale",
                view.c_str(), static_cast<int>(std::lround(size.x)),
                static_cast<int>(std::lround(size.y)), static_cast<double>(font_scale),
                what.c_str());
  return buf;
}

}  // namespace studio::shell
