// AVX-512F kernels (compiled with -mavx512f -mfma, see CMakeLists.txt): 32
// zmm registers of 16 floats.
#define Eigen tconv_eigen_avx512
#define TCONV_KERNELS_NS avx512
#define TCONV_KERNELS_ISA Isa::Avx512
// 4 channels × 4 accumulators + 4 inputs; the weights are broadcast from
// memory inside the multiply-adds.
#define TCONV_DIRECT_LANES 16
#define TCONV_DIRECT_REGS 4
#define TCONV_DIRECT_CHANNELS 4
#include "kernels_impl.h"

namespace tconv::kernels {

const Table& avx512_table() {
  return avx512::kTable;
}

}  // namespace tconv::kernels
