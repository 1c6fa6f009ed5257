// The derived-values cache (see derived.h). Everything here reads records;
// the one convolution (the matrix view's other direction) is core's.
#include "derived.h"

#include <algorithm>
#include <cmath>
#include <exception>

namespace studio {

// [SECTION] Step planes

const Eigen::MatrixXf& DerivedCache::intermediate(const Model& m, int64_t t) {
  Plane& c = inter_;
  const bool same_plane = c.same_plane(m);
  if (same_plane && c.step == t) return c.plane;
  const tconv::Records& r = m.records();
  const int64_t co = m.sel_out_channel();
  try {
    if (r.scatter.size() == 0) {
      c.plane = Eigen::MatrixXf();
    } else if (same_plane && c.step >= 0 && c.plane.rows() == r.geo.h.canvas() &&
               c.plane.cols() == r.geo.w.canvas()) {
      // Same canvas, another step: clear the old footprint and draw the new
      // one, O(kH·kW) instead of a fresh canvas every frame of the animation.
      r.scatter.for_each_cell(m.scatter_index(c.step), co,
                              [&](int64_t row, int64_t col, double) { c.plane(row, col) = 0.f; });
      r.scatter.for_each_cell(m.scatter_index(t), co, [&](int64_t row, int64_t col, double v) {
        c.plane(row, col) = static_cast<float>(v);
      });
    } else {
      c.plane = r.scatter.intermediate(m.scatter_index(t), co);
    }
  } catch (const std::exception&) {
    c.plane = Eigen::MatrixXf();
  }
  c.key = key_of(m);
  c.step = t;
  c.n = m.sel_batch();
  c.c = co;
  return c.plane;
}

// Adds steps from+1..to to the cached sum, or subtracts steps to+1..from.
void DerivedCache::step_sum(const Model& m, int64_t from, int64_t to) {
  Plane& c = sum_;
  auto apply = [&](int64_t u, double sign) {
    m.records().scatter.for_each_cell(m.scatter_index(u), m.sel_out_channel(),
                                      [&](int64_t row, int64_t col, double v) {
                                        c.exact(row, col) += sign * v;
                                        c.plane(row, col) = static_cast<float>(c.exact(row, col));
                                      });
  };
  for (int64_t u = from + 1; u <= to; ++u) apply(u, 1.0);
  for (int64_t u = from; u > to; --u) apply(u, -1.0);
}

const Eigen::MatrixXf& DerivedCache::running_sum(const Model& m, int64_t t) {
  Plane& c = sum_;
  const tconv::Geometry& geo = m.records().geo;
  const bool same_plane = c.same_plane(m) && c.step >= 0 && c.exact.rows() == geo.h.canvas() &&
                          c.exact.cols() == geo.w.canvas();
  if (same_plane && c.step == t) return c.plane;
  try {
    if (m.records().scatter.size() == 0) {
      c.plane = Eigen::MatrixXf();
      c.exact = Eigen::MatrixXd();
    } else {
      // The cheapest way to the sum at t: step the cached sum on (adding
      // steps) or back (subtracting them), start from zero, or rebuild it
      // (about one pass over the canvas per input channel of the group).
      // A step costs kH·kW cells, so playing the animation, stepping with
      // the arrow keys and wrapping to step 0 never rebuild.
      const int64_t cells = geo.h.kernel * geo.w.kernel;
      const int64_t rebuild =
          geo.h.canvas() * geo.w.canvas() * std::max<int64_t>(geo.in_per_group(), 1);
      const int64_t from_cache = same_plane ? std::abs(t - c.step) * cells : rebuild + 1;
      const int64_t from_zero = (t + 1) * cells;
      if (from_cache <= std::min(rebuild, from_zero)) {
        step_sum(m, c.step, t);
      } else if (from_zero <= rebuild) {
        c.exact.setZero(geo.h.canvas(), geo.w.canvas());
        c.plane.setZero(geo.h.canvas(), geo.w.canvas());
        step_sum(m, -1, t);
      } else {
        c.exact = m.records().scatter.running_sum_exact(m.scatter_index(t), m.sel_batch(),
                                                        m.sel_out_channel());
        c.plane = c.exact.cast<float>();
      }
    }
  } catch (const std::exception&) {
    c.plane = Eigen::MatrixXf();
    c.exact = Eigen::MatrixXd();
  }
  c.key = key_of(m);
  c.step = t;
  c.n = m.sel_batch();
  c.c = m.sel_out_channel();
  return c.plane;
}

// [SECTION] Per-revision summaries

const FlipComparison& DerivedCache::flip(const Model& m) {
  if (flip_key_ == key_of(m)) return flip_;
  flip_key_ = key_of(m);
  // ScatterRecord::output() assembles a tensor: too much for every frame.
  flip_.scatter = m.records().scatter.output();
  const tconv::Tensor4& direct = m.records().flip.output();
  flip_.max_diff = 0.f;
  if (flip_.scatter.dimensions() == direct.dimensions()) {
    // A comparison of two recorded results, not a convolution.
    const float* a = flip_.scatter.data();
    const float* b = direct.data();
    for (Eigen::Index i = 0; i < direct.size(); ++i)
      flip_.max_diff = std::max(flip_.max_diff, std::fabs(a[i] - b[i]));
  } else {
    flip_.max_diff = INFINITY;
  }
  return flip_;
}

const MatrixExtents& DerivedCache::matrix_extents(const Model& m) {
  if (extents_key_ == key_of(m) && extents_batch_ == m.sel_batch()) return extents_;
  extents_key_ = key_of(m);
  extents_batch_ = m.sel_batch();
  extents_ = MatrixExtents{};
  const tconv::MatrixRecord& M = m.records().matrix;
  const auto& W = M.W();
  // |W|'s maximum walks every non-zero: once per revision.
  for (int64_t k = 0; k < W.nonZeros(); ++k)
    extents_.w = std::max(extents_.w, std::fabs(W.valuePtr()[k]));
  // vec(x) and vec(y) of the selected batch element, straight from the arrays.
  const auto max_abs = [](const std::vector<float>& d, int64_t first, int64_t n) {
    float mx = 0.f;
    if (first < 0 || n < 0 || static_cast<size_t>(first + n) > d.size()) return mx;
    for (int64_t i = first; i < first + n; ++i)
      mx = std::max(mx, std::fabs(d[static_cast<size_t>(i)]));
    return mx;
  };
  const int64_t n = m.sel_batch();
  extents_.x = max_abs(m.problem().input.data, n * M.rows(), M.rows());
  extents_.y = max_abs(m.records().output.data, n * M.cols(), M.cols());
  return extents_;
}

const ConvDirection& DerivedCache::conv_direction(const Model& m) {
  if (conv_key_ == key_of(m) && conv_batch_ == m.sel_batch()) return conv_;
  conv_key_ = key_of(m);
  conv_batch_ = m.sel_batch();
  conv_ = ConvDirection{};
  const tconv::MatrixRecord& M = m.records().matrix;
  const tconv::Geometry& g = m.records().geo;
  if (M.rows() <= 0 || M.cols() <= 0) return conv_;
  tconv::Tensor4 X(1, g.out_channels, g.h.out, g.w.out);
  for (Eigen::Index i = 0; i < X.size(); ++i) X.data()[i] = static_cast<float>(i);
  const tconv::Tensor4 Y = M.apply(X);  // core's direct convolution by W
  conv_.x.assign(X.data(), X.data() + X.size());
  conv_.y.assign(Y.data(), Y.data() + Y.size());
  for (float v : conv_.x) conv_.x_max = std::max(conv_.x_max, std::fabs(v));
  for (float v : conv_.y) conv_.y_max = std::max(conv_.y_max, std::fabs(v));
  const std::vector<float>& in = m.problem().input.data;
  const size_t off = static_cast<size_t>(m.sel_batch() * M.rows());
  conv_.y_is_input = in.size() >= off + conv_.y.size() &&
                     std::equal(conv_.y.begin(), conv_.y.end(), in.begin() + off);
  return conv_;
}

const OverlapSummary& DerivedCache::overlap(const Model& m) {
  if (overlap_key_ == key_of(m)) return overlap_;
  overlap_key_ = key_of(m);
  const Eigen::MatrixXi& counts = m.records().overlap;
  OverlapSummary& s = overlap_;
  s.max_count = counts.size() ? counts.maxCoeff() : 0;
  std::vector<char> seen(static_cast<size_t>(std::max(s.max_count, 0)) + 1, 0);
  for (int64_t i = 0; i < counts.size(); ++i) seen[static_cast<size_t>(counts.data()[i])] = 1;
  s.present.clear();
  for (int k = 0; k <= s.max_count; ++k)
    if (seen[static_cast<size_t>(k)]) s.present.push_back(k);
  return s;
}

const Highlight& DerivedCache::highlight(const Model& m, const Hover& hover) {
  // Asked for every frame, by every view: recomputed only when the hover or
  // the records change.
  if (highlight_key_ == key_of(m) && hover_ == hover) return highlight_;
  highlight_key_ = key_of(m);
  hover_ = hover;
  highlight_ = highlight_for(m.records(), hover);
  return highlight_;
}

}  // namespace studio
