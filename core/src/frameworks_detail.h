// Helpers shared by the frameworks_*.cpp files (not part of the public API).
#pragma once

#include <cstdint>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "tconv/errors.h"
#include "tconv/frameworks.h"

namespace tconv::fw {

// Python's spelling of sequences, as the frameworks print them in messages.
std::string py_list(const std::vector<int64_t>& v);                       // [1, 2]
std::string py_tuple(const std::vector<int64_t>& v);                      // (1, 2), (1,)
std::string py_pair(const Pair& p);                                       // (1, 2)
std::string py_pairs(const std::vector<std::pair<int64_t, int64_t>>& v);  // ((0, 1), (2, 3))

// Rows a framework keeps, in words: "rows 0–7 of 9".
std::string rows_text(const AxisWindow& w, int64_t full, const char* what);

// Everything a resolver knows once the framework's own checks passed, in
// PyTorch's terms (NCHW); make_layer validates it as PyTorch's full output.
struct LayerSpec {
  Convention convention = Convention::PyTorch;
  int64_t batch = 1, in_channels = 1, out_channels = 1, groups = 1;
  int64_t in_h = 1, in_w = 1, k_h = 1, k_w = 1;
  Pair stride{1}, dilation{1};
  bool batched = true, has_bias = false;
};
FrameworkLayer make_layer(const LayerSpec& s);

// Sizes a layer never works with (zero-size spatial dims or channels) get
// one message whatever the framework: what is empty and where.
void require_positive(const Shape& shape, const std::vector<size_t>& dims, const char* what,
                      const char* layout);

// The spatial window's output shape in a framework's layout.
Shape output_shape_nchw(const FrameworkLayer& l);
Shape permuted(const Shape& s, const std::array<int, 4>& perm);

// [SECTION] The frameworks' padding rules, one axis at a time (the files
// frameworks_<name>.cpp cite their sources). k_eff = (kernel - 1) * dilation + 1.

// TensorFlow's forward conv2d of an output of `out` rows (SAME or VALID):
// the size it maps back to and its padding before (GetWindowedOutputSizeVerbose).
struct TfForward {
  int64_t in = 0, pad_before = 0;
};
TfForward tf_forward(int64_t out, int64_t k_eff, int64_t stride, bool same);
// Keras's output size without output_shape (_get_output_shape_given_tf_padding).
int64_t keras_size(int64_t in, int64_t k_eff, int64_t stride, bool same,
                   std::optional<int64_t> output_padding);
// ONNX's split of total_padding: pads[start] (floor division).
int64_t onnx_pad_begin(int64_t total, bool same_upper);
// JAX's _conv_transpose_padding for 'SAME' / 'VALID': (pad_a, pad_b).
std::pair<int64_t, int64_t> jax_transpose_padding(int64_t k_eff, int64_t stride, bool same);

// Throws ArgumentError with the text a stream builds.
template <typename... T>
[[noreturn]] void fail(const T&... parts) {
  std::ostringstream s;
  (s << ... << parts);
  throw ArgumentError(s.str());
}

}  // namespace tconv::fw
