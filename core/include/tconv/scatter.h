// The scatter method's record: d2l's picture, one step per input element.
#pragma once

#include <Eigen/Dense>
#include <cstdint>
#include <vector>

#include "tconv/shape.h"
#include "tconv/tensor.h"

namespace tconv {

// One step: input element x[n, c_in, ih, iw] broadcast through its kernel
// slice weight[c_in, :, :, :] into every output channel of its group, with
// the footprint's top-left at (ih * stride_h, iw * stride_w) on the full
// (uncropped) canvas. Kept small on purpose: at most 64 bytes per step.
struct ScatterStep {
  int32_t n = 0, c_in = 0, ih = 0, iw = 0;
  int32_t origin_h = 0, origin_w = 0;
  float value = 0.f;
};

// Canvas coordinates: row 0 is the top of the full scatter canvas; the output
// is the window [padding, padding + out) on each axis (rows past full() are
// the output_padding strip, always zero before the bias).
class ScatterRecord {
 public:
  ScatterRecord() = default;
  // Steps in the input's natural reading order: n, c_in, ih, iw.
  ScatterRecord(const Tensor4& x, const Tensor4& w, const Tensor1* bias, const Geometry& geo);

  const Geometry& geometry() const { return geo_; }
  size_t size() const { return steps_.size(); }
  const ScatterStep& step(size_t t) const { return steps_.at(t); }
  size_t record_bytes() const { return steps_.capacity() * sizeof(ScatterStep); }

  // Intermediate tensor of step t for output channel c_out: value · K placed
  // at the step's offset on a zero canvas (geo.h.canvas() × geo.w.canvas()).
  // Zero everywhere when c_out is not in the step's group.
  Eigen::MatrixXf intermediate(size_t t, int64_t c_out) const;
  // Sum of the intermediates of steps 0..t (inclusive) for batch n, channel
  // c_out, on the canvas, without bias. Cost independent of t: each canvas
  // cell gathers from the input elements that precede t in reading order.
  Eigen::MatrixXf running_sum(size_t t, int64_t n, int64_t c_out) const;
  // The same sum before rounding to float (it is accumulated in double), for
  // callers that step it on with add_step and must not drift.
  Eigen::MatrixXd running_sum_exact(size_t t, int64_t n, int64_t c_out) const;

  // Calls f(row, col, value) for the kH·kW canvas cells of step t's
  // intermediate for c_out (nothing when c_out is outside the step's group;
  // no range checks). value is x · w exactly, as a double (a product of two
  // floats fits one), so sums of it match running_sum_exact. Lets a caller
  // move a cached intermediate or running sum by a step in O(kH·kW) instead
  // of rebuilding a canvas.
  template <class F>
  void for_each_cell(size_t t, int64_t c_out, F&& f) const {
    const ScatterStep& s = steps_[t];
    if (geo_.group_of_in(s.c_in) != geo_.group_of_out(c_out)) return;
    const int64_t kH = geo_.h.kernel, kW = geo_.w.kernel;
    const float* k =
        w_.data() + (s.c_in * geo_.out_per_group() + c_out % geo_.out_per_group()) * kH * kW;
    for (int64_t kh = 0; kh < kH; ++kh)
      for (int64_t kw = 0; kw < kW; ++kw)
        f(s.origin_h + kh * geo_.h.dilation, s.origin_w + kw * geo_.w.dilation,
          static_cast<double>(s.value) * k[kh * kW + kw]);
  }
  // Adds sign × step t's intermediate for c_out into m (canvas-sized), in O(kH·kW).
  void add_step(size_t t, int64_t c_out, Eigen::MatrixXd& m, double sign = 1.0) const;
  // The final output (cropped, output_padding added, bias added): the same
  // values as every other method.
  Tensor4 output() const;

 private:
  Geometry geo_;
  Tensor4 x_, w_;
  Tensor1 bias_;
  std::vector<ScatterStep> steps_;
};

}  // namespace tconv
