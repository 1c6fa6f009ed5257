// The words of the exercises: questions, answers, hints. Integers only go
// through std::to_string and floats through the shortest float32 text, so a
// question reads the same on every platform.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <set>

#include "exercise_detail.h"

namespace tconv::exercise::detail {

std::string join(const std::vector<std::string>& parts, const std::string& sep) {
  std::string s;
  for (size_t i = 0; i < parts.size(); ++i) s += (i ? sep : "") + parts[i];
  return s;
}

namespace {

// Appending, not "(" + s: GCC 12 warns falsely (-Wrestrict) on that.
std::string bracket(char open, const std::string& inner, char close) {
  std::string s(1, open);
  s += inner;
  s += close;
  return s;
}

std::string nested(const Array& a, size_t depth, size_t& offset) {
  if (depth == a.shape.size()) return number_text(a.data[offset++]);
  std::vector<std::string> items;
  for (int64_t i = 0; i < a.shape[depth]; ++i) items.push_back(nested(a, depth + 1, offset));
  return bracket('[', join(items, ", "), ']');
}

// "x = [[[[0, 1], [2, 3]]]]", or its shape when the values are not given or
// too many to read.
std::string tensor_text(const std::string& name, const Array& a) {
  if (a.data.empty() || a.data.size() > 64) {
    std::string s = name + " of shape " + list_text(a.shape);
    return a.data.empty() ? s : s + " (values in the spec)";
  }
  size_t offset = 0;
  return name + " = " + nested(a, 0, offset);
}

std::string tensors_text(const Problem& p) {
  std::string s = tensor_text("x", p.input) + ", " + tensor_text("weight", p.weight);
  if (p.bias) s += ", " + tensor_text("bias", *p.bias);
  return s;
}

}  // namespace

// [SECTION] Small pieces.
std::string pair_text(Pair p) {
  if (p.h == p.w) return std::to_string(p.h);
  return bracket('(', std::to_string(p.h) + ", " + std::to_string(p.w), ')');
}

std::string size_text(Pair p) {
  return std::to_string(p.h) + "×" + std::to_string(p.w);
}

std::string list_text(const Shape& s) {
  std::vector<std::string> items;
  for (int64_t v : s) items.push_back(std::to_string(v));
  return bracket('[', join(items, ", "), ']');
}

std::string list_text_of(const std::vector<Shape>& v) {
  std::vector<std::string> items;
  for (const Shape& s : v) items.push_back(list_text(s));
  return bracket('[', join(items, ", "), ']');
}

std::string number_text(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  if (v == std::floor(v) && std::fabs(v) < 1e15) return std::to_string(static_cast<int64_t>(v));
  char buf[40];
  for (int digits = 1; digits <= 17; ++digits) {
    std::snprintf(buf, sizeof buf, "%.*g", digits, v);
    if (std::strtod(buf, nullptr) == v) break;
  }
  return buf;
}

std::string tap_text(int64_t kh, int64_t kw) {
  return bracket('(', std::to_string(kh) + ", " + std::to_string(kw), ')');
}

std::string index_text(const char* name, const Shape& index) {
  std::vector<std::string> items;
  for (int64_t v : index) items.push_back(std::to_string(v));
  return std::string(name) + "[" + join(items, ", ") + "]";
}

std::string option_text(const Option& o) {
  std::string s = "kernel_size=" + pair_text(o.kernel_size) + ", stride=" + pair_text(o.stride);
  if (o.dilation != Pair(1)) s += ", dilation=" + pair_text(o.dilation);
  return s;
}

std::string params_text(const Ask& ask, const ConvTranspose2dArgs& a) {
  std::vector<std::string> parts;
  if (ask.find_stride) parts.push_back("stride=" + pair_text(a.stride));
  if (ask.find_padding) parts.push_back("padding=" + pair_text(a.padding));
  if (ask.find_dilation) parts.push_back("dilation=" + pair_text(a.dilation));
  return join(parts, ", ");
}

std::string call_text(const Problem& p, bool omit_output_padding) {
  const ConvTranspose2dArgs& a = p.args;
  std::vector<std::string> args{"x", "weight"};
  if (p.bias) args.push_back("bias");
  if (a.stride != Pair(1)) args.push_back("stride=" + pair_text(a.stride));
  if (a.padding != Pair(0)) args.push_back("padding=" + pair_text(a.padding));
  if (omit_output_padding)
    args.push_back("output_padding=?");
  else if (a.output_padding != Pair(0))
    args.push_back("output_padding=" + pair_text(a.output_padding));
  if (a.groups != 1) args.push_back("groups=" + std::to_string(a.groups));
  if (a.dilation != Pair(1)) args.push_back("dilation=" + pair_text(a.dilation));
  std::string s = "y = F.conv_transpose2d(" + join(args, ", ") + ")";
  if (a.output_size)
    s += " with output_size=" + list_text(*a.output_size) +
         " (as nn.ConvTranspose2d's forward takes it)";
  return s;
}

std::string shape_reason(const Geometry& g) {
  return "C_out = weight.size(1) × groups = " + std::to_string(g.out_per_group()) + " × " +
         std::to_string(g.groups) + " = " + std::to_string(g.out_channels) +
         "; H_out = " + g.h.formula() + "; W_out = " + g.w.formula() + ".";
}

std::string matrix_row_text(const Question& q, const std::vector<MatrixEntry>& entries) {
  const Geometry g = geometry_of(q.problem);
  const int64_t r = q.ask.row, plane = g.h.in * g.w.in, out_plane = g.h.out * g.w.out;
  const std::string row = "Row " + std::to_string(r) + " of W (input element " +
                          list_text({r / plane, r % plane / g.w.in, r % g.w.in}) + ")";
  if (entries.empty()) return row + " has no non-zero: every tap lands in the cropped border.";
  std::vector<std::string> items;
  for (const MatrixEntry& e : entries)
    items.push_back(std::to_string(e.col) + " (output " +
                    list_text({e.col / out_plane, e.col % out_plane / g.w.out, e.col % g.w.out}) +
                    ", tap " + tap_text(e.kh, e.kw) + ")");
  return row + " is non-zero in column" + (items.size() > 1 ? "s " : " ") + join(items, ", ") + ".";
}

// [SECTION] Questions.
namespace {

std::string params_question(const Question& q) {
  const Picture& pic = q.ask.picture;
  const ConvTranspose2dArgs& a = q.problem.args;
  std::vector<std::string> given;
  if (!q.ask.find_padding) given.push_back("padding=" + pair_text(a.padding));
  given.push_back("output_padding=" + pair_text(a.output_padding));
  if (!q.ask.find_dilation) given.push_back("dilation=" + pair_text(a.dilation));
  std::vector<std::string> asked;
  if (q.ask.find_stride) asked.push_back("stride");
  if (q.ask.find_padding) asked.push_back("padding");
  if (q.ask.find_dilation) asked.push_back("dilation");
  std::string find = asked.size() == 1
                         ? asked[0]
                         : join({asked.begin(), asked.end() - 1}, ", ") + " and " + asked.back();
  return "The scatter picture of a transposed convolution shows a " + size_text(pic.input_size) +
         " input and a " + size_text(pic.kernel_size) + " kernel (weight of shape " +
         list_text(q.problem.weight.shape) + "). Each input element's kernel copy covers a " +
         size_text(pic.footprint) + " footprint, the canvas before cropping is " +
         size_text(pic.canvas) + ", and the output is " + size_text(pic.output_size) + ". Given " +
         join(given, ", ") + ": what " + (asked.size() == 1 ? "is " : "are ") + find +
         "? (Each an int, or [h, w] when the axes differ.)";
}

std::string matrix_question(const Question& q) {
  const Geometry g = geometry_of(q.problem);
  const int64_t rows = g.in_channels * g.h.in * g.w.in;
  const int64_t cols = g.out_channels * g.h.out * g.w.out, plane = g.h.in * g.w.in;
  const int64_t r = q.ask.row;
  return call_text(q.problem, false) + ", with " + tensors_text(q.problem) +
         ". Its conv matrix W has one row per input element (c_in, h, w) and one column per "
         "output element (c_out, h, w), both in row-major order, so that vec(y) = Wᵀ vec(x) for "
         "each batch element; here W is " +
         std::to_string(rows) + " × " + std::to_string(cols) + ". Row " + std::to_string(r) +
         " stands for input element " + list_text({r / plane, r % plane / g.w.in, r % g.w.in}) +
         ". Which columns of that row are non-zero, and which kernel tap (kh, kw) of weight does "
         "each hold?";
}

std::string checkerboard_question(const Question& q) {
  const Shape& in = q.problem.input.shape;
  std::vector<std::string> options;
  for (size_t i = 0; i < q.ask.options.size(); ++i)
    options.push_back(std::to_string(i) + ") " + option_text(q.ask.options[i]));
  return "F.conv_transpose2d upsamples a one-channel " +
         size_text({in[in.size() - 2], in[in.size() - 1]}) +
         " input with no padding, using one of these: " + join(options, "; ") +
         ". Which options give every interior output cell (away from the border, where fewer "
         "kernel copies reach) the same number of kernel taps, so that no checkerboard appears? "
         "List every option that does, by number.";
}

}  // namespace

std::string question_text(const Question& q) {
  const Problem& p = q.problem;
  switch (q.kind) {
    case Kind::Shape:
      return call_text(p, false) + ", with " + tensors_text(p) + ". What is the shape of y?";
    case Kind::Value:
      return call_text(p, false) + ", with " + tensors_text(p) + ". What is " +
             index_text("y", q.ask.index) + "?";
    case Kind::Feeders:
      return call_text(p, false) + ", with " + tensors_text(p) + ". Which elements of x reach " +
             index_text("y", q.ask.index) +
             "? List their full indices, in any order (an empty list if none does).";
    case Kind::OutputPadding:
      return call_text(p, true) + ", with " + tensors_text(p) +
             ". Which output_padding [oph, opw] makes y " + size_text(q.ask.output_size) +
             " (height × width)? If no output_padding PyTorch accepts does, the answer is "
             "\"impossible\" (null in JSON).";
    case Kind::Params:
      return params_question(q);
    case Kind::Matrix:
      return matrix_question(q);
    case Kind::Checkerboard:
      break;
  }
  return checkerboard_question(q);
}

// [SECTION] Answers in words.
std::string answer_words(const Question& q, const Answer& a) {
  switch (q.kind) {
    case Kind::Shape:
      return list_text(a.shape);
    case Kind::Value:
      return number_text(a.value);
    case Kind::Feeders:
      return a.feeders.empty() ? "[] (none)" : list_text_of(a.feeders);
    case Kind::OutputPadding:
      return a.output_padding ? list_text({a.output_padding->h, a.output_padding->w})
                              : "null (impossible)";
    case Kind::Params: {
      ConvTranspose2dArgs args;
      args.stride = a.stride, args.padding = a.padding, args.dilation = a.dilation;
      return params_text(q.ask, args);
    }
    case Kind::Matrix: {
      if (a.entries.empty()) return "no non-zero";
      std::vector<std::string> items;
      for (const MatrixEntry& e : a.entries)
        items.push_back("column " + std::to_string(e.col) + ": tap " + tap_text(e.kh, e.kw));
      return join(items, "; ");
    }
    case Kind::Checkerboard:
      break;
  }
  return a.choices.empty() ? "[] (none)" : list_text(a.choices);
}

}  // namespace tconv::exercise::detail
