// Other frameworks' conventions: the classic traps, every refusal's message,
// and round trips (a PyTorch layer written in each framework computes the same
// values; a framework's layer run as PyTorch's equivalent plus F.pad does too).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <map>
#include <random>

#include "core_testing.h"
#include "tconv/errors.h"
#include "tconv/frameworks.h"
#include "tconv/frameworks_code.h"
#include "tconv/frameworks_translate.h"

namespace tconv {
namespace {

using testing::max_rel_diff;
using testing::random_array;

TensorFlowArgs tf(std::vector<int64_t> strides, const char* padding) {
  TensorFlowArgs a;
  a.strides = std::move(strides);
  a.padding = padding;
  return a;
}

// [SECTION] The traps.

TEST(FrameworksTrap, TensorFlowSameK3S2KeepsRows0To7OfTheFull9) {
  const FrameworkLayer l = resolve_tensorflow({1, 4, 4, 1}, {3, 3, 1, 1}, nullptr, tf({2}, "SAME"));
  EXPECT_EQ(l.full.h.out, 9);
  EXPECT_EQ(l.h, (AxisWindow{0, 8}));
  EXPECT_EQ(l.w, (AxisWindow{0, 8}));
  EXPECT_EQ(l.output_shape, (Shape{1, 8, 8, 1}));
  const PyTorchEquivalent eq = pytorch_equivalent(l);
  EXPECT_FALSE(eq.exact());
  EXPECT_EQ(eq.args.padding, Pair(0));
  EXPECT_EQ(eq.args.output_padding, Pair(0));
  EXPECT_EQ(eq.after, (std::array<int64_t, 4>{0, -1, 0, -1}));
  // PyTorch's padding=1, output_padding=1 gives the same 8 rows: rows 1-8.
  const ShapeTrap t = same_shape_shifted(l);
  ASSERT_TRUE(t.flagged);
  ASSERT_TRUE(t.h && t.w);
  EXPECT_EQ(t.h->padding, 1);
  EXPECT_EQ(t.h->output_padding, 1);
  EXPECT_EQ(t.h->shift, 1);
  ConvTranspose2dArgs p;
  p.stride = 2;
  p.padding = 1;
  p.output_padding = 1;
  const FrameworkLayer pt = resolve_pytorch({1, 1, 4, 4}, {1, 1, 3, 3}, nullptr, p);
  EXPECT_EQ(pt.h, (AxisWindow{1, 8}));
}

TEST(FrameworksTrap, TensorFlowSameK4S2IsPyTorchPadding1) {
  const FrameworkLayer l = resolve_tensorflow({1, 4, 4, 1}, {4, 4, 1, 1}, nullptr, tf({2}, "SAME"));
  EXPECT_EQ(l.h, (AxisWindow{1, 8}));
  const PyTorchEquivalent eq = pytorch_equivalent(l);
  EXPECT_TRUE(eq.exact());
  EXPECT_EQ(eq.args.padding, Pair(1));
  EXPECT_EQ(eq.args.output_padding, Pair(0));
  EXPECT_FALSE(same_shape_shifted(l).flagged);
}

TEST(FrameworksTrap, OnnxSameUpperPutsTheOddPadAtTheEndSameLowerAtTheBeginning) {
  OnnxArgs a;
  a.strides = {2, 2};
  a.auto_pad = "SAME_UPPER";
  const FrameworkLayer upper = resolve_onnx({1, 1, 3, 3}, {1, 1, 3, 3}, nullptr, a);
  a.auto_pad = "SAME_LOWER";
  const FrameworkLayer lower = resolve_onnx({1, 1, 3, 3}, {1, 1, 3, 3}, nullptr, a);
  // Full 7 rows, output in·stride = 6, total_padding 1.
  EXPECT_EQ(upper.h, (AxisWindow{0, 6}));
  EXPECT_EQ(lower.h, (AxisWindow{1, 6}));
  EXPECT_FALSE(pytorch_equivalent(upper).exact());
  EXPECT_TRUE(same_shape_shifted(upper).flagged);
  const PyTorchEquivalent eq = pytorch_equivalent(lower);
  EXPECT_TRUE(eq.exact());
  EXPECT_EQ(eq.args.padding, Pair(1));
  EXPECT_EQ(eq.args.output_padding, Pair(1));
}

TEST(FrameworksTrap, OnnxOutputShapeSplitsTotalPaddingWithFloorDivision) {
  // ONNX's test_convtranspose_output_shape: total_padding -1 with NOTSET
  // leaves the zero row at the end (C's truncation would put it first).
  OnnxArgs a;
  a.strides = {3, 2};
  a.output_shape = {10, 8};
  const FrameworkLayer l = resolve_onnx({1, 1, 3, 3}, {1, 2, 3, 3}, nullptr, a);
  EXPECT_EQ(l.h, (AxisWindow{0, 10}));
  EXPECT_EQ(l.w, (AxisWindow{0, 8}));
  // total 1, NOTSET: the spec's Else branch puts it at the beginning.
  a.strides = {2, 2};
  a.output_shape = {6, 6};
  EXPECT_EQ(resolve_onnx({1, 1, 3, 3}, {1, 1, 3, 3}, nullptr, a).h, (AxisWindow{1, 6}));
}

TEST(FrameworksTrap, JaxSameMatchesTensorFlowSame) {
  for (int64_t k = 1; k <= 6; ++k) {
    for (int64_t s = 1; s <= 4; ++s) {
      JaxArgs j;
      j.strides = {s, s};
      j.padding_mode = "SAME";
      const FrameworkLayer jl = resolve_jax({1, 5, 5, 1}, {k, k, 1, 1}, nullptr, j);
      const FrameworkLayer tl =
          resolve_tensorflow({1, 5, 5, 1}, {k, k, 1, 1}, nullptr, tf({s}, "SAME"));
      EXPECT_EQ(jl.h, tl.h) << "k " << k << " s " << s;
    }
  }
}

// [SECTION] Refusals, word for word.

struct Refusal {
  const char* what;
  std::function<void()> call;
  std::string message;
};

void expect_refusals(const std::vector<Refusal>& cases) {
  for (const Refusal& r : cases) {
    SCOPED_TRACE(r.what);
    try {
      r.call();
      ADD_FAILURE() << "no error, expected: " << r.message;
    } catch (const ArgumentError& e) {
      EXPECT_EQ(std::string(e.what()), r.message);
    }
  }
}

TEST(FrameworksRefusal, TensorFlow) {
  const Shape x{1, 4, 4, 1}, f{3, 3, 1, 1};
  auto with = [&](std::function<void(TensorFlowArgs&)> edit, Shape input = {1, 4, 4, 1},
                  Shape filters = {3, 3, 1, 1}, const Shape* bias = nullptr) {
    return [=] {
      TensorFlowArgs a = tf({2}, "SAME");
      edit(a);
      resolve_tensorflow(input, filters, bias, a);
    };
  };
  static const Shape bias3{3};
  expect_refusals({
      {"data_format", with([](auto& a) { a.data_format = "NWHC"; }),
       "Value for attr 'data_format' of \"NWHC\" is not in the list of allowed values: \"NHWC\", "
       "\"NCHW\""},
      {"padding", with([](auto& a) { a.padding = "FULL"; }),
       "Value for attr 'padding' of \"FULL\" is not in the list of allowed values: \"SAME\", "
       "\"VALID\" (tf.nn.conv2d_transpose takes no explicit padding)"},
      {"strides length", with([](auto& a) {
         a.strides = {1, 2, 3};
       }),
       "strides should be of length 1, 2 or 4. Received: strides=[1, 2, 3] of length 3"},
      {"dilations length", with([](auto& a) {
         a.dilations = {1, 1, 1};
       }),
       "dilations should be of length 1, 2 or 4. Received: dilations=[1, 1, 1] of length 3"},
      {"stride with dilation", with([](auto& a) {
         a.dilations = {2, 1};
       }),
       "`strides > 1` not supported in conjunction with `dilation_rate > 1`. Received: "
       "strides=(2, 2) and dilation_rate=(2, 1)"},
      {"output_padding with output_shape", with([](auto& a) {
         a.output_padding = std::vector<int64_t>{1};
         a.output_shape = Shape{1, 8, 8, 1};
       }),
       "output_padding is Keras Conv2DTranspose's argument and output_shape "
       "tf.nn.conv2d_transpose's: give one of them"},
      {"output_padding >= stride",
       with([](auto& a) { a.output_padding = std::vector<int64_t>{2}; }),
       "Strides must be greater than output padding. Received strides=(2, 2), "
       "output_padding=(2, 2)."},
      {"batch stride", with([](auto& a) {
         a.strides = {2, 2, 2, 1};
       }),
       "Current implementation does not yet support strides in the batch and depth dimensions."},
      {"zero stride", with([](auto& a) { a.strides = {0}; }),
       "Row and column strides should be larger than 0."},
      {"depth dilation", with([](auto& a) {
         a.strides = {1};
         a.dilations = {1, 1, 1, 2};
       }),
       "Current implementation does not yet support dilations in the batch and depth "
       "dimensions."},
      {"zero dilation", with([](auto& a) {
         a.strides = {1};
         a.dilations = {0};
       }),
       "Dilated rates should be larger than 0."},
      {"input rank", with([](auto&) {}, {4, 4, 1}),
       "Conv2DCustomBackpropInput: out_backprop must be 4-dimensional (the input has shape [4, "
       "4, 1]; tf.nn.conv2d_transpose takes [batch, height, width, in_channels] for data_format "
       "NHWC)"},
      {"filters rank", with([](auto&) {}, x, {3, 3, 1}),
       "Conv2DCustomBackpropInput: filter must be 4-dimensional (filters has shape [3, 3, 1]; it "
       "is [height, width, output_channels, in_channels])"},
      {"in_channels", with([](auto&) {}, {1, 4, 4, 2}, f),
       "Conv2DCustomBackpropInput: filter and out_backprop must have the same out_depth (the "
       "input has 2 channels, filters [3, 3, 1, 1] take in_channels = 1)"},
      {"batch", with([](auto& a) {
         a.output_shape = Shape{2, 8, 8, 1};
       }),
       "Conv2DCustomBackpropInput: input and out_backprop must have the same batch size. Input "
       "batch: 2, outbackprop batch: 1, batch_dim: 0"},
      {"depth",
       with(
           [](auto& a) {
             a.output_shape = Shape{1, 8, 8, 3};
           },
           x, {3, 3, 2, 1}),
       "Conv2DCustomBackpropInput: input depth must be evenly divisible by filter depth "
       "(output_shape has 3 channels, filters' output_channels is 2)"},
      {"grouped",
       with(
           [](auto& a) {
             a.output_shape = Shape{1, 8, 8, 4};
           },
           x, {3, 3, 2, 1}),
       "output_shape has 4 channels but filters [3, 3, 2, 1] make 2: a grouped "
       "tf.nn.conv2d_transpose (depth a multiple of filters') is not supported"},
      {"bias", with([](auto&) {}, x, f, &bias3),
       "bias (Keras Conv2DTranspose's use_bias) must have filters' output_channels = 1 values, "
       "got shape [3]"},
      {"maps back", with([](auto& a) {
         a.output_shape = Shape{1, 9, 8, 1};
       }),
       "Conv2DCustomBackpropInput: Size of out_backprop doesn't match computed: actual = 4, "
       "computed = 5 spatial_dim: 1 input: 9 filter: 3 output: 4 stride: 2 dilation: 1 "
       "(tf.nn.conv2d_transpose is the gradient of conv2d, so conv2d with padding SAME must take "
       "output_shape's 9 back to the input's 4; it gives 5)"},
      {"negative",
       with(
           [](auto& a) {
             a.strides = {1};
             a.padding = "VALID";
             a.output_shape = Shape{1, 2, 2, 1};
           },
           {1, 1, 1, 1}, {5, 5, 1, 1}),
       "Computed output size would be negative: -2 [input_size: 2, effective_filter_size: 5, "
       "stride: 1]"},
  });
}

TEST(FrameworksRefusal, Onnx) {
  auto with = [](std::function<void(OnnxArgs&)> edit, Shape x = {1, 2, 3, 3},
                 Shape w = {2, 1, 3, 3}, const Shape* b = nullptr) {
    return [=] {
      OnnxArgs a;
      edit(a);
      resolve_onnx(x, w, b, a);
    };
  };
  auto none = [](OnnxArgs&) {};
  static const Shape b3{3};
  expect_refusals({
      {"X rank", with(none, {3, 3}),
       "Input tensor must have at least 3 dimensions (N x C x "
       "D1...Dn). Got: 2"},
      {"W rank", with(none, {1, 2, 3, 3}, {2, 1}),
       "Weight tensor must have at least 3 dimensions (C x M/group x k1...kn). Got: 2"},
      {"1-D", with(none, {1, 2, 3}, {2, 1, 3}),
       "tconv computes the 2-D ConvTranspose: X must be N x C x H x W, got X of shape [1, 2, 3] "
       "(a 1-D ConvTranspose)"},
      {"dilations size", with([](auto& a) { a.dilations = {1}; }),
       "Attribute dilations has incorrect size (dilations=[1]; a 2-D ConvTranspose takes 2 "
       "values)"},
      {"dilations sign", with([](auto& a) {
         a.dilations = {1, 0};
       }),
       "Attribute dilations must only contain positive values (dilations=[1, 0])"},
      {"strides sign", with([](auto& a) {
         a.strides = {-1, 1};
       }),
       "Attribute strides must only contain positive values (strides=[-1, 1])"},
      {"kernel_shape", with([](auto& a) {
         a.kernel_shape = {3, 2};
       }),
       "kernel_shape is not compatible with W shape. kernel_shape: [3, 2] W: [2, 1, 3, 3]"},
      {"auto_pad", with([](auto& a) { a.auto_pad = "SAME"; }),
       "auto_pad must be either NOTSET, SAME_UPPER, SAME_LOWER or VALID, got 'SAME'"},
      {"pads size", with([](auto& a) {
         a.pads = {1, 1};
       }),
       "Attribute pads has incorrect size (pads=[1, 1]; a 2-D ConvTranspose takes [x1_begin, "
       "x2_begin, x1_end, x2_end])"},
      {"pads sign", with([](auto& a) {
         a.pads = {1, -1, 0, 0};
       }),
       "Attribute pads must not contain negative values (pads=[1, -1, 0, 0])"},
      {"pads with auto_pad", with([](auto& a) {
         a.pads = {1, 1, 1, 1};
         a.auto_pad = "SAME_UPPER";
       }),
       "The pads attribute cannot be used simultaneously with auto_pad attribute (pads=[1, 1, 1, "
       "1], auto_pad='SAME_UPPER')"},
      {"output_shape size", with([](auto& a) {
         a.output_shape = {1, 1, 6, 6};
       }),
       "Attribute output_shape has incorrect size (output_shape=[1, 1, 6, 6]; it takes the "
       "spatial sizes [H, W], without N and C)"},
      {"output_shape sign", with([](auto& a) {
         a.output_shape = {-6, 6};
       }),
       "Attribute output_shape must not contain negative values (output_shape=[-6, 6])"},
      {"output_padding sign", with([](auto& a) {
         a.output_padding = {0, -1};
       }),
       "Attribute output_padding must not contain negative values (output_padding=[0, -1])"},
      {"output_padding range", with([](auto& a) {
         a.strides = {2, 2};
         a.output_padding = {2, 0};
       }),
       "Each padding value in \"output_padding\" must be less than the corresponding "
       "stride/dilation dimension (output_padding=[2, 0], strides=[2, 2], dilations=[1, 1])"},
      {"group", with([](auto& a) { a.group = 0; }),
       "group must be a positive integer, got group=0"},
      {"channels", with(none, {1, 3, 3, 3}),
       "X has 3 channels (X.shape[1]) but W.shape[0] is 2: W is (C x M/group x kH x kW) with C "
       "= X.shape[1] (X [1, 3, 3, 3], W [2, 1, 3, 3])"},
      {"group divides", with([](auto& a) { a.group = 3; }, {1, 2, 3, 3}, {2, 1, 3, 3}),
       "group=3 must divide the input channels C = 2"},
      {"B", with(none, {1, 2, 3, 3}, {2, 1, 3, 3}, &b3),
       "B must be 1-D with M = W.shape[1] * group = 1 values, got shape [3]"},
      {"empty output", with([](auto& a) {
         a.pads = {3, 0, 2, 0};
       }),
       "ConvTranspose's output would have 0 rows on spatial axis 0 (stride·(in − 1) + "
       "output_padding + (kernel − 1)·dilation + 1 − pads = 1·(3 − 1) + 0 + 3 − 5)"},
  });
}

TEST(FrameworksRefusal, Jax) {
  auto with = [](std::function<void(JaxArgs&)> edit, Shape lhs = {1, 3, 3, 2},
                 Shape rhs = {3, 3, 2, 1}) {
    return [=] {
      JaxArgs a;
      a.strides = {2, 2};
      a.padding_mode = "SAME";
      edit(a);
      resolve_jax(lhs, rhs, nullptr, a);
    };
  };
  auto none = [](JaxArgs&) {};
  expect_refusals({
      {"ranks", with(none, {1, 3, 3, 2}, {3, 3, 2}),
       "lax.conv_transpose needs lhs and rhs of the same rank (at least 2), got lhs (1, 3, 3, 2) "
       "and rhs (3, 3, 2)"},
      {"1-D", with(none, {1, 3, 2}, {3, 2, 1}),
       "tconv computes 2-D transposed convolutions: lhs and rhs must have 4 dimensions, got 3 (a "
       "1-D lax.conv_transpose)"},
      {"spec length", with([](auto& a) {
         a.dimension_numbers = {"NHW", "HWIO", "NHWC"};
       }),
       "convolution dimension_numbers[0] must have len equal to the ndim of lhs and rhs, got 3 "
       "for lhs and rhs shapes (1, 3, 3, 2) and (3, 3, 2, 1)."},
      {"spec chars", with([](auto& a) {
         a.dimension_numbers = {"NHWC", "HWIX", "NHWC"};
       }),
       "convolution dimension_numbers[1] must contain the characters 'O' and 'I' exactly once, "
       "got HWIX."},
      {"spec duplicate", with([](auto& a) {
         a.dimension_numbers = {"NHHC", "HWIO", "NHWC"};
       }),
       "convolution dimension_numbers[0] cannot have duplicate characters, got NHHC."},
      {"spec spatial", with([](auto& a) {
         a.dimension_numbers = {"NHWC", "HXIO", "NHWC"};
       }),
       "convolution dimension_numbers elements must each have the same set of spatial "
       "characters, got ('NHWC', 'HXIO', 'NHWC')."},
      {"strides", with([](auto& a) { a.strides = {2}; }),
       "strides must have 2 values, one per spatial dimension, got [2]"},
      {"strides sign", with([](auto& a) {
         a.strides = {2, 0};
       }),
       "All strides must be >= 1, got (2, 0)"},
      {"padding string", with([](auto& a) { a.padding_mode = "SAME_LOWER"; }),
       "String padding is not implemented for transposed convolution using this op. Please "
       "either exactly specify the required padding or use conv_transpose. "
       "(padding='SAME_LOWER'; lax.conv_transpose takes 'SAME', 'VALID' or (low, high) pairs)"},
      {"padding string, consistent", with([](auto& a) {
         a.padding_mode = "same";
         a.use_consistent_padding = true;
       }),
       "Invalid padding mode: same"},
      {"pairs", with([](auto& a) {
         a.padding_mode.clear();
         a.padding = {{1, 1}};
       }),
       "Wrong number of explicit pads for convolution: expected 2, got 1."},
      {"features", with(none, {1, 3, 3, 3}),
       "conv_general_dilated lhs feature dimension size divided by feature_group_count must "
       "equal the rhs input feature dimension size, but 3 // 1 != 2."},
      {"negative padding", with([](auto& a) {
         a.padding_mode.clear();
         a.padding = {{-6, 0}, {0, 0}};
       }),
       "Negative padding is larger than the size of the corresponding dimension: got "
       "padding=((-6, 0), (0, 0)) for lhs_shape[2:]=(5, 5)"},
      {"empty", with([](auto& a) {
         a.padding_mode.clear();
         a.padding = {{-2, -2}, {0, 0}};
       }),
       "lax.conv_transpose's output would be empty (0 along spatial axis 0: the padded input is "
       "1 long, the dilated kernel 3); JAX returns an empty array, tconv refuses it"},
  });
}

// [SECTION] Round trips.

// A framework's layer computed the PyTorch way: permute in, PyTorch's
// equivalent layer, F.pad(after), bias after the pad when it must be,
// permute out.
Array through_pytorch(const FrameworkLayer& l, const Array& x, const Array& w, const Array* b) {
  const PyTorchEquivalent eq = pytorch_equivalent(l);
  const Array xt = l.batched ? permute4(x, l.input_perm) : x;
  const Array y =
      conv_transpose2d(xt, to_pytorch_weight(l, w), eq.bias_after_pad ? nullptr : b, eq.args);
  // F.pad with negative amounts: a window of y's own, zeros outside.
  FrameworkLayer pad = l;
  const bool b4 = y.dim() == 4;
  pad.h = {-eq.after[2], y.shape[b4 ? 2 : 1] + eq.after[2] + eq.after[3]};
  pad.w = {-eq.after[0], y.shape[b4 ? 3 : 2] + eq.after[0] + eq.after[1]};
  const Array out = crop_window(pad, y, eq.bias_after_pad ? b : nullptr);
  return l.batched ? permute4(out, l.output_perm) : out;
}

void expect_same_output(const FrameworkLayer& l, const Array& x, const Array& w, const Array* b,
                        const std::string& what) {
  const Array direct = framework_conv_transpose2d(l, x, w, b);
  const Array via = through_pytorch(l, x, w, b);
  ASSERT_EQ(direct.shape, via.shape) << what;
  EXPECT_LE(max_rel_diff(via.data, direct.data), testing::kRelTol) << what;
}

TEST(FrameworksRoundTrip, PyTorchLayersInEveryFrameworkGiveTheSameValues) {
  std::mt19937 rng(7);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  int tf_found = 0, onnx_found = 0;
  for (int i = 0; i < 300; ++i) {
    ConvTranspose2dArgs a;
    a.stride = {pick(1, 3), pick(1, 3)};
    a.dilation = {pick(1, 2), pick(1, 2)};
    a.groups = pick(1, 2);
    const Shape w_shape{2 * a.groups, pick(1, 2), pick(1, 4), pick(1, 4)};
    a.padding = {pick(0, 2), pick(0, 2)};
    a.output_padding = {pick(0, std::max(a.stride.h, a.dilation.h) - 1),
                        pick(0, std::max(a.stride.w, a.dilation.w) - 1)};
    const Shape x_shape{pick(1, 2), w_shape[0], pick(1, 4), pick(1, 4)};
    const Array x = random_array(x_shape, rng), w = random_array(w_shape, rng);
    const Array b = random_array({w_shape[1] * a.groups}, rng);
    std::ostringstream what;
    what << "case " << i;
    if (validate_conv_transpose2d(x_shape, w_shape, &b.shape, a)) continue;
    const FrameworkLayer pt = resolve_pytorch(x_shape, w_shape, &b.shape, a);
    const Array ref = conv_transpose2d(x, w, &b, a);
    const Expressions e = express(pt);
    EXPECT_TRUE(e.pytorch.exact()) << what.str();

    if (e.tensorflow) {
      ++tf_found;
      TensorFlowArgs t;
      t.data_format = "NCHW";
      t.strides = {e.tensorflow->strides.h, e.tensorflow->strides.w};
      t.dilations = {e.tensorflow->dilations.h, e.tensorflow->dilations.w};
      t.padding = e.tensorflow->padding;
      const Shape& o = e.tensorflow->output_shape;
      t.output_shape = Shape{o[0], o[3], o[1], o[2]};
      const Array filters = permute4(w, {2, 3, 1, 0});
      const FrameworkLayer l = resolve_tensorflow(x_shape, filters.shape, &b.shape, t);
      EXPECT_EQ(l.h, pt.h) << what.str();
      EXPECT_EQ(l.w, pt.w) << what.str();
      EXPECT_LE(max_rel_diff(framework_conv_transpose2d(l, x, filters, &b).data, ref.data),
                testing::kRelTol)
          << what.str();
    }
    ASSERT_TRUE(e.onnx) << what.str() << ": " << e.onnx_none;  // pads >= 0 always reach PyTorch's
    ++onnx_found;
    OnnxArgs o;
    o.strides = {e.onnx->strides.h, e.onnx->strides.w};
    o.dilations = {e.onnx->dilations.h, e.onnx->dilations.w};
    o.pads = {e.onnx->pads.begin(), e.onnx->pads.end()};
    o.output_padding = {e.onnx->output_padding.h, e.onnx->output_padding.w};
    o.group = e.onnx->group;
    const FrameworkLayer ol = resolve_onnx(x_shape, w_shape, &b.shape, o);
    EXPECT_EQ(ol.h, pt.h) << what.str();
    EXPECT_EQ(ol.w, pt.w) << what.str();
    if (!e.onnx->auto_pad.empty() && e.onnx->auto_pad != "VALID") {
      OnnxArgs s = o;
      s.pads.clear();
      s.auto_pad = e.onnx->auto_pad;
      s.output_padding = {e.onnx->auto_pad_output_padding.h, e.onnx->auto_pad_output_padding.w};
      const FrameworkLayer sl = resolve_onnx(x_shape, w_shape, &b.shape, s);
      EXPECT_EQ(sl.h, pt.h) << what.str() << " " << s.auto_pad;
    }

    ASSERT_TRUE(e.jax);
    if (e.jax->groups == 1) {
      JaxArgs j;
      j.strides = {e.jax->strides.h, e.jax->strides.w};
      j.rhs_dilation = std::vector<int64_t>{e.jax->rhs_dilation.h, e.jax->rhs_dilation.w};
      j.padding = {e.jax->padding[0], e.jax->padding[1]};
      j.dimension_numbers = {"NCHW", "OIHW", "NCHW"};
      j.transpose_kernel = true;
      const FrameworkLayer jl = resolve_jax(x_shape, w_shape, &b.shape, j);
      EXPECT_EQ(jl.h, pt.h) << what.str();
      EXPECT_EQ(jl.w, pt.w) << what.str();
      EXPECT_LE(max_rel_diff(framework_conv_transpose2d(jl, x, w, &b).data, ref.data),
                testing::kRelTol);
    }
  }
  EXPECT_GT(tf_found, 5);  // TF has no groups, no stride with dilation, two windows per size
  EXPECT_GT(onnx_found, 200);
}

TEST(FrameworksRoundTrip, FrameworkLayersRunAsPyTorchPlusPad) {
  std::mt19937 rng(11);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  int checked = 0, inexact = 0, bias_after = 0;
  for (int i = 0; i < 200; ++i) {
    const int64_t s = pick(1, 3), k = pick(1, 4), n = pick(1, 4), c = pick(1, 2), m = pick(1, 2);
    const Array bias = random_array({m}, rng);
    std::ostringstream what;
    what << "case " << i << " s " << s << " k " << k << " n " << n;
    try {
      // TensorFlow, NHWC.
      TensorFlowArgs t = tf({s}, pick(0, 1) ? "SAME" : "VALID");
      const Shape xs{1, n, n + 1, c}, fs{k, k + 1, m, c};
      const FrameworkLayer tl = resolve_tensorflow(xs, fs, &bias.shape, t);
      expect_same_output(tl, random_array(xs, rng), random_array(fs, rng), &bias,
                         "tf " + what.str());
      // ONNX with an output_shape off the full size both ways.
      OnnxArgs o;
      o.strides = {s, s};
      o.output_shape = {(n - 1) * s + k + pick(-2, 2), (n - 1) * s + k + pick(-2, 2)};
      if (o.output_shape[0] < 1 || o.output_shape[1] < 1) continue;
      o.auto_pad = pick(0, 1) ? "NOTSET" : "SAME_UPPER";
      const Shape xo{2, c, n, n}, wo{c, m, k, k};
      const FrameworkLayer ol = resolve_onnx(xo, wo, &bias.shape, o);
      expect_same_output(ol, random_array(xo, rng), random_array(wo, rng), &bias,
                         "onnx " + what.str());
      // JAX with explicit pairs that may reach past the full output.
      JaxArgs j;
      j.strides = {s, s};
      j.padding = {{pick(-1, k + 1), pick(-1, k + 1)}, {pick(-1, k + 1), pick(-1, k + 1)}};
      j.transpose_kernel = pick(0, 1);
      const Shape xj{1, n, n, c}, wj{k, k, j.transpose_kernel ? m : c, j.transpose_kernel ? c : m};
      const FrameworkLayer jl = resolve_jax(xj, wj, &bias.shape, j);
      expect_same_output(jl, random_array(xj, rng), random_array(wj, rng), &bias,
                         "jax " + what.str());
      for (const FrameworkLayer* l : {&tl, &ol, &jl}) {
        const PyTorchEquivalent eq = pytorch_equivalent(*l);
        inexact += !eq.exact();
        bias_after += eq.bias_after_pad;
      }
      ++checked;
    } catch (const ArgumentError&) {
      // A combination the framework refuses (TF's output size, JAX's empty output).
    }
  }
  EXPECT_GT(checked, 100);
  EXPECT_GT(inexact, 50);
  EXPECT_GT(bias_after, 5);
}

TEST(FrameworksRoundTrip, AnEmptyBatchsEmptyOutputHasNoOtherFrameworksForm) {
  // PyTorch 1.13: conv_transpose2d(zeros(0, 2, 3, 3), zeros(2, 1, 4, 4), stride=3,
  // padding=5) is [0, 1, 0, 0]; TensorFlow, ONNX and JAX refuse a size below 1
  // (a fuzz finding: the ONNX form was offered and its own rules threw).
  ConvTranspose2dArgs a;
  a.stride = Pair(3);
  a.padding = Pair(5);
  const FrameworkLayer pt = resolve_pytorch({0, 2, 3, 3}, {2, 1, 4, 4}, nullptr, a);
  const Translation t = translate(pt);
  EXPECT_FALSE(t.forms.tensorflow);
  EXPECT_FALSE(t.forms.onnx);
  EXPECT_FALSE(t.forms.jax);
  EXPECT_EQ(t.forms.onnx_none,
            "the output has 0 rows on H (PyTorch allows it for an empty batch only); the "
            "framework refuses an output size below 1");
  EXPECT_EQ(t.notes.back(), "JAX: none: " + t.forms.jax_none);
}

TEST(FrameworksRoundTrip, JaxWithoutTransposeKernelFlipsAndSwaps) {
  // transpose_kernel=False: rhs 'HWIO' is the correlation kernel, so PyTorch's
  // weight[i][o] is rhs[:, :, i, o] rotated 180°.
  JaxArgs j;
  j.strides = {1, 1};
  j.padding_mode = "VALID";
  const FrameworkLayer l = resolve_jax({1, 2, 2, 1}, {2, 2, 1, 1}, nullptr, j);
  const Array rhs({2, 2, 1, 1}, {1, 2, 3, 4});
  EXPECT_EQ(to_pytorch_weight(l, rhs).data, (std::vector<float>{4, 3, 2, 1}));
  EXPECT_EQ(l.weight.permute, (std::array<int, 4>{2, 3, 0, 1}));
  j.transpose_kernel = true;
  const FrameworkLayer t = resolve_jax({1, 2, 2, 1}, {2, 2, 1, 1}, nullptr, j);
  EXPECT_EQ(to_pytorch_weight(t, rhs).data, (std::vector<float>{1, 2, 3, 4}));
}

// [SECTION] The Frameworks view's record.

TEST(FrameworksView, ClassicCasesForPyTorchsK3S2P1Op1) {
  ConvTranspose2dArgs a;
  a.stride = 2;
  a.padding = 1;
  a.output_padding = 1;
  const Geometry geo = check_conv_transpose2d({1, 1, 4, 4}, {1, 1, 3, 3}, nullptr, a);
  std::map<std::string, Relation> got;
  for (const FrameworkCase& c : classic_cases(geo)) got[c.label] = c.relation;
  EXPECT_EQ(got["TensorFlow SAME"], Relation::SameShapeShifted);
  EXPECT_EQ(got["TensorFlow VALID"], Relation::OtherShape);
  EXPECT_EQ(got["ONNX SAME_UPPER"], Relation::SameShapeShifted);
  EXPECT_EQ(got["ONNX SAME_LOWER"], Relation::Same);
  EXPECT_EQ(got["ONNX VALID"], Relation::OtherShape);
  EXPECT_EQ(got["ONNX pads"], Relation::Same);
  EXPECT_EQ(got["ONNX output_shape"], Relation::Same);
  EXPECT_EQ(got["JAX SAME"], Relation::SameShapeShifted);
  EXPECT_EQ(got["JAX VALID"], Relation::OtherShape);
}

// ONNX's output_shape puts the odd row of total_padding at the beginning:
// with output_padding 2 (stride 3) that is one row before PyTorch's window.
TEST(FrameworksView, OnnxOutputShapeShiftsOnceOutputPaddingExceedsOne) {
  ConvTranspose2dArgs a;
  a.stride = 3;
  a.padding = 1;
  a.output_padding = 2;
  const Geometry geo = check_conv_transpose2d({1, 1, 3, 3}, {1, 1, 3, 3}, nullptr, a);
  for (const FrameworkCase& c : classic_cases(geo)) {
    if (c.label == "ONNX pads") {
      EXPECT_EQ(c.relation, Relation::Same);
      EXPECT_EQ(c.h, (AxisWindow{1, 9}));
    }
    if (c.label == "ONNX output_shape") {
      EXPECT_EQ(c.relation, Relation::SameShapeShifted) << c.call;
      EXPECT_EQ(c.h, (AxisWindow{0, 9}));
    }
  }
}

TEST(FrameworksView, RefusalsCarryTheFrameworksMessage) {
  ConvTranspose2dArgs a;
  a.stride = 2;
  a.dilation = 2;
  a.groups = 2;
  const Geometry geo = check_conv_transpose2d({1, 2, 3, 3}, {2, 1, 3, 3}, nullptr, a);
  for (const FrameworkCase& c : classic_cases(geo)) {
    if (c.convention == Convention::Onnx) {
      EXPECT_NE(c.relation, Relation::Refused) << c.label;
    } else {
      EXPECT_EQ(c.relation, Relation::Refused) << c.label;
      EXPECT_TRUE(c.refusal.find("groups") != std::string::npos ||
                  c.refusal.find("feature_group_count") != std::string::npos)
          << c.refusal;
    }
  }
}

TEST(FrameworksView, RecordHoldsTheFullOutputAndEachFrameworksCode) {
  std::mt19937 rng(3);
  Problem p;
  p.input = random_array({1, 2, 3, 3}, rng);
  p.weight = random_array({2, 1, 3, 3}, rng);
  p.bias = random_array({2}, rng);
  p.args.stride = 2;
  p.args.padding = 1;
  p.args.output_padding = 1;
  p.args.groups = 2;
  const FrameworksRecord r = build_frameworks_record(p);
  ConvTranspose2dArgs full_args;
  full_args.stride = 2;
  full_args.groups = 2;
  const Array full = conv_transpose2d(p.input, p.weight, nullptr, full_args);
  EXPECT_EQ(r.full.shape, (Shape{1, 2, 7, 7}));
  EXPECT_EQ(r.full.data, full.data);
  EXPECT_EQ(r.translation.layer.h, (AxisWindow{1, 6}));
  EXPECT_TRUE(r.translation.forms.pytorch.exact());
  EXPECT_EQ(r.cases.size(), 9u);
  EXPECT_NE(r.code[0].find("torch.nn.ConvTranspose2d("), std::string::npos);
  EXPECT_EQ(r.code[1].rfind("# TensorFlow: no equivalent layer.", 0), 0u) << r.code[1];
  EXPECT_NE(r.code[2].find("\"ConvTranspose\""), std::string::npos);
  EXPECT_NE(r.code[3].find("lax.conv_general_dilated("), std::string::npos);
}

TEST(FrameworksView, LargeLayersGetScriptsWithoutLiterals) {
  Problem p;
  p.input = Array({1, 4, 64, 64});
  p.weight = Array({4, 4, 4, 4});
  p.args.stride = 2;
  p.args.padding = 1;
  const FrameworksRecord r = build_frameworks_record(p);
  EXPECT_NE(r.code[0].find("x = torch.randn((1, 4, 64, 64))"), std::string::npos) << r.code[0];
  EXPECT_EQ(r.code[0].find("expected"), std::string::npos);
  EXPECT_NE(r.code[1].find("x = rng.standard_normal((1, 64, 64, 4), dtype=np.float32)"),
            std::string::npos)
      << r.code[1];
  for (const std::string& code : r.code) EXPECT_LT(code.size(), 10000u);
}

// [SECTION] Helpers.

TEST(FrameworksHelpers, Permute4IsTorchsPermute) {
  const Array a = testing::arange({2, 3, 4, 5});
  const Array p = permute4(a, {0, 2, 3, 1});
  EXPECT_EQ(p.shape, (Shape{2, 4, 5, 3}));
  // p[n][h][w][c] = a[n][c][h][w]
  EXPECT_EQ(p.data[((1 * 4 + 2) * 5 + 3) * 3 + 1], a.data[((1 * 3 + 1) * 4 + 2) * 5 + 3]);
  EXPECT_EQ(permute4(p, {0, 3, 1, 2}).data, a.data);
}

TEST(FrameworksHelpers, PythonFloatRoundTripsFloat32) {
  EXPECT_EQ(python_float(0.1f), "0.1");
  EXPECT_EQ(python_float(2.f), "2.0");
  EXPECT_EQ(python_float(1.f / 3.f), "0.33333334");
  EXPECT_EQ(python_float(1e-20f), "1e-20");
  EXPECT_EQ(python_float(std::nanf("")), "float(\"nan\")");
  EXPECT_EQ(python_float(-INFINITY), "-float(\"inf\")");
  EXPECT_EQ(python_float(0.f), "0.0");
  EXPECT_EQ(python_float(-0.37f), "-0.37");
  EXPECT_EQ(python_float(1e10f), "1e+10");
  EXPECT_EQ(python_float(16777216.f), "16777216.0");
  // Random finite bit patterns read back bit for bit by Python's route
  // (decimal -> double -> float32): the studio's scripts and sessions use it.
  std::mt19937 gen(7);
  for (int i = 0; i < 200000; ++i) {
    const uint32_t bits = static_cast<uint32_t>(gen());
    float f;
    std::memcpy(&f, &bits, sizeof f);
    if (!std::isfinite(f)) continue;
    const std::string t = python_float(f);
    const float back = static_cast<float>(std::strtod(t.c_str(), nullptr));
    ASSERT_EQ(std::memcmp(&back, &f, sizeof f), 0) << t;
  }
}

TEST(FrameworksHelpers, ConventionNames) {
  for (Convention c : kConventions) EXPECT_EQ(parse_convention(convention_name(c)), c);
  EXPECT_FALSE(parse_convention("tf"));
}

}  // namespace
}  // namespace tconv
