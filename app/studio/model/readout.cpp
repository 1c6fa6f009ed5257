// Reading values out of the model's arrays (see readout.h).
#include "readout.h"

#include <algorithm>
#include <cmath>

namespace studio {

namespace {
float at(const tconv::Array& a, int64_t i) {
  return i >= 0 && i < static_cast<int64_t>(a.data.size()) ? a.data[static_cast<size_t>(i)] : 0.f;
}
// Spatial dims are the last two in both ranks; channel dim is the one before.
int64_t flat4(const tconv::Array& a, int64_t n, int64_t c, int64_t h, int64_t w) {
  const size_t r = a.shape.size();
  if (r < 3) return -1;
  const int64_t C = a.shape[r - 3], H = a.shape[r - 2], W = a.shape[r - 1];
  return ((n * C + c) * H + h) * W + w;
}
}  // namespace

float input_value(const Model& m, int64_t n, int64_t c, int64_t h, int64_t w) {
  return at(m.problem().input, flat4(m.problem().input, n, c, h, w));
}

float weight_value(const Model& m, int64_t c_in, int64_t c_out_local, int64_t kh, int64_t kw) {
  return at(m.problem().weight, flat4(m.problem().weight, c_in, c_out_local, kh, kw));
}

float output_value(const Model& m, int64_t n, int64_t c, int64_t oh, int64_t ow) {
  return at(m.records().output, flat4(m.records().output, n, c, oh, ow));
}

float bias_value(const Model& m, int64_t c_out) {
  const auto& b = m.problem().bias;
  return b && m.records().geo.has_bias ? at(*b, c_out) : 0.f;
}

std::vector<int64_t> input_index(const Model& m, int64_t n, int64_t c, int64_t h, int64_t w) {
  if (m.problem().input.shape.size() == 3) return {c, h, w};
  return {n, c, h, w};
}

float output_max_abs(const Model& m, int64_t n, int64_t c) {
  const auto& o = m.records().output;
  const size_t r = o.shape.size();
  if (r < 3) return 0.f;
  const int64_t plane = o.shape[r - 2] * o.shape[r - 1];
  const int64_t first = flat4(o, n, c, 0, 0);
  float mx = 0.f;
  for (int64_t i = 0; i < plane; ++i) mx = std::max(mx, std::fabs(at(o, first + i)));
  return mx;
}

DrawnChannels drawn_channels(const Model& model) {
  const tconv::Geometry& geo = model.records().geo;
  DrawnChannels d;
  d.n = model.sel_batch();
  d.co = model.sel_out_channel();
  d.group = geo.group_of_out(d.co);
  d.co_local = d.co - d.group * geo.out_per_group();
  const int64_t cin_g = geo.in_per_group();
  d.ci = model.sel_in_channel();
  if (d.ci < 0 || d.ci >= geo.in_channels || geo.group_of_in(d.ci) != d.group)
    d.ci = d.group * cin_g;
  d.ci_local = d.ci - d.group * cin_g;
  return d;
}

}  // namespace studio
