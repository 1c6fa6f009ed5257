// The studio's model: parameters, values, records, timeline, hover. No GL, no
// ImGui, so it is unit-tested headless (tests/unit). Views read it; only
// edits go through its methods, and records are rebuilt only when an edit
// changes parameters or values (never inside a draw call).
#pragma once

#include <Eigen/Dense>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tconv/args.h"
#include "tconv/correspondence.h"
#include "tconv/records.h"

namespace studio {

struct Preset;  // preset.h

// [SECTION] Parameters: what the sliders edit, PyTorch's names and order.
struct Params {
  int64_t batch = 1;         // N
  int64_t in_channels = 1;   // C_in
  int64_t out_channels = 1;  // C_out
  int64_t in_h = 2, in_w = 2;
  int64_t kernel_h = 2, kernel_w = 2;
  tconv::Pair stride{1}, padding{0}, output_padding{0}, dilation{1};
  int64_t groups = 1;
  bool bias = false;
  bool unbatched = false;  // (C, H, W) input as in PyTorch
  bool operator==(const Params&) const = default;

  tconv::ConvTranspose2dArgs args() const;
  tconv::Shape input_shape() const;   // 3-D when unbatched
  tconv::Shape weight_shape() const;  // (C_in, C_out / groups, kH, kW)
};

// Seed: the values the current preset starts with (d2l-basic: X = K =
//   [[0,1],[2,3]]); cells the preset did not give count up as Arange does
//   (bias: 1, so switching bias on visibly shifts the output).
// Arange: 0, 1, 2, ... in row-major order.
// RandomInt: uniform integers in [-3, 3] (short numbers in the cells).
// RandomNormal: N(0, 1) rounded to 2 decimals so cells stay readable.
// Both random fills come from std::mt19937 seeded by std::seed_seq{seed,
// target}, turned into values by our own arithmetic (not std::*_distribution,
// whose output differs between standard libraries), so a seed shows the same
// numbers on every machine.
enum class Fill { Seed, Arange, Ones, RandomInt, RandomNormal };
enum class Target { Input, Weight, Bias };
const char* fill_name(Fill f);                            // "seed", "arange", "ones", ...
std::optional<Fill> parse_fill(const std::string& name);  // nullopt when unknown
const char* target_name(Target t);                        // "input", "weight", "bias"

// Sizes past these make the studio unusable (every cell is drawn, every
// record is dense enough to fill memory); PyTorch itself would run them, so
// they are refused with a message naming the value and the limit, and the
// command line is the place for bigger problems. Sliders use them as ranges.
struct Limits {
  static constexpr int64_t batch = 8;
  static constexpr int64_t channels = 64;     // in_channels, out_channels
  static constexpr int64_t input_size = 256;  // in_h, in_w
  static constexpr int64_t kernel = 16;       // kernel_h, kernel_w
  static constexpr int64_t stride = 16;
  static constexpr int64_t dilation = 16;
  static constexpr int64_t padding = 64;
  static constexpr int64_t output_size = 1024;  // Ho, Wo
  // Non-zeros of the conv matrix W (C_in·H·W · C_out/groups · kH·kW), about
  // 40 bytes each while the matrix record is built; at this limit one
  // rebuild takes about 0.6 s on one core, which is still bearable.
  static constexpr int64_t matrix_nonzeros = int64_t{1} << 22;
};

// [SECTION] Views and timeline.
enum class ViewId { Scatter, Arithmetic, Matrix, Flip, Shape, Overlap, All };
const char* view_name(ViewId v);                            // "scatter", ..., "all"
std::optional<ViewId> parse_view(const std::string& name);  // nullopt when unknown

// One timeline for every view. Steps are the scatter steps of the selected
// batch element: (c_in, ih, iw) in reading order. The arithmetic view, whose
// natural unit is an output cell, maps the same position proportionally
// (arith_cell) so all views start and finish together.
struct Timeline {
  int64_t step = 0;  // current step, in [0, count)
  int64_t count = 1;
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

// [SECTION] Hover correspondence.
struct Hover {
  enum class Kind { None, Input, Output, Kernel, WEntry } kind = Kind::None;
  int64_t c = 0;             // channel of the hovered cell (c_in for Input, c_out for Output)
  int64_t h = 0, w = 0;      // cell (input/output/kernel coordinates)
  int64_t row = 0, col = 0;  // W entry (row = input element, col = output element)
  bool operator==(const Hover&) const = default;
};

// What every view should light up for the current hover (single plane of the
// selected channels):
//   Output (c_out, oh, ow): the input cells and kernel taps that land on it
//     (input_cells[i] goes with kernel_taps[i]), and W's column.
//   Input (c_in, ih, iw): its footprint's output cells and taps (aligned), W's row.
//   Kernel (kh, kw): every input cell it carries and where (input_cells[i] ->
//     output_cells[i]).
//   WEntry (row, col): that input cell, output cell, and the tap (none when
//     W(row, col) is a structural zero), plus the row and column.
// Out-of-range hovers highlight nothing.
struct Highlight {
  std::vector<std::pair<int, int>> input_cells;   // (ih, iw)
  std::vector<std::pair<int, int>> output_cells;  // (oh, ow)
  std::vector<std::pair<int, int>> kernel_taps;   // (kh, kw), unflipped
  std::optional<int64_t> w_row, w_col;            // of W (Wᵀ: swapped)
  bool empty() const;
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
  // The message set_params would give for p (studio limits, then PyTorch's
  // checks), without building anything; nullopt when p is usable.
  static std::optional<std::string> check_params(const Params& p);
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

  // What is drawn: batch element, output channel (its group follows), input channel.
  int64_t sel_batch() const { return sel_n_; }
  int64_t sel_out_channel() const { return sel_co_; }
  int64_t sel_in_channel() const { return sel_ci_; }
  void select(int64_t n, int64_t c_out, int64_t c_in);

  Timeline& timeline() { return timeline_; }
  const Timeline& timeline() const { return timeline_; }
  // Steps of the selected batch element: C_in·H·W.
  int64_t step_count() const;
  // Step t's record index in records().scatter.
  size_t scatter_index(int64_t t) const;
  // Output cell index (row-major, Ho·Wo) the arithmetic view shows at step t:
  // t = 0 -> cell 0, t = count-1 -> the last cell, floor-linear in between
  // (cell = t·(cells-1) / (count-1)), so both views finish together.
  int64_t arith_cell(int64_t t) const;
  // Ho·Wo: the arithmetic view's own unit, for a view that counts cells.
  int64_t arith_count() const;
  // First step whose arith_cell reaches `cell` (clamped): for scrubbing the
  // shared timeline from the arithmetic view.
  int64_t arith_step(int64_t cell) const;

  // Current step's derived planes (canvas-sized), cached per (revision, step,
  // selection): cheap to call every frame, and moving to another step costs
  // O(kH·kW) per step moved, not a canvas.
  const Eigen::MatrixXf& intermediate();
  const Eigen::MatrixXf& running_sum();

  void set_hover(const Hover& h);
  const Hover& hover() const { return hover_; }
  const Highlight& highlight() const { return highlight_; }

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
  void refresh_highlight();
  // follow_in: c_in was just chosen, so c_out moves into its group instead.
  void clamp_selection(bool follow_in = false);
  // The array for `shape`: old values where they overlap, the current fill
  // elsewhere.
  tconv::Array resized(Target t, const tconv::Array* old, const tconv::Shape& shape) const;

  Params params_, pending_;
  tconv::Problem problem_;
  tconv::Records records_;
  std::string error_;
  std::string preset_name_, preset_title_, preset_description_;
  std::optional<ViewId> preset_view_;
  // The preset's explicit values per target (Fill::Seed), when it gave some.
  std::optional<tconv::Array> seed_values_[3];
  FillState fills_[3];
  uint64_t revision_ = 0;
  int64_t sel_n_ = 0, sel_co_ = 0, sel_ci_ = 0;
  Timeline timeline_;
  Hover hover_;
  Highlight highlight_;
  // caches for intermediate()/running_sum(); both step from the cached plane
  // when only the step changed (see running_sum in model.cpp)
  struct PlaneCache {
    uint64_t revision = ~0ull;
    int64_t step = -1, n = -1, c = -1;
    Eigen::MatrixXf plane;
    Eigen::MatrixXd exact;  // running_sum: the sum before rounding, so steps do not drift
  } inter_cache_, sum_cache_;
};

}  // namespace studio
