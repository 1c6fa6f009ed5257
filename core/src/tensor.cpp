#include "tconv/tensor.h"

#include <algorithm>
#include <cassert>

namespace tconv {

Array::Array(Shape s)
    : shape(std::move(s)), data(static_cast<size_t>(std::max<int64_t>(0, tconv::numel(shape)))) {}

int64_t Array::numel() const {
  return tconv::numel(shape);
}

int64_t numel(const Shape& shape) {
  int64_t n = 1;
  for (int64_t d : shape) n *= d;
  return n;
}

std::string format_shape(const Shape& shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i > 0) s += ", ";
    s += std::to_string(shape[i]);
  }
  return s + "]";
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
