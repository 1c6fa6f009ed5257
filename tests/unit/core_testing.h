// Helpers shared by the core unit tests: seeded random tensors, PyTorch-like
// random cases, and the agreement tolerance every method is held to.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "tconv/checks.h"
#include "tconv/conv.h"
#include "tconv/tensor.h"

namespace tconv::testing {

// |a - b| <= kRelTol * max(1, max |ref|): relative to the output's scale, so
// large outputs are not held to an absolute 1e-5 nobody's float sum meets.
inline constexpr double kRelTol = 1e-5;

inline double max_rel_diff(const std::vector<float>& got, const std::vector<float>& ref) {
  EXPECT_EQ(got.size(), ref.size());
  double scale = 1.0, diff = 0.0;
  for (float r : ref) scale = std::max(scale, std::abs(static_cast<double>(r)));
  for (size_t i = 0; i < std::min(got.size(), ref.size()); ++i)
    diff = std::max(diff, std::abs(static_cast<double>(got[i]) - ref[i]));
  return diff / scale;
}

inline std::vector<float> values(const Tensor4& t) {
  return std::vector<float>(t.data(), t.data() + t.size());
}

inline Array random_array(Shape shape, std::mt19937& rng) {
  std::normal_distribution<float> dist(0.f, 1.f);
  Array a(std::move(shape));
  for (float& v : a.data) v = dist(rng);
  return a;
}

inline Array arange(Shape shape) {
  Array a(std::move(shape));
  for (size_t i = 0; i < a.data.size(); ++i) a.data[i] = static_cast<float>(i);
  return a;
}

// A conv_transpose2d call with its values.
struct Case {
  Array input, weight;
  std::optional<Array> bias;
  ConvTranspose2dArgs args;
  std::string describe() const {
    // ostringstream, not string +: GCC 12 warns falsely (-Wrestrict) on the latter.
    std::ostringstream s;
    auto pair = [&](const char* name, Pair p) {
      s << " " << name << " (" << p.h << ", " << p.w << ")";
    };
    s << "input " << format_shape(input.shape) << " weight " << format_shape(weight.shape)
      << (bias ? " bias" : "");
    pair("stride", args.stride);
    pair("padding", args.padding);
    pair("output_padding", args.output_padding);
    s << " groups " << args.groups;
    pair("dilation", args.dilation);
    if (args.output_size) s << " output_size";
    return s.str();
  }
  const Array* bias_ptr() const { return bias ? &*bias : nullptr; }
};

// A random call PyTorch accepts: rectangular kernels, per-axis values,
// groups, dilation, output_padding up to max(stride, dilation) - 1 (so also
// ≥ stride when dilation is larger), unbatched inputs, bias, N > 1, and
// sometimes output_size instead of output_padding.
inline Case random_case(std::mt19937& rng) {
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  for (;;) {
    Case c;
    const int groups = pick(1, 3), cin_g = pick(1, 3), cout_g = pick(1, 3);
    const bool unbatched = pick(0, 3) == 0;
    const int n = pick(1, 3), h = pick(1, 6), w = pick(1, 6), kh = pick(1, 4), kw = pick(1, 4);
    auto& a = c.args;
    a.groups = groups;
    a.stride = Pair(pick(1, 3), pick(1, 3));
    a.dilation = Pair(pick(1, 3), pick(1, 3));
    a.padding = Pair(pick(0, 3), pick(0, 3));
    a.output_padding = Pair(pick(0, static_cast<int>(std::max(a.stride.h, a.dilation.h)) - 1),
                            pick(0, static_cast<int>(std::max(a.stride.w, a.dilation.w)) - 1));
    Shape in = {groups * cin_g, h, w};
    if (!unbatched) in.insert(in.begin(), n);
    c.input = random_array(in, rng);
    c.weight = random_array({groups * cin_g, cout_g, kh, kw}, rng);
    if (pick(0, 1) == 1) c.bias = random_array({groups * cout_g}, rng);
    if (pick(0, 5) == 0) {
      // Ask for the size output_padding would give, through output_size.
      auto out = [](int64_t i, int64_t k, int64_t s, int64_t p, int64_t op, int64_t d) {
        return (i - 1) * s - 2 * p + d * (k - 1) + op + 1;
      };
      const int64_t oh = out(h, kh, a.stride.h, a.padding.h, a.stride.h - 1, a.dilation.h);
      const int64_t ow = out(w, kw, a.stride.w, a.padding.w, 0, a.dilation.w);
      a.output_padding = Pair(0);
      a.output_size = std::vector<int64_t>{oh, ow};
    }
    if (!validate_conv_transpose2d(c.input.shape, c.weight.shape, c.bias ? &c.bias->shape : nullptr,
                                   a))
      return c;
  }
}

// A case checked and converted to the Tensor4 entry points' arguments.
struct Built {
  Geometry geo;
  Tensor4 x, w;
  Tensor1 b;
  bool has_bias = false;
  const Tensor1* bias() const { return has_bias ? &b : nullptr; }
};

inline Built build(const Case& c) {
  Built r;
  r.geo = check_conv_transpose2d(c.input.shape, c.weight.shape, c.bias ? &c.bias->shape : nullptr,
                                 c.args);
  r.x = to_tensor4(c.input);
  r.w = to_tensor4(c.weight);
  if (c.bias) {
    r.has_bias = true;
    r.b = Tensor1(static_cast<Eigen::Index>(c.bias->data.size()));
    std::copy(c.bias->data.begin(), c.bias->data.end(), r.b.data());
  }
  return r;
}

}  // namespace tconv::testing
