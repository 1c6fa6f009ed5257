// The tconv subcommands. Each returns its whole stdout text, so nothing is
// printed when a late check fails, and throws SpecError, tconv::ArgumentError
// or tconv::LimitError for main to report.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tconv/checks.h"

namespace cli {

// Refusals: sizes above which printing (or benchmarking) would be useless or
// exhaust memory, although PyTorch would run the call.
inline constexpr double kMaxPrintedElements = 1 << 22;  // forward / conv output
inline constexpr double kMaxDenseEntries = 1'000'000;   // matrix: rows · cols
inline constexpr double kMaxSteps = 4096;               // steps
inline constexpr double kMaxStepNumbers = 4'000'000;    // steps: all printed canvases
inline constexpr double kMaxBenchElements = 1 << 28;    // bench: any one tensor

std::string run_forward(const nlohmann::json& spec);
std::string run_conv(const nlohmann::json& spec);
std::string run_matrix(const nlohmann::json& spec, bool taps);
std::string run_steps(const nlohmann::json& spec);

// Conventions other than PyTorch (translate.cpp): a spec with "convention"
// tensorflow, onnx or jax; forward on it; and translate (the whole JSON, or
// only the script for one framework when code_only names it; without
// values, the scripts use seeded random tensors and check nothing).
bool is_framework_spec(const nlohmann::json& spec);
// Throws tconv::LimitError when `shape` has more than kMaxPrintedElements.
void refuse_printing(const std::vector<int64_t>& shape, const std::string& what);
std::string run_forward_framework(const nlohmann::json& spec);
std::string run_translate(const nlohmann::json& spec, const std::string& code_only,
                          bool values = true);

// Per-axis values as given on the command line: 1 value (both axes) or 2 (h, w).
struct ShapeOptions {
  std::vector<int64_t> input_size, kernel_size;
  std::vector<int64_t> stride{1}, padding{0}, output_padding{0}, dilation{1};
  bool json = false;
};
std::string run_shape(const ShapeOptions& o);

struct BenchOptions {
  std::vector<int64_t> input, weight;  // N,C,H,W (or C,H,W) and Ci,Co/g,kH,kW
  std::vector<int64_t> stride{1}, padding{0}, output_padding{0}, dilation{1};
  int64_t groups = 1;
  std::string method = "gemm";
  int threads = 0;
  int repeat = 5;
  double min_ms = 0;
};
// Every check run_bench makes before it allocates or times anything; throws
// as run_bench does. Returns the call's geometry.
tconv::Geometry check_bench(const BenchOptions& o);
std::string run_bench(const BenchOptions& o);

}  // namespace cli
