#include "tconv/tensor.h"

#include <algorithm>
#include <cassert>
#include <limits>

namespace tconv {

Array::Array(Shape s)
    : shape(std::move(s)), data(static_cast<size_t>(std::max<int64_t>(0, tconv::numel(shape)))) {}

int64_t Array::numel() const {
  return tconv::numel(shape);
}

int64_t numel(const Shape& shape) {
  // A zero anywhere empties the tensor however large the rest is ([2^31-1,
  // 2^31-1, 2^31-1, 0] is a valid shape-only spec), and a product past
  // int64 saturates instead of overflowing.
  if (std::find(shape.begin(), shape.end(), 0) != shape.end()) return 0;
  int64_t n = 1;
  for (int64_t d : shape) {
    const bool negative = (n < 0) != (d < 0);
    if (__builtin_mul_overflow(n, d, &n))
      return negative ? std::numeric_limits<int64_t>::min() : std::numeric_limits<int64_t>::max();
  }
  return n;
}

std::string format_shape(const Shape& shape, ShapeStyle style) {
  const bool list = style == ShapeStyle::List;
  std::string s = list ? "[" : "(";
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i > 0) s += style == ShapeStyle::Compact ? "," : ", ";
    s += std::to_string(shape[i]);
  }
  // Python writes a one-element tuple with a trailing comma.
  if (!list && shape.size() == 1) s += ",";
  return s + (list ? "]" : ")");
}

Tensor4 to_tensor4(const Array& a) {
  assert(a.dim() == 3 || a.dim() == 4);
  assert(static_cast<int64_t>(a.data.size()) == a.numel());
  const bool batched = a.dim() == 4;
  const int64_t n = batched ? a.shape[0] : 1;
  const size_t off = batched ? 1 : 0;
  Tensor4 t(n, a.shape[off], a.shape[off + 1], a.shape[off + 2]);
  std::copy(a.data.begin(), a.data.end(), t.data());
  return t;
}

Array to_array(const Tensor4& t, bool unbatched) {
  assert(!unbatched || t.dimension(0) == 1);
  Shape s;
  if (!unbatched) s.push_back(t.dimension(0));
  for (int i = 1; i < 4; ++i) s.push_back(t.dimension(i));
  return Array(std::move(s), std::vector<float>(t.data(), t.data() + t.size()));
}

}  // namespace tconv
