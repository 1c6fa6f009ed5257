// build_records: every record of one problem, agreeing with each other.
#include <gtest/gtest.h>

#include "core_testing.h"
#include "tconv/correspondence.h"
#include "tconv/errors.h"
#include "tconv/records.h"

namespace tconv {
namespace {

TEST(Records, EveryRecordAgreesWithTheOutput) {
  std::mt19937 rng(61);
  for (int i = 0; i < 40; ++i) {
    const testing::Case c = testing::random_case(rng);
    SCOPED_TRACE(c.describe());
    const Records r = build_records(Problem{c.input, c.weight, c.bias, c.args});
    EXPECT_EQ(r.output.shape, r.geo.output_shape());
    EXPECT_EQ(r.output.shape, conv_transpose2d(c.input, c.weight, c.bias_ptr(), c.args).shape);
    EXPECT_LE(testing::max_rel_diff(testing::values(r.scatter.output()), r.output.data),
              testing::kRelTol);
    EXPECT_LE(testing::max_rel_diff(testing::values(r.flip.output()), r.output.data),
              testing::kRelTol);
    EXPECT_EQ(r.scatter.size(), static_cast<size_t>(c.input.numel()));
    EXPECT_EQ(r.matrix.rows(), r.geo.in_channels * r.geo.h.in * r.geo.w.in);
    EXPECT_EQ(r.overlap, overlap_counts(r.geo));
  }
}

TEST(Records, InvalidProblemsThrowPyTorchsError) {
  Problem p{Array({1, 2, 3, 3}), Array({3, 1, 2, 2}), std::nullopt, {}};
  EXPECT_THROW(build_records(p), ArgumentError);
  p = Problem{Array({0, 1, 3, 3}), Array({1, 1, 2, 2}), std::nullopt, {}};
  EXPECT_THROW(build_records(p), LimitError);  // valid for PyTorch, nothing to draw
}

}  // namespace
}  // namespace tconv
