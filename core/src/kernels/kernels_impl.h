// The kernels' code, shared by every kernels_<isa>.cpp: each includes it
// once, compiled with its own target flags, after defining
//
//   TCONV_KERNELS_NS        <isa>: the namespace of this copy. Everything
//                           here has internal linkage or lives in it, so no
//                           symbol compiled for one ISA can be merged by the
//                           linker with another ISA's (or the baseline's)
//   TCONV_KERNELS_ISA       the Isa value the table reports
//   TCONV_LANES             floats per vector register
//   TCONV_GEMM_MR, _NR      the GEMM's register tile: MR rows × NR columns of C
//   TCONV_GEMM_KC, _MC, _NC its cache blocks (depth, rows, columns)
//   TCONV_GEMM_SPLAT_A      1: A packed pre-broadcast (see pack_a)
//   TCONV_GEMM_PACK_B       1: B copied into panels; 0: read where it is
//   TCONV_DIRECT_REGS       the direct kernel's accumulators per output channel
//   TCONV_DIRECT_CHANNELS   and its output channels per pass
//   TCONV_WINOGRAD          1: Auto prefers the Winograd kernel (gemm.cpp)
//
// No Eigen and no out-of-line std:: template here: those are weak symbols
// with the same name in every object, and the linker keeps one copy for the
// whole program, perhaps this ISA's (tests/unit/isa_objects.sh checks).
// Everything is written with GCC/Clang vector types, so the same source is
// SSE2, AVX2 + FMA, AVX-512F or WebAssembly SIMD128 code depending only on
// the flags.
#pragma once

#include <cstdint>
#include <cstring>

#include "kernels.h"

#ifndef TCONV_KERNELS_NS
#error "kernels_impl.h is included by kernels_<isa>.cpp only"
#endif

namespace tconv::kernels::TCONV_KERNELS_NS {
namespace {

constexpr int kLanes = TCONV_LANES;

// kLanes floats as one value (GCC/Clang vector extension): one register of
// this target. Left to itself, GCC vectorized the direct kernel's tap loop
// with gathers instead (3× slower).
typedef float Vec __attribute__((vector_size(kLanes * sizeof(float))));

inline Vec load(const float* p) {
  Vec v;
  std::memcpy(&v, p, sizeof v);  // unaligned load
  return v;
}

// A vector of a packed panel: panels start on a cache line and their rows
// are whole vectors, so it is aligned, and SSE (whose memory operands must
// be aligned) can fold the load into the multiply.
inline Vec load_packed(const float* p) {
  Vec v;
  std::memcpy(&v, __builtin_assume_aligned(p, sizeof v), sizeof v);
  return v;
}

inline void store(float* p, const Vec& v) {
  std::memcpy(p, &v, sizeof v);
}

// x - 0 is x for every float, so this is one broadcast; Vec{} + x is a real
// addition (-0 + 0 is +0), and a lane-by-lane loop spills under GCC 12.
inline Vec splat(float x) {
  return x - Vec{};
}

// [SECTION] GEMM: packed panels, register-blocked micro-kernel (the loop
// order of BLIS: a kc × nc block of B stays in L2/L3, an mc × kc block of A
// in L2, one kc × NR panel of B in L1 while the A panels pass it).

constexpr int kMR = TCONV_GEMM_MR;           // rows of C per micro-tile
constexpr int kNV = TCONV_GEMM_NR / kLanes;  // vectors per row of a micro-tile
constexpr int kNR = kNV * kLanes;            // columns of C per micro-tile
constexpr int64_t kKC = TCONV_GEMM_KC, kMC = TCONV_GEMM_MC, kNC = TCONV_GEMM_NC;
static_assert(kMC % kMR == 0 && kNC % kNR == 0);
// A packed pre-broadcast (kLanes copies of each element): the micro-kernel
// then loads instead of shuffling, which SSE2 would do on the pipes that
// multiply and add.
constexpr int64_t kASplat = TCONV_GEMM_SPLAT_A ? kLanes : 1;

int64_t round_up(int64_t v, int64_t m) {
  return (v + m - 1) / m * m;
}

// Packed blocks start on a cache line (16 floats), so no vector load of a
// panel row straddles two lines.
constexpr int64_t kLine = 16;

int64_t packed_a_floats(int64_t m, int64_t k) {
  return round_up(round_up(m < kMC ? m : kMC, kMR) * (k < kKC ? k : kKC) * kASplat, kLine);
}

// Floats of scratch gemm() needs: one packed block of A and one of B, and
// the slack to align them.
int64_t gemm_work(int64_t m, int64_t n, int64_t k) {
  const int64_t kb = k < kKC ? k : kKC, nb = round_up(n < kNC ? n : kNC, kNR);
  return kLine + packed_a_floats(m, k) + kb * nb;
}

// Rows [i0, i0 + mb) and columns [p0, p0 + kb) of A as panels of kMR rows,
// each stored [p][row], kASplat copies per value (rows past mb are zeros).
// Read in A's own order: a column-major A (the weight, transposed; its
// columns can be far apart) one column at a time across all panels.
void pack_a(const GemmArgs& g, int64_t i0, int64_t mb, int64_t p0, int64_t kb, float* dst) {
  const int64_t rows = round_up(mb, kMR), panel_floats = kMR * kb * kASplat;
  auto put = [](float* d, float v) {
    if constexpr (kASplat > 1)
      store(d, splat(v));
    else
      *d = v;
  };
  if (g.a_col_major) {
    for (int64_t p = 0; p < kb; ++p) {
      const float* col = g.a + (p0 + p) * g.lda + i0;
      float* d = dst + p * kMR * kASplat;
      for (int64_t ir = 0; ir < rows; ir += kMR, d += panel_floats)
        for (int i = 0; i < kMR; ++i) put(d + i * kASplat, ir + i < mb ? col[ir + i] : 0.f);
    }
  } else {
    for (int64_t ir = 0; ir < rows; ir += kMR) {
      float* d = dst + ir / kMR * panel_floats;
      for (int i = 0; i < kMR; ++i) {
        if (ir + i >= mb) {
          for (int64_t p = 0; p < kb; ++p) put(d + (p * kMR + i) * kASplat, 0.f);
          continue;
        }
        const float* row = g.a + (i0 + ir + i) * g.lda + p0;
        for (int64_t p = 0; p < kb; ++p) put(d + (p * kMR + i) * kASplat, row[p]);
      }
    }
  }
}

// Rows [p0, p0 + kb) and columns [j0, j0 + nb) of B as panels of kNR
// columns, each stored [p][column] (columns past nb are zeros).
void pack_b(const GemmArgs& g, int64_t p0, int64_t kb, int64_t j0, int64_t nb, float* dst) {
  int64_t jr = 0;
  for (; jr + kNR <= nb; jr += kNR) {  // whole panels: kNV vector copies per row
    const float* src = g.b + p0 * g.ldb + j0 + jr;
    for (int64_t p = 0; p < kb; ++p, dst += kNR, src += g.ldb)
      for (int j = 0; j < kNV; ++j) store(dst + j * kLanes, load(src + j * kLanes));
  }
  if (jr < nb) {
    const float* src = g.b + p0 * g.ldb + j0 + jr;
    for (int64_t p = 0; p < kb; ++p, dst += kNR, src += g.ldb)
      for (int64_t j = 0; j < kNR; ++j) dst[j] = jr + j < nb ? src[j] : 0.f;
  }
}

// One kMR × kNR tile of C: c (= or +=) Σ_p a[p][row] · b[p][column], all
// kMR · kNV accumulators in registers; only rows < mv, columns < nv stored.
void micro_tile(int64_t kb, const float* ap, const float* bp, int64_t ldb, float* c, int64_t ldc,
                bool add, int64_t mv, int64_t nv) {
  Vec acc[kMR][kNV] = {};
  for (int64_t p = 0; p < kb; ++p, ap += kMR * kASplat, bp += ldb) {
    Vec b[kNV];
    for (int j = 0; j < kNV; ++j)
      b[j] = TCONV_GEMM_PACK_B ? load_packed(bp + j * kLanes) : load(bp + j * kLanes);
    for (int i = 0; i < kMR; ++i) {
      const Vec a = kASplat > 1 ? load_packed(ap + i * kASplat) : splat(ap[i]);
      for (int j = 0; j < kNV; ++j) acc[i][j] += a * b[j];
    }
  }
  if (mv == kMR && nv == kNR) {
    for (int i = 0; i < kMR; ++i)
      for (int j = 0; j < kNV; ++j) {
        float* cp = c + i * ldc + j * kLanes;
        store(cp, add ? acc[i][j] + load(cp) : acc[i][j]);
      }
    return;
  }
  float tile[kMR * kNR];
  for (int i = 0; i < kMR; ++i)
    for (int j = 0; j < kNV; ++j) store(tile + i * kNR + j * kLanes, acc[i][j]);
  for (int64_t i = 0; i < mv; ++i)
    for (int64_t j = 0; j < nv; ++j)
      c[i * ldc + j] = (add ? c[i * ldc + j] : 0.f) + tile[i * kNR + j];
}

void gemm(const GemmArgs& g) {
  if (g.k == 0) {
    for (int64_t i = 0; i < g.m; ++i)
      for (int64_t j = 0; j < g.n; ++j) g.c[i * g.ldc + j] = 0.f;
    return;
  }
  const uintptr_t misalign = reinterpret_cast<uintptr_t>(g.work) / sizeof(float) % kLine;
  float* const pa = g.work + (misalign ? kLine - misalign : 0);
  float* const pb = pa + packed_a_floats(g.m, g.k);
  for (int64_t jc = 0; jc < g.n; jc += kNC) {
    const int64_t nb = g.n - jc < kNC ? g.n - jc : kNC;
    for (int64_t pc = 0; pc < g.k; pc += kKC) {
      const int64_t kb = g.k - pc < kKC ? g.k - pc : kKC;
      // Unpacked B is read in place by whole vectors, so a last panel
      // narrower than kNR is still packed (zero-padded): read in place it
      // would load past the end of B.
      const int64_t tail = nb / kNR * kNR;
      if (TCONV_GEMM_PACK_B)
        pack_b(g, pc, kb, jc, nb, pb);
      else if (tail < nb)
        pack_b(g, pc, kb, jc + tail, nb - tail, pb + tail * kb);
      for (int64_t ic = 0; ic < g.m; ic += kMC) {
        const int64_t mb = g.m - ic < kMC ? g.m - ic : kMC;
        pack_a(g, ic, mb, pc, kb, pa);
        for (int64_t jr = 0; jr < nb; jr += kNR) {
          const bool packed = TCONV_GEMM_PACK_B || jr >= tail;
          for (int64_t ir = 0; ir < mb; ir += kMR)
            micro_tile(kb, pa + ir * kb * kASplat,
                       packed ? pb + jr * kb : g.b + pc * g.ldb + jc + jr, packed ? kNR : g.ldb,
                       g.c + (ic + ir) * g.ldc + jc + jr, g.ldc, pc > 0,
                       mb - ir < kMR ? mb - ir : kMR, nb - jr < kNR ? nb - jr : kNR);
        }
      }
    }
  }
}

// [SECTION] Direct kernel: register-blocked multiply-adds.

constexpr int kRegs = TCONV_DIRECT_REGS;
constexpr int kChannels = TCONV_DIRECT_CHANNELS;
// Weights packed pre-broadcast (kLanes copies each), for the same reason as
// TCONV_GEMM_SPLAT_A.
constexpr int64_t kWSplat = TCONV_GEMM_SPLAT_A ? kLanes : 1;
constexpr int64_t kStep = int64_t{kLanes} * kRegs;
// Pre-broadcast weights live in a std::vector (gemm.cpp): read as aligned
// vectors where operator new aligns to a vector (x86-64: 16), unaligned
// where it does not (wasm32: 8; v128.load takes any address).
constexpr bool kWAligned = __STDCPP_DEFAULT_NEW_ALIGNMENT__ >= sizeof(Vec);

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
      const float* wc = p.wt + ci * taps * CB * kWSplat;
      for (int64_t t = 0; t < taps; ++t) {
        const float* xs = xc + p.offs[t];
        Vec v[kRegs];
        for (int r = 0; r < kRegs; ++r) v[r] = load(xs + r * kLanes);
        for (int c = 0; c < CB; ++c) {
          const float* wp = wc + (t * CB + c) * kWSplat;
          const Vec w = kWSplat == 1 ? splat(*wp) : kWAligned ? load_packed(wp) : load(wp);
          for (int r = 0; r < kRegs; ++r) a[c][r] += w * v[r];
        }
      }
    }
    for (int c = 0; c < CB; ++c)
      for (int r = 0; r < kRegs; ++r) store(p.acc + c * p.acc_stride + i + r * kLanes, a[c][r]);
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

constexpr Table kTable{TCONV_KERNELS_ISA,   kStep,     kChannels, kWSplat,
                       TCONV_WINOGRAD != 0, gemm_work, gemm,      direct};

}  // namespace tconv::kernels::TCONV_KERNELS_NS
