// The matrix method: W is d2l's kernel2matrix generalized, sparse, with a
// tap behind every non-zero, and Wᵀ is the transposed convolution.
#include <gtest/gtest.h>

#include "core_testing.h"
#include "tconv/conv.h"
#include "tconv/matrix.h"

namespace tconv {
namespace {

Geometry geometry(const testing::Case& c) {
  return check_conv_transpose2d(c.input.shape, c.weight.shape, c.bias ? &c.bias->shape : nullptr,
                                c.args);
}

TEST(MatrixRecord, IsD2lsKernel2Matrix) {
  // Transposed conv 2×2 -> 3×3 with K = [[1, 2], [3, 4]]: W is the 4×9
  // matrix of the direct conv 3×3 -> 2×2.
  testing::Case c;
  c.input = Array({1, 1, 2, 2});
  c.weight = Array({1, 1, 2, 2}, {1, 2, 3, 4});
  const MatrixRecord m(to_tensor4(c.weight), geometry(c));
  Eigen::MatrixXf expected(4, 9);
  expected << 1, 2, 0, 3, 4, 0, 0, 0, 0,  //
      0, 1, 2, 0, 3, 4, 0, 0, 0,          //
      0, 0, 0, 1, 2, 0, 3, 4, 0,          //
      0, 0, 0, 0, 1, 2, 0, 3, 4;
  EXPECT_EQ(Eigen::MatrixXf(m.W()), expected);
  EXPECT_EQ(m.W().nonZeros(), 16);
}

TEST(MatrixRecord, TransposedConvIsWTransposeTimesInput) {
  // d2l: trans_conv(Y, K) == Wᵀ vec(Y).
  testing::Case c;
  c.input = Array({1, 1, 2, 2}, {27, 37, 57, 67});
  c.weight = Array({1, 1, 2, 2}, {1, 2, 3, 4});
  const Geometry geo = geometry(c);
  const MatrixRecord m(to_tensor4(c.weight), geo);
  const Eigen::Map<const Eigen::VectorXf> y(c.input.data.data(), 4);
  const Eigen::VectorXf wty = m.W().transpose() * y;
  const Tensor4 ref =
      conv_transpose2d_scatter(to_tensor4(c.input), to_tensor4(c.weight), nullptr, geo);
  EXPECT_EQ(testing::values(m.apply_transposed(to_tensor4(c.input), nullptr)),
            testing::values(ref));
  EXPECT_EQ(std::vector<float>(wty.data(), wty.data() + wty.size()), testing::values(ref));
}

TEST(MatrixRecord, AdjointIdentityOnRandomCases) {
  // <W u, v> = <u, Wᵀ v>: apply() and apply_transposed() are adjoint.
  std::mt19937 rng(21);
  for (int i = 0; i < 100; ++i) {
    const testing::Case c = testing::random_case(rng);
    SCOPED_TRACE(c.describe());
    const Geometry geo = geometry(c);
    const MatrixRecord m(to_tensor4(c.weight), geo);
    const Array u = testing::random_array({geo.batch, geo.out_channels, geo.h.out, geo.w.out}, rng);
    const Array v = testing::random_array({geo.batch, geo.in_channels, geo.h.in, geo.w.in}, rng);
    const std::vector<float> wu = testing::values(m.apply(to_tensor4(u)));
    const std::vector<float> wtv = testing::values(m.apply_transposed(to_tensor4(v), nullptr));
    double lhs = 0, rhs = 0, scale = 0;
    for (size_t k = 0; k < wu.size(); ++k) {
      lhs += static_cast<double>(wu[k]) * v.data[k];
      scale += std::abs(static_cast<double>(wu[k]) * v.data[k]);
    }
    for (size_t k = 0; k < wtv.size(); ++k) rhs += static_cast<double>(u.data[k]) * wtv[k];
    EXPECT_NEAR(lhs, rhs, 1e-5 * std::max(1.0, scale));
  }
}

TEST(MatrixRecord, EveryNonZeroKnowsItsTap) {
  std::mt19937 rng(22);
  for (int i = 0; i < 60; ++i) {
    const testing::Case c = testing::random_case(rng);
    SCOPED_TRACE(c.describe());
    const Geometry geo = geometry(c);
    const Tensor4 w = to_tensor4(c.weight);
    const MatrixRecord m(w, geo);
    ASSERT_EQ(m.rows(), geo.in_channels * geo.h.in * geo.w.in);
    ASSERT_EQ(m.cols(), geo.out_channels * geo.h.out * geo.w.out);
    int64_t k = 0;
    for (int64_t r = 0; r < m.rows(); ++r) {
      const int64_t ci = r / (geo.h.in * geo.w.in), ih = (r / geo.w.in) % geo.h.in,
                    iw = r % geo.w.in;
      for (MatrixRecord::SparseW::InnerIterator it(m.W(), r); it; ++it, ++k) {
        const Tap& t = m.tap(k);
        const int64_t co = it.col() / (geo.h.out * geo.w.out);
        const int64_t oh = (it.col() / geo.w.out) % geo.h.out, ow = it.col() % geo.w.out;
        EXPECT_EQ(t.c_in, ci);
        EXPECT_EQ(geo.group_of_in(ci), geo.group_of_out(co));  // block structure
        EXPECT_EQ(co % geo.out_per_group(), t.c_out_local);
        EXPECT_EQ(oh, ih * geo.h.stride + t.kh * geo.h.dilation - geo.h.padding);
        EXPECT_EQ(ow, iw * geo.w.stride + t.kw * geo.w.dilation - geo.w.padding);
        EXPECT_EQ(it.value(), w(t.c_in, t.c_out_local, t.kh, t.kw));
        EXPECT_EQ(m.tap_at(r, it.col()), &t);
        EXPECT_EQ(m.row_of(ci, ih, iw), r);
        EXPECT_EQ(m.col_of(co, oh, ow), it.col());
      }
    }
    EXPECT_EQ(k, m.W().nonZeros());
  }
}

TEST(MatrixRecord, StructuralZerosHaveNoTap) {
  testing::Case c;
  c.input = Array({1, 1, 2, 2});
  c.weight = Array({1, 1, 2, 2}, {1, 0, 3, 4});  // a zero weight is still a tap
  const MatrixRecord m(to_tensor4(c.weight), geometry(c));
  EXPECT_EQ(m.tap_at(0, 2), nullptr);
  ASSERT_NE(m.tap_at(0, 1), nullptr);
  EXPECT_EQ(m.tap_at(0, 1)->kw, 1);
  EXPECT_EQ(m.W().nonZeros(), 16);
  EXPECT_EQ(m.tap_at(-1, 0), nullptr);
  EXPECT_EQ(m.tap_at(4, 0), nullptr);
  EXPECT_EQ(m.tap_at(0, 9), nullptr);
}

TEST(MatrixRecord, ApplyIsTheDirectConvolution) {
  // With output_padding < stride, W maps the output back to the input shape
  // exactly as F.conv2d with the same weight, stride, padding, dilation, groups.
  std::mt19937 rng(23);
  for (int i = 0; i < 80; ++i) {
    const testing::Case c = testing::random_case(rng);
    if (c.args.output_size || c.args.output_padding.h >= c.args.stride.h ||
        c.args.output_padding.w >= c.args.stride.w)
      continue;
    SCOPED_TRACE(c.describe());
    const Geometry geo = geometry(c);
    const MatrixRecord m(to_tensor4(c.weight), geo);
    const Array y = testing::random_array({geo.batch, geo.out_channels, geo.h.out, geo.w.out}, rng);
    Conv2dArgs a;
    a.stride = c.args.stride;
    a.padding = c.args.padding;
    a.dilation = c.args.dilation;
    a.groups = c.args.groups;
    const Array direct = conv2d(y, c.weight, nullptr, a);
    EXPECT_EQ(direct.shape, (Shape{geo.batch, geo.in_channels, geo.h.in, geo.w.in}));
    EXPECT_LE(testing::max_rel_diff(testing::values(m.apply(to_tensor4(y))), direct.data),
              testing::kRelTol);
  }
}

TEST(MatrixRecord, OutputPaddingPastTheDirectConvsReachLeavesEmptyColumns) {
  // output_padding 2 ≥ stride 1, allowed by dilation 3: the last cols/rows
  // of the output are reached by no tap.
  testing::Case c;
  c.input = Array({1, 1, 2, 2});
  c.weight = Array({1, 1, 2, 2}, {1, 2, 3, 4});
  c.args.dilation = 3;
  c.args.output_padding = 2;
  const Geometry geo = geometry(c);
  ASSERT_EQ(geo.h.out, 7);
  const MatrixRecord m(to_tensor4(c.weight), geo);
  EXPECT_EQ(m.cols(), 49);
  const Eigen::MatrixXf dense(m.W());
  for (int64_t oh = 0; oh < 7; ++oh)
    for (int64_t ow = 0; ow < 7; ++ow)
      if (oh >= 5 || ow >= 5) {
        EXPECT_TRUE(dense.col(m.col_of(0, oh, ow)).isZero());
      }
}

TEST(MatrixRecord, ScalesToA128x128InputWithoutGoingDense) {
  std::mt19937 rng(24);
  testing::Case c;
  c.input = Array({1, 1, 128, 128});
  c.weight = testing::random_array({1, 1, 4, 4}, rng);
  c.args.stride = 2;
  const MatrixRecord m(to_tensor4(c.weight), geometry(c));
  EXPECT_EQ(m.rows(), 128 * 128);
  EXPECT_EQ(m.cols(), 258 * 258);
  EXPECT_EQ(m.W().nonZeros(), 128 * 128 * 16);  // no tap cropped without padding
}

}  // namespace
}  // namespace tconv
