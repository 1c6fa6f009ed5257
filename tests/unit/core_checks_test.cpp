// PyTorch 1.13's argument checks (checks.h): one row per check with the exact
// message torch 1.13 prints (taken from torch itself; the golden fixtures hold
// many more, in combination, to pin down the order).
#include <gtest/gtest.h>

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "tconv/args.h"
#include "tconv/checks.h"
#include "tconv/errors.h"

namespace tconv {
namespace {

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const ArgumentError& e) {
    return e.what();
  }
  return "(no error)";
}

// ---------------------------------------------------------------- conv_transpose2d

struct TRow {
  const char* name;
  Shape input, weight;
  std::optional<Shape> bias;
  ConvTranspose2dArgs args;
  const char* message;
};

// F.conv_transpose2d(x (2,4,5,5), w (4,3,3,3), b (6,), stride=2, padding=1,
// output_padding=1, groups=2) is valid; each row breaks one thing.
ConvTranspose2dArgs base(std::optional<std::vector<int64_t>> output_size = std::nullopt) {
  ConvTranspose2dArgs a;
  a.stride = 2;
  a.padding = 1;
  a.output_padding = 1;
  a.groups = 2;
  a.output_size = output_size;
  return a;
}
template <typename F>
ConvTranspose2dArgs with(F f) {
  ConvTranspose2dArgs a = base();
  f(a);
  return a;
}
// test_nn's ConvTranspose2d(3, 4, 3, stride=3, padding=0, output_padding=2).
ConvTranspose2dArgs module_args(std::vector<int64_t> output_size) {
  ConvTranspose2dArgs a;
  a.stride = 3;
  a.output_padding = 2;
  a.output_size = std::move(output_size);
  return a;
}

const Shape X{2, 4, 5, 5}, W{4, 3, 3, 3}, B{6};

const TRow kTransposedRows[] = {
    {"input_not_3d_or_4d",
     {4, 5},
     W,
     B,
     base(),
     "Expected 3D (unbatched) or 4D (batched) input to conv_transpose2d, but got input of size: "
     "[4, 5]"},
    {"weight_below_3d", X, {4, 3}, B, base(), "weight should have at least three dimensions"},
    {"weight_not_4d",
     X,
     {4, 3, 3},
     B,
     base(),
     "expected stride to be a single integer value or a list of 1 values to match the "
     "convolution dimensions, but got stride=[2, 2]"},
    {"groups_not_positive", X, W, B, with([](auto& a) { a.groups = 0; }),
     "non-positive groups is not supported"},
    {"padding_negative", X, W, B, with([](auto& a) { a.padding = Pair(1, -2); }),
     "negative padding is not supported"},
    {"output_padding_negative", X, W, B, with([](auto& a) { a.output_padding = Pair(0, -1); }),
     "negative output_padding is not supported"},
    {"stride_not_positive", X, W, B, with([](auto& a) { a.stride = 0; }),
     "non-positive stride is not supported"},
    {"groups_above_in_channels", X, W, Shape{24}, with([](auto& a) { a.groups = 8; }),
     "Given groups=8, expected weight to be at least 8 at dimension 0, but got weight of size "
     "[4, 3, 3, 3] instead"},
    // 1.13 prints this size in double brackets.
    {"in_channels_not_divisible", X, W, Shape{9}, with([](auto& a) { a.groups = 3; }),
     "Given groups=3, expected weight to be divisible by 3 at dimension 0, but got weight of "
     "size [[4, 3, 3, 3]] instead"},
    {"input_channels",
     {2, 5, 5, 5},
     W,
     B,
     base(),
     "Given transposed=1, weight of size [4, 3, 3, 3], expected input[2, 5, 5, 5] to have 4 "
     "channels, but got 5 channels instead"},
    {"input_channels_unbatched",
     {5, 5, 5},
     W,
     B,
     base(),
     "Given transposed=1, weight of size [4, 3, 3, 3], expected input[1, 5, 5, 5] to have 4 "
     "channels, but got 5 channels instead"},
    {"bias_size", X, W, Shape{5}, base(),
     "Given transposed=1, weight of size [4, 3, 3, 3], expected bias to be 1-dimensional with 6 "
     "elements, but got bias of size [5] instead"},
    {"bias_not_1d", X, W, Shape{2, 3}, base(),
     "Given transposed=1, weight of size [4, 3, 3, 3], expected bias to be 1-dimensional with 6 "
     "elements, but got bias of size [2, 3] instead"},
    {"input_zero_size",
     {2, 4, 0, 5},
     W,
     B,
     base(),
     "Only zero batch or zero channel inputs are supported, but got input shape: [2, 4, 0, 5]"},
    {"kernel_not_positive",
     X,
     {4, 3, 0, 3},
     B,
     base(),
     "kernel size should be greater than zero, but got kernel_height: 0 kernel_width: 3"},
    {"dilation_not_positive", X, W, B, with([](auto& a) { a.dilation = Pair(1, 0); }),
     "dilation should be greater than zero, but got dilation_height: 1, dilation_width: 0"},
    {"output_padding_not_below_stride_or_dilation", X, W, B,
     with([](auto& a) { a.output_padding = 2; }),
     "output padding must be smaller than either stride or dilation, but got "
     "output_padding_height: 2 output_padding_width: 2 stride_height: 2 stride_width: 2 "
     "dilation_height: 1 dilation_width: 1"},
    {"output_padding_width_only", X, W, B, with([](auto& a) {
       a.stride = Pair(3, 1);
       a.dilation = Pair(1, 3);
       a.output_padding = Pair(2, 3);
     }),
     "output padding must be smaller than either stride or dilation, but got "
     "output_padding_height: 2 output_padding_width: 3 stride_height: 3 stride_width: 1 "
     "dilation_height: 1 dilation_width: 3"},
    // The backend runs per group, so it prints one group's weight.
    {"weight_empty",
     X,
     {4, 0, 3, 3},
     Shape{0},
     base(),
     "non-empty 2D or 4D weight tensor expected, but got: [2, 0, 3, 3]"},
    {"output_too_small", X, W, B, with([](auto& a) { a.padding = 10; }),
     "Given input size per channel: (5 x 5). Calculated output size per channel: (-8 x -8). "
     "Output size is too small"},
    {"output_size_length",
     {2, 3, 6, 6},
     {3, 4, 3, 3},
     Shape{4},
     module_args({4, 18, 21}),
     "ConvTranspose2D: for 4D input, output_size must have 2 or 4 elements (got 3)"},
    {"output_size_length_unbatched",
     {3, 6, 6},
     {3, 4, 3, 3},
     Shape{4},
     module_args({2, 4, 18, 21}),
     "ConvTranspose2D: for 3D input, output_size must have 2 or 3 elements (got 4)"},
    {"output_size_range",
     {2, 3, 6, 6},
     {3, 4, 3, 3},
     Shape{4},
     module_args({17, 18}),
     "requested an output size of [17, 18], but valid sizes range from [18, 18] to [20, 20] (for "
     "an input of torch.Size([6, 6]))"},
    {"output_size_range_full",
     {2, 3, 6, 6},
     {3, 4, 3, 3},
     Shape{4},
     module_args({2, 4, 18, 21}),
     "requested an output size of [18, 21], but valid sizes range from [18, 18] to [20, 20] (for "
     "an input of torch.Size([6, 6]))"},
    // PyTorch prints input.size()[2:], only W for an unbatched input.
    {"output_size_range_unbatched",
     {3, 6, 6},
     {3, 4, 3, 3},
     Shape{4},
     module_args({4, 18, 21}),
     "requested an output size of [18, 21], but valid sizes range from [18, 18] to [20, 20] (for "
     "an input of torch.Size([6]))"},
    // An empty batch skips the backend checks; only the final reshape fails.
    {"empty_batch_negative_size",
     {0, 4, 5, 5},
     W,
     B,
     with([](auto& a) { a.padding = 10; }),
     "invalid shape dimension -8"},
    {"empty_batch_size_minus_one",
     {0, 4, 5, 5},
     W,
     B,
     with([](auto& a) {
       a.stride = 1;
       a.output_padding = 0;
       a.padding = 0;
       a.dilation = Pair(-3, 1);
     }),
     "cannot reshape tensor of 0 elements into shape [0, 6, -1, 7] because the unspecified "
     "dimension size -1 can be any value and is ambiguous"},
    {"empty_batch_empty_weight",
     {0, 4, 5, 5},
     {4, 3, 0, 3},
     B,
     base(),
     "select(): index 0 out of range for tensor of size [0] at dimension 0"},
};

class TransposedCheck : public ::testing::TestWithParam<TRow> {};

TEST_P(TransposedCheck, ThrowsPyTorchMessage) {
  const TRow& r = GetParam();
  const Shape* bias = r.bias ? &*r.bias : nullptr;
  EXPECT_EQ(error_of([&] { check_conv_transpose2d(r.input, r.weight, bias, r.args); }), r.message);
  EXPECT_EQ(validate_conv_transpose2d(r.input, r.weight, bias, r.args).value_or("(valid)"),
            r.message);
}

INSTANTIATE_TEST_SUITE_P(Rows, TransposedCheck, ::testing::ValuesIn(kTransposedRows),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(TransposedCheck, FirstErrorWinsInPyTorchOrder) {
  // groups before padding before output_padding before stride (torch 1.13).
  auto a = with([](auto& x) {
    x.groups = 0;
    x.padding = -1;
  });
  EXPECT_EQ(error_of([&] { check_conv_transpose2d(X, W, &B, a); }),
            "non-positive groups is not supported");
  a = with([](auto& x) {
    x.stride = 0;
    x.output_padding = -1;
  });
  EXPECT_EQ(error_of([&] { check_conv_transpose2d(X, W, &B, a); }),
            "negative output_padding is not supported");
  // The input's rank is checked before anything else, the channels before
  // a zero-size input, and output_size before groups.
  EXPECT_EQ(error_of([&] {
              check_conv_transpose2d({2, 4, 5, 5, 1}, {4, 3}, &B, base());
            }),
            "Expected 3D (unbatched) or 4D (batched) input to conv_transpose2d, but got input of "
            "size: [2, 4, 5, 5, 1]");
  EXPECT_EQ(error_of([&] {
              check_conv_transpose2d({2, 5, 0, 5}, W, &B, base());
            }),
            "Given transposed=1, weight of size [4, 3, 3, 3], expected input[2, 5, 0, 5] to have 4 "
            "channels, but got 5 channels instead");
  auto m = module_args({30, 19});
  m.groups = 0;
  EXPECT_EQ(error_of([&] {
              check_conv_transpose2d({2, 3, 6, 6}, {3, 4, 3, 3}, nullptr, m);
            }),
            "requested an output size of [30, 19], but valid sizes range from [18, 18] to [20, "
            "20] (for an input of torch.Size([6, 6]))");
}

TEST(TransposedCheck, ValidCallGivesGeometry) {
  const Geometry g = check_conv_transpose2d(X, W, &B, base());
  EXPECT_TRUE(g.batched);
  EXPECT_EQ(g.batch, 2);
  EXPECT_EQ(g.in_channels, 4);
  EXPECT_EQ(g.out_channels, 6);
  EXPECT_EQ(g.groups, 2);
  EXPECT_TRUE(g.has_bias);
  EXPECT_EQ(g.output_shape(), (Shape{2, 6, 10, 10}));
  EXPECT_EQ(validate_conv_transpose2d(X, W, &B, base()), std::nullopt);

  const Geometry u = check_conv_transpose2d({4, 5, 5}, W, nullptr, base());
  EXPECT_FALSE(u.batched);
  EXPECT_FALSE(u.has_bias);
  EXPECT_EQ(u.output_shape(), (Shape{6, 10, 10}));
}

TEST(TransposedCheck, OutputPaddingMayReachDilationMinusOne) {
  // op < stride || op < dilation, per axis: op 3 with stride 2, dilation 4.
  auto a = with([](auto& x) {
    x.dilation = 4;
    x.output_padding = Pair(3, 1);
  });
  const Geometry g = check_conv_transpose2d(X, W, &B, a);
  EXPECT_EQ(g.h.output_padding, 3);
  EXPECT_EQ(g.h.out, (5 - 1) * 2 - 2 + 4 * 2 + 3 + 1);
}

TEST(TransposedCheck, OutputSizeChoosesOutputPadding) {
  // test_nn: valid sizes 18..20 per axis; output_padding = size - 18, and
  // the module's own output_padding (2) is ignored.
  for (int64_t h = 18; h <= 20; ++h)
    for (int64_t w = 18; w <= 20; ++w) {
      const Geometry g =
          check_conv_transpose2d({2, 3, 6, 6}, {3, 4, 3, 3}, nullptr, module_args({h, w}));
      EXPECT_EQ(g.h.output_padding, h - 18);
      EXPECT_EQ(g.w.output_padding, w - 18);
      EXPECT_EQ(g.output_shape(), (Shape{2, 4, h, w}));
    }
  // The full size, leading entries dropped; unbatched takes 3 entries.
  EXPECT_EQ(check_conv_transpose2d({2, 3, 6, 6}, {3, 4, 3, 3}, nullptr, module_args({2, 4, 19, 20}))
                .output_shape(),
            (Shape{2, 4, 19, 20}));
  EXPECT_EQ(check_conv_transpose2d({3, 6, 6}, {3, 4, 3, 3}, nullptr, module_args({4, 19, 20}))
                .output_shape(),
            (Shape{4, 19, 20}));
}

TEST(TransposedCheck, EmptyBatchSkipsBackendChecks) {
  // PyTorch returns an empty (0, 3, 10, 11) here despite output_padding 3.
  ConvTranspose2dArgs a;
  a.stride = Pair(1, 2);
  a.output_padding = Pair(3, 0);
  const Geometry g = check_conv_transpose2d({0, 4, 5, 5}, W, nullptr, a);
  EXPECT_EQ(g.output_shape(), (Shape{0, 3, 10, 11}));
}

TEST(PairFromList, OneOrTwoValues) {
  EXPECT_EQ(pair_from_list("stride", {2}), Pair(2, 2));
  EXPECT_EQ(pair_from_list("stride", {2, 1}), Pair(2, 1));
  EXPECT_EQ(error_of([] {
              pair_from_list("stride", {1, 2, 3});
            }),
            "expected stride to be a single integer value or a list of 2 values to match the "
            "convolution dimensions, but got stride=[1, 2, 3]");
  EXPECT_EQ(error_of([] { pair_from_list("output_padding", {}); }),
            "expected output_padding to be a single integer value or a list of 2 values to match "
            "the convolution dimensions, but got output_padding=[]");
}

// ---------------------------------------------------------------- conv2d

struct CRow {
  const char* name;
  Shape input, weight;
  std::optional<Shape> bias;
  Conv2dArgs args;
  const char* message;
};

// F.conv2d(x (2,4,5,5), w (6,2,3,3), b (6,), groups=2) is valid.
template <typename F>
Conv2dArgs c2(F f) {
  Conv2dArgs a;
  a.groups = 2;
  f(a);
  return a;
}
Conv2dArgs c2() {
  return c2([](auto&) {});
}
Conv2dArgs same(Pair stride = 1, int64_t groups = 2) {
  return c2([&](auto& a) {
    a.padding_mode = PaddingMode::Same;
    a.stride = stride;
    a.groups = groups;
  });
}

const Shape CX{2, 4, 5, 5}, CW{6, 2, 3, 3}, CB{6};

const CRow kConv2dRows[] = {
    {"input_not_3d_or_4d",
     {4, 5},
     CW,
     CB,
     c2(),
     "Expected 3D (unbatched) or 4D (batched) input to conv2d, but got input of size: [4, 5]"},
    {"weight_below_3d", CX, {6, 2}, CB, c2(), "weight should have at least three dimensions"},
    {"weight_not_4d",
     CX,
     {6, 2, 3},
     CB,
     c2(),
     "expected stride to be a single integer value or a list of 1 values to match the "
     "convolution dimensions, but got stride=[1, 1]"},
    {"weight_not_4d_same",
     CX,
     {6, 2, 3},
     CB,
     same(),
     "Expected 3-dimensional input for 3-dimensional weight[6, 2, 3], but got 4-dimensional "
     "input of size [2, 4, 5, 5] instead"},
    {"groups_not_positive", CX, CW, CB, c2([](auto& a) { a.groups = 0; }),
     "non-positive groups is not supported"},
    {"same_strided", CX, CW, CB, same(Pair(1, 2), 0),
     "padding='same' is not supported for strided convolutions"},
    {"padding_negative", CX, CW, CB, c2([](auto& a) { a.padding = Pair(0, -1); }),
     "negative padding is not supported"},
    {"stride_not_positive", CX, CW, CB, c2([](auto& a) { a.stride = 0; }),
     "non-positive stride is not supported"},
    {"groups_above_out_channels", CX, CW, CB, c2([](auto& a) { a.groups = 12; }),
     "Given groups=12, expected weight to be at least 12 at dimension 0, but got weight of size "
     "[6, 2, 3, 3] instead"},
    {"out_channels_not_divisible", CX, CW, CB, c2([](auto& a) { a.groups = 4; }),
     "Given groups=4, expected weight to be divisible by 4 at dimension 0, but got weight of "
     "size [[6, 2, 3, 3]] instead"},
    {"input_channels", CX, CW, CB, c2([](auto& a) { a.groups = 1; }),
     "Given groups=1, weight of size [6, 2, 3, 3], expected input[2, 4, 5, 5] to have 2 "
     "channels, but got 4 channels instead"},
    // 'same' with an even kernel pads the input first; the message shows it.
    {"input_channels_same_even_kernel",
     {2, 5, 5, 5},
     {6, 2, 4, 3},
     CB,
     same(),
     "Given groups=2, weight of size [6, 2, 4, 3], expected input[2, 5, 6, 5] to have 4 "
     "channels, but got 5 channels instead"},
    {"bias_size", CX, CW, Shape{5}, c2(),
     "Given weight of size [6, 2, 3, 3], expected bias to be 1-dimensional with 6 elements, but "
     "got bias of size [5] instead"},
    {"kernel_larger_than_input",
     {1, 1, 3, 3},
     {1, 1, 5, 5},
     std::nullopt,
     c2([](auto& a) { a.groups = 1; }),
     "Calculated padded input size per channel: (3 x 3). Kernel size: (5 x 5). Kernel size "
     "can't be greater than actual input size"},
    {"dilated_kernel_larger_than_input", CX, CW, CB, c2([](auto& a) { a.dilation = 3; }),
     "Calculated padded input size per channel: (5 x 5). Kernel size: (7 x 7). Kernel size "
     "can't be greater than actual input size"},
    {"input_zero_size",
     {1, 4, 0, 5},
     {6, 2, 1, 1},
     CB,
     c2([](auto& a) { a.padding = Pair(1, 0); }),
     "Only zero batch or zero channel inputs are supported, but got input shape: [1, 4, 0, 5]"},
    {"dilation_not_positive", CX, CW, CB, c2([](auto& a) { a.dilation = Pair(1, -1); }),
     "non-positive dilation is not supported"},
    {"kernel_not_positive",
     CX,
     {6, 2, 0, 3},
     CB,
     c2(),
     "could not create a descriptor for a dilated convolution forward propagation primitive"},
    // One image, one group, a small kernel and input: PyTorch skips oneDNN,
    // and its slow kernels word the same checks differently.
    {"kernel_not_positive_slow",
     {1, 2, 5, 5},
     {3, 2, 0, 3},
     std::nullopt,
     c2([](auto& a) { a.groups = 1; }),
     "kernel size should be greater than zero, but got kernel_height: 0 kernel_width: 3"},
    {"kernel_not_positive_slow_dilated",
     {1, 2, 5, 5},
     {3, 2, 0, 3},
     std::nullopt,
     c2([](auto& a) {
       a.groups = 1;
       a.dilation = 2;
     }),
     "kernel size should be greater than zero, but got [0, 3]"},
    {"dilation_not_positive_slow",
     {2, 5, 5},
     {3, 2, 3, 3},
     std::nullopt,
     c2([](auto& a) {
       a.groups = 1;
       a.dilation = Pair(0, 1);
     }),
     "dilation should be greater than zero, but got [0, 1]"},
    // 'same' pads an uneven kernel's input first, which must stay non-empty.
    {"same_pads_empty_input",
     {2, 1, 6, 0},
     {1, 1, 2, 3},
     std::nullopt,
     c2([](auto& a) {
       a.groups = 1;
       a.padding_mode = PaddingMode::Same;
       a.dilation = Pair(1, 2);
     }),
     "The input size 0, plus negative padding 0 and 0 resulted in a negative output size, which "
     "is invalid. Check dimension 3 of your input."},
    // 'same' turns a negative dilation into negative padding first.
    {"same_negative_dilation", CX, CW, CB, c2([](auto& a) {
       a.padding_mode = PaddingMode::Same;
       a.dilation = -1;
     }),
     "negative padding is not supported"},
};

class Conv2dCheck : public ::testing::TestWithParam<CRow> {};

TEST_P(Conv2dCheck, ThrowsPyTorchMessage) {
  const CRow& r = GetParam();
  EXPECT_EQ(error_of([&] { check_conv2d(r.input, r.weight, r.bias ? &*r.bias : nullptr, r.args); }),
            r.message);
}

INSTANTIATE_TEST_SUITE_P(Rows, Conv2dCheck, ::testing::ValuesIn(kConv2dRows),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(Conv2dCheck, SamePutsTheOddPaddingBottomRight) {
  // Kernel (4, 2): totals 3 and 1, so top/left 1 and 0, bottom/right 2 and 1.
  const Conv2dGeometry g = check_conv2d({1, 1, 5, 6}, {1, 1, 4, 2}, nullptr, same(1, 1));
  EXPECT_EQ(g.pad_top, 1);
  EXPECT_EQ(g.pad_bottom, 2);
  EXPECT_EQ(g.pad_left, 0);
  EXPECT_EQ(g.pad_right, 1);
  EXPECT_EQ(g.output_shape(), (Shape{1, 1, 5, 6}));
  // Dilation scales the total: 3 * (3 - 1) = 6 splits evenly.
  auto a = same(1, 1);
  a.dilation = Pair(3, 1);
  const Conv2dGeometry d = check_conv2d({2, 5, 5}, {3, 2, 3, 3}, nullptr, a);
  EXPECT_FALSE(d.batched);
  EXPECT_EQ(d.pad_top, 3);
  EXPECT_EQ(d.pad_bottom, 3);
  EXPECT_EQ(d.output_shape(), (Shape{3, 5, 5}));
}

TEST(Conv2dCheck, ValidMeansNoPadding) {
  auto a = c2([](auto& x) {
    x.padding_mode = PaddingMode::Valid;
    x.padding = 5;  // ignored
    x.stride = 2;
  });
  const Conv2dGeometry g = check_conv2d(CX, CW, &CB, a);
  EXPECT_EQ(g.pad_top + g.pad_bottom + g.pad_left + g.pad_right, 0);
  EXPECT_EQ(g.output_shape(), (Shape{2, 6, 2, 2}));
}

TEST(Conv2dCheck, ExplicitPaddingAndD2lShapes) {
  // d2l: Conv2d(10, 20, kernel_size=5, padding=2, stride=3) on 16x16 -> 6x6.
  Conv2dArgs a;
  a.padding = 2;
  a.stride = 3;
  const Conv2dGeometry g = check_conv2d({1, 10, 16, 16}, {20, 10, 5, 5}, nullptr, a);
  EXPECT_EQ(g.output_shape(), (Shape{1, 20, 6, 6}));
  EXPECT_EQ(g.pad_top, 2);
  EXPECT_EQ(g.pad_right, 2);
  EXPECT_EQ(g.in_channels, 10);
  EXPECT_EQ(g.k_h, 5);
}

}  // namespace
}  // namespace tconv
