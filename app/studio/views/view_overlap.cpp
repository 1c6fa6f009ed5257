// The overlap view: how many kernel taps land on each output cell
// (records().overlap), the checkerboard of Odena, Dumoulin & Olah,
// "Deconvolution and Checkerboard Artifacts" (Distill, 2016), with a caption
// that says why, in the current numbers.
#include <imgui.h>

#include <algorithm>
#include <cinttypes>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "captions.h"
#include "draw.h"
#include "readout.h"
#include "views.h"

namespace studio {
namespace {

// Viridis (van der Walt & Smith), sampled at 6 stops: sequential and readable
// for every common colour-vision deficiency, unlike a red-green ramp.
ImU32 viridis(float t) {
  static constexpr ImU32 kStops[] = {
      IM_COL32(68, 1, 84, 255),    IM_COL32(65, 68, 135, 255),  IM_COL32(42, 120, 142, 255),
      IM_COL32(34, 168, 132, 255), IM_COL32(122, 209, 81, 255), IM_COL32(253, 231, 37, 255),
  };
  constexpr int n = static_cast<int>(sizeof kStops / sizeof kStops[0]);
  t = std::clamp(t, 0.f, 1.f) * (n - 1);
  const int i = std::min(static_cast<int>(t), n - 2);
  return ui::mix(kStops[i], kStops[i + 1], t - static_cast<float>(i));
}

// Zero taps is "nothing arrives" and reads as empty; counts start a little way
// into the ramp so a 1 never disappears into a dark background.
ImU32 count_color(int count, int max_count, const Palette& pal) {
  if (count <= 0) return ui::mix(pal.background, pal.text, 0.08f);
  if (max_count <= 1) return viridis(0.55f);
  return viridis(0.18f + 0.82f * static_cast<float>(count - 1) / static_cast<float>(max_count - 1));
}

// Headline (the cause and the verdict), then the details; in a small pane
// the details move into a tooltip on "(?)" so the grid keeps the space.
void draw_caption(const tconv::Geometry& geo, int max_count, const Palette& pal, bool compact) {
  const OverlapCaption c = overlap_caption(geo, max_count);
  ImGui::PushTextWrapPos(0.0f);
  if (compact) {
    ImGui::TextDisabled("(?)");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s\n%s", c.detail.c_str(), c.note.c_str());
    ImGui::SameLine();
  }
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(c.even ? pal.output : pal.negative), "%s",
                     c.headline.c_str());
  if (!compact) {
    ImGui::TextUnformatted(c.detail.c_str());
    ImGui::TextDisabled("%s", c.note.c_str());
  }
  ImGui::PopTextWrapPos();
}

// The counts that occur (all of them when few, else the ends and middle),
// and in a large pane what the outlines mean.
void draw_legend(const OverlapSummary& sum, const Palette& pal, bool compact) {
  std::vector<int> shown = sum.present;
  if (shown.size() > 9) shown = {shown.front(), shown[shown.size() / 2], shown.back()};
  std::vector<ui::LegendItem> items;
  for (int c : shown) {
    ui::LegendItem it;
    it.look.fill = count_color(c, sum.max_count, pal);
    it.text = std::to_string(c) + (c == 1 ? " tap" : " taps");
    items.push_back(it);
  }
  if (!compact) {
    ui::LegendItem it;
    it.look.border_color = pal.highlight;
    it.text = "current step's footprint";
    items.push_back(it);
    ui::LegendItem hv;
    hv.look.border_color = pal.hover;
    hv.text = "hovered";
    items.push_back(hv);
  }
  ui::legend(items, pal);
}

// "output (1, 2): 2 taps" and the inputs and taps that land there, from the
// highlight the model's links already resolved.
std::string cell_tooltip(int r, int c, int count, const Highlight& hl) {
  std::string tip = "output (" + std::to_string(r) + ", " + std::to_string(c) +
                    "): " + std::to_string(count) + (count == 1 ? " tap" : " taps");
  const size_t n = std::min(hl.input_cells.size(), hl.kernel_taps.size());
  for (size_t i = 0; i < n && i < 12; ++i) {
    tip += "\n  x(" + std::to_string(hl.input_cells[i].first) + ", " +
           std::to_string(hl.input_cells[i].second) + ") \xC2\xB7 tap (" +
           std::to_string(hl.kernel_taps[i].first) + ", " +
           std::to_string(hl.kernel_taps[i].second) + ")";
  }
  if (n > 12) tip += "\n  ... and " + std::to_string(n - 12) + " more";
  return tip;
}

// The map of counts, the step's footprint and the hover over it.
ui::GridResult draw_counts(ViewContext& cx, const OverlapSummary& sum, float cell,
                           const ui::GridSpec& spec) {
  const Palette& pal = cx.palette();
  const Eigen::MatrixXi& counts = cx.model.records().overlap;
  const int max_count = sum.max_count;
  // Cells too small for values: colour only, no borders (below 8 px
  // ui::grid turns the colours into one texture).
  const bool small = cell < 12.f;
  // One colour per count, not one ramp lookup per cell.
  std::vector<ImU32> colors(static_cast<size_t>(std::max(max_count, 0)) + 1);
  for (int k = 0; k <= max_count; ++k)
    colors[static_cast<size_t>(k)] = count_color(k, max_count, pal);
  return ui::grid(
      "overlap", spec, cell,
      [&](int r, int c) {
        ui::CellStyle s;
        const int n = counts(r, c);
        s.fill = colors[static_cast<size_t>(std::clamp(n, 0, max_count))];
        if (small) {
          s.border = ui::Border::None;
          return s;
        }
        s.has_value = true;
        s.value = static_cast<float>(n);
        return s;
      },
      pal, cx.raster);
}

// The caption's and legend's height less what they would take at font
// scale 2 (about k² of it: lines k times as tall, 1/k as many).
float text_beyond_scale2(const Style& style, float y0) {
  const float k = std::min(1.f, ui::kProjectorFontScale / style.font_scale);
  // (The title bar and padding above it are chrome: the same at scale 2.)
  return (ImGui::GetCursorPosY() - y0) * (1.f - k * k);
}

}  // namespace

void DrawOverlapView(ViewContext& cx) {
  const Model& model = cx.model;
  const Palette& pal = cx.palette();
  const tconv::Records& rec = model.records();
  const Eigen::MatrixXi& counts = rec.overlap;
  const int rows = static_cast<int>(counts.rows()), cols = static_cast<int>(counts.cols());
  const OverlapSummary& sum = cx.derived.overlap(model);

  const ImVec2 avail0 = ImGui::GetContentRegionAvail();
  const float text_y0 = ImGui::GetCursorPosY();
  const bool compact = avail0.y < ImGui::GetTextLineHeightWithSpacing() * 20.f ||
                       avail0.x < ImGui::GetFontSize() * 36.f;
  draw_caption(rec.geo, sum.max_count, pal, compact);
  draw_legend(sum, pal, compact);

  ui::GridSpec spec;
  spec.title =
      "Taps per output cell (" + std::to_string(rows) + " \xC3\x97 " + std::to_string(cols) + ")";
  spec.rows = rows;
  spec.cols = cols;
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  // Cells shrink to fit, down to min_cell; past that the canvas scrolls.
  const ImVec2 room{avail.x - ImGui::GetStyle().ScrollbarSize, avail.y};
  const float hi = ui::max_cell(cx.style);
  const float lo =
      ui::projector_floor({spec}, {{{0}}}, room, ui::min_cell(cx.style), hi, 0.f, cx.style,
                          {ui::scrollbar_room(), text_beyond_scale2(cx.style, text_y0)});
  const float cell = ui::fit_cell(spec, room, lo, hi);

  // The current step's footprint: where its input's taps land on the output.
  std::vector<tconv::Link> footprint;
  if (rec.scatter.size() > 0 && model.step_count() > 0) {
    const tconv::ScatterStep& st = rec.scatter.step(model.scatter_index(cx.step, cx.unit));
    footprint = tconv::links_from_input(rec.geo, st.ih, st.iw);
  }
  ui::begin_canvas("##overlap_canvas");
  const ui::GridResult g = draw_counts(cx, sum, cell, spec);
  for (const tconv::Link& l : footprint) ui::outline_cell(g, l.oh, l.ow, pal.highlight, 3.f);
  for (const auto& [r, c] : cx.highlight().output_cells)
    if (g.contains(r, c)) ui::outline_cell(g, r, c, pal.hover, 3.f);
  if (g.hovered) {
    cx.set_hover({Hover::Kind::Output, model.sel_out_channel(), g.hover_r, g.hover_c});
    const std::string tip =
        cell_tooltip(g.hover_r, g.hover_c, counts(g.hover_r, g.hover_c), cx.highlight());
    ImGui::SetTooltip("%s", tip.c_str());
  }
  cx.clear_hover_if_idle(g.hovered);
  ui::end_canvas();
}

}  // namespace studio
