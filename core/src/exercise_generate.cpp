// Seeded question generation. Levels are ranges of parameters (not answers):
// a call is drawn from the level's ranges and redrawn until PyTorch accepts
// it and it is small enough to work by hand; then make_question answers it.
#include <algorithm>
#include <stdexcept>

#include "exercise_detail.h"
#include "tconv/checks.h"

namespace tconv::exercise {

namespace {

using detail::Rng;

// What a level (and kind) draws from.
struct Bounds {
  int64_t in_lo = 2, in_hi = 4;  // input H, W
  int64_t k_lo = 2, k_hi = 3;    // kernel_size
  int64_t s_lo = 1, s_hi = 3;    // stride
  int64_t d_hi = 1;              // dilation
  int64_t max_out = 10;          // output H, W
  bool per_axis = false;         // (h, w) may differ
  bool padding = false, output_padding = false;
  std::vector<int64_t> groups{1}, in_per_group{1}, out_per_group{1};
  int64_t batch_hi = 1;
  bool unbatched = false, bias = false;
};

Bounds bounds_for(Kind kind, int level) {
  Bounds b;
  if (level >= 2) {
    b.in_hi = 5, b.k_lo = 1, b.k_hi = 4, b.max_out = 12;
    b.per_axis = b.padding = b.output_padding = true;
  }
  if (level >= 3) {
    b.d_hi = 3, b.max_out = 14;
    b.groups = {1, 1, 2, 3}, b.in_per_group = {1, 2}, b.out_per_group = {1, 2};
    b.batch_hi = 2, b.unbatched = b.bias = true;
  }
  switch (kind) {
    case Kind::Shape:  // shapes only: bigger numbers are fine
      if (level == 2) b.in_hi = 8, b.max_out = 24;
      if (level == 3) {
        b.in_hi = 16, b.k_hi = 5, b.max_out = 64, b.batch_hi = 8;
        b.groups = {1, 1, 2, 4}, b.in_per_group = {1, 2, 4, 8}, b.out_per_group = {1, 2, 4};
      }
      break;
    case Kind::Value:  // a sum worked by hand, every value in the text (at most 64)
      b.bias = level >= 3;
      b.groups = level >= 3 ? std::vector<int64_t>{1, 2} : std::vector<int64_t>{1};
      if (level >= 3) b.in_hi = 4, b.batch_hi = 1;
      break;
    case Kind::OutputPadding:  // asked, not given
      b.output_padding = false;
      if (level == 1) b.s_lo = 2;
      break;
    case Kind::Params:  // every parameter must show in the picture
      b.k_lo = 2;
      break;
    case Kind::Matrix:  // a W row a student can write down
      b.groups = level >= 3 ? std::vector<int64_t>{1, 2} : std::vector<int64_t>{1};
      b.batch_hi = 1, b.in_hi = 4, b.max_out = 8;
      break;
    default:
      break;
  }
  return b;
}

Pair draw_pair(Rng& r, int64_t lo, int64_t hi, bool per_axis) {
  const int64_t h = r.uniform(lo, hi);
  if (per_axis && r.chance(1, 3)) return {h, r.uniform(lo, hi)};
  return {h, h};
}

// Each axis in [0, hi]; the same value on both when both allow it, unless
// the draw says otherwise.
Pair draw_below(Rng& r, Pair hi, bool per_axis) {
  const int64_t h = r.uniform(0, hi.h);
  if (hi.h == hi.w && !(per_axis && r.chance(1, 3))) return {h, h};
  return {h, r.uniform(0, hi.w)};
}

Problem draw_call(Rng& r, const Bounds& b) {
  Problem p;
  ConvTranspose2dArgs& a = p.args;
  const Pair in(r.uniform(b.in_lo, b.in_hi),
                b.per_axis || r.chance(1, 3) ? r.uniform(b.in_lo, b.in_hi) : -1);
  const Pair size(in.h, in.w < 0 ? in.h : in.w);
  const Pair k = draw_pair(r, b.k_lo, b.k_hi, b.per_axis);
  a.stride = draw_pair(r, b.s_lo, b.s_hi, b.per_axis);
  a.dilation = draw_pair(r, 1, b.d_hi, b.per_axis);
  if (b.padding)
    a.padding = draw_below(r, {a.dilation.h * (k.h - 1), a.dilation.w * (k.w - 1)}, b.per_axis);
  if (b.output_padding)
    a.output_padding = draw_below(
        r, {std::max(a.stride.h, a.dilation.h) - 1, std::max(a.stride.w, a.dilation.w) - 1},
        b.per_axis);
  a.groups = r.pick(b.groups);
  const int64_t c_in = a.groups * r.pick(b.in_per_group);
  const int64_t c_out = a.groups * r.pick(b.out_per_group);
  const int64_t batch = r.uniform(1, b.batch_hi);
  const bool batched = !(b.unbatched && r.chance(1, 5));
  p.input.shape = batched ? Shape{batch, c_in, size.h, size.w} : Shape{c_in, size.h, size.w};
  p.weight.shape = {c_in, c_out / a.groups, k.h, k.w};
  if (b.bias && r.chance(1, 2)) p.bias = Array(Shape{c_out}, {});
  return p;
}

// Draws until PyTorch accepts the call and its output fits the level.
Problem draw_valid(Rng& r, const Bounds& b) {
  for (int attempt = 0; attempt < 100000; ++attempt) {
    Problem p = draw_call(r, b);
    const Shape* bias = p.bias ? &p.bias->shape : nullptr;
    if (validate_conv_transpose2d(p.input.shape, p.weight.shape, bias, p.args)) continue;
    const Geometry g = detail::geometry_of(p);
    if (g.h.out <= b.max_out && g.w.out <= b.max_out) return p;
  }
  throw std::logic_error("exercise generation found no valid call");  // bounds bug
}

// Integers in [lo, hi] without 0 (lo <= 0 < hi): every term of a sum counts.
void fill(Rng& r, Array& a, int64_t lo, int64_t hi) {
  a.data.resize(static_cast<size_t>(numel(a.shape)));
  for (float& v : a.data) {
    const int64_t x = r.uniform(lo, hi - 1);
    v = static_cast<float>(x >= 0 ? x + 1 : x);
  }
}

// An output index whose cell has at least min_terms terms (fewer when no
// cell has that many), uniformly among those, in reading order.
Shape draw_index(Rng& r, const Geometry& g, size_t min_terms) {
  const Shape out = g.output_shape();
  std::vector<Shape> cells;
  for (size_t need = min_terms;; --need) {
    Shape index(out.size(), 0);
    for (int64_t i = 0; i < numel(out); ++i) {
      int64_t rest = i;
      for (size_t d = out.size(); d-- > 0;) index[d] = rest % out[d], rest /= out[d];
      if (detail::terms_of(g, detail::output_cell(g, index)).size() >= need) cells.push_back(index);
    }
    if (!cells.empty() || need == 0) break;
  }
  return r.pick(cells);
}

Ask draw_output_size(Rng& r, const Geometry& g) {
  // Reachable targets mostly; one in four on an axis past the reach (or
  // below the smallest size), where the answer is "impossible".
  auto target = [&r](const Axis& a, bool impossible) {
    const int64_t limit = std::max(a.stride, a.dilation);
    if (!impossible) return a.min_out() + r.uniform(0, limit - 1);
    if (a.min_out() > 1 && r.chance(1, 3)) return a.min_out() - 1;
    return a.min_out() + limit + r.uniform(0, 1);
  };
  const bool impossible = r.chance(1, 4);
  const int64_t which = impossible ? r.uniform(0, 2) : -1;  // h, w or both
  Ask ask;
  ask.output_size = {target(g.h, which == 0 || which == 2), target(g.w, which == 1 || which == 2)};
  return ask;
}

Option draw_option(Rng& r, int level) {
  Option o;
  o.kernel_size = draw_pair(r, 2, level == 3 ? 5 : 6, level >= 2);
  o.stride = draw_pair(r, 2, 3, level >= 2);
  if (level == 3) o.dilation = draw_pair(r, 1, 3, true);
  return o;
}

// The smallest square input whose interior shows a whole stride period for
// every option (see make_question), at least 4.
int64_t checkerboard_input(const std::vector<Option>& options) {
  int64_t n = 4;
  for (const Option& o : options)
    for (bool h : {true, false}) {
      const int64_t k = h ? o.kernel_size.h : o.kernel_size.w, s = h ? o.stride.h : o.stride.w;
      const int64_t span = (h ? o.dilation.h : o.dilation.w) * (k - 1) + 1;
      n = std::max(n, 2 + (std::max<int64_t>(span - 2, 0) + s - 1) / s);
    }
  return n;
}

Question draw_checkerboard(Rng& r, int level) {
  const size_t count = level == 1 ? 3 : 4;
  const size_t evens = level == 3 ? static_cast<size_t>(r.uniform(1, 2)) : 1;
  Ask ask;
  size_t even = 0;
  while (ask.options.size() < count) {
    const Option o = draw_option(r, level);
    if (std::find(ask.options.begin(), ask.options.end(), o) != ask.options.end()) continue;
    const int64_t n = checkerboard_input({o});
    const bool is_even = detail::even_overlap({n, n}, o);
    if (is_even ? even == evens : ask.options.size() - even == count - evens) continue;
    even += is_even;
    ask.options.push_back(o);
  }
  const int64_t n = checkerboard_input(ask.options);
  return make_question(Kind::Checkerboard, detail::option_problem({n, n}, ask.options[0]), ask);
}

Question draw_question(Rng& r, Kind kind, int level) {
  if (kind == Kind::Checkerboard) return draw_checkerboard(r, level);
  Problem p = draw_valid(r, bounds_for(kind, level));
  const Geometry g = detail::geometry_of(p);
  Ask ask;
  switch (kind) {
    case Kind::Value: {
      // Level 1: positive, as d2l's examples; then signs too.
      fill(r, p.input, level == 1 ? 0 : -2, 3);
      fill(r, p.weight, level == 1 ? 0 : -1, level == 1 ? 3 : 2);
      if (p.bias) fill(r, *p.bias, -2, 2);
      ask.index = draw_index(r, g, 2);
      break;
    }
    case Kind::Feeders:
      ask.index = draw_index(r, g, r.chance(1, 6) ? 0 : 1);
      break;
    case Kind::OutputPadding:
      ask = draw_output_size(r, g);
      break;
    case Kind::Params:
      ask.find_stride = true;
      ask.find_padding = level >= 2;
      ask.find_dilation = level >= 3;
      break;
    case Kind::Matrix:
      for (int attempt = 0; attempt < 3; ++attempt) {
        ask.row = r.uniform(0, g.in_channels * g.h.in * g.w.in - 1);
        if (!detail::matrix_answer(g, ask.row).empty()) break;
      }
      break;
    default:
      break;
  }
  return make_question(kind, std::move(p), std::move(ask));
}

}  // namespace

Question generate(Kind kind, int level, uint64_t seed) {
  if (level < kMinLevel || level > kMaxLevel)
    throw std::invalid_argument("level must be 1, 2 or 3, got " + std::to_string(level));
  Rng r = detail::rng_for(kind, level, seed);
  Question q = draw_question(r, kind, level);
  q.level = level;
  q.seed = seed;
  return q;
}

}  // namespace tconv::exercise
