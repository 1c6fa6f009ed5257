// Sessions: the whole studio state in one JSON file, so a lesson can be
// saved and reopened exactly (--session, --save-session, the Session popup).
// No GL, no ImGui: unit-tested headless.
//
// Format, version 1 (every key required, unknown keys refused, so a typo
// cannot silently drop part of a lesson):
//   {
//     "tconv_studio_session": 1,
//     "name": "d2l-basic", "title": "...", "description": "...",
//     "preset_view": "scatter",               // or null: the preset's own view
//     "params": {"in_channels": 1, "out_channels": 1, "kernel_size": [2, 2],
//                "stride": [1, 1], "padding": [0, 0], "output_padding": [0, 0],
//                "dilation": [1, 1], "groups": 1, "bias": false},
//     "input_size": [2, 2], "batch": 1, "unbatched": false,
//     "input": [[[[0.0, 1.0], [2.0, 3.0]]]],  // the full shape, float32 values
//     "weight": [[[[0.0, 1.0], [2.0, 3.0]]]], // (C_in, C_out/groups, kH, kW)
//     "bias": null,                           // or [b0, b1, ...] when params.bias
//     "view": "scatter", "step": 0, "steps_per_second": 2.0,
//     "selection": {"n": 0, "c_out": 0, "c_in": 0},
//     "presenter": {"font_scale": 1.0, "theme": "dark", "colorblind": true,
//                   "fullscreen": false}
//   }
// Values are written as the shortest decimal that reads back as the same
// float32, so a file round-trips bit for bit. The preset part (name to bias)
// is checked by the preset parser, so its messages are the presets' own.
#pragma once

#include <string>

#include "model.h"
#include "model_settings.h"

namespace studio {

constexpr int kSessionVersion = 1;

// The shell's part of a session: what is shown and how.
struct SessionShell {
  ViewId view = ViewId::All;
  Presenter presenter;
  bool operator==(const SessionShell&) const = default;
};

std::string session_json(const Model& m, const SessionShell& shell);

// Parses `text` and, only when everything checks out, puts it into `m` and
// `shell`. On error returns false with "<origin>: <problem>" in `error`
// (malformed JSON with its byte offset, wrong version, missing or unknown
// key, values that do not fit the parameters, PyTorch's message for a
// rejected combination, a step or selection out of range), and leaves `m`
// and `shell` exactly as they were.
bool load_session_text(const std::string& text, const std::string& origin, Model& m,
                       SessionShell& shell, std::string& error);
// Reads the file, then load_session_text with the path as origin.
bool load_session_file(const std::string& path, Model& m, SessionShell& shell, std::string& error);
// session_json written atomically; false with a message naming the path.
bool save_session_file(const std::string& path, const Model& m, const SessionShell& shell,
                       std::string& error);

}  // namespace studio
