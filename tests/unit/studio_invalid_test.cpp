// A combination PyTorch rejects (issue #14): which sliders the panel marks,
// and how the "last valid state" the views keep is named.
#include <gtest/gtest.h>

#include <vector>

#include "model.h"
#include "params.h"

namespace studio {
namespace {

using F = ParamField;

Params stride2_op1() {
  Params p;
  p.in_h = p.in_w = 3;
  p.kernel_h = p.kernel_w = 3;
  p.stride = tconv::Pair(2);
  p.padding = tconv::Pair(1);
  p.output_padding = tconv::Pair(1);
  return p;
}

TEST(StudioInvalid, OutputPaddingMessageMarksOutputPaddingAndTheMovedSlider) {
  Model m;
  ASSERT_TRUE(m.set_params(stride2_op1())) << m.error();
  Params bad = stride2_op1();
  bad.stride = tconv::Pair(1);  // output_padding 1 is no longer below stride or dilation
  ASSERT_FALSE(m.set_params(bad));
  EXPECT_NE(m.error().find("output padding must be smaller"), std::string::npos) << m.error();
  EXPECT_EQ(offending_params(m.pending(), m.params(), m.error()),
            (std::vector<F>{F::Stride, F::OutputPadding}));
}

TEST(StudioInvalid, MessagesNameTheirSliders) {
  const Params p;
  EXPECT_EQ(offending_params(p, p, "in_channels must be divisible by groups"),
            (std::vector<F>{F::Channels, F::Groups}));
  EXPECT_EQ(offending_params(p, p, "negative padding is not supported"),
            (std::vector<F>{F::Padding}));
  EXPECT_EQ(offending_params(p, p,
                             "Given input size per channel: (2 x 2). Calculated output size per "
                             "channel: (0 x 0). Output size is too small"),
            (std::vector<F>{F::Padding}));
  EXPECT_EQ(offending_params(p, p, "dilation_height=17 is above the studio's limit of 16"),
            (std::vector<F>{F::Dilation}));
  EXPECT_TRUE(offending_params(p, p, "").empty());  // valid: nothing marked
}

TEST(StudioInvalid, LastValidStateIsNamedWithPyTorchsWords) {
  EXPECT_EQ(describe_params(stride2_op1()),
            "input 3×3, kernel_size=3, stride=2, padding=1, output_padding=1, dilation=1");
  Params p = stride2_op1();
  p.stride = tconv::Pair(2, 1);
  p.groups = 2;
  p.in_channels = p.out_channels = 2;
  p.bias = true;
  EXPECT_EQ(describe_params(p),
            "input 3×3, kernel_size=3, stride=(2, 1), padding=1, output_padding=1, dilation=1, "
            "groups=2, channels 2→2, bias");
}

}  // namespace
}  // namespace studio
