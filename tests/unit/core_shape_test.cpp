// Shape arithmetic (shape.h): the formulas, the derived sizes the studio
// draws, and the worked examples students meet first.
#include <gtest/gtest.h>

#include "tconv/checks.h"
#include "tconv/shape.h"

namespace tconv {
namespace {

Axis axis(int64_t in, int64_t k, int64_t s = 1, int64_t p = 0, int64_t op = 0, int64_t d = 1) {
  return make_axis(in, k, s, p, op, d);
}

// The seed blog's nn.ConvTranspose2d(1, 1, ...) examples and their shapes.
TEST(TransposedOutputSize, SeedBlogExamples) {
  EXPECT_EQ(transposed_output_size(2, 3, 1, 0, 0, 1), 4);  // ConvTranspose2d(1,1,3)
  EXPECT_EQ(transposed_output_size(6, 4, 1, 2, 0, 1), 5);  // (1,1,4,padding=2)
  EXPECT_EQ(transposed_output_size(7, 3, 1, 2, 0, 1), 5);  // (1,1,3,padding=2)
  EXPECT_EQ(transposed_output_size(2, 3, 2, 0, 0, 1), 5);  // (1,1,3,stride=2)
}

TEST(TransposedOutputSize, ConvArithmeticAnimations) {
  EXPECT_EQ(transposed_output_size(5, 3, 1, 1, 0, 1), 5);  // same padding
  EXPECT_EQ(transposed_output_size(3, 3, 2, 1, 0, 1), 5);  // padding, strides
  EXPECT_EQ(transposed_output_size(3, 3, 2, 1, 1, 1), 6);  // padding, strides, odd
}

TEST(TransposedOutputSize, DilationAndOutputPadding) {
  // PyTorch's dilated common_nn config: (6 - 1) * 2 - 2 + 2 * 2 + 1 + 1.
  EXPECT_EQ(transposed_output_size(6, 3, 2, 1, 1, 2), 14);
  EXPECT_EQ(transposed_output_size(7, 3, 3, 1, 1, 2), 22);
  // Output can come out below 1; the checks reject that, the arithmetic does not.
  EXPECT_EQ(transposed_output_size(5, 3, 1, 10, 0, 1), -13);
}

TEST(ConvOutputSize, SeedBlogAndD2l) {
  EXPECT_EQ(conv_output_size(4, 3, 1, 0, 1), 2);  // nn.Conv2d(1,1,3) on 4x4
  EXPECT_EQ(conv_output_size(5, 4, 1, 2, 1), 6);  // nn.Conv2d(1,1,4,padding=2) on 5x5
  // d2l: Conv2d(10, 20, kernel_size=5, padding=2, stride=3) on 16x16 -> 6x6,
  // and the transposed convolution with the same arguments gives 16x16 back.
  EXPECT_EQ(conv_output_size(16, 5, 3, 2, 1), 6);
  EXPECT_EQ(transposed_output_size(6, 5, 3, 2, 0, 1), 16);
}

TEST(ConvOutputSize, FloorsTowardMinusInfinity) {
  EXPECT_EQ(conv_output_size(7, 3, 2, 0, 1), 3);   // floor(4 / 2) + 1
  EXPECT_EQ(conv_output_size(8, 3, 3, 0, 1), 2);   // floor(5 / 3) + 1
  EXPECT_EQ(conv_output_size(2, 5, 2, 0, 1), -1);  // floor(-3 / 2) + 1, not 0
}

TEST(Axis, Formula) {
  EXPECT_EQ(axis(2, 2, 2).formula(), "(2 - 1) × 2 - 2 × 0 + 1 × (2 - 1) + 0 + 1 = 4");
  EXPECT_EQ(axis(3, 3, 2, 1, 1).formula(), "(3 - 1) × 2 - 2 × 1 + 1 × (3 - 1) + 1 + 1 = 6");
  EXPECT_EQ(axis(6, 3, 2, 1, 1, 2).formula(), "(6 - 1) × 2 - 2 × 1 + 2 × (3 - 1) + 1 + 1 = 14");
}

TEST(Axis, SpanFullCanvasDirectPadding) {
  const Axis a = axis(3, 3, 2, 1, 0, 2);  // span 5, full (3-1)*2 + 5 = 9, out 7
  EXPECT_EQ(a.span(), 5);
  EXPECT_EQ(a.full(), 9);
  EXPECT_EQ(a.out, 7);
  EXPECT_EQ(a.canvas(), 9);  // the crop of 1 on each side fits inside the canvas
  EXPECT_EQ(a.direct_padding(), 3);

  // output_padding past the cropped padding extends the canvas.
  const Axis b = axis(3, 3, 2, 0, 1);  // full 7, out 8
  EXPECT_EQ(b.full(), 7);
  EXPECT_EQ(b.out, 8);
  EXPECT_EQ(b.canvas(), 8);
  // Padding larger than the dilated kernel: the direct conv crops instead.
  EXPECT_EQ(axis(7, 3, 1, 3).direct_padding(), -1);
}

TEST(Axis, ReachableSizes) {
  // test_nn: ConvTranspose2d(3, 4, 3, stride=3) on 6x6 reaches 18..20.
  const Axis a = axis(6, 3, 3);
  EXPECT_EQ(a.min_out(), 18);
  EXPECT_EQ(a.max_out_by_output_size(), 20);
  EXPECT_EQ(a.max_out_by_output_padding(), 20);
  // output_padding may also reach dilation - 1; output_size only stride - 1.
  const Axis b = axis(4, 3, 2, 0, 3, 4);  // op 3 >= stride 2 but < dilation 4
  EXPECT_EQ(b.min_out(), 15);
  EXPECT_EQ(b.out, 18);
  EXPECT_EQ(b.max_out_by_output_padding(), 18);
  EXPECT_EQ(b.max_out_by_output_size(), 16);
  // Stride 1 and dilation 1: exactly one size.
  const Axis c = axis(5, 3);
  EXPECT_EQ(c.min_out(), c.max_out_by_output_size());
  EXPECT_EQ(c.min_out(), c.max_out_by_output_padding());
}

TEST(Axis, ConvBackRoundTrip) {
  // The direct convolution maps every reachable size back to `in` while
  // output_padding < stride (what output_size relies on).
  for (int64_t in = 1; in <= 9; ++in)
    for (int64_t k = 1; k <= 4; ++k)
      for (int64_t s = 1; s <= 3; ++s)
        for (int64_t d = 1; d <= 3; ++d)
          for (int64_t p = 0; p <= 2; ++p)
            for (int64_t op = 0; op < s; ++op) {
              const Axis a = axis(in, k, s, p, op, d);
              if (a.out < 1) continue;
              EXPECT_EQ(a.conv_back(), in) << a.formula();
            }
  // op >= stride (allowed through dilation) lands on a different size.
  EXPECT_EQ(axis(4, 3, 2, 0, 3, 4).conv_back(), 5);
}

TEST(Geometry, ShapesAndMacs) {
  Geometry g;
  g.batched = true;
  g.batch = 2;
  g.in_channels = 4;
  g.out_channels = 6;
  g.groups = 2;
  g.h = axis(3, 2, 2);
  g.w = axis(5, 3);
  EXPECT_EQ(g.input_shape(), (Shape{2, 4, 3, 5}));
  EXPECT_EQ(g.weight_shape(), (Shape{4, 3, 2, 3}));
  EXPECT_EQ(g.output_shape(), (Shape{2, 6, 6, 7}));
  EXPECT_EQ(g.macs(), 2 * 4 * 3 * 5 * 3 * 2 * 3);
  EXPECT_EQ(g.in_per_group(), 2);
  EXPECT_EQ(g.out_per_group(), 3);
  EXPECT_EQ(g.group_of_in(3), 1);
  EXPECT_EQ(g.group_of_out(2), 0);
  g.batched = false;
  g.batch = 1;
  EXPECT_EQ(g.input_shape(), (Shape{4, 3, 5}));
  EXPECT_EQ(g.output_shape(), (Shape{6, 6, 7}));
}

TEST(Conv2dGeometry, OutputShape) {
  Conv2dGeometry g;
  g.batch = 3;
  g.out_channels = 5;
  g.out_h = 4;
  g.out_w = 2;
  EXPECT_EQ(g.output_shape(), (Shape{3, 5, 4, 2}));
  g.batched = false;
  EXPECT_EQ(g.output_shape(), (Shape{5, 4, 2}));
}

}  // namespace
}  // namespace tconv
