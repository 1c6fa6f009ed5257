// The browser's side of host.h and of files.h's publish(): the page's URL
// fragment, its file picker and drop target, downloads, localStorage for
// /config, and the test hooks (window.tconvReady, tconvState(),
// #tconv-result). Everything goes through page.h.
#include "host.h"

#include <emscripten.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <vector>

#include "files.h"
#include "page.h"
#include "web_files.h"

namespace studio::platform {

namespace {

// localStorage keys: one per kept file, and the list of kept paths.
const std::string kFileKey = "tconv-studio:file:";
const std::string kIndexKey = "tconv-studio:files";

// The page reads these between frames, from JavaScript, so they cannot
// belong to an object the app owns: one per page, set once at start.
struct PageHooks {
  std::function<std::string()> state;
  bool shown = false;     // a frame was shown (tconvReady is set)
  bool restored = false;  // restore_stored_files ran
};
PageHooks& hooks() {
  static PageHooks h;
  return h;
}

bool under(const fs::path& path, const fs::path& dir) {
  const std::string p = path.lexically_normal().string(), d = dir.string() + "/";
  return p.rfind(d, 0) == 0;
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) out.push_back(line);
  return out;
}

// Keeps the file in localStorage and lists it in the index.
void keep(const fs::path& path) {
  std::string text, error;
  if (!read_file(path, text, error)) return;
  const std::string name = path.lexically_normal().string();
  page::storage_set(kFileKey + name, text);
  std::vector<std::string> kept = split_lines(page::storage_get(kIndexKey).value_or(""));
  if (std::find(kept.begin(), kept.end(), name) != kept.end()) return;
  page::storage_set(kIndexKey, page::storage_get(kIndexKey).value_or("") + name + "\n");
}

const char* mime_type(const fs::path& path) {
  const std::string ext = path.extension().string();
  if (ext == ".png") return "image/png";
  if (ext == ".gif") return "image/gif";
  if (ext == ".json") return "application/json";
  if (ext == ".py") return "text/x-python";
  return "application/octet-stream";
}

void download(const fs::path& path, const std::string& name) {
  std::string bytes, error;
  if (!read_file(path, bytes, error)) return;
  page::download(name, bytes.data(), bytes.size(), mime_type(path));
}

// A browser downloads files, not folders: each file of a folder goes under
// the folder's name and its own (d2l-basic-scatter-steps1-4-1_frame_0001.png
// for the desktop's …-steps1-4-1/frame_0001.png), so the frames of two
// exports never collide in the downloads folder.
void download_all(const fs::path& path) {
  std::error_code ec;
  if (!fs::is_directory(path, ec)) {
    download(path, path.filename().string());
    return;
  }
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(path, ec))
    if (e.is_regular_file()) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const fs::path& f : files)
    download(f, path.filename().string() + "_" + f.filename().string());
}

// A downloaded export leaves memory but keeps its name taken: an empty file
// (or folder) stays, so the next export's name counts on (…-step1-2.png) as
// the desktop's does in its folder.
void release_export(const fs::path& path) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    std::vector<fs::path> inside;
    for (const auto& e : fs::directory_iterator(path, ec)) inside.push_back(e.path());
    for (const fs::path& p : inside) fs::remove_all(p, ec);
  } else {
    std::ofstream(path, std::ios::binary | std::ios::trunc);
  }
}

}  // namespace

void restore_stored_files() {
  if (std::exchange(hooks().restored, true)) return;
  std::error_code ec;
  fs::create_directories(kSessionsDir, ec);
  for (const std::string& name : split_lines(page::storage_get(kIndexKey).value_or(""))) {
    const std::optional<std::string> text = page::storage_get(kFileKey + name);
    if (!text || !under(name, kConfigDir)) continue;
    fs::create_directories(fs::path(name).parent_path(), ec);
    std::ofstream(name, std::ios::binary) << *text;
  }
  fs::current_path(kSessionsDir, ec);
}

// [SECTION] host.h

std::optional<std::string> take_link() {
  return page::take_fragment();
}

std::string link_base() {
  return page::address();
}

bool has_file_picker() {
  return true;
}

void pick_file(const std::string& accept) {
  page::choose_file(accept);
}

std::optional<fs::path> take_picked_file() {
  std::optional<page::OpenedFile> f = page::take_file();
  if (!f) return std::nullopt;
  restore_stored_files();
  // The browser gives a bare name; never a path out of the sessions folder.
  std::string name = fs::path(f->name).filename().string();
  if (name.empty() || name == "." || name == "..") name = "opened.json";
  const fs::path path = kSessionsDir / name;
  std::ofstream(path, std::ios::binary)
      .write(reinterpret_cast<const char*>(f->bytes.data()),
             static_cast<std::streamsize>(f->bytes.size()));
  keep(path);  // a recent session must still open after a reload
  return path;
}

bool files_download() {
  return true;
}

void set_state_source(std::function<std::string()> source) {
  hooks().state = std::move(source);
  page::install_state_source();
}

void frame_shown() {
  page::frame_shown();
  if (!std::exchange(hooks().shown, true)) page::mark_ready();
}

void report_result(const std::string& text) {
  page::set_result(text);
  emscripten_log(EM_LOG_CONSOLE, "%s", text.c_str());
}

// [SECTION] files.h

fs::path default_export_folder() {
  return kExportsDir;
}

// Kept files stay in localStorage; sessions the user saves and every export
// also download. Exports leave memory once handed over.
void publish(const fs::path& path) {
  if (under(path, kConfigDir)) {
    keep(path);
    if (!under(path, kSessionsDir)) return;
  }
  download_all(path);
  if (under(path, kExportsDir)) release_export(path);
}

}  // namespace studio::platform

// window.tconvState(): the state as session JSON, malloc'd for the page.
extern "C" EMSCRIPTEN_KEEPALIVE char* tconv_state_json() {
  const auto& source = studio::platform::hooks().state;
  const std::string s = source ? source() : std::string("{}");
  char* out = static_cast<char*>(std::malloc(s.size() + 1));
  std::memcpy(out, s.c_str(), s.size() + 1);
  return out;
}
