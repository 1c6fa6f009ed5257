// The flip view: why the two pictures agree. K and its 180° rotation, tap
// colours carried across so each tap can be followed, and the two routes'
// recorded outputs side by side with their largest difference.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "captions.h"
#include "draw.h"
#include "readout.h"
#include "views.h"

namespace studio {

namespace {

using namespace ui;

enum Grid { kKernel, kFlipped, kRoute1, kRoute2, kGrids };

// The two routes' outputs and the drawn channels, for this frame.
struct Scene {
  const Model& model;
  const tconv::Tensor4& fk;      // the flip record's rotated kernel
  const tconv::Tensor4& direct;  // route 2's output
  const FlipComparison& cmp;     // route 1's output and the difference
  DrawnChannels ch;
  int kH, kW, Ho, Wo;
  bool multi;
  bool same_shape() const { return cmp.scatter.dimensions() == direct.dimensions(); }
};

std::vector<GridSpec> grid_specs(const Scene& s) {
  std::vector<GridSpec> specs(kGrids);
  specs[kKernel] = {
      s.multi ? "K = w[" + std::to_string(s.ch.ci) + "," + std::to_string(s.ch.co_local) + "]"
              : "kernel K",
      s.kH, s.kW};
  specs[kFlipped] = {"K rotated 180°", s.kH, s.kW};
  // Two lines: on one, the routes' titles alone are too wide for the four
  // grids to share a row at a projector's font.
  specs[kRoute1] = {"route 1:\nscatter with K", s.Ho, s.Wo};
  specs[kRoute2] = {"route 2:\nconv with flipped K", s.Ho, s.Wo};
  for (Grid i : {kRoute1, kRoute2})
    if (s.multi) specs[i].title += "\noutput channel " + std::to_string(s.ch.co);
  // Fills here name a category: shade them by value once values are hidden.
  for (GridSpec& g : specs) g.shade_values = true;
  return specs;
}

CellStyle value_cell(ImU32 fill, bool has_value, float value) {
  CellStyle s{fill};
  s.has_value = has_value;
  if (has_value) s.value = value;
  return s;
}

void draw_grids(const ViewContext& cx, const Scene& s, const std::vector<GridSpec>& specs,
                const std::vector<std::vector<int>>& rows, float cell, float gap,
                GridResult (&gr)[kGrids]) {
  const Palette& pal = cx.palette();
  const DrawnChannels& ch = s.ch;
  layout_rows(rows, gap, [&](int i) {
    switch (i) {
      case kKernel:
        gr[i] = grid(
            "K", specs[i], cell,
            [&](int r, int c) {
              return value_cell(pal.kernel, true, weight_value(s.model, ch.ci, ch.co_local, r, c));
            },
            pal, cx.raster);
        break;
      case kFlipped:
        gr[i] = grid(
            "Kflip", specs[i], cell,
            [&](int r, int c) {
              return value_cell(pal.kernel, true, s.fk(ch.co, ch.ci_local, r, c));
            },
            pal, cx.raster);
        break;
      default: {
        const tconv::Tensor4& t = i == kRoute1 ? s.cmp.scatter : s.direct;
        const bool ok = i == kRoute2 || s.same_shape();
        gr[i] = grid(
            i == kRoute1 ? "y1" : "y2", specs[i], cell,
            [&](int r, int c) {
              return value_cell(pal.output, ok, ok ? t(ch.n, ch.co, r, c) : 0.f);
            },
            pal, cx.raster);
      }
    }
  });
}

// Between side-by-side blocks: a "rotate" arrow for the kernels, "=" for
// the outputs; nothing when they are not on one row.
void between(const GridResult& a, const GridResult& b, bool arrow_not_equals, const Style& style) {
  if (a.rows == 0 || b.rows == 0) return;
  const float ya = a.origin.y + 0.5f * a.rows * a.cell, yb = b.origin.y + 0.5f * b.rows * b.cell;
  if (std::fabs(ya - yb) > 1.f || b.block_min.x < a.block_max.x) return;  // not on one row
  // In the gap itself: b's row numbers start at its block's edge.
  const float x0 = a.block_max.x + 3.f, x1 = b.block_min.x - 3.f;
  if (x1 - x0 < 8.f) return;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  if (arrow_not_equals) {
    arrow(dl, {x0, ya}, {x1, ya}, style.palette.text, ui::outline_width(style, 2.f));
  } else {
    // A label between grids: no bigger than the gap holds (ui::label_font_size).
    const float size = ui::label_font_size();
    const ImVec2 ts = ImGui::GetFont()->CalcTextSizeA(size, FLT_MAX, 0.f, "=");
    if (ts.x <= x1 - x0)
      dl->AddText(ImGui::GetFont(), size, {0.5f * (x0 + x1 - ts.x), ya - 0.5f * ts.y},
                  style.palette.text, "=");
  }
}

void draw_overlays(const Scene& s, const Style& style, const GridResult (&gr)[kGrids]) {
  // Tap letters travel with the rotation: "a" top-left in K ends bottom-right.
  if (s.kH * s.kW <= 26) {
    const ImU32 ink = with_alpha(text_on(style.palette.kernel), 0.75f);
    for (int r = 0; r < s.kH; ++r)
      for (int c = 0; c < s.kW; ++c) {
        corner_text(gr[kKernel], r, c, tap_name(r * s.kW + c).c_str(), ink, 0, Corner::TopLeft);
        corner_text(gr[kFlipped], r, c, tap_name((s.kH - 1 - r) * s.kW + (s.kW - 1 - c)).c_str(),
                    ink, 0, Corner::TopLeft);
      }
  }
  between(gr[kKernel], gr[kFlipped], true, style);
  between(gr[kRoute1], gr[kRoute2], false, style);
}

void hover_cells(ViewContext& cx, const Scene& s, const GridResult (&gr)[kGrids]) {
  const int64_t ci = s.ch.ci, co_local = s.ch.co_local;
  bool any = false;
  for (Grid i : {kKernel, kFlipped}) {
    const GridResult& g = gr[i];
    if (!g.hovered) continue;
    any = true;
    const int kh = i == kKernel ? g.hover_r : s.kH - 1 - g.hover_r;
    const int kw = i == kKernel ? g.hover_c : s.kW - 1 - g.hover_c;
    cx.set_hover({Hover::Kind::Kernel, ci, kh, kw});
    if (g.clicked) {
      char what[96];
      std::snprintf(what, sizeof what, "weight w[%lld,%lld,%d,%d]", static_cast<long long>(ci),
                    static_cast<long long>(co_local), kh, kw);
      open_value_editor(cx.state.editor, Target::Weight, {ci, co_local, kh, kw},
                        weight_value(s.model, ci, co_local, kh, kw), what);
    }
  }
  for (Grid i : {kRoute1, kRoute2}) {
    if (!gr[i].hovered) continue;
    any = true;
    cx.set_hover({Hover::Kind::Output, s.ch.co, gr[i].hover_r, gr[i].hover_c});
  }
  cx.clear_hover_if_idle(any);
}

void draw_highlight(ViewContext& cx, const Scene& s, const GridResult (&gr)[kGrids]) {
  const Highlight& hl = cx.highlight();
  const ImU32 col = cx.palette().hover;
  const float thick = ui::outline_width(cx.style, 2.5f);
  for (const auto& [r, c] : hl.kernel_taps) {
    outline_cell(gr[kKernel], r, c, col, thick);
    outline_cell(gr[kFlipped], s.kH - 1 - r, s.kW - 1 - c, col, thick);
  }
  for (const auto& [r, c] : hl.output_cells) {
    outline_cell(gr[kRoute1], r, c, col, thick);
    outline_cell(gr[kRoute2], r, c, col, thick);
  }
}

}  // namespace

void DrawFlipView(ViewContext& cx) {
  const Model& model = cx.model;
  const tconv::Records& rec = model.records();
  const tconv::Tensor4& fk = rec.flip.flipped_kernel();
  const tconv::Tensor4& direct = rec.flip.output();
  if (fk.size() == 0 || direct.size() == 0) {
    ImGui::TextUnformatted(
        "No valid parameters yet: the flip view waits for a valid configuration.");
    return;
  }
  const auto dim = [](const tconv::Tensor4& t, int d) { return static_cast<int>(t.dimension(d)); };
  const Scene s{model,
                fk,
                direct,
                cx.derived.flip(model),
                drawn_channels(model),
                dim(fk, 2),
                dim(fk, 3),
                dim(direct, 2),
                dim(direct, 3),
                rec.geo.in_channels > 1 || rec.geo.out_channels > 1};
  const Caption cap =
      flip_caption(s.cmp.max_diff, s.same_shape(), rec.geo.in_per_group(), s.ch.ci, s.ch.co);
  // No steps: both routes' whole outputs, also while the timeline plays in `all`.
  const ViewFrame frame =
      begin_view("##flip", cap.text + " This view has no steps.", cap.brief + " (no steps)", {});

  std::vector<GridSpec> specs = grid_specs(s);
  const float gap = block_gap();
  const std::vector<std::vector<std::vector<int>>> layouts = {
      {{0, 1, 2, 3}}, {{0, 1}, {2, 3}}, {{0, 1}, {2}, {3}}};
  const CanvasFit fit =
      fit_canvas(specs, layouts, min_cell(cx.style, std::max({s.kH, s.kW, s.Ho, s.Wo})),
                 max_cell(cx.style), gap, cx.style, frame.beyond2, {kKernel, kFlipped});
  const float cell = fit.cell;
  const int chosen = fit.chosen;
  GridResult gr[kGrids];
  draw_grids(cx, s, specs, layouts[static_cast<size_t>(chosen)], cell, gap, gr);
  draw_overlays(s, cx.style, gr);
  hover_cells(cx, s, gr);
  draw_highlight(cx, s, gr);
  value_editor(cx.state.editor, cx.edits);
  end_view(frame, {}, cx.palette());
}

}  // namespace studio
