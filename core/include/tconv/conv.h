// The public compute API: F.conv_transpose2d and F.conv2d on Arrays, by any
// of the four methods. Every entry point validates first (checks.h).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "tconv/args.h"
#include "tconv/checks.h"
#include "tconv/isa.h"
#include "tconv/tensor.h"

namespace tconv {

enum class Method {
  Scatter,  // d2l's trans_conv, generalized (reference, recorded)
  Matrix,   // vec(y) = Wᵀ vec(x) with the sparse conv matrix W
  Flip,     // direct conv over the zero-inserted, padded input, flipped kernel
  Gemm,     // fast path: GEMM + col2im, multi-threaded (default)
};
std::string_view method_name(Method m);
// "scatter" | "matrix" | "flip" | "gemm"; nullopt otherwise.
std::optional<Method> parse_method(std::string_view name);

struct ComputeOptions {
  Method method = Method::Gemm;
  int threads = 0;  // 0: all hardware threads
};

// Same values, shape and errors as torch.nn.functional.conv_transpose2d (plus
// output_size). Unbatched (3-D) input gives unbatched output.
Array conv_transpose2d(const Array& input, const Array& weight, const Array* bias,
                       const ConvTranspose2dArgs& args, const ComputeOptions& opts = {});

// Tensor4 entry points used by the records and benchmarks; `geo` must come
// from check_conv_transpose2d. bias may be null.
Tensor4 conv_transpose2d_scatter(const Tensor4& x, const Tensor4& w, const Tensor1* bias,
                                 const Geometry& geo);
Tensor4 conv_transpose2d_matrix(const Tensor4& x, const Tensor4& w, const Tensor1* bias,
                                const Geometry& geo);
Tensor4 conv_transpose2d_flip(const Tensor4& x, const Tensor4& w, const Tensor1* bias,
                              const Geometry& geo);
Tensor4 conv_transpose2d_gemm(const Tensor4& x, const Tensor4& w, const Tensor1* bias,
                              const Geometry& geo, int threads = 0);

// The gemm method's kernels (same values up to rounding): GEMM + col2im,
// direct multiply-adds per output plane for narrow groups, or Winograd
// F(2×2, 2×2) per output phase when dilation is 1 and the kernel is twice
// the stride (Gemm where it is not). Auto applies choose_gemm_kernel, which
// picks Winograd only on the paths without FMA (generic, simd128), where
// multiplies are the bottleneck; tests and benchmarks name a kernel to cover
// each. `isa`:
// the instruction set their hot loops run on (isa.h); Auto is TCONV_ISA's
// or the best this CPU has. A path this CPU lacks throws ArgumentError.
enum class GemmKernel { Auto, Gemm, Direct, Winograd };
GemmKernel choose_gemm_kernel(const Geometry& geo, Isa isa = Isa::Auto);
Tensor4 conv_transpose2d_gemm(const Tensor4& x, const Tensor4& w, const Tensor1* bias,
                              const Geometry& geo, int threads, GemmKernel kernel,
                              Isa isa = Isa::Auto);

// torch.nn.functional.conv2d, including padding='same'|'valid'.
Array conv2d(const Array& input, const Array& weight, const Array* bias, const Conv2dArgs& args);
Tensor4 conv2d(const Tensor4& x, const Tensor4& w, const Tensor1* bias, const Conv2dGeometry& geo);

}  // namespace tconv
