// Where the studio finds what it reads (assets, the font) and keeps what
// outlives a run (settings.json). The desktop looks in the environment and
// next to the executable; a browser build answers with its preloaded files
// and a folder kept in the browser's storage.
#pragma once

#include <filesystem>
#include <string>

namespace studio::platform {

// The folder settings.json lives in: $TCONV_CONFIG_DIR (tests point it at a
// temp folder), else $XDG_CONFIG_HOME/tconv-studio, else
// ~/.config/tconv-studio; empty when none is set (nothing is read or written).
std::filesystem::path config_dir();
std::filesystem::path settings_path();  // config_dir() / "settings.json", or empty

// The assets folder (the one holding presets/): $TCONV_ASSETS, then next to
// the running executable (../../assets from build/bin, then
// ../share/tconv-studio/assets when installed), then the source tree this
// was compiled from. Empty path when none exists.
std::filesystem::path find_assets_dir();

// The TrueType font the UI is drawn with: $TCONV_FONT, else DejaVu Sans
// (Debian's fonts-dejavu-core).
std::string font_path();

}  // namespace studio::platform
