// The flip method: the equivalent direct convolution, each stage kept for the
// views (conv_arithmetic's picture).
#pragma once

#include <Eigen/Dense>
#include <cstdint>

#include "tconv/shape.h"
#include "tconv/tensor.h"

namespace tconv {

// What a cell of the padded plane is, for drawing it.
enum class CellKind : uint8_t {
  Input = 0,          // a real input element
  Inserted = 1,       // a zero inserted between inputs (stride - 1 of them)
  Padding = 2,        // dilation*(k-1) - padding zeros on each side
  OutputPadding = 3,  // the output_padding rows/cols added bottom/right
};

class FlipRecord {
 public:
  FlipRecord() = default;
  FlipRecord(const Tensor4& x, const Tensor4& w, const Tensor1* bias, const Geometry& geo);

  const Geometry& geometry() const { return geo_; }
  // (N, C_in, (H-1)·s_h + 1, (W-1)·s_w + 1): stride - 1 zeros between inputs.
  const Tensor4& inserted() const { return inserted_; }
  // inserted, padded by direct_padding() on each side (cropped where that is
  // negative), plus output_padding rows/cols bottom/right.
  const Tensor4& padded() const { return padded_; }
  // (C_out, C_in/groups, kH, kW): each kernel rotated 180°, in/out swapped per group.
  const Tensor4& flipped_kernel() const { return flipped_; }
  // Direct convolution of padded() with flipped_kernel(), stride 1, the given
  // dilation, plus bias: equals conv_transpose2d's output.
  const Tensor4& output() const { return output_; }
  // Kind of each cell of one padded plane (same for every n, c).
  const Eigen::Matrix<CellKind, Eigen::Dynamic, Eigen::Dynamic>& kinds() const { return kinds_; }
  // Where padded() row/col r maps back in inserted() (may be out of range).
  int64_t pad_top() const;   // = h.direct_padding()
  int64_t pad_left() const;  // = w.direct_padding()

 private:
  Geometry geo_;
  Tensor4 inserted_, padded_, flipped_, output_;
  Eigen::Matrix<CellKind, Eigen::Dynamic, Eigen::Dynamic> kinds_;
};

}  // namespace tconv
