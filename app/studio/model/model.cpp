// The studio's model: every edit is checked (studio limits, then PyTorch's
// own checks through core) before anything is built, and records are built
// once per accepted edit, so views only read.
#include "model.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <exception>
#include <random>
#include <sstream>

#include "preset.h"
#include "tconv/checks.h"
#include "tconv/errors.h"
#include "tconv/shape.h"

namespace studio {
namespace {

constexpr int kTargets = 3;

std::string index_text(const std::vector<int64_t>& index) {
  std::ostringstream o;
  o << "[";
  for (size_t i = 0; i < index.size(); ++i) o << (i ? ", " : "") << index[i];
  o << "]";
  return o.str();
}

// Row-major strides of a shape.
std::vector<int64_t> strides_of(const tconv::Shape& s) {
  std::vector<int64_t> st(s.size(), 1);
  for (size_t i = s.size(); i-- > 1;) st[i - 1] = st[i] * s[i];
  return st;
}

// Copies the values whose index lies inside both arrays. Ranks are aligned
// on the right (a missing leading size counts as 1), so an unbatched input
// keeps its values when batch is switched on and a 2-D preset plane lands in
// (0, 0) of a 4-D weight.
void copy_overlap(const tconv::Array& from, tconv::Array& to) {
  const size_t rank = std::max(from.shape.size(), to.shape.size());
  auto pad = [rank](const tconv::Shape& s) {
    tconv::Shape r(rank - s.size(), 1);
    r.insert(r.end(), s.begin(), s.end());
    return r;
  };
  const tconv::Shape a = pad(from.shape), b = pad(to.shape);
  tconv::Shape common(rank);
  for (size_t i = 0; i < rank; ++i) {
    common[i] = std::min(a[i], b[i]);
    if (common[i] <= 0) return;
  }
  if (static_cast<int64_t>(from.data.size()) != tconv::numel(from.shape)) return;
  const auto sa = strides_of(a), sb = strides_of(b);
  std::vector<int64_t> idx(rank, 0);
  // Odometer over the common box; the last axis is copied as one run.
  const int64_t run = rank ? common[rank - 1] : 1;
  while (true) {
    int64_t oa = 0, ob = 0;
    for (size_t i = 0; i + 1 < rank; ++i) {
      oa += idx[i] * sa[i];
      ob += idx[i] * sb[i];
    }
    std::copy_n(from.data.begin() + oa, run, to.data.begin() + ob);
    size_t i = rank > 0 ? rank - 1 : 0;
    while (i-- > 0) {
      if (++idx[i] < common[i]) break;
      idx[i] = 0;
    }
    if (i == static_cast<size_t>(-1)) break;
  }
}

// The full array a fill gives for `shape`. seed_values: the preset's
// starting values, used by Fill::Seed.
tconv::Array make_fill(Target t, const tconv::Shape& shape, Fill f, uint64_t seed,
                       const std::optional<tconv::Array>& seed_values) {
  tconv::Array a(shape, std::vector<float>(static_cast<size_t>(tconv::numel(shape)), 0.f));
  auto& d = a.data;
  // One stream per (seed, target), so the input and the weight filled with
  // the same seed do not repeat each other. seed_seq is specified exactly by
  // the standard, and so is mt19937, hence the same numbers everywhere.
  std::seed_seq seq{static_cast<uint32_t>(seed), static_cast<uint32_t>(seed >> 32),
                    static_cast<uint32_t>(t)};
  std::mt19937 gen(seq);
  switch (f) {
    case Fill::Seed:
      if (t == Target::Bias)
        std::fill(d.begin(), d.end(), 1.f);
      else
        for (size_t i = 0; i < d.size(); ++i) d[i] = static_cast<float>(i);
      if (seed_values) copy_overlap(*seed_values, a);
      break;
    case Fill::Arange:
      for (size_t i = 0; i < d.size(); ++i) d[i] = static_cast<float>(i);
      break;
    case Fill::Ones:
      std::fill(d.begin(), d.end(), 1.f);
      break;
    case Fill::RandomInt:
      // 7 values out of 2^32: the modulo bias (< 2e-9) is invisible.
      for (auto& v : d) v = static_cast<float>(static_cast<int>(gen() % 7u) - 3);
      break;
    case Fill::RandomNormal: {
      // Box–Muller on mt19937's raw output; rounded to 2 decimals so a cell
      // prints as "-0.37", not "-0.3712094".
      constexpr double kTwoPi = 6.283185307179586;
      for (size_t i = 0; i < d.size(); i += 2) {
        const double u1 = (static_cast<double>(gen()) + 0.5) / 4294967296.0;
        const double u2 = (static_cast<double>(gen()) + 0.5) / 4294967296.0;
        const double r = std::sqrt(-2.0 * std::log(u1));
        d[i] = static_cast<float>(std::round(r * std::cos(kTwoPi * u2) * 100.0) / 100.0);
        if (i + 1 < d.size())
          d[i + 1] = static_cast<float>(std::round(r * std::sin(kTwoPi * u2) * 100.0) / 100.0);
      }
      break;
    }
  }
  return a;
}

tconv::Array* array_of(tconv::Problem& p, Target t) {
  switch (t) {
    case Target::Input:
      return &p.input;
    case Target::Weight:
      return &p.weight;
    case Target::Bias:
      return p.bias ? &*p.bias : nullptr;
  }
  return nullptr;
}

}  // namespace

// [SECTION] Timeline.
void Timeline::advance(double seconds) {
  if (!playing || !has_steps || !(seconds > 0.0) || !std::isfinite(seconds)) return;
  accum += seconds * static_cast<double>(steps_per_second);
  if (accum < 1.0) return;
  const double whole = std::floor(accum);
  accum -= whole;
  // fmod first: a long frame (or a paused debugger) must not overflow int64.
  const auto n = static_cast<int64_t>(std::fmod(whole, static_cast<double>(count)));
  step = (step + n) % count;
}

void Timeline::next() {
  step = std::min(step + 1, count - 1);
  accum = 0.0;
}

void Timeline::prev() {
  step = std::max<int64_t>(step - 1, 0);
  accum = 0.0;
}

void Timeline::home() {
  step = 0;
  accum = 0.0;
}

void Timeline::end() {
  step = count - 1;
  accum = 0.0;
}

void Timeline::scrub(int64_t t) {
  step = std::clamp<int64_t>(t, 0, count - 1);
  accum = 0.0;
}

void Timeline::set_count(int64_t n) {
  count = std::max<int64_t>(n, 1);
  step = std::clamp<int64_t>(step, 0, count - 1);
}

// [SECTION] Model.
Model::Model() {
  // d2l-basic (d2l.ai, "Transposed Convolution"), built in so the studio
  // starts without reading any file.
  Preset d2l;
  d2l.name = "d2l-basic";
  // Same text as assets/presets/d2l-basic.json.
  d2l.title = "d2l: the basic example";
  d2l.description =
      "Each input element scales the whole 2×2 kernel, the copy is placed at that element's "
      "position, and overlapping copies are summed: X = [[0,1],[2,3]] and K = [[0,1],[2,3]] "
      "give [[0,0,1],[0,4,6],[4,12,9]].";
  d2l.params.in_channels = d2l.params.out_channels = 1;
  d2l.origin = "built-in";
  d2l.input = tconv::Array({1, 1, 2, 2}, {0, 1, 2, 3});
  d2l.weight = tconv::Array({1, 1, 2, 2}, {0, 1, 2, 3});
  d2l.view = ViewId::Scatter;
  apply_preset(d2l);
}

tconv::Array Model::resized(Target t, const tconv::Array* old, const tconv::Shape& shape) const {
  const auto& fs = fills_[static_cast<int>(t)];
  tconv::Array a = make_fill(t, shape, fs.fill, fs.seed, seed_values_[static_cast<int>(t)]);
  if (old) copy_overlap(*old, a);
  return a;
}

bool Model::rebuild(const Params& p, tconv::Problem prob) {
  tconv::Records rec;
  try {
    rec = tconv::build_records(prob);
  } catch (const std::exception& e) {
    // ArgumentError (PyTorch's message), LimitError, or bad_alloc: all are
    // shown, none may escape into the frame loop.
    error_ = e.what();
    return false;
  } catch (...) {
    error_ = "building the records failed";
    return false;
  }
  params_ = p;
  pending_ = p;
  problem_ = std::move(prob);
  records_ = std::move(rec);
  // Its own failure (kept in frameworks_.error) leaves the edit accepted:
  // only the Frameworks view is missing.
  frameworks_ = build_frameworks_data(problem_);
  ++revision_;
  error_.clear();
  clamp_selection();
  timeline_.set_count(step_count(timeline_.unit));
  return true;
}

bool Model::set_params(const Params& p) {
  pending_ = p;
  if (auto msg = check_params(p)) {
    error_ = *msg;
    return false;
  }
  if (p == params_ && revision_ > 0) {
    error_.clear();
    return true;
  }
  tconv::Problem prob;
  prob.args = p.args();
  prob.input = resized(Target::Input, &problem_.input, p.input_shape());
  prob.weight = resized(Target::Weight, &problem_.weight, p.weight_shape());
  if (p.bias)
    prob.bias = resized(Target::Bias, problem_.bias ? &*problem_.bias : nullptr,
                        tconv::Shape{p.out_channels});
  if (!rebuild(p, std::move(prob))) {
    pending_ = p;
    return false;
  }
  return true;
}

bool Model::set_value(Target t, const std::vector<int64_t>& index, float v) {
  tconv::Problem prob = problem_;
  tconv::Array* a = array_of(prob, t);
  if (!a) {
    error_ = "set_value: bias is off (switch bias on to edit it)";
    return false;
  }
  bool ok = index.size() == a->shape.size();
  for (size_t i = 0; ok && i < index.size(); ++i) ok = index[i] >= 0 && index[i] < a->shape[i];
  if (!ok) {
    error_ = "set_value: index " + index_text(index) + " is out of range for " + target_name(t) +
             " of size " + tconv::format_shape(a->shape);
    return false;
  }
  if (!std::isfinite(v)) {
    error_ = std::string("set_value: ") + target_name(t) + index_text(index) +
             " must be a finite number";
    return false;
  }
  const auto st = strides_of(a->shape);
  int64_t off = 0;
  for (size_t i = 0; i < index.size(); ++i) off += index[i] * st[i];
  if (a->data[static_cast<size_t>(off)] == v) {
    error_.clear();
    pending_ = params_;
    return true;  // nothing changed: no rebuild
  }
  a->data[static_cast<size_t>(off)] = v;
  return rebuild(params_, std::move(prob));
}

void Model::fill(Target t, Fill f, uint64_t seed) {
  const int ti = static_cast<int>(t);
  tconv::Problem prob = problem_;
  tconv::Array* a = array_of(prob, t);
  if (!a) {
    fills_[ti] = {f, seed};  // used when bias is switched on
    return;
  }
  *a = make_fill(t, a->shape, f, seed, seed_values_[ti]);
  if (rebuild(params_, std::move(prob))) fills_[ti] = {f, seed};
}

bool Model::apply_preset(const Preset& pr) {
  const std::string where = pr.origin.empty() ? pr.name : pr.origin;
  if (auto msg = check_params(pr.params)) {
    error_ = where + ": " + *msg;
    return false;
  }
  const Params& p = pr.params;
  const std::optional<tconv::Array>* given[kTargets] = {&pr.input, &pr.weight, &pr.bias};
  const Fill fills[kTargets] = {pr.input_fill, pr.weight_fill, pr.bias_fill};
  const tconv::Shape shapes[kTargets] = {p.input_shape(), p.weight_shape(),
                                         tconv::Shape{p.out_channels}};
  tconv::Array arrays[kTargets];
  for (int i = 0; i < kTargets; ++i) {
    const auto t = static_cast<Target>(i);
    if (*given[i]) {
      const tconv::Array& g = **given[i];
      if (tconv::numel(g.shape) != tconv::numel(shapes[i]) ||
          static_cast<int64_t>(g.data.size()) != tconv::numel(shapes[i])) {
        error_ = where + ": " + target_name(t) + " of size " + tconv::format_shape(g.shape) +
                 " does not fit the parameters' " + tconv::format_shape(shapes[i]);
        return false;
      }
      arrays[i] = tconv::Array(shapes[i], g.data);
    } else {
      // A preset's Seed fill has no values of its own: it counts up.
      arrays[i] = make_fill(t, shapes[i], fills[i], pr.seed, std::nullopt);
    }
  }
  tconv::Problem prob;
  prob.args = p.args();
  prob.input = arrays[0];
  prob.weight = arrays[1];
  if (p.bias) prob.bias = arrays[2];
  if (!rebuild(p, std::move(prob))) {
    error_ = where + ": " + error_;
    return false;
  }
  for (int i = 0; i < kTargets; ++i) {
    // Seed brings back exactly what the preset showed.
    seed_values_[i] = arrays[i];
    fills_[i] = {*given[i] ? Fill::Seed : fills[i], pr.seed};
  }
  preset_name_ = pr.name;
  preset_title_ = pr.title;
  preset_description_ = pr.description;
  preset_view_ = pr.view;
  sel_n_ = sel_co_ = sel_ci_ = 0;
  // The preset's step counts in its view's unit (the shell shows that view).
  if (pr.view) set_step_unit(step_unit(*pr.view));
  timeline_.home();
  if (pr.step) timeline_.scrub(*pr.step);
  return true;
}

bool Model::load_preset_json(const std::string& json_text, const std::string& origin) {
  Preset pr;
  std::string err;
  if (!parse_preset(json_text, origin, pr, err)) {
    error_ = err;
    return false;
  }
  return apply_preset(pr);
}

// [SECTION] Selection and timeline.
void Model::clamp_selection(bool follow_in) {
  const int64_t n = params_.unbatched ? 1 : std::max<int64_t>(params_.batch, 1);
  const int64_t ci = std::max<int64_t>(params_.in_channels, 1);
  const int64_t co = std::max<int64_t>(params_.out_channels, 1);
  const int64_t g = std::max<int64_t>(params_.groups, 1);
  sel_n_ = std::clamp<int64_t>(sel_n_, 0, n - 1);
  sel_co_ = std::clamp<int64_t>(sel_co_, 0, co - 1);
  sel_ci_ = std::clamp<int64_t>(sel_ci_, 0, ci - 1);
  const int64_t ipg = std::max<int64_t>(ci / g, 1), opg = std::max<int64_t>(co / g, 1);
  // Only channels of one group meet in a kernel slice; keep the position
  // inside the group so stepping c_out steps through matching c_in.
  if (sel_ci_ / ipg != sel_co_ / opg) {
    if (follow_in)
      sel_co_ = std::min(sel_ci_ / ipg * opg + sel_co_ % opg, co - 1);
    else
      sel_ci_ = std::min(sel_co_ / opg * ipg + sel_ci_ % ipg, ci - 1);
  }
}

void Model::select(int64_t n, int64_t c_out, int64_t c_in) {
  const bool follow_in = c_in != sel_ci_ && c_out == sel_co_;
  sel_n_ = n;
  sel_co_ = c_out;
  sel_ci_ = c_in;
  clamp_selection(follow_in);
}

void Model::set_step_unit(StepUnit u) {
  Timeline& tl = timeline_;
  tl.has_steps = u != StepUnit::None;
  if (!tl.has_steps) {
    tl.playing = false;
    u = StepUnit::InputElement;
  }
  if (u == tl.unit) return;
  const int64_t t = step_in(tl.step, tl.unit, u);
  tl.unit = u;
  tl.set_count(step_count(u));
  tl.scrub(t);
}

int64_t Model::step_count(StepUnit u) const {
  switch (u) {
    case StepUnit::InputElement:
      return params_.in_channels * params_.in_h * params_.in_w;
    case StepUnit::OutputCell:
      return records_.geo.h.out * records_.geo.w.out;
    case StepUnit::None:
      return 1;
  }
  return 1;
}

int64_t Model::step_in(int64_t t, StepUnit from, StepUnit to) const {
  if (from == StepUnit::None) from = StepUnit::InputElement;
  if (to == StepUnit::None) to = StepUnit::InputElement;
  const int64_t n_from = std::max<int64_t>(step_count(from), 1);
  if (from == to) return std::clamp<int64_t>(t, 0, n_from - 1);
  return map_step(t, n_from, std::max<int64_t>(step_count(to), 1));
}

size_t Model::scatter_index(int64_t t) const {
  const int64_t count = std::max<int64_t>(step_count(), 1);
  // The scatter record reads n, c_in, ih, iw: batch n's steps are one block.
  return static_cast<size_t>(sel_n_ * count + std::clamp<int64_t>(t, 0, count - 1));
}

int64_t Model::step_of_cell(int64_t cell, StepUnit unit) const {
  if (unit == StepUnit::None) unit = StepUnit::InputElement;
  const int64_t cells = std::max<int64_t>(step_count(StepUnit::OutputCell), 1);
  if (unit == StepUnit::OutputCell) return std::clamp<int64_t>(cell, 0, cells - 1);
  return first_step_reaching(cell, cells, std::max<int64_t>(step_count(unit), 1));
}

}  // namespace studio
