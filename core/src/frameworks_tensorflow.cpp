// TensorFlow: tf.nn.conv2d_transpose and Keras Conv2DTranspose.
//
// tf.nn.conv2d_transpose (tensorflow/python/ops/nn_ops.py, conv2d_transpose_v2)
// is gen_nn_ops.conv2d_backprop_input(input_sizes=output_shape, filter=filters,
// out_backprop=input, ...): the gradient of conv2d with respect to its input.
// So the layer is defined by the forward conv2d that maps output_shape back to
// the input, with TF's SAME/VALID padding (the "Notes on padding" of tf.nn,
// implemented by GetWindowedOutputSizeVerbose in kernel_shape_util.cc):
//   VALID: in = (out - k_eff + stride) / stride, no padding;
//   SAME:  in = ceil(out / stride), pad_needed = max((in - 1) * stride + k_eff - out, 0),
//          pad_top = pad_needed / 2 (the odd one goes to the bottom/right).
// The gradient of that conv2d is PyTorch's full output cropped to rows
// [pad_top, pad_top + out): the forward conv's padded plane starts pad_top
// rows before the output. ConvBackpropComputeDimensionsV2
// (conv_grad_shape_utils.cc) refuses an output_shape whose conv2d does not
// give back the input's size.
//
// Without output_shape the size is Keras's (keras/src/backend/common/
// backend_utils.py, _get_output_shape_given_tf_padding, the same as the
// older conv_utils.deconv_output_length): SAME -> in * stride, VALID ->
// (in - 1) * stride + max(k_eff, stride); with Keras's output_padding, SAME ->
// (in - 1) * stride + k_eff % 2 + output_padding, VALID -> (in - 1) * stride +
// k_eff + output_padding. Keras then calls tf.nn.conv2d_transpose with it.
#include <algorithm>
#include <cctype>

#include "frameworks_detail.h"
#include "tconv/frameworks.h"

namespace tconv {
namespace {

using fw::fail;

// nn_ops._get_sequence: 1 value (both spatial axes), 2 (h, w) or all 4 in
// data_format's order; returns all 4.
std::array<int64_t, 4> tf_sequence(const std::vector<int64_t>& v, const char* name, bool nchw) {
  if (v.size() == 4) return {v[0], v[1], v[2], v[3]};
  if (v.size() != 1 && v.size() != 2)
    fail(name, " should be of length 1, 2 or 4. Received: ", name, "=", fw::py_list(v),
         " of length ", v.size());
  const int64_t h = v[0], w = v.size() == 2 ? v[1] : v[0];
  if (nchw) return {1, 1, h, w};
  return {1, h, w, 1};
}

struct TfAxis {
  int64_t in = 1, out = 1, k = 1, stride = 1, dilation = 1;
  int spatial_dim = 1;  // index in the 4-D tensor, as TF's message prints it
};

// ConvBackpropExtractAndVerifyDimension's check that output_shape maps back
// to the input; returns the window.
AxisWindow tf_window(const TfAxis& a, bool same) {
  const int64_t k_eff = (a.k - 1) * a.dilation + 1;
  const fw::TfForward f = fw::tf_forward(a.out, k_eff, a.stride, same);
  if (f.in < 0)
    fail("Computed output size would be negative: ", f.in, " [input_size: ", a.out,
         ", effective_filter_size: ", k_eff, ", stride: ", a.stride, "]");
  if (f.in != a.in)
    fail("Conv2DCustomBackpropInput: Size of out_backprop doesn't match computed: actual = ", a.in,
         ", computed = ", f.in, " spatial_dim: ", a.spatial_dim, " input: ", a.out,
         " filter: ", a.k, " output: ", a.in, " stride: ", a.stride, " dilation: ", a.dilation,
         " (tf.nn.conv2d_transpose is the gradient of conv2d, so conv2d with padding ",
         same ? "SAME" : "VALID", " must take output_shape's ", a.out, " back to the input's ",
         a.in, "; it gives ", f.in, ")");
  return {f.pad_before, a.out};
}

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

struct TfParams {
  bool nchw = false, same = true;
  std::array<int64_t, 4> strides{}, dilations{};
  Pair stride, dilation;
  std::optional<Pair> output_padding;  // Keras
};

// Attribute checks, in the order the Python wrapper, Keras and the kernel's
// constructor run them.
TfParams tf_params(const TensorFlowArgs& a) {
  TfParams p;
  if (a.data_format != "NHWC" && a.data_format != "NCHW")
    fail("Value for attr 'data_format' of \"", a.data_format,
         "\" is not in the list of allowed values: \"NHWC\", \"NCHW\"");
  p.nchw = a.data_format == "NCHW";
  const std::string pad = upper(a.padding);
  if (pad != "SAME" && pad != "VALID")
    fail("Value for attr 'padding' of \"", a.padding,
         "\" is not in the list of allowed values: \"SAME\", \"VALID\" (tf.nn.conv2d_transpose "
         "takes no explicit padding)");
  p.same = pad == "SAME";
  p.strides = tf_sequence(a.strides, "strides", p.nchw);
  p.dilations = tf_sequence(a.dilations, "dilations", p.nchw);
  const size_t hi = p.nchw ? 2 : 1, wi = hi + 1, ni = 0, ci = p.nchw ? 1 : 3;
  p.stride = {p.strides[hi], p.strides[wi]};
  p.dilation = {p.dilations[hi], p.dilations[wi]};
  // Keras Conv._validate_init (tf.nn's kernels also have no path for both).
  if (std::max(p.stride.h, p.stride.w) > 1 && std::max(p.dilation.h, p.dilation.w) > 1)
    fail("`strides > 1` not supported in conjunction with `dilation_rate > 1`. Received: strides=",
         fw::py_pair(p.stride), " and dilation_rate=", fw::py_pair(p.dilation));
  if (a.output_padding) {
    if (a.output_shape)
      fail(
          "output_padding is Keras Conv2DTranspose's argument and output_shape "
          "tf.nn.conv2d_transpose's: give one of them");
    const auto& v = *a.output_padding;
    if (v.size() != 1 && v.size() != 2)
      fail("The `output_padding` argument must be a tuple of 2 integers. Received: ",
           fw::py_list(v));
    p.output_padding = Pair(v[0], v.size() == 2 ? v[1] : v[0]);
    if (p.output_padding->h < 0 || p.output_padding->w < 0)
      fail("The `output_padding` argument must be a tuple of 2 integers. Received: ",
           fw::py_pair(*p.output_padding), " including a value that does not satisfy `>= 0`");
    if (p.output_padding->h >= p.stride.h || p.output_padding->w >= p.stride.w)
      fail("Strides must be greater than output padding. Received strides=", fw::py_pair(p.stride),
           ", output_padding=", fw::py_pair(*p.output_padding), ".");
  }
  // Conv2DBackpropInputOp's constructor.
  if (p.strides[ni] != 1 || p.strides[ci] != 1)
    fail("Current implementation does not yet support strides in the batch and depth dimensions.");
  if (p.stride.h <= 0 || p.stride.w <= 0) fail("Row and column strides should be larger than 0.");
  if (p.dilations[ni] != 1 || p.dilations[ci] != 1)
    fail(
        "Current implementation does not yet support dilations in the batch and depth "
        "dimensions.");
  if (p.dilation.h <= 0 || p.dilation.w <= 0) fail("Dilated rates should be larger than 0.");
  return p;
}

// ConvBackpropComputeDimensionsV2's shape checks ("input" there is the
// forward conv's input, our output_shape; "out_backprop" is our input).
void tf_check_shapes(const Shape& input, const Shape& filters, const Shape* bias,
                     const std::optional<Shape>& output_shape, const TfParams& p) {
  const char* layout = p.nchw ? "[batch, in_channels, height, width] for data_format NCHW"
                              : "[batch, height, width, in_channels] for data_format NHWC";
  if (input.size() != 4)
    fail("Conv2DCustomBackpropInput: out_backprop must be 4-dimensional (the input has shape ",
         format_shape(input), "; tf.nn.conv2d_transpose takes ", layout, ")");
  if (filters.size() != 4)
    fail("Conv2DCustomBackpropInput: filter must be 4-dimensional (filters has shape ",
         format_shape(filters), "; it is [height, width, output_channels, in_channels])");
  const size_t ci = p.nchw ? 1 : 3;
  fw::require_positive(input, p.nchw ? std::vector<size_t>{2, 3} : std::vector<size_t>{1, 2},
                       "input", layout);
  fw::require_positive(filters, {0, 1}, "filters", "[height, width, output_channels, in_channels]");
  if (output_shape) {
    const Shape& o = *output_shape;
    if (o.size() != 4)
      fail("output_shape must have 4 values in data_format's order (",
           p.nchw ? "[batch, channels, height, width]" : "[batch, height, width, channels]",
           "), got ", format_shape(o));
    if (o[0] != input[0])
      fail(
          "Conv2DCustomBackpropInput: input and out_backprop must have the same batch size. "
          "Input batch: ",
          o[0], ", outbackprop batch: ", input[0], ", batch_dim: 0");
    if (filters[2] <= 0)
      fail("Conv2DCustomBackpropInput: filter depth must be strictly greated than zero");
    if (o[ci] % filters[2] != 0)
      fail(
          "Conv2DCustomBackpropInput: input depth must be evenly divisible by filter depth "
          "(output_shape has ",
          o[ci], " channels, filters' output_channels is ", filters[2], ")");
    if (o[ci] != filters[2])
      fail("output_shape has ", o[ci], " channels but filters ", format_shape(filters), " make ",
           filters[2],
           ": a grouped tf.nn.conv2d_transpose (depth a multiple of filters') is not supported");
    for (size_t d : {size_t{1}, size_t{2}, size_t{3}})
      if (o[d] < 1) fail("output_shape ", format_shape(o), " has a size below 1");
  }
  if (filters[2] < 1)
    fail("Conv2DCustomBackpropInput: filter depth must be strictly greated than zero");
  if (filters[3] != input[ci])
    fail(
        "Conv2DCustomBackpropInput: filter and out_backprop must have the same out_depth (the "
        "input has ",
        input[ci], " channels, filters ", format_shape(filters), " take in_channels = ", filters[3],
        ")");
  if (bias && (bias->size() != 1 || (*bias)[0] != filters[2]))
    fail("bias (Keras Conv2DTranspose's use_bias) must have filters' output_channels = ",
         filters[2], " values, got shape ", format_shape(*bias));
}

std::string tf_call(const TensorFlowArgs& a, const TfParams& p, const Shape& out, int64_t c_out,
                    Pair k) {
  std::ostringstream s;
  const std::string pad = p.same ? "SAME" : "VALID";
  if (a.output_shape) {
    s << "tf.nn.conv2d_transpose(input, filters, output_shape=" << fw::py_list(out)
      << ", strides=" << fw::py_list(a.strides) << ", padding='" << pad << "', data_format='"
      << a.data_format << "', dilations=" << fw::py_list(a.dilations) << ")";
    return s.str();
  }
  s << "keras.layers.Conv2DTranspose(filters=" << c_out << ", kernel_size=" << fw::py_pair(k)
    << ", strides=" << fw::py_pair(p.stride) << ", padding='" << (p.same ? "same" : "valid")
    << "', output_padding="
    << (p.output_padding ? fw::py_pair(*p.output_padding) : std::string("None"))
    << ", data_format='" << (p.nchw ? "channels_first" : "channels_last")
    << "', dilation_rate=" << fw::py_pair(p.dilation) << ")";
  return s.str();
}

}  // namespace

namespace fw {

TfForward tf_forward(int64_t out, int64_t k_eff, int64_t stride, bool same) {
  TfForward f;
  if (same) {
    f.in = (out + stride - 1) / stride;
    const int64_t needed = std::max<int64_t>(0, (f.in - 1) * stride + k_eff - out);
    f.pad_before = needed / 2;  // the odd one goes after
  } else {
    f.in = (out - k_eff + stride) / stride;  // truncating, as TF's int64 division
  }
  return f;
}

int64_t keras_size(int64_t in, int64_t k_eff, int64_t stride, bool same,
                   std::optional<int64_t> op) {
  if (same) return op ? (in - 1) * stride + k_eff % 2 + *op : in * stride;
  return op ? (in - 1) * stride + k_eff + *op : (in - 1) * stride + std::max(k_eff, stride);
}

}  // namespace fw

FrameworkLayer resolve_tensorflow(const Shape& input, const Shape& filters, const Shape* bias,
                                  const TensorFlowArgs& a) {
  const TfParams p = tf_params(a);
  tf_check_shapes(input, filters, bias, a.output_shape, p);
  const size_t hi = p.nchw ? 2 : 1, wi = hi + 1, ci = p.nchw ? 1 : 3;

  fw::LayerSpec s;
  s.convention = Convention::TensorFlow;
  s.batch = input[0];
  s.in_channels = input[ci];
  s.out_channels = filters[2];
  s.in_h = input[hi], s.in_w = input[wi];
  s.k_h = filters[0], s.k_w = filters[1];
  s.stride = p.stride;
  s.dilation = p.dilation;
  s.has_bias = bias != nullptr;

  std::vector<std::string> notes;
  TfAxis ah{s.in_h, 0, s.k_h, p.stride.h, p.dilation.h, static_cast<int>(hi)};
  TfAxis aw{s.in_w, 0, s.k_w, p.stride.w, p.dilation.w, static_cast<int>(wi)};
  if (a.output_shape) {
    ah.out = (*a.output_shape)[hi];
    aw.out = (*a.output_shape)[wi];
  } else {
    auto op = [&](bool h) -> std::optional<int64_t> {
      if (!p.output_padding) return std::nullopt;
      return h ? p.output_padding->h : p.output_padding->w;
    };
    ah.out = fw::keras_size(s.in_h, (s.k_h - 1) * p.dilation.h + 1, p.stride.h, p.same, op(true));
    aw.out = fw::keras_size(s.in_w, (s.k_w - 1) * p.dilation.w + 1, p.stride.w, p.same, op(false));
    notes.push_back(
        std::string("no output_shape: Keras Conv2DTranspose's size (_get_output_shape_given_tf_"
                    "padding), ") +
        (p.output_padding
             ? (p.same ? "'same' with output_padding: (in − 1)·stride + k_eff % 2 + "
                         "output_padding"
                       : "'valid' with output_padding: (in − 1)·stride + k_eff + "
                         "output_padding")
             : (p.same ? "'same': in·stride" : "'valid': (in − 1)·stride + max(k_eff, stride)")) +
        " = " + std::to_string(ah.out) + " × " + std::to_string(aw.out));
  }
  const AxisWindow wh = tf_window(ah, p.same), ww = tf_window(aw, p.same);

  FrameworkLayer l = fw::make_layer(s);
  l.h = wh;
  l.w = ww;
  l.weight = {"filters [kH, kW, out, in]", {3, 2, 0, 1}, false};
  if (!p.nchw) {
    l.input_perm = {0, 3, 1, 2};
    l.output_perm = {0, 2, 3, 1};
  }
  l.input_shape = input;
  l.weight_shape = filters;
  l.output_shape = fw::permuted(fw::output_shape_nchw(l), l.output_perm);
  l.call = tf_call(a, p, l.output_shape, s.out_channels, {s.k_h, s.k_w});
  l.padding_mode = p.same ? "SAME" : "VALID";
  if (p.same) {
    auto pad_note = [&](const char* axis, const TfAxis& ax, const AxisWindow& w) {
      const int64_t k_eff = (ax.k - 1) * ax.dilation + 1;
      const int64_t needed = std::max<int64_t>(0, (ax.in - 1) * ax.stride + k_eff - ax.out);
      std::ostringstream n;
      n << axis << ": SAME pads the forward conv2d by max((" << ax.in << " − 1)·" << ax.stride
        << " + " << k_eff << " − " << ax.out << ", 0) = " << needed << ", pad_top = " << needed
        << " // 2 = " << w.begin << (needed % 2 ? " (the odd one at the end)" : "");
      return n.str();
    };
    notes.push_back(pad_note("H", ah, wh));
    notes.push_back(pad_note("W", aw, ww));
  } else {
    notes.push_back("VALID: no padding, the output starts at the full output's first row");
  }
  if (std::max(p.dilation.h, p.dilation.w) > 1)
    notes.push_back(
        "TensorFlow's CPU kernels refuse dilations > 1 (\"Current libxsmm and customized CPU "
        "implementations do not yet support dilation rates larger than 1.\"): this layer runs on "
        "a GPU");
  if (p.nchw)
    notes.push_back(
        "TensorFlow's CPU kernels take NHWC only: on a CPU, transpose to NHWC (data_format "
        "'NCHW' needs a GPU)");
  l.notes = std::move(notes);
  return l;
}

}  // namespace tconv
