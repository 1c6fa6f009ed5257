// The scatter view: d2l's picture. Each step broadcasts one input element
// through the kernel onto the full (uncropped) canvas at its strided offset;
// the running sum accumulates the steps; padding then crops the canvas to the
// output. Everything drawn comes from the model's records and cached planes.
#include <algorithm>
#include <cstdio>
#include <functional>
#include <string>

#include "draw.h"
#include "views.h"

namespace studio {

namespace {

// "rows 2-3" / "rows 2, 4" (dilated, few) / "rows 2-8 every 2" (dilated, many).
std::string span_text(const char* what, int64_t first, int64_t kernel, int64_t dilation) {
  char buf[96];
  const int64_t last = first + (kernel - 1) * dilation;
  if (kernel == 1)
    std::snprintf(buf, sizeof buf, "%s %lld", what, static_cast<long long>(first));
  else if (dilation == 1)
    std::snprintf(buf, sizeof buf, "%s %lld–%lld", what, static_cast<long long>(first),
                  static_cast<long long>(last));
  else if (kernel == 2)
    std::snprintf(buf, sizeof buf, "%s %lld, %lld", what, static_cast<long long>(first),
                  static_cast<long long>(last));
  else
    std::snprintf(buf, sizeof buf, "%s %lld–%lld every %lld", what, static_cast<long long>(first),
                  static_cast<long long>(last), static_cast<long long>(dilation));
  return buf;
}

// Tap of the current footprint at canvas (r, c), or -1: pure index
// arithmetic on the step's origin, stride and dilation.
int tap_at(int64_t r, int64_t c, const tconv::ScatterStep& st, const tconv::Geometry& geo) {
  const int64_t dr = r - st.origin_h, dc = c - st.origin_w;
  if (dr < 0 || dc < 0 || dr % geo.h.dilation || dc % geo.w.dilation) return -1;
  const int64_t kh = dr / geo.h.dilation, kw = dc / geo.w.dilation;
  if (kh >= geo.h.kernel || kw >= geo.w.kernel) return -1;
  return static_cast<int>(kh * geo.w.kernel + kw);
}

}  // namespace

void DrawScatterView(Model& model, const Style& style) {
  using namespace draw;
  const Palette& pal = style.palette;
  const tconv::Records& rec = model.records();
  const tconv::Geometry& geo = rec.geo;
  const tconv::Axis &ah = geo.h, &aw = geo.w;
  const int64_t count = model.step_count();
  if (rec.scatter.size() == 0 || count <= 0) {
    ImGui::TextUnformatted(
        "No valid parameters yet: the scatter view waits for a valid configuration.");
    return;
  }

  const int64_t t = std::clamp<int64_t>(model.timeline().step, 0, count - 1);
  const tconv::ScatterStep& st = rec.scatter.step(model.scatter_index(t));
  const int64_t n = model.sel_batch(), co = model.sel_out_channel();
  const int64_t g_out = geo.group_of_out(co);
  const int64_t co_local = co - g_out * geo.out_per_group();
  const bool in_group = geo.group_of_in(st.c_in) == g_out;
  const bool last = t == count - 1;
  const Eigen::MatrixXf& inter = model.intermediate();
  const Eigen::MatrixXf& sum = model.running_sum();

  const int H = static_cast<int>(ah.in), W = static_cast<int>(aw.in);
  const int kH = static_cast<int>(ah.kernel), kW = static_cast<int>(aw.kernel);
  const int CH = static_cast<int>(std::min<int64_t>(ah.canvas(), inter.rows()));
  const int CW = static_cast<int>(std::min<int64_t>(aw.canvas(), inter.cols()));
  const int Ho = static_cast<int>(ah.out), Wo = static_cast<int>(aw.out);
  const int ph = static_cast<int>(ah.padding), pw = static_cast<int>(aw.padding);
  const int min_h = static_cast<int>(ah.min_out()), min_w = static_cast<int>(aw.min_out());
  const bool multi_in = geo.in_channels > 1 || geo.batch > 1;
  const bool multi_out = geo.out_channels > 1;
  const float bias = bias_value(model, co);

  auto in_window = [&](int r, int c) { return r >= ph && r < ph + Ho && c >= pw && c < pw + Wo; };
  // Whether a step up to the current one has placed a tap on canvas cell
  // (r, c): index geometry only (which input rows/cols reach it), no values.
  const int sh = static_cast<int>(ah.stride), sw = static_cast<int>(aw.stride);
  const int dh = static_cast<int>(ah.dilation), dw = static_cast<int>(aw.dilation);
  const int64_t step_group = geo.group_of_in(st.c_in);
  // Input channels of co's group before the current one are complete.
  const bool channels_done =
      step_group > g_out || (in_group && st.c_in > g_out * geo.in_per_group());
  auto touched = [&](int r, int c) {
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
  };

  // [Captions] built first so their height is known before fitting grids.
  char buf[512];
  std::string x_name;
  {
    char xb[96];
    if (multi_in)
      std::snprintf(xb, sizeof xb, "x[%d,%d,%d,%d]", st.n, st.c_in, st.ih, st.iw);
    else
      std::snprintf(xb, sizeof xb, "x[%d,%d]", st.ih, st.iw);
    x_name = xb;
  }
  std::string cap;
  std::snprintf(buf, sizeof buf,
                "Step %lld/%lld: %s = %s is broadcast through K: %s·K, top-left at (%d·%lld, "
                "%d·%lld) = (%d, %d) on the canvas, %s, %s (stride %lld",
                static_cast<long long>(t + 1), static_cast<long long>(count), x_name.c_str(),
                num(st.value).c_str(), num(st.value).c_str(), st.ih,
                static_cast<long long>(ah.stride), st.iw, static_cast<long long>(aw.stride),
                st.origin_h, st.origin_w,
                span_text("rows", st.origin_h, ah.kernel, ah.dilation).c_str(),
                span_text("cols", st.origin_w, aw.kernel, aw.dilation).c_str(),
                static_cast<long long>(ah.stride));
  cap = buf;
  if (aw.stride != ah.stride) cap += "×" + std::to_string(aw.stride);
  if (ah.dilation > 1 || aw.dilation > 1) {
    cap += ", dilation " + std::to_string(ah.dilation);
    if (aw.dilation != ah.dilation) cap += "×" + std::to_string(aw.dilation);
  }
  cap += ").";
  if (!in_group) {
    std::snprintf(buf, sizeof buf,
                  " Input channel %d is in group %lld but output channel %lld is in group %lld: "
                  "this step adds nothing to it.",
                  st.c_in, static_cast<long long>(geo.group_of_in(st.c_in)),
                  static_cast<long long>(co), static_cast<long long>(g_out));
    cap += buf;
  }
  if (ph > 0 || pw > 0 || ah.output_padding > 0 || aw.output_padding > 0) {
    std::snprintf(buf, sizeof buf,
                  "\nThe output keeps canvas rows %d–%d, cols %d–%d: padding=(%d,%d) crops that "
                  "many from the top/left and bottom/right",
                  ph, ph + Ho - 1, pw, pw + Wo - 1, ph, pw);
    cap += buf;
    if (ah.output_padding > 0 || aw.output_padding > 0) {
      std::snprintf(
          buf, sizeof buf,
          ", and output_padding=(%lld,%lld) gives back rows/cols on the bottom/right only",
          static_cast<long long>(ah.output_padding), static_cast<long long>(aw.output_padding));
      cap += buf;
    }
    cap += ".";
  }
  if (last) {
    cap += geo.has_bias ? "\nLast step: output = cropped sum + bias (b[" + std::to_string(co) +
                              "] = " + num(bias) + ")."
                        : "\nLast step: output = cropped sum.";
  }

  // [Legend]
  std::vector<LegendItem> leg;
  leg.push_back({{pal.input, 0, Border::Solid}, "input element"});
  leg.push_back({{pal.kernel, 0, Border::Solid}, "kernel K and its placed copy"});
  leg.push_back({{pal.output, 0, Border::Solid}, "output / running sum"});
  const bool cropped = ph > 0 || pw > 0 || CH > ph + Ho || CW > pw + Wo;
  if (cropped)
    leg.push_back({{with_alpha(pal.padding, 0.55f), 0, Border::Dashed}, "cropped by padding"});
  if (ah.output_padding > 0 || aw.output_padding > 0)
    leg.push_back({{with_alpha(pal.output_padding, 0.45f), pal.output_padding, Border::Solid},
                   "output_padding strip"});
  leg.push_back({{0, pal.highlight, Border::Solid}, "current step"});

  // Short form for small tiles: the step and where it lands.
  const std::string short_cap = "Step " + std::to_string(t + 1) + "/" + std::to_string(count) +
                                ": " + x_name + " = " + num(st.value) + " → " + num(st.value) +
                                "·K at " + span_text("rows", st.origin_h, ah.kernel, ah.dilation) +
                                ", " + span_text("cols", st.origin_w, aw.kernel, aw.dilation) +
                                (last ? "; last step." : ".");
  const ViewFrame frame = begin_view("##scatter", cap, short_cap, leg);

  // [Grids]
  std::vector<GridSpec> specs(5);
  // Fills here name a category: shade them by value once values are hidden.
  for (GridSpec& s : specs) s.shade_values = true;
  specs[0].title = multi_in ? "input x (channel " + std::to_string(st.c_in) + ")" : "input x";
  specs[0].rows = H;
  specs[0].cols = W;
  specs[1].title = multi_in || multi_out ? "kernel K = w[" + std::to_string(st.c_in) + "," +
                                               std::to_string(co_local) + "]"
                                         : "kernel K";
  specs[1].rows = kH;
  specs[1].cols = kW;
  specs[2].title = "this step: " + num(st.value) + "·K";
  specs[3].title = last ? "sum of all " + std::to_string(count) + " steps"
                        : "running sum, steps 1–" + std::to_string(t + 1);
  for (int i : {2, 3}) {
    specs[i].rows = CH;
    specs[i].cols = CW;
  }
  specs[4].title = multi_out ? "output y (channel " + std::to_string(co) + ")" : "output y";
  if (geo.has_bias) specs[4].title += " + bias";
  if (!last) specs[4].title += " (at the end)";
  specs[4].rows = Ho;
  specs[4].cols = Wo;

  const float gap = block_gap();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  int chosen = 0;
  const std::vector<std::vector<std::vector<int>>> layouts = {{{0, 1, 2, 3, 4}},
                                                              {{0, 1}, {2, 3, 4}},
                                                              {{0, 1, 2}, {3, 4}},
                                                              {{0, 1}, {2, 3}, {4}},
                                                              {{0, 1}, {2}, {3}, {4}}};
  const float cell =
      fit_with_small_grids(specs, layouts, avail, min_cell(style, std::max({H, W, CH, CW})),
                           max_cell(style), gap, &chosen, {1}, base_cell(style));

  // [Cells] what each grid's cell looks like; index geometry only.
  auto input_cell = [&](int r, int c) {
    // Elements not yet broadcast are faded: the picture reads as progress.
    const bool done = r < st.ih || (r == st.ih && c <= st.iw);
    CellStyle s{done ? pal.input : with_alpha(pal.input, 0.35f)};
    s.has_value = true;
    s.value = input_value(model, st.n, st.c_in, r, c);
    if (!done) s.text = pal.text;
    return s;
  };
  auto kernel_cell = [&](int r, int c) {
    CellStyle s{pal.kernel};
    s.has_value = true;
    s.value = weight_value(model, st.c_in, co_local, r, c);
    return s;
  };
  auto step_cell = [&](int r, int c) {
    const bool inside = in_window(r, c);
    CellStyle s;
    s.border = inside ? Border::Solid : Border::Dashed;
    if (in_group && tap_at(r, c, st, geo) >= 0) {
      s.fill = inside ? pal.kernel : with_alpha(pal.kernel, 0.45f);
      s.has_value = true;
      s.value = inter(r, c);
      if (!inside) s.text = pal.text;
      return s;
    }
    // The rest of the intermediate tensor is zeros, as in d2l's figure: printed quietly.
    if (!inside) s.fill = with_alpha(pal.padding, 0.55f);
    s.label = "0";
    s.text = with_alpha(pal.text, 0.35f);
    return s;
  };
  auto sum_cell = [&](int r, int c) {
    const bool inside = in_window(r, c);
    CellStyle s;
    s.border = inside ? Border::Solid : Border::Dashed;
    s.has_value = true;
    s.value = sum(r, c);
    if (touched(r, c)) {
      s.fill = inside ? pal.output : with_alpha(pal.output, 0.4f);
      if (!inside) s.text = pal.text;
    } else {
      if (!inside) s.fill = with_alpha(pal.padding, 0.55f);
      s.text = with_alpha(pal.text, 0.35f);
    }
    return s;
  };
  auto output_cell = [&](int r, int c) {
    CellStyle s;
    if (last) {
      s.fill = pal.output;
      s.has_value = true;
      s.value = output_value(model, n, co, r, c);
    }
    return s;
  };

  GridResult gr[5];
  layout_rows(layouts[static_cast<size_t>(chosen)], gap, [&](int i) {
    static const char* const ids[] = {"x", "K", "step", "sum", "y"};
    const std::function<CellStyle(int, int)> fns[] = {input_cell, kernel_cell, step_cell, sum_cell,
                                                      output_cell};
    gr[i] = grid(ids[i], specs[static_cast<size_t>(i)], cell, fns[i], pal);
  });

  // [Overlays] after every grid, so outlines sit on top of all cells.
  const float thick = std::max(2.f, 3.f * style.font_scale);
  const ImU32 strip = with_alpha(pal.output_padding, 0.3f);
  for (int i : {2, 3}) {
    const GridResult& g = gr[i];
    if (ah.output_padding > 0) wash(g, ph + min_h, pw, ph + Ho - 1, pw + Wo - 1, strip);
    if (aw.output_padding > 0) wash(g, ph, pw + min_w, ph + Ho - 1, pw + Wo - 1, strip);
    if (cropped) outline(g, ph, pw, ph + Ho - 1, pw + Wo - 1, pal.output, thick * 0.75f, true);
    if (in_group)
      outline(g, st.origin_h, st.origin_w, st.origin_h + static_cast<int>(ah.span()) - 1,
              st.origin_w + static_cast<int>(aw.span()) - 1, pal.highlight, thick);
  }
  if (ah.output_padding > 0) wash(gr[4], min_h, 0, Ho - 1, Wo - 1, strip);
  if (aw.output_padding > 0) wash(gr[4], 0, min_w, Ho - 1, Wo - 1, strip);
  outline_cell(gr[0], st.ih, st.iw, pal.highlight, thick);
  // Tap letters on the kernel and on its placed copy: where each tap lands.
  if (kH * kW <= 26) {
    const ImU32 ink = with_alpha(text_on(pal.kernel), 0.75f);
    for (int kh = 0; kh < kH; ++kh)
      for (int kw = 0; kw < kW; ++kw) {
        const std::string name = tap_name(kh * kW + kw);
        corner_text(gr[1], kh, kw, name.c_str(), ink, 0, Corner::TopLeft);
        if (in_group)
          corner_text(gr[2], st.origin_h + kh * dh, st.origin_w + kw * dw, name.c_str(), ink, 0,
                      Corner::TopLeft);
      }
  }

  // [Hover] set from whichever grid the mouse is on, then draw the shared highlight.
  bool any = false;
  if (gr[0].hovered) {
    any = true;
    set_hover(model, {Hover::Kind::Input, st.c_in, gr[0].hover_r, gr[0].hover_c});
    if (gr[0].clicked) {
      char what[96];
      std::snprintf(what, sizeof what, "input x[%d,%d,%d,%d]", st.n, st.c_in, gr[0].hover_r,
                    gr[0].hover_c);
      open_value_editor(Target::Input,
                        input_index(model, st.n, st.c_in, gr[0].hover_r, gr[0].hover_c),
                        input_value(model, st.n, st.c_in, gr[0].hover_r, gr[0].hover_c), what);
    }
  }
  if (gr[1].hovered) {
    any = true;
    set_hover(model, {Hover::Kind::Kernel, st.c_in, gr[1].hover_r, gr[1].hover_c});
    if (gr[1].clicked) {
      char what[96];
      std::snprintf(what, sizeof what, "weight w[%d,%lld,%d,%d]", st.c_in,
                    static_cast<long long>(co_local), gr[1].hover_r, gr[1].hover_c);
      open_value_editor(Target::Weight, {st.c_in, co_local, gr[1].hover_r, gr[1].hover_c},
                        weight_value(model, st.c_in, co_local, gr[1].hover_r, gr[1].hover_c), what);
    }
  }
  for (int i : {2, 3}) {
    if (!gr[i].hovered) continue;
    any = true;
    const int r = gr[i].hover_r, c = gr[i].hover_c;
    if (in_window(r, c))
      set_hover(model, {Hover::Kind::Output, co, r - ph, c - pw});
    else
      set_hover(model, Hover{});
  }
  if (gr[4].hovered) {
    any = true;
    set_hover(model, {Hover::Kind::Output, co, gr[4].hover_r, gr[4].hover_c});
  }
  clear_hover_if_idle(model, any);

  const Highlight& hl = model.highlight();
  const float hthick = std::max(2.f, 2.5f * style.font_scale);
  for (const auto& [r, c] : hl.input_cells) outline_cell(gr[0], r, c, pal.hover, hthick);
  for (const auto& [r, c] : hl.kernel_taps) {
    outline_cell(gr[1], r, c, pal.hover, hthick);
    // Where that tap lands in this step's footprint.
    if (in_group)
      outline_cell(gr[2], st.origin_h + r * dh, st.origin_w + c * dw, pal.hover, hthick);
  }
  for (const auto& [r, c] : hl.output_cells) {
    outline_cell(gr[2], r + ph, c + pw, pal.hover, hthick);
    outline_cell(gr[3], r + ph, c + pw, pal.hover, hthick);
    outline_cell(gr[4], r, c, pal.hover, hthick);
  }

  value_editor(model);
  end_view(frame, leg, pal);
}

}  // namespace studio
