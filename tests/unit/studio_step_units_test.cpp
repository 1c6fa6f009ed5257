// Each view steps in its own unit (model/steps.h): scatter, matrix and
// overlap by input element, arithmetic by output cell, flip and shape not at
// all. The step -> record mapping, the counts conv_arithmetic's animations
// have, and what switching views does to the position.
#include <gtest/gtest.h>

#include "edits.h"
#include "studio_testing.h"

namespace studio {
namespace {

using studio::testing::load;
constexpr StepUnit kIn = StepUnit::InputElement, kOut = StepUnit::OutputCell;

TEST(StudioStepUnits, EachViewHasItsUnit) {
  EXPECT_EQ(step_unit(ViewId::Scatter), kIn);
  EXPECT_EQ(step_unit(ViewId::Matrix), kIn);
  EXPECT_EQ(step_unit(ViewId::Overlap), kIn);
  EXPECT_EQ(step_unit(ViewId::All), kIn);
  EXPECT_EQ(step_unit(ViewId::Arithmetic), kOut);
  EXPECT_EQ(step_unit(ViewId::Flip), StepUnit::None);
  EXPECT_EQ(step_unit(ViewId::Shape), StepUnit::None);
  EXPECT_EQ(counting_unit(ViewId::Flip), kIn);
  EXPECT_EQ(counting_unit(ViewId::Arithmetic), kOut);
  EXPECT_STREQ(step_unit_name(kOut), "output cell");
  EXPECT_STREQ(step_unit_name(kIn, true), "input elements");
  EXPECT_EQ(step_number(0), 1);
}

// conv_arithmetic's transposed animations have one frame per output cell.
TEST(StudioStepUnits, ArithmeticCountsConvArithmeticsFrames) {
  const std::pair<const char*, int64_t> cases[] = {
      {"ca-no-padding-no-strides", 16}, {"ca-no-padding-strides", 25},
      {"ca-padding-strides", 25},       {"ca-padding-strides-odd", 36},
      {"ca-half-padding", 25},          {"ca-full-padding", 25},
      {"ca-arbitrary-padding", 25},     {"d2l-basic", 9}};
  for (const auto& [name, cells] : cases) {
    SCOPED_TRACE(name);
    Model m;
    load(m, name);
    EXPECT_EQ(m.view_step_count(ViewId::Arithmetic), cells);
    EXPECT_EQ(step_count(m.params(), kOut), cells);  // the same without records
    EXPECT_EQ(m.view_step_count(ViewId::Scatter), m.params().in_h * m.params().in_w);
    EXPECT_EQ(step_count(m.params(), kIn), m.step_count());
    EXPECT_EQ(m.view_step_count(ViewId::Flip), 1);
    m.set_step_unit(kOut);
    EXPECT_EQ(m.timeline().count, cells);
    for (int64_t t = 0; t < cells; ++t) EXPECT_EQ(m.output_cell(t, kOut), t);  // one per cell
  }
}

// d2l-basic's y[1,1] = 4 (the cell that shows the flip best) is a step of its
// own, and a click on a cell moves the timeline to that very cell.
TEST(StudioStepUnits, EveryOutputCellIsReachable) {
  Model m;
  m.set_step_unit(kOut);
  ASSERT_EQ(m.timeline().count, 9);
  m.timeline().scrub(m.step_of_cell(4, kOut));
  EXPECT_EQ(m.timeline().step, 4);
  EXPECT_EQ(m.output_cell(m.timeline().step, kOut), 4);
  EXPECT_EQ(m.records().output.data[4], 4.f);  // y[1,1]
  for (int64_t c = 0; c < 9; ++c) EXPECT_EQ(m.step_of_cell(c, kOut), c);
}

TEST(StudioStepUnits, StepsMapToTheirRecords) {
  Model m;
  testing::load_second_of_two(m, "dcgan");
  const int64_t count = m.step_count();
  for (int64_t t = 0; t < count; ++t) {
    EXPECT_EQ(m.scatter_index(t, kIn), m.scatter_index(t));
    const auto& s = m.records().scatter.step(m.scatter_index(t, kIn));
    EXPECT_EQ(s.n, 1);
    EXPECT_EQ(s.c_in * 16 + s.ih * 4 + s.iw, t);
  }
  // From output cells back to input elements: ends to ends.
  const int64_t cells = m.step_count(kOut);
  EXPECT_EQ(m.step_in(0, kOut, kIn), 0);
  EXPECT_EQ(m.step_in(cells - 1, kOut, kIn), count - 1);
  EXPECT_EQ(m.scatter_index(cells - 1, kOut), m.scatter_index(count - 1));
}

TEST(StudioStepUnits, SwitchingViewsKeepsThePlace) {
  Model m;  // d2l-basic: 4 input elements, 9 output cells
  m.timeline().end();
  m.set_step_unit(kOut);  // scatter -> arithmetic
  EXPECT_EQ(m.timeline().unit, kOut);
  EXPECT_EQ(m.timeline().count, 9);
  EXPECT_EQ(m.timeline().step, 8);  // last to last
  m.timeline().home();
  m.set_step_unit(kIn);
  EXPECT_EQ(m.timeline().step, 0);
  EXPECT_EQ(m.timeline().count, 4);

  // A view without steps: the position stays in input elements, Play is off.
  m.timeline().scrub(2);
  m.timeline().playing = true;
  m.set_step_unit(StepUnit::None);
  EXPECT_FALSE(m.timeline().has_steps);
  EXPECT_FALSE(m.timeline().playing);
  EXPECT_EQ(m.timeline().unit, kIn);
  EXPECT_EQ(m.timeline().step, 2);
  apply_edit(m, TimelineAction{TimelineOp::TogglePlay});
  apply_edit(m, TimelineAction{TimelineOp::StepForward});
  EXPECT_FALSE(m.timeline().playing);
  EXPECT_EQ(m.timeline().step, 2);
  m.timeline().playing = true;  // even if something sets it, nothing moves
  m.timeline().advance(10.0);
  EXPECT_EQ(m.timeline().step, 2);
  m.set_step_unit(kIn);
  EXPECT_TRUE(m.timeline().has_steps);
  EXPECT_EQ(m.timeline().step, 2);
}

// A parameter change recounts in the current unit.
TEST(StudioStepUnits, RebuildCountsInTheCurrentUnit) {
  Model m;
  m.set_step_unit(kOut);
  Params p = m.params();
  p.stride = tconv::Pair(2);
  ASSERT_TRUE(m.set_params(p));
  EXPECT_EQ(m.timeline().count, 16);  // 4×4
  // A preset that asks for the arithmetic view counts its step in cells.
  Preset pr;
  pr.name = "t";
  pr.params = m.params();
  pr.view = ViewId::Arithmetic;
  pr.step = 12;
  m.set_step_unit(kIn);
  ASSERT_TRUE(m.apply_preset(pr)) << m.error();
  EXPECT_EQ(m.timeline().unit, kOut);
  EXPECT_EQ(m.timeline().step, 12);
}

TEST(StudioStepUnits, MapStep) {
  EXPECT_EQ(map_step(0, 4, 9), 0);
  EXPECT_EQ(map_step(3, 4, 9), 8);
  EXPECT_EQ(map_step(5, 9, 9), 5);
  EXPECT_EQ(map_step(0, 1, 9), 8);  // the only step is the last
  EXPECT_EQ(map_step(-3, 4, 9), 0);
  EXPECT_EQ(first_step_reaching(8, 9, 4), 3);
  EXPECT_EQ(first_step_reaching(0, 9, 4), 0);
  EXPECT_EQ(first_step_reaching(3, 9, 4), 2);  // map_step(2) = 5 >= 3, map_step(1) = 2 < 3
}

}  // namespace
}  // namespace studio
