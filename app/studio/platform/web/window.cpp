// The browser's window: the page's canvas through Emscripten's GLFW, a
// WebGL2 context (OpenGL ES 3.0, "#version 300 es"), and ImGui's GLFW +
// OpenGL3 backends, as on the desktop. The canvas fills the page and its
// drawing buffer has devicePixelRatio device pixels per CSS pixel: ImGui
// lays out in CSS pixels and draws at the device's resolution.
#include "window.h"

#include <GLES3/gl3.h>
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <emscripten.h>
#include <emscripten/html5.h>

#include <algorithm>
#include <memory>
#include <utility>

#include "clipboard.h"
#include "gl.h"
#include "keys.h"
#include "page.h"

namespace studio::platform {

// Emscripten's GLFW maps the browser's keys to GLFW's codes, as on the desktop.
static_assert(key::Digit0 == GLFW_KEY_0 && key::F11 == GLFW_KEY_F11 &&
              key::KeypadAdd == GLFW_KEY_KP_ADD && key::P == GLFW_KEY_P);

namespace {

// ImGui's GLFW backend routes the clipboard through glfw*ClipboardString,
// which Emscripten 3.1.6's GLFW leaves empty: the page's clipboard instead.
void set_clipboard(void*, const char* text) {
  page::copy_text(text);
}
const char* get_clipboard(void* user) {
  std::string& paste = *static_cast<std::string*>(user);
  paste = page::pasted_text();
  return paste.c_str();
}

void run_frame(void* arg) {
  auto& frame = *static_cast<std::function<bool()>*>(arg);
  if (!frame()) emscripten_cancel_main_loop();
}

}  // namespace

bool has_display(std::string&) {
  return true;  // the page checked WebGL2 before the app started
}

void run_frames(std::function<bool()> frame) {
  // Owned by the page's loop from here on: main() never returns to free it.
  auto* owned = new std::function<bool()>(std::move(frame));
  emscripten_set_main_loop_arg(run_frame, owned, 0, true);
}

// A frame costs the page's renderer about 50 ms of CPU (SwiftShader without
// a GPU): one a minute is noise, one every 5 s about 1% of a core.
double max_idle_wait() {
  return 60.0;
}

const char* glsl_version() {
  return "#version 300 es";
}

bool gl_ready() {
  return emscripten_webgl_get_current_context() != 0;
}

void set_clipboard_text(const std::string& text) {
  page::copy_text(text);
}

bool Window::open(const WindowOptions& o, std::string& error) {
  close();
  if (!glfwInit()) {
    error = "the browser's GLFW could not start";
    return false;
  }
  glfw_ = true;
  page::ignore_gamepads();
  glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  window_ = glfwCreateWindow(o.width, o.height, "tconv-studio", nullptr, nullptr);
  if (!window_) {
    error = "cannot create a WebGL2 context for the canvas";
    close();
    return false;
  }
  glfwMakeContextCurrent(window_);
  page::fit_canvas();
  start_backends();
  ImGuiIO& io = ImGui::GetIO();
  io.SetClipboardTextFn = set_clipboard;
  io.GetClipboardTextFn = get_clipboard;
  io.ClipboardUserData = &clipboard_;
  return true;
}

// [SECTION] Frames

bool Window::poll_events() {
  const bool woken = page::frame_started();
  page::fit_canvas();  // follows the page's size and devicePixelRatio
  glfwPollEvents();
  return woken;
}

// The page's frame loop stops until an event or the timeout (page.h): this
// frame is skipped, unless an event already came in since the last one.
bool Window::wait_events(double seconds) {
  return !page::sleep(seconds);
}

void Window::new_frame() {
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  // The backend saw device pixels everywhere (canvas, cursor); ImGui lays
  // out in CSS pixels and scales its vertices to the device's.
  ImGuiIO& io = ImGui::GetIO();
  const float r = pixel_ratio();
  io.DisplaySize = ImVec2(io.DisplaySize.x / r, io.DisplaySize.y / r);
  io.DisplayFramebufferScale = ImVec2(r, r);
  if (ImGui::IsMousePosValid(&io.MousePos))
    io.MousePos = ImVec2(io.MousePos.x / r, io.MousePos.y / r);
}

void Window::swap() {}  // the browser shows the canvas when the frame returns

float Window::pixel_ratio() const {
  return std::clamp(page::pixel_ratio(), 0.25f, 8.0f);
}

bool Window::read_pixels(int& width, int& height, std::vector<uint8_t>& rgb) const {
  framebuffer_size(width, height);
  if (width <= 0 || height <= 0) return false;
  // WebGL2 reads RGBA; GL's rows start at the bottom.
  const size_t w = static_cast<size_t>(width), h = static_cast<size_t>(height);
  std::vector<uint8_t> rgba(w * h * 4);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, rgba.data());
  rgb.resize(w * h * 3);
  for (size_t y = 0; y < h; ++y)
    for (size_t x = 0; x < w; ++x)
      std::copy_n(&rgba[((h - 1 - y) * w + x) * 4], 3, &rgb[(y * w + x) * 3]);
  return glGetError() == GL_NO_ERROR;
}

// [SECTION] Window state

bool Window::should_close() const {
  return !window_;  // a page is closed by the browser, never by the app
}

void Window::request_close() {}

bool Window::set_fullscreen(bool on, std::string&) {
  if (!window_ || on == fullscreen_) return true;
  page::set_fullscreen(on);
  fullscreen_ = on;
  return true;
}

}  // namespace studio::platform
