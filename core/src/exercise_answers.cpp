// Answers to exercise questions, each computed by the code a view draws: the
// checks and shape functions (shape view), the hover links (feeders), the
// scatter (value), the conv matrix record (matrix), the overlap map
// (checkerboard). Nothing here is a table of answers.
#include <algorithm>
#include <cmath>

#include "exercise_detail.h"
#include "tconv/checks.h"
#include "tconv/conv.h"
#include "tconv/matrix.h"

namespace tconv::exercise::detail {

// [SECTION] PRNG.
uint64_t Rng::next() {
  uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

int64_t Rng::uniform(int64_t lo, int64_t hi) {
  const uint64_t range = static_cast<uint64_t>(hi - lo) + 1;
  // Reject the lowest 2^64 mod range values so every residue is equally
  // likely (Lemire's threshold, without the multiply).
  const uint64_t threshold = (0 - range) % range;
  uint64_t r = next();
  while (r < threshold) r = next();
  return lo + static_cast<int64_t>(r % range);
}

Rng rng_for(Kind kind, int level, uint64_t seed) {
  Rng mix(seed);
  const uint64_t base = mix.next();
  return Rng(base ^ (static_cast<uint64_t>(kind) + 1) * 0x100000001B3ull ^
             static_cast<uint64_t>(level) << 56);
}

// [SECTION] Calls.
Geometry geometry_of(const Problem& p) {
  const Shape* bias = p.bias ? &p.bias->shape : nullptr;
  return check_conv_transpose2d(p.input.shape, p.weight.shape, bias, p.args);
}

Problem option_problem(Pair input_size, const Option& o) {
  Problem p;
  p.input.shape = {1, 1, input_size.h, input_size.w};
  p.weight.shape = {1, 1, o.kernel_size.h, o.kernel_size.w};
  p.args.stride = o.stride;
  p.args.dilation = o.dilation;
  return p;
}

void fill_values(Problem& p, uint64_t seed) {
  Rng rng(seed ^ 0xF111F111F111F111ull);
  auto fill = [&rng](Array& a, int64_t lo, int64_t hi) {
    if (!a.data.empty() || numel(a.shape) == 0) return;
    a.data.resize(static_cast<size_t>(numel(a.shape)));
    for (float& v : a.data) v = static_cast<float>(rng.uniform(lo, hi));
  };
  fill(p.input, -2, 3);
  fill(p.weight, -1, 2);
  if (p.bias) fill(*p.bias, -2, 2);
}

Shape input_index(const Geometry& g, int64_t n, int64_t c, int64_t h, int64_t w) {
  if (g.batched) return {n, c, h, w};
  return {c, h, w};
}

Cell output_cell(const Geometry& g, const Shape& index) {
  if (g.batched) return {index[0], index[1], index[2], index[3]};
  return {0, index[0], index[1], index[2]};
}

// [SECTION] Answers.
Shape shape_answer(const Geometry& g) {
  return g.output_shape();
}

std::vector<Term> terms_of(const Geometry& g, const Cell& cell) {
  std::vector<Term> terms;
  const int64_t group = g.group_of_out(cell.c);
  const std::vector<Link> links = links_to_output(g, cell.h, cell.w);
  for (int64_t c = group * g.in_per_group(); c < (group + 1) * g.in_per_group(); ++c)
    for (const Link& l : links) terms.push_back({c, cell.c % g.out_per_group(), l});
  return terms;
}

double value_answer(const Problem& p, const Geometry& g, const Cell& cell) {
  const Array* bias = p.bias ? &*p.bias : nullptr;
  const Array y = conv_transpose2d(p.input, p.weight, bias, p.args, {Method::Scatter, 1});
  const int64_t i = ((cell.n * g.out_channels + cell.c) * g.h.out + cell.h) * g.w.out + cell.w;
  return y.data[static_cast<size_t>(i)];
}

std::vector<Shape> feeders_answer(const Geometry& g, const Cell& cell) {
  std::vector<Shape> out;
  for (const Term& t : terms_of(g, cell))
    out.push_back(input_index(g, cell.n, t.c_in, t.link.ih, t.link.iw));
  std::sort(out.begin(), out.end());
  return out;
}

std::optional<Pair> output_padding_answer(const Problem& p, Pair target) {
  const Geometry g = geometry_of(p);  // output_padding 0
  const Pair op(target.h - g.h.min_out(), target.w - g.w.min_out());
  if (op.h < 0 || op.w < 0) return std::nullopt;
  ConvTranspose2dArgs args = p.args;
  args.output_padding = op;
  const Shape* bias = p.bias ? &p.bias->shape : nullptr;
  if (validate_conv_transpose2d(p.input.shape, p.weight.shape, bias, args)) return std::nullopt;
  return op;
}

std::vector<MatrixEntry> matrix_answer(const Geometry& g, int64_t row) {
  // W's structure does not depend on the weight's values (explicit zeros
  // stay non-zeros of the record), so zeros do.
  Tensor4 w(g.in_channels, g.out_per_group(), g.h.kernel, g.w.kernel);
  w.setZero();
  const MatrixRecord rec(w, g);
  std::vector<MatrixEntry> out;
  for (MatrixRecord::SparseW::InnerIterator it(rec.W(), row); it; ++it) {
    const Tap* t = rec.tap_at(row, it.col());
    out.push_back({it.col(), t->kh, t->kw});
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.col < b.col; });
  return out;
}

std::pair<int, int> interior_counts(Pair input_size, const Option& o) {
  const Geometry g = geometry_of(option_problem(input_size, o));
  const Eigen::MatrixXi counts = overlap_counts(g);
  // The interior: cells every tap can reach, span−1 .. (in−1)·stride with no
  // padding; its counts repeat with the stride's period.
  const int64_t h0 = g.h.span() - 1, h1 = (g.h.in - 1) * g.h.stride;
  const int64_t w0 = g.w.span() - 1, w1 = (g.w.in - 1) * g.w.stride;
  const auto interior = counts.block(h0, w0, h1 - h0 + 1, w1 - w0 + 1);
  return {interior.minCoeff(), interior.maxCoeff()};
}

bool even_overlap(Pair input_size, const Option& o) {
  const auto [lo, hi] = interior_counts(input_size, o);
  return lo == hi;
}

Picture picture_of(const Geometry& g) {
  Picture p;
  p.input_size = {g.h.in, g.w.in};
  p.kernel_size = {g.h.kernel, g.w.kernel};
  p.footprint = {g.h.span(), g.w.span()};
  p.canvas = {g.h.full(), g.w.full()};
  p.output_size = {g.h.out, g.w.out};
  return p;
}

std::vector<AxisParams> params_solutions(const Ask& ask, const Axis& known, bool h_axis) {
  auto get = [h_axis](Pair p) { return h_axis ? p.h : p.w; };
  const Picture& pic = ask.picture;
  const int64_t footprint = get(pic.footprint), canvas = get(pic.canvas);
  const int64_t out = get(pic.output_size), op = known.output_padding;
  auto range = [](bool free, int64_t value, int64_t lo, int64_t hi) {
    return free ? std::pair<int64_t, int64_t>{lo, hi} : std::pair<int64_t, int64_t>{value, value};
  };
  // A footprint, canvas and output this size cannot come from larger values.
  const auto [d0, d1] =
      range(ask.find_dilation, known.dilation, 1, std::max<int64_t>(footprint, 1));
  const auto [s0, s1] = range(ask.find_stride, known.stride, 1, std::max<int64_t>(canvas, 1));
  const auto [p0, p1] = range(ask.find_padding, known.padding, 0, std::max<int64_t>(canvas, 0));
  // The footprint depends on dilation only, the canvas on stride too, the
  // output on padding too: each loop only runs for what the one above kept.
  std::vector<AxisParams> found;
  for (int64_t d = std::max<int64_t>(d0, 1); d <= d1; ++d) {
    if (make_axis(known.in, known.kernel, 1, 0, 0, d).span() != footprint) continue;
    for (int64_t s = std::max<int64_t>(s0, 1); s <= s1; ++s) {
      if (make_axis(known.in, known.kernel, s, 0, 0, d).full() != canvas) continue;
      if (!(op < s || op < d)) continue;  // PyTorch's rule for output_padding
      for (int64_t p = std::max<int64_t>(p0, 0); p <= p1; ++p)
        if (make_axis(known.in, known.kernel, s, p, op, d).out == out) found.push_back({s, p, d});
    }
  }
  return found;
}

}  // namespace tconv::exercise::detail

namespace tconv::exercise {

// [SECTION] Tolerance.
double value_tolerance(const Question& q) {
  using namespace detail;
  if (q.kind != Kind::Value || !q.values_given()) return 0;
  const Geometry g = geometry_of(q.problem);
  const Cell cell = output_cell(g, q.ask.index);
  const int64_t kH = g.h.kernel, kW = g.w.kernel;
  double magnitude = q.problem.bias ? std::fabs(q.problem.bias->data[cell.c]) : 0.0;
  for (const Term& t : terms_of(g, cell)) {
    const int64_t xi =
        ((cell.n * g.in_channels + t.c_in) * g.h.in + t.link.ih) * g.w.in + t.link.iw;
    const int64_t wi =
        ((t.c_in * g.out_per_group() + t.c_out_local) * kH + t.link.kh) * kW + t.link.kw;
    magnitude += std::fabs(static_cast<double>(q.problem.input.data[xi]) *
                           static_cast<double>(q.problem.weight.data[wi]));
  }
  return 1e-5 * std::max(1.0, magnitude);
}

}  // namespace tconv::exercise
