// Helpers shared by the studio model's unit tests (studio_*_test.cpp).
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "derived.h"
#include "model.h"
#include "preset.h"
#include "tconv/conv.h"

namespace studio::testing {

inline std::string presets_dir() {
  return std::string(TCONV_ASSETS_DIR) + "/presets";
}

inline std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Loads assets/presets/<name>.json into `m`; fails the test with the model's
// message otherwise.
inline void load(Model& m, const std::string& name) {
  const std::string path = presets_dir() + "/" + name + ".json";
  ASSERT_TRUE(m.load_preset_json(read_text(path), path)) << m.error();
}

// Preset `name` with a batch of two and the second element selected, so
// the timeline's steps are batch element 1's.
inline void load_second_of_two(Model& m, const std::string& name) {
  load(m, name);
  Params p = m.params();
  p.batch = 2;
  ASSERT_TRUE(m.set_params(p)) << m.error();
  m.select(1, 0, 0);
}

// What the app keeps beside the model for the views: the hover and the
// derived-values cache, read the way the views read them (at the timeline's
// step).
struct Ui {
  const Model& model;
  DerivedCache cache;
  Hover hover;

  explicit Ui(const Model& m) : model(m) {}
  void set_hover(const Hover& h) { hover = h; }
  const Highlight& highlight() { return cache.highlight(model, hover); }
  const Eigen::MatrixXf& intermediate() { return cache.intermediate(model, model.timeline().step); }
  const Eigen::MatrixXf& running_sum() { return cache.running_sum(model, model.timeline().step); }
};

// One (n, c) plane of a 4-D (or unbatched 3-D) array, row by row.
inline std::vector<std::vector<float>> plane(const tconv::Array& a, int64_t n = 0, int64_t c = 0) {
  const size_t r = a.shape.size();
  const int64_t H = a.shape[r - 2], W = a.shape[r - 1], C = a.shape[r - 3];
  std::vector<std::vector<float>> out(static_cast<size_t>(H), std::vector<float>(W));
  for (int64_t h = 0; h < H; ++h)
    for (int64_t w = 0; w < W; ++w)
      out[h][w] = a.data[static_cast<size_t>(((n * C + c) * H + h) * W + w)];
  return out;
}

// What core computes for the model's current problem, by the scatter method
// (the records' output comes from gemm: two methods must agree).
inline tconv::Array core_output(const Model& m) {
  const auto& p = m.problem();
  tconv::ComputeOptions o;
  o.method = tconv::Method::Scatter;
  return tconv::conv_transpose2d(p.input, p.weight, p.bias ? &*p.bias : nullptr, p.args, o);
}

inline void expect_near_arrays(const tconv::Array& got, const tconv::Array& ref) {
  ASSERT_EQ(got.shape, ref.shape);
  ASSERT_EQ(got.data.size(), ref.data.size());
  double scale = 1.0;
  for (float v : ref.data) scale = std::max(scale, std::abs(static_cast<double>(v)));
  for (size_t i = 0; i < ref.data.size(); ++i)
    ASSERT_NEAR(got.data[i], ref.data[i], 1e-5 * scale) << "at flat index " << i;
}

}  // namespace studio::testing
