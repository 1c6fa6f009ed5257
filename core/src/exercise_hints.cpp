// Hints: the rule first, then where to look, then the numbers without the
// result. Each is computed from the question's own geometry.
#include <algorithm>
#include <set>

#include "exercise_detail.h"

namespace tconv::exercise::detail {

namespace {

std::string formula_open(const Axis& a) {
  const std::string f = a.formula();
  return f.substr(0, f.rfind(" = "));
}

std::string group_hint(const Geometry& g, int64_t c_out) {
  if (g.groups == 1) return "Every input channel of the same batch element takes part.";
  const int64_t c0 = g.group_of_out(c_out) * g.in_per_group();
  const std::string channels = g.in_per_group() == 1
                                   ? "input channel " + std::to_string(c0)
                                   : "input channels " + std::to_string(c0) + " to " +
                                         std::to_string(c0 + g.in_per_group() - 1);
  return "With groups=" + std::to_string(g.groups) + ", output channel " + std::to_string(c_out) +
         " only sees " + channels + ".";
}

const char* kShapeRule =
    "Each spatial size is (in − 1) × stride − 2 × padding + dilation × (kernel_size − 1) + "
    "output_padding + 1.";
const char* kScatterRule =
    "In the scatter, input element x[.., i, j] adds x[.., i, j] × its kernel at output rows "
    "i·stride − padding + kh·dilation and columns j·stride − padding + kw·dilation.";

std::vector<std::string> cell_hints(const Question& q, bool value) {
  const Geometry g = geometry_of(q.problem);
  const Cell c = output_cell(g, q.ask.index);
  const std::string cell = index_text("y", q.ask.index);
  std::vector<std::string> h{kScatterRule, group_hint(g, c.c)};
  if (value) {
    std::vector<std::string> terms;
    for (const Term& t : terms_of(g, c))
      terms.push_back(index_text("x", input_index(g, c.n, t.c_in, t.link.ih, t.link.iw)) + "·" +
                      index_text("weight", {t.c_in, t.c_out_local, t.link.kh, t.link.kw}));
    h.push_back(cell + " = " + (terms.empty() ? "0" : join(terms, " + ")) +
                (q.problem.bias ? " + bias[" + std::to_string(c.c) + "]" : ""));
  } else {
    // The hover links of the cell, as rows and columns of x.
    std::set<int64_t> rows, cols;
    for (const Link& l : links_to_output(g, c.h, c.w)) rows.insert(l.ih), cols.insert(l.iw);
    h.push_back("Rows of x that reach row " + std::to_string(c.h) + ": " +
                list_text({rows.begin(), rows.end()}) + "; columns that reach column " +
                std::to_string(c.w) + ": " + list_text({cols.begin(), cols.end()}) + ".");
  }
  return h;
}

std::vector<std::string> output_padding_hints(const Question& q) {
  const Geometry g = geometry_of(q.problem);
  const Pair t = q.ask.output_size;
  return {"Without output_padding y is " + size_text({g.h.min_out(), g.w.min_out()}) + ": " +
              formula_open(g.h) + " for the height.",
          "output_padding adds rows at the bottom and columns at the right; PyTorch requires, on "
          "each axis, output_padding < stride or output_padding < dilation.",
          "Needed: " + std::to_string(t.h) + " − " + std::to_string(g.h.min_out()) + " rows and " +
              std::to_string(t.w) + " − " + std::to_string(g.w.min_out()) +
              " columns; is each below max(stride, dilation) = " +
              pair_text({std::max(g.h.stride, g.h.dilation), std::max(g.w.stride, g.w.dilation)}) +
              "?"};
}

std::vector<std::string> params_hints(const Question& q) {
  const Picture& pic = q.ask.picture;
  const Axis& a = geometry_of(q.problem).h;
  const std::string n = std::to_string(pic.input_size.h), k = std::to_string(pic.kernel_size.h);
  const std::string f = std::to_string(pic.footprint.h), c = std::to_string(pic.canvas.h);
  std::vector<std::string> eq;
  if (q.ask.find_dilation) eq.push_back(f + " = dilation × (" + k + " − 1) + 1");
  eq.push_back(c + " = (" + n + " − 1) × stride + " + f);
  if (q.ask.find_padding)
    eq.push_back(std::to_string(pic.output_size.h) + " = " + c + " − 2 × padding + " +
                 std::to_string(a.output_padding));
  return {
      "A kernel copy's footprint spans dilation × (kernel_size − 1) + 1 cells, and "
      "neighbouring copies start stride cells apart: canvas = (in − 1) × stride + footprint.",
      "Padding crops that many rows and columns from each side of the canvas; output_padding "
      "adds rows at the bottom and columns at the right: output = canvas − 2 × padding + "
      "output_padding.",
      "For the height: " + join(eq, ", ") + "; then the same for the width."};
}

std::vector<std::string> matrix_hints(const Question& q) {
  const Geometry g = geometry_of(q.problem);
  const int64_t r = q.ask.row, plane = g.h.in * g.w.in;
  const int64_t ih = r % plane / g.w.in, iw = r % g.w.in;
  std::vector<std::string> rows, cols;
  for (int64_t k = 0; k < g.h.kernel; ++k) {
    const int64_t o = ih * g.h.stride - g.h.padding + k * g.h.dilation;
    rows.push_back("kh=" + std::to_string(k) + "→" +
                   (o >= 0 && o < g.h.out ? std::to_string(o) : "cropped"));
  }
  for (int64_t k = 0; k < g.w.kernel; ++k) {
    const int64_t o = iw * g.w.stride - g.w.padding + k * g.w.dilation;
    cols.push_back("kw=" + std::to_string(k) + "→" +
                   (o >= 0 && o < g.w.out ? std::to_string(o) : "cropped"));
  }
  return {
      "A row of W is one input element: its non-zeros are the output cells its kernel copy "
      "lands on, less those padding crops away.",
      "Output element (c_out, oh, ow) is column c_out·" + std::to_string(g.h.out) + "·" +
          std::to_string(g.w.out) + " + oh·" + std::to_string(g.w.out) +
          " + ow; only the output channels of the input's group appear.",
      "This input's taps land on output rows " + join(rows, ", ") + " and columns " +
          join(cols, ", ") + "."};
}

std::vector<std::string> checkerboard_hints(const Question& q) {
  std::vector<std::string> h{
      "Picture the overlap map: how many kernel taps land on each output cell.",
      "Along one axis with dilation 1, the interior counts are all equal exactly when "
      "kernel_size is a multiple of stride."};
  const bool dilated = std::any_of(q.ask.options.begin(), q.ask.options.end(),
                                   [](const Option& o) { return o.dilation != Pair(1); });
  if (dilated)
    h.push_back(
        "With dilation d the taps sit d apart: they cover every residue modulo the "
        "stride equally only when d and the stride have no common factor and the stride "
        "divides kernel_size.");
  else
    h.push_back("Check each option on both axes: is kernel_size divisible by stride?");
  return h;
}

}  // namespace

std::vector<std::string> hint_texts(const Question& q) {
  switch (q.kind) {
    case Kind::Shape: {
      const Geometry g = geometry_of(q.problem);
      return {kShapeRule,
              "C_out = weight.size(1) × groups; the batch dimension stays" +
                  std::string(g.batched ? "."
                                        : ", and an unbatched (C, H, W) input gives an "
                                          "unbatched output."),
              "H_out = " + formula_open(g.h) + ", W_out = " + formula_open(g.w) + "."};
    }
    case Kind::Value:
      return cell_hints(q, true);
    case Kind::Feeders:
      return cell_hints(q, false);
    case Kind::OutputPadding:
      return output_padding_hints(q);
    case Kind::Params:
      return params_hints(q);
    case Kind::Matrix:
      return matrix_hints(q);
    case Kind::Checkerboard:
      break;
  }
  return checkerboard_hints(q);
}

}  // namespace tconv::exercise::detail
