// The model's per-step planes step from their cache (add or subtract a
// footprint, start from zero, or rebuild): whatever path a move takes, the
// planes must equal what the scatter record computes from scratch.
#include <gtest/gtest.h>

#include <random>

#include "studio_testing.h"

namespace studio {
namespace {

using studio::testing::load;

// Max |a - b| over the plane, relative to the reference's scale.
double rel_diff(const Eigen::MatrixXf& got, const Eigen::MatrixXf& ref) {
  if (got.rows() != ref.rows() || got.cols() != ref.cols()) return 1e30;
  if (ref.size() == 0) return 0.0;
  const double scale = std::max(1.0f, ref.cwiseAbs().maxCoeff());
  return (got - ref).cwiseAbs().maxCoeff() / scale;
}

void expect_planes_match_record(Model& m, testing::Ui& ui) {
  const auto& rec = m.records().scatter;
  const size_t idx = m.scatter_index(m.timeline().step);
  EXPECT_EQ(ui.intermediate(), rec.intermediate(idx, m.sel_out_channel()))
      << "step " << m.timeline().step;
  EXPECT_LE(rel_diff(ui.running_sum(), rec.running_sum(idx, m.sel_batch(), m.sel_out_channel())),
            1e-6)
      << "step " << m.timeline().step;
}

TEST(StudioSteps, EveryMoveGivesTheRecordsPlanes) {
  for (const std::string name : {"d2l-basic", "dcgan", "groups", "dilated", "big-128"}) {
    SCOPED_TRACE(name);
    Model m;
    testing::Ui ui(m);
    load(m, name);
    Params p = m.params();
    if (!p.unbatched && p.batch < 2 && name != "big-128") {
      p.batch = 2;
      ASSERT_TRUE(m.set_params(p)) << m.error();
    }
    m.fill(Target::Input, Fill::RandomNormal, 7);
    m.fill(Target::Weight, Fill::RandomNormal, 8);
    std::mt19937 rng(9);
    const int64_t count = m.timeline().count;
    auto pick = [&](int64_t lo, int64_t hi) {
      return std::uniform_int_distribution<int64_t>(lo, hi)(rng);
    };
    for (int i = 0; i < 60; ++i) {
      switch (pick(0, 6)) {
        case 0:
        case 1:
          m.timeline().next();  // playing / arrow key: one step on
          break;
        case 2:
          m.timeline().prev();
          break;
        case 3:
          m.timeline().scrub(m.timeline().step + pick(-40, 40));  // small scrub
          break;
        case 4:
          m.timeline().scrub(pick(0, count - 1));  // jump anywhere
          break;
        case 5:
          m.timeline().end();
          m.timeline().playing = true;
          m.timeline().advance(1.0 / m.timeline().steps_per_second);  // wraps to step 0
          m.timeline().playing = false;
          break;
        case 6:
          m.select(pick(0, m.records().geo.batch - 1), pick(0, m.records().geo.out_channels - 1),
                   m.sel_in_channel());
          break;
      }
      expect_planes_match_record(m, ui);
    }
  }
}

TEST(StudioSteps, PlayingThroughTheWholeTimelineEndsAtTheOutput) {
  Model m;
  testing::Ui ui(m);
  load(m, "dcgan");
  m.fill(Target::Input, Fill::RandomNormal, 1);
  m.timeline().home();
  for (int64_t t = 0; t + 1 < m.timeline().count; ++t) {
    ui.running_sum();  // every frame of the animation reads it
    m.timeline().next();
  }
  expect_planes_match_record(m, ui);
}

}  // namespace
}  // namespace studio
