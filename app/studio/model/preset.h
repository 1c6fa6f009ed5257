// Presets: a teaching scenario in one JSON file (assets/presets/*.json),
// parsed here and applied by Model::apply_preset. Parsing never throws: every
// problem comes back as a message naming the file and what is wrong.
//
// Format (every key but "name" optional; unknown keys are errors, so a typo
// such as "strides" cannot silently teach the wrong thing):
//   {
//     "name": "d2l-stride",                  // file name without .json
//     "title": "d2l: stride 2",              // one line, for the preset menu
//     "description": "One or two sentences a teacher reads out.",
//     "params": {                            // nn.ConvTranspose2d's names
//       "in_channels": 1, "out_channels": 1,
//       "kernel_size": 2,                    // int or [h, w], like the next five
//       "stride": 2, "padding": 0, "output_padding": 0, "dilation": 1,
//       "groups": 1, "bias": false
//     },
//     "input_size": [2, 2],                  // H, W (int or [h, w])
//     "batch": 1,                            // N; "unbatched": true gives (C, H, W)
//     "input":  [[0, 1], [2, 3]],            // nested lists, or a fill name
//     "weight": [[0, 1], [2, 3]],            // (C_in, C_out/groups, kH, kW)
//     "bias":   [0.5],                       // (C_out), only with "bias": true
//     "fill": "random_int", "seed": 7,       // for arrays not given above
//     "view": "scatter", "step": 0           // what the studio shows first
//   }
// Nested lists have the array's shape, or that shape with leading sizes of 1
// dropped ([[0, 1], [2, 3]] for a (1, 1, 2, 2) weight). Fill names: seed,
// arange, ones, random_int, random_normal (Model's Fill). Sizes left out take
// Params' defaults (2×2 input, 2×2 kernel, one channel).
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "params.h"

namespace studio {

struct Preset {
  std::string name, title, description;
  std::string origin;  // file it came from, for messages
  Params params;
  // Explicit values in the array's own shape; nullopt: use the fill.
  std::optional<tconv::Array> input, weight, bias;
  Fill input_fill = Fill::Seed, weight_fill = Fill::Seed, bias_fill = Fill::Seed;
  uint64_t seed = 0;
  std::optional<ViewId> view;
  std::optional<int64_t> step;
};

// Parses one preset. On error returns false and sets `error` to
// "<origin>: <problem>" (nlohmann's byte position for malformed JSON).
bool parse_preset(const std::string& json_text, const std::string& origin, Preset& out,
                  std::string& error);

// Every *.json under `dir` that parses and passes Model::check_params, sorted
// by name; each file skipped is reported in `errors` (its own message).
struct PresetLibrary {
  std::vector<Preset> presets;
  std::vector<std::string> errors;
  const Preset* find(const std::string& name) const;  // nullptr when absent
};
PresetLibrary load_preset_dir(const std::filesystem::path& dir);

}  // namespace studio
