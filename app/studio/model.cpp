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

std::string shape_text(const tconv::Shape& s) {
  return tconv::format_shape(s);
}

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

std::string above(const std::string& name, int64_t v, int64_t limit) {
  std::ostringstream o;
  o << name << "=" << v << " is above the studio's limit of " << limit
    << " (every cell is drawn; the tconv command line takes bigger problems)";
  return o.str();
}

}  // namespace

// [SECTION] Params and names.
tconv::ConvTranspose2dArgs Params::args() const {
  tconv::ConvTranspose2dArgs a;
  a.stride = stride;
  a.padding = padding;
  a.output_padding = output_padding;
  a.groups = groups;
  a.dilation = dilation;
  return a;
}

tconv::Shape Params::input_shape() const {
  if (unbatched) return {in_channels, in_h, in_w};
  return {batch, in_channels, in_h, in_w};
}

tconv::Shape Params::weight_shape() const {
  // groups <= 0 is refused before any shape is used; avoid dividing by it.
  return {in_channels, groups > 0 ? out_channels / groups : out_channels, kernel_h, kernel_w};
}

const char* fill_name(Fill f) {
  switch (f) {
    case Fill::Seed:
      return "seed";
    case Fill::Arange:
      return "arange";
    case Fill::Ones:
      return "ones";
    case Fill::RandomInt:
      return "random_int";
    case Fill::RandomNormal:
      return "random_normal";
  }
  return "?";
}

std::optional<Fill> parse_fill(const std::string& name) {
  for (Fill f : {Fill::Seed, Fill::Arange, Fill::Ones, Fill::RandomInt, Fill::RandomNormal})
    if (name == fill_name(f)) return f;
  return std::nullopt;
}

const char* target_name(Target t) {
  switch (t) {
    case Target::Input:
      return "input";
    case Target::Weight:
      return "weight";
    case Target::Bias:
      return "bias";
  }
  return "?";
}

const char* view_name(ViewId v) {
  switch (v) {
    case ViewId::Scatter:
      return "scatter";
    case ViewId::Arithmetic:
      return "arithmetic";
    case ViewId::Matrix:
      return "matrix";
    case ViewId::Flip:
      return "flip";
    case ViewId::Shape:
      return "shape";
    case ViewId::Overlap:
      return "overlap";
    case ViewId::All:
      return "all";
  }
  return "?";
}

std::optional<ViewId> parse_view(const std::string& name) {
  for (ViewId v : {ViewId::Scatter, ViewId::Arithmetic, ViewId::Matrix, ViewId::Flip, ViewId::Shape,
                   ViewId::Overlap, ViewId::All})
    if (name == view_name(v)) return v;
  return std::nullopt;
}

// [SECTION] Timeline.
void Timeline::advance(double seconds) {
  if (!playing || !(seconds > 0.0) || !std::isfinite(seconds)) return;
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

bool Highlight::empty() const {
  return input_cells.empty() && output_cells.empty() && kernel_taps.empty() && !w_row && !w_col;
}

// [SECTION] Checks.
std::optional<std::string> Model::check_params(const Params& p) {
  // nn.ConvTranspose2d's constructor checks come first, as in PyTorch: the
  // sliders are its arguments.
  if (p.groups <= 0) return "groups must be a positive integer";
  if (p.in_channels % p.groups != 0) return "in_channels must be divisible by groups";
  if (p.out_channels % p.groups != 0) return "out_channels must be divisible by groups";
  // torch.empty's message: a negative size could never reach a tensor.
  for (const auto& s : {p.weight_shape(), p.input_shape()})
    for (int64_t v : s)
      if (v < 0) {
        std::ostringstream o;
        o << "Trying to create tensor with negative dimension " << v << ": " << shape_text(s);
        return o.str();
      }
  struct Size {
    const char* name;
    int64_t value, limit;
  };
  // Sizes the studio cannot draw as a cell; zero would be an empty picture.
  const Size sizes[] = {{"batch", p.unbatched ? 1 : p.batch, Limits::batch},
                        {"in_channels", p.in_channels, Limits::channels},
                        {"out_channels", p.out_channels, Limits::channels},
                        {"in_h", p.in_h, Limits::input_size},
                        {"in_w", p.in_w, Limits::input_size}};
  for (const auto& s : sizes) {
    if (s.value < 1) {
      std::ostringstream o;
      o << s.name << "=" << s.value
        << " is below the studio's minimum of 1 (an empty tensor has nothing to draw)";
      return o.str();
    }
    if (s.value > s.limit) return above(s.name, s.value, s.limit);
  }
  // Upper bounds only: zero or negative values get PyTorch's own message.
  const Size uppers[] = {{"kernel_h", p.kernel_h, Limits::kernel},
                         {"kernel_w", p.kernel_w, Limits::kernel},
                         {"stride_height", p.stride.h, Limits::stride},
                         {"stride_width", p.stride.w, Limits::stride},
                         {"dilation_height", p.dilation.h, Limits::dilation},
                         {"dilation_width", p.dilation.w, Limits::dilation},
                         {"padding_height", p.padding.h, Limits::padding},
                         {"padding_width", p.padding.w, Limits::padding}};
  for (const auto& s : uppers)
    if (s.value > s.limit) return above(s.name, s.value, s.limit);

  const tconv::Shape in = p.input_shape(), w = p.weight_shape(), b{p.out_channels};
  tconv::Geometry geo;
  try {
    geo = tconv::check_conv_transpose2d(in, w, p.bias ? &b : nullptr, p.args());
  } catch (const std::exception& e) {
    return std::string(e.what());
  }
  if (geo.h.out > Limits::output_size)
    return above("output height", geo.h.out, Limits::output_size);
  if (geo.w.out > Limits::output_size) return above("output width", geo.w.out, Limits::output_size);
  const int64_t rows = p.in_channels * p.in_h * p.in_w;
  const int64_t per_row = geo.out_per_group() * p.kernel_h * p.kernel_w;
  if (rows * per_row > Limits::matrix_nonzeros) {
    std::ostringstream o;
    o << "the conv matrix W would hold up to " << rows * per_row
      << " non-zeros (C_in·H·W = " << rows << " rows × C_out/groups·kH·kW = " << per_row
      << "), above the studio's limit of " << Limits::matrix_nonzeros
      << " (the tconv command line takes bigger problems)";
    return o.str();
  }
  return std::nullopt;
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
  ++revision_;
  error_.clear();
  clamp_selection();
  timeline_.set_count(step_count());
  refresh_highlight();
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
             " of size " + shape_text(a->shape);
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
        error_ = where + ": " + target_name(t) + " of size " + shape_text(g.shape) +
                 " does not fit the parameters' " + shape_text(shapes[i]);
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
  timeline_.home();
  if (pr.step) timeline_.scrub(*pr.step);
  hover_ = {};
  refresh_highlight();
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

int64_t Model::step_count() const {
  return params_.in_channels * params_.in_h * params_.in_w;
}

size_t Model::scatter_index(int64_t t) const {
  const int64_t count = std::max<int64_t>(step_count(), 1);
  // The scatter record reads n, c_in, ih, iw: batch n's steps are one block.
  return static_cast<size_t>(sel_n_ * count + std::clamp<int64_t>(t, 0, count - 1));
}

int64_t Model::arith_count() const {
  return records_.geo.h.out * records_.geo.w.out;
}

int64_t Model::arith_cell(int64_t t) const {
  const int64_t count = std::max<int64_t>(step_count(), 1);
  const int64_t cells = std::max<int64_t>(arith_count(), 1);
  t = std::clamp<int64_t>(t, 0, count - 1);
  if (count == 1) return cells - 1;  // the only step is also the last
  return t * (cells - 1) / (count - 1);
}

int64_t Model::arith_step(int64_t cell) const {
  const int64_t count = std::max<int64_t>(step_count(), 1);
  const int64_t cells = std::max<int64_t>(arith_count(), 1);
  cell = std::clamp<int64_t>(cell, 0, cells - 1);
  if (count == 1 || cells == 1) return cells == 1 ? 0 : count - 1;
  // Smallest t with t·(cells-1)/(count-1) >= cell.
  return (cell * (count - 1) + cells - 2) / (cells - 1);
}

const Eigen::MatrixXf& Model::intermediate() {
  auto& c = inter_cache_;
  const int64_t t = timeline_.step;
  const bool same_plane = c.revision == revision_ && c.n == sel_n_ && c.c == sel_co_;
  if (same_plane && c.step == t) return c.plane;
  const auto& rec = records_.scatter;
  try {
    if (rec.size() == 0) {
      c.plane = Eigen::MatrixXf();
    } else if (same_plane && c.step >= 0 && c.plane.rows() == records_.geo.h.canvas() &&
               c.plane.cols() == records_.geo.w.canvas()) {
      // Same canvas, another step: clear the old footprint and draw the new
      // one, O(kH·kW) instead of a fresh canvas every frame of the animation.
      rec.for_each_cell(scatter_index(c.step), sel_co_,
                        [&](int64_t r, int64_t col, double) { c.plane(r, col) = 0.f; });
      rec.for_each_cell(scatter_index(t), sel_co_, [&](int64_t r, int64_t col, double v) {
        c.plane(r, col) = static_cast<float>(v);
      });
    } else {
      c.plane = rec.intermediate(scatter_index(t), sel_co_);
    }
  } catch (const std::exception&) {
    c.plane = Eigen::MatrixXf();
  }
  c.revision = revision_;
  c.step = t;
  c.n = sel_n_;
  c.c = sel_co_;
  return c.plane;
}

const Eigen::MatrixXf& Model::running_sum() {
  auto& c = sum_cache_;
  const int64_t t = timeline_.step;
  const tconv::Geometry& geo = records_.geo;
  const bool same_plane = c.revision == revision_ && c.n == sel_n_ && c.c == sel_co_ &&
                          c.step >= 0 && c.exact.rows() == geo.h.canvas() &&
                          c.exact.cols() == geo.w.canvas();
  if (same_plane && c.step == t) return c.plane;
  const auto& rec = records_.scatter;
  try {
    if (rec.size() == 0) {
      c.plane = Eigen::MatrixXf();
      c.exact = Eigen::MatrixXd();
    } else {
      // The cheapest way to the sum at t: step the cached sum on (adding
      // steps) or back (subtracting them), start from zero, or rebuild it
      // (about one pass over the canvas per input channel of the group).
      // A step costs kH·kW cells, so playing the animation, stepping with
      // the arrow keys and wrapping to step 0 never rebuild.
      const int64_t cells = geo.h.kernel * geo.w.kernel;
      const int64_t rebuild =
          geo.h.canvas() * geo.w.canvas() * std::max<int64_t>(geo.in_per_group(), 1);
      const int64_t from_cache = same_plane ? std::abs(t - c.step) * cells : rebuild + 1;
      const int64_t from_zero = (t + 1) * cells;
      auto step_cells = [&](int64_t u, double sign) {
        rec.for_each_cell(scatter_index(u), sel_co_, [&](int64_t r, int64_t col, double v) {
          c.exact(r, col) += sign * v;
          c.plane(r, col) = static_cast<float>(c.exact(r, col));
        });
      };
      if (from_cache <= std::min(rebuild, from_zero)) {
        for (int64_t u = c.step + 1; u <= t; ++u) step_cells(u, 1.0);
        for (int64_t u = c.step; u > t; --u) step_cells(u, -1.0);
      } else if (from_zero <= rebuild) {
        c.exact.setZero(geo.h.canvas(), geo.w.canvas());
        c.plane.setZero(geo.h.canvas(), geo.w.canvas());
        for (int64_t u = 0; u <= t; ++u) step_cells(u, 1.0);
      } else {
        c.exact = rec.running_sum_exact(scatter_index(t), sel_n_, sel_co_);
        c.plane = c.exact.cast<float>();
      }
    }
  } catch (const std::exception&) {
    c.plane = Eigen::MatrixXf();
    c.exact = Eigen::MatrixXd();
  }
  c.revision = revision_;
  c.step = t;
  c.n = sel_n_;
  c.c = sel_co_;
  return c.plane;
}

// [SECTION] Hover.
void Model::set_hover(const Hover& h) {
  if (h == hover_) return;  // called every frame: recompute only on change
  hover_ = h;
  refresh_highlight();
}

void Model::refresh_highlight() {
  highlight_ = Highlight{};
  if (hover_.kind == Hover::Kind::None || records_.scatter.size() == 0) return;
  const tconv::Geometry& g = records_.geo;
  const auto& m = records_.matrix;
  const int64_t H = g.h.in, W = g.w.in, Ho = g.h.out, Wo = g.w.out;
  auto& hl = highlight_;
  const auto cell = [](int64_t a, int64_t b) {
    return std::pair<int, int>(static_cast<int>(a), static_cast<int>(b));
  };
  try {
    switch (hover_.kind) {
      case Hover::Kind::None:
        break;
      case Hover::Kind::Output: {
        if (hover_.c < 0 || hover_.c >= g.out_channels || hover_.h < 0 || hover_.h >= Ho ||
            hover_.w < 0 || hover_.w >= Wo)
          return;
        for (const auto& l : tconv::links_to_output(g, hover_.h, hover_.w)) {
          hl.input_cells.push_back(cell(l.ih, l.iw));
          hl.kernel_taps.push_back(cell(l.kh, l.kw));
        }
        hl.output_cells.push_back(cell(hover_.h, hover_.w));
        hl.w_col = m.col_of(hover_.c, hover_.h, hover_.w);
        break;
      }
      case Hover::Kind::Input: {
        if (hover_.c < 0 || hover_.c >= g.in_channels || hover_.h < 0 || hover_.h >= H ||
            hover_.w < 0 || hover_.w >= W)
          return;
        for (const auto& l : tconv::links_from_input(g, hover_.h, hover_.w)) {
          hl.output_cells.push_back(cell(l.oh, l.ow));
          hl.kernel_taps.push_back(cell(l.kh, l.kw));
        }
        hl.input_cells.push_back(cell(hover_.h, hover_.w));
        hl.w_row = m.row_of(hover_.c, hover_.h, hover_.w);
        break;
      }
      case Hover::Kind::Kernel: {
        if (hover_.h < 0 || hover_.h >= g.h.kernel || hover_.w < 0 || hover_.w >= g.w.kernel)
          return;
        // Tap (kh, kw) carries input (ih, iw) to output
        // (ih·s - p + kh·d, iw·s - p + kw·d): O(H·W) index arithmetic, no
        // values, so cheap enough for every input even at 256×256.
        for (int64_t ih = 0; ih < H; ++ih) {
          const int64_t oh = ih * g.h.stride - g.h.padding + hover_.h * g.h.dilation;
          if (oh < 0 || oh >= Ho) continue;
          for (int64_t iw = 0; iw < W; ++iw) {
            const int64_t ow = iw * g.w.stride - g.w.padding + hover_.w * g.w.dilation;
            if (ow < 0 || ow >= Wo) continue;
            hl.input_cells.push_back(cell(ih, iw));
            hl.output_cells.push_back(cell(oh, ow));
          }
        }
        hl.kernel_taps.push_back(cell(hover_.h, hover_.w));
        break;
      }
      case Hover::Kind::WEntry: {
        if (hover_.row < 0 || hover_.row >= m.rows() || hover_.col < 0 || hover_.col >= m.cols())
          return;
        // Rows are (c_in, ih, iw), cols (c_out, oh, ow), both row-major.
        const int64_t ih = hover_.row / W % H, iw = hover_.row % W;
        const int64_t oh = hover_.col / Wo % Ho, ow = hover_.col % Wo;
        hl.input_cells.push_back(cell(ih, iw));
        hl.output_cells.push_back(cell(oh, ow));
        if (const tconv::Tap* tap = m.tap_at(hover_.row, hover_.col))
          hl.kernel_taps.push_back(cell(tap->kh, tap->kw));
        hl.w_row = hover_.row;
        hl.w_col = hover_.col;
        break;
      }
    }
  } catch (const std::exception&) {
    highlight_ = Highlight{};  // a hover must never take the frame down
  }
}

}  // namespace studio
