// Exercise questions: names, the seeded PRNG, building a question from a call
// and an ask (validation first, then the answer from core), and the reveal.
#include "tconv/exercise.h"

#include <algorithm>
#include <stdexcept>

#include "exercise_detail.h"
#include "tconv/checks.h"
#include "tconv/errors.h"

namespace tconv::exercise {

namespace {

constexpr std::string_view kKindNames[] = {"shape",  "value",  "feeders",     "output_padding",
                                           "params", "matrix", "checkerboard"};

[[noreturn]] void bad_ask(const std::string& message) {
  throw ArgumentError(message);
}

// Exercises are worked by hand: past these sizes a question is refused
// (LimitError) rather than computed, however large a file asks for.
constexpr int64_t kMaxCells = int64_t{1} << 22;  // output elements, W non-zeros
constexpr int64_t kMaxPicture = 4096;            // a params picture's sizes

// n as a double: products of user sizes may pass int64.
void limit(const std::string& what, double n, int64_t max) {
  if (n > static_cast<double>(max))
    throw LimitError(what + " is " + detail::number_text(n) + "; exercises stop at " +
                     std::to_string(max));
}

double cells(const Shape& s) {
  double n = 1;
  for (int64_t d : s) n *= static_cast<double>(d);
  return n;
}

void require_rank(const Problem& p) {
  // Anything but a 3-/4-D input and a 4-D weight gets PyTorch's message.
  if ((p.input.shape.size() != 3 && p.input.shape.size() != 4) || p.weight.shape.size() != 4)
    detail::geometry_of(p);
}

void validate_index(const Geometry& g, const Shape& index) {
  const Shape out = g.output_shape();
  bool inside = index.size() == out.size();
  for (size_t i = 0; inside && i < out.size(); ++i) inside = index[i] >= 0 && index[i] < out[i];
  if (!inside)
    bad_ask("the asked index " + detail::list_text(index) +
            " is not an element of y, whose shape is " + detail::list_text(out));
}

void answer_checkerboard(Question& q) {
  if (q.ask.options.empty() || q.ask.options.size() > 8)
    bad_ask("a checkerboard question needs 1 to 8 options, got " +
            std::to_string(q.ask.options.size()));
  const Shape& in = q.problem.input.shape;
  const bool one_channel =
      (in.size() == 4 && in[0] == 1 && in[1] == 1) || (in.size() == 3 && in[0] == 1);
  if (!one_channel)
    bad_ask("a checkerboard question's input must be one channel, [1, 1, H, W], got " +
            detail::list_text(in));
  const Pair size(in[in.size() - 2], in[in.size() - 1]);
  // The call of the first option stands for the question (options differ in
  // the weight only).
  q.problem = detail::option_problem(size, q.ask.options[0]);
  for (size_t i = 0; i < q.ask.options.size(); ++i) {
    const Option& o = q.ask.options[i];
    const Geometry g = detail::geometry_of(detail::option_problem(size, o));
    limit("option " + std::to_string(i) + "'s output size", cells({g.h.out, g.w.out}), kMaxCells);
    for (const Axis* a : {&g.h, &g.w}) {
      // Every residue of the stride must show inside the interior.
      if ((a->in - 1) * a->stride - a->span() + 2 < a->stride)
        bad_ask("option " + std::to_string(i) +
                " (kernel_size=" + detail::pair_text(o.kernel_size) +
                ", stride=" + detail::pair_text(o.stride) + "): the " + detail::size_text(size) +
                " input is too small to have an interior of at least a stride's length");
    }
    if (detail::even_overlap(size, o)) q.answer.choices.push_back(static_cast<int64_t>(i));
  }
}

void answer_params(Question& q) {
  require_rank(q.problem);
  if (q.problem.args.output_size) bad_ask("a params question cannot give output_size");
  if (!(q.ask.find_stride || q.ask.find_padding || q.ask.find_dilation))
    bad_ask("a params question must ask for stride, padding or dilation");
  // The key comes from the picture alone, however the question was given: a
  // spec's own stride may not show (a one-row input hides stride_h), and the
  // question written out (picture, no stride) must read back to the same key.
  if (q.ask.picture == Picture{})
    q.ask.picture = detail::picture_of(detail::geometry_of(q.problem));
  const Picture& pic = q.ask.picture;
  for (Pair p : {pic.input_size, pic.kernel_size, pic.footprint, pic.canvas, pic.output_size})
    limit("a size in the picture", static_cast<double>(std::max(p.h, p.w)), kMaxPicture);
  const Shape &in = q.problem.input.shape, &w = q.problem.weight.shape;
  const Pair in_size(in[in.size() - 2], in[in.size() - 1]), k(w[2], w[3]);
  if (q.ask.picture.input_size != in_size || q.ask.picture.kernel_size != k)
    bad_ask("the picture's input_size " + detail::size_text(q.ask.picture.input_size) +
            " and kernel_size " + detail::size_text(q.ask.picture.kernel_size) +
            " do not match the input " + detail::list_text(in) + " and weight " +
            detail::list_text(w));
  ConvTranspose2dArgs& a = q.problem.args;
  for (bool h : {true, false}) {
    const Axis known =
        h ? make_axis(in_size.h, k.h, a.stride.h, a.padding.h, a.output_padding.h, a.dilation.h)
          : make_axis(in_size.w, k.w, a.stride.w, a.padding.w, a.output_padding.w, a.dilation.w);
    const auto sol = detail::params_solutions(q.ask, known, h);
    if (sol.empty())
      bad_ask(std::string("no stride, padding and dilation PyTorch accepts give this picture "
                          "along the ") +
              (h ? "height" : "width"));
    (h ? a.stride.h : a.stride.w) = sol[0].stride;
    (h ? a.padding.h : a.padding.w) = sol[0].padding;
    (h ? a.dilation.h : a.dilation.w) = sol[0].dilation;
  }
  const Geometry g = detail::geometry_of(q.problem);
  q.answer.stride = {g.h.stride, g.w.stride};
  q.answer.padding = {g.h.padding, g.w.padding};
  q.answer.dilation = {g.h.dilation, g.w.dilation};
}

void answer_call(Question& q) {
  Problem& p = q.problem;
  if (q.kind == Kind::OutputPadding) {
    if (p.args.output_size) bad_ask("an output_padding question cannot give output_size");
    p.args.output_padding = Pair(0);
  }
  const Geometry g = detail::geometry_of(p);
  switch (q.kind) {
    case Kind::Shape:
      q.answer.shape = detail::shape_answer(g);
      break;
    case Kind::Value:
      if (!q.values_given()) bad_ask("a value question needs the values of input and weight");
      validate_index(g, q.ask.index);
      limit("the output's size", cells(g.output_shape()), kMaxCells);
      limit("the call's multiply-adds", static_cast<double>(g.macs()), kMaxCells * 16);
      q.answer.value = detail::value_answer(p, g, detail::output_cell(g, q.ask.index));
      break;
    case Kind::Feeders:
      validate_index(g, q.ask.index);
      limit("the inputs that may feed a cell", cells({g.in_per_group(), g.h.kernel, g.w.kernel}),
            kMaxCells);
      q.answer.feeders = detail::feeders_answer(g, detail::output_cell(g, q.ask.index));
      break;
    case Kind::OutputPadding:
      if (q.ask.output_size.h < 1 || q.ask.output_size.w < 1)
        bad_ask("the asked output_size " + detail::size_text(q.ask.output_size) +
                " must be at least 1×1");
      q.answer.output_padding = detail::output_padding_answer(p, q.ask.output_size);
      break;
    case Kind::Matrix: {
      const int64_t rows = g.in_channels * g.h.in * g.w.in;
      if (q.ask.row < 0 || q.ask.row >= rows)
        bad_ask("the asked row " + std::to_string(q.ask.row) + " is not a row of W, which has " +
                std::to_string(rows) + " rows");
      limit("the number of non-zeros of W", cells(g.weight_shape()) * cells({g.h.in, g.w.in}),
            kMaxCells);
      q.answer.entries = detail::matrix_answer(g, q.ask.row);
      break;
    }
    default:
      break;
  }
}

}  // namespace

std::string_view kind_name(Kind k) {
  return kKindNames[static_cast<int>(k)];
}

std::optional<Kind> parse_kind(std::string_view name) {
  for (Kind k : kAllKinds)
    if (kind_name(k) == name) return k;
  return std::nullopt;
}

std::string kind_list() {
  std::string s;
  for (size_t i = 0; i < std::size(kAllKinds); ++i) {
    if (i) s += i + 1 == std::size(kAllKinds) ? " or " : ", ";
    s += kind_name(kAllKinds[i]);
  }
  return s;
}

Widget widget(Kind k) {
  switch (k) {
    case Kind::Shape:
      return Widget::IntList;
    case Kind::Value:
      return Widget::Number;
    case Kind::Feeders:
      return Widget::InputCells;
    case Kind::OutputPadding:
      return Widget::PairOrNone;
    case Kind::Params:
      return Widget::ParamPairs;
    case Kind::Matrix:
      return Widget::WRow;
    case Kind::Checkerboard:
      break;
  }
  return Widget::Choices;
}

std::string_view view_name(View v) {
  constexpr std::string_view names[] = {"scatter", "arithmetic", "matrix",
                                        "flip",    "shape",      "overlap"};
  return names[static_cast<int>(v)];
}

Question make_question(Kind kind, Problem problem, Ask ask) {
  Question q;
  q.kind = kind;
  q.problem = std::move(problem);
  q.ask = std::move(ask);
  if (kind == Kind::Checkerboard)
    answer_checkerboard(q);
  else if (kind == Kind::Params)
    answer_params(q);
  else
    answer_call(q);
  q.text = detail::question_text(q);
  return q;
}

std::string answer_text(const Question& q, const Answer& a) {
  return detail::answer_words(q, a);
}

std::vector<std::string> hints(const Question& q) {
  return detail::hint_texts(q);
}

// [SECTION] Reveal.
namespace {

void reveal_cell(Reveal& r, const Question& q, const Geometry& g) {
  const detail::Cell cell = detail::output_cell(g, q.ask.index);
  r.batch = cell.n;
  r.out_channel = cell.c;
  r.in_channel = g.group_of_out(cell.c) * g.in_per_group();
  r.target = Reveal::Target::OutputCell;
  r.h = cell.h;
  r.w = cell.w;
  // The scatter has written the cell's final value after its last feeder.
  for (const detail::Term& t : detail::terms_of(g, cell))
    r.step = std::max(r.step, (t.c_in * g.h.in + t.link.ih) * g.w.in + t.link.iw);
}

}  // namespace

Reveal reveal(const Question& q) {
  Reveal r;
  if (q.kind == Kind::Checkerboard) {
    const Shape& in = q.problem.input.shape;
    const Pair size(in[in.size() - 2], in[in.size() - 1]);
    for (const Option& o : q.ask.options) r.options.push_back(detail::option_problem(size, o));
    for (Problem& p : r.options) detail::fill_values(p, q.seed);
    r.view = View::Overlap;
    r.problem = r.options[q.answer.choices.empty() ? 0 : q.answer.choices[0]];
    return r;
  }
  r.problem = q.problem;
  if (q.kind == Kind::OutputPadding && q.answer.output_padding)
    r.problem.args.output_padding = *q.answer.output_padding;
  detail::fill_values(r.problem, q.seed);
  const Geometry g = detail::geometry_of(r.problem);
  switch (q.kind) {
    case Kind::Value:
      r.view = View::Scatter;
      reveal_cell(r, q, g);
      break;
    case Kind::Feeders:
      r.view = View::Arithmetic;
      reveal_cell(r, q, g);
      break;
    case Kind::Params:
      r.view = View::Scatter;
      r.step = g.in_channels * g.h.in * g.w.in - 1;
      break;
    case Kind::Matrix:
      r.view = View::Matrix;
      r.step = q.ask.row;
      r.in_channel = q.ask.row / (g.h.in * g.w.in);
      r.out_channel = g.group_of_in(r.in_channel) * g.out_per_group();
      r.target = Reveal::Target::WRow;
      r.row = q.ask.row;
      break;
    default:  // Shape, OutputPadding: the formula with the numbers in
      r.view = View::Shape;
      break;
  }
  return r;
}

}  // namespace tconv::exercise
