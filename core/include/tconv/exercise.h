// Exercise mode: questions about one conv_transpose2d call, generated from a
// seed (the same kind, level and seed give the same question on every
// machine: our own PRNG and integer arithmetic only), answered by the code
// the views draw (shape functions, hover links, the conv matrix, the scatter,
// the overlap map), checked, hinted, and revealed by a view.
//
// The studio shows Question::text, picks an answer widget with widget(kind),
// fills an Answer, calls check(), offers hints() one at a time, and loads
// reveal() (a view, a problem, a step and a hover target) to animate the
// answer. The command line (tconv quiz / grade) reads and writes the same
// structures as JSON.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tconv/args.h"
#include "tconv/records.h"
#include "tconv/tensor.h"

namespace tconv::exercise {

// [SECTION] Kinds and levels.
enum class Kind { Shape, Value, Feeders, OutputPadding, Params, Matrix, Checkerboard };
inline constexpr Kind kAllKinds[] = {Kind::Shape,         Kind::Value,  Kind::Feeders,
                                     Kind::OutputPadding, Kind::Params, Kind::Matrix,
                                     Kind::Checkerboard};
// "shape", "value", "feeders", "output_padding", "params", "matrix", "checkerboard".
std::string_view kind_name(Kind k);
std::optional<Kind> parse_kind(std::string_view name);
// "shape, value, feeders, output_padding, params, matrix or checkerboard".
std::string kind_list();

// 1: one channel, small grids, stride only. 2: padding, output_padding,
// per-axis values. 3: groups, dilation, channels, batches, bias.
inline constexpr int kMinLevel = 1, kMaxLevel = 3;

// The answer widget that fits a kind.
enum class Widget {
  IntList,     // Shape: the output shape, one integer per dimension
  Number,      // Value: one number
  InputCells,  // Feeders: click input cells (full indices)
  PairOrNone,  // OutputPadding: (oph, opw), or "impossible"
  ParamPairs,  // Params: an (h, w) pair for each parameter the ask names
  WRow,        // Matrix: pick columns of one W row, and a kernel tap for each
  Choices,     // Checkerboard: tick the options (any number)
};
Widget widget(Kind k);

// [SECTION] What is asked.
// A checkerboard option: the call with this kernel size, stride and dilation
// (the question's input, padding 0, one channel).
struct Option {
  Pair kernel_size{1}, stride{1}, dilation{1};
  bool operator==(const Option&) const = default;
};

// A params question's picture facts, per axis: what the scatter view shows.
struct Picture {
  Pair input_size, kernel_size;
  Pair footprint;    // cells one input's kernel copy spans: dilation·(kernel−1)+1
  Pair canvas;       // the scatter canvas before cropping: (in−1)·stride + footprint
  Pair output_size;  // the canvas cropped by padding, plus output_padding
  bool operator==(const Picture&) const = default;
};

struct Ask {
  Shape index;       // Value, Feeders: a full output index (3 entries when unbatched)
  Pair output_size;  // OutputPadding: the target (H, W)
  // Params: which ones to find (the rest are in the question's call).
  bool find_stride = false, find_padding = false, find_dilation = false;
  Picture picture;              // Params
  int64_t row = 0;              // Matrix: a row of W (an input element of one batch)
  std::vector<Option> options;  // Checkerboard
};

// [SECTION] Answers. The fields of the question's kind are used; the rest is ignored.
struct MatrixEntry {
  int64_t col = 0;         // a column of W: output element (c_out, oh, ow), row-major
  int64_t kh = 0, kw = 0;  // the kernel tap: weight[c_in(row), c_out(col) % (C_out/groups), kh, kw]
  bool operator==(const MatrixEntry&) const = default;
};

struct Answer {
  Shape shape;                              // Shape: the output shape
  double value = 0;                         // Value
  std::vector<Shape> feeders;               // Feeders: full input indices, any order
  std::optional<Pair> output_padding;       // OutputPadding: nullopt = impossible
  Pair stride{1}, padding{0}, dilation{1};  // Params: those the ask names
  std::vector<MatrixEntry> entries;         // Matrix: any order
  std::vector<int64_t> choices;             // Checkerboard: option indices (0-based), any order
};

// [SECTION] Questions.
struct Question {
  Kind kind = Kind::Shape;
  int level = 0;      // 1..3; 0 for a question written by hand (a sheet's spec)
  uint64_t seed = 0;  // generated questions only
  // The call. Input and weight values are empty (data()) when the question
  // gives shapes only; reveal() fills them for drawing. For Params the
  // asked parameters hold the answer, for OutputPadding output_padding is 0.
  Problem problem;
  Ask ask;
  std::string text;  // the question in words
  Answer answer;     // computed by core, never from a table
  bool values_given() const { return !problem.input.data.empty(); }
};

// Same kind, level and seed: the same question everywhere. Throws
// std::invalid_argument for a level outside 1..3.
Question generate(Kind kind, int level, uint64_t seed);

// A question for a given call and ask (a teacher's sheet, a question file
// being graded), answered and worded like a generated one. Throws
// ArgumentError with PyTorch's message when the call is invalid, and with a
// sentence naming the value when the ask does not fit the call (an index out
// of range, a picture no parameters produce, an invalid option).
// A Params question's picture is derived from the call when it is all zero.
Question make_question(Kind kind, Problem problem, Ask ask);

// [SECTION] Checking.
struct Verdict {
  bool right = false;
  std::string explanation;  // one or more sentences: what is right, and why
};
// Shape: exact. Value: |given − expected| ≤ value_tolerance(q). Feeders,
// Matrix, Checkerboard: as sets (order and repeats do not matter).
// OutputPadding: exact, nullopt for impossible. Params: every set of the
// asked parameters that PyTorch accepts and that reproduces the picture.
Verdict check(const Question& q, const Answer& a);

// 1e-5 · max(1, |bias| + Σ |x · w| over the terms of the asked cell): float32
// rounding of that sum stays far below it, a wrong term does not.
double value_tolerance(const Question& q);

// The answer as a student would write it: "[1, 1, 4, 4]", "impossible", ...
std::string answer_text(const Question& q, const Answer& a);

// Hints from gentle to nearly the answer (2 or 3).
std::vector<std::string> hints(const Question& q);

// [SECTION] Reveal: what the studio shows after Check.
enum class View { Scatter, Arithmetic, Matrix, Flip, Shape, Overlap };
std::string_view view_name(View v);  // the studio's view names

struct Reveal {
  View view = View::Shape;
  // The call to load, values filled (the given ones, else small integers
  // from the seed), with the answer's parameters (Params, OutputPadding).
  Problem problem;
  // Checkerboard: one call per option (problem is the first right one).
  std::vector<Problem> options;
  int64_t batch = 0, out_channel = 0, in_channel = 0;  // what to draw
  // Timeline step to animate to: scatter step c_in·H·W + ih·W + iw of batch
  // element `batch` (Value: the last input that reaches the cell; Params:
  // the last step; Matrix: the row's input element).
  int64_t step = 0;
  // What to light up, as if hovered. Arithmetic: the studio moves its
  // timeline to the step that shows this output cell.
  enum class Target { None, OutputCell, InputCell, WRow } target = Target::None;
  int64_t h = 0, w = 0;  // OutputCell (out_channel, h, w); InputCell (in_channel, h, w)
  int64_t row = 0;       // WRow
};
Reveal reveal(const Question& q);

}  // namespace tconv::exercise
