// AVX2 + FMA kernels (compiled with -mavx2 -mfma, see CMakeLists.txt): 16 ymm
// registers of 8 floats.
#define Eigen tconv_eigen_avx2
#define TCONV_KERNELS_NS avx2
#define TCONV_KERNELS_ISA Isa::Avx2
// 4 channels × 3 accumulators + 3 inputs + 1 weight = 16 registers.
#define TCONV_DIRECT_LANES 8
#define TCONV_DIRECT_REGS 3
#define TCONV_DIRECT_CHANNELS 4
#include "kernels_impl.h"

namespace tconv::kernels {

const Table& avx2_table() {
  return avx2::kTable;
}

}  // namespace tconv::kernels
