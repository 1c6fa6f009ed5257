// Shape arithmetic in one place: every size the tool shows or checks comes
// from these functions (as ATen's ConvUtils.h does for PyTorch).
#pragma once

#include <cstdint>
#include <string>

#include "tconv/args.h"
#include "tconv/tensor.h"

namespace tconv {

// (in - 1) * stride - 2 * padding + dilation * (kernel - 1) + output_padding + 1
int64_t transposed_output_size(int64_t in, int64_t kernel, int64_t stride, int64_t padding,
                               int64_t output_padding, int64_t dilation);

// floor((in + 2 * padding - dilation * (kernel - 1) - 1) / stride) + 1
int64_t conv_output_size(int64_t in, int64_t kernel, int64_t stride, int64_t padding,
                         int64_t dilation);

// One spatial axis of a transposed convolution, fully resolved.
struct Axis {
  int64_t in = 1;
  int64_t kernel = 1;
  int64_t stride = 1;
  int64_t padding = 0;
  int64_t output_padding = 0;
  int64_t dilation = 1;
  int64_t out = 1;  // transposed_output_size(...) of the above

  // Extent of one kernel footprint: dilation * (kernel - 1) + 1.
  int64_t span() const;
  // Full scatter canvas before cropping: (in - 1) * stride + span().
  int64_t full() const;
  // Rows/cols of the drawn canvas: full(), extended when output_padding
  // reaches past it (padding + out > full()).
  int64_t canvas() const;
  // Padding of the equivalent direct convolution: dilation*(kernel-1) - padding
  // (negative means the zero-inserted input is cropped instead).
  int64_t direct_padding() const;
  // Output size with output_padding = 0, and the largest one PyTorch accepts
  // through output_padding (op < stride || op < dilation).
  int64_t min_out() const;
  int64_t max_out_by_output_padding() const;
  // nn.ConvTranspose2d's output_size accepts [min_out, min_out + stride - 1].
  int64_t max_out_by_output_size() const;
  // Size the direct convolution with the same (kernel, stride, padding,
  // dilation) produces from `out`; equals `in` when output_padding < stride.
  int64_t conv_back() const;

  // "(2 - 1) × 2 - 2 × 0 + 1 × (2 - 1) + 0 + 1 = 4", for the shape view and CLI.
  std::string formula() const;
};

// An Axis with `out` computed by transposed_output_size (no checks).
Axis make_axis(int64_t in, int64_t kernel, int64_t stride = 1, int64_t padding = 0,
               int64_t output_padding = 0, int64_t dilation = 1);

// Everything about a conv_transpose2d call that does not depend on values.
struct Geometry {
  bool batched = true;
  int64_t batch = 1;         // N (1 when unbatched)
  int64_t in_channels = 1;   // C_in = weight.size(0)
  int64_t out_channels = 1;  // C_out = weight.size(1) * groups
  int64_t groups = 1;
  bool has_bias = false;
  Axis h, w;

  int64_t in_per_group() const { return in_channels / groups; }
  int64_t out_per_group() const { return out_channels / groups; }
  int64_t group_of_in(int64_t c_in) const { return c_in / in_per_group(); }
  int64_t group_of_out(int64_t c_out) const { return c_out / out_per_group(); }
  Shape input_shape() const;   // 3-D when unbatched
  Shape weight_shape() const;  // (C_in, C_out / groups, kH, kW)
  Shape output_shape() const;  // 3-D when unbatched
  // Multiply-adds of the whole call: N * C_in * H * W * (C_out/groups) * kH * kW.
  int64_t macs() const;
};

}  // namespace tconv
