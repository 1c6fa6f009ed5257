// PyTorch's argument checks, separate from compute. Each throws ArgumentError
// with PyTorch 1.13's message (values filled in), in PyTorch's order, so the
// first error a user sees is the one PyTorch would have shown.
#pragma once

#include <optional>
#include <string>

#include "tconv/args.h"
#include "tconv/errors.h"
#include "tconv/shape.h"

namespace tconv {

// Validates F.conv_transpose2d (and output_size as nn.ConvTranspose2d.forward
// resolves it) and returns the resolved geometry. bias may be null.
Geometry check_conv_transpose2d(const Shape& input, const Shape& weight, const Shape* bias,
                                const ConvTranspose2dArgs& args);

// The same, as a value: the message, or nothing when the call is valid.
// For the studio's sliders, which must never throw through a frame.
std::optional<std::string> validate_conv_transpose2d(const Shape& input, const Shape& weight,
                                                     const Shape* bias,
                                                     const ConvTranspose2dArgs& args);

// F.conv2d's checks; returns the output shape. Resolves 'same'/'valid'.
struct Conv2dGeometry {
  bool batched = true;
  int64_t batch = 1, in_channels = 1, out_channels = 1, groups = 1;
  bool has_bias = false;
  int64_t in_h = 1, in_w = 1, k_h = 1, k_w = 1, out_h = 1, out_w = 1;
  Pair stride{1}, dilation{1};
  // Padding actually applied before/after on each axis ('same' may be uneven:
  // PyTorch puts the extra one on the bottom/right).
  int64_t pad_top = 0, pad_bottom = 0, pad_left = 0, pad_right = 0;
  Shape output_shape() const;
};
Conv2dGeometry check_conv2d(const Shape& input, const Shape& weight, const Shape* bias,
                            const Conv2dArgs& args);

}  // namespace tconv
