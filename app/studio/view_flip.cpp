// The flip view: why the two pictures agree. K and its 180° rotation, tap
// colours carried across so each tap can be followed, and the two routes'
// recorded outputs side by side with their largest difference.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "draw.h"
#include "views.h"

namespace studio {

namespace {

// The scatter route's output and the comparison, once per model revision:
// ScatterRecord::output() assembles a tensor, too much for every frame.
struct Compare {
  const Model* model = nullptr;
  uint64_t revision = ~0ull;
  tconv::Tensor4 scatter;
  float max_diff = 0.f;
};

const Compare& compare(const Model& model) {
  static Compare c;
  if (c.model != &model || c.revision != model.revision()) {
    c.model = &model;
    c.revision = model.revision();
    c.scatter = model.records().scatter.output();
    const tconv::Tensor4& direct = model.records().flip.output();
    c.max_diff = 0.f;
    if (c.scatter.dimensions() == direct.dimensions()) {
      // A comparison of two recorded results, not a convolution.
      const float* a = c.scatter.data();
      const float* b = direct.data();
      for (Eigen::Index i = 0; i < direct.size(); ++i)
        c.max_diff = std::max(c.max_diff, std::fabs(a[i] - b[i]));
    } else {
      c.max_diff = INFINITY;
    }
  }
  return c;
}

}  // namespace

void DrawFlipView(Model& model, const Style& style) {
  using namespace draw;
  const Palette& pal = style.palette;
  const tconv::Records& rec = model.records();
  const tconv::Geometry& geo = rec.geo;
  const tconv::Tensor4& fk = rec.flip.flipped_kernel();
  const tconv::Tensor4& direct = rec.flip.output();
  if (fk.size() == 0 || direct.size() == 0) {
    ImGui::TextUnformatted(
        "No valid parameters yet: the flip view waits for a valid configuration.");
    return;
  }
  const Compare& cmp = compare(model);
  const tconv::Tensor4& scat = cmp.scatter;

  const DrawnChannels ch = drawn_channels(model);
  const int64_t n = ch.n, co = ch.co, co_local = ch.co_local, ci = ch.ci, il = ch.ci_local;
  const int64_t cin_g = geo.in_per_group();
  const int kH = static_cast<int>(fk.dimension(2)), kW = static_cast<int>(fk.dimension(3));
  const int Ho = static_cast<int>(direct.dimension(2)), Wo = static_cast<int>(direct.dimension(3));
  const bool multi = geo.in_channels > 1 || geo.out_channels > 1;
  const bool scat_ok = scat.dimensions() == direct.dimensions();

  std::string cap =
      "Route 1 (scatter, d2l): every input element times K, placed at its stride offset, summed, "
      "cropped by padding. Route 2 (conv_arithmetic): insert zeros, pad, slide K rotated 180° "
      "with stride 1. Same numbers:";
  {
    char buf[96];
    if (!scat_ok)
      std::snprintf(buf, sizeof buf, " the two outputs have different shapes!");
    else if (cmp.max_diff == 0.f)
      std::snprintf(buf, sizeof buf, " max |route 1 − route 2| = 0.");
    else
      std::snprintf(buf, sizeof buf, " max |route 1 − route 2| = %.3g (float rounding).",
                    static_cast<double>(cmp.max_diff));
    cap += buf;
  }
  if (cin_g > 1)
    cap += " Kernels shown for input channel " + std::to_string(ci) + " → output channel " +
           std::to_string(co) + "; outputs sum over all input channels of the group.";

  std::string short_cap = "Scatter with K = direct conv with K rotated 180°";
  {
    char buf[64];
    std::snprintf(buf, sizeof buf, ": max |difference| = %.3g.", static_cast<double>(cmp.max_diff));
    short_cap += scat_ok ? buf : ": shapes differ!";
  }
  const ViewFrame frame = begin_view("##flip", cap, short_cap, {});

  std::vector<GridSpec> specs(4);
  // Fills here name a category: shade them by value once values are hidden.
  for (GridSpec& s : specs) s.shade_values = true;
  specs[0].title =
      multi ? "K = w[" + std::to_string(ci) + "," + std::to_string(co_local) + "]" : "kernel K";
  specs[1].title = "K rotated 180°";
  for (int i : {0, 1}) {
    specs[i].rows = kH;
    specs[i].cols = kW;
  }
  specs[2].title = "route 1: scatter with K";
  specs[3].title = "route 2: conv with flipped K";
  for (int i : {2, 3}) {
    if (multi) specs[i].title += "\noutput channel " + std::to_string(co);
    specs[i].rows = Ho;
    specs[i].cols = Wo;
  }

  const float gap = block_gap();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  int chosen = 0;
  const std::vector<std::vector<std::vector<int>>> layouts = {
      {{0, 1, 2, 3}}, {{0, 1}, {2, 3}}, {{0, 1}, {2}, {3}}};
  const float cell =
      fit_with_small_grids(specs, layouts, avail, min_cell(style, std::max({kH, kW, Ho, Wo})),
                           max_cell(style), gap, &chosen, {0, 1}, base_cell(style));

  GridResult gr[4];
  layout_rows(layouts[static_cast<size_t>(chosen)], gap, [&](int i) {
    switch (i) {
      case 0:
        gr[0] = grid(
            "K", specs[0], cell,
            [&](int r, int c) {
              CellStyle s{pal.kernel};
              s.has_value = true;
              s.value = weight_value(model, ci, co_local, r, c);
              return s;
            },
            pal);
        break;
      case 1:
        gr[1] = grid(
            "Kflip", specs[1], cell,
            [&](int r, int c) {
              CellStyle s{pal.kernel};
              s.has_value = true;
              s.value = fk(co, il, r, c);
              return s;
            },
            pal);
        break;
      default: {
        const tconv::Tensor4& t = i == 2 ? scat : direct;
        const bool ok = i == 3 || scat_ok;
        gr[i] = grid(
            i == 2 ? "y1" : "y2", specs[i], cell,
            [&](int r, int c) {
              CellStyle s{pal.output};
              s.has_value = ok;
              if (ok) s.value = t(n, co, r, c);
              return s;
            },
            pal);
      }
    }
  });

  // Tap letters travel with the rotation: "a" top-left in K ends bottom-right.
  if (kH * kW <= 26) {
    const ImU32 ink = with_alpha(text_on(pal.kernel), 0.75f);
    for (int r = 0; r < kH; ++r)
      for (int c = 0; c < kW; ++c) {
        corner_text(gr[0], r, c, tap_name(r * kW + c).c_str(), ink, 0, Corner::TopLeft);
        corner_text(gr[1], r, c, tap_name((kH - 1 - r) * kW + (kW - 1 - c)).c_str(), ink, 0,
                    Corner::TopLeft);
      }
  }

  // Between side-by-side blocks: "rotate" arrow for the kernels, "=" for the outputs.
  ImDrawList* dl = ImGui::GetWindowDrawList();
  auto between = [&](const GridResult& a, const GridResult& b, bool arrow_not_equals) {
    if (a.rows == 0 || b.rows == 0) return;
    const float ya = a.origin.y + 0.5f * a.rows * a.cell, yb = b.origin.y + 0.5f * b.rows * b.cell;
    if (std::fabs(ya - yb) > 1.f || b.block_min.x < a.block_max.x) return;  // not on one row
    const float x0 = a.block_max.x + 3.f, x1 = b.origin.x - 3.f;
    if (x1 - x0 < 8.f) return;
    if (arrow_not_equals) {
      arrow(dl, {x0, ya}, {x1, ya}, pal.text, std::max(1.5f, 2.f * style.font_scale));
    } else {
      const ImVec2 ts = ImGui::CalcTextSize("=");
      if (ts.x <= x1 - x0) dl->AddText({0.5f * (x0 + x1 - ts.x), ya - 0.5f * ts.y}, pal.text, "=");
    }
  };
  between(gr[0], gr[1], true);
  between(gr[2], gr[3], false);

  // [Hover]
  bool any = false;
  for (int i : {0, 1}) {
    if (!gr[i].hovered) continue;
    any = true;
    const int kh = i == 0 ? gr[i].hover_r : kH - 1 - gr[i].hover_r;
    const int kw = i == 0 ? gr[i].hover_c : kW - 1 - gr[i].hover_c;
    set_hover(model, {Hover::Kind::Kernel, ci, kh, kw});
    if (gr[i].clicked) {
      char what[96];
      std::snprintf(what, sizeof what, "weight w[%lld,%lld,%d,%d]", static_cast<long long>(ci),
                    static_cast<long long>(co_local), kh, kw);
      open_value_editor(Target::Weight, {ci, co_local, kh, kw},
                        weight_value(model, ci, co_local, kh, kw), what);
    }
  }
  for (int i : {2, 3}) {
    if (!gr[i].hovered) continue;
    any = true;
    set_hover(model, {Hover::Kind::Output, co, gr[i].hover_r, gr[i].hover_c});
  }
  clear_hover_if_idle(model, any);

  const Highlight& hl = model.highlight();
  const float hthick = std::max(2.f, 2.5f * style.font_scale);
  for (const auto& [r, c] : hl.kernel_taps) {
    outline_cell(gr[0], r, c, pal.hover, hthick);
    outline_cell(gr[1], kH - 1 - r, kW - 1 - c, pal.hover, hthick);
  }
  for (const auto& [r, c] : hl.output_cells) {
    outline_cell(gr[2], r, c, pal.hover, hthick);
    outline_cell(gr[3], r, c, pal.hover, hthick);
  }

  value_editor(model);
  end_view(frame, {}, pal);
}

}  // namespace studio
