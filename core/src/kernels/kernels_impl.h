// The kernels' code, shared by every kernels_<isa>.cpp: each includes it
// once, compiled with its own target flags, after defining
//
//   Eigen                   tconv_eigen_<isa>: Eigen's namespace renamed for
//                           this file, so the GEMM templates it instantiates
//                           (same names in every ISA's file, different code)
//                           are distinct symbols the linker cannot merge.
//   TCONV_KERNELS_NS        <isa>: our own namespace for the same reason
//   TCONV_KERNELS_ISA       the Isa value the table reports
//   TCONV_DIRECT_LANES      floats per vector register
//   TCONV_DIRECT_REGS       accumulator registers per output channel
//   TCONV_DIRECT_CHANNELS   output channels per pass
//
// Nothing here may instantiate a std:: template out of line: those are weak
// symbols shared with the rest of the program, and the linker would keep one
// copy, perhaps this ISA's (tests/unit/isa_objects.sh checks the objects).
#pragma once

#include <Eigen/Core>
#include <cstring>

#include "kernels.h"

#ifndef TCONV_KERNELS_NS
#error "kernels_impl.h is included by kernels_<isa>.cpp only"
#endif

namespace tconv::kernels::TCONV_KERNELS_NS {
namespace {

// [SECTION] GEMM: Eigen's, vectorized for this file's target.

using RowMat = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using ColMat = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::ColMajor>;
using Stride = Eigen::OuterStride<>;

void gemm(const GemmArgs& g) {
  const Eigen::Map<const RowMat, 0, Stride> b(g.b, g.k, g.n, Stride(g.ldb));
  Eigen::Map<RowMat, 0, Stride> c(g.c, g.m, g.n, Stride(g.ldc));
  if (g.a_col_major)
    c.noalias() = Eigen::Map<const ColMat, 0, Stride>(g.a, g.m, g.k, Stride(g.lda)) * b;
  else
    c.noalias() = Eigen::Map<const RowMat, 0, Stride>(g.a, g.m, g.k, Stride(g.lda)) * b;
}

// [SECTION] Direct kernel: register-blocked multiply-adds.

constexpr int kLanes = TCONV_DIRECT_LANES, kRegs = TCONV_DIRECT_REGS;
constexpr int kChannels = TCONV_DIRECT_CHANNELS;
constexpr int64_t kStep = int64_t{kLanes} * kRegs;

// kLanes floats as one value (GCC/Clang vector extension): one register of
// this target. Left to itself, GCC vectorized the tap loop with gathers
// instead (3× slower).
typedef float Vec __attribute__((vector_size(kLanes * sizeof(float))));

inline Vec load(const float* p) {
  Vec v;
  std::memcpy(&v, p, sizeof v);  // unaligned load
  return v;
}

// CB channels at once: each input vector loaded feeds CB multiply-adds and
// the CB · kRegs accumulators stay in registers, with kRegs inputs and one
// broadcast weight beside them (the blocking each target's file picks to fit
// its register file).
template <int CB>
void accumulate(const DirectArgs& p) {
  const int64_t taps = p.taps;
  for (int64_t i = p.i0; i < p.i1; i += kStep) {
    Vec a[CB][kRegs] = {};
    for (int64_t ci = 0; ci < p.cin; ++ci) {
      const float* xc = p.xpad + ci * p.xplane + i;
      const float* wc = p.wt + ci * taps * CB;
      for (int64_t t = 0; t < taps; ++t) {
        const float* xs = xc + p.offs[t];
        Vec v[kRegs];
        for (int r = 0; r < kRegs; ++r) v[r] = load(xs + r * kLanes);
        for (int c = 0; c < CB; ++c) {
          const float wv = wc[t * CB + c];
          for (int r = 0; r < kRegs; ++r) a[c][r] += wv * v[r];
        }
      }
    }
    for (int c = 0; c < CB; ++c)
      for (int r = 0; r < kRegs; ++r)
        std::memcpy(p.acc + c * p.acc_stride + i + r * kLanes, &a[c][r], sizeof(Vec));
  }
}

// accumulate<channels>, for any channels in [1, kChannels].
template <int CB>
void accumulate_up_to(const DirectArgs& p) {
  if constexpr (CB > 1) {
    if (p.channels < CB) return accumulate_up_to<CB - 1>(p);
  }
  accumulate<CB>(p);
}

void direct(const DirectArgs& p) {
  accumulate_up_to<kChannels>(p);
}

}  // namespace

constexpr Table kTable{TCONV_KERNELS_ISA, kStep, kChannels, gemm, direct};

}  // namespace tconv::kernels::TCONV_KERNELS_NS
