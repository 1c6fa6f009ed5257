// The desktop's side of host.h: links come from --open, files stay where
// they were written, results go to stdout.
#include "host.h"

#include <cstdio>
#include <cstdlib>

#include "files.h"

namespace studio::platform {

std::optional<std::string> take_link() {
  return std::nullopt;
}

std::string link_base() {
  const char* url = std::getenv("TCONV_WEB_URL");
  return url && *url ? url : "";
}

bool has_file_picker() {
  return false;
}
void pick_file(const std::string&) {}
std::optional<std::filesystem::path> take_picked_file() {
  return std::nullopt;
}
bool files_download() {
  return false;
}

void set_state_source(std::function<std::string()>) {}
void frame_shown() {}

void report_result(const std::string& text) {
  std::printf("%s\n", text.c_str());
  std::fflush(stdout);
}

// [SECTION] files.h: the desktop's folders.

fs::path default_export_folder() {
  const char* home = std::getenv("HOME");
  if (!home || !*home) return {};
  return fs::path(home) / "Pictures" / "tconv-studio";
}

void publish(const fs::path&) {}

}  // namespace studio::platform
