// Exercise mode's session logic (model/exercise_session.h), headless: the
// score, the answer widgets' edits, and that a reveal loads the question's
// call into the model and points the views at the answer core computed.
#include <gtest/gtest.h>

#include "exercise_session.h"
#include "hover.h"
#include "model.h"

namespace studio {
namespace {

ExerciseSession opened(ex::Kind kind, int level, uint64_t seed) {
  ExerciseSession s;
  EXPECT_TRUE(exercise_open(s, kind, level, seed)) << s.error;
  return s;
}

// Puts core's answer into the widgets' fields, as a student who knows it would.
void enter_right_answer(ExerciseSession& s) {
  const ex::Answer& a = s.question->answer;
  s.answer = a;
  s.impossible = !a.output_padding;
  if (a.output_padding) s.op_pair = *a.output_padding;
}

TEST(StudioExercise, OpenIsSeededAndClearsTheAnswer) {
  for (ex::Kind k : ex::kAllKinds) {
    ExerciseSession a = opened(k, 2, 7), b = opened(k, 2, 7);
    EXPECT_EQ(a.question->text, b.question->text);
    EXPECT_FALSE(a.revealed());
    EXPECT_FALSE(a.verdict);
    EXPECT_EQ(a.hints_shown, 0u);
    EXPECT_FALSE(a.hints.empty());
    // One field per output dimension, zero: the rank is the input's.
    EXPECT_EQ(a.answer.shape.size(), a.question->problem.input.shape.size());
  }
}

TEST(StudioExercise, BadLevelKeepsTheQuestion) {
  ExerciseSession s = opened(ex::Kind::Value, 1, 3);
  const std::string text = s.question->text;
  EXPECT_FALSE(exercise_open(s, ex::Kind::Shape, 4, 3));
  EXPECT_NE(s.error.find("4"), std::string::npos) << s.error;
  EXPECT_EQ(s.question->text, text);
  EXPECT_EQ(s.kind, ex::Kind::Value);
}

TEST(StudioExercise, ScoreCountsTheFirstCheckOnly) {
  ExerciseSession s = opened(ex::Kind::Shape, 1, 1);
  exercise_check(s);  // all zeros: wrong
  ASSERT_TRUE(s.verdict);
  EXPECT_FALSE(s.verdict->right);
  enter_right_answer(s);
  exercise_check(s);  // right now, but the first Check counted
  EXPECT_TRUE(s.verdict->right);
  EXPECT_EQ(s.asked, 1);
  EXPECT_EQ(s.right, 0);

  Model m;
  s.request(ExerciseOp::Next);
  exercise_apply(m, s, false);
  EXPECT_EQ(s.seed, 2u);
  enter_right_answer(s);
  s.request(ExerciseOp::Check);
  exercise_apply(m, s, false);
  EXPECT_EQ(s.asked, 2);
  EXPECT_EQ(s.right, 1);
  s.request(ExerciseOp::Check);  // after the reveal the verdict stands
  exercise_apply(m, s, false);
  EXPECT_EQ(s.asked, 2);
}

TEST(StudioExercise, EveryKindsRightAnswerIsRight) {
  for (ex::Kind k : ex::kAllKinds)
    for (int level = 1; level <= 3; ++level)
      for (uint64_t seed = 1; seed <= 10; ++seed) {
        ExerciseSession s = opened(k, level, seed);
        enter_right_answer(s);
        exercise_check(s);
        EXPECT_TRUE(s.verdict->right) << s.question->text << "\n" << s.verdict->explanation;
      }
}

TEST(StudioExercise, WidgetEdits) {
  ExerciseSession s = opened(ex::Kind::Feeders, 1, 1);
  const tconv::Shape i{0, 0, 1, 1};
  toggle_feeder(s, i);
  EXPECT_TRUE(has_feeder(s, i));
  toggle_feeder(s, i);
  EXPECT_FALSE(has_feeder(s, i));

  s = opened(ex::Kind::Matrix, 1, 1);
  const int64_t kw = s.question->problem.weight.shape[3];
  s.tap = kw + 1;  // (1, 1)
  click_entry(s, 5);
  ASSERT_TRUE(find_entry(s, 5));
  EXPECT_EQ(*find_entry(s, 5), (ex::MatrixEntry{5, 1, 1}));
  s.tap = 0;
  click_entry(s, 5);  // another tap: replaced
  EXPECT_EQ(*find_entry(s, 5), (ex::MatrixEntry{5, 0, 0}));
  click_entry(s, 5);  // the same tap again: removed
  EXPECT_FALSE(find_entry(s, 5));

  s = opened(ex::Kind::Checkerboard, 1, 1);
  toggle_choice(s, 2);
  toggle_choice(s, 0);
  EXPECT_EQ(s.answer.choices, (std::vector<int64_t>{0, 2}));
  toggle_choice(s, 2);
  EXPECT_EQ(s.answer.choices, (std::vector<int64_t>{0}));

  s = opened(ex::Kind::OutputPadding, 1, 1);
  s.op_pair = tconv::Pair(1, 0);
  EXPECT_EQ(exercise_answer(s).output_padding, tconv::Pair(1, 0));
  s.impossible = true;
  EXPECT_FALSE(exercise_answer(s).output_padding);
}

// What the reveal shows is core's answer: the model holds the reveal's call,
// the view is the reveal's, and the step, channels and highlight point at
// the asked cell (its value, for a value question).
void expect_reveal_shows_answer(ex::Kind k, int level, uint64_t seed) {
  SCOPED_TRACE(std::string(ex::kind_name(k)) + " level " + std::to_string(level) + " seed " +
               std::to_string(seed));
  Model m;
  ExerciseSession s = opened(k, level, seed);
  s.request(ExerciseOp::Reveal);
  const ExerciseOutcome out = exercise_apply(m, s, false);
  ASSERT_TRUE(s.reveal);
  ASSERT_TRUE(s.error.empty()) << s.error;
  const ex::Reveal& r = *s.reveal;
  EXPECT_EQ(out.view, reveal_view(r.view));
  EXPECT_EQ(m.problem().input.shape, r.problem.input.shape);
  EXPECT_EQ(m.problem().input.data, r.problem.input.data);
  EXPECT_EQ(m.problem().weight.data, r.problem.weight.data);
  EXPECT_EQ(m.params().args().stride, r.problem.args.stride);
  EXPECT_EQ(m.params().args().output_padding, r.problem.args.output_padding);
  EXPECT_EQ(m.sel_batch(), r.batch);
  EXPECT_EQ(m.sel_out_channel(), r.out_channel);
  const ex::Question& q = *s.question;
  const int64_t step = m.timeline().step;
  if (r.view == ex::View::Arithmetic) {
    // The arithmetic view steps by output cell: the reveal stops at its cell.
    const int64_t cell = r.h * m.records().geo.w.out + r.w;
    EXPECT_EQ(m.timeline().unit, StepUnit::OutputCell);
    EXPECT_EQ(m.output_cell(step, m.timeline().unit), cell);
  } else {
    EXPECT_EQ(step, r.step);
  }
  if (k == ex::Kind::Value) {
    const tconv::Array& y = m.records().output;
    ASSERT_EQ(y.shape.size(), q.ask.index.size());
    int64_t flat = 0;
    for (size_t d = 0; d < y.shape.size(); ++d) flat = flat * y.shape[d] + q.ask.index[d];
    EXPECT_NEAR(y.data[static_cast<size_t>(flat)], q.answer.value, ex::value_tolerance(q));
  }
  if (r.target == ex::Reveal::Target::WRow) {
    ASSERT_TRUE(out.hover);
    EXPECT_EQ(highlight_for(m.records(), *out.hover).w_row, r.row);
  }
  if (r.target == ex::Reveal::Target::OutputCell) {
    ASSERT_TRUE(out.hover);
    EXPECT_EQ(out.hover->kind, Hover::Kind::Output);
    EXPECT_EQ(out.hover->h, r.h);
    EXPECT_EQ(out.hover->w, r.w);
  }
}

TEST(StudioExercise, RevealLoadsTheAnswer) {
  for (ex::Kind k : ex::kAllKinds)
    for (int level = 1; level <= 3; ++level)
      for (uint64_t seed = 1; seed <= 8; ++seed) expect_reveal_shows_answer(k, level, seed);
}

TEST(StudioExercise, CheckerboardShowsEachOption) {
  Model m;
  ExerciseSession s = opened(ex::Kind::Checkerboard, 2, 4);
  s.request(ExerciseOp::Check);
  exercise_apply(m, s, false);
  ASSERT_TRUE(s.reveal);
  for (size_t i = 0; i < s.reveal->options.size(); ++i) {
    s.requests.push_back({ExerciseOp::ShowOption, s.kind, s.level, s.seed, int64_t(i)});
    const ExerciseOutcome out = exercise_apply(m, s, false);
    EXPECT_EQ(out.view, ViewId::Overlap);
    EXPECT_EQ(s.shown_option, int64_t(i));
    EXPECT_EQ(m.problem().weight.shape, s.reveal->options[i].weight.shape);
  }
}

TEST(StudioExercise, RevealAnimatesToTheStepAndStops) {
  Model m;
  // A value question whose cell is written late, so there is a walk to see.
  ExerciseSession s;
  int64_t target = 0;
  for (uint64_t seed = 1; seed < 50 && target < 3; ++seed) {
    s = opened(ex::Kind::Value, 1, seed);
    target = ex::reveal(*s.question).step;
  }
  ASSERT_GE(target, 3);
  s.request(ExerciseOp::Check);
  exercise_apply(m, s, true);
  EXPECT_EQ(m.timeline().step, 0);
  EXPECT_TRUE(s.anim.running);
  int frames = 0;
  for (; s.anim.running && frames < 1000; ++frames) {
    exercise_tick(m, s, 1.0 / 60);
    EXPECT_LE(m.timeline().step, target);
  }
  EXPECT_EQ(m.timeline().step, target);
  EXPECT_LE(frames, static_cast<int>(60 * (kRevealSeconds + 0.5)));
  exercise_tick(m, s, 1.0);  // finished: nothing moves
  EXPECT_EQ(m.timeline().step, target);

  // A move by the user ends the walk where the user put it.
  s.request(ExerciseOp::Next);
  exercise_apply(m, s, true);
  s.request(ExerciseOp::Reveal);
  exercise_apply(m, s, true);
  if (s.anim.running) {
    m.timeline().scrub(m.timeline().count - 1);
    exercise_tick(m, s, 0.1);
    EXPECT_FALSE(s.anim.running);
    EXPECT_EQ(m.timeline().step, m.timeline().count - 1);
  }
}

TEST(StudioExercise, CloseKeepsTheRevealedCall) {
  Model m;
  ExerciseSession s;
  s.request(ExerciseOp::Open);
  exercise_apply(m, s, false);
  EXPECT_TRUE(s.active);
  s.request(ExerciseOp::Reveal);
  exercise_apply(m, s, false);
  const tconv::Shape in = m.problem().input.shape;
  s.request(ExerciseOp::Close);
  const ExerciseOutcome out = exercise_apply(m, s, false);
  EXPECT_TRUE(out.closed);
  EXPECT_FALSE(s.active);
  EXPECT_EQ(m.problem().input.shape, in);
}

}  // namespace
}  // namespace studio
