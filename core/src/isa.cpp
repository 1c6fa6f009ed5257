// Run-time choice of the kernels' instruction set: what the CPU reports
// (CPUID, through the compiler's __builtin_cpu_supports, which also checks
// that the OS saves the wider registers) and what TCONV_ISA asks for.
#include "tconv/isa.h"

#include <cstdlib>

#include "kernels/kernels.h"
#include "tconv/errors.h"

namespace tconv {

namespace {

constexpr Isa kConcrete[] = {Isa::Generic, Isa::Avx2, Isa::Avx512, Isa::Simd128};

// The baseline path of this build (kernels_generic.cpp, same flags as this file).
#if defined(__wasm_simd128__)
constexpr Isa kBaseline = Isa::Simd128;
#else
constexpr Isa kBaseline = Isa::Generic;
#endif

bool cpu_has(Isa isa) {
#if TCONV_HAVE_X86_KERNELS
  switch (isa) {
    case Isa::Avx2:
      return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    case Isa::Avx512:
      return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("fma");
    default:
      break;
  }
#endif
  (void)isa;
  return false;
}

// Why a concrete path is not supported here.
std::string lack_reason(Isa isa) {
#if TCONV_HAVE_X86_KERNELS
  if (isa == Isa::Avx2) return "this CPU lacks AVX2 and FMA";
  if (isa == Isa::Avx512) return "this CPU lacks AVX-512F";
#endif
  if (isa == Isa::Avx2 || isa == Isa::Avx512) return "this build has no x86-64 kernels";
  return "this build's baseline is " + std::string(isa_name(kBaseline));
}

std::string supported_list() {
  std::string s;
  for (Isa isa : supported_isas()) s += (s.empty() ? "" : ", ") + std::string(isa_name(isa));
  return s;
}

// TCONV_ISA, read once: the path it names, or the sentence refusing it.
struct EnvChoice {
  Isa isa = Isa::Auto;
  std::string error;
};

EnvChoice read_env() {
  EnvChoice c;
  const char* v = std::getenv("TCONV_ISA");
  if (!v || !*v) {
    c.isa = best_isa();
    return c;
  }
  const std::optional<Isa> isa = parse_isa(v);
  if (isa && isa_supported(*isa))
    c.isa = *isa;
  else
    c.error = unsupported_isa_message("TCONV_ISA", v);
  return c;
}

}  // namespace

std::string_view isa_name(Isa isa) {
  switch (isa) {
    case Isa::Auto:
      return "auto";
    case Isa::Generic:
      return "generic";
    case Isa::Avx2:
      return "avx2";
    case Isa::Avx512:
      return "avx512";
    case Isa::Simd128:
      return "simd128";
  }
  return "auto";
}

std::optional<Isa> parse_isa(std::string_view name) {
  for (Isa isa : kConcrete)
    if (name == isa_name(isa)) return isa;
  return std::nullopt;
}

bool isa_supported(Isa isa) {
  if (isa == Isa::Auto) return false;
  return isa == kBaseline || cpu_has(isa);
}

std::vector<Isa> supported_isas() {
  std::vector<Isa> out;
  for (Isa isa : kConcrete)
    if (isa_supported(isa)) out.push_back(isa);
  return out;
}

Isa best_isa() {
  return supported_isas().back();
}

Isa selected_isa() {
  static const EnvChoice choice = read_env();
  if (!choice.error.empty()) throw ArgumentError(choice.error);
  return choice.isa;
}

Isa resolve_isa(Isa isa) {
  if (isa == Isa::Auto) return selected_isa();
  if (!isa_supported(isa)) throw ArgumentError(unsupported_isa_message("isa", isa_name(isa)));
  return isa;
}

std::string unsupported_isa_message(std::string_view what, std::string_view value) {
  const std::optional<Isa> isa = parse_isa(value);
  const std::string why = isa ? lack_reason(*isa) : "unknown instruction set";
  return std::string(what) + "=" + std::string(value) + ": " + why +
         " (paths here: " + supported_list() + ")";
}

namespace kernels {

const Table& table_for(Isa isa) {
  switch (resolve_isa(isa)) {
#if TCONV_HAVE_X86_KERNELS
    case Isa::Avx2:
      return avx2_table();
    case Isa::Avx512:
      return avx512_table();
#endif
    default:
      return generic_table();
  }
}

}  // namespace kernels

}  // namespace tconv
