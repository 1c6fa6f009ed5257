// The PyTorch script without Python (its float literals are core's
// tconv::python_float, tested in core_frameworks_test): the script names the parameters, shapes and
// values a student needs. The scripts are run against real PyTorch by tests/session (skipped
// without torch).
#include <gtest/gtest.h>

#include "model_python.h"
#include "studio_testing.h"
#include "tconv/frameworks_code.h"

namespace studio {
namespace {

using studio::testing::load;

bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

TEST(StudioPython, NestedListsFollowNumpysLayout) {
  EXPECT_EQ(nested_list({2, 2}, {0, 1, 2, 3}, 4, tconv::python_float),
            "[[0.0, 1.0],\n     [2.0, 3.0]]");
  EXPECT_EQ(nested_list({2, 1, 2}, {0, 1, 2, 3}, 0, tconv::python_float),
            "[[[0.0, 1.0]],\n\n [[2.0, 3.0]]]");
  EXPECT_EQ(nested_list({3}, {1, 2, 3}, 0, tconv::python_float), "[1.0, 2.0, 3.0]");
}

TEST(StudioPython, D2lScriptNamesParametersShapesAndValues) {
  Model m;  // d2l-basic
  const std::string py = python_script(m);
  EXPECT_TRUE(contains(py, "import torch\n"));
  EXPECT_TRUE(contains(py, "# Input x: (N, C_in, H, W) = (1, 1, 2, 2)\n"));
  EXPECT_TRUE(contains(py,
                       "x = torch.tensor(\n    [[[[0.0, 1.0],\n       [2.0, 3.0]]]],\n"
                       "    dtype=torch.float32)\n"));
  EXPECT_TRUE(contains(py, "conv = torch.nn.ConvTranspose2d(\n    in_channels=1,"));
  for (const char* arg :
       {"out_channels=1,", "kernel_size=(2, 2),", "stride=(1, 1),", "padding=(0, 0),",
        "output_padding=(0, 0),", "groups=1,", "bias=False,", "dilation=(1, 1),"})
    EXPECT_TRUE(contains(py, arg)) << arg;
  EXPECT_TRUE(
      contains(py, "# Weight: (in_channels, out_channels / groups, kH, kW) = (1, 1, 2, 2)"));
  EXPECT_FALSE(contains(py, "conv.bias.copy_"));
  EXPECT_TRUE(contains(py,
                       "expected = torch.tensor(\n    [[[[0.0, 0.0, 1.0],\n"
                       "       [0.0, 4.0, 6.0],\n       [4.0, 12.0, 9.0]]]],\n"));
  EXPECT_TRUE(contains(py, "atol = 1e-5 * max(1.0, "));
  EXPECT_TRUE(contains(py, "torch.allclose(y, expected, rtol=1e-5, atol=atol)"));
  EXPECT_TRUE(contains(py, "d2l-basic (d2l: the basic example)"));
}

TEST(StudioPython, UnbatchedWithBiasAndGroups) {
  Model m;
  load(m, "groups");
  Params p = m.params();
  p.unbatched = true;
  p.bias = true;
  p.stride = tconv::Pair(2, 1);
  ASSERT_TRUE(m.set_params(p)) << m.error();
  const std::string py = python_script(m);
  EXPECT_TRUE(contains(py, "# Input x: unbatched (C_in, H, W) = (4, 3, 3)"));
  EXPECT_TRUE(contains(py, "groups=2,"));
  EXPECT_TRUE(contains(py, "stride=(2, 1),"));
  EXPECT_TRUE(contains(py, "bias=True,"));
  EXPECT_TRUE(contains(py,
                       "# Bias: (out_channels,) = (4,)\nbias = torch.tensor(\n"
                       "    ["));
  EXPECT_TRUE(contains(py, "    conv.bias.copy_(bias)\n"));
  EXPECT_TRUE(contains(py, "# The output tconv-studio computed for the same values: (4, 6, 4)"));
}

}  // namespace
}  // namespace studio
