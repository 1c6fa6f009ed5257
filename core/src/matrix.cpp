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
  std::vector<Eigen::Triplet<float, int32_t>> triplets;
  triplets.reserve(static_cast<size_t>(rows * cout_g * kH * kW));
  const float* wp = w.data();
  for (int64_t ci = 0; ci < Cin; ++ci) {
    const int64_t co0 = geo.group_of_in(ci) * cout_g;
    for (int64_t ih = 0; ih < H; ++ih) {
      for (int64_t iw = 0; iw < W; ++iw) {
        const auto row = static_cast<int32_t>(row_of(ci, ih, iw));
        for (int64_t cl = 0; cl < cout_g; ++cl) {
          for (int64_t kh = 0; kh < kH; ++kh) {
            const int64_t oh = ih * ah.stride + kh * ah.dilation - ah.padding;
            if (oh < 0 || oh >= Ho) continue;
            for (int64_t kw = 0; kw < kW; ++kw) {
              const int64_t ow = iw * aw.stride + kw * aw.dilation - aw.padding;
              if (ow < 0 || ow >= Wo) continue;
              triplets.emplace_back(row, static_cast<int32_t>(col_of(co0 + cl, oh, ow)),
                                    wp[((ci * cout_g + cl) * kH + kh) * kW + kw]);
            }
          }
        }
      }
    }
  }
  w_.resize(rows, cols);
  // No duplicates (distinct taps land on distinct cells), so nothing is summed;
  // explicit zeros of the weight stay structural non-zeros.
  w_.setFromTriplets(triplets.begin(), triplets.end());
  w_.makeCompressed();

  // The tap of each stored non-zero follows from its row and column.
  taps_.resize(static_cast<size_t>(w_.nonZeros()));
  const int32_t* outer = w_.outerIndexPtr();
  const int32_t* inner = w_.innerIndexPtr();
  for (int64_t r = 0; r < rows; ++r) {
    const int64_t ci = r / (H * W), ih = (r / W) % H, iw = r % W;
    for (int32_t k = outer[r]; k < outer[r + 1]; ++k) {
      const int64_t c = inner[k];
      const int64_t co = c / (Ho * Wo), oh = (c / Wo) % Ho, ow = c % Wo;
      Tap& t = taps_[static_cast<size_t>(k)];
      t.c_in = static_cast<int32_t>(ci);
      t.c_out_local = static_cast<int32_t>(co % cout_g);
      t.kh = static_cast<int32_t>((oh + ah.padding - ih * ah.stride) / ah.dilation);
      t.kw = static_cast<int32_t>((ow + aw.padding - iw * aw.stride) / aw.dilation);
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
