// Reading back what a target printed or saved: the shape of nested lists and
// their numbers in row-major order.
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "fuzz.h"

namespace fuzz {

// The shape nested lists spell (first element at each depth), then every
// leaf checked against it; null leaves (the CLI's inf / nan) read as NaN.
template <class Json>
void flatten(const Json& j, const std::vector<int64_t>& shape, size_t depth,
             std::vector<double>& out) {
  if (depth == shape.size()) {
    FUZZ_CHECK(j.is_number() || j.is_null(), "leaf " + j.dump() + " is not a number");
    out.push_back(j.is_null() ? std::numeric_limits<double>::quiet_NaN()
                              : j.template get<double>());
    return;
  }
  FUZZ_CHECK(j.is_array() && static_cast<int64_t>(j.size()) == shape[depth],
             "expected a list of " + std::to_string(shape[depth]) + " at depth " +
                 std::to_string(depth) + ", got " + j.dump().substr(0, 200));
  for (const auto& e : j) flatten(e, shape, depth + 1, out);
}

template <class Json>
std::vector<double> flatten(const Json& j, const std::vector<int64_t>& shape) {
  std::vector<double> out;
  flatten(j, shape, 0, out);
  return out;
}

// Same float, or both not finite (JSON prints inf and nan as null).
inline bool same_float(double printed, float computed) {
  if (!std::isfinite(computed)) return std::isnan(printed);
  return static_cast<float>(printed) == computed;
}

}  // namespace fuzz
