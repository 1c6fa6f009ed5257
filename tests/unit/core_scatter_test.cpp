// The scatter record: compact steps in reading order, and intermediates and
// running sums that add up to the output.
#include <gtest/gtest.h>

#include "core_testing.h"
#include "tconv/conv.h"
#include "tconv/errors.h"
#include "tconv/scatter.h"

namespace tconv {
namespace {

using testing::build;
using testing::Built;

TEST(ScatterRecord, StepsAreSmall) {
  static_assert(sizeof(ScatterStep) <= 64);
  std::mt19937 rng(1);
  testing::Case c;
  c.input = testing::random_array({1, 1, 256, 256}, rng);
  c.weight = testing::random_array({1, 1, 4, 4}, rng);
  const Built b = build(c);
  const ScatterRecord rec(b.x, b.w, nullptr, b.geo);
  EXPECT_EQ(rec.size(), 65536u);
  // One step per input element, nothing per intermediate.
  EXPECT_LE(rec.record_bytes(), 65536u * 64u);
}

TEST(ScatterRecord, StepsFollowTheInputsReadingOrder) {
  std::mt19937 rng(2);
  testing::Case c;
  c.input = testing::random_array({2, 4, 3, 5}, rng);
  c.weight = testing::random_array({4, 3, 2, 3}, rng);
  c.args.groups = 2;
  c.args.stride = Pair(2, 3);
  const Built b = build(c);
  const ScatterRecord rec(b.x, b.w, nullptr, b.geo);
  ASSERT_EQ(rec.size(), 2u * 4 * 3 * 5);
  size_t t = 0;
  for (int n = 0; n < 2; ++n)
    for (int ci = 0; ci < 4; ++ci)
      for (int ih = 0; ih < 3; ++ih)
        for (int iw = 0; iw < 5; ++iw, ++t) {
          const ScatterStep& s = rec.step(t);
          EXPECT_EQ(s.n, n);
          EXPECT_EQ(s.c_in, ci);
          EXPECT_EQ(s.ih, ih);
          EXPECT_EQ(s.iw, iw);
          EXPECT_EQ(s.origin_h, ih * 2);
          EXPECT_EQ(s.origin_w, iw * 3);
          EXPECT_EQ(s.value, b.x(n, ci, ih, iw));
        }
}

TEST(ScatterRecord, IntermediateIsValueTimesKernelAtTheStepsOffset) {
  // d2l: X = [[0, 1], [2, 3]], K = [[0, 1], [2, 3]], stride 2.
  testing::Case c;
  c.input = Array({1, 1, 2, 2}, {0, 1, 2, 3});
  c.weight = Array({1, 1, 2, 2}, {0, 1, 2, 3});
  c.args.stride = 2;
  const Built b = build(c);
  const ScatterRecord rec(b.x, b.w, nullptr, b.geo);
  Eigen::MatrixXf expected = Eigen::MatrixXf::Zero(4, 4);
  expected.block(2, 0, 2, 2) << 0, 2, 4, 6;  // step 2: x = 2 at (1, 0)
  EXPECT_EQ(rec.intermediate(2, 0), expected);
  Eigen::MatrixXf sum(4, 4);
  sum << 0, 0, 0, 1, 0, 0, 2, 3, 0, 2, 0, 0, 4, 6, 0, 0;  // steps 0..2
  EXPECT_EQ(rec.running_sum(2, 0, 0), sum);
}

TEST(ScatterRecord, DilatedIntermediateSpreadsTheTaps) {
  testing::Case c;
  c.input = Array({1, 1, 1, 2}, {1, 2});
  c.weight = Array({1, 1, 2, 2}, {1, 2, 3, 4});
  c.args.dilation = Pair(2, 3);
  const Built b = build(c);
  const ScatterRecord rec(b.x, b.w, nullptr, b.geo);
  Eigen::MatrixXf expected = Eigen::MatrixXf::Zero(3, 5);
  expected(0, 1) = 2;
  expected(0, 4) = 4;
  expected(2, 1) = 6;
  expected(2, 4) = 8;
  EXPECT_EQ(rec.intermediate(1, 0), expected);
}

TEST(ScatterRecord, IntermediateIsZeroOutsideTheStepsGroup) {
  std::mt19937 rng(3);
  testing::Case c;
  c.input = testing::random_array({1, 4, 2, 2}, rng);
  c.weight = testing::random_array({4, 1, 2, 2}, rng);
  c.args.groups = 2;
  const Built b = build(c);
  const ScatterRecord rec(b.x, b.w, nullptr, b.geo);
  // Step 0 is c_in 0 (group 0): c_out 1 belongs to group 1.
  EXPECT_TRUE(rec.intermediate(0, 1).isZero());
  EXPECT_FALSE(rec.intermediate(0, 0).isZero());
}

// On random cases: running_sum(t) equals the explicit sum of intermediates
// 0..t of its batch, and the last one, cropped plus bias, is the output.
TEST(ScatterRecord, RunningSumsAddUpToTheOutput) {
  std::mt19937 rng(4);
  for (int i = 0; i < 60; ++i) {
    const testing::Case c = testing::random_case(rng);
    SCOPED_TRACE(c.describe());
    const Built b = build(c);
    const ScatterRecord rec(b.x, b.w, b.bias(), b.geo);
    const Geometry& g = b.geo;
    const Tensor4 out = conv_transpose2d_gemm(b.x, b.w, b.bias(), g, 1);
    EXPECT_LE(testing::max_rel_diff(testing::values(rec.output()), testing::values(out)),
              testing::kRelTol);
    const size_t per_batch = rec.size() / static_cast<size_t>(g.batch);
    for (int64_t n = 0; n < g.batch; ++n) {
      for (int64_t co = 0; co < g.out_channels; ++co) {
        Eigen::MatrixXf explicit_sum = Eigen::MatrixXf::Zero(g.h.canvas(), g.w.canvas());
        for (size_t t = n * per_batch; t < (n + 1) * per_batch; ++t) {
          explicit_sum += rec.intermediate(t, co);
          if (t % 7 == 0) {
            const double scale = std::max(1.0f, explicit_sum.cwiseAbs().maxCoeff());
            EXPECT_LE((rec.running_sum(t, n, co) - explicit_sum).cwiseAbs().maxCoeff() / scale,
                      testing::kRelTol);
          }
        }
        const Eigen::MatrixXf last = rec.running_sum((n + 1) * per_batch - 1, n, co);
        // Steps of other batches never touch batch n.
        EXPECT_EQ(rec.running_sum(rec.size() - 1, n, co), last);
        double worst = 0.0, scale = 1.0;
        for (int64_t oh = 0; oh < g.h.out; ++oh) {
          for (int64_t ow = 0; ow < g.w.out; ++ow) {
            const float ref = out(n, co, oh, ow);
            const float got = last(oh + g.h.padding, ow + g.w.padding) + (c.bias ? b.b(co) : 0.f);
            worst = std::max(worst, std::abs(static_cast<double>(got) - ref));
            scale = std::max(scale, std::abs(static_cast<double>(ref)));
          }
        }
        EXPECT_LE(worst / scale, testing::kRelTol);
        if (n > 0) {
          EXPECT_TRUE(rec.running_sum(n * per_batch - 1, n, co).isZero());
        }
      }
    }
  }
}

TEST(ScatterRecord, CanvasCoversTheOutputPaddingStrip) {
  // output_padding 2 ≥ stride 1 (allowed by dilation 3): the canvas grows past full().
  testing::Case c;
  c.input = Array({1, 1, 2, 2}, {1, 2, 3, 4});
  c.weight = Array({1, 1, 2, 2}, {1, 1, 1, 1});
  c.args.dilation = 3;
  c.args.padding = 1;
  c.args.output_padding = 2;
  const Built b = build(c);
  const ScatterRecord rec(b.x, b.w, nullptr, b.geo);
  EXPECT_EQ(b.geo.h.full(), 5);
  EXPECT_EQ(b.geo.h.out, 5);
  EXPECT_EQ(b.geo.h.canvas(), 6);
  const Eigen::MatrixXf sum = rec.running_sum(rec.size() - 1, 0, 0);
  EXPECT_EQ(sum.rows(), 6);
  EXPECT_TRUE(sum.row(5).isZero());
  EXPECT_TRUE(sum.col(5).isZero());
}

TEST(ScatterRecord, OutOfRangeRequestsAreLimitErrors) {
  testing::Case c;
  c.input = Array({1, 1, 2, 2}, {0, 1, 2, 3});
  c.weight = Array({1, 2, 2, 2});
  const Built b = build(c);
  const ScatterRecord rec(b.x, b.w, nullptr, b.geo);
  EXPECT_THROW(rec.intermediate(4, 0), LimitError);
  EXPECT_THROW(rec.intermediate(0, 2), LimitError);
  EXPECT_THROW(rec.running_sum(4, 0, 0), LimitError);
  EXPECT_THROW(rec.running_sum(0, 1, 0), LimitError);
  EXPECT_THROW(rec.running_sum(0, 0, -1), LimitError);
  EXPECT_THROW(ScatterRecord().intermediate(0, 0), LimitError);
}

}  // namespace
}  // namespace tconv
