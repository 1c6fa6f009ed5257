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

enum class Fill { Seed, Arange, Ones, RandomInt, RandomNormal };
enum class Target { Input, Weight, Bias };
const char* fill_name(Fill f);

// [SECTION] Views and timeline.
enum class ViewId { Scatter, Arithmetic, Matrix, Flip, Shape, Overlap, All };
const char* view_name(ViewId v);                           // "scatter", ..., "all"
std::optional<ViewId> parse_view(const std::string& name);  // nullopt when unknown

// One timeline for every view. Steps are the scatter steps of the selected
// batch element: (c_in, ih, iw) in reading order. The arithmetic view, whose
// natural unit is an output cell, maps the same position proportionally
// (arith_cell) so all views start and finish together.
struct Timeline {
  int64_t step = 0;           // current step, in [0, count)
  int64_t count = 1;
  bool playing = false;
  float steps_per_second = 2.f;
  double accum = 0.0;         // fractional steps carried between frames

  void advance(double seconds);  // while playing; loops at the end
  void next();                   // clamps at the ends (keys ←/→)
  void prev();
  void home();
  void end();
  void scrub(int64_t t);         // clamps
};

// [SECTION] Hover correspondence.
struct Hover {
  enum class Kind { None, Input, Output, Kernel, WEntry } kind = Kind::None;
  int64_t c = 0;         // channel of the hovered cell (c_in for Input, c_out for Output)
  int64_t h = 0, w = 0;  // cell (input/output/kernel coordinates)
  int64_t row = 0, col = 0;  // W entry (row = input element, col = output element)
  bool operator==(const Hover&) const = default;
};

// What every view should light up for the current hover (single plane of the
// selected channels).
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

  // Parameter edits. On a combination PyTorch rejects: returns false, error()
  // holds PyTorch's message, and every record stays as it was.
  bool set_params(const Params& p);
  const Params& params() const { return params_; }      // last valid
  const Params& pending() const { return pending_; }    // what the sliders show
  const std::string& error() const { return error_; }   // "" when valid

  // Values. Shapes follow params; resizing keeps the overlapping values.
  const tconv::Problem& problem() const { return problem_; }
  bool set_value(Target t, const std::vector<int64_t>& index, float v);
  void fill(Target t, Fill f, uint64_t seed = 0);

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
  // Output cell index (row-major, Ho·Wo) the arithmetic view shows at step t.
  int64_t arith_cell(int64_t t) const;

  // Current step's derived planes (canvas-sized), cached per (revision, step,
  // selection): cheap to call every frame.
  const Eigen::MatrixXf& intermediate();
  const Eigen::MatrixXf& running_sum();

  void set_hover(const Hover& h);
  const Hover& hover() const { return hover_; }
  const Highlight& highlight() const { return highlight_; }

  // Presets (assets/presets/*.json). On error returns false with a message
  // in error() naming the file and the problem; the state is unchanged.
  bool load_preset_json(const std::string& json_text, const std::string& origin);
  const std::string& preset_name() const { return preset_name_; }

 private:
  bool rebuild(const Params& p, tconv::Problem prob);
  void refresh_highlight();

  Params params_, pending_;
  tconv::Problem problem_;
  tconv::Records records_;
  std::string error_;
  std::string preset_name_;
  uint64_t revision_ = 0;
  int64_t sel_n_ = 0, sel_co_ = 0, sel_ci_ = 0;
  Timeline timeline_;
  Hover hover_;
  Highlight highlight_;
  // caches for intermediate()/running_sum()
  struct PlaneCache {
    uint64_t revision = ~0ull;
    int64_t step = -1, n = -1, c = -1;
    Eigen::MatrixXf plane;
  } inter_cache_, sum_cache_;
};

}  // namespace studio
