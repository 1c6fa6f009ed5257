// Small helpers shared by the core's .cpp files (not part of the public API).
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>

#include "tconv/errors.h"
#include "tconv/tensor.h"

namespace tconv::detail {

// Floor division that is also right for negative numerators.
inline int64_t floor_div(int64_t a, int64_t b) {
  const int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

// The indices o in [0, count) with 0 <= o * step + offset < limit, as the
// half-open range [first, second). Lets inner loops run without bounds checks.
inline std::pair<int64_t, int64_t> valid_range(int64_t offset, int64_t step, int64_t limit,
                                               int64_t count) {
  const int64_t first = offset >= 0 ? 0 : (-offset + step - 1) / step;
  const int64_t last = limit - 1 - offset < 0 ? 0 : floor_div(limit - 1 - offset, step) + 1;
  const int64_t end = std::min(count, last);
  return {std::min(first, end), end};
}

// An Array whose data does not match its shape is a caller's mistake we can
// name, rather than read past the end of.
inline void require_data_matches(const Array& a, const char* what) {
  if (static_cast<int64_t>(a.data.size()) != numel(a.shape)) {
    throw ArgumentError(std::string(what) + " has " + std::to_string(a.data.size()) +
                        " values but its shape " + format_shape(a.shape) + " needs " +
                        std::to_string(numel(a.shape)));
  }
}

inline Tensor1 to_tensor1(const Array& a) {
  Tensor1 t(static_cast<Eigen::Index>(a.data.size()));
  std::copy(a.data.begin(), a.data.end(), t.data());
  return t;
}

}  // namespace tconv::detail
