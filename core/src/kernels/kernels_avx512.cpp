// AVX-512F kernels (compiled with -mavx512f -mfma, see CMakeLists.txt): 32
// zmm registers of 16 floats.
#define TCONV_KERNELS_NS avx512
#define TCONV_KERNELS_ISA Isa::Avx512
#define TCONV_LANES 16
// GEMM: an 8 × 48 tile is 24 accumulators with 3 B vectors; A values are
// broadcast from memory inside the multiply-adds. B is read in place: with
// 32 registers the tile reuses each B row enough that copying it into panels
// cost more than it saved.
#define TCONV_GEMM_MR 8
#define TCONV_GEMM_NR 48
#define TCONV_GEMM_KC 256
#define TCONV_GEMM_MC 128
#define TCONV_GEMM_NC 1536
#define TCONV_GEMM_SPLAT_A 0
#define TCONV_GEMM_PACK_B 0
// Direct kernel: 4 channels × 4 accumulators + 4 inputs; the weights are
// broadcast from memory inside the multiply-adds.
#ifndef TCONV_DIRECT_REGS
#define TCONV_DIRECT_REGS 4
#define TCONV_DIRECT_CHANNELS 4
#endif
#define TCONV_WINOGRAD 0
#include "kernels_impl.h"

namespace tconv::kernels {

const Table& avx512_table() {
  return avx512::kTable;
}

}  // namespace tconv::kernels
