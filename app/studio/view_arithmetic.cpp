// The arithmetic view: conv_arithmetic's picture with values. The same
// output comes from a stride-1 direct convolution over the zero-inserted,
// padded input with the kernel rotated 180°; one output cell per frame.
// Labels answer that picture's recurring questions: the kernel is flipped,
// output_padding goes bottom/right only, and which grid is input or output.
#include <algorithm>
#include <cstdio>
#include <string>

#include "draw.h"
#include "views.h"

namespace studio {

namespace {

// A factor of a printed product: negatives in parentheses, "(-1)·(-2)".
std::string factor(float v) {
  const std::string s = draw::num(v);
  return v < 0 ? "(" + s + ")" : s;
}

std::string pair_text(int64_t h, int64_t w) {
  // snprintf, not "(" + std::string: GCC 12 warns falsely (-Wrestrict) on the latter.
  char buf[48];
  if (h == w)
    std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(h));
  else
    std::snprintf(buf, sizeof buf, "(%lld, %lld)", static_cast<long long>(h),
                  static_cast<long long>(w));
  return buf;
}

}  // namespace

void DrawArithmeticView(Model& model, const Style& style) {
  using namespace draw;
  const Palette& pal = style.palette;
  const tconv::Records& rec = model.records();
  const tconv::Geometry& geo = rec.geo;
  const tconv::Axis &ah = geo.h, &aw = geo.w;
  const tconv::FlipRecord& flip = rec.flip;
  const tconv::Tensor4& padded = flip.padded();
  const tconv::Tensor4& fk = flip.flipped_kernel();
  const tconv::Tensor4& out = flip.output();
  if (padded.size() == 0 || out.size() == 0 || fk.size() == 0) {
    ImGui::TextUnformatted(
        "No valid parameters yet: the arithmetic view waits for a valid configuration.");
    return;
  }

  const DrawnChannels ch = drawn_channels(model);
  const int64_t n = ch.n, co = ch.co, co_local = ch.co_local, ci = ch.ci, il = ch.ci_local;
  const int64_t cin_g = geo.in_per_group();

  const int RH = static_cast<int>(padded.dimension(2)), RW = static_cast<int>(padded.dimension(3));
  const int kH = static_cast<int>(fk.dimension(2)), kW = static_cast<int>(fk.dimension(3));
  const int Ho = static_cast<int>(out.dimension(2)), Wo = static_cast<int>(out.dimension(3));
  const int dh = static_cast<int>(ah.dilation), dw = static_cast<int>(aw.dilation);
  const int sh = static_cast<int>(ah.stride), sw = static_cast<int>(aw.stride);
  const int PH = static_cast<int>(flip.pad_top()), PW = static_cast<int>(flip.pad_left());
  const auto& kinds = flip.kinds();

  const int64_t t = std::clamp<int64_t>(model.timeline().step, 0, model.step_count() - 1);
  const int64_t cells = static_cast<int64_t>(Ho) * Wo;
  const int64_t cur = std::clamp<int64_t>(model.arith_cell(t), 0, cells - 1);
  const int oh = static_cast<int>(cur / Wo), ow = static_cast<int>(cur % Wo);
  const bool multi = geo.in_channels > 1 || geo.out_channels > 1 || geo.batch > 1;

  // [Caption] the current cell's dot product, terms taken from the records.
  std::string cap, short_cap;  // short: for a small tile, at most 3 terms and no asides
  {
    char buf[160];
    std::snprintf(buf, sizeof buf,
                  "Output cell %lld/%lld: y[%d,%d] = ", static_cast<long long>(cur + 1),
                  static_cast<long long>(cells), oh, ow);
    cap = buf;
    int shown = 0, nonzero = 0;
    constexpr int kMaxTerms = 6;  // longer sums would wrap over several lines
    for (int kh = 0; kh < kH; ++kh)
      for (int kw = 0; kw < kW; ++kw) {
        const int r = oh + kh * dh, c = ow + kw * dw;
        if (r >= RH || c >= RW) continue;
        const float x = padded(n, ci, r, c);
        if (x == 0.f) continue;  // zeros (inserted, padding) add nothing: counted, not listed
        ++nonzero;
        if (shown < kMaxTerms) {
          const std::string term = factor(x) + "·" + factor(fk(co, il, kh, kw));
          cap += (shown ? " + " : "") + term;
          if (shown < 3) short_cap += (shown ? " + " : "") + term;
          ++shown;
        }
      }
    if (nonzero == 0) short_cap += "0";
    if (nonzero > 3 || cin_g > 1 || geo.has_bias) short_cap += " + …";
    short_cap = std::string("y[") + std::to_string(oh) + "," + std::to_string(ow) +
                "] = " + short_cap + " = " + num(out(n, co, oh, ow));
    if (nonzero == 0) cap += "0";
    if (nonzero > shown) cap += " + … (" + std::to_string(nonzero - shown) + " more)";
    if (cin_g > 1)
      cap += " + (the same for the other " + std::to_string(cin_g - 1) +
             (cin_g > 2 ? " input channels of the group)" : " input channel of the group)");
    if (geo.has_bias) cap += " + bias " + num(bias_value(model, co));
    cap += " = " + num(out(n, co, oh, ow));
    const int zeros = kH * kW - nonzero;
    if (nonzero == 0)
      cap += "   (the kernel's shadow covers only zeros)";
    else if (zeros == 1)
      cap += "   (the other tap falls on a zero)";
    else if (zeros > 1)
      cap += "   (the other " + std::to_string(zeros) + " taps fall on zeros)";
  }
  std::string how =
      "Each output cell = Σ input under the shadow × flipped kernel: the kernel rotated 180°, "
      "sliding with stride 1";
  if (dh > 1 || dw > 1) how += " and dilation " + pair_text(dh, dw);
  if (sh > 1 || sw > 1)
    how += ". Input: " + pair_text(sh - 1, sw - 1) + " zero(s) inserted between elements (stride " +
           pair_text(sh, sw) + " − 1)";
  else
    how += ". Input: no zeros inserted (stride 1)";
  {
    const std::string p = pair_text(PH, PW);
    if (PH >= 0 && PW >= 0)
      how += ", padded by dilation·(k−1) − padding = " + p + " on every side";
    else
      how += ", dilation·(k−1) − padding = " + p + " (negative: the input is cropped instead)";
  }
  if (ah.output_padding > 0 || aw.output_padding > 0)
    how += ", plus output_padding " + pair_text(ah.output_padding, aw.output_padding) +
           " on the bottom/right only";
  how += ".";

  std::vector<LegendItem> leg;
  leg.push_back({{pal.input, 0, Border::Solid}, "input element"});
  if (sh > 1 || sw > 1) leg.push_back({{pal.inserted, 0, Border::Dashed}, "inserted zero"});
  if (PH > 0 || PW > 0) leg.push_back({{pal.padding, 0, Border::Dashed}, "padding zero"});
  if (ah.output_padding > 0 || aw.output_padding > 0)
    leg.push_back({{pal.output_padding, 0, Border::Dashed}, "output_padding (bottom/right)"});
  leg.push_back(
      {{with_alpha(pal.kernel, 0.45f), pal.highlight, Border::Solid}, "flipped kernel's shadow"});
  leg.push_back({{pal.output, 0, Border::Solid}, "output computed so far"});

  const ViewFrame frame = begin_view("##arithmetic", cap + "\n" + how, short_cap, leg);

  std::vector<GridSpec> specs(3);
  // Fills here name a category: shade them by value once values are hidden.
  for (GridSpec& s : specs) s.shade_values = true;
  specs[0].title = "input (zero-inserted, padded)";
  if (multi) specs[0].title += ", channel " + std::to_string(ci);
  specs[0].rows = RH;
  specs[0].cols = RW;
  specs[1].title = "flipped kernel";
  if (multi) specs[1].title += " [" + std::to_string(co) + "," + std::to_string(il) + "]";
  specs[1].title += "\n(K rotated 180°)";
  specs[1].rows = kH;
  specs[1].cols = kW;
  specs[2].title = "output y";
  if (multi) specs[2].title += ", channel " + std::to_string(co);
  specs[2].rows = Ho;
  specs[2].cols = Wo;

  const float gap = block_gap();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  int chosen = 0;
  const std::vector<std::vector<std::vector<int>>> layouts = {
      {{0, 1, 2}}, {{0, 1}, {2}}, {{0}, {1, 2}}};
  const float cell =
      fit_with_small_grids(specs, layouts, avail, min_cell(style, std::max({RH, RW, Ho, Wo})),
                           max_cell(style), gap, &chosen, {1}, base_cell(style));

  // The look of each kind of zero, once per frame rather than per cell.
  auto zero_style = [&](ImU32 fill) {
    CellStyle s{fill};
    // Zeros are printed, but quietly: they are there, and they add nothing.
    s.border = Border::Dashed;
    s.label = "0";
    s.text = with_alpha(text_on(fill), 0.45f);
    return s;
  };
  const CellStyle inserted = zero_style(pal.inserted), padding = zero_style(pal.padding),
                  out_padding = zero_style(pal.output_padding);

  GridResult gr[3];
  layout_rows(layouts[static_cast<size_t>(chosen)], gap, [&](int i) {
    if (i == 0) {
      gr[0] = grid(
          "padded", specs[0], cell,
          [&](int r, int c) {
            switch (kinds(r, c)) {
              case tconv::CellKind::Input: {
                CellStyle s{pal.input};
                s.has_value = true;
                s.value = padded(n, ci, r, c);
                return s;
              }
              case tconv::CellKind::Inserted:
                return inserted;
              case tconv::CellKind::Padding:
                return padding;
              case tconv::CellKind::OutputPadding:
                return out_padding;
            }
            return padding;
          },
          pal);
    } else if (i == 1) {
      gr[1] = grid(
          "flipped", specs[1], cell,
          [&](int r, int c) {
            CellStyle s{with_alpha(pal.kernel, 0.85f)};
            s.has_value = true;
            s.value = fk(co, il, r, c);
            s.text = text_on(pal.kernel);
            return s;
          },
          pal);
    } else {
      gr[2] = grid(
          "out", specs[2], cell,
          [&](int r, int c) {
            CellStyle s;
            if (static_cast<int64_t>(r) * Wo + c <= cur) {
              s.fill = pal.output;
              s.has_value = true;
              s.value = out(n, co, r, c);
            }
            return s;
          },
          pal);
    }
  });

  // [Overlays] the flipped kernel's shadow over the padded input, its values
  // riding in the corners, and the cell it produces.
  const float thick = std::max(2.f, 3.f * style.font_scale);
  for (int kh = 0; kh < kH; ++kh)
    for (int kw = 0; kw < kW; ++kw) {
      const int r = oh + kh * dh, c = ow + kw * dw;
      // Orange over blue would read as the output's green: real inputs get a
      // kernel-coloured frame instead of the wash.
      if (r < RH && c < RW && kinds(r, c) == tconv::CellKind::Input)
        outline_cell(gr[0], r, c, pal.kernel, std::max(2.f, 2.f * style.font_scale));
      else
        wash(gr[0], r, c, r, c, with_alpha(pal.kernel, 0.45f));
      corner_text(gr[0], r, c, num(fk(co, il, kh, kw)).c_str(), IM_COL32(0, 0, 0, 255),
                  with_alpha(pal.kernel, 0.9f));
    }
  outline(gr[0], oh, ow, oh + (kH - 1) * dh, ow + (kW - 1) * dw, pal.highlight, thick, true);
  outline_cell(gr[2], oh, ow, pal.highlight, thick);
  outline(gr[1], 0, 0, kH - 1, kW - 1, pal.highlight, thick);

  // [Hover]
  bool any = false;
  if (gr[0].hovered) {
    any = true;
    const int r = gr[0].hover_r, c = gr[0].hover_c;
    if (kinds(r, c) == tconv::CellKind::Input) {
      const int ih = (r - PH) / sh, iw = (c - PW) / sw;
      set_hover(model, {Hover::Kind::Input, ci, ih, iw});
      if (gr[0].clicked) {
        char what[96];
        std::snprintf(what, sizeof what, "input x[%lld,%lld,%d,%d]", static_cast<long long>(n),
                      static_cast<long long>(ci), ih, iw);
        open_value_editor(Target::Input, input_index(model, n, ci, ih, iw),
                          input_value(model, n, ci, ih, iw), what);
      }
    } else {
      set_hover(model, Hover{});
    }
  }
  if (gr[1].hovered) {
    any = true;
    // The model speaks unflipped taps.
    const int kh = kH - 1 - gr[1].hover_r, kw = kW - 1 - gr[1].hover_c;
    set_hover(model, {Hover::Kind::Kernel, ci, kh, kw});
    if (gr[1].clicked) {
      char what[96];
      std::snprintf(what, sizeof what, "weight w[%lld,%lld,%d,%d] (shown flipped)",
                    static_cast<long long>(ci), static_cast<long long>(co_local), kh, kw);
      open_value_editor(Target::Weight, {ci, co_local, kh, kw},
                        weight_value(model, ci, co_local, kh, kw), what);
    }
  }
  if (gr[2].hovered) {
    any = true;
    set_hover(model, {Hover::Kind::Output, co, gr[2].hover_r, gr[2].hover_c});
    // Clicking an output cell moves the shared timeline to it.
    if (gr[2].clicked)
      model.timeline().scrub(
          model.arith_step(static_cast<int64_t>(gr[2].hover_r) * Wo + gr[2].hover_c));
  }
  clear_hover_if_idle(model, any);

  const Highlight& hl = model.highlight();
  const float hthick = std::max(2.f, 2.5f * style.font_scale);
  for (const auto& [r, c] : hl.input_cells)
    outline_cell(gr[0], r * sh + PH, c * sw + PW, pal.hover, hthick);
  for (const auto& [r, c] : hl.kernel_taps)
    outline_cell(gr[1], kH - 1 - r, kW - 1 - c, pal.hover, hthick);
  for (const auto& [r, c] : hl.output_cells) outline_cell(gr[2], r, c, pal.hover, hthick);

  value_editor(model);
  end_view(frame, leg, pal);
}

}  // namespace studio
