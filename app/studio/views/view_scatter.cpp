// The scatter view: d2l's picture. Each step broadcasts one input element
// through the kernel onto the full (uncropped) canvas at its strided offset;
// the running sum accumulates the steps; padding then crops the canvas to the
// output. Everything drawn comes from the model's records and cached planes.
#include <algorithm>
#include <cstdio>
#include <functional>
#include <string>

#include "captions.h"
#include "draw.h"
#include "readout.h"
#include "views.h"

namespace studio {

namespace {

using namespace ui;

// The five grids, in drawing order.
enum Grid { kInput, kKernel, kStep, kSum, kOutput, kGrids };
constexpr const char* kGridIds[kGrids] = {"x", "K", "step", "sum", "y"};

// Everything the view draws from this frame, worked out once: the step, its
// channels, and the canvas geometry (index arithmetic only).
struct Scene {
  const Model& model;
  const tconv::Geometry& geo;
  const tconv::ScatterStep& st;
  int64_t t, count;
  int64_t n, co, co_local, g_out;
  bool last, in_group, channels_done, multi_in, multi_out;
  const Eigen::MatrixXf& inter;
  const Eigen::MatrixXf& sum;
  int H, W, kH, kW, CH, CW, Ho, Wo, ph, pw, sh, sw, dh, dw;

  bool in_window(int r, int c) const { return r >= ph && r < ph + Ho && c >= pw && c < pw + Wo; }
  bool cropped() const { return ph > 0 || pw > 0 || CH > ph + Ho || CW > pw + Wo; }
  bool output_padding() const { return geo.h.output_padding > 0 || geo.w.output_padding > 0; }
  // Where tap (kh, kw) of this step lands on the (uncropped) canvas.
  int tap_row(int kh) const {
    return static_cast<int>(tconv::tap_output_index(geo.h, st.ih, kh)) + ph;
  }
  int tap_col(int kw) const {
    return static_cast<int>(tconv::tap_output_index(geo.w, st.iw, kw)) + pw;
  }
  // Whether this step places a tap on canvas cell (r, c).
  bool is_tap(int r, int c) const {
    const int dr = r - st.origin_h, dc = c - st.origin_w;
    return dr >= 0 && dc >= 0 && dr % dh == 0 && dc % dw == 0 && dr / dh < kH && dc / dw < kW;
  }
  // Whether a step up to the current one has placed a tap on canvas cell
  // (r, c): which input rows/cols reach it, no values.
  bool touched(int r, int c) const;
};

bool Scene::touched(int r, int c) const {
  if (!in_group && !channels_done) return false;
  for (int kh = 0; kh < kH; ++kh) {
    const int q = r - kh * dh;
    if (q < 0 || q % sh || q / sh >= H) continue;
    for (int kw = 0; kw < kW; ++kw) {
      const int p = c - kw * dw;
      if (p < 0 || p % sw || p / sw >= W) continue;
      if (channels_done) return true;
      if (q / sh < st.ih || (q / sh == st.ih && p / sw <= st.iw)) return true;
    }
  }
  return false;
}

Scene make_scene(ViewContext& cx, int64_t t) {
  const Model& m = cx.model;
  const tconv::Geometry& geo = m.records().geo;
  const tconv::ScatterStep& st = m.records().scatter.step(m.scatter_index(t));
  const int64_t co = m.sel_out_channel(), g_out = geo.group_of_out(co);
  const bool in_group = geo.group_of_in(st.c_in) == g_out;
  const Eigen::MatrixXf& inter = cx.derived.intermediate(m, t);
  const auto i = [](int64_t v) { return static_cast<int>(v); };
  return Scene{
      m, geo, st, t, m.step_count(), m.sel_batch(), co, co - g_out * geo.out_per_group(), g_out,
      t == m.step_count() - 1, in_group,
      // Input channels of co's group before the current one are complete.
      geo.group_of_in(st.c_in) > g_out || (in_group && st.c_in > g_out * geo.in_per_group()),
      geo.in_channels > 1 || geo.batch > 1, geo.out_channels > 1, inter,
      cx.derived.running_sum(m, t), i(geo.h.in), i(geo.w.in), i(geo.h.kernel), i(geo.w.kernel),
      i(std::min<int64_t>(geo.h.canvas(), inter.rows())),
      i(std::min<int64_t>(geo.w.canvas(), inter.cols())), i(geo.h.out), i(geo.w.out),
      i(geo.h.padding), i(geo.w.padding), i(geo.h.stride), i(geo.w.stride), i(geo.h.dilation),
      i(geo.w.dilation)};
}

std::vector<LegendItem> legend_items(const Scene& s, const Palette& pal) {
  std::vector<LegendItem> leg;
  leg.push_back({{pal.input, 0, Border::Solid}, "input element"});
  leg.push_back({{pal.kernel, 0, Border::Solid}, "kernel K and its placed copy"});
  leg.push_back({{pal.output, 0, Border::Solid}, "output / running sum"});
  if (s.cropped())
    leg.push_back({{with_alpha(pal.padding, 0.55f), 0, Border::Dashed}, "cropped by padding"});
  if (s.output_padding())
    leg.push_back({ui::zero_cell(ui::ZeroKind::OutputPadding, pal), "output_padding strip"});
  leg.push_back({{0, pal.highlight, Border::Solid}, "current step"});
  return leg;
}

// The widest "this step" title over the steps: the input value with the
// longest text, measured again only when the values or the font change.
const std::string& widest_step_title(const Scene& s, ScatterViewState& vs) {
  const ScatterViewState::TitleKey key{&s.model,  s.model.revision(), s.st.n,
                                       s.st.c_in, ImGui::GetFont(),   ImGui::GetFontSize()};
  if (vs.title_key == key) return vs.widest_step_title;
  vs.title_key = key;
  std::string& widest = vs.widest_step_title;
  widest.clear();
  float w = -1.f;
  for (int r = 0; r < s.H; ++r)
    for (int c = 0; c < s.W; ++c) {
      std::string t = "this step: " + num(input_value(s.model, s.st.n, s.st.c_in, r, c)) + "·K";
      const float tw = ImGui::CalcTextSize(t.c_str()).x;
      if (tw > w) {
        w = tw;
        widest = std::move(t);
      }
    }
  return widest;
}

// Room for the titles the steps give each grid, so the layout holds.
void reserve_titles(const Scene& s, ScatterViewState& vs, std::vector<GridSpec>& specs) {
  const std::string last_ci = std::to_string(s.geo.in_channels - 1);
  if (s.multi_in) specs[kInput].title_room = "input x (channel " + last_ci + ")";
  if (s.multi_in || s.multi_out)
    specs[kKernel].title_room = "kernel K = w[" + last_ci + "," + std::to_string(s.co_local) + "]";
  specs[kStep].title_room = widest_step_title(s, vs);
  const std::string running =
      "running sum,\nsteps 1–" + std::to_string(std::max<int64_t>(s.count - 1, 1));
  const std::string all = "sum of all\n" + std::to_string(s.count) + " steps";
  specs[kSum].title_room =
      ImGui::CalcTextSize(running.c_str()).x > ImGui::CalcTextSize(all.c_str()).x ? running : all;
  specs[kOutput].title_room = specs[kOutput].title + (s.last ? "\n(at the end)" : "");
}

std::vector<GridSpec> grid_specs(const Scene& s, ScatterViewState& vs) {
  std::vector<GridSpec> specs(kGrids);
  specs[kInput] = {s.multi_in ? "input x (channel " + std::to_string(s.st.c_in) + ")" : "input x",
                   s.H, s.W};
  specs[kKernel] = {s.multi_in || s.multi_out ? "kernel K = w[" + std::to_string(s.st.c_in) + "," +
                                                    std::to_string(s.co_local) + "]"
                                              : "kernel K",
                    s.kH, s.kW};
  specs[kStep] = {"this step: " + num(s.st.value) + "·K", s.CH, s.CW};
  specs[kSum] = {s.last     ? "sum of all\n" + std::to_string(s.count) + " steps"
                 : s.t == 0 ? std::string("running sum,\nstep 1")
                            : "running sum,\nsteps 1–" + std::to_string(s.t + 1),
                 s.CH, s.CW};
  specs[kOutput] = {s.multi_out ? "output y (channel " + std::to_string(s.co) + ")" : "output y",
                    s.Ho, s.Wo};
  if (s.geo.has_bias) specs[kOutput].title += " + bias";
  if (!s.last) specs[kOutput].title += "\n(at the end)";
  // Fills here name a category: shade them by value once values are hidden.
  for (GridSpec& g : specs) g.shade_values = true;
  reserve_titles(s, vs, specs);
  return specs;
}

// [SECTION] Cells: what each grid's cell looks like.

CellStyle input_cell(const Scene& s, const Palette& pal, int r, int c) {
  // Elements not yet broadcast are faded: the picture reads as progress.
  const bool done = r < s.st.ih || (r == s.st.ih && c <= s.st.iw);
  CellStyle cs{done ? pal.input : with_alpha(pal.input, 0.35f)};
  cs.has_value = true;
  cs.value = input_value(s.model, s.st.n, s.st.c_in, r, c);
  if (!done) cs.text = pal.text;
  return cs;
}

CellStyle kernel_cell(const Scene& s, const Palette& pal, int r, int c) {
  CellStyle cs{pal.kernel};
  cs.has_value = true;
  cs.value = weight_value(s.model, s.st.c_in, s.co_local, r, c);
  return cs;
}

CellStyle step_cell(const Scene& s, const Palette& pal, int r, int c) {
  const bool inside = s.in_window(r, c);
  CellStyle cs;
  cs.border = inside ? Border::Solid : Border::Dashed;
  if (s.in_group && s.is_tap(r, c)) {
    cs.fill = inside ? pal.kernel : with_alpha(pal.kernel, 0.45f);
    cs.has_value = true;
    cs.value = s.inter(r, c);
    if (!inside) cs.text = pal.text;
    return cs;
  }
  // The rest of the intermediate tensor is zeros, as in d2l's figure: printed quietly.
  if (!inside) cs.fill = with_alpha(pal.padding, 0.55f);
  cs.label = "0";
  cs.text = with_alpha(pal.text, 0.35f);
  return cs;
}

CellStyle sum_cell(const Scene& s, const Palette& pal, int r, int c) {
  const bool inside = s.in_window(r, c);
  CellStyle cs;
  cs.border = inside ? Border::Solid : Border::Dashed;
  cs.has_value = true;
  cs.value = s.sum(r, c);
  if (s.touched(r, c)) {
    cs.fill = inside ? pal.output : with_alpha(pal.output, 0.4f);
    if (!inside) cs.text = pal.text;
  } else {
    if (!inside) cs.fill = with_alpha(pal.padding, 0.55f);
    cs.text = with_alpha(pal.text, 0.35f);
  }
  return cs;
}

CellStyle output_cell(const Scene& s, const Palette& pal, int r, int c) {
  CellStyle cs;
  if (s.last) {
    cs.fill = pal.output;
    cs.has_value = true;
    cs.value = output_value(s.model, s.n, s.co, r, c);
  }
  return cs;
}

// [SECTION] Overlays, after every grid, so outlines sit on top of all cells.

void draw_overlays(const Scene& s, const Style& style, const GridResult (&gr)[kGrids]) {
  const Palette& pal = style.palette;
  const float thick = ui::outline_width(style, 3.f);
  const ImU32 strip = pal.output_padding;  // hatched and framed: seen from the back
  const int min_h = static_cast<int>(s.geo.h.min_out()),
            min_w = static_cast<int>(s.geo.w.min_out());
  const int last_r = s.ph + s.Ho - 1, last_c = s.pw + s.Wo - 1;
  for (Grid i : {kStep, kSum}) {
    const GridResult& g = gr[i];
    if (s.geo.h.output_padding > 0) ui::hatch(g, s.ph + min_h, s.pw, last_r, last_c, strip);
    if (s.geo.w.output_padding > 0) ui::hatch(g, s.ph, s.pw + min_w, last_r, last_c, strip);
    if (s.cropped()) outline(g, s.ph, s.pw, last_r, last_c, pal.output, thick * 0.75f, true);
    if (s.in_group)
      outline(g, s.st.origin_h, s.st.origin_w, s.st.origin_h + static_cast<int>(s.geo.h.span()) - 1,
              s.st.origin_w + static_cast<int>(s.geo.w.span()) - 1, pal.highlight, thick);
  }
  if (s.geo.h.output_padding > 0) ui::hatch(gr[kOutput], min_h, 0, s.Ho - 1, s.Wo - 1, strip);
  if (s.geo.w.output_padding > 0) ui::hatch(gr[kOutput], 0, min_w, s.Ho - 1, s.Wo - 1, strip);
  outline_cell(gr[kInput], s.st.ih, s.st.iw, pal.highlight, thick);
  // Tap letters on the kernel and on its placed copy: where each tap lands.
  if (s.kH * s.kW > 26) return;
  const ImU32 ink = with_alpha(text_on(pal.kernel), 0.75f);
  for (int kh = 0; kh < s.kH; ++kh)
    for (int kw = 0; kw < s.kW; ++kw) {
      const std::string name = tap_name(kh * s.kW + kw);
      corner_text(gr[kKernel], kh, kw, name.c_str(), ink, 0, Corner::TopLeft);
      if (s.in_group)
        corner_text(gr[kStep], s.tap_row(kh), s.tap_col(kw), name.c_str(), ink, 0, Corner::TopLeft);
    }
}

// [SECTION] Hover: set from whichever grid the mouse is on; a click on the
// input or the kernel opens the value editor.

void hover_cells(ViewContext& cx, const Scene& s, const GridResult (&gr)[kGrids]) {
  const tconv::ScatterStep& st = s.st;
  bool any = false;
  if (const GridResult& g = gr[kInput]; g.hovered) {
    any = true;
    cx.set_hover({Hover::Kind::Input, st.c_in, g.hover_r, g.hover_c});
    if (g.clicked) {
      char what[96];
      std::snprintf(what, sizeof what, "input x[%d,%d,%d,%d]", st.n, st.c_in, g.hover_r, g.hover_c);
      open_value_editor(cx.state.editor, Target::Input,
                        input_index(s.model, st.n, st.c_in, g.hover_r, g.hover_c),
                        input_value(s.model, st.n, st.c_in, g.hover_r, g.hover_c), what);
    }
  }
  if (const GridResult& g = gr[kKernel]; g.hovered) {
    any = true;
    cx.set_hover({Hover::Kind::Kernel, st.c_in, g.hover_r, g.hover_c});
    if (g.clicked) {
      char what[96];
      std::snprintf(what, sizeof what, "weight w[%d,%lld,%d,%d]", st.c_in,
                    static_cast<long long>(s.co_local), g.hover_r, g.hover_c);
      open_value_editor(cx.state.editor, Target::Weight,
                        {st.c_in, s.co_local, g.hover_r, g.hover_c},
                        weight_value(s.model, st.c_in, s.co_local, g.hover_r, g.hover_c), what);
    }
  }
  for (Grid i : {kStep, kSum}) {
    if (!gr[i].hovered) continue;
    any = true;
    const int r = gr[i].hover_r, c = gr[i].hover_c;
    cx.set_hover(s.in_window(r, c) ? Hover{Hover::Kind::Output, s.co, r - s.ph, c - s.pw}
                                   : Hover{});
  }
  if (const GridResult& g = gr[kOutput]; g.hovered) {
    any = true;
    cx.set_hover({Hover::Kind::Output, s.co, g.hover_r, g.hover_c});
  }
  cx.clear_hover_if_idle(any);
}

// The shared highlight, in every grid where it shows.
void draw_highlight(ViewContext& cx, const Scene& s, const GridResult (&gr)[kGrids]) {
  const Highlight& hl = cx.highlight();
  const ImU32 col = cx.palette().hover;
  const float thick = ui::outline_width(cx.style, 2.5f);
  for (const auto& [r, c] : hl.input_cells) outline_cell(gr[kInput], r, c, col, thick);
  for (const auto& [r, c] : hl.kernel_taps) {
    outline_cell(gr[kKernel], r, c, col, thick);
    // Where that tap lands in this step's footprint.
    if (s.in_group) outline_cell(gr[kStep], s.tap_row(r), s.tap_col(c), col, thick);
  }
  for (const auto& [r, c] : hl.output_cells) {
    outline_cell(gr[kStep], r + s.ph, c + s.pw, col, thick);
    outline_cell(gr[kSum], r + s.ph, c + s.pw, col, thick);
    outline_cell(gr[kOutput], r, c, col, thick);
  }
}

// Captions of a few other steps (the first two, the middle, the last two):
// the caption keeps the room of the tallest, so the grids stay put while
// the timeline plays.
std::vector<CaptionPair> other_captions(const Scene& s, float bias) {
  std::vector<CaptionPair> out;
  for (int64_t t : {int64_t{0}, int64_t{1}, s.count / 2, s.count - 2, s.count - 1}) {
    if (t < 0 || t >= s.count || t == s.t) continue;
    const tconv::ScatterStep& st = s.model.records().scatter.step(s.model.scatter_index(t));
    Caption c = scatter_caption(s.geo, st, t, s.count, s.co, bias);
    out.emplace_back(std::move(c.text), std::move(c.brief));
  }
  return out;
}

}  // namespace

void DrawScatterView(ViewContext& cx) {
  const Model& model = cx.model;
  const int64_t count = model.step_count();
  if (model.records().scatter.size() == 0 || count <= 0) {
    ImGui::TextUnformatted(
        "No valid parameters yet: the scatter view waits for a valid configuration.");
    return;
  }
  const Scene s = make_scene(cx, model.step_in(cx.step, cx.unit, StepUnit::InputElement));
  const Palette& pal = cx.palette();

  // Captions and legend first, so their height is known before fitting grids.
  const Caption cap = scatter_caption(s.geo, s.st, s.t, count, s.co, bias_value(model, s.co));
  const std::vector<LegendItem> leg = legend_items(s, pal);
  const ViewFrame frame =
      begin_view("##scatter", cap.text, cap.brief, leg, other_captions(s, bias_value(model, s.co)));

  std::vector<GridSpec> specs = grid_specs(s, cx.state.scatter);
  const float gap = block_gap();
  const std::vector<std::vector<std::vector<int>>> layouts = {
      {{0, 1, 2, 3, 4}},   {{0, 1}, {2, 3, 4}},   {{0, 1, 2}, {3, 4}},
      {{0, 1, 4}, {2, 3}}, {{0, 1}, {2, 3}, {4}}, {{0, 1}, {2}, {3}, {4}}};
  const CanvasFit fit =
      fit_canvas(specs, layouts, min_cell(cx.style, std::max({s.H, s.W, s.CH, s.CW})),
                 max_cell(cx.style), gap, cx.style, frame.beyond2, {kKernel});
  const float cell = fit.cell;
  const int chosen = fit.chosen;

  using CellFn = CellStyle (*)(const Scene&, const Palette&, int, int);
  constexpr CellFn kCells[kGrids] = {input_cell, kernel_cell, step_cell, sum_cell, output_cell};
  GridResult gr[kGrids];
  layout_rows(layouts[static_cast<size_t>(chosen)], gap, [&](int i) {
    gr[i] = grid(
        kGridIds[i], specs[static_cast<size_t>(i)], cell,
        [&](int r, int c) { return kCells[i](s, pal, r, c); }, pal, cx.raster);
  });
  draw_overlays(s, cx.style, gr);
  hover_cells(cx, s, gr);
  draw_highlight(cx, s, gr);
  value_editor(cx.state.editor, cx.edits);
  end_view(frame, leg, pal);
}

}  // namespace studio
