// The studio model without GL: parameter edits (valid, rejected by PyTorch,
// refused by the studio's limits), values and fills, selection, and the
// per-step caches.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <set>

#include "studio_testing.h"

namespace studio {
namespace {

using studio::testing::core_output;
using studio::testing::expect_near_arrays;
using studio::testing::load;
using studio::testing::plane;
using Plane = std::vector<std::vector<float>>;

bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

TEST(StudioModel, StartsAsD2lBasic) {
  Model m;
  EXPECT_EQ(m.preset_name(), "d2l-basic");
  EXPECT_TRUE(m.error().empty());
  EXPECT_EQ(plane(m.problem().input), (Plane{{0, 1}, {2, 3}}));
  EXPECT_EQ(plane(m.problem().weight), (Plane{{0, 1}, {2, 3}}));
  EXPECT_EQ(plane(m.records().output), (Plane{{0, 0, 1}, {0, 4, 6}, {4, 12, 9}}));
  EXPECT_EQ(m.revision(), 1u);
  EXPECT_EQ(m.timeline().count, 4);
}

TEST(StudioModel, ValidEditRebuildsAndMatchesCore) {
  Model m;
  Params p = m.params();
  p.stride = tconv::Pair(2, 1);
  p.padding = tconv::Pair(0, 1);
  p.out_channels = 3;
  p.bias = true;
  ASSERT_TRUE(m.set_params(p)) << m.error();
  EXPECT_EQ(m.revision(), 2u);
  EXPECT_EQ(m.params(), p);
  EXPECT_EQ(m.pending(), p);
  EXPECT_EQ(m.records().output.shape, (tconv::Shape{1, 3, 4, 1}));
  expect_near_arrays(m.records().output, core_output(m));
  // Same params again: nothing to rebuild.
  ASSERT_TRUE(m.set_params(p));
  EXPECT_EQ(m.revision(), 2u);
}

TEST(StudioModel, RejectedParamsKeepLastValidStateAndPending) {
  Model m;
  load(m, "d2l-stride");
  const Params valid = m.params();
  const auto output = m.records().output.data;
  const uint64_t rev = m.revision();
  Params bad = valid;
  bad.output_padding = tconv::Pair(2);  // stride 2, dilation 1: PyTorch says no
  EXPECT_FALSE(m.set_params(bad));
  EXPECT_EQ(m.error(),
            "output padding must be smaller than either stride or dilation, but got "
            "output_padding_height: 2 output_padding_width: 2 stride_height: 2 stride_width: 2 "
            "dilation_height: 1 dilation_width: 1");
  EXPECT_EQ(m.params(), valid);
  EXPECT_EQ(m.pending(), bad);  // the sliders keep showing what was asked
  EXPECT_EQ(m.records().output.data, output);
  EXPECT_EQ(m.revision(), rev);
  EXPECT_EQ(m.timeline().count, 4);

  // Back to something valid: error cleared, pending follows.
  Params ok = valid;
  ok.output_padding = tconv::Pair(1);
  ASSERT_TRUE(m.set_params(ok));
  EXPECT_TRUE(m.error().empty());
  EXPECT_EQ(m.pending(), ok);
  EXPECT_EQ(m.records().output.shape, (tconv::Shape{1, 1, 5, 5}));
}

TEST(StudioModel, PyTorchMessagesForOtherRejections) {
  Model m;
  const Params valid = m.params();
  const std::vector<std::pair<std::function<void(Params&)>, std::string>> cases = {
      {[](Params& p) { p.groups = 0; }, "groups must be a positive integer"},
      {[](Params& p) {
         p.in_channels = 3;
         p.groups = 2;
       },
       "in_channels must be divisible by groups"},
      {[](Params& p) {
         p.in_channels = 2;
         p.out_channels = 3;
         p.groups = 2;
       },
       "out_channels must be divisible by groups"},
      {[](Params& p) { p.stride = tconv::Pair(0, 1); }, "non-positive stride is not supported"},
      {[](Params& p) { p.padding = tconv::Pair(-1); }, "negative padding is not supported"},
      {[](Params& p) { p.dilation = tconv::Pair(0); }, "dilation should be greater than zero"},
      {[](Params& p) { p.kernel_h = 0; }, "kernel size should be greater than zero"},
      {[](Params& p) { p.padding = tconv::Pair(2); }, "Output size is too small"},
      {[](Params& p) { p.in_h = -1; },
       "Trying to create tensor with negative dimension -1: [1, 1, -1, 2]"},
  };
  for (const auto& [edit, message] : cases) {
    Params p = valid;
    edit(p);
    SCOPED_TRACE(message);
    EXPECT_FALSE(m.set_params(p));
    EXPECT_TRUE(contains(m.error(), message)) << m.error();
    EXPECT_EQ(m.params(), valid);
    EXPECT_EQ(m.pending(), p);
    EXPECT_EQ(m.revision(), 1u);
    EXPECT_EQ(Model::check_params(p), m.error());
  }
}

TEST(StudioModel, StudioLimitsNameTheValueAndTheLimit) {
  Model m;
  const Params valid = m.params();
  const std::vector<std::pair<std::function<void(Params&)>, std::string>> cases = {
      {[](Params& p) { p.in_h = 257; }, "in_h=257 is above the studio's limit of 256"},
      {[](Params& p) { p.in_w = 1000; }, "in_w=1000 is above the studio's limit of 256"},
      {[](Params& p) { p.in_channels = 65; }, "in_channels=65 is above the studio's limit of 64"},
      {[](Params& p) { p.out_channels = 65; }, "out_channels=65 is above the studio's limit of 64"},
      {[](Params& p) { p.batch = 9; }, "batch=9 is above the studio's limit of 8"},
      {[](Params& p) { p.kernel_w = 17; }, "kernel_w=17 is above the studio's limit of 16"},
      {[](Params& p) { p.stride = tconv::Pair(17, 1); },
       "stride_height=17 is above the studio's limit of 16"},
      {[](Params& p) { p.dilation = tconv::Pair(1, 20); },
       "dilation_width=20 is above the studio's limit of 16"},
      {[](Params& p) { p.padding = tconv::Pair(65); },
       "padding_height=65 is above the studio's limit of 64"},
      {[](Params& p) { p.in_h = 0; }, "in_h=0 is below the studio's minimum of 1"},
      {[](Params& p) {
         p.in_h = 200;
         p.stride = tconv::Pair(16);
       },
       "output height=3186 is above the studio's limit of 1024"},
      {[](Params& p) {
         p.in_h = p.in_w = 128;
         p.in_channels = p.out_channels = 16;
         p.kernel_h = p.kernel_w = 4;
       },
       "the conv matrix W would hold up to 67108864 non-zeros"},
  };
  for (const auto& [edit, message] : cases) {
    Params p = valid;
    edit(p);
    SCOPED_TRACE(message);
    EXPECT_FALSE(m.set_params(p));
    EXPECT_TRUE(contains(m.error(), message)) << m.error();
    EXPECT_EQ(m.params(), valid);
    EXPECT_EQ(m.pending(), p);
    EXPECT_EQ(m.revision(), 1u);
    EXPECT_EQ(plane(m.records().output), (Plane{{0, 0, 1}, {0, 4, 6}, {4, 12, 9}}));
  }
  // The limits themselves are accepted.
  Params edge = valid;
  edge.in_h = Limits::input_size;
  edge.in_w = 3;
  EXPECT_TRUE(m.set_params(edge)) << m.error();
}

TEST(StudioModel, ResizeKeepsOverlapAndFillsNewCellsWithCurrentFill) {
  Model m;
  m.fill(Target::Input, Fill::Arange);
  ASSERT_TRUE(m.set_value(Target::Input, {0, 0, 0, 0}, 9.f));
  Params p = m.params();
  p.in_h = p.in_w = 3;
  ASSERT_TRUE(m.set_params(p));
  // Kept: the old 2×2 corner (with the edit); new cells: arange of the 3×3.
  EXPECT_EQ(plane(m.problem().input), (Plane{{9, 1, 2}, {2, 3, 5}, {6, 7, 8}}));

  m.fill(Target::Weight, Fill::Ones);
  p.kernel_h = 3;
  ASSERT_TRUE(m.set_params(p));
  EXPECT_EQ(plane(m.problem().weight), (Plane{{1, 1}, {1, 1}, {1, 1}}));

  // Shrinking and unbatching keep the overlapping values too.
  p.in_h = 2;
  p.unbatched = true;
  ASSERT_TRUE(m.set_params(p));
  EXPECT_EQ(m.problem().input.shape, (tconv::Shape{1, 2, 3}));
  EXPECT_EQ(m.problem().input.data, (std::vector<float>{9, 1, 2, 2, 3, 5}));
  EXPECT_EQ(m.records().output.shape.size(), 3u);
  expect_near_arrays(m.records().output, core_output(m));
}

TEST(StudioModel, SeedFillBringsBackThePresetValues) {
  Model m;
  load(m, "stride-gt-kernel");
  m.fill(Target::Weight, Fill::Ones);
  EXPECT_EQ(plane(m.problem().weight), (Plane{{1, 1}, {1, 1}}));
  m.fill(Target::Weight, Fill::Seed);
  EXPECT_EQ(plane(m.problem().weight), (Plane{{1, 2}, {0, 1}}));
  EXPECT_EQ(m.current_fill(Target::Weight), Fill::Seed);
}

TEST(StudioModel, FillsAreDeterministicWithASeed) {
  Model m;
  Params p = m.params();
  p.in_h = p.in_w = 8;
  p.kernel_h = p.kernel_w = 4;
  ASSERT_TRUE(m.set_params(p));

  m.fill(Target::Input, Fill::RandomInt, 42);
  const auto ints = m.problem().input.data;
  std::set<float> seen;
  for (float v : ints) {
    EXPECT_EQ(v, std::round(v));
    EXPECT_GE(v, -3.f);
    EXPECT_LE(v, 3.f);
    seen.insert(v);
  }
  EXPECT_GE(seen.size(), 5u);  // 64 draws from 7 values
  m.fill(Target::Input, Fill::RandomInt, 42);
  EXPECT_EQ(m.problem().input.data, ints);
  m.fill(Target::Input, Fill::RandomInt, 43);
  EXPECT_NE(m.problem().input.data, ints);

  m.fill(Target::Input, Fill::RandomNormal, 7);
  const auto normals = m.problem().input.data;
  double mean = 0;
  for (float v : normals) {
    EXPECT_NEAR(v * 100.0, std::round(v * 100.0), 1e-3) << v;  // 2 decimals
    mean += v;
  }
  EXPECT_LT(std::abs(mean / normals.size()), 0.5);
  Model other;
  ASSERT_TRUE(other.set_params(p));
  other.fill(Target::Input, Fill::RandomNormal, 7);
  EXPECT_EQ(other.problem().input.data, normals);
  // Input and weight filled with one seed are different streams.
  m.fill(Target::Weight, Fill::RandomNormal, 7);
  EXPECT_NE(std::vector<float>(normals.begin(), normals.begin() + 16), m.problem().weight.data);
  expect_near_arrays(m.records().output, core_output(m));

  m.fill(Target::Input, Fill::Arange);
  EXPECT_EQ(m.problem().input.data[63], 63.f);
  m.fill(Target::Input, Fill::Ones);
  EXPECT_EQ(m.problem().input.data, std::vector<float>(64, 1.f));
  EXPECT_EQ(m.current_fill(Target::Input), Fill::Ones);
}

TEST(StudioModel, SetValueEditsOneCell) {
  Model m;
  const uint64_t rev = m.revision();
  ASSERT_TRUE(m.set_value(Target::Weight, {0, 0, 1, 1}, 10.f));
  EXPECT_EQ(m.revision(), rev + 1);
  EXPECT_EQ(plane(m.problem().weight), (Plane{{0, 1}, {2, 10}}));
  expect_near_arrays(m.records().output, core_output(m));
  // Same value: no rebuild.
  ASSERT_TRUE(m.set_value(Target::Weight, {0, 0, 1, 1}, 10.f));
  EXPECT_EQ(m.revision(), rev + 1);

  const auto output = m.records().output.data;
  EXPECT_FALSE(m.set_value(Target::Weight, {0, 0, 2, 0}, 1.f));
  EXPECT_EQ(m.error(),
            "set_value: index [0, 0, 2, 0] is out of range for weight of size [1, 1, 2, 2]");
  EXPECT_FALSE(m.set_value(Target::Input, {1, 1}, 1.f));
  EXPECT_TRUE(contains(m.error(), "index [1, 1] is out of range for input of size [1, 1, 2, 2]"));
  EXPECT_FALSE(m.set_value(Target::Input, {0, 0, 0, 0}, std::nanf("")));
  EXPECT_TRUE(contains(m.error(), "must be a finite number"));
  EXPECT_FALSE(m.set_value(Target::Bias, {0}, 1.f));
  EXPECT_TRUE(contains(m.error(), "bias is off"));
  EXPECT_EQ(m.records().output.data, output);
  EXPECT_EQ(m.revision(), rev + 1);

  ASSERT_TRUE(m.set_value(Target::Input, {0, 0, 0, 0}, 1.f));
  EXPECT_TRUE(m.error().empty());
}

TEST(StudioModel, BiasTakesItsFillWhenSwitchedOn) {
  Model m;
  // While bias is off only the fill is remembered.
  m.fill(Target::Bias, Fill::Arange);
  EXPECT_EQ(m.current_fill(Target::Bias), Fill::Arange);
  Params p = m.params();
  p.bias = true;
  p.out_channels = 2;
  ASSERT_TRUE(m.set_params(p));
  ASSERT_TRUE(m.problem().bias.has_value());
  EXPECT_EQ(m.problem().bias->data, (std::vector<float>{0, 1}));
  expect_near_arrays(m.records().output, core_output(m));
  ASSERT_TRUE(m.set_value(Target::Bias, {1}, 5.f));
  expect_near_arrays(m.records().output, core_output(m));
}

TEST(StudioModel, SelectionClampsAndFollowsGroups) {
  Model m;
  load(m, "groups");  // 4 -> 4 channels, groups 2: c_in {0,1} -> c_out {0,1}
  m.select(0, 3, 0);  // c_out 3 is in group 1: c_in follows to 2
  EXPECT_EQ(m.sel_out_channel(), 3);
  EXPECT_EQ(m.sel_in_channel(), 2);
  m.select(0, 3, 1);  // c_in picked in group 0: c_out follows to 1
  EXPECT_EQ(m.sel_in_channel(), 1);
  EXPECT_EQ(m.sel_out_channel(), 1);
  m.select(5, 99, 99);
  EXPECT_EQ(m.sel_batch(), 0);
  EXPECT_EQ(m.sel_out_channel(), 3);
  EXPECT_EQ(m.sel_in_channel(), 3);
  m.select(-1, -1, -1);
  EXPECT_EQ(m.sel_batch(), 0);
  EXPECT_EQ(m.sel_out_channel(), 0);
  EXPECT_EQ(m.sel_in_channel(), 0);

  // Clamped on every rebuild.
  m.select(0, 3, 3);
  Params p = m.params();
  p.out_channels = 2;
  p.in_channels = 2;
  ASSERT_TRUE(m.set_params(p));
  EXPECT_EQ(m.sel_out_channel(), 1);
  EXPECT_EQ(m.sel_in_channel(), 1);
  p.batch = 3;
  ASSERT_TRUE(m.set_params(p));
  m.select(2, 0, 0);
  EXPECT_EQ(m.sel_batch(), 2);
  p.batch = 2;
  ASSERT_TRUE(m.set_params(p));
  EXPECT_EQ(m.sel_batch(), 1);
}

TEST(StudioModel, RunningSumAtTheLastStepPlusBiasIsTheOutput) {
  for (const std::string name :
       {"d2l-basic", "dcgan", "groups", "dilated", "ca-padding-strides-odd"}) {
    SCOPED_TRACE(name);
    Model m;
    testing::Ui ui(m);
    load(m, name);
    Params p = m.params();
    p.bias = true;
    p.batch = 2;
    ASSERT_TRUE(m.set_params(p)) << m.error();
    m.fill(Target::Bias, Fill::RandomInt, 3);
    const auto& geo = m.records().geo;
    for (int64_t n = 0; n < geo.batch; ++n)
      for (int64_t c = 0; c < geo.out_channels; ++c) {
        m.select(n, c, m.sel_in_channel());
        m.timeline().end();
        const Eigen::MatrixXf sum = ui.running_sum();
        ASSERT_EQ(sum.rows(), geo.h.canvas());
        ASSERT_EQ(sum.cols(), geo.w.canvas());
        const auto out = plane(m.records().output, n, c);
        const float b = m.problem().bias->data[c];
        for (int64_t oh = 0; oh < geo.h.out; ++oh)
          for (int64_t ow = 0; ow < geo.w.out; ++ow)
            ASSERT_NEAR(sum(geo.h.padding + oh, geo.w.padding + ow) + b, out[oh][ow], 1e-4)
                << "n " << n << " c " << c << " at " << oh << ", " << ow;
      }
  }
}

TEST(StudioModel, StepPlanesAreCachedPerRevisionStepAndSelection) {
  Model m;
  testing::Ui ui(m);
  load(m, "dcgan");
  m.timeline().scrub(5);
  const Eigen::MatrixXf* first = &ui.intermediate();
  EXPECT_EQ(&ui.intermediate(), first);
  EXPECT_TRUE(ui.intermediate().isApprox(
      m.records().scatter.intermediate(m.scatter_index(5), m.sel_out_channel())));
  const Eigen::MatrixXf sum5 = ui.running_sum();
  EXPECT_TRUE(sum5.isApprox(m.records().scatter.running_sum(m.scatter_index(5), 0, 0)));

  m.timeline().next();  // step 6
  EXPECT_TRUE(ui.intermediate().isApprox(
      m.records().scatter.intermediate(m.scatter_index(6), m.sel_out_channel())));
  EXPECT_TRUE(ui.running_sum().isApprox(sum5 + ui.intermediate()));

  m.select(0, 1, 0);
  EXPECT_TRUE(ui.intermediate().isApprox(m.records().scatter.intermediate(m.scatter_index(6), 1)));
  // A value edit changes the revision, so the plane is recomputed.
  m.select(0, 0, 0);
  const Eigen::MatrixXf before = ui.intermediate();
  const auto& st = m.records().scatter.step(m.scatter_index(6));
  ASSERT_TRUE(m.set_value(Target::Input, {0, st.c_in, st.ih, st.iw}, st.value + 1.f));
  EXPECT_FALSE(ui.intermediate().isApprox(before));
}

}  // namespace
}  // namespace studio
