// The baseline kernels: the compiler's default target (x86-64: SSE2, 16 xmm
// registers, no FMA), or WebAssembly SIMD128 in a wasm build (-msimd128).
#define Eigen tconv_eigen_generic
#define TCONV_KERNELS_NS generic
#if defined(__wasm_simd128__)
#define TCONV_KERNELS_ISA Isa::Simd128
#else
#define TCONV_KERNELS_ISA Isa::Generic
#endif
// 4 lanes; 2 × 4 accumulators, 2 inputs, a weight and the product beside
// them (SSE's multiply overwrites its operand) fit 16 registers.
#define TCONV_DIRECT_LANES 4
#define TCONV_DIRECT_REGS 2
#define TCONV_DIRECT_CHANNELS 4
#include "kernels_impl.h"

namespace tconv::kernels {

const Table& generic_table() {
  return generic::kTable;
}

}  // namespace tconv::kernels
