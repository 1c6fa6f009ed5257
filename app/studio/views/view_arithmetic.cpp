// The arithmetic view: conv_arithmetic's picture with values. The same
// output comes from a stride-1 direct convolution over the zero-inserted,
// padded input with the kernel rotated 180°; one output cell per step, as
// conv_arithmetic's GIFs take one frame per cell.
// Labels answer that picture's recurring questions: the kernel is flipped,
// output_padding goes bottom/right only, and which grid is input or output.
#include <algorithm>
#include <cstdio>
#include <string>

#include "captions.h"
#include "draw.h"
#include "readout.h"
#include "views.h"

namespace studio {

namespace {

using namespace ui;

enum Grid { kPadded, kFlipped, kOut, kGrids };

// Everything the view draws from this frame: the flip record's planes, the
// drawn channels, and the output cell the timeline's step shows.
struct Scene {
  const Model& model;
  const tconv::Geometry& geo;
  const tconv::FlipRecord& flip;
  const tconv::Tensor4& padded;
  const tconv::Tensor4& fk;
  const tconv::Tensor4& out;
  DrawnChannels ch;
  int RH, RW, kH, kW, Ho, Wo, dh, dw, sh, sw, PH, PW;
  int64_t cur;  // the output cell shown (row-major)
  int oh, ow;
  bool multi;

  tconv::CellKind kind(int r, int c) const { return flip.kinds()(r, c); }
  // The flipped kernel's tap (kh, kw) over the padded input, for this cell.
  int shadow_row(int kh) const { return oh + kh * dh; }
  int shadow_col(int kw) const { return ow + kw * dw; }
};

Scene make_scene(const ViewContext& cx) {
  const Model& m = cx.model;
  const tconv::Records& rec = m.records();
  const tconv::FlipRecord& flip = rec.flip;
  const auto dim = [](const tconv::Tensor4& t, int d) { return static_cast<int>(t.dimension(d)); };
  const auto i = [](int64_t v) { return static_cast<int>(v); };
  const tconv::Tensor4 &padded = flip.padded(), &fk = flip.flipped_kernel(), &out = flip.output();
  // One step per output cell (steps.h); in `all` the timeline counts input
  // elements and the cell follows it proportionally.
  const int64_t cells = static_cast<int64_t>(dim(out, 2)) * dim(out, 3);
  const int64_t cur = std::clamp<int64_t>(m.output_cell(cx.step, cx.unit), 0, cells - 1);
  const tconv::Geometry& geo = rec.geo;
  return Scene{m,
               geo,
               flip,
               padded,
               fk,
               out,
               drawn_channels(m),
               dim(padded, 2),
               dim(padded, 3),
               dim(fk, 2),
               dim(fk, 3),
               dim(out, 2),
               dim(out, 3),
               i(geo.h.dilation),
               i(geo.w.dilation),
               i(geo.h.stride),
               i(geo.w.stride),
               i(flip.pad_top()),
               i(flip.pad_left()),
               cur,
               i(cur / dim(out, 3)),
               i(cur % dim(out, 3)),
               geo.in_channels > 1 || geo.out_channels > 1 || geo.batch > 1};
}

// The current cell's dot product, terms taken from the records.
ArithmeticCell cell_terms(const Scene& s) {
  ArithmeticCell c;
  c.index = s.cur;
  c.cells = static_cast<int64_t>(s.Ho) * s.Wo;
  c.oh = s.oh;
  c.ow = s.ow;
  for (int kh = 0; kh < s.kH; ++kh)
    for (int kw = 0; kw < s.kW; ++kw) {
      const int r = s.shadow_row(kh), col = s.shadow_col(kw);
      if (r >= s.RH || col >= s.RW) continue;
      const float x = s.padded(s.ch.n, s.ch.ci, r, col);
      // Zeros (inserted, padding) add nothing: counted, not listed.
      if (x != 0.f) c.terms.push_back({x, s.fk(s.ch.co, s.ch.ci_local, kh, kw)});
    }
  c.taps = static_cast<int64_t>(s.kH) * s.kW;
  c.in_per_group = s.geo.in_per_group();
  c.has_bias = s.geo.has_bias;
  c.bias = bias_value(s.model, s.ch.co);
  c.value = s.out(s.ch.n, s.ch.co, s.oh, s.ow);
  return c;
}

std::vector<LegendItem> legend_items(const Scene& s, const Palette& pal) {
  std::vector<LegendItem> leg;
  leg.push_back({{pal.input, 0, Border::Solid}, "input element"});
  if (s.sh > 1 || s.sw > 1)
    leg.push_back({ui::zero_cell(ui::ZeroKind::Inserted, pal), "inserted zero"});
  if (s.PH > 0 || s.PW > 0)
    leg.push_back({ui::zero_cell(ui::ZeroKind::Padding, pal), "padding zero"});
  if (s.geo.h.output_padding > 0 || s.geo.w.output_padding > 0)
    leg.push_back(
        {ui::zero_cell(ui::ZeroKind::OutputPadding, pal), "output_padding (bottom/right)"});
  leg.push_back(
      {{with_alpha(pal.kernel, 0.45f), pal.highlight, Border::Solid}, "flipped kernel's shadow"});
  leg.push_back({{pal.output, 0, Border::Solid}, "output computed so far"});
  return leg;
}

std::vector<GridSpec> grid_specs(const Scene& s) {
  const std::string co = std::to_string(s.ch.co);
  std::vector<GridSpec> specs(kGrids);
  // Two lines, like the kernel's: on one, the titles alone leave no room
  // for the three grids in a row beside the panel at a projector's font.
  specs[kPadded] = {"input, zero-inserted\nand padded", s.RH, s.RW};
  if (s.multi) specs[kPadded].title += ", channel " + std::to_string(s.ch.ci);
  specs[kFlipped] = {"flipped kernel", s.kH, s.kW};
  if (s.multi) specs[kFlipped].title += " [" + co + "," + std::to_string(s.ch.ci_local) + "]";
  specs[kFlipped].title += "\n(K rotated 180°)";
  specs[kOut] = {"output y", s.Ho, s.Wo};
  if (s.multi) specs[kOut].title += ", channel " + co;
  // Fills here name a category: shade them by value once values are hidden.
  for (GridSpec& g : specs) g.shade_values = true;
  return specs;
}

// [SECTION] Cells

// The flipped kernel's value on a cell under its shadow, as large as the
// kernel's own values (conv_arithmetic's subscripts).
CellStyle with_tap(const Scene& s, const Palette& pal, CellStyle cs, int r, int c) {
  for (int kh = 0; kh < s.kH; ++kh)
    for (int kw = 0; kw < s.kW; ++kw)
      if (s.shadow_row(kh) == r && s.shadow_col(kw) == c) {
        cs.has_corner = true;
        cs.corner_value = s.fk(s.ch.co, s.ch.ci_local, kh, kw);
        cs.corner_fill = with_alpha(pal.kernel, 0.9f);
      }
  return cs;
}

// The three grids, drawn as layout_rows places them.
void draw_grids(const ViewContext& cx, const Scene& s, const std::vector<GridSpec>& specs,
                const std::vector<std::vector<int>>& rows, float cell, float gap,
                GridResult (&gr)[kGrids]) {
  const Palette& pal = cx.palette();
  // Once per frame rather than per cell.
  const CellStyle inserted = ui::zero_cell(ui::ZeroKind::Inserted, pal),
                  padding = ui::zero_cell(ui::ZeroKind::Padding, pal),
                  out_padding = ui::zero_cell(ui::ZeroKind::OutputPadding, pal);
  const auto padded_cell = [&](int r, int c) {
    switch (s.kind(r, c)) {
      case tconv::CellKind::Input: {
        CellStyle cs{pal.input};
        cs.has_value = true;
        cs.value = s.padded(s.ch.n, s.ch.ci, r, c);
        return with_tap(s, pal, cs, r, c);
      }
      case tconv::CellKind::Inserted:
        return with_tap(s, pal, inserted, r, c);
      case tconv::CellKind::Padding:
        return with_tap(s, pal, padding, r, c);
      case tconv::CellKind::OutputPadding:
        return with_tap(s, pal, out_padding, r, c);
    }
    return padding;
  };
  const auto flipped_cell = [&](int r, int c) {
    CellStyle cs{with_alpha(pal.kernel, 0.85f)};
    cs.has_value = true;
    cs.value = s.fk(s.ch.co, s.ch.ci_local, r, c);
    cs.text = text_on(pal.kernel);
    return cs;
  };
  const auto out_cell = [&](int r, int c) {
    CellStyle cs;
    if (static_cast<int64_t>(r) * s.Wo + c <= s.cur) {
      cs.fill = pal.output;
      cs.has_value = true;
      cs.value = s.out(s.ch.n, s.ch.co, r, c);
    }
    return cs;
  };
  layout_rows(rows, gap, [&](int i) {
    if (i == kPadded)
      gr[i] = grid("padded", specs[kPadded], cell, padded_cell, pal, cx.raster);
    else if (i == kFlipped)
      gr[i] = grid("flipped", specs[kFlipped], cell, flipped_cell, pal, cx.raster);
    else
      gr[i] = grid("out", specs[kOut], cell, out_cell, pal, cx.raster);
  });
}

// [SECTION] Overlays: the flipped kernel's shadow over the padded input, its
// values riding in the corners, and the cell it produces.
void draw_overlays(const Scene& s, const Style& style, const GridResult (&gr)[kGrids]) {
  const Palette& pal = style.palette;
  const float thick = ui::outline_width(style, 3.f);
  for (int kh = 0; kh < s.kH; ++kh)
    for (int kw = 0; kw < s.kW; ++kw) {
      const int r = s.shadow_row(kh), c = s.shadow_col(kw);
      // Orange over blue would read as the output's green: real inputs get a
      // kernel-coloured frame instead of the wash.
      if (r < s.RH && c < s.RW && s.kind(r, c) == tconv::CellKind::Input)
        outline_cell(gr[kPadded], r, c, pal.kernel, ui::outline_width(style, 2.f));
      else
        wash(gr[kPadded], r, c, r, c, with_alpha(pal.kernel, 0.45f));
    }
  outline(gr[kPadded], s.oh, s.ow, s.shadow_row(s.kH - 1), s.shadow_col(s.kW - 1), pal.highlight,
          thick, true);
  outline_cell(gr[kOut], s.oh, s.ow, pal.highlight, thick);
  outline(gr[kFlipped], 0, 0, s.kH - 1, s.kW - 1, pal.highlight, thick);
}

// [SECTION] Hover and clicks: inputs and taps open the value editor, an
// output cell moves the shared timeline to it.
void hover_padded(ViewContext& cx, const Scene& s, const GridResult& g) {
  const int r = g.hover_r, c = g.hover_c;
  if (s.kind(r, c) != tconv::CellKind::Input) {
    cx.set_hover(Hover{});
    return;
  }
  const int64_t n = s.ch.n, ci = s.ch.ci;
  const int ih = (r - s.PH) / s.sh, iw = (c - s.PW) / s.sw;
  cx.set_hover({Hover::Kind::Input, ci, ih, iw});
  if (!g.clicked) return;
  char what[96];
  std::snprintf(what, sizeof what, "input x[%lld,%lld,%d,%d]", static_cast<long long>(n),
                static_cast<long long>(ci), ih, iw);
  open_value_editor(cx.state.editor, Target::Input, input_index(s.model, n, ci, ih, iw),
                    input_value(s.model, n, ci, ih, iw), what);
}

void hover_cells(ViewContext& cx, const Scene& s, const GridResult (&gr)[kGrids]) {
  bool any = false;
  if (gr[kPadded].hovered) {
    any = true;
    hover_padded(cx, s, gr[kPadded]);
  }
  if (const GridResult& g = gr[kFlipped]; g.hovered) {
    any = true;
    // The model speaks unflipped taps.
    const int kh = s.kH - 1 - g.hover_r, kw = s.kW - 1 - g.hover_c;
    const int64_t ci = s.ch.ci, co_local = s.ch.co_local;
    cx.set_hover({Hover::Kind::Kernel, ci, kh, kw});
    if (g.clicked) {
      char what[96];
      std::snprintf(what, sizeof what, "weight w[%lld,%lld,%d,%d] (shown flipped)",
                    static_cast<long long>(ci), static_cast<long long>(co_local), kh, kw);
      open_value_editor(cx.state.editor, Target::Weight, {ci, co_local, kh, kw},
                        weight_value(s.model, ci, co_local, kh, kw), what);
    }
  }
  if (const GridResult& g = gr[kOut]; g.hovered) {
    any = true;
    cx.set_hover({Hover::Kind::Output, s.ch.co, g.hover_r, g.hover_c});
    if (g.clicked)
      cx.edits.push(
          Scrub{s.model.step_of_cell(static_cast<int64_t>(g.hover_r) * s.Wo + g.hover_c, cx.unit)});
  }
  cx.clear_hover_if_idle(any);
}

void draw_highlight(ViewContext& cx, const Scene& s, const GridResult (&gr)[kGrids]) {
  const Highlight& hl = cx.highlight();
  const ImU32 col = cx.palette().hover;
  const float thick = ui::outline_width(cx.style, 2.5f);
  for (const auto& [r, c] : hl.input_cells)
    outline_cell(gr[kPadded], r * s.sh + s.PH, c * s.sw + s.PW, col, thick);
  for (const auto& [r, c] : hl.kernel_taps)
    outline_cell(gr[kFlipped], s.kH - 1 - r, s.kW - 1 - c, col, thick);
  for (const auto& [r, c] : hl.output_cells) outline_cell(gr[kOut], r, c, col, thick);
}

// Captions of up to 16 other output cells, spread over the output (corners
// and centre included): the caption keeps the room of the tallest, so the
// grids stay put while the timeline plays.
std::vector<CaptionPair> other_captions(const Scene& s) {
  std::vector<CaptionPair> out;
  const int64_t cells = static_cast<int64_t>(s.Ho) * s.Wo;
  const int64_t every = std::max<int64_t>(1, cells / 16);
  const std::string how = "\n" + arithmetic_how(s.geo, s.PH, s.PW);
  for (int64_t k = 0; k < cells; k += every) {
    for (int64_t i : {k, cells - 1 - k}) {
      if (i == s.cur) continue;
      Scene o = s;
      o.cur = i;
      o.oh = static_cast<int>(i / s.Wo);
      o.ow = static_cast<int>(i % s.Wo);
      Caption c = arithmetic_caption(cell_terms(o));
      out.emplace_back(c.text + how, std::move(c.brief));
    }
  }
  return out;
}

}  // namespace

void DrawArithmeticView(ViewContext& cx) {
  const tconv::FlipRecord& flip = cx.model.records().flip;
  if (flip.padded().size() == 0 || flip.output().size() == 0 || flip.flipped_kernel().size() == 0) {
    ImGui::TextUnformatted(
        "No valid parameters yet: the arithmetic view waits for a valid configuration.");
    return;
  }
  const Scene s = make_scene(cx);
  const Caption cap = arithmetic_caption(cell_terms(s));
  const std::vector<LegendItem> leg = legend_items(s, cx.palette());
  const ViewFrame frame =
      begin_view("##arithmetic", cap.text + "\n" + arithmetic_how(s.geo, s.PH, s.PW), cap.brief,
                 leg, other_captions(s));

  std::vector<GridSpec> specs = grid_specs(s);
  const float gap = block_gap();
  const std::vector<std::vector<std::vector<int>>> layouts = {
      {{0, 1, 2}}, {{0, 1}, {2}}, {{0}, {1, 2}}};
  const CanvasFit fit =
      fit_canvas(specs, layouts, min_cell(cx.style, std::max({s.RH, s.RW, s.Ho, s.Wo})),
                 max_cell(cx.style), gap, cx.style, frame.beyond2, {kFlipped});
  const float cell = fit.cell;
  const int chosen = fit.chosen;
  GridResult gr[kGrids];
  draw_grids(cx, s, specs, layouts[static_cast<size_t>(chosen)], cell, gap, gr);
  draw_overlays(s, cx.style, gr);
  hover_cells(cx, s, gr);
  draw_highlight(cx, s, gr);
  value_editor(cx.state.editor, cx.edits);
  end_view(frame, leg, cx.palette());
}

}  // namespace studio
