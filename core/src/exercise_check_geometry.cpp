// Checking the geometric kinds: output_padding, params, matrix, checkerboard.
// Each wrong answer is explained by what it would give instead.
#include <map>
#include <set>

#include "exercise_detail.h"
#include "tconv/checks.h"

namespace tconv::exercise::detail {

namespace {

Verdict right(std::string why) {
  return {true, "Right: " + why};
}
Verdict wrong(std::string why) {
  return {false, "Wrong: " + why};
}

std::optional<std::string> pytorch_rejects(const Problem& p, const ConvTranspose2dArgs& args) {
  const Shape* bias = p.bias ? &p.bias->shape : nullptr;
  return validate_conv_transpose2d(p.input.shape, p.weight.shape, bias, args);
}

std::string reach_text(const Geometry& g) {
  const Pair limit(std::max(g.h.stride, g.h.dilation), std::max(g.w.stride, g.w.dilation));
  auto range = [](const Axis& a) {
    const int64_t lo = a.min_out(), hi = a.max_out_by_output_padding();
    return lo == hi ? "only " + std::to_string(lo)
                    : std::to_string(lo) + " to " + std::to_string(hi);
  };
  return "without output_padding y is " + size_text({g.h.min_out(), g.w.min_out()}) +
         ", and output_padding must be below max(stride, dilation) = " + pair_text(limit) +
         ", so y's height can be " + range(g.h) + " and its width " + range(g.w);
}

}  // namespace

Verdict check_output_padding(const Question& q, const Answer& a) {
  const Geometry g = geometry_of(q.problem);  // output_padding 0
  const std::string target = size_text(q.ask.output_size);
  const std::optional<Pair>& e = q.answer.output_padding;
  if (a.output_padding == e) {
    if (!e) return right("no output_padding gives " + target + ": " + reach_text(g) + ".");
    return right("output_padding=" + pair_text(*e) + " gives " + target + ".");
  }
  std::string why;
  if (a.output_padding) {
    ConvTranspose2dArgs args = q.problem.args;
    args.output_padding = *a.output_padding;
    if (auto err = pytorch_rejects(q.problem, args))
      why = "PyTorch rejects output_padding=" + pair_text(*a.output_padding) + ": " + *err + ". ";
    else
      why = "output_padding=" + pair_text(*a.output_padding) + " gives " +
            size_text(
                {g.h.min_out() + args.output_padding.h, g.w.min_out() + args.output_padding.w}) +
            ", not " + target + ". ";
  } else {
    why = "it is possible. ";
  }
  if (e) return wrong(why + "output_padding=" + pair_text(*e) + " gives " + target + ".");
  return wrong(why + "No output_padding gives " + target + ": " + reach_text(g) + ".");
}

Verdict check_params(const Question& q, const Answer& a) {
  ConvTranspose2dArgs args = q.problem.args;
  if (q.ask.find_stride) args.stride = a.stride;
  if (q.ask.find_padding) args.padding = a.padding;
  if (q.ask.find_dilation) args.dilation = a.dilation;
  const std::string given = params_text(q.ask, args);
  const std::string correct = params_text(q.ask, q.problem.args);
  const bool several = q.ask.find_stride + q.ask.find_padding + q.ask.find_dilation > 1;
  const std::string give = several ? " give" : " gives";
  if (auto err = pytorch_rejects(q.problem, args))
    return wrong("PyTorch rejects " + given + ": " + *err + ". The picture comes from " + correct +
                 ".");
  Problem p = q.problem;
  p.args = args;
  const Picture got = picture_of(geometry_of(p));
  const Picture& want = q.ask.picture;
  if (got == want) {
    std::string why = given + give + " the picture: footprint " + size_text(want.footprint) +
                      ", canvas " + size_text(want.canvas) + ", output " +
                      size_text(want.output_size) + ".";
    if (given != correct) why += " (So do " + correct + ".)";
    return right(why);
  }
  std::vector<std::string> off;
  if (got.footprint != want.footprint)
    off.push_back("a footprint of " + size_text(got.footprint) + " (the picture shows " +
                  size_text(want.footprint) + ")");
  if (got.canvas != want.canvas)
    off.push_back("a canvas of " + size_text(got.canvas) + " (the picture shows " +
                  size_text(want.canvas) + ")");
  if (got.output_size != want.output_size)
    off.push_back("an output of " + size_text(got.output_size) + " (the picture shows " +
                  size_text(want.output_size) + ")");
  std::string why = given + " would give ";
  for (size_t i = 0; i < off.size(); ++i) why += (i ? ", " : "") + off[i];
  return wrong(why + ". " + correct + give + " the picture.");
}

Verdict check_matrix(const Question& q, const Answer& a) {
  const Geometry g = geometry_of(q.problem);
  const int64_t cols = g.out_channels * g.h.out * g.w.out, r = q.ask.row;
  std::map<int64_t, std::pair<int64_t, int64_t>> expected;
  for (const MatrixEntry& e : q.answer.entries) expected[e.col] = {e.kh, e.kw};
  std::map<int64_t, std::set<std::pair<int64_t, int64_t>>> given;
  for (const MatrixEntry& e : a.entries) given[e.col].insert({e.kh, e.kw});
  auto tap = [](std::pair<int64_t, int64_t> t) { return "tap " + tap_text(t.first, t.second); };
  std::vector<std::string> off;
  for (const auto& [col, taps] : given) {
    const std::string at = "W[" + std::to_string(r) + ", " + std::to_string(col) + "]";
    auto it = expected.find(col);
    if (col < 0 || col >= cols)
      off.push_back("column " + std::to_string(col) + " does not exist (W has " +
                    std::to_string(cols) + " columns)");
    else if (it == expected.end())
      off.push_back(at + " is zero: no tap of this input lands on output element " +
                    std::to_string(col));
    else if (taps.size() > 1)
      off.push_back(at + " is given " + std::to_string(taps.size()) + " different taps");
    else if (*taps.begin() != it->second)
      off.push_back(at + " comes from " + tap(it->second) + ", not " + tap(*taps.begin()));
  }
  for (const auto& [col, t] : expected)
    if (!given.count(col))
      off.push_back("missing column " + std::to_string(col) + " (" + tap(t) + ")");
  const std::string all = matrix_row_text(q, q.answer.entries);
  if (off.empty()) return right(all);
  std::string why;
  for (size_t i = 0; i < off.size(); ++i) why += (i ? "; " : "") + off[i];
  return wrong(why + ". " + all);
}

Verdict check_checkerboard(const Question& q, const Answer& a) {
  const Shape& in = q.problem.input.shape;
  const Pair size(in[in.size() - 2], in[in.size() - 1]);
  const int64_t n = static_cast<int64_t>(q.ask.options.size());
  const std::set<int64_t> expected(q.answer.choices.begin(), q.answer.choices.end());
  const std::set<int64_t> given(a.choices.begin(), a.choices.end());
  std::vector<std::string> off;
  for (int64_t i : given)
    if (i < 0 || i >= n)
      off.push_back("there is no option " + std::to_string(i) + " (options are 0 to " +
                    std::to_string(n - 1) + ")");
  for (int64_t i = 0; i < n; ++i) {
    if (given.count(i) == expected.count(i)) continue;
    const Option& o = q.ask.options[static_cast<size_t>(i)];
    const auto [lo, hi] = interior_counts(size, o);
    off.push_back(
        "option " + std::to_string(i) + " (" + option_text(o) + ") " +
        (lo == hi ? "gives every interior cell " + std::to_string(lo) + (lo == 1 ? " tap" : " taps")
                  : "gives interior cells " + std::to_string(lo) + " to " + std::to_string(hi) +
                        " taps"));
  }
  const std::string evens = expected.empty()
                                ? "none of the options overlaps evenly"
                                : "the even options are " + list_text(q.answer.choices);
  if (off.empty()) return right(evens + ".");
  std::string why;
  for (size_t i = 0; i < off.size(); ++i) why += (i ? "; " : "") + off[i];
  return wrong(why + ". So " + evens + ".");
}

}  // namespace tconv::exercise::detail
