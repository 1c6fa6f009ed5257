// Settings file, config folder and atomic writes (format in model_settings.h).
#include "model_settings.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace studio {
namespace fs = std::filesystem;

namespace {

constexpr int kSettingsVersion = 1;

const char* env(const char* name) {
  const char* v = std::getenv(name);
  return v && *v ? v : nullptr;
}

std::string quoted(const fs::path& p) {
  return p.string();
}

}  // namespace

// [SECTION] Files.
bool read_file(const fs::path& path, std::string& text, std::string& error) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    error = "cannot read " + quoted(path) + ": it is a folder";
    return false;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = "cannot read " + quoted(path) + ": " + std::strerror(errno);
    return false;
  }
  std::stringstream s;
  s << in.rdbuf();
  if (in.bad()) {
    error = "cannot read " + quoted(path) + ": read error";
    return false;
  }
  text = s.str();
  return true;
}

bool write_file_atomic(const fs::path& path, const std::string& text, std::string& error) {
  if (path.empty()) {
    error = "cannot write an empty path";
    return false;
  }
  const std::string where = "cannot write " + quoted(path) + ": ";
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    error = where + "it is a folder";
    return false;
  }
  // Same folder as the target: rename() is only atomic within one file system.
  const fs::path dir = path.has_parent_path() ? path.parent_path() : fs::path(".");
  std::string tmpl = (dir / ("." + path.filename().string() + ".XXXXXX")).string();
  const int fd = mkstemp(tmpl.data());
  if (fd < 0) {
    error = where + std::strerror(errno);
    return false;
  }
  // mkstemp makes 0600; a saved session should get the usual permissions.
  const mode_t mask = umask(0);
  umask(mask);
  fchmod(fd, 0666 & ~mask);
  const char* p = text.data();
  size_t left = text.size();
  int err = 0;
  while (left > 0) {
    const ssize_t n = ::write(fd, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      err = errno;
      break;
    }
    p += n;
    left -= static_cast<size_t>(n);
  }
  // fsync before rename: after a crash the file is either old or complete.
  if (!err && fsync(fd) != 0) err = errno;
  if (::close(fd) != 0 && !err) err = errno;
  if (!err && std::rename(tmpl.c_str(), path.c_str()) != 0) err = errno;
  if (err) {
    ::unlink(tmpl.c_str());
    error = where + std::strerror(err);
    return false;
  }
  return true;
}

// [SECTION] Config folder.
fs::path config_dir() {
  if (const char* d = env("TCONV_CONFIG_DIR")) return fs::path(d);
  if (const char* d = env("XDG_CONFIG_HOME")) return fs::path(d) / "tconv-studio";
  if (const char* d = env("HOME")) return fs::path(d) / ".config" / "tconv-studio";
  return {};
}

fs::path settings_path() {
  const fs::path d = config_dir();
  return d.empty() ? d : d / "settings.json";
}

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
      return "unknown key \"" + k +
             "\" (expected tconv_studio_settings, font_scale, theme, colorblind, fullscreen, "
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
  if (!read_file(file, text, error)) return false;
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
  return write_file_atomic(file, j.dump(2) + "\n", error);
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
