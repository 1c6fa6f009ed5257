// PyTorch 1.13's argument checks for conv_transpose2d and conv2d, in the
// order PyTorch runs them, so the first message matches PyTorch's. The order
// and texts were taken from torch 1.13 itself (tests/golden/gen_golden.py
// records them); comments name the ATen step each block stands for.
#include "tconv/checks.h"

#include <cstdint>
#include <sstream>

namespace tconv {
namespace {

// PyTorch prints sizes as "[1, 3, 7, 6]". Kept local so the checks do not
// depend on the compute sources.
std::string sizes(const Shape& s) {
  std::ostringstream o;
  o << "[";
  for (size_t i = 0; i < s.size(); ++i) o << (i ? ", " : "") << s[i];
  o << "]";
  return o.str();
}

template <typename... T>
[[noreturn]] void fail(const T&... parts) {
  std::ostringstream o;
  (o << ... << parts);
  throw ArgumentError(o.str());
}

// Saturating, so absurd user shapes compare as huge instead of overflowing.
int64_t product(const Shape& s) {
  int64_t n = 1;
  for (int64_t v : s)
    if (__builtin_mul_overflow(n, v, &n)) return INT64_MAX;
  return n;
}

// batchify(): an unbatched input is checked as a batch of one, and the
// messages print it that way.
Shape batched4(const Shape& input) {
  return input.size() == 4 ? input : Shape{1, input[0], input[1], input[2]};
}

// ConvParams checks shared by both ops (check_shape_forward), from the
// weight's group count on.
void check_weight_groups(const Shape& weight, int64_t g) {
  if (weight[0] < g)
    fail("Given groups=", g, ", expected weight to be at least ", g,
         " at dimension 0, but got weight of size ", sizes(weight), " instead");
  // 1.13 wraps this size in a second pair of brackets; kept for fidelity.
  if (weight[0] % g != 0)
    fail("Given groups=", g, ", expected weight to be divisible by ", g,
         " at dimension 0, but got weight of size [", sizes(weight), "] instead");
}

// The empty-batch backend reshapes to the computed output size, so a
// negative size fails as at::infer_size fails on a view.
void check_empty_output_view(const Shape& out) {
  bool inferred = false;
  for (int64_t v : out) {
    if (v == -1) {
      if (inferred) fail("only one dimension can be inferred");
      inferred = true;
    } else if (v < 0) {
      fail("invalid shape dimension ", v);
    }
  }
  if (inferred)
    fail("cannot reshape tensor of 0 elements into shape ", sizes(out),
         " because the unspecified dimension size -1 can be any value and is ambiguous");
}

void fail_empty_weight_select() {
  // The empty-batch backend multiplies by weight.view(-1)[0].
  fail("select(): index 0 out of range for tensor of size [0] at dimension 0");
}

void fail_zero_spatial(const Shape& in4) {
  fail("Only zero batch or zero channel inputs are supported, but got input shape: ", sizes(in4));
}

// nn.ConvTranspose2d.forward's _output_padding: output_size -> output_padding.
Pair output_padding_from_size(const Shape& input, const Shape& weight,
                              const ConvTranspose2dArgs& args) {
  const std::vector<int64_t>& given = *args.output_size;
  const size_t non_spatial = input.size() == 4 ? 2 : 1;
  std::vector<int64_t> size = given;
  if (size.size() == non_spatial + 2) size.erase(size.begin(), size.begin() + non_spatial);
  if (size.size() != 2)
    fail("ConvTranspose2D: for ", input.size(), "D input, output_size must have 2 or ",
         non_spatial + 2, " elements (got ", given.size(), ")");
  const int64_t in_h = input[non_spatial], in_w = input[non_spatial + 1];
  const Pair& s = args.stride;
  const int64_t min_h =
      transposed_output_size(in_h, weight[2], s.h, args.padding.h, 0, args.dilation.h);
  const int64_t min_w =
      transposed_output_size(in_w, weight[3], s.w, args.padding.w, 0, args.dilation.w);
  const int64_t max_h = min_h + s.h - 1, max_w = min_w + s.w - 1;
  if (size[0] < min_h || size[0] > max_h || size[1] < min_w || size[1] > max_w) {
    // PyTorch prints input.size()[2:], which for an unbatched input is only W.
    const Shape tail(input.begin() + 2, input.end());
    fail("requested an output size of ", sizes(size), ", but valid sizes range from ",
         sizes({min_h, min_w}), " to ", sizes({max_h, max_w}), " (for an input of torch.Size(",
         sizes(tail), "))");
  }
  return Pair(size[0] - min_h, size[1] - min_w);
}

}  // namespace

Geometry check_conv_transpose2d(const Shape& input, const Shape& weight, const Shape* bias,
                                const ConvTranspose2dArgs& args) {
  // at::conv_transpose2d's batchify.
  if (input.size() != 3 && input.size() != 4)
    fail(
        "Expected 3D (unbatched) or 4D (batched) input to conv_transpose2d, but got input of "
        "size: ",
        sizes(input));
  const Shape in4 = batched4(input);
  // _convolution.
  if (weight.size() < 3) fail("weight should have at least three dimensions");

  // The module resolves output_size before calling the functional. (Its
  // kernel_size always matches a 4-D weight; other weights fail just below.)
  Pair op = args.output_padding;
  if (args.output_size && weight.size() == 4) op = output_padding_from_size(input, weight, args);

  const int64_t g = args.groups;
  if (g <= 0) fail("non-positive groups is not supported");
  // expand_param_if_needed with dim = weight.dim() - 2; stride comes first.
  if (weight.size() != 4)
    fail("expected stride to be a single integer value or a list of ", weight.size() - 2,
         " values to match the convolution dimensions, but got stride=[", args.stride.h, ", ",
         args.stride.w, "]");

  // check_shape_forward.
  const Pair& s = args.stride;
  const Pair& p = args.padding;
  const Pair& d = args.dilation;
  if (p.h < 0 || p.w < 0) fail("negative padding is not supported");
  if (op.h < 0 || op.w < 0) fail("negative output_padding is not supported");
  if (s.h <= 0 || s.w <= 0) fail("non-positive stride is not supported");
  check_weight_groups(weight, g);
  if (in4[1] != weight[0])
    fail("Given transposed=1, weight of size ", sizes(weight), ", expected input", sizes(in4),
         " to have ", weight[0], " channels, but got ", in4[1], " channels instead");
  if (bias && (bias->size() != 1 || (*bias)[0] != weight[1] * g))
    fail("Given transposed=1, weight of size ", sizes(weight),
         ", expected bias to be 1-dimensional with ", weight[1] * g,
         " elements, but got bias of size ", sizes(*bias), " instead");

  Geometry geo;
  geo.batched = input.size() == 4;
  geo.batch = in4[0];
  geo.in_channels = weight[0];
  geo.out_channels = weight[1] * g;
  geo.groups = g;
  geo.has_bias = bias != nullptr;
  geo.h = make_axis(in4[2], weight[2], s.h, p.h, op.h, d.h);
  geo.w = make_axis(in4[3], weight[3], s.w, p.w, op.w, d.w);

  // Backend selection: an empty batch takes a shortcut that skips the
  // kernel, dilation, output_padding and output-size checks below.
  if (in4[0] == 0) {
    if (product(weight) == 0) fail_empty_weight_select();
    check_empty_output_view(geo.output_shape());
    return geo;
  }
  if (product(in4) == 0) fail_zero_spatial(in4);

  // slow_conv_transpose2d_shape_check (stride was rejected above).
  if (weight[2] <= 0 || weight[3] <= 0)
    fail("kernel size should be greater than zero, but got kernel_height: ", weight[2],
         " kernel_width: ", weight[3]);
  if (d.h <= 0 || d.w <= 0)
    fail("dilation should be greater than zero, but got dilation_height: ", d.h,
         ", dilation_width: ", d.w);
  if (!((op.w < s.w || op.w < d.w) && (op.h < s.h || op.h < d.h)))
    fail(
        "output padding must be smaller than either stride or dilation, but got "
        "output_padding_height: ",
        op.h, " output_padding_width: ", op.w, " stride_height: ", s.h, " stride_width: ", s.w,
        " dilation_height: ", d.h, " dilation_width: ", d.w);
  // Grouped calls run the backend once per group, so it sees one group's weight.
  if (product(weight) == 0)
    fail("non-empty 2D or 4D weight tensor expected, but got: ",
         sizes({weight[0] / g, weight[1], weight[2], weight[3]}));
  if (geo.h.out < 1 || geo.w.out < 1)
    fail("Given input size per channel: (", geo.h.in, " x ", geo.w.in,
         "). Calculated output size per channel: (", geo.h.out, " x ", geo.w.out,
         "). Output size is too small");
  return geo;
}

std::optional<std::string> validate_conv_transpose2d(const Shape& input, const Shape& weight,
                                                     const Shape* bias,
                                                     const ConvTranspose2dArgs& args) {
  try {
    check_conv_transpose2d(input, weight, bias, args);
  } catch (const ArgumentError& e) {
    return std::string(e.what());
  }
  return std::nullopt;
}

namespace {

// The checks that live in the CPU backend PyTorch picks for a non-empty
// input, each with its own wording.
void check_cpu_backend(const Shape& in4, const Shape& weight, const Conv2dArgs& args) {
  // ConvParams::use_mkldnn picks oneDNN for these (a zero kernel
  // or non-positive dilation always passes its first, threading condition).
  const Pair& d = args.dilation;
  const bool mkldnn =
      args.groups > 1 || (weight[2] > 3 && weight[3] > 3) || in4[0] > 1 || product(in4) > 20480;
  if (mkldnn) {
    if (d.h <= 0 || d.w <= 0) fail("non-positive dilation is not supported");
    // oneDNN's own refusal.
    if (weight[2] <= 0 || weight[3] <= 0)
      fail("could not create a descriptor for a dilated convolution forward propagation primitive");
  } else if (d.h != 1 || d.w != 1) {
    // slow_conv_dilated2d.
    if (weight[2] <= 0 || weight[3] <= 0)
      fail("kernel size should be greater than zero, but got [", weight[2], ", ", weight[3], "]");
    if (d.h <= 0 || d.w <= 0)
      fail("dilation should be greater than zero, but got [", d.h, ", ", d.w, "]");
  } else if (weight[2] <= 0 || weight[3] <= 0) {
    // slow_conv2d.
    fail("kernel size should be greater than zero, but got kernel_height: ", weight[2],
         " kernel_width: ", weight[3]);
  }
}

}  // namespace

Conv2dGeometry check_conv2d(const Shape& input, const Shape& weight, const Shape* bias,
                            const Conv2dArgs& args) {
  if (input.size() != 3 && input.size() != 4)
    fail("Expected 3D (unbatched) or 4D (batched) input to conv2d, but got input of size: ",
         sizes(input));
  Shape in4 = batched4(input);
  if (weight.size() < 3) fail("weight should have at least three dimensions");
  const int64_t g = args.groups;

  Conv2dGeometry geo;
  geo.batched = input.size() == 4;
  geo.batch = in4[0];
  geo.in_channels = in4[1];
  geo.groups = g;
  geo.has_bias = bias != nullptr;
  geo.in_h = in4[2];
  geo.in_w = in4[3];
  geo.stride = args.stride;
  geo.dilation = args.dilation;

  // Symmetric padding handed to the convolution proper.
  Pair pad = args.padding_mode == PaddingMode::Explicit ? args.padding : Pair(0);
  if (args.padding_mode == PaddingMode::Same) {
    // _convolution_mode / _convolution_same, which check in this order.
    if (weight.size() != 4)
      fail("Expected ", weight.size(), "-dimensional input for ", weight.size(),
           "-dimensional weight", sizes(weight), ", but got 4-dimensional input of size ",
           sizes(in4), " instead");
    if (args.stride.h != 1 || args.stride.w != 1)
      fail("padding='same' is not supported for strided convolutions");
    if (g <= 0) fail("non-positive groups is not supported");
    // Total d*(k-1), the smaller half on top/left (C++ division, as ATen).
    // Uneven totals are evened out by padding the input itself on the
    // bottom/right, and later messages print that padded input.
    const int64_t total[2] = {args.dilation.h * (weight[2] - 1), args.dilation.w * (weight[3] - 1)};
    int64_t left[2], right[2], before[2] = {0, 0}, after[2] = {0, 0};
    for (int i = 0; i < 2; ++i) {
      left[i] = total[i] / 2;
      right[i] = total[i] - left[i];
      const int64_t delta = right[i] - left[i];
      if (delta > 0) after[i] = delta;
      if (delta < 0) {
        before[i] = delta;  // the input is cropped instead
        left[i] = right[i];
      }
    }
    // at::constant_pad_nd refuses an empty result once it pads anywhere.
    if (after[0] > 0 || after[1] > 0)
      for (int i = 0; i < 2; ++i)
        if (in4[2 + i] + before[i] + after[i] <= 0)
          fail("The input size ", in4[2 + i], ", plus negative padding ", before[i], " and ",
               after[i], " resulted in a negative output size, which is invalid. Check dimension ",
               2 + i, " of your input.");
    for (int i = 0; i < 2; ++i) in4[2 + i] += before[i] + after[i];
    pad = Pair(left[0], left[1]);
    geo.pad_top = total[0] / 2;
    geo.pad_bottom = total[0] - total[0] / 2;
    geo.pad_left = total[1] / 2;
    geo.pad_right = total[1] - total[1] / 2;
  } else {
    if (g <= 0) fail("non-positive groups is not supported");
    if (weight.size() != 4)
      fail("expected stride to be a single integer value or a list of ", weight.size() - 2,
           " values to match the convolution dimensions, but got stride=[", args.stride.h, ", ",
           args.stride.w, "]");
    geo.pad_top = geo.pad_bottom = pad.h;
    geo.pad_left = geo.pad_right = pad.w;
  }
  geo.k_h = weight[2];
  geo.k_w = weight[3];
  geo.out_channels = weight[0];

  // check_shape_forward.
  if (pad.h < 0 || pad.w < 0) fail("negative padding is not supported");
  if (args.stride.h <= 0 || args.stride.w <= 0) fail("non-positive stride is not supported");
  check_weight_groups(weight, g);
  if (weight[1] * g != in4[1])
    fail("Given groups=", g, ", weight of size ", sizes(weight), ", expected input", sizes(in4),
         " to have ", weight[1] * g, " channels, but got ", in4[1], " channels instead");
  if (bias && (bias->size() != 1 || (*bias)[0] != weight[0]))
    fail("Given weight of size ", sizes(weight), ", expected bias to be 1-dimensional with ",
         weight[0], " elements, but got bias of size ", sizes(*bias), " instead");
  const int64_t padded_h = in4[2] + 2 * pad.h, padded_w = in4[3] + 2 * pad.w;
  const int64_t span_h = args.dilation.h * (weight[2] - 1) + 1;
  const int64_t span_w = args.dilation.w * (weight[3] - 1) + 1;
  if (padded_h < span_h || padded_w < span_w)
    fail("Calculated padded input size per channel: (", padded_h, " x ", padded_w,
         "). Kernel size: (", span_h, " x ", span_w,
         "). Kernel size can't be greater than actual input size");
  geo.out_h = conv_output_size(in4[2], weight[2], args.stride.h, pad.h, args.dilation.h);
  geo.out_w = conv_output_size(in4[3], weight[3], args.stride.w, pad.w, args.dilation.w);

  // Backend selection: empty batch or channels take a shortcut.
  if (in4[0] == 0 || in4[1] == 0) {
    if (in4[1] != 0 && product(weight) == 0) fail_empty_weight_select();
    // With no input channels PyTorch's shortcut yields zero output channels.
    if (in4[1] == 0) geo.out_channels = 0;
    return geo;
  }
  if (product(in4) == 0) fail_zero_spatial(in4);

  check_cpu_backend(in4, weight, args);
  return geo;
}

}  // namespace tconv
