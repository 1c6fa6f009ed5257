// The public entry points: check exactly as PyTorch does, then compute on
// Tensor4 by the chosen method.
#include "tconv/conv.h"

#include "detail.h"

namespace tconv {

std::string_view method_name(Method m) {
  switch (m) {
    case Method::Scatter:
      return "scatter";
    case Method::Matrix:
      return "matrix";
    case Method::Flip:
      return "flip";
    case Method::Gemm:
      return "gemm";
  }
  return "gemm";
}

std::optional<Method> parse_method(std::string_view name) {
  for (Method m : {Method::Scatter, Method::Matrix, Method::Flip, Method::Gemm}) {
    if (name == method_name(m)) return m;
  }
  return std::nullopt;
}

Array conv_transpose2d(const Array& input, const Array& weight, const Array* bias,
                       const ConvTranspose2dArgs& args, const ComputeOptions& opts) {
  const Geometry geo =
      check_conv_transpose2d(input.shape, weight.shape, bias ? &bias->shape : nullptr, args);
  detail::require_data_matches(input, "input");
  detail::require_data_matches(weight, "weight");
  if (bias) detail::require_data_matches(*bias, "bias");

  const Tensor4 x = to_tensor4(input), w = to_tensor4(weight);
  Tensor1 b;
  if (bias) b = detail::to_tensor1(*bias);
  const Tensor1* bp = bias ? &b : nullptr;

  Tensor4 y;
  switch (opts.method) {
    case Method::Scatter:
      y = conv_transpose2d_scatter(x, w, bp, geo);
      break;
    case Method::Matrix:
      y = conv_transpose2d_matrix(x, w, bp, geo);
      break;
    case Method::Flip:
      y = conv_transpose2d_flip(x, w, bp, geo);
      break;
    case Method::Gemm:
      y = conv_transpose2d_gemm(x, w, bp, geo, opts.threads);
      break;
  }
  return to_array(y, !geo.batched);
}

Array conv2d(const Array& input, const Array& weight, const Array* bias, const Conv2dArgs& args) {
  const Conv2dGeometry geo =
      check_conv2d(input.shape, weight.shape, bias ? &bias->shape : nullptr, args);
  detail::require_data_matches(input, "input");
  detail::require_data_matches(weight, "weight");
  if (bias) detail::require_data_matches(*bias, "bias");

  Tensor1 b;
  if (bias) b = detail::to_tensor1(*bias);
  const Tensor4 y = conv2d(to_tensor4(input), to_tensor4(weight), bias ? &b : nullptr, geo);
  return to_array(y, !geo.batched);
}

}  // namespace tconv
