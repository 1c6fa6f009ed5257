// The shared timeline: playing, looping, clamping, its count after a
// parameter change, and how steps map to scatter records and to the
// arithmetic view's output cells.
#include <gtest/gtest.h>

#include "studio_testing.h"

namespace studio {
namespace {

using studio::testing::load;

TEST(StudioTimeline, AdvancePlaysAndLoops) {
  Timeline t;
  t.count = 4;
  t.steps_per_second = 2.f;
  t.advance(10.0);  // paused: nothing moves
  EXPECT_EQ(t.step, 0);
  t.playing = true;
  t.advance(0.25);  // half a step is carried, not lost
  EXPECT_EQ(t.step, 0);
  t.advance(0.25);
  EXPECT_EQ(t.step, 1);
  t.advance(1.0);
  EXPECT_EQ(t.step, 3);
  t.advance(0.5);  // past the end: back to the start
  EXPECT_EQ(t.step, 0);
  t.advance(4.5);  // 9 steps: twice round and one more
  EXPECT_EQ(t.step, 1);
  t.advance(-1.0);
  t.advance(std::nan(""));
  EXPECT_EQ(t.step, 1);
  t.advance(1e300);  // a stalled frame must not overflow
  EXPECT_GE(t.step, 0);
  EXPECT_LT(t.step, 4);
}

TEST(StudioTimeline, ManualMovesClamp) {
  Timeline t;
  t.count = 3;
  t.prev();
  EXPECT_EQ(t.step, 0);
  t.next();
  t.next();
  t.next();
  EXPECT_EQ(t.step, 2);
  t.home();
  EXPECT_EQ(t.step, 0);
  t.end();
  EXPECT_EQ(t.step, 2);
  t.scrub(-5);
  EXPECT_EQ(t.step, 0);
  t.scrub(100);
  EXPECT_EQ(t.step, 2);
  t.scrub(1);
  EXPECT_EQ(t.step, 1);
  t.set_count(0);
  EXPECT_EQ(t.count, 1);
  EXPECT_EQ(t.step, 0);
}

TEST(StudioTimeline, CountFollowsParamsAndStepIsClamped) {
  Model m;
  EXPECT_EQ(m.step_count(), 4);
  EXPECT_EQ(m.timeline().count, 4);
  m.timeline().scrub(3);
  Params p = m.params();
  p.in_h = p.in_w = 3;
  ASSERT_TRUE(m.set_params(p));
  EXPECT_EQ(m.timeline().count, 9);
  EXPECT_EQ(m.timeline().step, 3);  // still a valid step: kept
  p.in_h = p.in_w = 1;
  ASSERT_TRUE(m.set_params(p));
  EXPECT_EQ(m.timeline().count, 1);
  EXPECT_EQ(m.timeline().step, 0);
  // Steps count input elements of one batch element: C_in·H·W.
  load(m, "dcgan");
  EXPECT_EQ(m.step_count(), 3 * 4 * 4);
  EXPECT_EQ(m.timeline().count, 48);
  p = m.params();
  p.batch = 3;
  ASSERT_TRUE(m.set_params(p));
  EXPECT_EQ(m.timeline().count, 48);
  // A rejected edit leaves the count alone.
  p.groups = 2;
  EXPECT_FALSE(m.set_params(p));
  EXPECT_EQ(m.timeline().count, 48);
}

TEST(StudioTimeline, PresetStepIsApplied) {
  Model m;
  ASSERT_TRUE(m.load_preset_json(R"({"name": "s", "input_size": 3, "step": 5})", "s.json"));
  EXPECT_EQ(m.timeline().step, 5);
  ASSERT_TRUE(m.load_preset_json(R"({"name": "s", "input_size": 2, "step": 50})", "s.json"));
  EXPECT_EQ(m.timeline().step, 3);  // clamped to the last step
}

TEST(StudioTimeline, ScatterIndexIsTheSelectedBatchsStep) {
  Model m;
  testing::load_second_of_two(m, "dcgan");
  const int64_t count = m.step_count();
  for (int64_t t = 0; t < count; ++t) {
    const auto& s = m.records().scatter.step(m.scatter_index(t));
    EXPECT_EQ(s.n, 1);
    EXPECT_EQ(s.c_in, t / 16);
    EXPECT_EQ(s.ih, t / 4 % 4);
    EXPECT_EQ(s.iw, t % 4);
  }
  EXPECT_EQ(m.scatter_index(-1), m.scatter_index(0));
  EXPECT_EQ(m.scatter_index(count + 10), m.scatter_index(count - 1));
}

TEST(StudioTimeline, OutputCellsFollowAnInputElementTimeline) {
  // In `all` the timeline counts input elements and the arithmetic tile maps
  // them onto output cells: first to first, last to last.
  constexpr StepUnit kIn = StepUnit::InputElement;
  Model m;  // 4 steps, 3×3 = 9 output cells
  EXPECT_EQ(m.step_count(StepUnit::OutputCell), 9);
  EXPECT_EQ(m.output_cell(0, kIn), 0);
  EXPECT_EQ(m.output_cell(1, kIn), 2);  // floor(1·8/3)
  EXPECT_EQ(m.output_cell(2, kIn), 5);
  EXPECT_EQ(m.output_cell(3, kIn), 8);
  EXPECT_EQ(m.output_cell(99, kIn), 8);

  // Fewer cells than steps (d2l-padding: 4 steps, 1 cell) and the reverse.
  for (const std::string name : {"d2l-padding", "d2l-stride", "big-64", "ca-full-padding"}) {
    SCOPED_TRACE(name);
    load(m, name);
    const int64_t count = m.step_count(), cells = m.step_count(StepUnit::OutputCell);
    EXPECT_EQ(cells, m.records().geo.h.out * m.records().geo.w.out);
    EXPECT_EQ(m.output_cell(0, kIn), 0);
    EXPECT_EQ(m.output_cell(count - 1, kIn), cells - 1);
    int64_t last = 0;
    for (int64_t t = 0; t < count; ++t) {
      const int64_t c = m.output_cell(t, kIn);
      EXPECT_GE(c, last);
      last = c;
      EXPECT_LE(m.step_of_cell(c, kIn), t);  // the first step at c
    }
    for (int64_t c = 0; c < cells; c += std::max<int64_t>(cells / 50, 1)) {
      const int64_t t = m.step_of_cell(c, kIn);
      EXPECT_GE(m.output_cell(t, kIn), c);
      if (t > 0) {
        EXPECT_LT(m.output_cell(t - 1, kIn), c);
      }
    }
  }

  // One step only: that step is also the last, so the whole output shows.
  Params p = m.params();
  p.in_h = p.in_w = 1;
  p.padding = tconv::Pair(0);
  ASSERT_TRUE(m.set_params(p)) << m.error();
  EXPECT_EQ(m.step_count(), 1);
  EXPECT_EQ(m.output_cell(0, kIn), m.step_count(StepUnit::OutputCell) - 1);
}

}  // namespace
}  // namespace studio
