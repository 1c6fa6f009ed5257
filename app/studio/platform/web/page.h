// The C++ side of the page's contract (assets/web/index.html, `tconvPage`):
// every call goes from C++ to the page, and what the page receives (opened
// files, pasted text, fragment changes) waits in the page until C++ takes it
// between frames, so no browser event reaches the app in the middle of one.
// Only the web platform's own files include this; the rest of the studio
// sees the platform headers one folder up.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace studio::platform::page {

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

// [SECTION] Idle frames
// A frame begins: the events so far reach it (the page forgets them). True
// when any came since the last frame (not counting a deadline).
bool frame_started();
// Nothing moves: unless an event came in since frame_started(), stops the
// page's frame loop until the next input event (mouse, wheel, key, resize,
// a dropped or picked file, a paste, a fragment change) or `seconds`, and
// returns true: the caller skips this frame. False: draw now.
bool sleep(double seconds);
// A frame was drawn: window.tconvFrames counts them (a test hook).
void frame_shown();
// Emscripten's GLFW listens for gamepads, and while a page listens Chromium
// polls them at 250 Hz (about 2% of a core, idle or not). The studio reads
// no gamepad: call after glfwInit().
void ignore_gamepads();

// [SECTION] Files, clipboard, storage
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

// window.tconvState() calls the exported tconv_state_json() (web/host.cpp)
// and returns its malloc'd UTF-8 result as a string.
void install_state_source();
// The text of #tconv-result.
void set_result(const std::string& text);
// The URL fragment at start and after each change; nullopt when nothing new.
std::optional<std::string> take_fragment();
// The page's address without its fragment.
std::string address();
// The page's element in full screen, or back.
void set_fullscreen(bool on);
// After the first frame: window.tconvReady = true, the loading note goes.
void mark_ready();
// A visible error on the page (the app cannot go on).
void fail(const std::string& message);

}  // namespace studio::platform::page
