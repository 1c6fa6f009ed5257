// One layer in every framework: the PyTorch layer (and what must follow it)
// that computes a framework's transposed convolution, the same layer in
// TensorFlow, ONNX and JAX (or why that framework has none), the "same shape,
// shifted values" trap, and everything the studio's Frameworks view draws.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "tconv/frameworks.h"
#include "tconv/records.h"

namespace tconv {

// [SECTION] PyTorch's equivalent.

// nn.ConvTranspose2d(stride, padding, output_padding, groups, dilation), then
// F.pad(y, after) on its output. PyTorch's padding crops both sides alike and
// output_padding only adds at the bottom/right, so a window a framework keeps
// may need `after` too. Positive amounts pad zeros (only ever outside the full
// output), negative ones crop.
struct PyTorchEquivalent {
  ConvTranspose2dArgs args;        // output_size unset
  std::array<int64_t, 4> after{};  // left, right, top, bottom (F.pad's order)
  bool bias_after_pad = false;     // the padded zeros need the bias too: add it after F.pad
  bool exact() const { return after == std::array<int64_t, 4>{}; }
};
PyTorchEquivalent pytorch_equivalent(const FrameworkLayer& layer);

// "Same shape, shifted values": a PyTorch layer with the same output size
// that keeps other rows. Per axis where it differs: that layer's padding and
// output_padding, and how many rows later than the framework's its window starts.
struct AxisShift {
  int64_t padding = 0, output_padding = 0, shift = 0;
};
struct ShapeTrap {
  bool flagged = false;  // not exact, yet PyTorch can produce the same shape
  std::optional<AxisShift> h, w;
};
ShapeTrap same_shape_shifted(const FrameworkLayer& layer);

// [SECTION] The layer in each framework.

struct TensorFlowForm {  // tf.nn.conv2d_transpose, data_format NHWC
  std::string padding;   // "SAME" | "VALID"
  Shape output_shape;    // [N, H, W, C]
  Pair strides, dilations;
  bool keras = false;  // keras.layers.Conv2DTranspose gives it without output_shape
  std::optional<Pair> keras_output_padding;  // ... with this output_padding (else its default)
};
struct OnnxForm {  // ConvTranspose with explicit pads, which every runtime reads alike
  std::array<int64_t, 4> pads{};  // [h_begin, w_begin, h_end, w_end]
  Pair output_padding, strides, dilations;
  int64_t group = 1;
  // An auto_pad the spec resolves to the same window, with the (smallest)
  // output_padding it needs; empty when none does.
  std::string auto_pad;
  Pair auto_pad_output_padding;
};
struct JaxForm {  // lax.conv_transpose, ('NCHW', 'OIHW', 'NCHW'), transpose_kernel=True
  std::array<std::pair<int64_t, int64_t>, 2> padding{};  // lax's (low, high) per axis
  Pair strides, rhs_dilation;
  int64_t groups = 1;        // > 1: lax.conv_general_dilated(feature_group_count=groups)
  std::string padding_mode;  // "SAME" | "VALID" when lax's string gives the same padding
};
struct Expressions {
  PyTorchEquivalent pytorch;
  std::optional<TensorFlowForm> tensorflow;
  std::optional<OnnxForm> onnx;
  std::optional<JaxForm> jax;
  std::string tensorflow_none, onnx_none, jax_none;  // why not, when absent
};
Expressions express(const FrameworkLayer& layer);

struct Translation {
  FrameworkLayer layer;
  Expressions forms;
  ShapeTrap trap;
  std::vector<std::string> notes;  // the window in words, then layer.notes
};
Translation translate(const FrameworkLayer& layer);

// [SECTION] For the Frameworks view: one PyTorch problem, every framework.

// The same kernel, stride, dilation and groups written with a framework's
// padding mode (TensorFlow SAME/VALID, ONNX SAME_UPPER/SAME_LOWER/VALID, JAX
// SAME/VALID), and in ONNX also with PyTorch's padding as explicit pads and
// with PyTorch's output size as output_shape, compared with the PyTorch
// call's window. In that order.
enum class Relation {
  Same,              // the same window: identical output
  SameShapeShifted,  // same size, other rows: the porting trap
  OtherShape,
  Refused,  // the framework refuses these arguments (see refusal)
};
struct FrameworkCase {
  Convention convention = Convention::TensorFlow;
  std::string label;  // "TensorFlow SAME"
  std::string call;   // the framework's call with its names
  AxisWindow h, w;    // on the full output
  Relation relation = Relation::Refused;
  std::string refusal;  // the framework's message when Refused
};
std::vector<FrameworkCase> classic_cases(const Geometry& geo);

struct FrameworksRecord {
  Translation translation;  // the PyTorch call in every framework
  Array full;               // full output (N, C_out, full_h, full_w), before bias
  std::vector<FrameworkCase> cases;
  std::array<std::string, 4> code;  // per kConventions entry: a script, or "# none: why"
};
// Validates the problem as PyTorch does (throws ArgumentError). The scripts
// embed the values (and check them) up to kCodeValueLimit numbers in input,
// weight and output together; above, they use seeded random tensors, as
// literals of that size would make each script megabytes long.
inline constexpr int64_t kCodeValueLimit = 20000;
FrameworksRecord build_frameworks_record(const Problem& p);

}  // namespace tconv
