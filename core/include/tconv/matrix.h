// The matrix method: the sparse convolution matrix W of the direct
// convolution that maps the transposed conv's output shape back to its input
// shape, so that vec(y) = Wᵀ vec(x) (per batch, before bias).
#pragma once

#include <Eigen/Sparse>
#include <cstdint>
#include <vector>

#include "tconv/shape.h"
#include "tconv/tensor.h"

namespace tconv {

// The kernel tap a non-zero of W comes from: weight[c_in, c_out_local, kh, kw].
struct Tap {
  int32_t c_in = 0, c_out_local = 0, kh = 0, kw = 0;
};

class MatrixRecord {
 public:
  using SparseW = Eigen::SparseMatrix<float, Eigen::RowMajor, int32_t>;

  MatrixRecord() = default;
  // Rows: input elements (c_in, ih, iw) row-major, C_in·H·W of them.
  // Cols: output elements (c_out, oh, ow) row-major, C_out·Ho·Wo of them.
  // Block structure for groups; output_padding ≥ stride handled (cols past
  // the direct conv's reach simply have no non-zero).
  MatrixRecord(const Tensor4& w, const Geometry& geo);
  // Eigen 3.4's SparseMatrix has no move operations: moving a record (out of
  // build_records, into the studio's model) copied W, 2 MB for a 128×128
  // input, twice per rebuild. These swap it instead.
  MatrixRecord(const MatrixRecord&) = default;
  MatrixRecord& operator=(const MatrixRecord&) = default;
  MatrixRecord(MatrixRecord&& o) noexcept : geo_(o.geo_), taps_(std::move(o.taps_)) {
    w_.swap(o.w_);
  }
  MatrixRecord& operator=(MatrixRecord&& o) noexcept {
    geo_ = o.geo_;
    w_.swap(o.w_);
    taps_ = std::move(o.taps_);
    return *this;
  }

  const Geometry& geometry() const { return geo_; }
  const SparseW& W() const { return w_; }  // compressed
  int64_t rows() const { return w_.rows(); }
  int64_t cols() const { return w_.cols(); }
  // Tap of the k-th stored non-zero (aligned with W().valuePtr()).
  const Tap& tap(int64_t k) const { return taps_.at(static_cast<size_t>(k)); }
  // Tap at (row, col), or nullptr when W(row, col) is a structural zero.
  const Tap* tap_at(int64_t row, int64_t col) const;

  // y = Wᵀ x for each batch, plus bias.
  Tensor4 apply_transposed(const Tensor4& x, const Tensor1* bias) const;
  // Direct convolution by W: (N, C_out, Ho, Wo) -> (N, C_in, H, W).
  Tensor4 apply(const Tensor4& y) const;

  // Index helpers: row of input element, col of output element.
  int64_t row_of(int64_t c_in, int64_t ih, int64_t iw) const;
  int64_t col_of(int64_t c_out, int64_t oh, int64_t ow) const;

 private:
  Geometry geo_;
  SparseW w_;
  std::vector<Tap> taps_;
};

}  // namespace tconv
