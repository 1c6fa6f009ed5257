// Other frameworks' transposed convolutions, exactly: TensorFlow / Keras,
// ONNX ConvTranspose and JAX's lax.conv_transpose, each resolved to one
// picture every framework shares: PyTorch's full (uncropped) output of the
// same stride, dilation and groups, and the window of it the framework keeps.
// A window may start before row 0 or end past the last row: those rows are
// zeros (plus the bias, where the framework adds one). Validation throws
// ArgumentError worded as the framework words it, with the values filled in.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tconv/args.h"
#include "tconv/conv.h"
#include "tconv/shape.h"
#include "tconv/tensor.h"

namespace tconv {

enum class Convention { PyTorch, TensorFlow, Onnx, Jax };
std::string_view convention_name(Convention c);  // "pytorch", "tensorflow", "onnx", "jax"
std::optional<Convention> parse_convention(std::string_view name);
inline constexpr std::array<Convention, 4> kConventions{Convention::PyTorch, Convention::TensorFlow,
                                                        Convention::Onnx, Convention::Jax};

// [SECTION] Each framework's arguments, with its own names.

// tf.nn.conv2d_transpose(input, filters, output_shape, strides, padding,
// data_format, dilations); without output_shape, Keras Conv2DTranspose's
// output size (and its output_padding). filters are [kH, kW, out, in].
struct TensorFlowArgs {
  std::vector<int64_t> strides{1};    // 1, 2 or 4 values, as _get_sequence takes them
  std::string padding = "SAME";       // "SAME" | "VALID" (Keras's "same"/"valid" too)
  std::optional<Shape> output_shape;  // 4 values in data_format's order
  std::string data_format = "NHWC";   // "NHWC" (TF's default) | "NCHW"
  std::vector<int64_t> dilations{1};  // 1, 2 or 4 values
  // Keras Conv2DTranspose(output_padding=...): only without output_shape.
  std::optional<std::vector<int64_t>> output_padding;
};

// ONNX ConvTranspose's attributes (X, W [C, M/group, kH, kW], optional B).
// Empty vectors are absent attributes.
struct OnnxArgs {
  std::vector<int64_t> strides, dilations, kernel_shape;
  std::vector<int64_t> pads;  // [x1_begin, x2_begin, x1_end, x2_end]
  std::vector<int64_t> output_padding;
  std::vector<int64_t> output_shape;  // spatial [H, W]
  int64_t group = 1;
  std::string auto_pad = "NOTSET";  // NOTSET | SAME_UPPER | SAME_LOWER | VALID
};

// jax.lax.conv_transpose(lhs, rhs, strides, padding, rhs_dilation,
// dimension_numbers, transpose_kernel, use_consistent_padding).
struct JaxArgs {
  std::vector<int64_t> strides;
  std::string padding_mode;  // "SAME" | "VALID", or empty when `padding` is explicit
  std::vector<std::pair<int64_t, int64_t>> padding;  // explicit (low, high) per spatial axis
  std::optional<std::vector<int64_t>> rhs_dilation;
  // (lhs, rhs, out) specs; JAX's default for 4-D is ('NHWC', 'HWIO', 'NHWC').
  std::array<std::string, 3> dimension_numbers{"NHWC", "HWIO", "NHWC"};
  bool transpose_kernel = false;
  bool use_consistent_padding = false;  // newer JAX: pairs are the forward conv's padding
};

// [SECTION] The resolved layer.

// One axis of a framework's output as rows [begin, begin + size) of the full
// output (full = (in - 1) * stride + dilation * (kernel - 1) + 1 rows).
struct AxisWindow {
  int64_t begin = 0;
  int64_t size = 1;
  int64_t end() const { return begin + size; }
  bool operator==(const AxisWindow&) const = default;
};

// How the framework's weight becomes PyTorch's (C_in, C_out/groups, kH, kW):
// weight.permute(permute), then flipped on both spatial axes when `flip`.
struct WeightMap {
  std::string layout;  // the framework's own, e.g. "filters [kH, kW, out, in]"
  std::array<int, 4> permute{0, 1, 2, 3};
  bool flip = false;
};

struct FrameworkLayer {
  Convention convention = Convention::PyTorch;
  // The full output's geometry: the same call with padding 0 and
  // output_padding 0 (validated, PyTorch's names and layouts).
  Geometry full;
  AxisWindow h, w;  // what the framework keeps
  bool has_bias = false;
  WeightMap weight;
  // NCHW input = input.permute(input_perm); the framework's output =
  // NCHW output.permute(output_perm). Identity for NCHW layouts.
  std::array<int, 4> input_perm{0, 1, 2, 3};
  std::array<int, 4> output_perm{0, 1, 2, 3};
  bool batched = true;              // only PyTorch takes unbatched (3-D) input
  Shape input_shape, weight_shape;  // as given, in the framework's layout
  Shape output_shape;               // in the framework's layout
  std::string call;                 // the call, spelled as the framework spells it
  std::string padding_mode;         // "SAME", "VALID", "SAME_UPPER"...; empty for explicit padding
  std::vector<std::string> notes;   // the rules that decided the window, ambiguities
};

// Each throws ArgumentError with the framework's wording (values filled in)
// for anything the framework refuses. bias may be null.
FrameworkLayer resolve_pytorch(const Shape& input, const Shape& weight, const Shape* bias,
                               const ConvTranspose2dArgs& args);
FrameworkLayer resolve_tensorflow(const Shape& input, const Shape& filters, const Shape* bias,
                                  const TensorFlowArgs& args);
FrameworkLayer resolve_onnx(const Shape& x, const Shape& w, const Shape* b, const OnnxArgs& args);
FrameworkLayer resolve_jax(const Shape& lhs, const Shape& rhs, const Shape* bias,
                           const JaxArgs& args);

// [SECTION] Compute.

// Layout helpers: a 4-D array permuted as torch's .permute(perm), and the
// framework's weight as PyTorch's.
Array permute4(const Array& a, const std::array<int, 4>& perm);
Array to_pytorch_weight(const FrameworkLayer& layer, const Array& weight);

// PyTorch's full output for the layer, NCHW, before any bias:
// (N, C_out, full_h, full_w).
Array full_output(const FrameworkLayer& layer, const Array& input, const Array& weight,
                  const ComputeOptions& opts = {});
// The window of a full output (zeros outside it), plus bias, in NCHW
// (3-D when the layer is unbatched).
Array crop_window(const FrameworkLayer& layer, const Array& full, const Array* bias);
// The framework's output, in its layout: what its own call returns.
Array framework_conv_transpose2d(const FrameworkLayer& layer, const Array& input,
                                 const Array& weight, const Array* bias,
                                 const ComputeOptions& opts = {});

}  // namespace tconv
