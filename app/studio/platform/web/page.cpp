#include "page.h"

#include <emscripten.h>

#include <cstdlib>

namespace {

// [SECTION] The page's functions, through EM_JS. Strings cross as UTF-8
// pointers; bytes the page hands over are copied into malloc'd memory that
// the C++ wrapper frees. The bodies are JavaScript, which clang-format
// would mangle (`!==` becomes `!= =`).
// clang-format off

EM_JS(void, js_fit_canvas, (), {
  const c = Module.canvas;
  const dpr = window.devicePixelRatio || 1;
  const w = Math.max(1, Math.round(c.clientWidth * dpr));
  const h = Math.max(1, Math.round(c.clientHeight * dpr));
  // Browser.setCanvasSize notifies GLFW (window and framebuffer size
  // callbacks); glfwSetWindowSize would ask for full screen whenever the size
  // equals screen.width × screen.height.
  if (c.width !== w || c.height !== h) Browser.setCanvasSize(w, h);
});

EM_JS(double, js_pixel_ratio, (), { return window.devicePixelRatio || 1; });

EM_JS(bool, js_frame_started, (), { return tconvPage.frameStarted(); });
EM_JS(void, js_frame_shown, (), { tconvPage.frameShown(); });
EM_JS(void, js_ignore_gamepads, (), {
  window.removeEventListener('gamepadconnected', GLFW.onGamepadConnected, true);
  window.removeEventListener('gamepaddisconnected', GLFW.onGamepadDisconnected, true);
});
// Emscripten's main loop (Browser.mainLoop) stops after this iteration when
// paused; the page resumes it at an event or after `ms`.
EM_JS(bool, js_sleep, (double ms), {
  return tconvPage.sleep(ms, () => Browser.mainLoop.pause(), () => Browser.mainLoop.resume());
});

EM_JS(void, js_download, (const char* name, const void* bytes, size_t size, const char* mime), {
  tconvPage.download(UTF8ToString(name), HEAPU8.slice(bytes, bytes + size), UTF8ToString(mime));
});

EM_JS(void, js_copy_text, (const char* text), { tconvPage.copyText(UTF8ToString(text)); });

// Returns a malloc'd UTF-8 copy of a JS string, or 0 for null.
EM_JS(char*, js_pasted_text, (), {
  const s = tconvPage.pastedText();
  const n = lengthBytesUTF8(s) + 1;
  const p = _malloc(n);
  stringToUTF8(s, p, n);
  return p;
});

EM_JS(char*, js_storage_get, (const char* key), {
  const s = tconvPage.storageGet(UTF8ToString(key));
  if (s === null) return 0;
  const n = lengthBytesUTF8(s) + 1;
  const p = _malloc(n);
  stringToUTF8(s, p, n);
  return p;
});

EM_JS(void, js_storage_set, (const char* key, const char* value), {
  tconvPage.storageSet(UTF8ToString(key), UTF8ToString(value));
});

EM_JS(void, js_choose_file, (const char* accept), { tconvPage.chooseFile(UTF8ToString(accept)); });

// The next queued file: its size, or -1 when none; *name and *bytes become
// malloc'd copies.
EM_JS(int, js_take_file, (char** name, uint8_t** bytes), {
  const f = tconvPage.takeFile();
  if (!f) return -1;
  const p = _malloc(Math.max(1, f.bytes.length));
  HEAPU8.set(f.bytes, p);
  const n = lengthBytesUTF8(f.name) + 1;
  const q = _malloc(n);
  stringToUTF8(f.name, q, n);
  HEAPU32[bytes >> 2] = p;
  HEAPU32[name >> 2] = q;
  return f.bytes.length;
});

// tconv_state_json: exported by web/host.cpp (EMSCRIPTEN_KEEPALIVE).
EM_JS(void, js_install_state_source, (), {
  tconvPage.setStateSource(() => {
    const p = _tconv_state_json();
    const s = UTF8ToString(p);
    _free(p);
    return s;
  });
});

EM_JS(char*, js_take_fragment, (), {
  const s = tconvPage.takeFragment();
  if (s === null) return 0;
  const n = lengthBytesUTF8(s) + 1;
  const p = _malloc(n);
  stringToUTF8(s, p, n);
  return p;
});

EM_JS(char*, js_address, (), {
  const s = location.href.split('#')[0];
  const n = lengthBytesUTF8(s) + 1;
  const p = _malloc(n);
  stringToUTF8(s, p, n);
  return p;
});

EM_JS(void, js_set_fullscreen, (bool on), { tconvPage.setFullscreen(on); });
EM_JS(void, js_set_result, (const char* text), { tconvPage.setResult(UTF8ToString(text)); });
EM_JS(void, js_mark_ready, (), { tconvPage.ready(); });
EM_JS(void, js_fail, (const char* message), { tconvPage.fail(UTF8ToString(message)); });

// clang-format on

// Takes ownership of a malloc'd C string.
std::string adopt(char* s) {
  std::string out = s ? s : "";
  std::free(s);
  return out;
}

}  // namespace

namespace studio::platform::page {

void fit_canvas() {
  js_fit_canvas();
}
float pixel_ratio() {
  return static_cast<float>(js_pixel_ratio());
}

bool frame_started() {
  return js_frame_started();
}
bool sleep(double seconds) {
  return js_sleep(seconds * 1000.0);
}
void frame_shown() {
  js_frame_shown();
}

void ignore_gamepads() {
  js_ignore_gamepads();
}

void download(std::string_view name, const void* bytes, size_t size, std::string_view mime) {
  js_download(std::string(name).c_str(), bytes, size, std::string(mime).c_str());
}

void copy_text(const std::string& text) {
  js_copy_text(text.c_str());
}
std::string pasted_text() {
  return adopt(js_pasted_text());
}

std::optional<std::string> storage_get(const std::string& key) {
  char* s = js_storage_get(key.c_str());
  if (!s) return std::nullopt;
  return adopt(s);
}

void storage_set(const std::string& key, const std::string& value) {
  js_storage_set(key.c_str(), value.c_str());
}

void choose_file(const std::string& accept) {
  js_choose_file(accept.c_str());
}

std::optional<OpenedFile> take_file() {
  char* name = nullptr;
  uint8_t* bytes = nullptr;
  const int size = js_take_file(&name, &bytes);
  if (size < 0) return std::nullopt;
  OpenedFile f{adopt(name), std::vector<uint8_t>(bytes, bytes + size)};
  std::free(bytes);
  return f;
}

void install_state_source() {
  js_install_state_source();
}
std::optional<std::string> take_fragment() {
  char* s = js_take_fragment();
  if (!s) return std::nullopt;
  return adopt(s);
}
std::string address() {
  return adopt(js_address());
}
void set_fullscreen(bool on) {
  js_set_fullscreen(on);
}
void set_result(const std::string& text) {
  js_set_result(text.c_str());
}
void mark_ready() {
  js_mark_ready();
}
void fail(const std::string& message) {
  js_fail(message.c_str());
}

}  // namespace studio::platform::page
