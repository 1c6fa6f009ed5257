// F.conv2d, direct: the reference for the flip method and for round trips.
#include <vector>

#include "detail.h"
#include "tconv/conv.h"

namespace tconv {

Tensor4 conv2d(const Tensor4& x, const Tensor4& w, const Tensor1* bias, const Conv2dGeometry& geo) {
  const int64_t N = geo.batch, Cin = geo.in_channels, Cout = geo.out_channels;
  const int64_t cin_g = Cin / geo.groups, cout_g = Cout / geo.groups;
  const int64_t H = geo.in_h, W = geo.in_w, kH = geo.k_h, kW = geo.k_w;
  const int64_t Ho = geo.out_h, Wo = geo.out_w;
  const int64_t sh = geo.stride.h, sw = geo.stride.w, dh = geo.dilation.h, dw = geo.dilation.w;
  const float* xp = x.data();
  const float* wp = w.data();

  Tensor4 y(N, Cout, Ho, Wo);
  // Empty batch or channels: PyTorch's shortcut, nothing to compute.
  if (y.size() == 0 || x.size() == 0) {
    y.setZero();
    return y;
  }
  std::vector<double> acc(static_cast<size_t>(Ho * Wo));
  for (int64_t n = 0; n < N; ++n) {
    for (int64_t co = 0; co < Cout; ++co) {
      std::fill(acc.begin(), acc.end(), bias ? static_cast<double>((*bias)(co)) : 0.0);
      const int64_t g = co / cout_g;
      for (int64_t cl = 0; cl < cin_g; ++cl) {
        const float* plane = xp + (n * Cin + g * cin_g + cl) * H * W;
        for (int64_t kh = 0; kh < kH; ++kh) {
          // Output rows whose tap kh reads a real (unpadded) input row.
          const auto [oh0, oh1] = detail::valid_range(kh * dh - geo.pad_top, sh, H, Ho);
          for (int64_t kw = 0; kw < kW; ++kw) {
            const double wv = wp[((co * cin_g + cl) * kH + kh) * kW + kw];
            const int64_t off_w = kw * dw - geo.pad_left;
            const auto [ow0, ow1] = detail::valid_range(off_w, sw, W, Wo);
            for (int64_t oh = oh0; oh < oh1; ++oh) {
              const float* row = plane + (oh * sh + kh * dh - geo.pad_top) * W;
              double* a = acc.data() + oh * Wo;
              for (int64_t ow = ow0; ow < ow1; ++ow) a[ow] += wv * row[ow * sw + off_w];
            }
          }
        }
      }
      float* out = y.data() + (n * Cout + co) * Ho * Wo;
      for (int64_t i = 0; i < Ho * Wo; ++i) out[i] = static_cast<float>(acc[i]);
    }
  }
  return y;
}

}  // namespace tconv
