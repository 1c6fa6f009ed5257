// The flip method: a transposed convolution is a direct convolution (stride
// 1) over the zero-inserted, padded input with the kernel rotated 180° and
// its in/out channels swapped, as in Dumoulin & Visin's conv_arithmetic.
#include "tconv/flip.h"

#include <algorithm>

#include "tconv/conv.h"

namespace tconv {

namespace {

// What row/col r of one padded axis is. L: inserted length, P: direct
// padding, also the shift from padded to inserted coordinates.
CellKind axis_kind(int64_t r, int64_t L, int64_t P, int64_t stride) {
  const int64_t i = r - P;
  if (i < 0) return CellKind::Padding;
  if (i < L) return i % stride == 0 ? CellKind::Input : CellKind::Inserted;
  // Past the inserted input: the symmetric padding first, then the
  // output_padding strip. With P < 0 the strip can re-expose input rows the
  // crop removed; those are caught above as Input/Inserted.
  return r < L + 2 * P ? CellKind::Padding : CellKind::OutputPadding;
}

CellKind combine(CellKind a, CellKind b) {
  if (a == CellKind::OutputPadding || b == CellKind::OutputPadding) return CellKind::OutputPadding;
  if (a == CellKind::Padding || b == CellKind::Padding) return CellKind::Padding;
  if (a == CellKind::Inserted || b == CellKind::Inserted) return CellKind::Inserted;
  return CellKind::Input;
}

}  // namespace

FlipRecord::FlipRecord(const Tensor4& x, const Tensor4& w, const Tensor1* bias, const Geometry& geo)
    : geo_(geo) {
  if (geo.batch == 0) {
    // The stages of nothing: PyTorch leaves an empty batch's geometry mostly
    // unchecked, so their sizes may not even be defined.
    output_ = Tensor4(0, geo.out_channels, geo.h.out, geo.w.out);
    return;
  }
  const Axis &ah = geo.h, &aw = geo.w;
  const int64_t N = geo.batch, Cin = geo.in_channels, Cout = geo.out_channels;
  const int64_t cin_g = geo.in_per_group(), cout_g = geo.out_per_group();
  const int64_t H = ah.in, W = aw.in, kH = ah.kernel, kW = aw.kernel;

  // Stage 1: stride - 1 zeros between neighbouring inputs.
  const int64_t LH = (H - 1) * ah.stride + 1, LW = (W - 1) * aw.stride + 1;
  // (Raw pointers, plane by plane: Tensor4's 4-index access was a tenth of
  // the studio's rebuild time at 128×128.)
  inserted_ = Tensor4(N, Cin, LH, LW);
  inserted_.setZero();
  for (int64_t p = 0; p < N * Cin; ++p) {
    const float* src = x.data() + p * H * W;
    float* dst = inserted_.data() + p * LH * LW;
    for (int64_t ih = 0; ih < H; ++ih) {
      float* row = dst + ih * ah.stride * LW;
      for (int64_t iw = 0; iw < W; ++iw) row[iw * aw.stride] = src[ih * W + iw];
    }
  }

  // Stage 2: pad by P = dilation·(k-1) - padding each side (crop when
  // negative) and add output_padding bottom/right: padded[r] = inserted[r - P].
  const int64_t PH = pad_top(), PW = pad_left();
  const int64_t RH = LH + 2 * PH + ah.output_padding, RW = LW + 2 * PW + aw.output_padding;
  padded_ = Tensor4(N, Cin, RH, RW);
  padded_.setZero();
  const int64_t r0 = std::max<int64_t>(0, PH), r1 = std::min(RH, LH + PH);
  const int64_t s0 = std::max<int64_t>(0, PW), s1 = std::min(RW, LW + PW);
  for (int64_t p = 0; p < N * Cin && s0 < s1; ++p) {
    const float* src = inserted_.data() + p * LH * LW;
    float* dst = padded_.data() + p * RH * RW;
    for (int64_t r = r0; r < r1; ++r)
      std::copy_n(src + (r - PH) * LW + (s0 - PW), s1 - s0, dst + r * RW + s0);
  }
  kinds_.resize(RH, RW);
  for (int64_t r = 0; r < RH; ++r) {
    const CellKind kr = axis_kind(r, LH, PH, ah.stride);
    for (int64_t s = 0; s < RW; ++s) kinds_(r, s) = combine(kr, axis_kind(s, LW, PW, aw.stride));
  }

  // Stage 3: kernel rotated 180°, (C_in, C_out/g) swapped to (C_out, C_in/g).
  flipped_ = Tensor4(Cout, cin_g, kH, kW);
  for (int64_t co = 0; co < Cout; ++co) {
    const int64_t g = co / cout_g, cl = co % cout_g;
    for (int64_t il = 0; il < cin_g; ++il)
      for (int64_t kh = 0; kh < kH; ++kh)
        for (int64_t kw = 0; kw < kW; ++kw)
          flipped_(co, il, kh, kw) = w(g * cin_g + il, cl, kH - 1 - kh, kW - 1 - kw);
  }

  // Stage 4: the direct convolution, stride 1, same dilation, no padding.
  Conv2dGeometry cg;
  cg.batched = true;
  cg.batch = N;
  cg.in_channels = Cin;
  cg.out_channels = Cout;
  cg.groups = geo.groups;
  cg.has_bias = bias != nullptr;
  cg.in_h = RH;
  cg.in_w = RW;
  cg.k_h = kH;
  cg.k_w = kW;
  cg.out_h = RH - ah.dilation * (kH - 1);
  cg.out_w = RW - aw.dilation * (kW - 1);
  cg.stride = Pair(1);
  cg.dilation = Pair(ah.dilation, aw.dilation);
  output_ = conv2d(padded_, flipped_, bias, cg);
}

int64_t FlipRecord::pad_top() const {
  return geo_.h.direct_padding();
}
int64_t FlipRecord::pad_left() const {
  return geo_.w.direct_padding();
}

Tensor4 conv_transpose2d_flip(const Tensor4& x, const Tensor4& w, const Tensor1* bias,
                              const Geometry& geo) {
  // Empty batch: PyTorch leaves its geometry mostly unchecked; nothing to compute.
  if (geo.batch == 0) return Tensor4(0, geo.out_channels, geo.h.out, geo.w.out);
  return FlipRecord(x, w, bias, geo).output();
}

}  // namespace tconv
