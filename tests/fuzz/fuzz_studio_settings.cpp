// settings.json (presenter look and recent sessions; format in
// model_settings.h) through load_settings and save_settings, on real files
// in a private temporary folder, as the studio reads and writes them.
// Holds, for any input:
//   - a refused file gives one line naming it, and the defaults;
//   - an accepted one keeps font_scale in 1.0..3.0 and at most kMaxRecent
//     paths; it saves, and what is saved loads back the same (font_scale
//     rounded to 3 decimals) and saves the same again.
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "fuzz_studio.h"

namespace {

namespace fs = std::filesystem;

// One folder per process, on tmpfs when there is one (save_settings fsyncs),
// removed at exit.
struct TempFolder {
  fs::path path;
  TempFolder() {
    const fs::path base = fs::is_directory("/dev/shm") ? "/dev/shm" : fs::temp_directory_path();
    std::string tmpl = (base / "tconv-fuzz-settings-XXXXXX").string();
    FUZZ_CHECK(mkdtemp(tmpl.data()) != nullptr, "cannot make a temporary folder");
    path = tmpl;
  }
  ~TempFolder() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

const fs::path& folder() {
  static const TempFolder f;
  return f.path;
}

studio::Settings load(const fs::path& file) {
  studio::Settings s;
  std::string error;
  FUZZ_CHECK(studio::load_settings(file, s, error), "saved settings do not load: " + error);
  return s;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const fs::path file = folder() / "settings.json";
  std::ofstream(file, std::ios::binary | std::ios::trunc)
      .write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));

  studio::Settings s;
  s.presenter.font_scale = 2.f;  // load_settings must reset it either way
  std::string error;
  if (!studio::load_settings(file, s, error)) {
    FUZZ_CHECK_MESSAGE(error);
    FUZZ_CHECK(error.rfind(file.string() + ": ", 0) == 0, "does not name the file: " + error);
    FUZZ_CHECK(s == studio::Settings{}, "a refused file did not give the defaults");
    return 0;
  }
  const float fs_ = s.presenter.font_scale;
  FUZZ_CHECK(fs_ >= 1.f && fs_ <= 3.f, "font_scale " + std::to_string(fs_));
  FUZZ_CHECK(s.recent.size() <= studio::Settings::kMaxRecent, "too many recent sessions");

  const fs::path saved = folder() / "saved" / "settings.json";
  FUZZ_CHECK(studio::save_settings(saved, s, error), "cannot save: " + error);
  const studio::Settings back = load(saved);
  FUZZ_CHECK(std::fabs(back.presenter.font_scale - fs_) <= 0.0005f, "font_scale moved");
  studio::Settings rounded = s;
  rounded.presenter.font_scale = back.presenter.font_scale;
  FUZZ_CHECK(back == rounded, "saved settings load back different");
  FUZZ_CHECK(studio::save_settings(saved, back, error), "cannot save again: " + error);
  FUZZ_CHECK(load(saved) == back, "saving twice is not stable");
  return 0;
}
