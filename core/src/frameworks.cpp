// What every convention shares: the full output and a window of it, the
// layouts, and PyTorch's own convention as the reference window.
#include "tconv/frameworks.h"

#include <algorithm>
#include <cassert>

#include "detail.h"
#include "frameworks_detail.h"
#include "tconv/checks.h"

namespace tconv {

std::string_view convention_name(Convention c) {
  switch (c) {
    case Convention::PyTorch:
      return "pytorch";
    case Convention::TensorFlow:
      return "tensorflow";
    case Convention::Onnx:
      return "onnx";
    case Convention::Jax:
      return "jax";
  }
  return "pytorch";
}

std::optional<Convention> parse_convention(std::string_view name) {
  for (Convention c : kConventions)
    if (name == convention_name(c)) return c;
  return std::nullopt;
}

namespace fw {

namespace {
template <typename T, typename F>
std::string join(const std::vector<T>& v, const char* open, const char* close, F&& item) {
  std::ostringstream s;
  s << open;
  for (size_t i = 0; i < v.size(); ++i) s << (i ? ", " : "") << item(v[i]);
  s << close;
  return s.str();
}
}  // namespace

std::string py_list(const std::vector<int64_t>& v) {
  return join(v, "[", "]", [](int64_t x) { return x; });
}

std::string py_tuple(const std::vector<int64_t>& v) {
  return join(v, "(", v.size() == 1 ? ",)" : ")", [](int64_t x) { return x; });
}

std::string py_pair(const Pair& p) {
  return py_tuple({p.h, p.w});
}

std::string py_pairs(const std::vector<std::pair<int64_t, int64_t>>& v) {
  return join(v, "(", v.size() == 1 ? ",)" : ")", [](const std::pair<int64_t, int64_t>& p) {
    return py_tuple({p.first, p.second});
  });
}

std::string rows_text(const AxisWindow& w, int64_t full, const char* what) {
  std::ostringstream s;
  s << what << " " << w.begin << "–" << w.end() - 1 << " of " << full;
  return s.str();
}

void require_positive(const Shape& shape, const std::vector<size_t>& dims, const char* what,
                      const char* layout) {
  for (size_t d : dims)
    if (shape[d] < 1)
      fail(what, " has shape ", format_shape(shape), " (", layout, "): dimension ", d,
           " is empty; a transposed convolution needs at least one element there");
}

FrameworkLayer make_layer(const LayerSpec& s) {
  FrameworkLayer l;
  l.convention = s.convention;
  l.batched = s.batched;
  l.has_bias = s.has_bias;
  ConvTranspose2dArgs args;
  args.stride = s.stride;
  args.dilation = s.dilation;
  args.groups = s.groups;
  const Shape input = s.batched ? Shape{s.batch, s.in_channels, s.in_h, s.in_w}
                                : Shape{s.in_channels, s.in_h, s.in_w};
  const Shape weight{s.in_channels, s.out_channels / s.groups, s.k_h, s.k_w};
  // The framework's checks ran first, so this cannot fail on their inputs;
  // it still guards the invariant with PyTorch's own message.
  l.full = check_conv_transpose2d(input, weight, nullptr, args);
  l.full.has_bias = s.has_bias;
  l.h = {0, l.full.h.out};
  l.w = {0, l.full.w.out};
  return l;
}

Shape output_shape_nchw(const FrameworkLayer& l) {
  if (!l.batched) return {l.full.out_channels, l.h.size, l.w.size};
  return {l.full.batch, l.full.out_channels, l.h.size, l.w.size};
}

Shape permuted(const Shape& s, const std::array<int, 4>& perm) {
  assert(s.size() == 4);
  return {s[perm[0]], s[perm[1]], s[perm[2]], s[perm[3]]};
}

}  // namespace fw

// [SECTION] PyTorch: the reference convention.

FrameworkLayer resolve_pytorch(const Shape& input, const Shape& weight, const Shape* bias,
                               const ConvTranspose2dArgs& args) {
  const Geometry geo = check_conv_transpose2d(input, weight, bias, args);
  fw::LayerSpec s;
  s.convention = Convention::PyTorch;
  s.batched = geo.batched;
  s.batch = geo.batch;
  s.in_channels = geo.in_channels;
  s.out_channels = geo.out_channels;
  s.groups = geo.groups;
  s.in_h = geo.h.in, s.in_w = geo.w.in;
  s.k_h = geo.h.kernel, s.k_w = geo.w.kernel;
  s.stride = {geo.h.stride, geo.w.stride};
  s.dilation = {geo.h.dilation, geo.w.dilation};
  s.has_bias = bias != nullptr;
  FrameworkLayer l = fw::make_layer(s);
  // PyTorch crops `padding` from both sides of the full output and adds
  // output_padding at the end: rows [padding, padding + out).
  l.h = {geo.h.padding, geo.h.out};
  l.w = {geo.w.padding, geo.w.out};
  l.weight.layout = "weight [C_in, C_out/groups, kH, kW]";
  l.input_shape = input;
  l.weight_shape = weight;
  l.output_shape = geo.output_shape();
  std::ostringstream call;
  call << "F.conv_transpose2d(input, weight, " << (bias ? "bias" : "None")
       << ", stride=" << fw::py_pair({geo.h.stride, geo.w.stride})
       << ", padding=" << fw::py_pair({geo.h.padding, geo.w.padding})
       << ", output_padding=" << fw::py_pair({geo.h.output_padding, geo.w.output_padding})
       << ", groups=" << geo.groups
       << ", dilation=" << fw::py_pair({geo.h.dilation, geo.w.dilation}) << ")";
  l.call = call.str();
  return l;
}

// [SECTION] Compute.

Array permute4(const Array& a, const std::array<int, 4>& perm) {
  assert(a.dim() == 4);
  const Shape out_shape = fw::permuted(a.shape, perm);
  Array out(out_shape);
  // Strides of the source, read in the order of the output's axes.
  std::array<int64_t, 4> src_stride{};
  int64_t st = 1;
  for (int d = 3; d >= 0; --d) {
    src_stride[static_cast<size_t>(d)] = st;
    st *= a.shape[static_cast<size_t>(d)];
  }
  std::array<int64_t, 4> step{};
  for (size_t i = 0; i < 4; ++i) step[i] = src_stride[static_cast<size_t>(perm[i])];
  size_t k = 0;
  for (int64_t i0 = 0; i0 < out_shape[0]; ++i0)
    for (int64_t i1 = 0; i1 < out_shape[1]; ++i1)
      for (int64_t i2 = 0; i2 < out_shape[2]; ++i2)
        for (int64_t i3 = 0; i3 < out_shape[3]; ++i3)
          out.data[k++] = a.data[static_cast<size_t>(i0 * step[0] + i1 * step[1] + i2 * step[2] +
                                                     i3 * step[3])];
  return out;
}

Array to_pytorch_weight(const FrameworkLayer& layer, const Array& weight) {
  Array w = permute4(weight, layer.weight.permute);
  if (!layer.weight.flip) return w;
  const int64_t kh = w.shape[2], kw = w.shape[3];
  for (int64_t plane = 0; plane < w.shape[0] * w.shape[1]; ++plane) {
    float* p = w.data.data() + plane * kh * kw;
    std::reverse(p, p + kh * kw);  // reversing a row-major plane flips both axes
  }
  return w;
}

Array full_output(const FrameworkLayer& layer, const Array& input, const Array& weight,
                  const ComputeOptions& opts) {
  const Array x = layer.batched ? permute4(input, layer.input_perm) : input;
  ConvTranspose2dArgs args;
  args.stride = {layer.full.h.stride, layer.full.w.stride};
  args.dilation = {layer.full.h.dilation, layer.full.w.dilation};
  args.groups = layer.full.groups;
  return conv_transpose2d(x, to_pytorch_weight(layer, weight), nullptr, args, opts);
}

Array crop_window(const FrameworkLayer& layer, const Array& full, const Array* bias) {
  const bool b4 = full.dim() == 4;
  const int64_t n = b4 ? full.shape[0] : 1;
  const int64_t c = full.shape[b4 ? 1 : 0];
  const int64_t fh = full.shape[b4 ? 2 : 1], fw = full.shape[b4 ? 3 : 2];
  const AxisWindow h = layer.h, w = layer.w;
  Array out(b4 ? Shape{n, c, h.size, w.size} : Shape{c, h.size, w.size});
  size_t k = 0;
  for (int64_t ni = 0; ni < n; ++ni) {
    for (int64_t ci = 0; ci < c; ++ci) {
      const float add = bias ? bias->data[static_cast<size_t>(ci)] : 0.f;
      const float* plane = full.data.data() + (ni * c + ci) * fh * fw;
      for (int64_t i = 0; i < h.size; ++i) {
        const int64_t r = h.begin + i;
        for (int64_t j = 0; j < w.size; ++j) {
          const int64_t col = w.begin + j;
          const bool inside = r >= 0 && r < fh && col >= 0 && col < fw;
          out.data[k++] = (inside ? plane[r * fw + col] : 0.f) + add;
        }
      }
    }
  }
  return out;
}

Array framework_conv_transpose2d(const FrameworkLayer& layer, const Array& input,
                                 const Array& weight, const Array* bias,
                                 const ComputeOptions& opts) {
  detail::require_data_matches(input, "input");
  detail::require_data_matches(weight, "weight");
  if (bias) detail::require_data_matches(*bias, "bias");
  const Array y = crop_window(layer, full_output(layer, input, weight, opts), bias);
  return layer.batched ? permute4(y, layer.output_perm) : y;
}

}  // namespace tconv
