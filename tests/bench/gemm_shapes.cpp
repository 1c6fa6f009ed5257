// The gemm method on the README's four shapes, as one small program that
// builds both natively and with Emscripten (tests/bench/wasm_bench.sh), so
// the WebAssembly build and a native path run the very same code.
//
//   gemm_shapes [--repeat R] [--threads T] [--shapes a,b,c,d]
//
// One warm-up run per shape, then R timed runs; prints one JSON line per
// shape: {"shape", "isa", "threads", "median_ms", "min_ms", "gflops", "cpu_ms"}:
// cpu_ms is the median process CPU time of a run (all threads together),
// which other programs sharing the cores disturb much less than wall time.
// The native build honours TCONV_ISA like tconv does.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <random>
#include <string>
#include <vector>

#include "tconv/checks.h"
#include "tconv/conv.h"
#include "tconv/isa.h"

namespace {

struct Layer {
  const char* name;
  tconv::Shape x, w;
  tconv::Pair stride, padding, output_padding;
  int64_t groups;
  tconv::Pair dilation;
};

// Same as compare_torch.py's SHAPES and bench_core.cpp's kLayers.
const Layer kLayers[] = {
    {"a", {16, 512, 8, 8}, {512, 256, 4, 4}, 2, 1, 0, 1, 1},
    {"b", {16, 128, 32, 32}, {128, 64, 4, 4}, 2, 1, 0, 1, 1},
    {"c", {4, 64, 64, 64}, {64, 32, 2, 2}, 2, 0, 0, 1, 1},
    {"d", {4, 64, 32, 32}, {64, 8, 3, 3}, 2, 1, 1, 8, 2},
};

tconv::Tensor4 random_tensor(const tconv::Shape& s, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> u(-1.f, 1.f);
  tconv::Tensor4 t(s[0], s[1], s[2], s[3]);
  for (Eigen::Index i = 0; i < t.size(); ++i) t.data()[i] = u(rng);
  return t;
}

double median_of(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const size_t m = v.size();
  return m % 2 ? v[m / 2] : (v[m / 2 - 1] + v[m / 2]) / 2;
}

int usage(const char* why) {
  std::fprintf(stderr,
               "gemm_shapes: %s (usage: gemm_shapes [--repeat R] [--threads T] "
               "[--shapes a,b,c,d])\n",
               why);
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  int repeat = 10, threads = 1;
  std::string shapes = "a,b,c,d";
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (i + 1 >= argc) return usage(("no value after " + arg).c_str());
    if (arg == "--repeat")
      repeat = std::max(1, std::atoi(argv[++i]));
    else if (arg == "--threads")
      threads = std::max(0, std::atoi(argv[++i]));
    else if (arg == "--shapes")
      shapes = argv[++i];
    else
      return usage(("unknown option " + arg).c_str());
  }
  try {
    const std::string isa(tconv::isa_name(tconv::selected_isa()));
    for (const Layer& l : kLayers) {
      if (shapes.find(l.name) == std::string::npos) continue;
      tconv::ConvTranspose2dArgs args;
      args.stride = l.stride;
      args.padding = l.padding;
      args.output_padding = l.output_padding;
      args.groups = l.groups;
      args.dilation = l.dilation;
      const tconv::Geometry geo = tconv::check_conv_transpose2d(l.x, l.w, nullptr, args);
      const tconv::Tensor4 x = random_tensor(l.x, 1), w = random_tensor(l.w, 2);
      tconv::conv_transpose2d_gemm(x, w, nullptr, geo, threads);  // warm-up
      std::vector<double> ms, cpu_ms;
      for (int r = 0; r < repeat; ++r) {
        const auto t0 = std::chrono::steady_clock::now();
        const std::clock_t c0 = std::clock();
        const tconv::Tensor4 y = tconv::conv_transpose2d_gemm(x, w, nullptr, geo, threads);
        cpu_ms.push_back(1e3 * static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC);
        ms.push_back(
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0)
                .count());
        if (y.size() == 0) return 1;
      }
      const double median = median_of(ms);
      std::printf(
          "{\"shape\": \"%s\", \"isa\": \"%s\", \"threads\": %d, \"median_ms\": %.4f, "
          "\"min_ms\": %.4f, \"gflops\": %.2f, \"cpu_ms\": %.4f}\n",
          l.name, isa.c_str(), threads, median, *std::min_element(ms.begin(), ms.end()),
          2.0 * static_cast<double>(geo.macs()) / (median * 1e6), median_of(cpu_ms));
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "gemm_shapes: %s\n", e.what());
    return 2;
  }
  return 0;
}
