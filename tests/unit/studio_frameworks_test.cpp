// The Frameworks view's data, built by the model: the full output, every
// framework's window on it, the verdicts a student reads and the code, for
// the frameworks presets (the classic traps) and after edits.
#include <gtest/gtest.h>

#include <string>

#include "model_frameworks.h"
#include "studio_testing.h"
#include "tconv/conv.h"

namespace studio {
namespace {

using studio::testing::load;
using tconv::AxisWindow;
using tconv::Relation;

const FrameworkRow& row(const FrameworksData& d, const std::string& label) {
  for (const FrameworkRow& r : d.rows)
    if (r.label == label) return r;
  ADD_FAILURE() << "no row " << label;
  return d.rows.front();
}

int index_of(const FrameworksData& d, const std::string& label) {
  for (size_t i = 0; i < d.rows.size(); ++i)
    if (d.rows[i].label == label) return static_cast<int>(i);
  return -1;
}

bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

// The full output is PyTorch's with padding and output_padding 0, before bias.
void expect_full_output(const Model& m) {
  tconv::ConvTranspose2dArgs a = m.problem().args;
  a.padding = tconv::Pair(0);
  a.output_padding = tconv::Pair(0);
  const tconv::Array full =
      tconv::conv_transpose2d(m.problem().input, m.problem().weight, nullptr, a);
  const FrameworksData& d = m.frameworks();
  EXPECT_EQ(d.record.full.shape, full.shape);
  EXPECT_EQ(d.record.full.data, full.data);
  EXPECT_EQ(d.full_h, full.shape[2]);
  EXPECT_EQ(d.full_w, full.shape[3]);
}

TEST(StudioFrameworks, TfSameK3S2IsTheSameShapeShifted) {
  Model m;
  load(m, "fw-tf-same-k3s2");
  EXPECT_EQ(m.preset_view(), ViewId::Frameworks);
  const FrameworksData& d = m.frameworks();
  ASSERT_TRUE(d.error.empty()) << d.error;
  expect_full_output(m);
  EXPECT_EQ(d.full_h, 9);
  const FrameworkRow& torch = d.rows.front();
  EXPECT_EQ(torch.label, "PyTorch");
  EXPECT_EQ(torch.h, (AxisWindow{1, 8}));
  EXPECT_EQ(torch.rows,
            "1\xE2\x80\x93"
            "8");
  const FrameworkRow& tf = row(d, "TensorFlow SAME");
  EXPECT_EQ(tf.relation, Relation::SameShapeShifted);
  EXPECT_EQ(tf.h, (AxisWindow{0, 8}));
  EXPECT_EQ(tf.w, (AxisWindow{0, 8}));
  EXPECT_EQ(tf.rows,
            "0\xE2\x80\x93"
            "7");
  EXPECT_EQ(tf.shift_h, -1);
  EXPECT_EQ(tf.shift_w, -1);
  EXPECT_EQ(tf.verdict,
            "same shape, window 1 row up, 1 col left: y[i, j] = PyTorch's "
            "y[i\xE2\x88\x92"
            "1, j\xE2\x88\x92"
            "1]");
  EXPECT_EQ(tf.short_verdict,
            "shifted: PyTorch's y[i\xE2\x88\x92"
            "1, j\xE2\x88\x92"
            "1]");
  EXPECT_TRUE(d.trap);
  EXPECT_EQ(d.default_selection, index_of(d, "TensorFlow SAME"));
  EXPECT_TRUE(contains(d.headline, "TensorFlow SAME, ONNX SAME_UPPER and JAX SAME give"))
      << d.headline;
  EXPECT_EQ(row(d, "ONNX SAME_LOWER").relation, Relation::Same);
  EXPECT_EQ(row(d, "ONNX pads").relation, Relation::Same);
  EXPECT_EQ(row(d, "TensorFlow VALID").verdict, "other shape: 9 \xC3\x97 9");
  // Nothing reaches past the 9×9 full output.
  EXPECT_EQ(d.row_begin, 0);
  EXPECT_EQ(d.row_end, 9);
  EXPECT_FALSE(tf.outside);
  // The code: PyTorch's layer as it is; TensorFlow has no such layer and says why.
  EXPECT_TRUE(contains(d.record.code[0], "torch.nn.ConvTranspose2d(")) << d.record.code[0];
  EXPECT_EQ(d.record.code[1].rfind("# TensorFlow: no equivalent layer.", 0), 0u);
  EXPECT_TRUE(contains(d.record.code[2], "\"ConvTranspose\""));
}

TEST(StudioFrameworks, TfSameK4S2KeepsPyTorchsWindow) {
  Model m;
  load(m, "fw-tf-same-k4s2");
  const FrameworksData& d = m.frameworks();
  expect_full_output(m);
  EXPECT_EQ(d.full_h, 10);
  EXPECT_EQ(d.rows.front().h, (AxisWindow{1, 8}));
  const FrameworkRow& tf = row(d, "TensorFlow SAME");
  EXPECT_EQ(tf.relation, Relation::Same);
  EXPECT_EQ(tf.verdict, "identical: the same window");
  EXPECT_EQ(row(d, "ONNX SAME_UPPER").relation, Relation::Same);
  EXPECT_EQ(row(d, "ONNX SAME_LOWER").relation, Relation::Same);
  // TensorFlow's SAME can be written for this layer, so its code is a real script.
  EXPECT_TRUE(contains(d.record.code[1], "conv2d_transpose")) << d.record.code[1];
  EXPECT_EQ(tf.short_verdict, "identical");
  if (!d.trap) {
    EXPECT_TRUE(contains(d.headline, "No framework here gives PyTorch's 8 \xC3\x97 8 shape"))
        << d.headline;
  }
}

TEST(StudioFrameworks, OnnxSameUpperAndLowerSplitAnOddTotal) {
  Model m;
  load(m, "fw-onnx-same-upper-lower");
  const FrameworksData& d = m.frameworks();
  expect_full_output(m);
  EXPECT_EQ(d.full_h, 11);
  EXPECT_EQ(d.rows.front().h, (AxisWindow{2, 8}));
  const FrameworkRow& lower = row(d, "ONNX SAME_LOWER");
  const FrameworkRow& upper = row(d, "ONNX SAME_UPPER");
  EXPECT_EQ(lower.relation, Relation::Same);
  EXPECT_EQ(upper.relation, Relation::SameShapeShifted);
  EXPECT_EQ(upper.h, (AxisWindow{1, 8}));
  EXPECT_EQ(upper.shift_h, -1);
  EXPECT_TRUE(d.trap);
  EXPECT_TRUE(contains(d.headline, "ONNX SAME_UPPER")) << d.headline;
  EXPECT_FALSE(contains(d.headline, "SAME_LOWER")) << d.headline;
}

TEST(StudioFrameworks, RebuiltWithEveryAcceptedEditOnly) {
  Model m;
  load(m, "fw-tf-same-k3s2");
  Params p = m.params();
  p.output_padding = tconv::Pair(0);  // 7×7: TensorFlow's SAME now keeps another shape
  ASSERT_TRUE(m.set_params(p)) << m.error();
  EXPECT_EQ(m.frameworks().rows.front().h, (AxisWindow{1, 7}));
  EXPECT_EQ(row(m.frameworks(), "TensorFlow SAME").relation, Relation::OtherShape);
  p.output_padding = tconv::Pair(5);  // PyTorch refuses: the last valid data stays
  EXPECT_FALSE(m.set_params(p));
  EXPECT_EQ(m.frameworks().rows.front().h, (AxisWindow{1, 7}));
  // A value edit reaches the full output and the scripts' literals.
  ASSERT_TRUE(m.set_value(Target::Input, {0, 0, 0, 0}, 7.5f)) << m.error();
  expect_full_output(m);
  EXPECT_TRUE(contains(m.frameworks().record.code[0], "7.5")) << m.frameworks().record.code[0];
}

TEST(StudioFrameworks, WindowsPastTheFullOutputWidenTheGrid) {
  Model m;
  Params p = m.params();
  p.kernel_h = p.kernel_w = 2;
  p.stride = tconv::Pair(3);  // VALID keeps (in − 1)·3 + max(2, 3) = 6 of a 5-row full output
  p.in_h = p.in_w = 2;
  ASSERT_TRUE(m.set_params(p)) << m.error();
  const FrameworksData& d = m.frameworks();
  EXPECT_EQ(d.full_h, 5);
  const FrameworkRow& valid = row(d, "TensorFlow VALID");
  EXPECT_EQ(valid.h, (AxisWindow{0, 6}));
  EXPECT_TRUE(valid.outside);
  // ONNX's SAME wants 6 rows too, a total padding of −1: SAME_UPPER's
  // begin is floor(−1/2) = −1, a row of zeros before the full output.
  const FrameworkRow& upper = row(d, "ONNX SAME_UPPER");
  EXPECT_EQ(upper.h, (AxisWindow{-1, 6})) << upper.call;
  EXPECT_EQ(upper.rows,
            "-1\xE2\x80\x93"
            "4");
  EXPECT_EQ(d.row_begin, -1);
  EXPECT_EQ(d.row_end, 6);
  for (const FrameworkRow& r : d.rows) {
    if (r.relation == Relation::Refused) continue;
    EXPECT_LE(d.row_begin, r.h.begin) << r.label;
    EXPECT_GE(d.row_end, r.h.end()) << r.label;
  }
}

TEST(StudioFrameworks, RefusedModesCarryTheFrameworksMessage) {
  Model m;
  load(m, "groups");
  const FrameworksData& d = m.frameworks();
  const FrameworkRow& tf = row(d, "TensorFlow SAME");
  EXPECT_EQ(tf.relation, Relation::Refused);
  EXPECT_EQ(tf.verdict, "refused");
  EXPECT_TRUE(contains(tf.refusal, "groups")) << tf.refusal;
  EXPECT_NE(row(d, "ONNX pads").relation, Relation::Refused);
  // The default comparison is never a refused row.
  EXPECT_NE(d.rows[static_cast<size_t>(d.default_selection)].relation, Relation::Refused);
}

TEST(StudioFrameworks, WindowAndVerdictTexts) {
  EXPECT_EQ(window_text({-1, 3}),
            "-1\xE2\x80\x93"
            "1");
  EXPECT_EQ(window_text({4, 1}), "4");
  EXPECT_EQ(window_text({0, 0}), "none");
  EXPECT_EQ(verdict_text(Relation::SameShapeShifted, {2, 4}, {0, 4}, {0, 4}, {0, 4}),
            "same shape, window 2 rows down: y[i, j] = PyTorch's y[i+2, j]");
  EXPECT_EQ(verdict_text(Relation::SameShapeShifted, {0, 4}, {0, 4}, {0, 4}, {1, 4}),
            "same shape, window 1 col left: y[i, j] = PyTorch's y[i, j\xE2\x88\x92"
            "1]");
}

}  // namespace
}  // namespace studio
