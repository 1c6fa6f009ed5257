// The views' captions are pure functions of the records' numbers: what a
// teacher reads out, checked word for word on the seeds' examples.
#include <gtest/gtest.h>

#include "captions.h"
#include "draw.h"
#include "studio_testing.h"

namespace studio {
namespace {

using studio::testing::load;

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

tconv::Geometry geometry(const tconv::Axis& a) {
  tconv::Geometry g;
  g.h = g.w = a;
  return g;
}

TEST(StudioCaptions, NumbersAreShortAndSigned) {
  EXPECT_EQ(ui::num(2.f), "2");
  EXPECT_EQ(ui::num(-0.5f), "-0.5");
  EXPECT_EQ(ui::num(1.25f), "1.25");
  EXPECT_EQ(ui::num(1.5f), "1.5");
  EXPECT_EQ(ui::num(-0.0001f), "0");
  EXPECT_EQ(ui::num(0.333f), "0.33");
}

TEST(StudioCaptions, SpansNameRowsAndDilation) {
  EXPECT_EQ(span_text("rows", 2, 1, 1), "rows 2");
  EXPECT_EQ(span_text("rows", 2, 2, 1), "rows 2–3");
  EXPECT_EQ(span_text("cols", 2, 2, 2), "cols 2, 4");
  EXPECT_EQ(span_text("rows", 2, 4, 2), "rows 2–8 every 2");
}

TEST(StudioCaptions, ScatterStepsOfD2lsBasicExample) {
  Model m;
  load(m, "d2l-basic");
  const auto& rec = m.records();
  const Caption first = scatter_caption(rec.geo, rec.scatter.step(0), 0, 4, 0, 0.f);
  EXPECT_EQ(first.text,
            "Step 1/4: x[0,0] = 0 is broadcast through K: 0·K, top-left at (0·1, 0·1) = (0, 0) "
            "on the canvas, rows 0–1, cols 0–1 (stride 1).");
  EXPECT_EQ(first.brief, "Step 1/4: x[0,0] = 0 → 0·K at rows 0–1, cols 0–1.");
  const Caption last = scatter_caption(rec.geo, rec.scatter.step(3), 3, 4, 0, 0.f);
  EXPECT_EQ(last.text,
            "Step 4/4: x[1,1] = 3 is broadcast through K: 3·K, top-left at (1·1, 1·1) = (1, 1) "
            "on the canvas, rows 1–2, cols 1–2 (stride 1).\nLast step: output = the sum "
            "(nothing is cropped).");
  EXPECT_EQ(last.brief, "Step 4/4: x[1,1] = 3 → 3·K at rows 1–2, cols 1–2.");
}

TEST(StudioCaptions, ScatterSaysWhatPaddingAndBiasDo) {
  Model m;
  load(m, "d2l-padding");
  Params p = m.params();
  p.bias = true;
  p.output_padding = tconv::Pair(0);
  ASSERT_TRUE(m.set_params(p)) << m.error();
  const auto& rec = m.records();
  const int64_t last = m.step_count() - 1;
  const Caption c = scatter_caption(rec.geo, rec.scatter.step(static_cast<size_t>(last)), last,
                                    m.step_count(), 0, 1.5f);
  EXPECT_TRUE(has(c.text,
                  "\nThe output keeps canvas rows 1–1, cols 1–1: padding=(1,1) crops "
                  "that many from the top/left and bottom/right."))
      << c.text;
  EXPECT_TRUE(has(c.text, "\nLast step: output = cropped sum + bias (b[0] = 1.5).")) << c.text;
}

TEST(StudioCaptions, ArithmeticListsTermsAndCountsZeros) {
  ArithmeticCell cell;
  cell.index = 0;
  cell.cells = 9;
  cell.oh = cell.ow = 0;
  cell.terms = {{2.f, -1.f}, {3.f, 0.5f}};
  cell.taps = 4;
  cell.in_per_group = 1;
  cell.has_bias = false;
  cell.bias = 0.f;
  cell.value = -0.5f;
  Caption c = arithmetic_caption(cell);
  EXPECT_EQ(c.text,
            "Output cell 1/9: y[0,0] = 2·(-1) + 3·0.5 = -0.5   (the other 2 taps fall on zeros)");
  EXPECT_EQ(c.brief, "y[0,0] = 2·(-1) + 3·0.5 = -0.5");

  // Seven terms: six listed, the rest counted; the brief keeps three.
  cell.terms.assign(7, {1.f, 1.f});
  cell.taps = 9;
  cell.value = 7.f;
  c = arithmetic_caption(cell);
  EXPECT_TRUE(has(c.text, "1·1 + 1·1 + 1·1 + 1·1 + 1·1 + 1·1 + … (1 more) = 7")) << c.text;
  EXPECT_EQ(c.brief, "y[0,0] = 1·1 + 1·1 + 1·1 + … = 7");

  cell.terms.clear();
  cell.value = 0.f;
  c = arithmetic_caption(cell);
  EXPECT_TRUE(has(c.text, "= 0 = 0   (the kernel's shadow covers only zeros)")) << c.text;
}

TEST(StudioCaptions, ArithmeticSaysHowTheDirectConvolutionIsSetUp) {
  Model m;
  load(m, "d2l-stride");  // stride 2, kernel 2, no padding
  const std::string how = arithmetic_how(m.records().geo, 1, 1);
  EXPECT_TRUE(has(how, "Input: 1 zero(s) inserted between elements (stride 2 − 1)")) << how;
  EXPECT_TRUE(has(how, "padded by dilation·(k−1) − padding = 1 on every side.")) << how;
  EXPECT_TRUE(has(arithmetic_how(m.records().geo, -1, 0), "(negative: the input is cropped"));
}

TEST(StudioCaptions, FlipComparesTheTwoRoutes) {
  Caption c = flip_caption(0.f, true, 1, 0, 0);
  EXPECT_TRUE(has(c.text, "Same numbers: max |route 1 − route 2| = 0.")) << c.text;
  EXPECT_EQ(c.brief, "Scatter with K = direct conv with K rotated 180°: max |difference| = 0.");
  c = flip_caption(1e-7f, true, 2, 3, 1);
  EXPECT_TRUE(has(c.text,
                  "= 1e-07 (float rounding). Kernels shown for input channel 3 → output "
                  "channel 1"))
      << c.text;
  EXPECT_TRUE(has(flip_caption(0.f, false, 1, 0, 0).brief, "shapes differ!"));
}

TEST(StudioCaptions, OverlapNamesTheCheckerboardsCause) {
  // Odena et al.'s case: kernel 3, stride 2 overlaps unevenly.
  OverlapCaption c = overlap_caption(geometry(tconv::make_axis(8, 3, 2)), 4);
  EXPECT_FALSE(c.even);
  EXPECT_EQ(c.headline, "kernel 3 is not divisible by stride 2: uneven overlap → checkerboard");
  EXPECT_EQ(c.detail,
            "Along each axis an interior cell gets 1 to 2 taps, in a repeating pattern, so 1 to 4 "
            "in 2-D.");
  c = overlap_caption(geometry(tconv::make_axis(8, 4, 2)), 4);
  EXPECT_TRUE(c.even);
  EXPECT_EQ(c.headline, "kernel 4 is divisible by stride 2: even overlap, no checkerboard");
  EXPECT_EQ(analyze_overlap(tconv::make_axis(4, 2, 3)).cause,
            "stride 3 is larger than kernel 2: footprints leave gaps (0 taps)");
  EXPECT_EQ(analyze_overlap(tconv::make_axis(4, 3, 2, 0, 0, 2)).cause,
            "dilation 2 and stride 2 share the factor 2: taps skip cells");
}

TEST(StudioCaptions, MatrixSaysWhatWIs) {
  const std::string about = matrix_about(4, 9, 16, false);
  EXPECT_TRUE(has(about,
                  "W is 4 × 9: a row per input element, a column per output element; 16 "
                  "entries (44.4%) hold a kernel tap"))
      << about;
  EXPECT_TRUE(has(about, "vec(y) = Wᵀ vec(x): row i of W")) << about;
  EXPECT_TRUE(has(matrix_about(4, 9, 16, true), "Wᵀ vec(x) + b:"));
  EXPECT_EQ(matrix_step_line(2, "x(1,0)", 2, false), "Step 2: x(1,0) = row 2 of W, column 2 of Wᵀ");
  EXPECT_EQ(matrix_step_line(2, "x(1,0)", 2, true), "x(1,0): row 2 of W, col 2 of Wᵀ");
}

}  // namespace
}  // namespace studio
