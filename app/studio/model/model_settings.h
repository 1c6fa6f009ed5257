// Presenter settings and the recent-sessions list, persisted between runs in
// settings.json (where: platform::settings_path()). No GL, no ImGui, so the
// unit tests cover it headless.
//
// Format (every key optional; a file that is not this is ignored as a whole
// with a message, and the next save replaces it):
//   {"tconv_studio_settings": 1, "font_scale": 1.5, "theme": "dark",
//    "colorblind": true, "fullscreen": false,
//    "recent_sessions": ["/abs/path/a.json", ...]}
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace studio {

// What a presenter changes for the room: kept in settings.json and in
// sessions alike.
struct Presenter {
  float font_scale = 1.0f;  // 1.0–3.0
  bool dark = true;
  bool colorblind = true;
  bool fullscreen = false;
  bool operator==(const Presenter&) const = default;
};

struct Settings {
  static constexpr size_t kMaxRecent = 8;
  Presenter presenter;
  std::vector<std::string> recent;  // newest first, absolute paths
  bool operator==(const Settings&) const = default;
};

// Missing file: defaults, no message (a first run). A malformed or wrong
// file: defaults, false, and `error` naming the file and the problem.
bool load_settings(const std::filesystem::path& file, Settings& out, std::string& error);
// Creates the folder when needed; false with a message when it cannot write.
bool save_settings(const std::filesystem::path& file, const Settings& s, std::string& error);

// Puts `path` (made absolute) first, dropping an older copy and anything
// past kMaxRecent.
void add_recent(Settings& s, const std::string& path);

}  // namespace studio
