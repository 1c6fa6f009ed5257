// The C++ side of the page's contract (assets/web/index.html, `tconvPage`):
// every call goes from C++ to the page, and what the page receives (opened
// files, pasted text, fragment changes) waits in the page until C++ takes it
// between frames, so no browser event reaches the app in the middle of one.
// TEMPORARY home: this becomes app/studio/platform/web when the house
// refactor (issue 8) lands.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace web {

struct OpenedFile {
  std::string name;
  std::vector<uint8_t> bytes;
};

// Sizes the canvas's drawing buffer to its CSS size × devicePixelRatio and
// tells emscripten's GLFW, so window size, framebuffer size and mouse
// coordinates are all in device pixels. Call once per frame.
void fit_canvas();
// devicePixelRatio: the content scale fonts and style are scaled by.
float pixel_ratio();

// Offers `bytes` as a download named `name` (a Blob behind a link).
void download(std::string_view name, const void* bytes, size_t size, std::string_view mime);
// navigator.clipboard, or the execCommand fallback outside a secure context.
void copy_text(const std::string& text);
// The last text the browser pasted into the page ("" before any paste).
std::string pasted_text();
// localStorage; nullopt when the key is absent or storage is unavailable.
std::optional<std::string> storage_get(const std::string& key);
void storage_set(const std::string& key, const std::string& value);

// Opens the browser's file picker (needs a click within the last seconds).
void choose_file(const std::string& accept);
// The next file the user picked or dropped on the page, if any.
std::optional<OpenedFile> take_file();

// The JSON window.tconvState() returns, and the text of #tconv-result.
void publish_state(const std::string& json);
void set_result(const std::string& text);
// After the first frame: window.tconvReady = true, the loading note goes.
void mark_ready();
// A visible error on the page (the app cannot go on).
void fail(const std::string& message);

}  // namespace web
