// The studio's model: parameters, values, records, timeline. No GL, no
// ImGui, so it is unit-tested headless (tests/unit). Views read it; only
// edits go through its methods, and records are rebuilt only when an edit
// changes parameters or values (never inside a draw call).
#pragma once

#include <Eigen/Dense>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model_frameworks.h"
#include "params.h"
#include "steps.h"
#include "tconv/correspondence.h"
#include "tconv/records.h"

namespace studio {

struct Preset;  // preset.h

// [SECTION] Timeline.
// One timeline, counting in the unit of the view on screen (steps.h): input
// elements of the selected batch element, (c_in, ih, iw) in reading order,
// for scatter, matrix, overlap and `all`; output cells (oh, ow) of the
// selected output channel for arithmetic. On a view without steps (flip,
// shape) it keeps its position in input elements and does not move.
struct Timeline {
  int64_t step = 0;  // current step, in [0, count), 0-based (people see step_number)
  int64_t count = 1;
  StepUnit unit = StepUnit::InputElement;  // what step counts; never None
  bool has_steps = true;                   // false: the view has none, Play and keys are off
  bool playing = false;
  float steps_per_second = 2.f;
  double accum = 0.0;  // fractional steps carried between frames

  void advance(double seconds);  // while playing; loops at the end
  void next();                   // clamps at the ends (keys ←/→)
  void prev();
  void home();
  void end();
  void scrub(int64_t t);      // clamps
  void set_count(int64_t n);  // count = max(n, 1), step clamped
};

// [SECTION] Model.
class Model {
 public:
  Model();  // d2l-basic's state

  // Parameter edits. On a combination PyTorch rejects (or one past Limits):
  // returns false, error() holds PyTorch's (or the limit's) message, pending()
  // keeps what was asked and everything else stays as it was. Any accepted
  // edit (params, values, fill, preset) clears error() and resets pending().
  bool set_params(const Params& p);
  // check_params(p) (params.h), kept here for callers that think of it as
  // the model's check.
  static std::optional<std::string> check_params(const Params& p) {
    return studio::check_params(p);
  }
  const Params& params() const { return params_; }     // last valid
  const Params& pending() const { return pending_; }   // what the sliders show
  const std::string& error() const { return error_; }  // "" when valid

  // Values. Shapes follow params; resizing keeps the overlapping values.
  const tconv::Problem& problem() const { return problem_; }
  // One cell; index in the array's own rank (input 3-D when unbatched). An
  // index out of range or a non-finite value: false, message in error().
  bool set_value(Target t, const std::vector<int64_t>& index, float v);
  // Fills the whole array; the fill also gives the cells that later resizes
  // add. Filling the bias while bias is off only sets that fill.
  void fill(Target t, Fill f, uint64_t seed = 0);
  Fill current_fill(Target t) const { return fills_[static_cast<int>(t)].fill; }
  uint64_t current_seed(Target t) const { return fills_[static_cast<int>(t)].seed; }

  // Records (rebuilt on valid edits only).
  const tconv::Records& records() const { return records_; }
  uint64_t revision() const { return revision_; }  // bumps on every rebuild
  // The Frameworks view's data (model_frameworks.h), rebuilt with the records.
  const FrameworksData& frameworks() const { return frameworks_; }

  // What is drawn: batch element, output channel (its group follows), input channel.
  int64_t sel_batch() const { return sel_n_; }
  int64_t sel_out_channel() const { return sel_co_; }
  int64_t sel_in_channel() const { return sel_ci_; }
  void select(int64_t n, int64_t c_out, int64_t c_in);

  Timeline& timeline() { return timeline_; }
  const Timeline& timeline() const { return timeline_; }
  // The timeline counts in `u` from now on (the view on screen changed):
  // the position maps across (map_step), so a switch keeps its place in the
  // animation. None keeps counting input elements, stops playback and sets
  // has_steps false.
  void set_step_unit(StepUnit u);
  // Steps of the selected batch element: C_in·H·W (input elements).
  int64_t step_count() const { return step_count(StepUnit::InputElement); }
  // Steps in unit u: C_in·H·W input elements, Ho·Wo output cells, 1 for None.
  int64_t step_count(StepUnit u) const;
  // The steps an export of view v has: its own unit's count, 1 when it has none.
  int64_t view_step_count(ViewId v) const { return step_count(step_unit(v)); }
  // Position t counted in `from`, as a position counted in `to` (both
  // clamped): the same step when the units agree, else map_step. A view in
  // `all` that counts otherwise than the timeline follows it this way.
  int64_t step_in(int64_t t, StepUnit from, StepUnit to) const;
  // Step t's record index in records().scatter (t in input elements).
  size_t scatter_index(int64_t t) const;
  // The record a view draws at position t counted in `unit`: the scatter
  // record of its input element, or its output cell (row-major, Ho·Wo).
  size_t scatter_index(int64_t t, StepUnit unit) const {
    return scatter_index(step_in(t, unit, StepUnit::InputElement));
  }
  int64_t output_cell(int64_t t, StepUnit unit) const {
    return step_in(t, unit, StepUnit::OutputCell);
  }
  // Where a click on output cell `cell` moves a timeline counted in `unit`:
  // the cell itself, or the first step that reaches it.
  int64_t step_of_cell(int64_t cell, StepUnit unit) const;

  // Presets (assets/presets/*.json). On error returns false with a message
  // in error() naming the file and the problem; the state is unchanged.
  bool load_preset_json(const std::string& json_text, const std::string& origin);
  // An already parsed preset (preset.h), e.g. from load_preset_dir. Checked
  // like set_params; on failure false, error() set, state unchanged.
  bool apply_preset(const Preset& p);
  const std::string& preset_name() const { return preset_name_; }
  const std::string& preset_title() const { return preset_title_; }
  const std::string& preset_description() const { return preset_description_; }
  // The view the preset asks for, if any (the shell switches to it).
  std::optional<ViewId> preset_view() const { return preset_view_; }

 private:
  struct FillState {
    Fill fill = Fill::Seed;
    uint64_t seed = 0;
  };
  // Builds records for (p, prob); commits on success, else sets error_ and
  // leaves everything else alone.
  bool rebuild(const Params& p, tconv::Problem prob);
  // follow_in: c_in was just chosen, so c_out moves into its group instead.
  void clamp_selection(bool follow_in = false);
  // The array for `shape`: old values where they overlap, the current fill
  // elsewhere.
  tconv::Array resized(Target t, const tconv::Array* old, const tconv::Shape& shape) const;

  Params params_, pending_;
  tconv::Problem problem_;
  tconv::Records records_;
  FrameworksData frameworks_;
  std::string error_;
  std::string preset_name_, preset_title_, preset_description_;
  std::optional<ViewId> preset_view_;
  // The preset's explicit values per target (Fill::Seed), when it gave some.
  std::optional<tconv::Array> seed_values_[3];
  FillState fills_[3];
  uint64_t revision_ = 0;
  int64_t sel_n_ = 0, sel_co_ = 0, sel_ci_ = 0;
  Timeline timeline_;
};

}  // namespace studio
