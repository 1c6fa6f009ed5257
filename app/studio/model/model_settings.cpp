// Settings files (format in model_settings.h).
#include "model_settings.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "files.h"

namespace studio {
namespace fs = std::filesystem;

namespace {

constexpr int kSettingsVersion = 1;

std::string quoted(const fs::path& p) {
  return p.string();
}

}  // namespace

// [SECTION] Settings.
namespace {

using nlohmann::json;

// Fills `s` from `j`; returns the problem, or "" when the file is fine.
std::string parse_settings(const json& j, Settings& s) {
  if (!j.is_object()) return "expected a JSON object, got " + j.dump();
  if (!j.contains("tconv_studio_settings"))
    return "not a tconv-studio settings file (no \"tconv_studio_settings\" key)";
  const json& v = j["tconv_studio_settings"];
  if (!v.is_number_integer() || v.get<int64_t>() != kSettingsVersion)
    return "settings version " + v.dump() + " is not supported (this build reads version " +
           std::to_string(kSettingsVersion) + ")";
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string& k = it.key();
    const json& x = it.value();
    if (k == "tconv_studio_settings") continue;
    if (k == "font_scale") {
      if (!x.is_number() || !(x.get<double>() >= 1.0 && x.get<double>() <= 3.0))
        return "\"font_scale\" must be a number in 1.0..3.0, got " + x.dump();
      s.presenter.font_scale = x.get<float>();
    } else if (k == "theme") {
      if (x != "dark" && x != "light")
        return "\"theme\" must be \"dark\" or \"light\", got " + x.dump();
      s.presenter.dark = x == "dark";
    } else if (k == "colorblind" || k == "fullscreen") {
      if (!x.is_boolean()) return "\"" + k + "\" must be true or false, got " + x.dump();
      (k == "colorblind" ? s.presenter.colorblind : s.presenter.fullscreen) = x.get<bool>();
    } else if (k == "recent_sessions") {
      if (!x.is_array()) return "\"recent_sessions\" must be a list of paths, got " + x.dump();
      for (const json& e : x) {
        if (!e.is_string()) return "\"recent_sessions\" must hold strings, got " + e.dump();
        if (s.recent.size() < Settings::kMaxRecent) s.recent.push_back(e.get<std::string>());
      }
    } else {
      return "unknown key " + json(k).dump() +
             " (expected tconv_studio_settings, font_scale, theme, colorblind, fullscreen, "
             "recent_sessions)";
    }
  }
  return "";
}

}  // namespace

bool load_settings(const fs::path& file, Settings& out, std::string& error) {
  out = Settings{};
  if (file.empty()) return true;
  std::error_code ec;
  if (!fs::exists(file, ec)) return true;  // first run
  std::string text;
  if (!platform::read_file(file, text, error)) return false;
  json j;
  try {
    j = json::parse(text);
  } catch (const json::parse_error& e) {
    error = quoted(file) + ": malformed JSON at byte " + std::to_string(e.byte) + ": " + e.what() +
            "; using the default settings";
    return false;
  } catch (const json::exception& e) {
    error = quoted(file) + ": malformed JSON: " + e.what() + "; using the default settings";
    return false;
  }
  Settings s;
  if (const std::string problem = parse_settings(j, s); !problem.empty()) {
    error = quoted(file) + ": " + problem + "; using the default settings";
    return false;
  }
  out = std::move(s);
  return true;
}

bool save_settings(const fs::path& file, const Settings& s, std::string& error) {
  if (file.empty()) {
    error = "no settings folder: set TCONV_CONFIG_DIR, XDG_CONFIG_HOME or HOME";
    return false;
  }
  std::error_code ec;
  if (file.has_parent_path()) {
    fs::create_directories(file.parent_path(), ec);
    if (ec) {
      error = "cannot create " + quoted(file.parent_path()) + ": " + ec.message();
      return false;
    }
  }
  json j = json::object();
  j["tconv_studio_settings"] = kSettingsVersion;
  // Rounded, so 1.3f is written as 1.3, not 1.2999999523162842.
  j["font_scale"] = std::round(static_cast<double>(s.presenter.font_scale) * 1000.0) / 1000.0;
  j["theme"] = s.presenter.dark ? "dark" : "light";
  j["colorblind"] = s.presenter.colorblind;
  j["fullscreen"] = s.presenter.fullscreen;
  j["recent_sessions"] = s.recent;
  return platform::write_file_atomic(file, j.dump(2) + "\n", error);
}

void add_recent(Settings& s, const std::string& path) {
  std::error_code ec;
  fs::path abs = fs::absolute(path, ec);
  const std::string p = ec ? path : abs.lexically_normal().string();
  s.recent.erase(std::remove(s.recent.begin(), s.recent.end(), p), s.recent.end());
  s.recent.insert(s.recent.begin(), p);
  if (s.recent.size() > Settings::kMaxRecent) s.recent.resize(Settings::kMaxRecent);
}

}  // namespace studio
