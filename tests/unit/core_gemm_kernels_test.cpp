// The gemm method's two kernels (GEMM + col2im, direct) each match the
// scatter reference, whichever one the cost rule would pick: the random sweep
// alone has only narrow groups, which Auto always sends to the direct kernel.
#include <gtest/gtest.h>

#include "core_testing.h"
#include "tconv/conv.h"

namespace tconv {
namespace {

using testing::kRelTol;
using testing::max_rel_diff;
using testing::values;

using testing::build;
using testing::Built;

void expect_both_kernels_match(const testing::Case& c) {
  const Built b = build(c);
  const Tensor4 ref = conv_transpose2d_scatter(b.x, b.w, b.bias(), b.geo);
  for (GemmKernel k : {GemmKernel::Gemm, GemmKernel::Direct}) {
    for (int threads : {1, 2, 3}) {
      const Tensor4 y = conv_transpose2d_gemm(b.x, b.w, b.bias(), b.geo, threads, k);
      ASSERT_EQ(y.dimensions(), ref.dimensions());
      EXPECT_LE(max_rel_diff(values(y), values(ref)), kRelTol)
          << (k == GemmKernel::Gemm ? "gemm" : "direct") << " kernel, threads " << threads;
    }
  }
}

TEST(GemmKernels, BothMatchScatterOnRandomValidCases) {
  std::mt19937 rng(5);
  for (int i = 0; i < 300; ++i) {
    const testing::Case c = testing::random_case(rng);
    SCOPED_TRACE("case " + std::to_string(i) + ": " + c.describe());
    expect_both_kernels_match(c);
  }
}

// Geometry the kernels treat specially: taps cropped away entirely, rows and
// columns no tap reaches, strides above 2 (generic interleave), wide groups,
// images big enough for row blocks (GEMM) and tiles (direct).
TEST(GemmKernels, BothMatchScatterOnEdgeGeometry) {
  struct Layer {
    const char* what;
    Shape x, w;
    Pair stride, padding, output_padding, dilation;
    int64_t groups;
  };
  const Layer layers[] = {
      {"only the centre tap lands", {2, 3, 1, 1}, {3, 2, 5, 5}, 1, 2, 0, 1, 1},
      {"outer taps cropped", {1, 4, 3, 3}, {4, 3, 5, 5}, 1, 3, 0, 1, 1},
      {"stride past the kernel", {2, 2, 3, 4}, {2, 3, 2, 2}, 3, 0, 2, 1, 1},
      {"stride 4, 3 per axis", {1, 2, 4, 5}, {2, 2, 3, 3}, Pair(4, 3), 1, Pair(3, 1), 1, 1},
      {"dilation over stride", {2, 4, 5, 5}, {4, 2, 3, 3}, 2, 1, 1, 2, 2},
      {"output padding past stride", {1, 2, 3, 3}, {2, 2, 2, 2}, 1, 0, 2, 3, 1},
      {"deep groups (GEMM's side)", {3, 96, 5, 6}, {96, 20, 4, 4}, 2, 1, 0, 1, 2},
      {"deep, stride 1", {2, 40, 7, 7}, {40, 9, 3, 3}, 1, 1, 0, 1, 1},
      {"many small groups", {2, 64, 6, 6}, {64, 3, 3, 3}, 2, 1, 1, 2, 16},
      {"1x1 kernel", {2, 34, 4, 3}, {34, 5, 1, 1}, 2, 0, 1, 1, 1},
      // Over 4096 input pixels: the GEMM kernel works in blocks of input rows.
      {"big image, row blocks",
       {1, 33, 72, 65},
       {33, 3, 4, 3},
       Pair(2, 1),
       1,
       Pair(1, 0),
       Pair(1, 2),
       1},
      {"big image, stride 3", {2, 4, 80, 60}, {4, 2, 5, 5}, 3, 2, 2, 1, 2},
  };
  std::mt19937 rng(6);
  for (const Layer& l : layers) {
    SCOPED_TRACE(l.what);
    testing::Case c;
    c.input = testing::random_array(l.x, rng);
    c.weight = testing::random_array(l.w, rng);
    c.bias = testing::random_array({l.w[1] * l.groups}, rng);
    c.args.stride = l.stride;
    c.args.padding = l.padding;
    c.args.output_padding = l.output_padding;
    c.args.dilation = l.dilation;
    c.args.groups = l.groups;
    ASSERT_FALSE(validate_conv_transpose2d(c.input.shape, c.weight.shape, &c.bias->shape, c.args))
        << *validate_conv_transpose2d(c.input.shape, c.weight.shape, &c.bias->shape, c.args);
    expect_both_kernels_match(c);
  }
}

TEST(GemmKernels, CostRulePicksDirectForNarrowGroups) {
  Geometry g;
  g.in_channels = 64;
  g.groups = 8;  // 8 input channels per group
  EXPECT_EQ(choose_gemm_kernel(g), GemmKernel::Direct);
  g.groups = 1;  // 64
  EXPECT_EQ(choose_gemm_kernel(g), GemmKernel::Gemm);
}

}  // namespace
}  // namespace tconv
