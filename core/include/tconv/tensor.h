// Plain tensors for tconv's core: a rank-agnostic row-major array for I/O and
// validation, and a fixed-rank Eigen view for compute.
#pragma once

#include <cstdint>
#include <string>
#include <unsupported/Eigen/CXX11/Tensor>
#include <vector>

namespace tconv {

using Shape = std::vector<int64_t>;

// Row-major array of any rank. Rank is only known at run time for user input
// (a 2-D or 5-D "input" must be rejected with PyTorch's message, not a crash),
// so the public API speaks Array and the methods work on Tensor4.
struct Array {
  Shape shape;
  std::vector<float> data;

  Array() = default;
  Array(Shape s, std::vector<float> d) : shape(std::move(s)), data(std::move(d)) {}
  explicit Array(Shape s);  // zero-filled

  int64_t numel() const;
  int64_t dim() const { return static_cast<int64_t>(shape.size()); }
};

// N, C, H, W in row-major order, the memory order PyTorch uses.
using Tensor4 = Eigen::Tensor<float, 4, Eigen::RowMajor>;
using Tensor1 = Eigen::Tensor<float, 1, Eigen::RowMajor>;

// Elements of a tensor of that shape: 0 when any size is 0, and saturated at
// int64's range rather than overflowing (shapes come from user input).
int64_t numel(const Shape& shape);

// How a shape is written:
//   List     "[1, 3, 7, 6]": PyTorch's way of printing a size in its messages;
//   Tuple    "(1, 3, 7, 6)", "(3,)": Python's tuple, for code and captions;
//   Compact  "(1,3,7,6)": the tuple without spaces, where room is short.
enum class ShapeStyle { List, Tuple, Compact };
// The one shape-to-text function of the project.
std::string format_shape(const Shape& shape, ShapeStyle style = ShapeStyle::List);

// Copies between Array and Tensor4. to_tensor4 accepts a 3-D array as
// unbatched (N = 1); it asserts rank 3 or 4 (callers validate first).
Tensor4 to_tensor4(const Array& a);
Array to_array(const Tensor4& t, bool unbatched = false);

}  // namespace tconv
