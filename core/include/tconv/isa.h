// Which instruction set the gemm method's hot kernels run on. One build runs
// on any x86-64: the kernels are compiled once per target (baseline, AVX2 +
// FMA, AVX-512F) and the fastest one this CPU has is chosen at run time, or
// the one the environment variable TCONV_ISA names (generic, avx2, avx512).
// A WebAssembly build has one path, its baseline compiled for SIMD128.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tconv {

enum class Isa {
  Auto,     // TCONV_ISA if set, else the best this CPU has (selected_isa)
  Generic,  // baseline x86-64 (SSE2), or the build's own target elsewhere
  Avx2,     // AVX2 + FMA, 16 ymm registers
  Avx512,   // AVX-512F, 32 zmm registers
  Simd128,  // WebAssembly SIMD128 (the baseline of a wasm build)
};

// "auto", "generic", "avx2", "avx512", "simd128".
std::string_view isa_name(Isa isa);
// The inverse of isa_name for the concrete paths; nullopt for anything else.
std::optional<Isa> parse_isa(std::string_view name);

// Compiled into this build and runnable on this CPU (and OS).
bool isa_supported(Isa isa);
// The supported paths, slowest first.
std::vector<Isa> supported_isas();
// The fastest supported path.
Isa best_isa();

// The path Auto stands for: TCONV_ISA's when it is set, else best_isa().
// Throws ArgumentError naming the value when TCONV_ISA is not a path name or
// names one this build or CPU cannot run; the environment is read once.
Isa selected_isa();
// Auto → selected_isa(); a concrete path is returned as is, or ArgumentError
// when it is not supported here.
Isa resolve_isa(Isa isa);

// One sentence for a path this machine cannot run, e.g.
// "TCONV_ISA=avx512: this CPU lacks AVX-512F (paths here: generic, avx2)",
// "TCONV_ISA=sse9: unknown instruction set (paths here: generic, avx2)".
std::string unsupported_isa_message(std::string_view what, std::string_view value);

}  // namespace tconv
