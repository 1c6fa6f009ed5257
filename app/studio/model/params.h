// What the parameter panel edits and presets and sessions name: PyTorch's
// arguments, the value fills, the studio's size limits and the views' names.
// Plain data and checks, no records: preset.h and model.h both build on it,
// so neither includes the other's header.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tconv/args.h"
#include "tconv/tensor.h"

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

// An int-or-pair argument as PyTorch's repr prints it: "2" when both axes
// agree, "(2, 3)" otherwise.
std::string pair_text(int64_t h, int64_t w);

// The message Model::set_params would give for p (studio limits, then
// PyTorch's checks), without building anything; nullopt when p is usable.
std::optional<std::string> check_params(const Params& p);

// [SECTION] What a rejected combination is about.
// The parameter panel's controls, for marking the ones a message is about.
enum class ParamField {
  InputSize,
  Kernel,
  Channels,
  Groups,
  Batch,
  Bias,
  Unbatched,
  Stride,
  Padding,
  OutputPadding,
  Dilation
};
// The controls to mark when `pending` is rejected with `error` while
// `valid` is drawn: the ones the message is about (output_padding for
// "output padding must be smaller than ...", groups for "... divisible by
// groups", ...) and the ones that differ from `valid` (what the user just
// moved). Each once, in ParamField order.
std::vector<ParamField> offending_params(const Params& pending, const Params& valid,
                                         const std::string& error);
// The state the views draw, in PyTorch's words, for a "last valid state"
// label: "input 3×3, kernel_size=3, stride=2, padding=1, output_padding=1,
// dilation=1" (groups and channels when not 1, bias when on).
std::string describe_params(const Params& p);

// [SECTION] Views: the names presets, sessions and --view use. The views
// themselves (how each is drawn, its key and title) are one table in
// views/views.h; a new view adds its id and name here and its row there.
enum class ViewId { Scatter, Arithmetic, Matrix, Flip, Shape, Overlap, Frameworks, All };
struct ViewName {
  ViewId id;
  const char* name;
};
// In --view's order: the order messages list them in.
inline constexpr ViewName kViewNames[] = {
    {ViewId::Scatter, "scatter"},       {ViewId::Arithmetic, "arithmetic"},
    {ViewId::Matrix, "matrix"},         {ViewId::Flip, "flip"},
    {ViewId::Shape, "shape"},           {ViewId::Overlap, "overlap"},
    {ViewId::Frameworks, "frameworks"}, {ViewId::All, "all"}};
const char* view_name(ViewId v);                            // "scatter", ..., "all"
std::optional<ViewId> parse_view(const std::string& name);  // nullopt when unknown
// "scatter, arithmetic, ..., all" for messages; `last_separator` goes before
// the last name (" or " reads "..., frameworks or all").
std::string view_names(const char* last_separator = ", ");

}  // namespace studio
