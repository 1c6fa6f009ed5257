// The fast path: per group, cols = weightᵀ · input (one Eigen GEMM over a
// block of batches), then col2im scatter-adds cols into the output. Threads
// share the (group, batch block, channel chunk) work units; units write
// disjoint output planes, so there is no locking.
#include <Eigen/Dense>
#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#include "detail.h"
#include "tconv/conv.h"

namespace tconv {

namespace {

using RowMat = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

int64_t ceil_div(int64_t a, int64_t b) {
  return (a + b - 1) / b;
}

// Below this many multiply-adds per thread, starting a thread costs more
// than it saves.
constexpr int64_t kMacsPerThread = int64_t{1} << 20;
// GEMMs narrower than this many columns run below Eigen's best speed, so
// small images are stacked across batches.
constexpr int64_t kMinGemmCols = 512;

}  // namespace

Tensor4 conv_transpose2d_gemm(const Tensor4& x, const Tensor4& w, const Tensor1* bias,
                              const Geometry& geo, int threads) {
  const Axis &ah = geo.h, &aw = geo.w;
  const int64_t N = geo.batch, Cin = geo.in_channels, Cout = geo.out_channels, G = geo.groups;
  const int64_t cin_g = geo.in_per_group(), cout_g = geo.out_per_group();
  const int64_t H = ah.in, W = aw.in, Ho = ah.out, Wo = aw.out, kH = ah.kernel, kW = aw.kernel;
  const int64_t kk = kH * kW, M = cout_g * kk, K = cin_g, P = H * W, plane = Ho * Wo;

  Tensor4 y(N, Cout, Ho, Wo);
  if (y.size() == 0) return y;  // empty batch: see conv_transpose2d_scatter
  float* yp = y.data();
  for (int64_t n = 0; n < N; ++n)
    for (int64_t co = 0; co < Cout; ++co)
      std::fill_n(yp + (n * Cout + co) * plane, plane, bias ? (*bias)(co) : 0.f);

  int64_t T = threads > 0 ? threads : std::max(1u, std::thread::hardware_concurrency());
  T = std::clamp<int64_t>(N * Cin * P * cout_g * kk / kMacsPerThread, 1, T);

  // Work units: (group, batch block, output-channel chunk). Channel chunks
  // only when there are fewer (group, batch) pairs than threads.
  int64_t nb = std::min(N, ceil_div(kMinGemmCols, P));
  nb = std::max<int64_t>(1, std::min(nb, N * G / T));
  const int64_t blocks = ceil_div(N, nb);
  const int64_t chunks = G * blocks >= T ? 1 : std::min(cout_g, ceil_div(T, G * blocks));
  const int64_t units = G * blocks * chunks;
  T = std::min(T, units);

  const float* xp = x.data();
  const float* wp = w.data();
  std::atomic<int64_t> next{0};
  std::exception_ptr error;
  std::mutex error_mutex;

  auto worker = [&] {
    try {
      RowMat packed, cols;  // reused across this thread's units
      for (int64_t u; (u = next.fetch_add(1)) < units;) {
        const int64_t g = u / (blocks * chunks), bb = (u / chunks) % blocks, ch = u % chunks;
        const int64_t n0 = bb * nb, nn = std::min(nb, N - n0);
        const int64_t c0 = ch * cout_g / chunks, c1 = (ch + 1) * cout_g / chunks;

        // weight[g's c_in, :, :, :] is a contiguous (C_in/g × C_out/g·kH·kW) row-major block.
        Eigen::Map<const RowMat> wg(wp + g * cin_g * M, K, M);
        const auto a = wg.middleCols(c0 * kk, (c1 - c0) * kk).transpose();
        const float* xg = xp + (n0 * Cin + g * cin_g) * P;
        if (nn == 1) {
          cols.noalias() = a * Eigen::Map<const RowMat>(xg, K, P);
        } else {
          packed.resize(K, nn * P);
          for (int64_t b = 0; b < nn; ++b)
            packed.middleCols(b * P, P) = Eigen::Map<const RowMat>(xg + b * Cin * P, K, P);
          cols.noalias() = a * packed;
        }

        // col2im: row (c_out, kh, kw) of cols, column (b, ih, iw), goes to
        // output cell (ih·s + kh·d - p, iw·s + kw·d - p) when inside.
        const int64_t ld = cols.cols();
        for (int64_t b = 0; b < nn; ++b) {
          for (int64_t cl = c0; cl < c1; ++cl) {
            float* out = yp + ((n0 + b) * Cout + g * cout_g + cl) * plane;
            for (int64_t kh = 0; kh < kH; ++kh) {
              const int64_t off_h = kh * ah.dilation - ah.padding;
              const auto [ih0, ih1] = detail::valid_range(off_h, ah.stride, Ho, H);
              for (int64_t kw = 0; kw < kW; ++kw) {
                const int64_t off_w = kw * aw.dilation - aw.padding;
                const auto [iw0, iw1] = detail::valid_range(off_w, aw.stride, Wo, W);
                const float* src = cols.data() + ((cl - c0) * kk + kh * kW + kw) * ld + b * P;
                for (int64_t ih = ih0; ih < ih1; ++ih) {
                  float* orow = out + (ih * ah.stride + off_h) * Wo;
                  const float* srow = src + ih * W;
                  if (aw.stride == 1) {
                    for (int64_t iw = iw0; iw < iw1; ++iw) orow[iw + off_w] += srow[iw];
                  } else {
                    const int64_t s = aw.stride;
                    for (int64_t iw = iw0; iw < iw1; ++iw) orow[iw * s + off_w] += srow[iw];
                  }
                }
              }
            }
          }
        }
      }
    } catch (...) {
      std::lock_guard<std::mutex> lock(error_mutex);
      if (!error) error = std::current_exception();
    }
  };

  std::vector<std::thread> pool;
  pool.reserve(static_cast<size_t>(T - 1));
  for (int64_t i = 1; i < T; ++i) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();
  if (error) std::rethrow_exception(error);
  return y;
}

}  // namespace tconv
