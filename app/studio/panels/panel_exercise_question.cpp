// The question tile (panel_exercise.h): the question in words; for the
// kinds answered by pointing, the grids to click (the input planes for
// feeders, the kernel taps and the output planes, W's columns, for matrix);
// for a value question the given x and kernels as grids. A click edits only
// the session's answer.
#include <algorithm>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "draw.h"
#include "panel_exercise.h"

namespace studio {

namespace {

// Up to three arrangements of grids 0..n-1 (`first` grids alone on the
// first row when it is 1): one row, two rows, three rows.
std::vector<std::vector<std::vector<int>>> arrangements(int n, int first) {
  std::vector<std::vector<std::vector<int>>> out;
  for (int rows = 1; rows <= 3; ++rows) {
    std::vector<std::vector<int>> layout;
    int i = 0;
    if (first > 0 && rows > 1) {
      layout.push_back({});
      for (; i < first; ++i) layout.back().push_back(i);
    }
    const int rest_rows = std::max(1, rows - (first > 0 && rows > 1 ? 1 : 0));
    const int per = std::max(1, (n - i + rest_rows - 1) / rest_rows);
    while (i < n) {
      layout.push_back({});
      for (int k = 0; k < per && i < n; ++k, ++i) layout.back().push_back(i);
    }
    out.push_back(layout);
  }
  return out;
}

// Fits the grids in what is left of the tile and draws them in a scrolling
// canvas; draw(i, cell) draws grid i.
void draw_grids(std::vector<ui::GridSpec>& specs, int first, const Style& style,
                const std::function<void(int, float)>& draw) {
  const int n = static_cast<int>(specs.size());
  // With the first grids on a row of their own, or flowing with the rest.
  auto layouts = arrangements(n, first);
  if (first > 0)
    for (auto& l : arrangements(n, 0)) layouts.push_back(std::move(l));
  int largest = 1;
  for (const ui::GridSpec& g : specs) largest = std::max({largest, g.rows, g.cols});
  const float gap = ui::block_gap();
  int chosen = 0;
  const float cell =
      ui::fit_layouts(specs, layouts, ImGui::GetContentRegionAvail(), ui::min_cell(style, largest),
                      ui::max_cell(style), gap, &chosen);
  ui::begin_canvas("##exercise_grids");
  ui::layout_rows(layouts[static_cast<size_t>(chosen)], gap, [&](int i) { draw(i, cell); });
  ui::end_canvas();
}

std::string plane_title(const tconv::Geometry& g, const char* name, int64_t n, int64_t c) {
  char buf[64];
  if (g.batched)
    std::snprintf(buf, sizeof buf, "%s[%lld, %lld]", name, static_cast<long long>(n),
                  static_cast<long long>(c));
  else
    std::snprintf(buf, sizeof buf, "%s[%lld]", name, static_cast<long long>(c));
  return buf;
}

// [SECTION] Feeders: click the input cells that reach the asked output cell.
void feeders_grids(ExerciseSession& s, const Style& style, ui::RasterCache* raster) {
  const tconv::Geometry& g = s.geo;
  const int64_t n = g.batched ? s.question->ask.index.at(0) : 0;
  std::vector<ui::GridSpec> specs;
  for (int64_t c = 0; c < g.in_channels; ++c) {
    ui::GridSpec spec;
    spec.title = plane_title(g, "x", n, c);
    spec.rows = static_cast<int>(g.h.in);
    spec.cols = static_cast<int>(g.w.in);
    specs.push_back(spec);
  }
  const Palette& pal = style.palette;
  auto index = [&](int64_t c, int r, int col) {
    return g.batched ? tconv::Shape{n, c, r, col} : tconv::Shape{c, r, col};
  };
  draw_grids(specs, 0, style, [&](int i, float cell) {
    const int64_t c = i;
    const ui::GridResult r =
        ui::grid(("##feed" + std::to_string(i)).c_str(), specs[static_cast<size_t>(i)], cell,
                 [&](int row, int col) {
                   ui::CellStyle cs;
                   const bool on = has_feeder(s, index(c, row, col));
                   cs.fill = on ? pal.highlight : ui::with_alpha(pal.input, 0.35f);
                   cs.label = on ? "✓" : nullptr;
                   return cs;
                 },
                 pal, raster);
    if (r.hovered) ui::outline_cell(r, r.hover_r, r.hover_c, pal.hover, 2.f);
    if (r.clicked) toggle_feeder(s, index(c, r.hover_r, r.hover_c));
  });
}

// [SECTION] Value: the given x and kernels as grids (easier to read than
// nested lists): the asked batch element's input planes, and for each the
// kernel that joins it to the asked output channel.
void value_grids(const ExerciseSession& s, const Style& style, ui::RasterCache* raster) {
  const tconv::Geometry& g = s.geo;
  const ex::Question& q = *s.question;
  const tconv::Shape& at = q.ask.index;
  const int64_t n = g.batched ? at.at(0) : 0, c_out = at.at(g.batched ? 1 : 0);
  const int64_t group = g.group_of_out(c_out), j = c_out % g.out_per_group();
  const int64_t hw = g.h.in * g.w.in, khw = g.h.kernel * g.w.kernel;
  std::vector<ui::GridSpec> specs;
  std::vector<const float*> planes;  // each grid's values, row-major
  for (int64_t c = group * g.in_per_group(); c < (group + 1) * g.in_per_group(); ++c) {
    ui::GridSpec x;
    x.title = plane_title(g, "x", n, c);
    x.rows = static_cast<int>(g.h.in);
    x.cols = static_cast<int>(g.w.in);
    specs.push_back(x);
    planes.push_back(q.problem.input.data.data() + (n * g.in_channels + c) * hw);
    ui::GridSpec k;
    k.title = "weight[" + std::to_string(c) + ", " + std::to_string(j) + "]";
    k.rows = static_cast<int>(g.h.kernel);
    k.cols = static_cast<int>(g.w.kernel);
    specs.push_back(k);
    planes.push_back(q.problem.weight.data.data() + (c * g.out_per_group() + j) * khw);
  }
  const Palette& pal = style.palette;
  draw_grids(specs, 0, style, [&](int i, float cell) {
    const ui::GridSpec& spec = specs[static_cast<size_t>(i)];
    const float* v = planes[static_cast<size_t>(i)];
    const ImU32 fill = i % 2 ? pal.kernel : pal.input;
    ui::grid(("##given" + std::to_string(i)).c_str(), spec, cell,
             [&](int r, int c) {
               ui::CellStyle cs;
               cs.fill = fill;
               cs.has_value = true;
               cs.value = v[r * spec.cols + c];
               return cs;
             },
             pal, raster);
  });
}

// [SECTION] Matrix: pick a tap, then click the output cells (W's columns)
// that row of W holds it in.
void matrix_grids(ExerciseSession& s, const Style& style, ui::RasterCache* raster) {
  const tconv::Geometry& g = s.geo;
  const int kh = static_cast<int>(g.h.kernel), kw = static_cast<int>(g.w.kernel);
  std::vector<std::string> taps;
  for (int i = 0; i < kh * kw; ++i) taps.push_back(ui::tap_name(i));
  std::vector<ui::GridSpec> specs(1);
  specs[0].title = "kernel tap to place\n(click one)";
  specs[0].rows = kh;
  specs[0].cols = kw;
  specs[0].fixed_cell = ui::readable_cell() * 1.5f;  // a 1×1 kernel stays clickable
  const int64_t plane = g.h.out * g.w.out;
  for (int64_t c = 0; c < g.out_channels; ++c) {
    ui::GridSpec spec;
    char title[96];
    std::snprintf(title, sizeof title, "y[%lld]: columns %lld to %lld", static_cast<long long>(c),
                  static_cast<long long>(c * plane), static_cast<long long>((c + 1) * plane - 1));
    spec.title = title;
    spec.rows = static_cast<int>(g.h.out);
    spec.cols = static_cast<int>(g.w.out);
    specs.push_back(spec);
  }
  const Palette& pal = style.palette;
  draw_grids(specs, 1, style, [&](int i, float cell) {
    if (i == 0) {
      const ui::GridResult r = ui::grid(
          "##taps", specs[0], cell,
          [&](int row, int col) {
            ui::CellStyle cs;
            cs.fill = ui::tap_color(row * kw + col, pal);
            cs.label = taps[static_cast<size_t>(row * kw + col)].c_str();
            return cs;
          },
          pal, raster);
      ui::outline_cell(r, static_cast<int>(s.tap / kw), static_cast<int>(s.tap % kw), pal.highlight,
                       4.f);
      if (r.clicked) s.tap = r.hover_r * kw + r.hover_c;
      return;
    }
    const int64_t base = (i - 1) * plane;
    const ui::GridResult r =
        ui::grid(("##cols" + std::to_string(i)).c_str(), specs[static_cast<size_t>(i)], cell,
                 [&](int row, int col) {
                   ui::CellStyle cs;
                   const ex::MatrixEntry* e = find_entry(s, base + row * g.w.out + col);
                   if (!e) {
                     cs.fill = ui::with_alpha(pal.output, 0.3f);
                     return cs;
                   }
                   const int t = static_cast<int>(e->kh * kw + e->kw);
                   cs.fill = ui::tap_color(t, pal);
                   cs.label = taps[static_cast<size_t>(t)].c_str();
                   return cs;
                 },
                 pal, raster);
    if (!r.hovered) return;
    ui::outline_cell(r, r.hover_r, r.hover_c, pal.hover, 2.f);
    ImGui::SetTooltip("column %lld",
                      static_cast<long long>(base + r.hover_r * g.w.out + r.hover_c));
    if (r.clicked) click_entry(s, base + r.hover_r * g.w.out + r.hover_c);
  });
}

}  // namespace

void DrawExerciseQuestion(ExerciseSession& s, const Style& style, ui::RasterCache* raster) {
  if (!s.question) {
    ImGui::TextWrapped("Choose a kind and a level on the left.");
    return;
  }
  const ex::Question& q = *s.question;
  char head[96];
  std::snprintf(head, sizeof head, "Question: %s, level %d, seed %llu",
                std::string(ex::kind_name(q.kind)).c_str(), q.level,
                static_cast<unsigned long long>(q.seed));
  ImGui::TextDisabled("%s", head);
  // Larger than the panels: the question is what the room reads.
  // (A presenter's large font scale is large enough already.)
  if (style.font_scale < 1.5f) ImGui::SetWindowFontScale(1.25f);
  ImGui::TextWrapped("%s", q.text.c_str());
  ImGui::SetWindowFontScale(1.0f);
  ImGui::Spacing();
  switch (ex::widget(q.kind)) {
    case ex::Widget::InputCells:
      feeders_grids(s, style, raster);
      break;
    case ex::Widget::WRow:
      matrix_grids(s, style, raster);
      break;
    case ex::Widget::Number:
      if (q.values_given()) value_grids(s, style, raster);
      break;
    default:
      ImGui::TextDisabled("Answer on the left, then Check.");
      break;
  }
}

}  // namespace studio
