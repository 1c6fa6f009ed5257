// The seed's "Connection to Matrix Transposition" (d2l, kernel2matrix), read
// from the model as the matrix view shows it: X = arange(9), corr2d gives
// Y = [[27, 37], [57, 67]] = W·vec(X), W is kernel2matrix(K), and the
// transposed convolution of Y is Wᵀ·vec(Y). Every number is the seed's.
#include <gtest/gtest.h>

#include "studio_testing.h"

namespace studio {
namespace {

using studio::testing::load;

TEST(StudioSeedMatrix, Kernel2MatrixBothDirections) {
  Model m;
  load(m, "kernel2matrix");
  const tconv::MatrixRecord& M = m.records().matrix;
  ASSERT_EQ(M.rows(), 4);
  ASSERT_EQ(M.cols(), 9);
  // W = kernel2matrix(K), K = [[1, 2], [3, 4]].
  const float W[4][9] = {{1, 2, 0, 3, 4, 0, 0, 0, 0},
                         {0, 1, 2, 0, 3, 4, 0, 0, 0},
                         {0, 0, 0, 1, 2, 0, 3, 4, 0},
                         {0, 0, 0, 0, 1, 2, 0, 3, 4}};
  for (int r = 0; r < 4; ++r)
    for (int c = 0; c < 9; ++c) EXPECT_EQ(M.W().coeff(r, c), W[r][c]) << r << "," << c;

  // The convolution: X = torch.arange(9.0).reshape(3, 3), Y = corr2d(X, K).
  DerivedCache cache;
  const ConvDirection& conv = cache.conv_direction(m);
  ASSERT_EQ(conv.x.size(), 9u);
  for (size_t i = 0; i < 9; ++i) EXPECT_EQ(conv.x[i], static_cast<float>(i));
  EXPECT_EQ(conv.y, (std::vector<float>{27, 37, 57, 67}));
  EXPECT_TRUE(conv.y_is_input);  // the preset's input is that Y

  // The transposed convolution: Z = trans_conv(Y, K) = Wᵀ·vec(Y).
  EXPECT_EQ(m.records().output.data,
            (std::vector<float>{27, 91, 74, 138, 400, 282, 171, 429, 268}));

  // Another input is no longer the convolution's Y.
  ASSERT_TRUE(m.set_value(Target::Input, {0, 0, 0, 0}, 1.f)) << m.error();
  EXPECT_FALSE(cache.conv_direction(m).y_is_input);
}

// Other states: Y = W·vec(X) is the direct convolution of X by the kernel
// (PyTorch's conv2d with the same stride, padding, dilation and groups),
// checked against core's conv2d.
TEST(StudioSeedMatrix, ConvDirectionIsConv2d) {
  for (const std::string name : {"d2l-stride", "dcgan", "groups", "dilated"}) {
    SCOPED_TRACE(name);
    Model m;
    load(m, name);
    DerivedCache cache;
    const ConvDirection& conv = cache.conv_direction(m);
    const tconv::Geometry& g = m.records().geo;
    ASSERT_EQ(static_cast<int64_t>(conv.x.size()), g.out_channels * g.h.out * g.w.out);
    ASSERT_EQ(static_cast<int64_t>(conv.y.size()), g.in_channels * g.h.in * g.w.in);
    tconv::Conv2dArgs a;
    a.stride = {g.h.stride, g.w.stride};
    a.padding = {g.h.padding, g.w.padding};
    a.dilation = {g.h.dilation, g.w.dilation};
    a.groups = g.groups;
    const tconv::Array X({1, g.out_channels, g.h.out, g.w.out}, conv.x);
    const tconv::Array Y = tconv::conv2d(X, m.problem().weight, nullptr, a);
    // conv2d may stop short of the input's size when output_padding > 0.
    ASSERT_EQ(Y.shape[1], g.in_channels);
    for (int64_t c = 0; c < g.in_channels; ++c)
      for (int64_t h = 0; h < std::min(Y.shape[2], g.h.in); ++h)
        for (int64_t w = 0; w < std::min(Y.shape[3], g.w.in); ++w)
          EXPECT_FLOAT_EQ(conv.y[static_cast<size_t>((c * g.h.in + h) * g.w.in + w)],
                          Y.data[static_cast<size_t>((c * Y.shape[2] + h) * Y.shape[3] + w)]);
  }
}

}  // namespace
}  // namespace studio
