// The scatter method: d2l's trans_conv, generalized to batches, channels,
// groups, stride, padding, output_padding and dilation. The reference the
// other methods are tested against, so it accumulates in double.
#include "tconv/scatter.h"

#include <algorithm>
#include <limits>
#include <string>

#include "detail.h"
#include "tconv/conv.h"
#include "tconv/errors.h"

namespace tconv {

namespace {

// Full canvas extent of one axis before cropping: (in - 1) * stride + span.
int64_t full_extent(const Axis& a) {
  return (a.in - 1) * a.stride + a.dilation * (a.kernel - 1) + 1;
}

}  // namespace

Tensor4 conv_transpose2d_scatter(const Tensor4& x, const Tensor4& w, const Tensor1* bias,
                                 const Geometry& geo) {
  const int64_t N = geo.batch, Cin = geo.in_channels, Cout = geo.out_channels;
  const int64_t cin_g = geo.in_per_group(), cout_g = geo.out_per_group();
  const Axis &ah = geo.h, &aw = geo.w;
  const int64_t H = ah.in, W = aw.in, kH = ah.kernel, kW = aw.kernel;
  const int64_t FH = full_extent(ah), FW = full_extent(aw);
  const float* xp = x.data();
  const float* wp = w.data();

  Tensor4 y(N, Cout, ah.out, aw.out);
  // An empty batch is all PyTorch checks little of (dilation, kernel, ...):
  // nothing to compute, and the geometry may not describe a canvas.
  if (y.size() == 0) return y;
  std::vector<double> canvas(static_cast<size_t>(Cout * FH * FW));
  for (int64_t n = 0; n < N; ++n) {
    std::fill(canvas.begin(), canvas.end(), 0.0);
    for (int64_t g = 0; g < geo.groups; ++g) {
      for (int64_t ci = g * cin_g; ci < (g + 1) * cin_g; ++ci) {
        for (int64_t col = 0; col < cout_g; ++col) {
          double* plane = canvas.data() + (g * cout_g + col) * FH * FW;
          const float* k = wp + (ci * cout_g + col) * kH * kW;
          // Every input pixel adds x · K at its strided offset, taps dilated.
          for (int64_t ih = 0; ih < H; ++ih) {
            for (int64_t iw = 0; iw < W; ++iw) {
              const double xv = xp[((n * Cin + ci) * H + ih) * W + iw];
              for (int64_t kh = 0; kh < kH; ++kh) {
                double* row = plane + (ih * ah.stride + kh * ah.dilation) * FW + iw * aw.stride;
                for (int64_t kw = 0; kw < kW; ++kw) row[kw * aw.dilation] += xv * k[kh * kW + kw];
              }
            }
          }
        }
      }
    }
    // Padding crops the canvas; output_padding rows/cols past it stay zero.
    for (int64_t co = 0; co < Cout; ++co) {
      const double b = bias ? (*bias)(co) : 0.0;
      const double* plane = canvas.data() + co * FH * FW;
      float* out = y.data() + (n * Cout + co) * ah.out * aw.out;
      for (int64_t oh = 0; oh < ah.out; ++oh) {
        const int64_t r = oh + ah.padding;
        for (int64_t ow = 0; ow < aw.out; ++ow) {
          const int64_t c = ow + aw.padding;
          const double v = (r < FH && c < FW) ? plane[r * FW + c] : 0.0;
          out[oh * aw.out + ow] = static_cast<float>(v + b);
        }
      }
    }
  }
  return y;
}

ScatterRecord::ScatterRecord(const Tensor4& x, const Tensor4& w, const Tensor1* bias,
                             const Geometry& geo)
    : geo_(geo), x_(x), w_(w) {
  if (bias) bias_ = *bias;
  const int64_t N = geo.batch, C = geo.in_channels, H = geo.h.in, W = geo.w.in;
  constexpr int64_t kMax = std::numeric_limits<int32_t>::max();
  if (N * C * H * W > kMax || (H - 1) * geo.h.stride > kMax || (W - 1) * geo.w.stride > kMax) {
    throw LimitError("the scatter record holds at most 2^31 steps and canvas rows");
  }
  // One allocation up front: recording is a single pass over the input.
  steps_.resize(static_cast<size_t>(N * C * H * W));
  const float* xp = x.data();
  ScatterStep* s = steps_.data();
  for (int32_t n = 0; n < N; ++n) {
    for (int32_t c = 0; c < C; ++c) {
      for (int32_t ih = 0; ih < H; ++ih) {
        const auto oh = static_cast<int32_t>(ih * geo.h.stride);
        for (int32_t iw = 0; iw < W; ++iw) {
          *s++ = ScatterStep{n, c, ih, iw, oh, static_cast<int32_t>(iw * geo.w.stride), *xp++};
        }
      }
    }
  }
}

Eigen::MatrixXf ScatterRecord::intermediate(size_t t, int64_t c_out) const {
  if (t >= steps_.size()) {
    throw LimitError("step " + std::to_string(t) + " is out of range: the record has " +
                     std::to_string(steps_.size()) + " steps");
  }
  if (c_out < 0 || c_out >= geo_.out_channels) {
    throw LimitError("output channel " + std::to_string(c_out) + " is out of range [0, " +
                     std::to_string(geo_.out_channels) + ")");
  }
  Eigen::MatrixXf m = Eigen::MatrixXf::Zero(geo_.h.canvas(), geo_.w.canvas());
  for_each_cell(t, c_out, [&](int64_t r, int64_t c, double v) { m(r, c) = static_cast<float>(v); });
  return m;
}

void ScatterRecord::add_step(size_t t, int64_t c_out, Eigen::MatrixXd& m, double sign) const {
  if (t >= steps_.size()) {
    throw LimitError("step " + std::to_string(t) + " is out of range: the record has " +
                     std::to_string(steps_.size()) + " steps");
  }
  if (c_out < 0 || c_out >= geo_.out_channels || m.rows() != geo_.h.canvas() ||
      m.cols() != geo_.w.canvas()) {
    throw LimitError("add_step: output channel " + std::to_string(c_out) +
                     " or the plane's size does not fit the record");
  }
  for_each_cell(t, c_out, [&](int64_t r, int64_t c, double v) { m(r, c) += sign * v; });
}

Eigen::MatrixXf ScatterRecord::running_sum(size_t t, int64_t n, int64_t c_out) const {
  return running_sum_exact(t, n, c_out).cast<float>();
}

Eigen::MatrixXd ScatterRecord::running_sum_exact(size_t t, int64_t n, int64_t c_out) const {
  if (t >= steps_.size()) {
    throw LimitError("step " + std::to_string(t) + " is out of range: the record has " +
                     std::to_string(steps_.size()) + " steps");
  }
  if (n < 0 || n >= geo_.batch || c_out < 0 || c_out >= geo_.out_channels) {
    throw LimitError("batch " + std::to_string(n) + ", output channel " + std::to_string(c_out) +
                     " is out of range for " + format_shape(geo_.output_shape()));
  }
  const Axis &ah = geo_.h, &aw = geo_.w;
  const int64_t CH = ah.canvas(), CW = aw.canvas();
  const int64_t H = ah.in, W = aw.in, HW = H * W;
  const int64_t cin_g = geo_.in_per_group(), g = geo_.group_of_out(c_out);
  const int64_t col = c_out % geo_.out_per_group();
  const auto ti = static_cast<int64_t>(t);

  // Input elements of (n, c_in) that precede t in reading order: the first
  // limit[c] + 1 of its H·W (none when negative).
  std::vector<int64_t> limit(static_cast<size_t>(cin_g));
  bool any = false;
  for (int64_t c = 0; c < cin_g; ++c) {
    const int64_t base = (n * geo_.in_channels + g * cin_g + c) * HW;
    limit[c] = ti < base ? -1 : std::min(ti - base, HW - 1);
    any = any || limit[c] >= 0;
  }
  Eigen::MatrixXd m = Eigen::MatrixXd::Zero(CH, CW);
  if (!any) return m;

  // Which (tap, input index) lands on each canvas row / col.
  struct Hit {
    int64_t k, i;
  };
  auto hits = [](const Axis& a, int64_t extent) {
    std::vector<std::vector<Hit>> out(static_cast<size_t>(extent));
    for (int64_t r = 0; r < extent; ++r) {
      for (int64_t k = 0; k < a.kernel; ++k) {
        const int64_t d = r - k * a.dilation;
        if (d >= 0 && d % a.stride == 0 && d / a.stride < a.in) out[r].push_back({k, d / a.stride});
      }
    }
    return out;
  };
  const auto rows = hits(ah, CH), cols = hits(aw, CW);

  const float* xp = x_.data();
  const float* wp = w_.data();
  const int64_t kk = ah.kernel * aw.kernel;
  for (int64_t r = 0; r < CH; ++r) {
    for (int64_t c = 0; c < CW; ++c) {
      double acc = 0.0;
      for (const Hit& hr : rows[r]) {
        for (const Hit& hc : cols[c]) {
          const int64_t e = hr.i * W + hc.i;
          for (int64_t cl = 0; cl < cin_g; ++cl) {
            if (e > limit[cl]) continue;
            const int64_t ci = g * cin_g + cl;
            acc += static_cast<double>(xp[(n * geo_.in_channels + ci) * HW + e]) *
                   wp[(ci * geo_.out_per_group() + col) * kk + hr.k * aw.kernel + hc.k];
          }
        }
      }
      m(r, c) = acc;
    }
  }
  return m;
}

Tensor4 ScatterRecord::output() const {
  return conv_transpose2d_scatter(x_, w_, bias_.size() > 0 ? &bias_ : nullptr, geo_);
}

}  // namespace tconv
