// Shared by the exercise sources (not part of the public API): the seeded
// PRNG, the answer computations and the wording helpers.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "tconv/correspondence.h"
#include "tconv/exercise.h"
#include "tconv/shape.h"

namespace tconv::exercise::detail {

// splitmix64 (Steele, Lea, Flood 2014): a fixed sequence of 64-bit integers
// for a seed on every platform and compiler, native or WebAssembly. Ranges
// are drawn by rejection, never by std::*_distribution (whose output is
// implementation-defined) nor through floats.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t next();
  // Uniform integer in [lo, hi] (lo <= hi).
  int64_t uniform(int64_t lo, int64_t hi);
  // True with probability num / den.
  bool chance(int64_t num, int64_t den) { return uniform(0, den - 1) < num; }
  template <class T>
  const T& pick(const std::vector<T>& v) {
    return v[static_cast<size_t>(uniform(0, static_cast<int64_t>(v.size()) - 1))];
  }

 private:
  uint64_t state_;
};

// The stream of one (kind, level, seed): kinds and levels do not share numbers.
Rng rng_for(Kind kind, int level, uint64_t seed);

// [SECTION] Calls.
// The call's geometry (PyTorch's checks; throws ArgumentError).
Geometry geometry_of(const Problem& p);
// The call a checkerboard option stands for, on a one-channel n_h × n_w input.
Problem option_problem(Pair input_size, const Option& o);
// Small integer values for a problem given by shapes only, from the seed, so
// the views have something to draw (input in [-2, 3], weight in [-1, 2]).
void fill_values(Problem& p, uint64_t seed);
// The full input index of scatter step t ((n, c_in, ih, iw), 3 entries unbatched).
Shape input_index(const Geometry& g, int64_t n, int64_t c, int64_t h, int64_t w);
// Output index parts: n, c, h, w (n = 0 when unbatched).
struct Cell {
  int64_t n = 0, c = 0, h = 0, w = 0;
};
Cell output_cell(const Geometry& g, const Shape& index);

// [SECTION] Answers, computed by the code the views draw.
Shape shape_answer(const Geometry& g);
// Every (input element, tap) of the cell's group, via links_to_output.
struct Term {
  int64_t c_in, c_out_local;
  Link link;
};
std::vector<Term> terms_of(const Geometry& g, const Cell& cell);
double value_answer(const Problem& p, const Geometry& g, const Cell& cell);
std::vector<Shape> feeders_answer(const Geometry& g, const Cell& cell);
std::optional<Pair> output_padding_answer(const Problem& p, Pair target);
std::vector<MatrixEntry> matrix_answer(const Geometry& g, int64_t row);
// The fewest and most taps an interior cell of the option's overlap map gets
// (the option must have an interior: see make_question).
std::pair<int, int> interior_counts(Pair input_size, const Option& o);
bool even_overlap(Pair input_size, const Option& o);
// Every (stride, padding, dilation) of one axis that reproduces the picture:
// the asked parameters free (within the picture's bounds), the others as in
// `known`, each checked against PyTorch's rule for output_padding.
struct AxisParams {
  int64_t stride, padding, dilation;
  bool operator==(const AxisParams&) const = default;
};
std::vector<AxisParams> params_solutions(const Ask& ask, const Axis& known, bool h_axis);
Picture picture_of(const Geometry& g);

// [SECTION] Words.
std::string join(const std::vector<std::string>& parts, const std::string& sep);
std::string pair_text(Pair p);                          // "2" or "(2, 3)"
std::string size_text(Pair p);                          // "4×5"
std::string list_text(const Shape& s);                  // "[1, 1, 4, 4]"
std::string list_text_of(const std::vector<Shape>& v);  // "[[0, 0], [0, 1]]"
std::string number_text(double v);                      // "4", "-0.5"
std::string tap_text(int64_t kh, int64_t kw);           // "(1, 0)"
// "y = F.conv_transpose2d(x, weight, stride=2)": the arguments that differ
// from PyTorch's defaults.
std::string call_text(const Problem& p, bool omit_output_padding);
std::string question_text(const Question& q);
std::string answer_words(const Question& q, const Answer& a);
std::vector<std::string> hint_texts(const Question& q);
std::string option_text(const Option& o);  // "kernel_size=3, stride=2"
// The asked parameters with the values in args: "stride=2, padding=(1, 0)".
std::string params_text(const Ask& ask, const ConvTranspose2dArgs& args);
// "Row 1 (input element [0, 0, 1]) is non-zero in column 1 (tap (0, 0)), ..."
std::string matrix_row_text(const Question& q, const std::vector<MatrixEntry>& entries);
// "C_out = weight.size(1) × groups = 1 × 1 = 1; H_out = (2 − 1) × 2 − ... = 4; W_out = ..."
std::string shape_reason(const Geometry& g);
std::string index_text(const char* name, const Shape& index);  // "y[0, 0, 1, 2]"

// [SECTION] Checks of the geometric kinds (exercise_check_geometry.cpp).
Verdict check_output_padding(const Question& q, const Answer& a);
Verdict check_params(const Question& q, const Answer& a);
Verdict check_matrix(const Question& q, const Answer& a);
Verdict check_checkerboard(const Question& q, const Answer& a);

}  // namespace tconv::exercise::detail
