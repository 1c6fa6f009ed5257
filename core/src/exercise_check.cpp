// Checking an answer: right or wrong, and an explanation that names what is
// off and why, in the terms the views use.
#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "exercise_detail.h"
#include "tconv/checks.h"

namespace tconv::exercise {

namespace {

using namespace detail;

Verdict right(std::string why) {
  return {true, "Right: " + why};
}
Verdict wrong(std::string why) {
  return {false, "Wrong: " + why};
}

Verdict check_shape(const Question& q, const Answer& a) {
  const Geometry g = geometry_of(q.problem);
  const Shape& e = q.answer.shape;
  if (a.shape == e) return right("y has shape " + list_text(e) + ".");
  std::string why = "y has shape " + list_text(e) + ", not " + list_text(a.shape) + ".";
  if (a.shape.size() != e.size())
    why += g.batched ? " A batched (4-D) input gives a 4-D output (N, C_out, H_out, W_out)."
                     : " An unbatched (3-D) input gives a 3-D output (C_out, H_out, W_out).";
  return wrong(why + " " + shape_reason(g));
}

// A factor of a product: "(-1)" for a negative number, so "2·(-1)" reads right.
std::string factor_text(double v) {
  const std::string s = number_text(v);
  return v < 0 ? "(" + s + ")" : s;
}

Verdict check_value(const Question& q, const Answer& a) {
  const double e = q.answer.value, tol = value_tolerance(q);
  const std::string cell = index_text("y", q.ask.index);
  if (std::isfinite(a.value) && std::fabs(a.value - e) <= tol)
    return right(cell + " = " + number_text(e) + ".");
  const Geometry g = geometry_of(q.problem);
  const Cell c = output_cell(g, q.ask.index);
  const std::vector<Term> terms = terms_of(g, c);
  std::string why = cell + " = " + number_text(e) + ", not " + number_text(a.value) + ". ";
  if (terms.empty())
    why += "No input element reaches it";
  else
    why += "It sums " + std::to_string(terms.size()) + " term" + (terms.size() > 1 ? "s" : "");
  const int64_t kH = g.h.kernel, kW = g.w.kernel;
  const auto& x = q.problem.input.data;
  const auto& w = q.problem.weight.data;
  std::string names, products;
  for (size_t i = 0; i < terms.size() && i < 12; ++i) {
    const Term& t = terms[i];
    const Shape xi = input_index(g, c.n, t.c_in, t.link.ih, t.link.iw);
    const Shape wi{t.c_in, t.c_out_local, t.link.kh, t.link.kw};
    const int64_t xo = ((c.n * g.in_channels + t.c_in) * g.h.in + t.link.ih) * g.w.in + t.link.iw;
    const int64_t wo = ((wi[0] * g.out_per_group() + wi[1]) * kH + wi[2]) * kW + wi[3];
    names += (i ? " + " : "") + index_text("x", xi) + "·" + index_text("weight", wi);
    products += (i ? " + " : "") + factor_text(x[xo]) + "·" + factor_text(w[wo]);
  }
  if (terms.size() > 12) names += " + …", products += " + …";
  if (!terms.empty()) why += ": " + names + " = " + products;
  if (q.problem.bias)
    why += ", plus bias[" + std::to_string(c.c) + "] = " + number_text(q.problem.bias->data[c.c]);
  return wrong(why + ".");
}

// Why a listed input element does not feed the cell.
std::string not_a_feeder(const Geometry& g, const Cell& c, const Shape& idx) {
  const Shape in = g.input_shape();
  bool inside = idx.size() == in.size();
  for (size_t i = 0; inside && i < in.size(); ++i) inside = idx[i] >= 0 && idx[i] < in[i];
  if (!inside) return list_text(idx) + " is not an element of x (shape " + list_text(in) + ")";
  const Cell x = output_cell(g, idx);  // same layout: (n, c, h, w)
  if (x.n != c.n) return list_text(idx) + " is another batch element";
  if (g.group_of_in(x.c) != g.group_of_out(c.c))
    return list_text(idx) + " is in group " + std::to_string(g.group_of_in(x.c)) +
           ", y's channel " + std::to_string(c.c) + " in group " +
           std::to_string(g.group_of_out(c.c));
  return list_text(idx) + "'s kernel copy does not cover that cell";
}

Verdict check_feeders(const Question& q, const Answer& a) {
  const Geometry g = geometry_of(q.problem);
  const Cell c = output_cell(g, q.ask.index);
  const std::set<Shape> expected(q.answer.feeders.begin(), q.answer.feeders.end());
  const std::set<Shape> given(a.feeders.begin(), a.feeders.end());
  const std::string cell = index_text("y", q.ask.index);
  const std::string all = expected.empty() ? "no input element" : list_text_of(q.answer.feeders);
  if (given == expected)
    return right(all + " reach" + (expected.size() > 1 ? " " : "es ") + cell + ".");
  std::vector<std::string> problems;
  for (const Shape& s : given)
    if (!expected.count(s)) problems.push_back(not_a_feeder(g, c, s));
  std::vector<Shape> missing;
  for (const Shape& s : expected)
    if (!given.count(s)) missing.push_back(s);
  if (!missing.empty()) problems.push_back("missing " + list_text_of(missing));
  std::string why;
  for (const auto& p : problems) why += (why.empty() ? "" : "; ") + p;
  return wrong(why + ". " + cell + " is reached by " + all + ".");
}

}  // namespace

Verdict check(const Question& q, const Answer& a) {
  switch (q.kind) {
    case Kind::Shape:
      return check_shape(q, a);
    case Kind::Value:
      return check_value(q, a);
    case Kind::Feeders:
      return check_feeders(q, a);
    case Kind::OutputPadding:
      return detail::check_output_padding(q, a);
    case Kind::Params:
      return detail::check_params(q, a);
    case Kind::Matrix:
      return detail::check_matrix(q, a);
    case Kind::Checkerboard:
      break;
  }
  return detail::check_checkerboard(q, a);
}

}  // namespace tconv::exercise
