// The gemm method's hot loops, compiled once per instruction set
// (kernels_<isa>.cpp, each with its own compiler flags) and reached through
// a Table chosen at run time. This header is all the rest of core sees: raw
// pointers only, no Eigen, so nothing compiled for one ISA leaks into a
// translation unit compiled for another.
#pragma once

#include <cstdint>

#include "tconv/isa.h"

namespace tconv::kernels {

// c (m × n, row stride ldc) = a (m × k) · b (k × n, row stride ldb), where a
// is row-major with row stride lda, or column-major with column stride lda.
// work: Table::gemm_work(m, n, k) floats of scratch (packed panels).
struct GemmArgs {
  int64_t m = 0, n = 0, k = 0;
  const float* a = nullptr;
  int64_t lda = 0;
  bool a_col_major = false;
  const float* b = nullptr;
  int64_t ldb = 0;
  float* c = nullptr;
  int64_t ldc = 0;
  float* work = nullptr;
};

// One pass of the direct kernel over floats [i0, i1) of a phase plane (both
// multiples of Table::direct_step), for `channels` output channels
// (1 ≤ channels ≤ Table::direct_channels):
//   acc[c·acc_stride + i] = Σ_{ci < cin, t < taps} wt[((ci·taps + t)·channels + c)·s]
//                                                   · xpad[ci·xplane + offs[t] + i],
// s = Table::direct_weight_copies: each weight is stored s times in a row.
struct DirectArgs {
  int64_t i0, i1;
  int64_t cin, taps;
  const int64_t* offs;
  const float* xpad;
  int64_t xplane;
  const float* wt;
  float* acc;
  int64_t acc_stride;
  int64_t channels;
};

struct Table {
  Isa isa;
  // Register blocking of the direct kernel: floats per pass (vector lanes ×
  // accumulator registers per channel) and output channels per pass.
  int64_t direct_step;
  int64_t direct_channels;
  // Copies of each weight in DirectArgs::wt (a pre-broadcast vector when > 1).
  int64_t direct_weight_copies;
  // Whether Auto sends layers the Winograd kernel fits to it: where
  // multiplies are the bottleneck (no FMA: SSE2, SIMD128), 1.78× fewer of
  // them pay for its transforms; with FMA the plain GEMM is faster.
  bool winograd;
  int64_t (*gemm_work)(int64_t m, int64_t n, int64_t k);
  void (*gemm)(const GemmArgs&);
  void (*direct)(const DirectArgs&);
};

// Each defined by its own kernels_<isa>.cpp; only those the build has exist
// (TCONV_HAVE_X86_KERNELS: the x86-64 ones).
const Table& generic_table();
#if TCONV_HAVE_X86_KERNELS
const Table& avx2_table();
const Table& avx512_table();
#endif

// The table for a supported, concrete path (see resolve_isa).
const Table& table_for(Isa isa);

}  // namespace tconv::kernels
