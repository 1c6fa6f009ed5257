// Hover correspondence: hovering one cell in one view lights up the cells,
// taps and W entries that go with it in every other view.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "studio_testing.h"

namespace studio {
namespace {

using studio::testing::load;
using Cells = std::vector<std::pair<int, int>>;

Cells sorted(Cells c) {
  std::sort(c.begin(), c.end());
  return c;
}

Hover hover(Hover::Kind kind, int64_t c, int64_t h, int64_t w) {
  Hover x;
  x.kind = kind;
  x.c = c;
  x.h = h;
  x.w = w;
  return x;
}

Hover w_entry(int64_t row, int64_t col) {
  Hover x;
  x.kind = Hover::Kind::WEntry;
  x.row = row;
  x.col = col;
  return x;
}

TEST(StudioHover, D2lStrideOutputCell) {
  Model m;
  testing::Ui ui(m);
  load(m, "d2l-stride");  // 2×2 input, 2×2 kernel, stride 2 -> 4×4
  ui.set_hover(hover(Hover::Kind::Output, 0, 1, 1));
  const Highlight& h = ui.highlight();
  EXPECT_EQ(h.input_cells, (Cells{{0, 0}}));
  EXPECT_EQ(h.kernel_taps, (Cells{{1, 1}}));
  EXPECT_EQ(h.output_cells, (Cells{{1, 1}}));
  EXPECT_EQ(h.w_col, 5);  // (c_out 0, oh 1, ow 1) in a 4×4 output
  EXPECT_FALSE(h.w_row.has_value());

  ui.set_hover(hover(Hover::Kind::Output, 0, 2, 3));
  EXPECT_EQ(ui.highlight().input_cells, (Cells{{1, 1}}));
  EXPECT_EQ(ui.highlight().kernel_taps, (Cells{{0, 1}}));
  EXPECT_EQ(ui.highlight().w_col, 11);
}

TEST(StudioHover, D2lStrideInputCell) {
  Model m;
  testing::Ui ui(m);
  load(m, "d2l-stride");
  ui.set_hover(hover(Hover::Kind::Input, 0, 1, 0));
  const Highlight& h = ui.highlight();
  EXPECT_EQ(h.input_cells, (Cells{{1, 0}}));
  EXPECT_EQ(sorted(h.output_cells), (Cells{{2, 0}, {2, 1}, {3, 0}, {3, 1}}));
  ASSERT_EQ(h.kernel_taps.size(), h.output_cells.size());
  for (size_t i = 0; i < h.output_cells.size(); ++i) {
    // Output = origin (2, 0) + tap.
    EXPECT_EQ(h.output_cells[i].first, 2 + h.kernel_taps[i].first);
    EXPECT_EQ(h.output_cells[i].second, 0 + h.kernel_taps[i].second);
  }
  EXPECT_EQ(h.w_row, 2);
  EXPECT_FALSE(h.w_col.has_value());
}

TEST(StudioHover, D2lStrideKernelTapAndWEntry) {
  Model m;
  testing::Ui ui(m);
  load(m, "d2l-stride");
  ui.set_hover(hover(Hover::Kind::Kernel, 0, 0, 1));
  const Highlight& k = ui.highlight();
  EXPECT_EQ(k.kernel_taps, (Cells{{0, 1}}));
  EXPECT_EQ(k.input_cells, (Cells{{0, 0}, {0, 1}, {1, 0}, {1, 1}}));
  EXPECT_EQ(k.output_cells, (Cells{{0, 1}, {0, 3}, {2, 1}, {2, 3}}));

  const auto& W = m.records().matrix;
  ui.set_hover(w_entry(W.row_of(0, 1, 0), W.col_of(0, 3, 1)));
  const Highlight& e = ui.highlight();
  EXPECT_EQ(e.input_cells, (Cells{{1, 0}}));
  EXPECT_EQ(e.output_cells, (Cells{{3, 1}}));
  EXPECT_EQ(e.kernel_taps, (Cells{{1, 1}}));
  EXPECT_EQ(e.w_row, 2);
  EXPECT_EQ(e.w_col, 13);

  // A structural zero: input (0, 0) never reaches output (3, 3).
  ui.set_hover(w_entry(0, 15));
  EXPECT_EQ(ui.highlight().input_cells, (Cells{{0, 0}}));
  EXPECT_EQ(ui.highlight().output_cells, (Cells{{3, 3}}));
  EXPECT_TRUE(ui.highlight().kernel_taps.empty());
}

TEST(StudioHover, OutOfRangeAndNoneHighlightNothing) {
  Model m;
  testing::Ui ui(m);
  load(m, "d2l-stride");
  for (const Hover& h : {hover(Hover::Kind::Output, 0, 4, 0), hover(Hover::Kind::Output, 1, 0, 0),
                         hover(Hover::Kind::Input, 0, -1, 0), hover(Hover::Kind::Kernel, 0, 2, 0),
                         w_entry(4, 0), w_entry(0, 16), Hover{}}) {
    ui.set_hover(h);
    EXPECT_TRUE(ui.highlight().empty());
  }
  // A rebuild that makes the hovered cell vanish clears its highlight.
  ui.set_hover(hover(Hover::Kind::Output, 0, 3, 3));
  EXPECT_FALSE(ui.highlight().empty());
  Params p = m.params();
  p.stride = tconv::Pair(1);
  ASSERT_TRUE(m.set_params(p));
  EXPECT_TRUE(ui.highlight().empty());
}

// Every view's picture agrees: for each output cell, its inputs and taps
// satisfy o = i·s − p + k·d, W has the same tap at (row, col), and hovering
// the input lists that output back.
TEST(StudioHover, OutputInputAndMatrixAgreeOnEveryCell) {
  for (const std::string name :
       {"d2l-basic", "d2l-padding", "dilated", "ca-padding-strides-odd", "groups", "round-trip"}) {
    SCOPED_TRACE(name);
    Model m;
    testing::Ui ui(m);
    load(m, name);
    const auto& g = m.records().geo;
    const auto& W = m.records().matrix;
    const int64_t c_out = g.out_channels - 1;
    const int64_t c_in = g.group_of_out(c_out) * g.in_per_group();
    for (int64_t oh = 0; oh < g.h.out; ++oh)
      for (int64_t ow = 0; ow < g.w.out; ++ow) {
        ui.set_hover(hover(Hover::Kind::Output, c_out, oh, ow));
        const Highlight out = ui.highlight();
        ASSERT_EQ(out.input_cells.size(), out.kernel_taps.size());
        ASSERT_EQ(out.w_col, W.col_of(c_out, oh, ow));
        for (size_t i = 0; i < out.input_cells.size(); ++i) {
          const auto [ih, iw] = out.input_cells[i];
          const auto [kh, kw] = out.kernel_taps[i];
          EXPECT_EQ(oh, ih * g.h.stride - g.h.padding + kh * g.h.dilation);
          EXPECT_EQ(ow, iw * g.w.stride - g.w.padding + kw * g.w.dilation);
          const tconv::Tap* tap = W.tap_at(W.row_of(c_in, ih, iw), *out.w_col);
          ASSERT_NE(tap, nullptr);
          EXPECT_EQ(tap->kh, kh);
          EXPECT_EQ(tap->kw, kw);
          ui.set_hover(hover(Hover::Kind::Input, c_in, ih, iw));
          const auto& back = ui.highlight().output_cells;
          EXPECT_NE(std::find(back.begin(), back.end(), std::pair<int, int>(oh, ow)), back.end());
        }
      }
    // Kernel hover = the input hovers' links filtered by that tap.
    for (int64_t kh = 0; kh < g.h.kernel; ++kh)
      for (int64_t kw = 0; kw < g.w.kernel; ++kw) {
        ui.set_hover(hover(Hover::Kind::Kernel, 0, kh, kw));
        std::set<std::pair<Cells::value_type, Cells::value_type>> got, want;
        const Highlight& k = ui.highlight();
        ASSERT_EQ(k.input_cells.size(), k.output_cells.size());
        for (size_t i = 0; i < k.input_cells.size(); ++i)
          got.insert({k.input_cells[i], k.output_cells[i]});
        for (int64_t ih = 0; ih < g.h.in; ++ih)
          for (int64_t iw = 0; iw < g.w.in; ++iw)
            for (const auto& l : tconv::links_from_input(g, ih, iw))
              if (l.kh == kh && l.kw == kw) want.insert({{l.ih, l.iw}, {l.oh, l.ow}});
        EXPECT_EQ(got, want) << "tap " << kh << ", " << kw;
      }
  }
}

}  // namespace
}  // namespace studio
