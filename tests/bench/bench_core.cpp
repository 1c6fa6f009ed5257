// Core benchmarks: the gemm method on issue #5's shapes (both kernels, so the
// cost rule in gemm.cpp can be checked), and the scatter record (bytes per
// step, recording time, stepping a running sum).
//
//   build/bin/tconv_bench --benchmark_filter=Gemm --benchmark_repetitions=5
//       --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>

#include <random>

#include "tconv/checks.h"
#include "tconv/conv.h"
#include "tconv/scatter.h"

namespace {

using tconv::Geometry;
using tconv::Tensor4;

struct Layer {
  const char* name;
  tconv::Shape x, w;
  tconv::ConvTranspose2dArgs args;
};

tconv::ConvTranspose2dArgs args(tconv::Pair s, tconv::Pair p, tconv::Pair op = 0, int64_t g = 1,
                                tconv::Pair d = 1) {
  tconv::ConvTranspose2dArgs a;
  a.stride = s;
  a.padding = p;
  a.output_padding = op;
  a.groups = g;
  a.dilation = d;
  return a;
}

// Issue #5's shapes, the ones tests/bench/compare_torch.py times against PyTorch.
const Layer kLayers[] = {
    {"a:16x512x8x8,k4s2p1", {16, 512, 8, 8}, {512, 256, 4, 4}, args(2, 1)},
    {"b:16x128x32x32,k4s2p1", {16, 128, 32, 32}, {128, 64, 4, 4}, args(2, 1)},
    {"c:4x64x64x64,k2s2", {4, 64, 64, 64}, {64, 32, 2, 2}, args(2, 0)},
    {"d:4x64x32x32,k3s2p1op1g8d2", {4, 64, 32, 32}, {64, 8, 3, 3}, args(2, 1, 1, 8, 2)},
};

Tensor4 random_tensor(const tconv::Shape& s, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> u(-1.f, 1.f);
  Tensor4 t(s[0], s[1], s[2], s[3]);
  for (Eigen::Index i = 0; i < t.size(); ++i) t.data()[i] = u(rng);
  return t;
}

// Args: layer index, threads, kernel (0 auto, 1 GEMM + col2im, 2 direct).
void BM_Gemm(benchmark::State& state) {
  const Layer& l = kLayers[state.range(0)];
  const int threads = static_cast<int>(state.range(1));
  const auto kernel = static_cast<tconv::GemmKernel>(state.range(2));
  const Geometry geo = tconv::check_conv_transpose2d(l.x, l.w, nullptr, l.args);
  const Tensor4 x = random_tensor(l.x, 1), w = random_tensor(l.w, 2);
  for (auto _ : state) {
    Tensor4 y = tconv::conv_transpose2d_gemm(x, w, nullptr, geo, threads, kernel);
    benchmark::DoNotOptimize(y.data());
  }
  const char* kernels[] = {"auto", "gemm", "direct"};
  state.SetLabel(std::string(l.name) + " " + kernels[state.range(2)]);
  state.counters["GFLOP/s"] = benchmark::Counter(2.0 * static_cast<double>(geo.macs()),
                                                 benchmark::Counter::kIsIterationInvariantRate,
                                                 benchmark::Counter::kIs1000);
}
BENCHMARK(BM_Gemm)
    ->ArgsProduct({{0, 1, 2, 3}, {2}, {0}})
    ->ArgsProduct({{0, 1, 2, 3}, {1}, {1, 2}})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// A 256×256 single-channel input with a 4×4 kernel: 65,536 steps.
Geometry big_record_geometry() {
  return tconv::check_conv_transpose2d({1, 1, 256, 256}, {1, 1, 4, 4}, nullptr, args(1, 0));
}

void BM_ScatterRecord256(benchmark::State& state) {
  const Geometry geo = big_record_geometry();
  const Tensor4 x = random_tensor(geo.input_shape(), 3), w = random_tensor(geo.weight_shape(), 4);
  size_t steps = 0, bytes = 0;
  for (auto _ : state) {
    const tconv::ScatterRecord rec(x, w, nullptr, geo);
    steps = rec.size();
    bytes = rec.record_bytes();
    benchmark::DoNotOptimize(&rec);
  }
  state.counters["steps"] = static_cast<double>(steps);
  state.counters["bytes/step"] = static_cast<double>(bytes) / static_cast<double>(steps);
}
BENCHMARK(BM_ScatterRecord256)->Unit(benchmark::kMillisecond)->UseRealTime();

// On-demand planes of one step of the 256×256 record: the intermediate, the
// running sum rebuilt from scratch (what a jump costs), and the running sum
// moved on by one step (what each step of the animation costs).
void BM_ScatterIntermediate256(benchmark::State& state) {
  const Geometry geo = big_record_geometry();
  const tconv::ScatterRecord rec(random_tensor(geo.input_shape(), 3),
                                 random_tensor(geo.weight_shape(), 4), nullptr, geo);
  size_t t = 0;
  for (auto _ : state) {
    Eigen::MatrixXf m = rec.intermediate(t, 0);
    benchmark::DoNotOptimize(m.data());
    t = (t + 977) % rec.size();
  }
}
BENCHMARK(BM_ScatterIntermediate256)->Unit(benchmark::kMicrosecond)->UseRealTime();

void BM_ScatterRunningSumRebuild256(benchmark::State& state) {
  const Geometry geo = big_record_geometry();
  const tconv::ScatterRecord rec(random_tensor(geo.input_shape(), 3),
                                 random_tensor(geo.weight_shape(), 4), nullptr, geo);
  size_t t = rec.size() / 2;
  for (auto _ : state) {
    Eigen::MatrixXf m = rec.running_sum(t, 0, 0);
    benchmark::DoNotOptimize(m.data());
    t = (t + 977) % rec.size();
  }
}
BENCHMARK(BM_ScatterRunningSumRebuild256)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_ScatterRunningSumStep256(benchmark::State& state) {
  const Geometry geo = big_record_geometry();
  const tconv::ScatterRecord rec(random_tensor(geo.input_shape(), 3),
                                 random_tensor(geo.weight_shape(), 4), nullptr, geo);
  Eigen::MatrixXd sum = rec.running_sum_exact(0, 0, 0);
  size_t t = 0;
  for (auto _ : state) {
    t = t + 1 < rec.size() ? t + 1 : 0;
    if (t == 0) sum.setZero();
    rec.add_step(t, 0, sum);
    benchmark::DoNotOptimize(sum.data());
  }
}
BENCHMARK(BM_ScatterRunningSumStep256)->Unit(benchmark::kMicrosecond)->UseRealTime();

}  // namespace
