// AVX2 + FMA kernels (compiled with -mavx2 -mfma, see CMakeLists.txt): 16 ymm
// registers of 8 floats.
#define TCONV_KERNELS_NS avx2
#define TCONV_KERNELS_ISA Isa::Avx2
#define TCONV_LANES 8
// GEMM: a 4 × 24 tile is 12 accumulators, with 3 B vectors and one
// broadcast A value: 16 registers.
#define TCONV_GEMM_MR 4
#define TCONV_GEMM_NR 24
#define TCONV_GEMM_KC 256
#define TCONV_GEMM_MC 64
#define TCONV_GEMM_NC 768
#define TCONV_GEMM_SPLAT_A 0
#define TCONV_GEMM_PACK_B 1
// Direct kernel: 4 channels × 3 accumulators + 3 inputs + 1 weight = 16.
#ifndef TCONV_DIRECT_REGS
#define TCONV_DIRECT_REGS 3
#define TCONV_DIRECT_CHANNELS 4
#endif
// FMA: the plain GEMM beats Winograd's transforms.
#define TCONV_WINOGRAD 0
#include "kernels_impl.h"

namespace tconv::kernels {

const Table& avx2_table() {
  return avx2::kTable;
}

}  // namespace tconv::kernels
