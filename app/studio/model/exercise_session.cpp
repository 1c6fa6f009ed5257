// Exercise mode's logic (see exercise_session.h): core asks, answers,
// checks and reveals; this file keeps the session and loads reveals.
#include "exercise_session.h"

#include <algorithm>
#include <cmath>
#include <exception>

#include "preset.h"
#include "tconv/checks.h"

namespace studio {

// [SECTION] Questions and answers.

bool exercise_open(ExerciseSession& s, ex::Kind kind, int level, uint64_t seed) {
  ex::Question q;
  try {
    q = ex::generate(kind, level, seed);
  } catch (const std::exception& e) {
    s.error = e.what();
    return false;
  }
  try {
    const tconv::Problem& p = q.problem;
    const tconv::Shape* bias = p.bias ? &p.bias->shape : nullptr;
    s.geo = tconv::check_conv_transpose2d(p.input.shape, p.weight.shape, bias, p.args);
  } catch (const std::exception&) {
    s.geo = {};  // core's questions are valid calls; the grids just stay empty
  }
  s.kind = kind;
  s.level = level;
  s.seed = seed;
  s.error.clear();
  s.answer = {};
  // The shape widget edits one integer per dimension of the output, whose
  // rank is the input's (never the answer's values).
  s.answer.shape.assign(q.problem.input.shape.size(), 0);
  s.impossible = false;
  s.op_pair = tconv::Pair(0);
  s.tap = 0;
  s.verdict.reset();
  s.hints = ex::hints(q);
  s.hints_shown = 0;
  s.reveal.reset();
  s.shown_option = 0;
  s.anim = {};
  s.counted = false;
  s.question = std::move(q);
  return true;
}

ex::Answer exercise_answer(const ExerciseSession& s) {
  ex::Answer a = s.answer;
  a.output_padding = s.impossible ? std::nullopt : std::optional<tconv::Pair>(s.op_pair);
  return a;
}

void exercise_check(ExerciseSession& s) {
  if (!s.question) return;
  s.verdict = ex::check(*s.question, exercise_answer(s));
  if (!s.counted) {
    ++s.asked;
    if (s.verdict->right) ++s.right;
    s.counted = true;
  }
}

namespace {

// Adds v to the set kept as a vector, or removes it when there.
template <class T>
void toggle(std::vector<T>& set, const T& v) {
  const auto it = std::find(set.begin(), set.end(), v);
  if (it == set.end())
    set.push_back(v);
  else
    set.erase(it);
}

}  // namespace

void toggle_feeder(ExerciseSession& s, const tconv::Shape& index) {
  toggle(s.answer.feeders, index);
}

bool has_feeder(const ExerciseSession& s, const tconv::Shape& index) {
  const auto& f = s.answer.feeders;
  return std::find(f.begin(), f.end(), index) != f.end();
}

const ex::MatrixEntry* find_entry(const ExerciseSession& s, int64_t col) {
  for (const ex::MatrixEntry& e : s.answer.entries)
    if (e.col == col) return &e;
  return nullptr;
}

void click_entry(ExerciseSession& s, int64_t col) {
  if (!s.question) return;
  const int64_t kw = std::max<int64_t>(s.question->problem.weight.shape.at(3), 1);
  const int64_t kh = s.tap / kw, kc = s.tap % kw;
  auto& es = s.answer.entries;
  const auto it =
      std::find_if(es.begin(), es.end(), [&](const ex::MatrixEntry& e) { return e.col == col; });
  if (it == es.end())
    es.push_back({col, kh, kc});
  else if (it->kh == kh && it->kw == kc)
    es.erase(it);
  else
    *it = {col, kh, kc};
}

void toggle_choice(ExerciseSession& s, int64_t i) {
  toggle(s.answer.choices, i);
  std::sort(s.answer.choices.begin(), s.answer.choices.end());
}

// [SECTION] Loading a reveal into the model.

ViewId reveal_view(ex::View v) {
  return parse_view(std::string(ex::view_name(v))).value_or(ViewId::Shape);
}

Preset problem_preset(const tconv::Problem& p, const std::string& name) {
  Preset pr;
  pr.name = name;
  pr.title = name;
  const tconv::Shape& in = p.input.shape;
  const tconv::Shape& w = p.weight.shape;
  Params& q = pr.params;
  q.unbatched = in.size() == 3;
  const size_t o = q.unbatched ? 0 : 1;  // where (C, H, W) start
  q.batch = q.unbatched ? 1 : in[0];
  q.in_channels = in[o];
  q.in_h = in[o + 1];
  q.in_w = in[o + 2];
  q.groups = p.args.groups;
  q.out_channels = w[1] * p.args.groups;
  q.kernel_h = w[2];
  q.kernel_w = w[3];
  q.stride = p.args.stride;
  q.padding = p.args.padding;
  q.output_padding = p.args.output_padding;
  q.dilation = p.args.dilation;
  q.bias = p.bias.has_value();
  if (!p.input.data.empty()) pr.input = p.input;
  if (!p.weight.data.empty()) pr.weight = p.weight;
  if (p.bias && !p.bias->data.empty()) pr.bias = p.bias;
  return pr;
}

namespace {

// The hover that lights up a reveal's target in every view.
std::optional<Hover> target_hover(const ex::Reveal& r, const Params& p) {
  Hover h;
  switch (r.target) {
    case ex::Reveal::Target::None:
      return std::nullopt;
    case ex::Reveal::Target::OutputCell:
      h.kind = Hover::Kind::Output;
      h.c = r.out_channel;
      h.h = r.h;
      h.w = r.w;
      return h;
    case ex::Reveal::Target::InputCell:
      h.kind = Hover::Kind::Input;
      h.c = r.in_channel;
      h.h = r.h;
      h.w = r.w;
      return h;
    case ex::Reveal::Target::WRow: {
      // An input element lights up its row of W (and its footprint).
      const int64_t plane = std::max<int64_t>(p.in_h * p.in_w, 1);
      h.kind = Hover::Kind::Input;
      h.c = r.row / plane;
      h.h = (r.row % plane) / std::max<int64_t>(p.in_w, 1);
      h.w = r.row % std::max<int64_t>(p.in_w, 1);
      return h;
    }
  }
  return std::nullopt;
}

void start_animation(Model& model, ExerciseSession& s, int64_t target, bool animate) {
  Timeline& tl = model.timeline();
  tl.playing = false;
  s.anim = {};
  if (!animate || target <= 0) {
    tl.scrub(target);
    return;
  }
  tl.scrub(0);
  s.anim.running = true;
  s.anim.target = target;
  // At least 2 steps a second, so a short walk still reads as steps.
  s.anim.rate = std::max(2.0, static_cast<double>(target) / kRevealSeconds);
}

// Loads `problem` (the reveal's, or a checkerboard option) and points the
// views at the reveal's target.
ExerciseOutcome load_reveal(Model& model, ExerciseSession& s, const tconv::Problem& problem,
                            bool animate) {
  ExerciseOutcome out;
  const ex::Reveal& r = *s.reveal;
  const std::string name = "exercise " + std::string(ex::kind_name(s.kind)) + " level " +
                           std::to_string(s.level) + " seed " + std::to_string(s.seed);
  if (!model.apply_preset(problem_preset(problem, name))) {
    // Cannot happen for core's own reveals within the studio's limits; if it
    // does, the message shows where the verdict is.
    s.error = model.error();
    return out;
  }
  model.select(r.batch, r.out_channel, r.in_channel);
  s.shown_in_channel = r.in_channel;
  // The timeline counts in the reveal view's unit from here, so the shell's
  // next set_step_unit for that view maps nothing under the animation.
  out.view = reveal_view(r.view);
  const StepUnit unit = counting_unit(*out.view);
  model.set_step_unit(unit);
  int64_t step = r.step;  // core's step: an input element
  if (r.view == ex::View::Arithmetic && r.target == ex::Reveal::Target::OutputCell) {
    const int64_t wo = model.records().geo.w.out;
    step = model.step_of_cell(r.h * wo + r.w, unit);
  } else {
    step = model.step_in(step, StepUnit::InputElement, unit);
  }
  start_animation(model, s, step, animate);
  out.hover = target_hover(r, model.params());
  return out;
}

void merge(ExerciseOutcome& into, const ExerciseOutcome& o) {
  if (o.view) into.view = o.view;
  if (o.hover) into.hover = o.hover;
  into.closed = into.closed || o.closed;
}

ExerciseOutcome apply_one(Model& model, ExerciseSession& s, const ExerciseRequest& rq,
                          bool animate) {
  ExerciseOutcome out;
  const auto reveal_now = [&] {
    if (!s.question) return;
    s.reveal = ex::reveal(*s.question);
    s.shown_option = 0;
    if (!s.reveal->options.empty() && !s.question->answer.choices.empty())
      s.shown_option = s.question->answer.choices.front();
    out = load_reveal(model, s, s.reveal->problem, animate);
  };
  switch (rq.op) {
    case ExerciseOp::Open:
      exercise_open(s, rq.kind, rq.level, rq.seed);
      s.active = true;
      break;
    case ExerciseOp::Check:
      if (s.revealed()) break;  // the verdict stands; Next moves on
      exercise_check(s);
      reveal_now();
      break;
    case ExerciseOp::Hint:
      s.hints_shown = std::min(s.hints_shown + 1, s.hints.size());
      break;
    case ExerciseOp::Next:
      exercise_open(s, s.kind, s.level, s.seed + 1);
      break;
    case ExerciseOp::Reveal:
      if (!s.revealed()) reveal_now();
      break;
    case ExerciseOp::ShowOption:
      if (s.reveal && rq.option >= 0 &&
          rq.option < static_cast<int64_t>(s.reveal->options.size())) {
        s.shown_option = rq.option;
        out = load_reveal(model, s, s.reveal->options[static_cast<size_t>(rq.option)], animate);
      }
      break;
    case ExerciseOp::ShowChannel:
      if (s.reveal) {
        // Within the asked cell's group (select() keeps c_out there).
        model.select(s.reveal->batch, s.reveal->out_channel, rq.option);
        s.shown_in_channel = model.sel_in_channel();
      }
      break;
    case ExerciseOp::Close:
      s.active = false;
      s.anim = {};
      out.closed = true;
      break;
  }
  return out;
}

}  // namespace

ExerciseOutcome exercise_apply(Model& model, ExerciseSession& s, bool animate) {
  ExerciseOutcome out;
  const std::vector<ExerciseRequest> rqs = std::exchange(s.requests, {});
  for (const ExerciseRequest& rq : rqs) merge(out, apply_one(model, s, rq, animate));
  return out;
}

void exercise_tick(Model& model, ExerciseSession& s, double seconds) {
  RevealAnimation& a = s.anim;
  if (!a.running) return;
  Timeline& tl = model.timeline();
  if (tl.step != a.shown || tl.playing) {  // the user took the timeline over
    a.running = false;
    return;
  }
  if (seconds > 0 && std::isfinite(seconds)) a.seconds += seconds;
  const int64_t step = std::min(a.target, static_cast<int64_t>(std::floor(a.seconds * a.rate)));
  tl.scrub(step);
  a.shown = tl.step;
  if (step >= a.target) a.running = false;
}

}  // namespace studio
