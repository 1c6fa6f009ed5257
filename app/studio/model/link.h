// Links: one state of the studio in a URL fragment, so one link opens one
// lesson in the browser (the page's address + "#…") and on the desktop
// (tconv-studio --open 'URL or fragment'). No GL, no ImGui: unit-tested.
//
//   https://example.org/tconv/#preset=d2l-stride&stride=2,1&view=scatter&step=3
//   #s=eyJ0Y29udl9zdHVkaW9fc2Vzc2lvbiI6MSwi…   the whole session JSON, base64url
//
// Keys, each at most once, `&`-separated, values percent-decoded:
//   preset=NAME     a preset (assets/presets), applied first
//   s=BASE64URL     a whole session (model_session.h), values included;
//                   excludes preset=
//   in_channels, out_channels, groups, batch = N
//   kernel_size, stride, padding, output_padding, dilation, input_size
//                 = N or H,W (both axes, as PyTorch's int-or-pair)
//   bias, unbatched = true|false (or 1|0)
//   view=NAME       scatter, arithmetic, matrix, flip, shape, overlap,
//                   frameworks, all
//   step=N          the step counted from 1 in the view's unit, as --step
//                   and the timeline bar
//   bench=N         play N frames, then report their times (the browser's
//                   #tconv-result; the desktop's stdout)
// Parameters apply on top of the preset or session, then the step; PyTorch
// checks the combination as the sliders do.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model.h"
#include "model_session.h"
#include "preset.h"

namespace studio {

struct Link {
  std::optional<std::string> preset;
  std::optional<std::string> session;                       // s=, decoded: the session JSON
  std::vector<std::pair<std::string, std::string>> params;  // name, value as written
  std::optional<ViewId> view;
  std::optional<int64_t> step;
  int64_t bench_frames = 0;
  bool empty() const {
    return !preset && !session && params.empty() && !view && !step && bench_frames == 0;
  }
};

// Parses "URL#fragment", "#fragment" or "fragment" (a URL without "#" is
// an empty link). false with "link: <problem>" in `error` on an unknown or
// repeated key, a key without a value, a bad number, view or encoding.
bool parse_link(const std::string& text, Link& link, std::string& error);

// What a link asks of the shell besides the model.
struct LinkShell {
  std::optional<ViewId> view;          // link's view=, else the session's, else the preset's
  std::optional<Presenter> presenter;  // a session's look (s=)
};

// Puts the link's state into `model` only when all of it checks out;
// otherwise false with "link: <problem>" (PyTorch's message for a rejected
// combination, the session's for a bad s=) and `model` as it was.
bool apply_link(const Link& link, const PresetLibrary& presets, Model& model, LinkShell& shell,
                std::string& error);

// The fragment (without "#") that reopens this state exactly: the preset's
// name with the parameters that differ from it, the view and the step when
// that reproduces the session JSON; else s= with the whole session.
std::string make_link(const Model& model, const SessionShell& shell, const PresetLibrary& presets);

// RFC 4648 §5 (URL-safe alphabet, no padding). decode also takes the
// standard alphabet and padding; false on any other character.
std::string base64url_encode(std::string_view bytes);
bool base64url_decode(std::string_view text, std::string& bytes);

}  // namespace studio
