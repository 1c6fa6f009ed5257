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
#include <numeric>
#include <string>
#include <vector>

#include "draw.h"
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
  return draw::mix(kStops[i], kStops[i + 1], t - static_cast<float>(i));
}

// Zero taps is "nothing arrives" and reads as empty; counts start a little way
// into the ramp so a 1 never disappears into a dark background.
ImU32 count_color(int count, int max_count, const Palette& pal) {
  if (count <= 0) return draw::mix(pal.background, pal.text, 0.08f);
  if (max_count <= 1) return viridis(0.55f);
  return viridis(0.18f + 0.82f * static_cast<float>(count - 1) / static_cast<float>(max_count - 1));
}

// Taps per interior cell along one axis: tap j sits at j·dilation from its
// footprint's start and footprints start every `stride` cells, so an interior
// cell at phase r (mod stride) gets the taps with j·dilation ≡ r. Pure index
// arithmetic on the hyper-parameters; the counts drawn come from the record.
struct AxisOverlap {
  int64_t lo = 0, hi = 0;
  std::string cause;  // "kernel 3 is not divisible by stride 2"
};

AxisOverlap analyze(const tconv::Axis& a) {
  AxisOverlap out;
  const int64_t s = std::max<int64_t>(a.stride, 1);
  std::vector<int64_t> per_phase(static_cast<size_t>(s), 0);
  for (int64_t j = 0; j < a.kernel; ++j) ++per_phase[static_cast<size_t>((j * a.dilation) % s)];
  out.lo = *std::min_element(per_phase.begin(), per_phase.end());
  out.hi = *std::max_element(per_phase.begin(), per_phase.end());
  char buf[160];
  const int64_t g = std::gcd(a.dilation, s);
  if (s == 1)
    std::snprintf(buf, sizeof buf, "stride 1");
  else if (out.lo == 0 && g == 1)
    std::snprintf(buf, sizeof buf,
                  "stride %" PRId64 " is larger than kernel %" PRId64
                  ": footprints leave gaps (0 taps)",
                  s, a.kernel);
  else if (g > 1)
    std::snprintf(buf, sizeof buf,
                  "dilation %" PRId64 " and stride %" PRId64 " share the factor %" PRId64
                  ": taps skip cells",
                  a.dilation, s, g);
  else if (a.kernel % s == 0)
    std::snprintf(buf, sizeof buf, "kernel %" PRId64 " is divisible by stride %" PRId64, a.kernel,
                  s);
  else
    std::snprintf(buf, sizeof buf, "kernel %" PRId64 " is not divisible by stride %" PRId64,
                  a.kernel, s);
  out.cause = buf;
  return out;
}

// "1 or 2 taps, alternating" / "2 taps each".
std::string per_axis(const AxisOverlap& a) {
  char buf[96];
  if (a.lo == a.hi)
    std::snprintf(buf, sizeof buf, "%" PRId64 " tap%s each", a.lo, a.lo == 1 ? "" : "s");
  else
    std::snprintf(buf, sizeof buf, "%" PRId64 " to %" PRId64 " taps, in a repeating pattern", a.lo,
                  a.hi);
  return buf;
}

// The largest count and the counts that occur: a pass over the whole
// record, so once per revision rather than every frame.
struct Counts {
  const Model* model = nullptr;
  uint64_t revision = ~0ull;
  int max_count = 0;
  std::vector<int> present;  // ascending
};

const Counts& summarize(const Model& model) {
  static Counts c;
  if (c.model == &model && c.revision == model.revision()) return c;
  c.model = &model;
  c.revision = model.revision();
  const Eigen::MatrixXi& counts = model.records().overlap;
  c.max_count = counts.size() ? counts.maxCoeff() : 0;
  std::vector<char> seen(static_cast<size_t>(std::max(c.max_count, 0)) + 1, 0);
  for (int64_t i = 0; i < counts.size(); ++i) seen[static_cast<size_t>(counts.data()[i])] = 1;
  c.present.clear();
  for (int k = 0; k <= c.max_count; ++k)
    if (seen[static_cast<size_t>(k)]) c.present.push_back(k);
  return c;
}

std::string fmt(const char* f, auto... args) {
  char buf[512];
  std::snprintf(buf, sizeof buf, f, args...);
  return buf;
}

// Headline (the cause and the verdict), then the details; in a small pane
// the details move into a tooltip on "(?)" so the grid keeps the space.
void draw_caption(const tconv::Geometry& geo, int max_count, const Palette& pal, bool compact) {
  const AxisOverlap h = analyze(geo.h), w = analyze(geo.w);
  const bool same_axes = h.cause == w.cause && h.lo == w.lo && h.hi == w.hi;
  const bool even = h.lo == h.hi && w.lo == w.hi;
  const std::string cause = same_axes ? h.cause : "H: " + h.cause + "; W: " + w.cause;
  const int64_t lo = h.lo * w.lo, hi = h.hi * w.hi;
  const std::string total =
      lo == hi ? std::to_string(lo) : std::to_string(lo) + " to " + std::to_string(hi);
  std::string detail;
  if (max_count < hi) {
    // No cell is far enough from every border to meet each tap phase: the
    // pattern needs a bigger input to show.
    const tconv::Axis& a = geo.h.in * geo.h.stride < geo.h.span() ? geo.h : geo.w;
    detail = fmt("This input is all border: %" PRId64 " inputs, stride %" PRId64
                 ", but one footprint spans %" PRId64
                 " cells, so no output cell gets all %s taps it would in a bigger input.",
                 a.in, a.stride, a.span(), total.c_str());
  } else if (same_axes) {
    detail = fmt("Along each axis an interior cell gets %s, so %s in 2-D.", per_axis(h).c_str(),
                 total.c_str());
  } else {
    detail = fmt("Interior cells get %s along H and %s along W, so %s in 2-D.", per_axis(h).c_str(),
                 per_axis(w).c_str(), total.c_str());
  }
  const std::string note =
      fmt("Border cells get fewer (fewer inputs reach them) unless padding crops them; max here "
          "%d.%s",
          max_count,
          geo.in_per_group() > 1
              ? " Counts are per input channel: each channel of the group adds as many again."
              : "");

  ImGui::PushTextWrapPos(0.0f);
  // The headline names the cause in the current numbers, as Distill's
  // "Deconvolution and Checkerboard Artifacts" (Odena et al., 2016) explains it.
  const std::string headline = even ? cause + ": even overlap, no checkerboard"
                                    : cause + ": uneven overlap \xE2\x86\x92 checkerboard";
  if (compact) {
    ImGui::TextDisabled("(?)");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s\n%s", detail.c_str(), note.c_str());
    ImGui::SameLine();
  }
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(even ? pal.output : pal.negative), "%s",
                     headline.c_str());
  if (!compact) {
    ImGui::TextUnformatted(detail.c_str());
    ImGui::TextDisabled("%s", note.c_str());
  }
  ImGui::PopTextWrapPos();
}

}  // namespace

void DrawOverlapView(Model& model, const Style& style) {
  const Palette& pal = style.palette;
  const tconv::Records& rec = model.records();
  const tconv::Geometry& geo = rec.geo;
  const Eigen::MatrixXi& counts = rec.overlap;
  const int rows = static_cast<int>(counts.rows()), cols = static_cast<int>(counts.cols());
  const Counts& sum = summarize(model);
  const int max_count = sum.max_count;

  const ImVec2 avail0 = ImGui::GetContentRegionAvail();
  const bool compact = avail0.y < ImGui::GetTextLineHeightWithSpacing() * 20.f ||
                       avail0.x < ImGui::GetFontSize() * 36.f;
  draw_caption(geo, max_count, pal, compact);

  // Legend: the counts that occur (all of them when few, else the ends and middle).
  std::vector<int> shown = sum.present;
  if (shown.size() > 9) shown = {shown.front(), shown[shown.size() / 2], shown.back()};
  std::vector<draw::LegendItem> items;
  for (int c : shown) {
    draw::LegendItem it;
    it.look.fill = count_color(c, max_count, pal);
    it.text = std::to_string(c) + (c == 1 ? " tap" : " taps");
    items.push_back(it);
  }
  if (!compact) {
    draw::LegendItem it;
    it.look.border_color = pal.highlight;
    it.text = "current step's footprint";
    items.push_back(it);
    draw::LegendItem hv;
    hv.look.border_color = pal.hover;
    hv.text = "hovered";
    items.push_back(hv);
  }
  draw::legend(items, pal);

  draw::GridSpec spec;
  spec.title =
      "Taps per output cell (" + std::to_string(rows) + " \xC3\x97 " + std::to_string(cols) + ")";
  spec.rows = rows;
  spec.cols = cols;
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  // Cells shrink to fit, down to min_cell; past that the canvas scrolls.
  const float cell = draw::fit_cell(spec, {avail.x - ImGui::GetStyle().ScrollbarSize, avail.y},
                                    draw::min_cell(style), draw::base_cell(style) * 2.f);

  // The current step's footprint: where its taps land on the output (the
  // record's canvas origin, shifted by the crop).
  std::vector<std::pair<int, int>> footprint;
  if (rec.scatter.size() > 0 && model.step_count() > 0) {
    const tconv::ScatterStep& st = rec.scatter.step(model.scatter_index(model.timeline().step));
    for (int64_t kh = 0; kh < geo.h.kernel; ++kh) {
      const int64_t oh = st.origin_h + kh * geo.h.dilation - geo.h.padding;
      if (oh < 0 || oh >= rows) continue;
      for (int64_t kw = 0; kw < geo.w.kernel; ++kw) {
        const int64_t ow = st.origin_w + kw * geo.w.dilation - geo.w.padding;
        if (ow >= 0 && ow < cols)
          footprint.emplace_back(static_cast<int>(oh), static_cast<int>(ow));
      }
    }
  }

  // Cells too small for values: colour only, no borders (below 8 px
  // draw::grid turns the colours into one texture).
  const bool small = cell < 12.f;
  // One colour per count, not one ramp lookup per cell.
  std::vector<ImU32> colors(static_cast<size_t>(std::max(max_count, 0)) + 1);
  for (int k = 0; k <= max_count; ++k)
    colors[static_cast<size_t>(k)] = count_color(k, max_count, pal);
  bool any_hovered = false;
  draw::begin_canvas("##overlap_canvas");
  const draw::GridResult g = draw::grid(
      "overlap", spec, cell,
      [&](int r, int c) {
        draw::CellStyle s;
        const int n = counts(r, c);
        s.fill = colors[static_cast<size_t>(std::clamp(n, 0, max_count))];
        if (small) {
          s.border = draw::Border::None;
          return s;
        }
        s.has_value = true;
        s.value = static_cast<float>(n);
        return s;
      },
      pal);
  for (const auto& [r, c] : footprint) draw::outline_cell(g, r, c, pal.highlight, 3.f);
  for (const auto& [r, c] : model.highlight().output_cells)
    if (g.contains(r, c)) draw::outline_cell(g, r, c, pal.hover, 3.f);

  if (g.hovered) {
    any_hovered = true;
    Hover h;
    h.kind = Hover::Kind::Output;
    h.c = model.sel_out_channel();
    h.h = g.hover_r;
    h.w = g.hover_c;
    draw::set_hover(model, h);
    // The model has just resolved the links: list them rather than recompute.
    const Highlight& hl = model.highlight();
    std::string tip = "output (" + std::to_string(g.hover_r) + ", " + std::to_string(g.hover_c) +
                      "): " + std::to_string(counts(g.hover_r, g.hover_c)) +
                      (counts(g.hover_r, g.hover_c) == 1 ? " tap" : " taps");
    const size_t n = std::min(hl.input_cells.size(), hl.kernel_taps.size());
    for (size_t i = 0; i < n && i < 12; ++i) {
      tip += "\n  x(" + std::to_string(hl.input_cells[i].first) + ", " +
             std::to_string(hl.input_cells[i].second) + ") \xC2\xB7 tap (" +
             std::to_string(hl.kernel_taps[i].first) + ", " +
             std::to_string(hl.kernel_taps[i].second) + ")";
    }
    if (n > 12) tip += "\n  ... and " + std::to_string(n - 12) + " more";
    ImGui::SetTooltip("%s", tip.c_str());
  }
  draw::clear_hover_if_idle(model, any_hovered);
  draw::end_canvas();
}

}  // namespace studio
