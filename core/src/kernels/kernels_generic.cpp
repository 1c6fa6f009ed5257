// The baseline kernels: the compiler's default target (x86-64: SSE2, 16 xmm
// registers, no FMA), or WebAssembly SIMD128 in a wasm build (-msimd128).
#define TCONV_KERNELS_NS generic
#if defined(__wasm_simd128__)
#define TCONV_KERNELS_ISA Isa::Simd128
#else
#define TCONV_KERNELS_ISA Isa::Generic
#endif
#define TCONV_LANES 4
// GEMM: a 6 × 8 tile is 12 accumulators, with 2 B vectors, one A vector and
// the product beside them (SSE's multiply overwrites its operand): 16
// registers. A is packed pre-broadcast: SSE2 has no broadcast load, and its
// shuffles would take the pipes that multiply and add (2× slower).
#define TCONV_GEMM_MR 6
#define TCONV_GEMM_NR 8
#define TCONV_GEMM_KC 256
#define TCONV_GEMM_MC 72
#define TCONV_GEMM_NC 1024
#define TCONV_GEMM_SPLAT_A 1
#define TCONV_GEMM_PACK_B 1
// Direct kernel: 4 channels × 2 accumulators, 2 inputs, a weight, a product.
#ifndef TCONV_DIRECT_REGS
#define TCONV_DIRECT_REGS 2
#define TCONV_DIRECT_CHANNELS 4
#endif
// No FMA: multiplies and adds each take a pipe, so Winograd's fewer
// multiplies win ((a) and (b) of the README's table).
#define TCONV_WINOGRAD 1
#include "kernels_impl.h"

namespace tconv::kernels {

const Table& generic_table() {
  return generic::kTable;
}

}  // namespace tconv::kernels
