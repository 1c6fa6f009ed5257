// Exercise questions: seeded and valid at every level, the seeds' worked
// examples, every kind's checker on right and wrong answers, every refusal's
// message, hints and reveals. PyTorch's side is in tests/golden.
#include <gtest/gtest.h>

#include <set>

#include "tconv/checks.h"
#include "tconv/errors.h"
#include "tconv/exercise.h"

namespace tconv::exercise {
namespace {

constexpr int kSeeds = 60;

Array values(Shape shape, std::vector<float> v) {
  return Array(std::move(shape), std::move(v));
}

Problem shapes_only(Shape input, Shape weight) {
  Problem p;
  p.input.shape = std::move(input);
  p.weight.shape = std::move(weight);
  return p;
}

// d2l's X = K = [[0, 1], [2, 3]].
Problem d2l(int64_t stride = 1, int64_t padding = 0) {
  Problem p;
  p.input = values({1, 1, 2, 2}, {0, 1, 2, 3});
  p.weight = values({1, 1, 2, 2}, {0, 1, 2, 3});
  p.args.stride = Pair(stride);
  p.args.padding = Pair(padding);
  return p;
}

Ask index_ask(Shape index) {
  Ask a;
  a.index = std::move(index);
  return a;
}

void expect_refused(const std::function<void()>& f, const std::string& piece) {
  try {
    f();
    ADD_FAILURE() << "not refused: " << piece;
  } catch (const ArgumentError& e) {
    EXPECT_NE(std::string(e.what()).find(piece), std::string::npos) << e.what();
  }
}

bool contains(const std::string& s, const std::string& piece) {
  return s.find(piece) != std::string::npos;
}

// [SECTION] Names.
TEST(Exercise, NamesRoundTrip) {
  for (Kind k : kAllKinds) EXPECT_EQ(parse_kind(kind_name(k)), k);
  EXPECT_FALSE(parse_kind("shapes"));
  EXPECT_EQ(kind_list(), "shape, value, feeders, output_padding, params, matrix or checkerboard");
  EXPECT_EQ(widget(Kind::Feeders), Widget::InputCells);
  EXPECT_EQ(widget(Kind::Checkerboard), Widget::Choices);
  EXPECT_EQ(view_name(View::Arithmetic), "arithmetic");
  EXPECT_EQ(view_name(View::Overlap), "overlap");
}

// [SECTION] Generation.
TEST(Exercise, SameKindLevelSeedGivesTheSameQuestion) {
  for (Kind k : kAllKinds)
    for (int level = 1; level <= 3; ++level) {
      const Question a = generate(k, level, 42), b = generate(k, level, 42);
      EXPECT_EQ(a.text, b.text);
      EXPECT_EQ(a.problem.input.data, b.problem.input.data);
      EXPECT_EQ(answer_text(a, a.answer), answer_text(b, b.answer));
      EXPECT_EQ(a.level, level);
      EXPECT_EQ(a.seed, 42u);
      std::set<std::string> texts;
      for (uint64_t s = 0; s < 20; ++s) texts.insert(generate(k, level, s).text);
      EXPECT_GT(texts.size(), 12u) << kind_name(k) << " level " << level;
    }
}

TEST(Exercise, LevelOutOfRangeIsRefused) {
  try {
    generate(Kind::Shape, 4, 0);
    ADD_FAILURE();
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "level must be 1, 2 or 3, got 4");
  }
  EXPECT_THROW(generate(Kind::Value, 0, 0), std::invalid_argument);
}

struct LevelStats {
  bool padding = false, output_padding = false, dilation = false, groups = false;
  bool channels = false, per_axis = false, unbatched = false, bias = false;
};

LevelStats stats(Kind kind, int level) {
  LevelStats s;
  for (uint64_t seed = 0; seed < kSeeds; ++seed) {
    const Question q = generate(kind, level, seed);
    const Problem& p = q.problem;
    const Shape* bias = p.bias ? &p.bias->shape : nullptr;
    // Valid for PyTorch, always (params: with the answer filled in).
    EXPECT_FALSE(validate_conv_transpose2d(p.input.shape, p.weight.shape, bias, p.args)) << q.text;
    const Geometry g = check_conv_transpose2d(p.input.shape, p.weight.shape, bias, p.args);
    s.padding |= p.args.padding != Pair(0);
    s.output_padding |= p.args.output_padding != Pair(0) || kind == Kind::OutputPadding;
    s.dilation |= p.args.dilation != Pair(1);
    s.groups |= p.args.groups > 1;
    s.channels |= g.in_channels > 1 || g.out_channels > 1 || g.batch > 1;
    s.per_axis |= g.h.kernel != g.w.kernel || p.args.stride.h != p.args.stride.w;
    s.unbatched |= !g.batched;
    s.bias |= p.bias.has_value();
  }
  return s;
}

TEST(Exercise, LevelsGrowAsDocumented) {
  for (Kind k : {Kind::Shape, Kind::Value, Kind::Feeders, Kind::Matrix}) {
    const LevelStats one = stats(k, 1), two = stats(k, 2), three = stats(k, 3);
    // 1: one channel, small grids, stride only.
    EXPECT_FALSE(one.padding || one.output_padding || one.dilation || one.groups || one.channels ||
                 one.unbatched || one.bias)
        << kind_name(k);
    // 2: padding and output_padding, per axis; still one channel.
    EXPECT_TRUE(two.padding && two.output_padding && two.per_axis) << kind_name(k);
    EXPECT_FALSE(two.dilation || two.groups || two.channels) << kind_name(k);
    // 3: groups, dilation, channels.
    EXPECT_TRUE(three.dilation && three.channels) << kind_name(k);
    if (k != Kind::Shape) {
      EXPECT_TRUE(three.groups) << kind_name(k);
    }
  }
  EXPECT_TRUE(stats(Kind::Shape, 3).groups && stats(Kind::Shape, 3).unbatched);
  EXPECT_TRUE(stats(Kind::Value, 3).bias);
}

TEST(Exercise, EveryGeneratedAnswerChecksRightAndHasHintsAndAReveal) {
  for (Kind k : kAllKinds)
    for (int level = 1; level <= 3; ++level)
      for (uint64_t seed = 0; seed < kSeeds; ++seed) {
        const Question q = generate(k, level, seed);
        const Verdict v = check(q, q.answer);
        EXPECT_TRUE(v.right) << q.text << "\n" << v.explanation;
        EXPECT_EQ(v.explanation.rfind("Right: ", 0), 0u);
        const std::vector<std::string> h = hints(q);
        EXPECT_GE(h.size(), 2u);
        EXPECT_LE(h.size(), 3u);
        const Reveal r = reveal(q);
        const Geometry g = check_conv_transpose2d(r.problem.input.shape, r.problem.weight.shape,
                                                  r.problem.bias ? &r.problem.bias->shape : nullptr,
                                                  r.problem.args);
        EXPECT_EQ(static_cast<int64_t>(r.problem.input.data.size()), numel(r.problem.input.shape));
        EXPECT_EQ(static_cast<int64_t>(r.problem.weight.data.size()),
                  numel(r.problem.weight.shape));
        EXPECT_GE(r.step, 0);
        EXPECT_LT(r.step, g.in_channels * g.h.in * g.w.in);
        EXPECT_LT(r.batch, g.batch);
        EXPECT_LT(r.out_channel, g.out_channels);
        EXPECT_LT(r.in_channel, g.in_channels);
      }
}

TEST(Exercise, RevealNamesTheViewThatExplains) {
  const View expected[] = {View::Shape,   View::Scatter, View::Arithmetic, View::Shape,
                           View::Scatter, View::Matrix,  View::Overlap};
  for (size_t i = 0; i < std::size(kAllKinds); ++i)
    EXPECT_EQ(reveal(generate(kAllKinds[i], 2, 3)).view, expected[i]) << i;
}

// [SECTION] The seeds' worked examples.
TEST(Exercise, D2lTransConvValuesAndFeeders) {
  const float full[3][3] = {{0, 0, 1}, {0, 4, 6}, {4, 12, 9}};
  for (int64_t h = 0; h < 3; ++h)
    for (int64_t w = 0; w < 3; ++w)
      EXPECT_EQ(make_question(Kind::Value, d2l(), index_ask({0, 0, h, w})).answer.value,
                full[h][w]);
  const Question centre = make_question(Kind::Feeders, d2l(), index_ask({0, 0, 1, 1}));
  EXPECT_EQ(centre.answer.feeders.size(), 4u);
  // Stride 2: [[0, 0, 0, 1], [0, 0, 2, 3], [0, 2, 0, 3], [4, 6, 6, 9]].
  EXPECT_EQ(make_question(Kind::Value, d2l(2), index_ask({0, 0, 3, 1})).answer.value, 6);
  EXPECT_EQ(make_question(Kind::Shape, d2l(1, 1), {}).answer.shape, (Shape{1, 1, 1, 1}));
  EXPECT_EQ(make_question(Kind::Value, d2l(1, 1), index_ask({0, 0, 0, 0})).answer.value, 4);
}

TEST(Exercise, D2lKernel2MatrixRow) {
  // kernel2matrix(K), K = [[1, 2], [3, 4]]: row 0 is [1, 2, 0, 3, 4, 0, 0, 0, 0].
  Problem p = shapes_only({1, 1, 2, 2}, {1, 1, 2, 2});
  Ask ask;
  ask.row = 0;
  const Question q = make_question(Kind::Matrix, p, ask);
  const std::vector<MatrixEntry> expected{{0, 0, 0}, {1, 0, 1}, {3, 1, 0}, {4, 1, 1}};
  EXPECT_EQ(q.answer.entries, expected);
  EXPECT_TRUE(contains(q.text, "here W is 4 × 9"));
}

TEST(Exercise, StrideLargerThanKernel) {
  // The seed question: stride 4, kernel 2 on a 2×2 image gives 6×6, gaps of zeros.
  Problem p;
  p.input = values({1, 2, 2}, {1, 2, 3, 4});
  p.weight = values({1, 1, 2, 2}, {1, 2, 0, 1});
  p.args.stride = Pair(4);
  EXPECT_EQ(make_question(Kind::Shape, p, {}).answer.shape, (Shape{1, 6, 6}));
  const float row4[6] = {3, 6, 0, 0, 4, 8};
  for (int64_t w = 0; w < 6; ++w)
    EXPECT_EQ(make_question(Kind::Value, p, index_ask({0, 4, w})).answer.value, row4[w]);
  EXPECT_TRUE(make_question(Kind::Feeders, p, index_ask({0, 2, 3})).answer.feeders.empty());
}

TEST(Exercise, DocsUpsampleOutputPadding) {
  Problem p = shapes_only({1, 16, 6, 6}, {16, 16, 3, 3});
  p.args.stride = Pair(2);
  p.args.padding = Pair(1);
  Ask ask;
  ask.output_size = {12, 12};
  EXPECT_EQ(make_question(Kind::OutputPadding, p, ask).answer.output_padding, Pair(1));
  ask.output_size = {13, 12};
  EXPECT_FALSE(make_question(Kind::OutputPadding, p, ask).answer.output_padding);
}

TEST(Exercise, OutputPaddingBelowDilationIsAcceptedAsPyTorchDoes) {
  // output_padding 2 ≥ stride 1 but < dilation 3: PyTorch runs it.
  Problem p = shapes_only({1, 1, 3, 3}, {1, 1, 2, 2});
  p.args.dilation = Pair(3);
  Ask ask;
  ask.output_size = {8, 6};  // min 6×6
  EXPECT_EQ(make_question(Kind::OutputPadding, p, ask).answer.output_padding, Pair(2, 0));
  ask.output_size = {9, 6};
  EXPECT_FALSE(make_question(Kind::OutputPadding, p, ask).answer.output_padding);
}

// conv_arithmetic's padding_strides_transposed: 3×3, k3, stride 2, padding 1
// → canvas 7×7, output 5×5. Asks for stride and padding.
Question padding_strides_params() {
  Problem p = shapes_only({1, 1, 3, 3}, {1, 1, 3, 3});
  p.args.stride = Pair(2);
  p.args.padding = Pair(1);
  Ask ask;
  ask.find_stride = ask.find_padding = true;
  return make_question(Kind::Params, p, ask);
}

TEST(Exercise, ConvArithmeticParamsFromThePicture) {
  const Question q = padding_strides_params();
  EXPECT_EQ(q.ask.picture.canvas, Pair(7));
  EXPECT_EQ(q.ask.picture.output_size, Pair(5));
  // The picture alone (as a question file gives it) leads to the same answer.
  Problem bare = shapes_only({1, 1, 3, 3}, {1, 1, 3, 3});
  const Question back = make_question(Kind::Params, bare, q.ask);
  EXPECT_EQ(back.answer.stride, Pair(2));
  EXPECT_EQ(back.answer.padding, Pair(1));
}

TEST(Exercise, CheckerboardKernelDivisibleByStride) {
  Problem p = shapes_only({1, 1, 4, 4}, {});
  Ask ask;
  ask.options = {{Pair(3), Pair(2), Pair(1)},
                 {Pair(4), Pair(2), Pair(1)},
                 {Pair(6), Pair(3), Pair(1)},
                 {Pair(4), Pair(3), Pair(2)}};
  // 4 and 6 are multiples of their strides; dilation 2 with stride 3 keeps
  // the residues apart (gcd 1) but 4 is not a multiple of 3.
  EXPECT_EQ(make_question(Kind::Checkerboard, p, ask).answer.choices, (std::vector<int64_t>{1, 2}));
}

// [SECTION] Checking wrong answers.
TEST(ExerciseCheck, Shape) {
  const Question q = make_question(Kind::Shape, d2l(2), {});
  Answer a;
  a.shape = {1, 1, 4, 4};
  EXPECT_EQ(check(q, a).explanation, "Right: y has shape [1, 1, 4, 4].");
  a.shape = {1, 1, 3, 3};
  Verdict v = check(q, a);
  EXPECT_FALSE(v.right);
  EXPECT_TRUE(contains(v.explanation, "Wrong: y has shape [1, 1, 4, 4], not [1, 1, 3, 3]."));
  EXPECT_TRUE(contains(v.explanation, "H_out = (2 - 1) × 2 - 2 × 0 + 1 × (2 - 1) + 0 + 1 = 4"));
  a.shape = {4, 4};
  EXPECT_TRUE(contains(check(q, a).explanation, "A batched (4-D) input gives a 4-D output"));
}

TEST(ExerciseCheck, ValueTolerance) {
  const Question q = make_question(Kind::Value, d2l(), index_ask({0, 0, 2, 1}));
  ASSERT_EQ(q.answer.value, 12);
  // Terms 2·2 + 3·... : 1e-5 × the sum of |x·w| of the cell.
  EXPECT_DOUBLE_EQ(value_tolerance(q), 1e-5 * 12);
  Answer a;
  a.value = 12 + 1e-5;
  EXPECT_TRUE(check(q, a).right);
  a.value = 12.01;
  const Verdict v = check(q, a);
  EXPECT_FALSE(v.right);
  EXPECT_EQ(v.explanation,
            "Wrong: y[0, 0, 2, 1] = 12, not 12.01. It sums 2 terms: x[0, 0, 1, 0]·weight[0, 0, 1, "
            "1] + x[0, 0, 1, 1]·weight[0, 0, 1, 0] = 2·3 + 3·2.");
  a.value = std::nan("");
  EXPECT_FALSE(check(q, a).right);
}

TEST(ExerciseCheck, ValueNamesTheBias) {
  Problem p = d2l();
  p.bias = values({1}, {0.5f});
  const Question q = make_question(Kind::Value, p, index_ask({0, 0, 0, 0}));
  EXPECT_EQ(q.answer.value, 0.5);
  Answer a;
  a.value = 0;
  EXPECT_EQ(check(q, a).explanation,
            "Wrong: y[0, 0, 0, 0] = 0.5, not 0. It sums 1 term: x[0, 0, 0, 0]·weight[0, 0, 0, 0] = "
            "0·0, plus bias[0] = 0.5.");
}

TEST(ExerciseCheck, FeedersAreASetAndWrongOnesAreExplained) {
  Problem p = shapes_only({1, 4, 2, 2}, {4, 1, 2, 2});
  p.args.groups = 2;
  const Question q = make_question(Kind::Feeders, p, index_ask({0, 1, 0, 0}));
  ASSERT_EQ(q.answer.feeders, (std::vector<Shape>{{0, 2, 0, 0}, {0, 3, 0, 0}}));
  Answer a;
  a.feeders = {{0, 3, 0, 0}, {0, 2, 0, 0}, {0, 3, 0, 0}};  // any order, repeats ignored
  EXPECT_TRUE(check(q, a).right);
  a.feeders = {{0, 0, 0, 0}, {0, 2, 0, 1}, {0, 9, 0, 0}};
  const std::string why = check(q, a).explanation;
  EXPECT_TRUE(contains(why, "[0, 0, 0, 0] is in group 0, y's channel 1 in group 1")) << why;
  EXPECT_TRUE(contains(why, "[0, 2, 0, 1]'s kernel copy does not cover that cell")) << why;
  EXPECT_TRUE(contains(why, "[0, 9, 0, 0] is not an element of x (shape [1, 4, 2, 2])")) << why;
  EXPECT_TRUE(contains(why, "missing [[0, 2, 0, 0], [0, 3, 0, 0]]")) << why;
}

TEST(ExerciseCheck, OutputPadding) {
  Problem p = shapes_only({1, 1, 3, 3}, {1, 1, 3, 3});
  p.args.stride = Pair(2);
  p.args.padding = Pair(1);
  Ask ask;
  ask.output_size = {6, 6};
  const Question q = make_question(Kind::OutputPadding, p, ask);
  Answer a;
  a.output_padding = Pair(0);
  EXPECT_EQ(check(q, a).explanation,
            "Wrong: output_padding=0 gives 5×5, not 6×6. output_padding=1 gives 6×6.");
  a.output_padding = Pair(2);
  EXPECT_TRUE(contains(check(q, a).explanation,
                       "PyTorch rejects output_padding=2: output padding must be smaller than "
                       "either stride or dilation"));
  a.output_padding.reset();
  EXPECT_TRUE(contains(check(q, a).explanation, "Wrong: it is possible."));
  ask.output_size = {7, 7};
  const Question impossible = make_question(Kind::OutputPadding, p, ask);
  EXPECT_EQ(check(impossible, a).explanation,
            "Right: no output_padding gives 7×7: without output_padding y is 5×5, and "
            "output_padding must be below max(stride, dilation) = 2, so y's height can be 5 to 6 "
            "and its width 5 to 6.");
}

TEST(ExerciseCheck, ParamsAcceptEveryParameterSetThatDrawsThePicture) {
  // A 1×1 input: the stride never shows, so every stride is right.
  Problem p = shapes_only({1, 1, 1, 1}, {1, 1, 3, 3});
  p.args.stride = Pair(2);
  Ask ask;
  ask.find_stride = true;
  const Question q = make_question(Kind::Params, p, ask);
  // The key is the picture's smallest answer, not the spec's 2: the question
  // written out gives the picture only, and must read back to the same key.
  EXPECT_EQ(q.answer.stride, Pair(1));
  Ask from_picture;
  from_picture.find_stride = true;
  from_picture.picture = q.ask.picture;
  EXPECT_EQ(make_question(Kind::Params, shapes_only({1, 1, 1, 1}, {1, 1, 3, 3}), from_picture)
                .answer.stride,
            Pair(1));
  Answer a;
  a.stride = Pair(5);
  const Verdict v = check(q, a);
  EXPECT_TRUE(v.right) << v.explanation;
  EXPECT_TRUE(contains(v.explanation, "(So do stride=1.)"));
  a.stride = Pair(0);
  EXPECT_TRUE(contains(check(q, a).explanation,
                       "Wrong: PyTorch rejects stride=0: non-positive stride is not supported"));
}

TEST(ExerciseCheck, ParamsExplainWhatTheWrongOnesWouldDraw) {
  const Question q = padding_strides_params();
  Answer a;
  a.stride = Pair(3);
  a.padding = Pair(1);
  EXPECT_EQ(check(q, a).explanation,
            "Wrong: stride=3, padding=1 would give a canvas of 9×9 (the picture shows 7×7), an "
            "output of 7×7 (the picture shows 5×5). stride=2, padding=1 give the picture.");
}

TEST(ExerciseCheck, MatrixEntries) {
  Problem p = shapes_only({1, 1, 2, 2}, {1, 1, 2, 2});
  Ask ask;
  ask.row = 0;
  const Question q = make_question(Kind::Matrix, p, ask);
  Answer a;
  a.entries = {{4, 1, 1}, {0, 0, 0}, {1, 0, 1}, {3, 1, 0}};  // any order
  EXPECT_TRUE(check(q, a).right);
  a.entries = {{0, 0, 0}, {1, 1, 0}, {2, 0, 0}, {3, 1, 0}, {3, 0, 0}, {40, 0, 0}};
  const std::string why = check(q, a).explanation;
  EXPECT_TRUE(contains(why, "W[0, 1] comes from tap (0, 1), not tap (1, 0)")) << why;
  EXPECT_TRUE(contains(why, "W[0, 2] is zero: no tap of this input lands on output element 2"));
  EXPECT_TRUE(contains(why, "W[0, 3] is given 2 different taps")) << why;
  EXPECT_TRUE(contains(why, "column 40 does not exist (W has 9 columns)")) << why;
  EXPECT_TRUE(contains(why, "missing column 4 (tap (1, 1))")) << why;
}

TEST(ExerciseCheck, Checkerboard) {
  Problem p = shapes_only({1, 1, 4, 4}, {});
  Ask ask;
  ask.options = {{Pair(3), Pair(2), Pair(1)}, {Pair(4), Pair(2), Pair(1)}};
  const Question q = make_question(Kind::Checkerboard, p, ask);
  Answer a;
  a.choices = {1, 1};
  EXPECT_EQ(check(q, a).explanation, "Right: the even options are [1].");
  a.choices = {0, 5};
  EXPECT_EQ(check(q, a).explanation,
            "Wrong: there is no option 5 (options are 0 to 1); option 0 (kernel_size=3, "
            "stride=2) gives interior cells 1 to 4 taps; option 1 (kernel_size=4, stride=2) "
            "gives every interior cell 4 taps. So the even options are [1].");
}

// [SECTION] Refusals: every ask that does not fit its call.
TEST(ExerciseRefusals, EveryMessage) {
  expect_refused(
      [] {
        make_question(Kind::Value, d2l(), index_ask({0, 0, 3, 0}));
      },
      "the asked index [0, 0, 3, 0] is not an element of y, whose shape is [1, 1, 3, 3]");
  expect_refused(
      [] {
        make_question(Kind::Feeders, d2l(), index_ask({0, 0, 1}));
      },
      "the asked index [0, 0, 1] is not an element of y");
  expect_refused(
      [] {
        make_question(Kind::Value, shapes_only({1, 1, 2, 2}, {1, 1, 2, 2}),
                      index_ask({0, 0, 0, 0}));
      },
      "a value question needs the values of input and weight");
  expect_refused(
      [] {
        Ask a;
        a.output_size = {0, 3};
        make_question(Kind::OutputPadding, d2l(), a);
      },
      "the asked output_size 0×3 must be at least 1×1");
  expect_refused(
      [] {
        Problem p = d2l();
        p.args.output_size = std::vector<int64_t>{3, 3};
        Ask a;
        a.output_size = {3, 3};
        make_question(Kind::OutputPadding, p, a);
      },
      "an output_padding question cannot give output_size");
  expect_refused(
      [] {
        Ask a;
        a.row = 4;
        make_question(Kind::Matrix, d2l(), a);
      },
      "the asked row 4 is not a row of W, which has 4 rows");
  expect_refused([] { make_question(Kind::Params, d2l(), {}); },
                 "a params question must ask for stride, padding or dilation");
  expect_refused(
      [] {
        Problem p = d2l();
        p.args.output_size = std::vector<int64_t>{3, 3};
        Ask a;
        a.find_stride = true;
        make_question(Kind::Params, p, a);
      },
      "a params question cannot give output_size");
  expect_refused(
      [] {
        Ask a;
        a.find_stride = true;
        a.picture = {Pair(3), Pair(2), Pair(2), Pair(4), Pair(4)};
        make_question(Kind::Params, d2l(), a);
      },
      "the picture's input_size 3×3 and kernel_size 2×2 do not match the input [1, 1, 2, 2] "
      "and weight [1, 1, 2, 2]");
  expect_refused(
      [] {
        Ask a;
        a.find_stride = true;
        a.picture = {Pair(2), Pair(2), Pair(2), Pair(4), Pair(4)};  // canvas 4 = (2-1)·2 + 2
        a.picture.footprint = Pair(3);                              // but k2 d1 spans 2
        make_question(Kind::Params, d2l(), a);
      },
      "no stride, padding and dilation PyTorch accepts give this picture along the height");
  expect_refused(
      [] {
        make_question(Kind::Checkerboard, shapes_only({1, 1, 4, 4}, {}), {});
      },
      "a checkerboard question needs 1 to 8 options, got 0");
  expect_refused(
      [] {
        Ask a;
        a.options = {{Pair(3), Pair(2), Pair(1)}};
        make_question(Kind::Checkerboard, shapes_only({1, 2, 4, 4}, {}), a);
      },
      "a checkerboard question's input must be one channel, [1, 1, H, W], got [1, 2, 4, 4]");
  expect_refused(
      [] {
        Ask a;
        a.options = {{Pair(9), Pair(2), Pair(1)}};
        make_question(Kind::Checkerboard, shapes_only({1, 1, 4, 4}, {}), a);
      },
      "option 0 (kernel_size=9, stride=2): the 4×4 input is too small to have an interior of "
      "at least a stride's length");
  // PyTorch's own message for an invalid call.
  expect_refused([] { make_question(Kind::Shape, d2l(1, 2), {}); }, "Output size is too small");
}

TEST(ExerciseRefusals, SizesPastWhatAnExerciseWorksWith) {
  auto refused = [](const std::function<void()>& f, const std::string& message) {
    try {
      f();
      ADD_FAILURE() << "not refused: " << message;
    } catch (const LimitError& e) {
      EXPECT_EQ(e.what(), message);
    }
  };
  refused(
      [] {
        Problem p = d2l(5000);
        make_question(Kind::Value, p, index_ask({0, 0, 0, 0}));
      },
      "the output's size is 25020004; exercises stop at 4194304");
  refused(
      [] {
        Problem p;
        p.input = Array(Shape{1, 8, 256, 256});
        p.weight = Array(Shape{8, 8, 16, 16});
        make_question(Kind::Value, p, index_ask({0, 0, 0, 0}));
      },
      "the call's multiply-adds is 1073741824; exercises stop at 67108864");
  refused(
      [] {
        make_question(Kind::Feeders, shapes_only({1, 1 << 21, 1, 1}, {1 << 21, 1, 2, 2}),
                      index_ask({0, 0, 0, 0}));
      },
      "the inputs that may feed a cell is 8388608; exercises stop at 4194304");
  refused(
      [] {
        Ask a;
        a.row = 0;
        make_question(Kind::Matrix, shapes_only({1, 64, 64, 64}, {64, 64, 4, 4}), a);
      },
      "the number of non-zeros of W is 268435456; exercises stop at 4194304");
  refused(
      [] {
        Ask a;
        a.find_stride = true;
        a.picture = {Pair(2), Pair(2), Pair(2), Pair(5000), Pair(5000)};
        make_question(Kind::Params, d2l(), a);
      },
      "a size in the picture is 5000; exercises stop at 4096");
  refused(
      [] {
        Ask a;
        a.options = {{Pair(3), Pair(3000), Pair(1)}};
        make_question(Kind::Checkerboard, shapes_only({1, 1, 4, 4}, {}), a);
      },
      "option 0's output size is 81054009; exercises stop at 4194304");
}

}  // namespace
}  // namespace tconv::exercise
