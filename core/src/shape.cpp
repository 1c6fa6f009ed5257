// Shape arithmetic for conv_transpose2d and conv2d, as ATen's ConvUtils.h
// computes it, plus the derived sizes the studio draws.
#include "tconv/shape.h"

#include <algorithm>
#include <sstream>

#include "tconv/checks.h"

namespace tconv {

int64_t transposed_output_size(int64_t in, int64_t kernel, int64_t stride, int64_t padding,
                               int64_t output_padding, int64_t dilation) {
  return (in - 1) * stride - 2 * padding + dilation * (kernel - 1) + output_padding + 1;
}

int64_t conv_output_size(int64_t in, int64_t kernel, int64_t stride, int64_t padding,
                         int64_t dilation) {
  const int64_t numerator = in + 2 * padding - dilation * (kernel - 1) - 1;
  // Floor, not C++'s truncation: a negative numerator must round down so an
  // oversized kernel yields a size < 1 (PyTorch rejects it before this).
  const int64_t q = numerator >= 0 ? numerator / stride : -((-numerator + stride - 1) / stride);
  return q + 1;
}

int64_t Axis::span() const {
  return dilation * (kernel - 1) + 1;
}

int64_t Axis::full() const {
  return (in - 1) * stride + span();
}

int64_t Axis::canvas() const {
  return std::max(full(), padding + out);
}

int64_t Axis::direct_padding() const {
  return dilation * (kernel - 1) - padding;
}

int64_t Axis::min_out() const {
  return transposed_output_size(in, kernel, stride, padding, 0, dilation);
}

int64_t Axis::max_out_by_output_padding() const {
  // output_padding may go up to max(stride, dilation) - 1.
  return min_out() + std::max(stride, dilation) - 1;
}

int64_t Axis::max_out_by_output_size() const {
  return min_out() + stride - 1;
}

int64_t Axis::conv_back() const {
  return conv_output_size(out, kernel, stride, padding, dilation);
}

std::string Axis::formula() const {
  std::ostringstream s;
  s << "(" << in << " - 1) × " << stride << " - 2 × " << padding << " + " << dilation << " × ("
    << kernel << " - 1) + " << output_padding
    << " + 1 = " << transposed_output_size(in, kernel, stride, padding, output_padding, dilation);
  return s.str();
}

Shape Geometry::input_shape() const {
  if (batched) return {batch, in_channels, h.in, w.in};
  return {in_channels, h.in, w.in};
}

Shape Geometry::weight_shape() const {
  return {in_channels, out_per_group(), h.kernel, w.kernel};
}

Shape Geometry::output_shape() const {
  if (batched) return {batch, out_channels, h.out, w.out};
  return {out_channels, h.out, w.out};
}

int64_t Geometry::macs() const {
  return batch * in_channels * h.in * w.in * out_per_group() * h.kernel * w.kernel;
}

Shape Conv2dGeometry::output_shape() const {
  if (batched) return {batch, out_channels, out_h, out_w};
  return {out_channels, out_h, out_w};
}

Axis make_axis(int64_t in, int64_t k, int64_t s, int64_t p, int64_t op, int64_t d) {
  Axis a;
  a.in = in;
  a.kernel = k;
  a.stride = s;
  a.padding = p;
  a.output_padding = op;
  a.dilation = d;
  a.out = transposed_output_size(in, k, s, p, op, d);
  return a;
}

}  // namespace tconv
