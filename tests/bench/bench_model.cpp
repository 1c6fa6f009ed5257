// Studio model benchmarks: how long a parameter change takes until every
// view's records are ready (Model::set_params, preset loads), and what a
// frame of the scatter animation costs (moving one step, reading both planes).
//
//   build/bin/tconv_bench --benchmark_filter=Model --benchmark_repetitions=5
//       --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include "derived.h"
#include "model.h"

namespace {

using studio::Model;
using studio::Params;

std::string preset_text(const std::string& name) {
  const std::string path = std::string(TCONV_ASSETS_DIR) + "/presets/" + name + ".json";
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// A single-channel size × size input, kernel 4, stride 2 (big-128's
// parameters at other sizes).
Params square(int64_t size) {
  Params p;
  p.in_h = p.in_w = size;
  p.kernel_h = p.kernel_w = 4;
  p.stride = 2;
  return p;
}

// Each iteration is one accepted parameter change: padding flips between 0
// and 1, so every call rebuilds output, scatter, flip, matrix, overlap and
// the highlight.
void BM_ModelSetParams(benchmark::State& state) {
  Model m;
  studio::DerivedCache cache;  // the hover's highlight, as a frame asks for it
  const studio::Hover hover{studio::Hover::Kind::Output, 0, 1, 1};
  Params p = square(state.range(0));
  if (!m.set_params(p)) throw std::runtime_error(m.error());
  for (auto _ : state) {
    p.padding = p.padding.h == 0 ? 1 : 0;
    if (!m.set_params(p)) state.SkipWithError(m.error().c_str());
    benchmark::DoNotOptimize(cache.highlight(m, hover).input_cells.data());
  }
  state.SetLabel(std::to_string(state.range(0)) + "x" + std::to_string(state.range(0)) +
                 " k4 s2, 1 channel");
}
BENCHMARK(BM_ModelSetParams)
    ->Arg(16)
    ->Arg(64)
    ->Arg(128)
    ->Arg(256)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// Loading big-128 (parse, fill, build every record), alternating with
// big-64 so that each load changes the parameters.
void BM_ModelLoadBig128(benchmark::State& state) {
  const std::string big128 = preset_text("big-128"), big64 = preset_text("big-64");
  Model m;
  for (auto _ : state) {
    state.PauseTiming();
    if (!m.load_preset_json(big64, "big-64.json")) state.SkipWithError(m.error().c_str());
    state.ResumeTiming();
    if (!m.load_preset_json(big128, "big-128.json")) state.SkipWithError(m.error().c_str());
  }
}
BENCHMARK(BM_ModelLoadBig128)->Unit(benchmark::kMillisecond)->UseRealTime();

// One frame of the playing animation on a 256×256 input: one step on, and
// both planes the scatter view reads.
void BM_ModelStep(benchmark::State& state) {
  Model m;
  Params p = square(256);
  p.stride = 1;
  if (!m.set_params(p)) throw std::runtime_error(m.error());
  m.fill(studio::Target::Input, studio::Fill::RandomNormal, 1);
  m.timeline().scrub(m.timeline().count / 2);
  studio::DerivedCache cache;  // where the app keeps the planes
  for (auto _ : state) {
    if (m.timeline().step + 1 == m.timeline().count)
      m.timeline().home();
    else
      m.timeline().next();
    benchmark::DoNotOptimize(cache.intermediate(m, m.timeline().step).data());
    benchmark::DoNotOptimize(cache.running_sum(m, m.timeline().step).data());
  }
}
BENCHMARK(BM_ModelStep)->Unit(benchmark::kMicrosecond)->UseRealTime();

// A jump to a distant step (scrubbing): the running sum is rebuilt.
void BM_ModelJump(benchmark::State& state) {
  Model m;
  Params p = square(256);
  p.stride = 1;
  if (!m.set_params(p)) throw std::runtime_error(m.error());
  m.fill(studio::Target::Input, studio::Fill::RandomNormal, 1);
  const int64_t count = m.timeline().count;
  int64_t t = count / 3;
  studio::DerivedCache cache;
  for (auto _ : state) {
    t = (t + count / 2 + 1) % count;
    m.timeline().scrub(t);
    benchmark::DoNotOptimize(cache.intermediate(m, m.timeline().step).data());
    benchmark::DoNotOptimize(cache.running_sum(m, m.timeline().step).data());
  }
}
BENCHMARK(BM_ModelJump)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
