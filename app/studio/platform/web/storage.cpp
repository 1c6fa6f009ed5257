// Locations in the browser build: the assets and the font preloaded into
// Emscripten's in-memory file system (tconv.data), and /config, whose files
// live in the browser's localStorage between visits (web/host.cpp keeps
// them there: publish() stores what the studio writes under it).
#include "storage.h"

#include "web_files.h"

namespace studio::platform {

namespace fs = std::filesystem;

fs::path config_dir() {
  restore_stored_files();
  return kConfigDir;
}

fs::path settings_path() {
  return config_dir() / "settings.json";
}

fs::path find_assets_dir() {
  restore_stored_files();  // the first thing the studio asks: sessions' folder ready too
  std::error_code ec;
  const fs::path dir = TCONV_WEB_ASSETS_DIR;
  return fs::is_directory(dir / "presets", ec) ? dir : fs::path();
}

std::string font_path() {
  return TCONV_FONT_PATH;  // preloaded at the desktop's path (cmake/Web.cmake)
}

}  // namespace studio::platform
