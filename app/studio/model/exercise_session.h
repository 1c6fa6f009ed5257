// Exercise mode's state and logic, without GL or ImGui (unit-tested
// headless): the question on screen, what the student has entered, the
// verdict, hints, the running score and the reveal. Questions, answers,
// verdicts and reveals all come from core (tconv/exercise.h); nothing here
// computes an answer.
//
// The panel edits the answer fields while it draws (UI state, like a text
// field) and queues requests (Check, Next, ...); exercise_apply() carries
// them out after the frame, which is where the model may change (a reveal
// loads the question's call).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "hover.h"
#include "model.h"
#include "params.h"
#include "tconv/exercise.h"
#include "tconv/shape.h"

namespace studio {

namespace ex = tconv::exercise;

// [SECTION] Requests, queued by the panel and keys, applied after the frame.
enum class ExerciseOp {
  Open,         // a new question: kind, level, seed
  Check,        // grade the answer, count it, start the reveal
  Hint,         // show the next hint
  Next,         // the same kind and level, the next seed
  Reveal,       // show the reveal without checking (no point scored)
  ShowOption,   // checkerboard: load option `option` into the overlap view
  ShowChannel,  // value, feeders: draw input channel `option` of the asked cell's group
  Close,        // leave exercise mode (the revealed call stays loaded)
};
struct ExerciseRequest {
  ExerciseOp op = ExerciseOp::Check;
  ex::Kind kind = ex::Kind::Shape;
  int level = 1;
  uint64_t seed = 1;
  int64_t option = 0;
};

// The reveal's animation: the timeline walks from step 0 to `target` in
// about kRevealSeconds, then stops there. A timeline move by the user (a
// key, the scrub bar) ends it.
struct RevealAnimation {
  bool running = false;
  int64_t target = 0;
  double seconds = 0;  // since the start
  double rate = 1;     // steps per second
  int64_t shown = 0;   // the step it last set
};
inline constexpr double kRevealSeconds = 2.5;

// [SECTION] The session.
struct ExerciseSession {
  bool active = false;  // exercise mode on (key E, the bar's button)
  ex::Kind kind = ex::Kind::Shape;
  int level = 1;
  uint64_t seed = 1;
  std::optional<ex::Question> question;  // nullopt until one opened
  tconv::Geometry geo;                   // the question's call (grid sizes)
  std::string error;                     // why the last Open failed

  // What the student has entered. Answer holds most of it; the
  // output_padding widget keeps its pair while "impossible" is ticked.
  ex::Answer answer;
  bool impossible = false;
  tconv::Pair op_pair{0};
  int64_t tap = 0;  // WRow: the kernel tap (kh·kW + kw) a click assigns

  std::optional<ex::Verdict> verdict;  // after Check
  std::vector<std::string> hints;      // all of them; hints_shown are visible
  size_t hints_shown = 0;
  std::optional<ex::Reveal> reveal;  // after Check or Reveal
  int64_t shown_option = 0;          // checkerboard: the option the view shows
  int64_t shown_in_channel = 0;      // the input channel the views draw
  RevealAnimation anim;

  // Score: every question's first Check counts once.
  int asked = 0, right = 0;
  bool counted = false;  // this question's Check has been counted

  std::vector<ExerciseRequest> requests;
  void request(ExerciseOp op) { requests.push_back({op, kind, level, seed, 0}); }
  bool revealed() const { return reveal.has_value(); }
};

// [SECTION] Logic.
// A new question (the answer fields cleared, score kept). On an invalid
// level: false, the message in s.error, the session unchanged otherwise.
bool exercise_open(ExerciseSession& s, ex::Kind kind, int level, uint64_t seed);
// The Answer the widgets hold, as check() takes it.
ex::Answer exercise_answer(const ExerciseSession& s);
// Grades the current answer with core's check(); counts the first Check of
// a question in the score.
void exercise_check(ExerciseSession& s);
// Feeders: adds or removes one full input index.
void toggle_feeder(ExerciseSession& s, const tconv::Shape& index);
bool has_feeder(const ExerciseSession& s, const tconv::Shape& index);
// Matrix: a click on column `col`: adds it with the current tap, changes its
// tap to the current one, or (same tap again) removes it.
void click_entry(ExerciseSession& s, int64_t col);
const ex::MatrixEntry* find_entry(const ExerciseSession& s, int64_t col);
// Checkerboard: ticks or unticks option i.
void toggle_choice(ExerciseSession& s, int64_t i);

// The studio's view for a reveal's view.
ViewId reveal_view(ex::View v);
// A preset that loads `p` into the model: its parameters and its values.
Preset problem_preset(const tconv::Problem& p, const std::string& name);

// What the shell does after the requests: show a view, light up a target.
struct ExerciseOutcome {
  std::optional<ViewId> view;
  std::optional<Hover> hover;
  bool closed = false;
};
// Carries out s.requests in order (then clears them): opens, checks,
// hints, and for a reveal loads the call into the model, selects what it
// draws and starts the animation (animate false: straight to the step, as a
// screenshot wants it).
ExerciseOutcome exercise_apply(Model& model, ExerciseSession& s, bool animate = true);
// Once per frame, before drawing: moves the reveal's animation on.
void exercise_tick(Model& model, ExerciseSession& s, double seconds);

}  // namespace studio
