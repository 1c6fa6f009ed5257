// The flip method's stages: zero insertion, padding (or cropping), the
// rotated kernel, and the cell kinds the flip view draws.
#include <gtest/gtest.h>

#include "core_testing.h"
#include "tconv/conv.h"
#include "tconv/flip.h"

namespace tconv {
namespace {

FlipRecord flip_of(const testing::Case& c) {
  const Geometry geo = check_conv_transpose2d(c.input.shape, c.weight.shape, nullptr, c.args);
  return FlipRecord(to_tensor4(c.input), to_tensor4(c.weight), nullptr, geo);
}

Eigen::MatrixXf plane(const Tensor4& t, int64_t n = 0, int64_t c = 0) {
  Eigen::MatrixXf m(t.dimension(2), t.dimension(3));
  for (int64_t i = 0; i < m.rows(); ++i)
    for (int64_t j = 0; j < m.cols(); ++j) m(i, j) = t(n, c, i, j);
  return m;
}

TEST(FlipRecord, D2lStride2Stages) {
  testing::Case c;
  c.input = Array({1, 1, 2, 2}, {0, 1, 2, 3});
  c.weight = Array({1, 1, 2, 2}, {0, 1, 2, 3});
  c.args.stride = 2;
  const FlipRecord f = flip_of(c);

  Eigen::MatrixXf inserted(3, 3);
  inserted << 0, 0, 1, 0, 0, 0, 2, 0, 3;
  EXPECT_EQ(plane(f.inserted()), inserted);
  EXPECT_EQ(f.pad_top(), 1);
  EXPECT_EQ(f.pad_left(), 1);
  Eigen::MatrixXf padded = Eigen::MatrixXf::Zero(5, 5);
  padded.block(1, 1, 3, 3) = inserted;
  EXPECT_EQ(plane(f.padded()), padded);
  Eigen::MatrixXf flipped(2, 2);
  flipped << 3, 2, 1, 0;
  EXPECT_EQ(plane(f.flipped_kernel()), flipped);
  Eigen::MatrixXf out(4, 4);
  out << 0, 0, 0, 1, 0, 0, 2, 3, 0, 2, 0, 3, 4, 6, 6, 9;
  EXPECT_EQ(plane(f.output()), out);

  using K = CellKind;
  const auto& kinds = f.kinds();
  ASSERT_EQ(kinds.rows(), 5);
  for (int i = 0; i < 5; ++i) {
    for (int j = 0; j < 5; ++j) {
      const bool border = i == 0 || j == 0 || i == 4 || j == 4;
      const bool input = i % 2 == 1 && j % 2 == 1;
      EXPECT_EQ(kinds(i, j), border ? K::Padding : input ? K::Input : K::Inserted) << i << "," << j;
    }
  }
}

TEST(FlipRecord, OutputPaddingRowsAndColumnsComeLast) {
  testing::Case c;
  c.input = Array({1, 1, 2, 3}, {1, 2, 3, 4, 5, 6});
  c.weight = Array({1, 1, 3, 3}, {1, 2, 3, 4, 5, 6, 7, 8, 9});
  c.args.stride = 2;
  c.args.padding = 1;
  c.args.output_padding = Pair(1, 0);
  const FlipRecord f = flip_of(c);
  // inserted 3×5, P = 1: padded (3 + 2 + 1) × (5 + 2).
  ASSERT_EQ(f.kinds().rows(), 6);
  ASSERT_EQ(f.kinds().cols(), 7);
  for (int j = 0; j < 7; ++j) EXPECT_EQ(f.kinds()(5, j), CellKind::OutputPadding);
  EXPECT_EQ(f.kinds()(4, 3), CellKind::Padding);
  EXPECT_EQ(f.kinds()(1, 1), CellKind::Input);
  EXPECT_EQ(f.kinds()(2, 1), CellKind::Inserted);
  EXPECT_EQ(f.output().dimension(2), 4);  // (2-1)·2 - 2 + 3 + 1
  EXPECT_EQ(f.output().dimension(3), 5);
}

TEST(FlipRecord, NegativeDirectPaddingCropsAndOutputPaddingReexposes) {
  // k = 1, padding 1: P = -1 crops one row/col each side; output_padding 1
  // brings the bottom input row back (it is an input, not padding).
  testing::Case c;
  c.input = Array({1, 1, 3, 3}, {1, 2, 3, 4, 5, 6, 7, 8, 9});
  c.weight = Array({1, 1, 1, 1}, {2});
  c.args.stride = 2;
  c.args.padding = 1;
  c.args.output_padding = 1;
  const FlipRecord f = flip_of(c);
  EXPECT_EQ(f.pad_top(), -1);
  ASSERT_EQ(f.padded().dimension(2), 4);  // 5 - 2 + 1
  Eigen::MatrixXf padded(4, 4);
  padded << 0, 0, 0, 0, 0, 5, 0, 6, 0, 0, 0, 0, 0, 8, 0, 9;
  EXPECT_EQ(plane(f.padded()), padded);
  EXPECT_EQ(f.kinds()(3, 3), CellKind::Input);
  EXPECT_EQ(f.kinds()(0, 0), CellKind::Inserted);
  EXPECT_EQ(plane(f.output()), 2 * padded);
}

TEST(FlipRecord, KernelIsRotatedWithChannelsSwappedPerGroup) {
  std::mt19937 rng(31);
  testing::Case c;
  c.input = testing::random_array({1, 6, 3, 3}, rng);
  c.weight = testing::random_array({6, 2, 3, 2}, rng);  // groups 3: C_in/g = 2, C_out = 6
  c.args.groups = 3;
  const FlipRecord f = flip_of(c);
  const Tensor4 w = to_tensor4(c.weight);
  const Tensor4& k = f.flipped_kernel();
  ASSERT_EQ(k.dimension(0), 6);
  ASSERT_EQ(k.dimension(1), 2);
  for (int co = 0; co < 6; ++co)
    for (int il = 0; il < 2; ++il)
      for (int kh = 0; kh < 3; ++kh)
        for (int kw = 0; kw < 2; ++kw)
          EXPECT_EQ(k(co, il, kh, kw), w((co / 2) * 2 + il, co % 2, 2 - kh, 1 - kw));
}

TEST(FlipRecord, StagesHaveTheirShapesOnRandomCases) {
  std::mt19937 rng(32);
  for (int i = 0; i < 100; ++i) {
    const testing::Case c = testing::random_case(rng);
    SCOPED_TRACE(c.describe());
    const Geometry g = check_conv_transpose2d(c.input.shape, c.weight.shape,
                                              c.bias ? &c.bias->shape : nullptr, c.args);
    Tensor1 b;
    if (c.bias) {
      b = Tensor1(g.out_channels);
      std::copy(c.bias->data.begin(), c.bias->data.end(), b.data());
    }
    const Tensor4 x = to_tensor4(c.input);
    const FlipRecord f(x, to_tensor4(c.weight), c.bias ? &b : nullptr, g);
    const int64_t lh = (g.h.in - 1) * g.h.stride + 1, lw = (g.w.in - 1) * g.w.stride + 1;
    EXPECT_EQ(f.inserted().dimension(2), lh);
    EXPECT_EQ(f.inserted().dimension(3), lw);
    EXPECT_EQ(f.pad_top(), g.h.dilation * (g.h.kernel - 1) - g.h.padding);
    const int64_t ph = lh + 2 * f.pad_top() + g.h.output_padding;
    const int64_t pw = lw + 2 * f.pad_left() + g.w.output_padding;
    EXPECT_EQ(f.padded().dimension(2), ph);
    EXPECT_EQ(f.padded().dimension(3), pw);
    EXPECT_EQ(f.kinds().rows(), ph);
    EXPECT_EQ(f.kinds().cols(), pw);
    EXPECT_EQ(f.output().dimension(2), g.h.out);
    EXPECT_EQ(f.output().dimension(3), g.w.out);
    // Every Input cell holds its input value, every other kind is zero.
    for (int64_t r = 0; r < ph; ++r) {
      for (int64_t s = 0; s < pw; ++s) {
        const float v = f.padded()(0, 0, r, s);
        if (f.kinds()(r, s) == CellKind::Input) {
          const int64_t ih = (r - f.pad_top()) / g.h.stride, iw = (s - f.pad_left()) / g.w.stride;
          EXPECT_EQ(v, x(0, 0, ih, iw));
        } else {
          EXPECT_EQ(v, 0.f);
        }
      }
    }
    const Tensor4 ref = conv_transpose2d_scatter(x, to_tensor4(c.weight), c.bias ? &b : nullptr, g);
    EXPECT_LE(testing::max_rel_diff(testing::values(f.output()), testing::values(ref)),
              testing::kRelTol);
  }
}

}  // namespace
}  // namespace tconv
