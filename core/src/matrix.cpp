// The matrix method: W of the direct convolution (output shape -> input
// shape), so that the transposed convolution is vec(y) = Wᵀ vec(x). Sparse
// throughout: a 128×128 input already gives W of 16,384 × 66,049.
#include "tconv/matrix.h"

#include <algorithm>
#include <limits>

#include "detail.h"
#include "tconv/conv.h"
#include "tconv/errors.h"

namespace tconv {

MatrixRecord::MatrixRecord(const Tensor4& w, const Geometry& geo) : geo_(geo) {
  const Axis &ah = geo.h, &aw = geo.w;
  const int64_t Cin = geo.in_channels, cout_g = geo.out_per_group();
  const int64_t H = ah.in, W = aw.in, Ho = ah.out, Wo = aw.out;
  const int64_t kH = ah.kernel, kW = aw.kernel;
  const int64_t rows = Cin * H * W, cols = geo.out_channels * Ho * Wo;
  if (kH <= 0 || kW <= 0 || ah.dilation <= 0 || aw.dilation <= 0 || ah.stride <= 0 ||
      aw.stride <= 0) {
    // Only an empty batch gets past the checks with these; W means nothing then.
    throw LimitError("no convolution matrix for a kernel, stride or dilation below 1");
  }
  constexpr int64_t kMax = std::numeric_limits<int32_t>::max();
  if (rows > kMax || cols > kMax || rows * cout_g * kH * kW > kMax) {
    throw LimitError("the convolution matrix W would exceed 2^31 rows, columns or non-zeros");
  }

  // Row (c_in, ih, iw) holds weight[c_in, c_out_local, kh, kw] in the column of
  // the output cell that tap lands on: (ih·s + kh·d - p, iw·s + kw·d - p).
  // Taps landing in the cropped border have no column. Only the c_out of
  // c_in's group appear: the block structure of grouped convolution.
  //
  // Built straight into compressed row storage: a row's non-zeros are known
  // in column order (c_out_local, then kh, then kw, all ascending), so there
  // is nothing to sort (triplets + sort took ~13 ms for a 128×128 input).
  // Explicit zeros of the weight stay structural non-zeros.
  auto valid_taps = [](const Axis& a) {
    // For each input index: the first valid tap and how many follow.
    std::vector<std::pair<int32_t, int32_t>> v(static_cast<size_t>(a.in));
    for (int64_t i = 0; i < a.in; ++i) {
      const auto [k0, k1] =
          detail::valid_range(i * a.stride - a.padding, a.dilation, a.out, a.kernel);
      v[i] = {static_cast<int32_t>(k0), static_cast<int32_t>(k1 - k0)};
    }
    return v;
  };
  const auto vh = valid_taps(ah), vw = valid_taps(aw);
  w_.resize(rows, cols);
  int32_t* outer = w_.outerIndexPtr();
  outer[0] = 0;
  int64_t nnz = 0;
  for (int64_t r = 0; r < rows; ++r) {
    const int64_t ih = (r / W) % H, iw = r % W;
    nnz += cout_g * vh[ih].second * vw[iw].second;
    outer[r + 1] = static_cast<int32_t>(nnz);
  }
  w_.resizeNonZeros(nnz);
  taps_.clear();
  taps_.reserve(static_cast<size_t>(nnz));  // filled in order below: written once, not zeroed first
  int32_t* inner = w_.innerIndexPtr();
  float* values = w_.valuePtr();
  const float* wp = w.data();
  for (int64_t ci = 0; ci < Cin; ++ci) {
    const int64_t co0 = geo.group_of_in(ci) * cout_g;
    for (int64_t ih = 0; ih < H; ++ih) {
      const auto [kh0, nkh] = vh[ih];
      for (int64_t iw = 0; iw < W; ++iw) {
        const auto [kw0, nkw] = vw[iw];
        int64_t k = outer[row_of(ci, ih, iw)];
        for (int64_t cl = 0; cl < cout_g; ++cl) {
          const float* kern = wp + (ci * cout_g + cl) * kH * kW;
          for (int64_t kh = kh0; kh < kh0 + nkh; ++kh) {
            const int64_t base = col_of(co0 + cl, ih * ah.stride + kh * ah.dilation - ah.padding,
                                        iw * aw.stride - aw.padding);
            for (int64_t kw = kw0; kw < kw0 + nkw; ++kw, ++k) {
              inner[k] = static_cast<int32_t>(base + kw * aw.dilation);
              values[k] = kern[kh * kW + kw];
              taps_.push_back(Tap{static_cast<int32_t>(ci), static_cast<int32_t>(cl),
                                  static_cast<int32_t>(kh), static_cast<int32_t>(kw)});
            }
          }
        }
      }
    }
  }
}

const Tap* MatrixRecord::tap_at(int64_t row, int64_t col) const {
  if (row < 0 || row >= w_.rows() || col < 0 || col >= w_.cols()) return nullptr;
  const int32_t* inner = w_.innerIndexPtr();
  const int32_t* first = inner + w_.outerIndexPtr()[row];
  const int32_t* last = inner + w_.outerIndexPtr()[row + 1];
  const int32_t* it = std::lower_bound(first, last, static_cast<int32_t>(col));
  if (it == last || *it != col) return nullptr;
  return &taps_[static_cast<size_t>(it - inner)];
}

int64_t MatrixRecord::row_of(int64_t c_in, int64_t ih, int64_t iw) const {
  return (c_in * geo_.h.in + ih) * geo_.w.in + iw;
}

int64_t MatrixRecord::col_of(int64_t c_out, int64_t oh, int64_t ow) const {
  return (c_out * geo_.h.out + oh) * geo_.w.out + ow;
}

Tensor4 MatrixRecord::apply_transposed(const Tensor4& x, const Tensor1* bias) const {
  const int64_t N = x.dimension(0), Cout = geo_.out_channels, plane = geo_.h.out * geo_.w.out;
  Tensor4 y(N, Cout, geo_.h.out, geo_.w.out);
  for (int64_t n = 0; n < N; ++n) {
    Eigen::Map<const Eigen::VectorXf> xv(x.data() + n * w_.rows(), w_.rows());
    Eigen::Map<Eigen::VectorXf> yv(y.data() + n * w_.cols(), w_.cols());
    yv.noalias() = w_.transpose() * xv;
    if (bias) {
      for (int64_t co = 0; co < Cout; ++co) yv.segment(co * plane, plane).array() += (*bias)(co);
    }
  }
  return y;
}

Tensor4 MatrixRecord::apply(const Tensor4& y) const {
  const int64_t N = y.dimension(0);
  Tensor4 x(N, geo_.in_channels, geo_.h.in, geo_.w.in);
  for (int64_t n = 0; n < N; ++n) {
    Eigen::Map<const Eigen::VectorXf> yv(y.data() + n * w_.cols(), w_.cols());
    Eigen::Map<Eigen::VectorXf> xv(x.data() + n * w_.rows(), w_.rows());
    xv.noalias() = w_ * yv;
  }
  return x;
}

Tensor4 conv_transpose2d_matrix(const Tensor4& x, const Tensor4& w, const Tensor1* bias,
                                const Geometry& geo) {
  // Empty batch: PyTorch leaves its geometry mostly unchecked; nothing to compute.
  if (geo.batch == 0) return Tensor4(0, geo.out_channels, geo.h.out, geo.w.out);
  return MatrixRecord(w, geo).apply_transposed(x, bias);
}

}  // namespace tconv
