// Locations on a Linux desktop (XDG folders, /proc/self/exe).
#include "storage.h"

#include <cstdlib>

namespace studio::platform {

namespace fs = std::filesystem;

namespace {

const char* env(const char* name) {
  const char* v = std::getenv(name);
  return v && *v ? v : nullptr;
}

}  // namespace

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

fs::path find_assets_dir() {
  const auto usable = [](const fs::path& p) {
    std::error_code ec;
    return !p.empty() && fs::is_directory(p / "presets", ec);
  };
  if (const char* dir = env("TCONV_ASSETS"); dir && usable(dir))
    return fs::path(dir).lexically_normal();
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const fs::path bin = exe.parent_path();
    for (const fs::path& p :
         {bin / ".." / ".." / "assets", bin / ".." / "share" / "tconv-studio" / "assets"})
      if (usable(p)) return p.lexically_normal();
  }
#ifdef TCONV_SOURCE_ASSETS_DIR
  if (usable(TCONV_SOURCE_ASSETS_DIR)) return fs::path(TCONV_SOURCE_ASSETS_DIR);
#endif
  return {};
}

std::string font_path() {
  if (const char* f = env("TCONV_FONT")) return f;
  return TCONV_FONT_PATH;
}

}  // namespace studio::platform
