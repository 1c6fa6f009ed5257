// Shared drawing primitives (see draw.h). Everything here is layout and
// looks; no view data is computed.
#include "draw.h"

#include <imgui_internal.h>  // ImGuiWindow::FontWindowScale: legends restore it

#include <algorithm>
#include <cmath>
#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <optional>
#include <utility>

namespace studio::ui {

namespace {

constexpr float kIndexScale = 0.72f;  // row/col numbers: present but quieter than values
constexpr float kValueScale = 0.9f;   // values a little smaller than body text, to fit more

float channel(ImU32 c, int shift) {
  return static_cast<float>((c >> shift) & 0xFF) / 255.f;
}

ImVec2 add(ImVec2 a, ImVec2 b) {
  return {a.x + b.x, a.y + b.y};
}

// Values grow with big cells (a projector), up to 2× the value font.
float value_growth(float cell) {
  return std::clamp(cell / (2.2f * ImGui::GetFontSize()), 1.f, 2.f);
}

struct Metrics {
  float title_w = 0, title_h = 0;  // title block
  float left = 0, top = 0;         // index margins
};

// Labels (label_font_size) stop at this size.
float label_size_for(float font_size) {
  return std::min(font_size, kBaseFontPixels * kProjectorFontScale);
}

ImVec2 title_size(const std::string& title) {
  const ImVec2 t = ImGui::GetFont()->CalcTextSizeA(label_font_size(), FLT_MAX, 0.f, title.c_str());
  return {std::ceil(t.x), t.y};
}

Metrics metrics(const GridSpec& spec) {
  Metrics m;
  if (!spec.title.empty()) {
    ImVec2 t = title_size(spec.title);
    if (!spec.title_room.empty()) {
      const ImVec2 r = title_size(spec.title_room);
      t = {std::max(t.x, r.x), std::max(t.y, r.y)};
    }
    m.title_w = t.x;
    // A little air between the title and the column numbers.
    m.title_h = t.y + ImGui::GetStyle().ItemSpacing.y * 0.5f;
  }
  if (spec.indices) {
    const float fs = label_font_size() * kIndexScale;  // labels: at most scale 2's
    char buf[24];
    std::snprintf(buf, sizeof buf, "%d", spec.row_base + std::max(spec.rows - 1, 0));
    const float wide = ImGui::GetFont()->CalcTextSizeA(fs, FLT_MAX, 0.f, buf).x;
    std::snprintf(buf, sizeof buf, "%d", spec.row_base);
    const float wide0 = ImGui::GetFont()->CalcTextSizeA(fs, FLT_MAX, 0.f, buf).x;
    m.left = std::max(wide, wide0) + fs * 0.4f;
    m.top = fs + 2.f;
  }
  return m;
}

// Prints every k-th index so numbers never overlap when cells are small.
int index_step(float cell, float needed) {
  if (cell <= 0.f) return 1;
  int k = static_cast<int>(std::ceil(needed / cell));
  if (k <= 1) return 1;
  for (int nice : {2, 5, 10, 20, 50, 100, 200, 500})
    if (k <= nice) return nice;
  return k;
}

void draw_text(ImDrawList* dl, float size, ImVec2 pos, ImU32 col, const char* s) {
  dl->AddText(ImGui::GetFont(), size, pos, col, s);
}

// `src` blended over the opaque `dst` as GL blends ImGui's draws (source
// alpha, one minus source alpha), in 8 bits.
ImU32 over(ImU32 src, ImU32 dst) {
  const unsigned a = (src >> IM_COL32_A_SHIFT) & 0xFF;
  ImU32 out = IM_COL32_A_MASK;
  for (int shift : {IM_COL32_R_SHIFT, IM_COL32_G_SHIFT, IM_COL32_B_SHIFT}) {
    const unsigned s = (src >> shift) & 0xFF, d = (dst >> shift) & 0xFF;
    out |= ((s * a + d * (255 - a) + 127) / 255) << shift;
  }
  return out;
}

// The band AddRect(a, b, col, 0, 0, t) strokes, as four filled rectangles:
// the same pixels without the anti-aliased fringe. Rectangles are what
// llvmpipe rasterizes cheaply, and on whole-pixel cells they are crisper.
void stroke_rect(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 col, float t) {
  const float o = 0.5f - 0.5f * t;  // AddRect strokes the path inset by half a pixel
  const ImVec2 lo{a.x + o, a.y + o}, hi{b.x - o, b.y - o};
  if (hi.x - lo.x <= 2.f * t || hi.y - lo.y <= 2.f * t) {
    dl->AddRectFilled(lo, hi, col);  // all border: one rectangle
    return;
  }
  dl->AddRectFilled(lo, {hi.x, lo.y + t}, col);
  dl->AddRectFilled({lo.x, hi.y - t}, hi, col);
  dl->AddRectFilled({lo.x, lo.y + t}, {lo.x + t, hi.y - t}, col);
  dl->AddRectFilled({hi.x - t, lo.y + t}, hi, col);
}

}  // namespace

// [SECTION] Frame log.
void set_frame_log(FrameLog* log) {
  ImGui::GetIO().UserData = log;
}

FrameLog* frame_log() {
  return ImGui::GetCurrentContext() ? static_cast<FrameLog*>(ImGui::GetIO().UserData) : nullptr;
}

void log_cell_text(const char* where, const char* text, float text_w, float cell_w,
                   bool abbreviated) {
  FrameLog* log = frame_log();
  if (!log) return;
  log->abbreviated += abbreviated ? 1 : 0;
  if (log->record) log->texts.push_back({where ? where : "", text, text_w, cell_w, abbreviated});
}

void log_grid(const char* id, float cell, int rows, int cols, float top) {
  if (FrameLog* log = frame_log(); log && log->record)
    log->grids.push_back({id, cell, rows, cols, top});
}

void log_hidden_values(int n, bool dropped) {
  if (FrameLog* log = frame_log()) {
    log->hidden += n;
    log->dropped += dropped ? n : 0;
  }
}

namespace {
// A view exported alone lays out for its own size: it cannot scroll, so its
// grids shrink to fit (values hidden before anything is cut), like a big
// problem's do.
bool exporting() {
  const FrameLog* log = frame_log();
  return log && log->fit_to_size;
}
}  // namespace

// [SECTION] Colours.
ImU32 mix(ImU32 a, ImU32 b, float t) {
  t = std::clamp(t, 0.f, 1.f);
  ImU32 out = 0;
  for (int shift : {IM_COL32_R_SHIFT, IM_COL32_G_SHIFT, IM_COL32_B_SHIFT, IM_COL32_A_SHIFT}) {
    const float v = channel(a, shift) * (1.f - t) + channel(b, shift) * t;
    out |= static_cast<ImU32>(std::lround(v * 255.f)) << shift;
  }
  return out;
}

ImU32 with_alpha(ImU32 c, float alpha) {
  const auto a = static_cast<ImU32>(std::lround(std::clamp(alpha, 0.f, 1.f) * 255.f));
  return (c & ~IM_COL32_A_MASK) | (a << IM_COL32_A_SHIFT);
}

ImU32 text_on(ImU32 fill) {
  auto lin = [](float c) {
    return c <= 0.04045f ? c / 12.92f : std::pow((c + 0.055f) / 1.055f, 2.4f);
  };
  const float l = 0.2126f * lin(channel(fill, IM_COL32_R_SHIFT)) +
                  0.7152f * lin(channel(fill, IM_COL32_G_SHIFT)) +
                  0.0722f * lin(channel(fill, IM_COL32_B_SHIFT));
  // Threshold where black and white give equal contrast ratios.
  return l > 0.179f ? IM_COL32(0, 0, 0, 255) : IM_COL32(255, 255, 255, 255);
}

ImU32 value_color(float v, float max_abs, const Palette& pal) {
  const ImU32 neutral = mix(pal.background, pal.text, 0.10f);
  if (!(max_abs > 0.f) || v == 0.f || !std::isfinite(v)) return neutral;
  const float t = std::min(std::fabs(v) / max_abs, 1.f);
  // Keep small non-zeros visibly tinted: a zero and a 0.01 should not look alike.
  return mix(neutral, v > 0 ? pal.positive : pal.negative, 0.2f + 0.8f * t);
}

ImU32 shade_cell(ImU32 fill, float v, float max_abs, bool signed_grid, ImU32 backing,
                 const Palette& pal) {
  const float alpha = channel(fill, IM_COL32_A_SHIFT);
  if (!std::isfinite(v)) v = 0.f;
  const float t = max_abs > 0.f ? std::min(std::fabs(v) / max_abs, 1.f) : 0.f;
  ImU32 col;
  if (signed_grid) {
    // Blue/orange (colour-blind safe): the grid's hue cannot carry the sign.
    col = v == 0.f ? mix(backing, pal.text, 0.12f)
                   : mix(backing, v > 0.f ? pal.positive : pal.negative, 0.25f + 0.75f * t);
  } else {
    // A zero stays faintly tinted, so it still reads as a cell of this grid.
    col = mix(backing, fill | IM_COL32_A_MASK, 0.15f + 0.85f * t);
  }
  return mix(backing, col, alpha) | IM_COL32_A_MASK;
}

ImU32 tap_color(int index, const Palette& pal) {
  const int n = static_cast<int>(IM_ARRAYSIZE(pal.taps));
  return pal.taps[((index % n) + n) % n];
}

CellStyle zero_cell(ZeroKind kind, const Palette& pal) {
  CellStyle s;
  s.border = Border::Dashed;
  s.label = "0";  // printed, but quietly: they are there, and add nothing
  s.text = with_alpha(pal.text, 0.55f);
  switch (kind) {
    case ZeroKind::Padding:
      s.fill = pal.padding;
      s.border_color = pal.padding_mark;
      break;
    case ZeroKind::Inserted:
      s.fill = pal.inserted;
      s.border_color = pal.inserted_mark;
      s.pattern = Pattern::Dot;
      s.pattern_color = pal.inserted_mark;
      break;
    case ZeroKind::OutputPadding:
      s.fill = mix(pal.background, pal.output_padding, 0.15f);
      s.border_color = pal.output_padding;
      s.pattern = Pattern::Hatch;
      s.pattern_color = with_alpha(pal.output_padding, 0.6f);
      break;
  }
  return s;
}

void draw_pattern(ImDrawList* dl, ImVec2 a, ImVec2 b, Pattern p, ImU32 col) {
  const float w = b.x - a.x, h = b.y - a.y;
  if (p == Pattern::None || w < 4.f || h < 4.f || !(col & IM_COL32_A_MASK)) return;
  const float e = std::min(w, h);
  if (p == Pattern::Dot) {
    dl->AddCircleFilled({a.x + 0.2f * e, a.y + 0.2f * e}, std::max(1.5f, 0.09f * e), col);
    return;
  }
  // 45° lines every ~e/4 (at least 5 px), clipped to the rectangle.
  const float step = std::max(5.f, 0.25f * e), t = std::max(1.f, std::round(e / 24.f));
  dl->PushClipRect(a, b, true);
  for (float d = step * 0.5f; d < w + h; d += step)
    dl->AddLine({a.x + d - h, b.y}, {a.x + d, a.y}, col, t);
  dl->PopClipRect();
}

// [SECTION] Cells and grids.
float base_cell(const Style& style) {
  return style.cell_size * style.font_scale;
}

float min_cell(const Style& style) {
  // Small enough that a 64×64 input's 130×130 canvases fit a window (values
  // are hidden long before this; the pattern and the highlights remain).
  (void)style;
  return 1.5f;
}

float max_cell(const Style& style) {
  // Room enough that hidden panels (P, T) give their space to the grids.
  return 4.f * base_cell(style);
}

ImVec2 grid_block_size(const GridSpec& spec, float cell) {
  if (spec.fixed_cell > 0.f) cell = spec.fixed_cell;
  const Metrics m = metrics(spec);
  const float w = std::max(m.title_w, m.left + spec.cols * cell);
  const float h = m.title_h + m.top + spec.rows * cell;
  return {w, h};
}

float fit_cells(const std::vector<std::vector<GridSpec>>& layout, ImVec2 avail, float lo, float hi,
                float gap, float text_scale) {
  // Block sizes are affine in the cell edge except where a title is wider
  // than its grid, so measure once and evaluate per candidate.
  struct Block {
    Metrics m;
    int rows, cols;
    float fixed;
  };
  std::vector<std::vector<Block>> blocks;
  // Titles and indices stop growing at scale 2's size: scaled as their font is.
  const float font = ImGui::GetFontSize();
  const float title_scale = label_size_for(font * text_scale) / label_size_for(font);
  for (const auto& row : layout) {
    auto& out = blocks.emplace_back();
    for (const auto& s : row) {
      Metrics m = metrics(s);
      m.title_w *= title_scale;
      m.title_h *= title_scale;
      m.left *= title_scale;  // row and column numbers are labels too
      m.top *= title_scale;
      out.push_back({m, s.rows, s.cols, s.fixed_cell});
    }
  }
  auto extent = [&](float cell) {
    float total_w = 0.f, total_h = 0.f;
    for (size_t i = 0; i < blocks.size(); ++i) {
      float w = 0.f, h = 0.f;
      for (size_t j = 0; j < blocks[i].size(); ++j) {
        const Block& b = blocks[i][j];
        const float e = b.fixed > 0.f ? b.fixed : cell;
        w += std::max(b.m.title_w, b.m.left + b.cols * e) + (j ? gap : 0.f);
        h = std::max(h, b.m.title_h + b.m.top + b.rows * e);
      }
      total_w = std::max(total_w, w);
      total_h += h + (i ? gap : 0.f);
    }
    return ImVec2{total_w, total_h};
  };
  auto fits = [&](float cell) {
    const ImVec2 e = extent(cell);
    return e.x <= avail.x && e.y <= avail.y;
  };
  if (hi <= lo) return lo;
  if (fits(hi)) return std::floor(hi);
  if (!fits(lo)) return lo;
  float a = lo, b = hi;
  for (int i = 0; i < 24; ++i) {
    const float m = 0.5f * (a + b);
    (fits(m) ? a : b) = m;
  }
  // Whole pixels keep grid lines crisp; below 8 px there are no lines and a
  // fraction of a pixel decides whether a 130-cell canvas fits.
  return std::max(lo, a >= 8.f ? std::floor(a) : a);
}

float fit_cell(const GridSpec& spec, ImVec2 avail, float lo, float hi) {
  return fit_cells({{spec}}, avail, lo, hi, 0.f);
}

namespace {

// One candidate arrangement's grids, row by row.
std::vector<std::vector<GridSpec>> arrange(const std::vector<GridSpec>& specs,
                                           const std::vector<std::vector<int>>& rows) {
  std::vector<std::vector<GridSpec>> layout;
  for (const auto& row : rows) {
    auto& out = layout.emplace_back();
    for (int id : row) out.push_back(specs.at(static_cast<size_t>(id)));
  }
  return layout;
}

// The size of an arrangement at cell edge `cell` (at the current font).
ImVec2 arrangement_size(const std::vector<std::vector<GridSpec>>& layout, float cell, float gap) {
  float w = 0.f, h = 0.f;
  for (size_t i = 0; i < layout.size(); ++i) {
    float rw = 0.f, rh = 0.f;
    for (size_t j = 0; j < layout[i].size(); ++j) {
      const ImVec2 b = grid_block_size(layout[i][j], cell);
      rw += b.x + (j ? gap : 0.f);
      rh = std::max(rh, b.y);
    }
    w = std::max(w, rw);
    h += rh + (i ? gap : 0.f);
  }
  return {w, h};
}

// Whether one arrangement (`rows` of `specs`) shows whole in `avail` at `cell`.
bool shows(const std::vector<GridSpec>& specs, const std::vector<std::vector<int>>& rows,
           float cell, float gap, ImVec2 avail) {
  const ImVec2 size = arrangement_size(arrange(specs, rows), cell, gap);
  return size.x <= avail.x && size.y <= avail.y;
}

// Whether some candidate shows every grid in `avail` at cell edge `cell`.
bool some_layout_fits(const std::vector<GridSpec>& specs,
                      const std::vector<std::vector<std::vector<int>>>& candidates, ImVec2 avail,
                      float cell, float gap) {
  for (const auto& rows : candidates)
    if (shows(specs, rows, cell, gap, avail)) return true;
  return false;
}

// The largest whole-pixel cell in [lo, hi] at which some candidate shows
// whole (else `lo` itself); none when not even `lo` does.
std::optional<float> largest_fitting_cell(
    const std::vector<GridSpec>& specs,
    const std::vector<std::vector<std::vector<int>>>& candidates, ImVec2 avail, float lo, float hi,
    float gap) {
  if (!some_layout_fits(specs, candidates, avail, lo, gap)) return std::nullopt;
  for (float c = std::floor(hi); c > lo; c -= 1.f)
    if (some_layout_fits(specs, candidates, avail, c, gap)) return c;
  return lo;
}

}  // namespace

float fit_layouts(const std::vector<GridSpec>& specs,
                  const std::vector<std::vector<std::vector<int>>>& candidates, ImVec2 avail,
                  float lo, float hi, float gap, int* chosen, float text_scale) {
  float best = -1.f;
  int best_i = 0;
  ImVec2 best_size{FLT_MAX, FLT_MAX};
  for (size_t i = 0; i < candidates.size(); ++i) {
    const std::vector<std::vector<GridSpec>> layout = arrange(specs, candidates[i]);
    const auto [w, h] = arrangement_size(layout, lo, gap);
    const float cell = fit_cells(layout, avail, lo, hi, gap, text_scale);
    const bool overflows = w > avail.x || h > avail.y;
    // Bigger cells win. At the same cell (both at `lo`), one that shows
    // whole beats one that overflows, where values may print (8 px and up;
    // a big problem's shaded canvases keep the first: its overflow lets the
    // kernels keep their readable pin, fit_with_small_grids). Among layouts
    // stuck at `lo`: one that fits the width (scrolls only vertically)
    // beats one that does not; then the shorter among those that fit the
    // width, the narrower among those that do not.
    auto overflow_key = [&](ImVec2 size) {
      const bool wide = size.x > avail.x;
      return std::pair<int, float>{wide ? 1 : 0, wide ? size.x : size.y};
    };
    const bool best_overflows = best_size.x > avail.x || best_size.y > avail.y;
    const bool better =
        cell > best + 0.5f || (best_overflows && cell >= best - 0.5f &&
                               ((!overflows && cell >= 8.f) ||
                                (overflows && overflow_key({w, h}) < overflow_key(best_size))));
    if (better) {
      best = cell;
      best_i = static_cast<int>(i);
      best_size = {w, h};
    }
  }
  if (chosen) *chosen = best_i;
  return std::max(best, lo);
}

float projector_floor(const std::vector<GridSpec>& specs,
                      const std::vector<std::vector<std::vector<int>>>& candidates, ImVec2 avail,
                      float lo, float hi, float gap, const Style& style, ImVec2 beyond2) {
  if (style.font_scale <= kProjectorFontScale || exporting()) return lo;
  // Text at scale 2 is k times today's; the cells' bounds scale with the font
  // too. `beyond2` is what the parts around the canvas take beyond what they
  // take at scale 2.
  const float k = kProjectorFontScale / style.font_scale;
  const ImVec2 avail2{avail.x + std::max(beyond2.x, 0.f), avail.y + std::max(beyond2.y, 0.f)};
  int ignored = 0;
  // The gap between blocks is already scale 2's (block_gap stops there).
  const float at2 = fit_layouts(specs, candidates, avail2, lo * k, hi * k, gap, &ignored, k);
  // Only up to the base cell: grids already that big (a 3 × 3 overlap at
  // 200 px) fit their room rather than scroll.
  const float floor = std::clamp(std::min(at2, base_cell(style)), lo, std::max(lo, hi));
  // Nor at the price of a grid off screen: where the grids would scroll at
  // the floor but all fit at a cell a little smaller (the 10% that reads as
  // the same size, else the largest down to kLastGive; below `lo` too, the
  // values then print a little smaller), they fit instead. Bigger shortfalls
  // keep the big cells and scroll: the text, not the grids, took the room.
  if (some_layout_fits(specs, candidates, avail, floor, gap)) return floor;
  const float near = kFloorGive * floor;
  if (some_layout_fits(specs, candidates, avail, near, gap)) return near;
  return largest_fitting_cell(specs, candidates, avail, kLastGive * floor, near, gap)
      .value_or(floor);
}

ImVec2 room_at_scale2(ImVec2 avail, float k) {
  const ImVec2 window = ImGui::GetWindowSize(), frame = window_frame();
  return {avail.x + (window.x - frame.x - avail.x) * (1.f - k),
          avail.y + (window.y - frame.y - avail.y) * (1.f - k)};
}

ImVec2 window_frame() {
  // Where the content starts is below the title bar and the top padding.
  const ImVec2 start = ImGui::GetCursorStartPos();
  const ImVec2 pad = ImGui::GetCurrentWindow()->WindowPadding;
  return {start.x + pad.x, start.y + pad.y};
}

void layout_rows(const std::vector<std::vector<int>>& rows, float gap,
                 const std::function<void(int)>& draw_fn) {
  const float sy = ImGui::GetStyle().ItemSpacing.y;
  for (size_t i = 0; i < rows.size(); ++i) {
    // ImGui adds ItemSpacing.y after each line and after the spacer itself.
    if (i > 0) ImGui::Dummy({0.f, std::max(0.f, gap - 2.f * sy)});
    for (size_t j = 0; j < rows[i].size(); ++j) {
      if (j > 0) ImGui::SameLine(0.f, gap);
      draw_fn(rows[i][j]);
    }
  }
}

float fit_with_small_grids(std::vector<GridSpec>& specs,
                           const std::vector<std::vector<std::vector<int>>>& candidates,
                           ImVec2 avail, float lo, float hi, float gap, int* chosen,
                           const std::vector<int>& small, float readable) {
  float cell = fit_layouts(specs, candidates, avail, lo, hi, gap, chosen);
  // Values already print at this size: one scale for every grid reads best.
  if (cell >= printable_cell()) return cell;
  auto shows_whole = [&](const std::vector<GridSpec>& sp, int c, float e) {
    return shows(sp, candidates.at(static_cast<size_t>(c)), e, gap, avail);
  };
  const bool unpinned_shows = shows_whole(specs, chosen ? *chosen : 0, cell);
  // Pin the small grids at a readable size and fit the rest around them;
  // keep the pin only if the others still get at least what they had. Past
  // font scale 2, where that size does not fit, scale 2's pin may.
  std::vector<float> pins{readable};
  const float at2 = readable * label_font_size() / ImGui::GetFontSize();
  if (at2 < readable - 0.5f) pins.push_back(at2);
  for (const float pin : pins) {
    std::vector<GridSpec> pinned = specs;
    for (int i : small) pinned[static_cast<size_t>(i)].fixed_cell = pin;
    int chosen2 = 0;
    const float cell2 = fit_layouts(pinned, candidates, avail, lo, hi, gap, &chosen2);
    // Under 8 px the others are shaded pictures anyway: they may keep 60%.
    // Never when the pin makes grids that fit overflow (an export would cut
    // them); when they overflow already (they scroll), the kernel need not
    // be unreadable too. (A view exported alone cannot scroll: there the pin
    // must fit.) Whether they overflow is measured: cells exactly at `lo`
    // may fit (a projector floor is the cell that fits at scale 2).
    const bool fits = shows_whole(pinned, chosen2, cell2) || (!unpinned_shows && !exporting());
    if (fits && cell2 >= (cell < 8.f ? 0.6f : 0.85f) * cell) {
      specs = std::move(pinned);
      if (chosen) *chosen = chosen2;
      return cell2;
    }
  }
  return cell;
}

float label_font_size() {
  return label_size_for(ImGui::GetFontSize());
}

float outline_width(const Style& style, float per_scale) {
  return std::max(2.f, per_scale * chrome_scale(style.font_scale));
}

CanvasFit fit_canvas(std::vector<GridSpec>& specs,
                     const std::vector<std::vector<std::vector<int>>>& candidates, float min,
                     float hi, float gap, const Style& style, ImVec2 beyond2,
                     const std::vector<int>& small) {
  const ImVec2 avail = canvas_room();
  const float bar = scrollbar_room();
  // `bar`: a scrollbar in `room` now, none at scale 2 (projector_floor).
  auto fit = [&](ImVec2 room, std::vector<GridSpec>& sp, float lo, float bar_in_room) {
    CanvasFit f;
    const float floor = projector_floor(sp, candidates, room, lo, hi, gap, style,
                                        {beyond2.x + bar_in_room, beyond2.y});
    f.cell = fit_with_small_grids(sp, candidates, room, floor, hi, gap, &f.chosen, small,
                                  base_cell(style));
    f.fits = shows(sp, candidates.at(static_cast<size_t>(f.chosen)), f.cell, gap, room);
    return f;
  };
  // Past font scale 2 values print down to scale 2's size (cell_value_font):
  // where `min` keeps cells that print them at the text's size (a small
  // problem), they may go down to what prints them at scale 2's when that
  // shows every grid.
  std::vector<float> bounds{min};
  const float at2 = printable_cell();
  const bool prints = min >= readable_cell() - 0.5f;  // a small problem: values first
  if (prints && at2 < min - 0.5f) bounds.push_back(at2);
  const ImVec2 whole{avail.x + bar, avail.y};  // the canvas without its scrollbar
  CanvasFit out;
  auto shows_whole_from = [&](float lo) {
    std::vector<GridSpec> sp = specs;
    out = fit(whole, sp, lo, 0.f);
    if (out.fits) specs = std::move(sp);
    return out.fits;
  };
  for (float lo : bounds)
    if (shows_whole_from(lo)) return out;
  // Then cells up to kLastGive smaller, values a little smaller in them
  // (cell_value_font), rather than a grid cut at the fold. Not for a big
  // problem: its cells are already small, and its kernels pinned readable.
  if (prints)
    if (const auto c = largest_fitting_cell(specs, candidates, whole, kLastGive * bounds.back(),
                                            bounds.back(), gap))
      if (shows_whole_from(*c)) return out;
  // Nothing shows whole: the big cells, and the canvas scrolls.
  return fit(avail, specs, min, bar);
}

float block_gap() {
  // Stops growing at the projector's scale, like the parameter panel: past
  // it, a wider gap only takes room from the grids (at font scale 3 it alone
  // pushed d2l-padding's output y onto a second row, below the fold).
  const float font = std::min(ImGui::GetFontSize(), kBaseFontPixels * kProjectorFontScale);
  return std::round(font * 1.5f);
}

namespace {

// Whole numbers (and non-finite ones) have one text; others one per count
// of decimals, 2 down to 0. Trailing zeros trimmed: "1.50" → "1.5".
bool is_whole(float v) {
  const float r = std::round(v);
  return std::fabs(v - r) <= 1e-5f * std::max(1.f, std::fabs(v)) && std::fabs(r) < 1e7f;
}

std::string decimals_text(float v, int decimals) {
  char buf[64];
  if (!std::isfinite(v)) return std::isnan(v) ? "nan" : "inf";
  if (is_whole(v)) {
    const float r = std::round(v);
    std::snprintf(buf, sizeof buf, "%.0f", r == 0.f ? 0.f : r);
    return buf;
  }
  std::snprintf(buf, sizeof buf, "%.*f", decimals, static_cast<double>(v));
  if (std::strchr(buf, '.')) {
    char* end = buf + std::strlen(buf) - 1;
    while (*end == '0') *end-- = '\0';
    if (*end == '.') *end = '\0';
  }
  return std::strcmp(buf, "-0") == 0 ? "0" : buf;
}

// Shorter texts for a value too wide for its cell, longest first: SI
// suffixes for big magnitudes ("1.2k", "12k", "3M"), then "…".
std::vector<std::string> short_forms(float v) {
  std::vector<std::string> out;
  const float a = std::fabs(v);
  if (std::isfinite(v) && a >= 999.5f) {
    static const char* const kSuffix[] = {"k", "M", "G", "T"};
    float scale = 1e3f;
    int i = 0;
    while (i < 3 && a / scale >= 999.5f) {
      scale *= 1e3f;
      ++i;
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", static_cast<double>(v / scale));
    std::string one = buf;
    if (one.size() > 2 && one.compare(one.size() - 2, 2, ".0") == 0) one.resize(one.size() - 2);
    out.push_back(one + kSuffix[i]);
    std::snprintf(buf, sizeof buf, "%.0f%s", static_cast<double>(v / scale), kSuffix[i]);
    if (out.back() != buf) out.push_back(buf);
  }
  out.push_back("\xE2\x80\xA6");  // "…"
  return out;
}

}  // namespace

bool format_value(float v, float max_width, float font_size, char* buf, int buf_size,
                  bool* abbreviated) {
  if (abbreviated) *abbreviated = false;
  if (buf_size <= 0) return false;
  auto fits = [&](const std::string& t) {
    std::snprintf(buf, static_cast<size_t>(buf_size), "%s", t.c_str());
    return ImGui::GetFont()->CalcTextSizeA(font_size, FLT_MAX, 0.f, buf).x <= max_width;
  };
  const bool one_text = !std::isfinite(v) || is_whole(v);
  for (int decimals = 2; decimals >= (one_text ? 2 : 0); --decimals)
    if (fits(decimals_text(v, decimals))) return true;
  // Too wide for the cell: a short form rather than a blank among printed
  // neighbours (a blank reads as missing data).
  for (const std::string& t : short_forms(v))
    if (fits(t)) {
      if (abbreviated) *abbreviated = true;
      return true;
    }
  buf[0] = '\0';
  return false;
}

void dashed_rect(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 col, float thickness, float dash) {
  dash = std::max(dash, 1.f);
  // Each dash covers what AddLine(p, q, col, thickness) would, as a filled
  // rectangle: AddLine strokes half a pixel in, `thickness` across. Sides run
  // clockwise from `a` so the dashes fall where the lines' did.
  const float o = 0.5f - 0.5f * thickness;
  auto seg = [&](ImVec2 p, ImVec2 q) {
    const float len = std::fabs(q.x - p.x) + std::fabs(q.y - p.y);  // axis-aligned
    if (len <= 0.f) return;
    const ImVec2 d{(q.x - p.x) / len, (q.y - p.y) / len};
    for (float s = 0.f; s < len; s += 2.f * dash) {
      const float e = std::min(s + dash, len);
      const ImVec2 u{p.x + d.x * s, p.y + d.y * s}, v{p.x + d.x * e, p.y + d.y * e};
      const ImVec2 lo{std::min(u.x, v.x) + 0.5f, std::min(u.y, v.y) + 0.5f};
      const ImVec2 hi{std::max(u.x, v.x) + 0.5f, std::max(u.y, v.y) + 0.5f};
      if (d.y == 0.f)
        dl->AddRectFilled({lo.x, u.y + o}, {hi.x, u.y + o + thickness}, col);
      else
        dl->AddRectFilled({u.x + o, lo.y}, {u.x + o + thickness, hi.y}, col);
    }
  };
  seg(a, {b.x, a.y});
  seg({b.x, a.y}, b);
  seg(b, {a.x, b.y});
  seg({a.x, b.y}, a);
}

namespace {

using CellFn = std::function<CellStyle(int r, int c)>;
constexpr uint32_t kNoValue = 0x7FC00001u;  // a NaN no cell value carries here

// Title above the cells (aligned with them when it fits, else with the
// block's left edge), and the indices: every k-th when the cells are too
// small for all of them.
void draw_labels(const GridSpec& spec, const Metrics& m, const GridResult& g, ImVec2 p0,
                 ImVec2 block, float cell, const Palette& pal) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  if (!spec.title.empty()) {
    const float x = (m.left + m.title_w <= block.x) ? p0.x + m.left : p0.x;
    draw_text(dl, label_font_size(), {x, p0.y}, pal.text, spec.title.c_str());
  }
  if (!spec.indices || spec.rows <= 0 || spec.cols <= 0) return;
  const float fs = label_font_size() * kIndexScale;
  const ImU32 col = with_alpha(pal.text, 0.65f);
  char buf[24];
  std::snprintf(buf, sizeof buf, "%d", spec.col_base + spec.cols - 1);
  const float col_w = ImGui::GetFont()->CalcTextSizeA(fs, FLT_MAX, 0.f, buf).x;
  const int kc = index_step(cell, col_w + fs * 0.5f);
  for (int c = 0; c < spec.cols; c += kc) {
    std::snprintf(buf, sizeof buf, "%d", spec.col_base + c);
    const float w = ImGui::GetFont()->CalcTextSizeA(fs, FLT_MAX, 0.f, buf).x;
    draw_text(dl, fs, {g.origin.x + (c + 0.5f) * cell - 0.5f * w, g.origin.y - m.top}, col, buf);
  }
  const int kr = index_step(cell, fs);
  for (int r = 0; r < spec.rows; r += kr) {
    std::snprintf(buf, sizeof buf, "%d", spec.row_base + r);
    const float w = ImGui::GetFont()->CalcTextSizeA(fs, FLT_MAX, 0.f, buf).x;
    draw_text(dl, fs, {g.origin.x - w - fs * 0.3f, g.origin.y + (r + 0.5f) * cell - 0.5f * fs}, col,
              buf);
  }
}

}  // namespace

float fit_value_font(float vfs, float widest, float room) {
  if (widest <= room || widest <= 0.f) return vfs;
  // Down to 70% of itself; on a projector's big font down to half, as long
  // as that stays at least the 70% a font scale of 1 allows. Past font scale
  // 2, down to what scale 2 allows: a value whole at 2 is whole at 3.
  const float ref = vfs * label_font_size() / ImGui::GetFontSize();
  const float floor =
      std::min(0.7f * ref, std::max(0.5f * ref, 0.7f * kBaseFontPixels * kValueScale));
  // A hair under the exact ratio: text widths scale with the font only up to
  // rounding, and the cell's own check (format_value) must pass at this size.
  return std::max(0.995f * vfs * room / widest, std::min(floor, vfs));
}

float value_room(float cell) {
  return cell - std::max(4.f, 0.15f * cell);
}

float cell_value_font(float vfs, float cell) {
  // A value line needs its cell 15% taller than the font; a cell a little
  // short of that takes a font up to 15% smaller rather than no values.
  // Past font scale 2 a value shrinks to scale 2's size before it goes: a
  // cell that shows it at 2 shows it at 3.
  const float base = label_font_size() * kValueScale;
  vfs = std::min(vfs, cell / 1.15f);
  return vfs < 0.85f * base ? 0.f : vfs;
}

namespace {

// The value font: a little larger in big cells (projector), never past
// 2×, and one size for the whole grid, small enough for its widest value
// (fit_value_font): a grid where "3" shows and "12" is blank reads as missing
// data. 0 when values do not fit at all.
float value_font(const GridSpec& spec, float cell, const CellFn& cell_fn) {
  const float vfs = cell_value_font(ImGui::GetFontSize() * kValueScale * value_growth(cell), cell);
  if (vfs <= 0.f) return 0.f;
  float widest = 0.f;
  char buf[48];
  for (int r = 0; r < spec.rows; ++r)
    for (int c = 0; c < spec.cols; ++c) {
      const CellStyle s = cell_fn(r, c);
      if (!s.has_value || s.label) continue;
      if (format_value(s.value, FLT_MAX, vfs, buf, sizeof buf))
        widest = std::max(widest, ImGui::GetFont()->CalcTextSizeA(vfs, FLT_MAX, 0.f, buf).x);
    }
  return fit_value_font(vfs, widest, value_room(cell));
}

// How a grid's cells are painted this frame.
struct Paint {
  const GridSpec& spec;
  const CellFn& cell_fn;
  const Palette& pal;
  const GridResult& g;
  float cell, vfs;  // vfs 0: values hidden
  bool borders;     // 8 px and up; below, a backing and an outer frame
  bool shade;       // values hidden: shade filled cells by value
  ImU32 backing;
  int r0, r1, c0, c1;   // the cells inside the clip rect: big canvases scroll
  const char* id = "";  // the grid's, for the frame log

  bool shaded(const CellStyle& s) const {
    return shade && s.has_value && !s.label && (s.fill & IM_COL32_A_MASK);
  }
};

Paint make_paint(const char* id, const GridSpec& spec, const CellFn& cell_fn, const Palette& pal,
                 const GridResult& g, float cell) {
  const float vfs = value_font(spec, cell, cell_fn);
  Paint p{spec,
          cell_fn,
          pal,
          g,
          cell,
          vfs,
          cell >= 8.f,
          spec.shade_values && vfs <= 0.f,
          mix(pal.background, pal.text, 0.06f),
          0,
          0,
          0,
          0,
          id};
  if (cell <= 0.f || spec.rows <= 0 || spec.cols <= 0) return p;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 lo = dl->GetClipRectMin(), hi = dl->GetClipRectMax();
  auto first = [&](float edge, float o, int n) {
    return static_cast<int>(std::clamp(std::floor((edge - o) / cell), 0.f, static_cast<float>(n)));
  };
  auto last = [&](float edge, float o, int from, int n) {
    return static_cast<int>(
        std::clamp(std::ceil((edge - o) / cell), static_cast<float>(from), static_cast<float>(n)));
  };
  p.r0 = first(lo.y, g.origin.y, spec.rows);
  p.r1 = last(hi.y, g.origin.y, p.r0, spec.rows);
  p.c0 = first(lo.x, g.origin.x, spec.cols);
  p.c1 = last(hi.x, g.origin.x, p.c0, spec.cols);
  return p;
}

// Below 8 px values never fit either: the fills are the whole picture, one
// texel per cell (raster.h). False when there is no GL to draw with.
bool draw_raster(const Paint& p, RasterCache& raster, const char* id) {
  std::vector<uint64_t>& src = raster.scratch();
  const int w = p.c1 - p.c0, h = p.r1 - p.r0;
  src.resize(static_cast<size_t>(w) * static_cast<size_t>(h));
  for (int r = p.r0; r < p.r1; ++r)
    for (int c = p.c0; c < p.c1; ++c) {
      const CellStyle s = p.cell_fn(r, c);
      uint32_t bits = kNoValue;
      if (p.shaded(s)) std::memcpy(&bits, &s.value, sizeof bits);
      src[static_cast<size_t>(r - p.r0) * static_cast<size_t>(w) + static_cast<size_t>(c - p.c0)] =
          (static_cast<uint64_t>(s.fill) << 32) | bits;
    }
  // Runs only when the cells changed (a step or an edit), not per frame.
  auto build = [&](std::vector<ImU32>& px) {
    auto value_of = [](uint64_t e, float* v) {
      const auto bits = static_cast<uint32_t>(e & 0xFFFFFFFFu);
      if (bits == kNoValue) return false;
      std::memcpy(v, &bits, sizeof *v);
      return true;
    };
    float max_abs = 0.f;
    bool negative = false;
    for (uint64_t e : src) {
      float v = 0.f;
      if (!value_of(e, &v) || !std::isfinite(v)) continue;
      max_abs = std::max(max_abs, std::fabs(v));
      negative |= v < 0.f;
    }
    // The backing shows where a cell has no fill of its own: blended in here
    // rather than drawn as a layer below, since llvmpipe pays per pixel drawn.
    for (size_t i = 0; i < src.size(); ++i) {
      const auto fill = static_cast<ImU32>(src[i] >> 32);
      float v = 0.f;
      px[i] = value_of(src[i], &v) ? shade_cell(fill, v, max_abs, negative, p.backing, p.pal)
                                   : over(fill, p.backing);
    }
  };
  RasterCache::Texture t;
  if (!raster.upload(ImGui::GetID(id), src, w, h, build, t)) return false;
  const ImVec2 o = p.g.origin;
  ImGui::GetWindowDrawList()->AddImage(t.id, {o.x + p.c0 * p.cell, o.y + p.r0 * p.cell},
                                       {o.x + p.c1 * p.cell, o.y + p.r1 * p.cell}, {0.f, 0.f},
                                       t.uv_max);
  return true;
}

// A cell with a corner value (CellStyle::has_corner): its own value in the
// top-left and the corner value in the bottom-right, both at the grid's value
// size when two lines fit (else as large as they can), the corner value on
// its backing. False when even that does not fit: the cell's value alone.
bool draw_two_values(ImDrawList* dl, const CellStyle& s, ImVec2 a, float cell, float vfs,
                     ImU32 text) {
  const float fs = std::min(vfs, 0.47f * cell);
  if (fs < 0.55f * vfs) return false;
  char top[32] = "", corner[32];
  const float room = value_room(cell);
  if (s.label)
    std::snprintf(top, sizeof top, "%s", s.label);
  else if (s.has_value && !format_value(s.value, room, fs, top, sizeof top))
    return false;
  if (!format_value(s.corner_value, room, fs, corner, sizeof corner)) return false;
  ImFont* font = ImGui::GetFont();
  const ImVec2 cs = font->CalcTextSizeA(fs, FLT_MAX, 0.f, corner);
  const float m = std::max(1.f, 0.04f * cell);
  if (*top) {
    const ImU32 tc =
        s.text ? s.text : (((s.fill >> IM_COL32_A_SHIFT) & 0xFF) >= 128 ? text_on(s.fill) : text);
    draw_text(dl, fs, {a.x + m + 1.f, a.y + m}, tc, top);
  }
  const ImVec2 c{a.x + cell - cs.x - m - 1.f, a.y + cell - cs.y - m};
  ImU32 cc = s.text ? s.text : text;
  if (s.corner_fill & IM_COL32_A_MASK) {
    dl->AddRectFilled({c.x - 1.f, c.y}, {c.x + cs.x + 1.f, c.y + cs.y}, s.corner_fill);
    cc = text_on(s.corner_fill | IM_COL32_A_MASK);
  }
  draw_text(dl, fs, c, cc, corner);
  return true;
}

// A cell's value or label, centred, when it fits (a value in a short form
// when only that fits: grid() shows the full one on hover).
void draw_cell_text(const Paint& p, const CellStyle& s, ImVec2 a) {
  char buf[32];
  bool ok = true, shortened = false;
  if (s.label) {
    std::snprintf(buf, sizeof buf, "%s", s.label);
    ok = ImGui::GetFont()->CalcTextSizeA(p.vfs, FLT_MAX, 0.f, buf).x <= value_room(p.cell);
  } else {
    ok = format_value(s.value, value_room(p.cell), p.vfs, buf, sizeof buf, &shortened);
  }
  if (!ok) {
    if (!s.label) log_hidden_values(1, true);
    return;
  }
  // Translucent fills sit on the window background: use the theme's text colour.
  const ImU32 tc =
      s.text ? s.text
             : (((s.fill >> IM_COL32_A_SHIFT) & 0xFF) >= 128 ? text_on(s.fill) : p.pal.text);
  const ImVec2 ts = ImGui::GetFont()->CalcTextSizeA(p.vfs, FLT_MAX, 0.f, buf);
  log_cell_text(p.id, buf, ts.x, p.cell, shortened);
  draw_text(ImGui::GetWindowDrawList(), p.vfs,
            {a.x + 0.5f * (p.cell - ts.x), a.y + 0.5f * (p.cell - ts.y)}, tc, buf);
}

// Cells as rectangles (8 px and up, or no GL): fill, border, value. Shaded
// cells take their scale from the same cells (a few thousand at most here).
void draw_cell_rects(const Paint& p) {
  float max_abs = 0.f;
  bool negative = false;
  if (p.shade)
    for (int r = p.r0; r < p.r1; ++r)
      for (int c = p.c0; c < p.c1; ++c) {
        const CellStyle s = p.cell_fn(r, c);
        if (!p.shaded(s) || !std::isfinite(s.value)) continue;
        max_abs = std::max(max_abs, std::fabs(s.value));
        negative |= s.value < 0.f;
      }
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float line = std::max(1.f, std::round(p.cell / 28.f));
  for (int r = p.r0; r < p.r1; ++r)
    for (int c = p.c0; c < p.c1; ++c) {
      const CellStyle s = p.cell_fn(r, c);
      const ImVec2 a{p.g.origin.x + c * p.cell, p.g.origin.y + r * p.cell};
      const ImVec2 b{a.x + p.cell, a.y + p.cell};
      if (p.shaded(s))
        dl->AddRectFilled(a, b, shade_cell(s.fill, s.value, max_abs, negative, p.backing, p.pal));
      else if (s.fill & IM_COL32_A_MASK)
        dl->AddRectFilled(a, b, s.fill);
      if (p.borders) draw_pattern(dl, a, b, s.pattern, s.pattern_color);
      if (p.borders && s.border != Border::None) {
        const ImU32 bc = s.border_color ? s.border_color : p.pal.grid;
        if (s.border == Border::Solid)
          stroke_rect(dl, a, b, bc, line);
        else
          dashed_rect(dl, {a.x + line, a.y + line}, {b.x - line, b.y - line}, bc, line,
                      std::max(2.f, p.cell / 7.f));
      }
      if (p.vfs > 0.f && s.has_corner && draw_two_values(dl, s, a, p.cell, p.vfs, p.pal.text))
        continue;
      if (p.vfs > 0.f && (s.has_value || s.label)) draw_cell_text(p, s, a);
    }
}

// The cells as one item: hover and click, and which cell.
void grid_input(const char* id, const GridSpec& spec, float cell, GridResult& g) {
  if (spec.rows <= 0 || spec.cols <= 0 || cell <= 0.f) return;
  ImGui::SetCursorScreenPos(g.origin);
  ImGui::PushID(id);
  g.clicked = ImGui::InvisibleButton("##cells", {spec.cols * cell, spec.rows * cell});
  g.hovered = ImGui::IsItemHovered();
  ImGui::PopID();
  if (!g.hovered) {
    g.clicked = false;
    return;
  }
  const ImVec2 mp = ImGui::GetIO().MousePos;
  g.hover_c = std::clamp(static_cast<int>((mp.x - g.origin.x) / cell), 0, spec.cols - 1);
  g.hover_r = std::clamp(static_cast<int>((mp.y - g.origin.y) / cell), 0, spec.rows - 1);
}

// Values the grid could not print at all (cells too small for any text):
// counted for the frame log, which an export reports.
void count_hidden(const Paint& p) {
  if (p.vfs > 0.f || !frame_log()) return;
  int n = 0;
  for (int r = p.r0; r < p.r1; ++r)
    for (int c = p.c0; c < p.c1; ++c) {
      const CellStyle s = p.cell_fn(r, c);
      n += s.has_value && !s.label ? 1 : 0;
    }
  log_hidden_values(n);
}

// The hovered cell's full value when the cell shows less (a short form, or
// nothing). A view's own tooltip, set after grid() returns, replaces it.
void value_tooltip(const Paint& p, const GridResult& g) {
  if (!g.hovered) return;
  const CellStyle s = p.cell_fn(g.hover_r, g.hover_c);
  if (!s.has_value || s.label) return;
  char buf[32];
  bool shortened = false;
  if (p.vfs > 0.f &&
      format_value(s.value, value_room(p.cell), p.vfs, buf, sizeof buf, &shortened) && !shortened)
    return;
  ImGui::SetTooltip("(%d, %d) = %s", g.hover_r, g.hover_c, num(s.value).c_str());
}

}  // namespace

GridResult grid(const char* id, const GridSpec& spec, float cell, const CellFn& cell_fn,
                const Palette& pal, RasterCache* raster) {
  GridResult g;
  if (spec.fixed_cell > 0.f) cell = spec.fixed_cell;
  g.cell = cell;
  g.rows = spec.rows;
  g.cols = spec.cols;
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  const Metrics m = metrics(spec);
  const ImVec2 block = grid_block_size(spec, cell);
  g.origin = {p0.x + m.left, p0.y + m.title_h + m.top};
  g.block_min = p0;
  g.block_max = {p0.x + block.x, p0.y + block.y};

  ImGui::BeginGroup();
  draw_labels(spec, m, g, p0, block, cell, pal);
  const Paint p = make_paint(id, spec, cell_fn, pal, g, cell);
  if (FrameLog* log = frame_log(); log && log->record)
    log_grid(id, cell, spec.rows, spec.cols, p0.y);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 end{g.origin.x + spec.cols * cell, g.origin.y + spec.rows * cell};
  if (!p.borders && spec.rows > 0 && spec.cols > 0)
    stroke_rect(dl, {g.origin.x - 1.f, g.origin.y - 1.f}, {end.x + 1.f, end.y + 1.f}, pal.grid,
                1.f);
  const bool any = p.r1 > p.r0 && p.c1 > p.c0;
  const bool rastered = raster && !p.borders && any && draw_raster(p, *raster, id);
  if (!p.borders && !rastered && any) dl->AddRectFilled(g.origin, end, p.backing);
  if (!rastered) draw_cell_rects(p);
  count_hidden(p);
  grid_input(id, spec, cell, g);
  value_tooltip(p, g);
  // Reserve the whole block (title and indices included) as one item.
  ImGui::SetCursorScreenPos(p0);
  ImGui::Dummy(block);
  ImGui::EndGroup();
  return g;
}

void outline(const GridResult& g, int r0, int c0, int r1, int c1, ImU32 col, float thickness,
             bool outside) {
  // Entirely off the grid: nothing (clamping would outline the wrong cell).
  if (g.rows <= 0 || g.cols <= 0 || r1 < 0 || c1 < 0 || r0 >= g.rows || c0 >= g.cols) return;
  r0 = std::clamp(r0, 0, g.rows - 1);
  r1 = std::clamp(r1, 0, g.rows - 1);
  c0 = std::clamp(c0, 0, g.cols - 1);
  c1 = std::clamp(c1, 0, g.cols - 1);
  const ImVec2 a = g.cell_min(r0, c0), b = g.cell_max(r1, c1);
  if (outside || g.cell < 4.f * thickness) {
    // Tiny cells: the outline goes around the outside, at full thickness, so
    // a single highlighted cell in a 64×64 grid is still found at a glance.
    const float h = 0.5f * thickness;
    stroke_rect(ImGui::GetWindowDrawList(), {a.x - h, a.y - h}, {b.x + h, b.y + h}, col, thickness);
    return;
  }
  const float h = 0.5f * thickness;
  stroke_rect(ImGui::GetWindowDrawList(), {a.x + h, a.y + h}, {b.x - h, b.y - h}, col, thickness);
}

void corner_text(const GridResult& g, int r, int c, const char* text, ImU32 col, ImU32 bg,
                 Corner corner) {
  if (!g.contains(r, c) || !text || !*text) return;
  const float font = ImGui::GetFontSize();
  const float fs = font * 0.62f;
  const ImVec2 ts = ImGui::GetFont()->CalcTextSizeA(fs, FLT_MAX, 0.f, text);
  // Clear of a centred value line (kValueScale·font tall, up to 2× on big cells).
  const float value_h = font * kValueScale * value_growth(g.cell);
  if (0.5f * (g.cell - value_h) < ts.y + 1.f || ts.x > g.cell * 0.5f) return;
  const ImVec2 lo = g.cell_min(r, c), hi = g.cell_max(r, c);
  const ImVec2 a = corner == Corner::TopLeft ? ImVec2{lo.x + 2.f, lo.y + 1.f}
                                             : ImVec2{hi.x - ts.x - 2.f, hi.y - ts.y - 1.f};
  ImDrawList* dl = ImGui::GetWindowDrawList();
  if (bg & IM_COL32_A_MASK) dl->AddRectFilled({a.x - 1.f, a.y}, {a.x + ts.x + 1.f, a.y + ts.y}, bg);
  draw_text(dl, fs, a, col, text);
}

std::string tap_name(int index) {
  if (index < 0 || index >= 26) return "";
  return std::string(1, static_cast<char>('a' + index));
}

void hatch(const GridResult& g, int r0, int c0, int r1, int c1, ImU32 col) {
  if (g.rows <= 0 || g.cols <= 0 || r1 < 0 || c1 < 0 || r0 >= g.rows || c0 >= g.cols) return;
  r0 = std::clamp(r0, 0, g.rows - 1);
  r1 = std::clamp(r1, 0, g.rows - 1);
  c0 = std::clamp(c0, 0, g.cols - 1);
  c1 = std::clamp(c1, 0, g.cols - 1);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 a = g.cell_min(r0, c0), b = g.cell_max(r1, c1);
  // Hatch per cell, so the spacing follows the cells and values stay clear.
  for (int r = r0; r <= r1; ++r)
    for (int c = c0; c <= c1; ++c)
      draw_pattern(dl, g.cell_min(r, c), g.cell_max(r, c), Pattern::Hatch, with_alpha(col, 0.55f));
  const float t = std::max(2.f, std::round(g.cell / 14.f));
  stroke_rect(dl, {a.x - 0.5f * t, a.y - 0.5f * t}, {b.x + 0.5f * t, b.y + 0.5f * t}, col, t);
}

void wash(const GridResult& g, int r0, int c0, int r1, int c1, ImU32 col) {
  if (g.rows <= 0 || g.cols <= 0 || r1 < 0 || c1 < 0 || r0 >= g.rows || c0 >= g.cols) return;
  r0 = std::clamp(r0, 0, g.rows - 1);
  r1 = std::clamp(r1, 0, g.rows - 1);
  c0 = std::clamp(c0, 0, g.cols - 1);
  c1 = std::clamp(c1, 0, g.cols - 1);
  ImGui::GetWindowDrawList()->AddRectFilled(g.cell_min(r0, c0), g.cell_max(r1, c1), col);
}

// [SECTION] Annotations.
void arrow(ImDrawList* dl, ImVec2 from, ImVec2 to, ImU32 col, float thickness) {
  const float len = std::hypot(to.x - from.x, to.y - from.y);
  if (len < 1.f) return;
  const ImVec2 d{(to.x - from.x) / len, (to.y - from.y) / len};
  const float head = std::min(len * 0.5f, 4.f * thickness + 4.f);
  const ImVec2 base{to.x - d.x * head, to.y - d.y * head};
  dl->AddLine(from, base, col, thickness);
  const ImVec2 n{-d.y * head * 0.5f, d.x * head * 0.5f};
  dl->AddTriangleFilled(to, {base.x + n.x, base.y + n.y}, {base.x - n.x, base.y - n.y}, col);
}

ImVec2 label_size(const char* text, float scale) {
  const float fs = ImGui::GetFontSize() * scale;
  const ImVec2 t = ImGui::GetFont()->CalcTextSizeA(fs, FLT_MAX, 0.f, text);
  const float pad = fs * 0.2f;
  return {t.x + 2 * pad, t.y + 2 * pad};
}

ImVec2 label(ImDrawList* dl, ImVec2 pos, const char* text, ImU32 col, ImU32 bg, float scale) {
  const float fs = ImGui::GetFontSize() * scale;
  const float pad = fs * 0.2f;
  const ImVec2 size = label_size(text, scale);
  if (bg & IM_COL32_A_MASK) dl->AddRectFilled(pos, add(pos, size), bg, pad);
  draw_text(dl, fs, {pos.x + pad, pos.y + pad}, col, text);
  return size;
}

std::string num(float v) {
  return decimals_text(v, 2);
}

float text_height(const std::string& text) {
  if (text.empty()) return 0.f;
  const float w = ImGui::GetContentRegionAvail().x;
  return ImGui::CalcTextSize(text.c_str(), nullptr, false, w).y + ImGui::GetStyle().ItemSpacing.y;
}

void caption(const char* fmt, ...) {
  va_list args;
  va_start(args, fmt);
  ImGui::TextWrappedV(fmt, args);
  va_end(args);
}

float caption_height(int lines) {
  return lines * ImGui::GetTextLineHeightWithSpacing();
}

namespace {
// Legends stop growing at the projector's scale, as the parameter panel and
// the gaps between grids do: past it their lines only take the rows the
// grids need (font scale 3 wrapped four items onto two lines under a 6 × 6
// input). While one lives, the window's text is at most scale 2's size.
class LegendFont {
 public:
  LegendFont() : saved_(ImGui::GetCurrentWindow()->FontWindowScale) {
    const float size = label_font_size();
    if (ImGui::GetFontSize() > size)
      ImGui::SetWindowFontScale(saved_ * size / ImGui::GetFontSize());
  }
  ~LegendFont() { ImGui::SetWindowFontScale(saved_); }
  LegendFont(const LegendFont&) = delete;
  LegendFont& operator=(const LegendFont&) = delete;

 private:
  float saved_;
};

float legend_item_width(const LegendItem& it) {
  const float sw = ImGui::GetTextLineHeight();
  return sw + ImGui::GetStyle().ItemInnerSpacing.x + ImGui::CalcTextSize(it.text.c_str()).x;
}
float legend_gap() {
  return ImGui::GetFontSize();
}
}  // namespace

void legend(const std::vector<LegendItem>& items, const Palette& pal, float width) {
  const LegendFont font;
  // width > 0: the legend's own column (a view laid out side by side).
  const float right =
      ImGui::GetCursorScreenPos().x + (width > 0.f ? width : ImGui::GetContentRegionAvail().x);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float sw = ImGui::GetTextLineHeight();
  for (size_t i = 0; i < items.size(); ++i) {
    const LegendItem& it = items[i];
    if (i > 0) {
      // Same line when it fits, as ImGui's demo wraps buttons.
      const float last = ImGui::GetItemRectMax().x;
      if (last + legend_gap() + legend_item_width(it) <= right) ImGui::SameLine(0.f, legend_gap());
    }
    ImGui::BeginGroup();
    const ImVec2 a = ImGui::GetCursorScreenPos();
    const ImVec2 b{a.x + sw, a.y + sw};
    if (it.look.fill & IM_COL32_A_MASK) dl->AddRectFilled(a, b, it.look.fill);
    draw_pattern(dl, a, b, it.look.pattern, it.look.pattern_color);
    const ImU32 bc = it.look.border_color ? it.look.border_color : pal.grid;
    if (it.look.border == Border::Solid)
      dl->AddRect(a, b, bc, 0.f, 0, 1.5f);
    else if (it.look.border == Border::Dashed)
      dashed_rect(dl, a, b, bc, 1.5f, std::max(2.f, sw / 6.f));
    ImGui::Dummy({sw, sw});
    ImGui::SameLine(0.f, ImGui::GetStyle().ItemInnerSpacing.x);
    // A text wider than the view wraps instead of being cut at its edge.
    ImGui::PushTextWrapPos(right - ImGui::GetWindowPos().x + ImGui::GetScrollX());
    ImGui::TextWrapped("%s", it.text.c_str());
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
  }
}

float legend_height(const std::vector<LegendItem>& items, float width) {
  if (items.empty()) return 0.f;
  const LegendFont font;
  const float avail = width > 0.f ? width : ImGui::GetContentRegionAvail().x;
  int lines = 1;
  float x = 0.f;
  const float swatch = ImGui::GetTextLineHeight() + ImGui::GetStyle().ItemInnerSpacing.x;
  for (size_t i = 0; i < items.size(); ++i) {
    const float w = legend_item_width(items[i]);
    if (i > 0 && x + legend_gap() + w > avail) {
      ++lines;
      x = w;
    } else {
      x += (i ? legend_gap() : 0.f) + w;
    }
    if (w > avail) {
      // Wrapped (legend()): its extra lines.
      const float th =
          ImGui::CalcTextSize(items[i].text.c_str(), nullptr, false, std::max(avail - swatch, 1.f))
              .y;
      lines += std::max(0, static_cast<int>(std::lround(th / ImGui::GetTextLineHeight())) - 1);
      x = avail;
    }
  }
  // A line is a swatch of the text's height beside its text (legend()).
  return lines * ImGui::GetTextLineHeightWithSpacing();
}

// [SECTION] View scaffolding.
void begin_canvas(const char* id, float reserve_bottom) {
  const FrameLog* log = frame_log();
  // An export is a picture: what does not fit is reported (end_canvas), never
  // scrolled to, so a scrollbar is never baked into it.
  const ImGuiWindowFlags flags =
      log && log->no_scrollbars ? ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse
                                : ImGuiWindowFlags_HorizontalScrollbar;
  ImGui::BeginChild(id, {0.f, reserve_bottom > 0.f ? -reserve_bottom : 0.f}, false, flags);
}

void end_canvas() {
  if (FrameLog* log = frame_log()) {
    // Last frame's content size against this region: an export settles a
    // few frames before the one it keeps, so the report is current.
    // A line's spacing at the end is no content (the value editor's anchor
    // starts a line below the grids).
    const float line = ImGui::GetStyle().ItemSpacing.y;
    log->overflow.x = std::max(log->overflow.x, ImGui::GetScrollMaxX());
    log->overflow.y = std::max(log->overflow.y, ImGui::GetScrollMaxY() - line);
  }
  ImGui::EndChild();
}

// The height of a caption of the steps' tallest form and of a pinned legend,
// in the current font and style; also what each decided.
struct TextRoom {
  float height = 0.f;
  bool use_short = false, legend_pinned = true;
};
TextRoom text_room(const std::string& long_caption, const std::string& short_caption,
                   const std::vector<LegendItem>& items, const std::vector<CaptionPair>& others,
                   float avail_h) {
  float long_h = text_height(long_caption), short_h = text_height(short_caption);
  for (const auto& [l, b] : others) {
    long_h = std::max(long_h, text_height(l));
    short_h = std::max(short_h, text_height(b));
  }
  TextRoom r;
  r.use_short = !short_caption.empty() && long_h > 0.25f * avail_h;
  const float leg_h = legend_height(items);
  // Pinned below the canvas, so it is never scrolled away; only a legend
  // that would take most of a small tile ends the canvas instead.
  r.legend_pinned = leg_h <= 0.35f * avail_h || exporting();
  r.height = (r.use_short ? short_h : long_h) + (r.legend_pinned ? leg_h : 0.f);
  return r;
}

ViewFrame begin_view(const char* id, const std::string& long_caption,
                     const std::string& short_caption, const std::vector<LegendItem>& items,
                     const std::vector<CaptionPair>& others) {
  ViewFrame f;
  const float avail_h = ImGui::GetContentRegionAvail().y;
  const ImVec2 window = ImGui::GetWindowSize(), frame = window_frame();
  // The tallest caption over the steps decides the form and the room kept.
  const TextRoom now = text_room(long_caption, short_caption, items, others, avail_h);
  f.legend_pinned = now.legend_pinned;
  const float leg_h = f.legend_pinned ? legend_height(items) : 0.f;
  const std::string& cap = now.use_short ? short_caption : long_caption;
  const float y0 = ImGui::GetCursorPosY();
  if (!cap.empty()) caption("%s", cap.c_str());
  if (y0 + now.height - leg_h > ImGui::GetCursorPosY())
    ImGui::SetCursorPosY(y0 + now.height - leg_h);
  // The same text at font scale 2 (projector_floor), wrapped at that size:
  // text widths and style sizes scale exactly with the font.
  const float ref = kProjectorFontScale * kBaseFontPixels / ImGui::GetFontSize();
  float text2 = now.height;
  if (ref < 1.f) {
    ImGuiStyle& style = ImGui::GetStyle();
    const ImGuiStyle saved = style;
    style.ScaleAllSizes(ref);
    ImGui::SetWindowFontScale(ref);
    text2 = text_room(long_caption, short_caption, items, others, avail_h).height;
    ImGui::SetWindowFontScale(1.f);
    style = saved;
  }
  // leg_h has one line's spacing per legend line: the one after the canvas
  // and those between lines (the last line needs none below it).
  begin_canvas(id, leg_h);
  if (ref < 1.f) {
    // Everything in the tile but the canvas and the window's frame (title
    // bar, padding: chrome, the same at scale 2): text and spacing. All of
    // it but the text is k times as big at scale 2.
    const ImVec2 canvas = canvas_room();
    const ImVec2 around{window.x - frame.x - canvas.x - scrollbar_room(),
                        window.y - frame.y - canvas.y};
    f.beyond2 = {around.x * (1.f - ref), around.y - ((around.y - now.height) * ref + text2)};
  }
  return f;
}

void end_view(const ViewFrame& f, const std::vector<LegendItem>& items, const Palette& pal) {
  if (!f.legend_pinned) legend(items, pal);
  end_canvas();
  if (f.legend_pinned) legend(items, pal);
}

float scrollbar_room() {
  // The bar itself, not the scroll: a PNG of the window draws none.
  return ImGui::GetCurrentWindow()->ScrollbarY ? ImGui::GetStyle().ScrollbarSize : 0.f;
}

ImVec2 canvas_room() {
  const ImVec2 a = ImGui::GetContentRegionAvail();
  return {a.x, std::max(0.f, a.y - ImGui::GetStyle().ItemSpacing.y)};
}

float printable_cell() {
  return std::round(label_font_size() * kValueScale * 1.2f);
}

float readable_cell() {
  return std::round(ImGui::GetFontSize() * kValueScale * 1.2f);
}

float min_cell(const Style& style, int largest_grid_edge) {
  if (exporting()) return min_cell(style);
  const float readable = std::max(readable_cell(), min_cell(style));
  const float edge = static_cast<float>(std::max(largest_grid_edge, 1));
  // Values printed as long as the largest grid stays within ~400 px (scaled):
  // a small problem scrolls rather than hiding its numbers.
  if (readable * edge <= 400.f * style.font_scale) return readable;
  // Otherwise about 160 px for the largest grid, down to min_cell(style).
  return std::clamp(160.f * style.font_scale / edge, min_cell(style), readable);
}

}  // namespace studio::ui
