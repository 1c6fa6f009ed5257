// The desktop window: GLFW, an OpenGL 3.3 core context through glad, and
// ImGui's GLFW + OpenGL3 backends. Structure follows ImGui's
// example_glfw_opengl3: open in order, close in reverse.
#include "window.h"

// glad first: it replaces the system GL header GLFW would otherwise pull in.
#include <glad/gl.h>
// clang-format off
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
// clang-format on
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>

#include <algorithm>
#include <cstdlib>
#include <utility>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "clipboard.h"
#include "gl.h"
#include "keys.h"

namespace studio::platform {

static_assert(key::Space == GLFW_KEY_SPACE && key::B == GLFW_KEY_B &&
              key::Escape == GLFW_KEY_ESCAPE);
static_assert(key::Right == GLFW_KEY_RIGHT && key::Left == GLFW_KEY_LEFT &&
              key::Down == GLFW_KEY_DOWN && key::Up == GLFW_KEY_UP);
static_assert(key::PageUp == GLFW_KEY_PAGE_UP && key::PageDown == GLFW_KEY_PAGE_DOWN &&
              key::Home == GLFW_KEY_HOME && key::End == GLFW_KEY_END);
static_assert(key::Count == GLFW_KEY_LAST + 1);
static_assert(key::Digit0 == GLFW_KEY_0 && key::digit(6) == GLFW_KEY_6);
static_assert(key::Minus == GLFW_KEY_MINUS && key::Equal == GLFW_KEY_EQUAL);
static_assert(key::P == GLFW_KEY_P && key::Q == GLFW_KEY_Q && key::S == GLFW_KEY_S &&
              key::T == GLFW_KEY_T);
static_assert(key::E == GLFW_KEY_E);
static_assert(key::F11 == GLFW_KEY_F11 && key::F12 == GLFW_KEY_F12);
static_assert(key::Keypad0 == GLFW_KEY_KP_0 && key::KeypadSubtract == GLFW_KEY_KP_SUBTRACT &&
              key::KeypadAdd == GLFW_KEY_KP_ADD);

namespace {

// GLFW's description of its last error ("" when none), read after a call
// failed: glfwGetError needs no callback, hence no global to catch it in.
std::string glfw_error() {
  const char* description = nullptr;
  glfwGetError(&description);
  return description ? description : "";
}

}  // namespace

bool has_display(std::string& why) {
  const char* x11 = std::getenv("DISPLAY");
  const char* wayland = std::getenv("WAYLAND_DISPLAY");
  if ((x11 && *x11) || (wayland && *wayland)) return true;
  why = "DISPLAY is not set";
  return false;
}

const char* glsl_version() {
  return "#version 330 core";
}

bool gl_ready() {
  return glad_glGenTextures != nullptr;
}

void set_clipboard_text(const std::string& text) {
  ImGui::SetClipboardText(text.c_str());  // GLFW's clipboard, through the backend
}

void run_frames(std::function<bool()> frame) {
  while (frame()) {
  }
}

double max_idle_wait() {
  return 5.0;
}

bool Window::open(const WindowOptions& o, std::string& error) {
  close();
#ifdef __GLIBC__
  // ImGui's GL3 backend uploads every window's vertices each frame into new
  // buffer storage: with glibc's defaults the freed top of the heap goes
  // back to the kernel and is faulted in again next frame (about 15% of a
  // frame under llvmpipe). Keep freed memory, up to 128 MiB, for reuse.
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 128 << 20);
#endif
  if (!glfwInit()) {
    const std::string why = glfw_error();
    error = "no display (" + (why.empty() ? std::string("GLFW could not start") : why) +
            "); run it under a virtual one: xvfb-run -a tconv-studio [flags]";
    return false;
  }
  glfw_ = true;
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
  glfwWindowHint(GLFW_VISIBLE, o.visible ? GLFW_TRUE : GLFW_FALSE);
  window_ = glfwCreateWindow(o.width, o.height, "tconv-studio", nullptr, nullptr);
  if (!window_) {
    error = "cannot open an OpenGL 3.3 core window (" + glfw_error() + ")";
    close();
    return false;
  }
  glfwMakeContextCurrent(window_);
  glfwSwapInterval(o.vsync ? 1 : 0);
  if (!gladLoadGL(glfwGetProcAddress)) {
    error = "cannot load OpenGL 3.3 functions";
    close();
    return false;
  }
  start_backends();
  return true;
}

// [SECTION] Frames

bool Window::poll_events() {
  glfwPollEvents();
  return false;
}

bool Window::wait_events(double seconds) {
  glfwWaitEventsTimeout(seconds);
  return true;
}

void Window::new_frame() {
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
}

void Window::swap() {
  glfwSwapBuffers(window_);
}

float Window::pixel_ratio() const {
  return 1.0f;  // X11 and GLFW 3.3 report window and framebuffer in the same pixels
}

bool Window::read_pixels(int& width, int& height, std::vector<uint8_t>& rgb) const {
  framebuffer_size(width, height);
  if (width <= 0 || height <= 0) return false;
  std::vector<uint8_t> rows(static_cast<size_t>(width) * static_cast<size_t>(height) * 3);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadBuffer(GL_BACK);
  glReadPixels(0, 0, width, height, GL_RGB, GL_UNSIGNED_BYTE, rows.data());
  // GL's rows start at the bottom.
  const size_t row = static_cast<size_t>(width) * 3;
  rgb.resize(rows.size());
  for (int y = 0; y < height; ++y)
    std::copy_n(rows.data() + row * static_cast<size_t>(height - 1 - y), row,
                rgb.data() + row * static_cast<size_t>(y));
  return glGetError() == GL_NO_ERROR;
}

// [SECTION] Window state

bool Window::should_close() const {
  return !window_ || glfwWindowShouldClose(window_);
}

void Window::request_close() {
  if (window_) glfwSetWindowShouldClose(window_, GLFW_TRUE);
}

bool Window::set_fullscreen(bool on, std::string& error) {
  if (!window_ || on == fullscreen_) return true;
  if (on) {
    GLFWmonitor* monitor = glfwGetPrimaryMonitor();
    const GLFWvidmode* mode = monitor ? glfwGetVideoMode(monitor) : nullptr;
    if (!mode) {
      error = "full screen: no monitor found";
      return false;
    }
    glfwGetWindowPos(window_, &win_x_, &win_y_);
    glfwGetWindowSize(window_, &win_w_, &win_h_);
    glfwSetWindowMonitor(window_, monitor, 0, 0, mode->width, mode->height, mode->refreshRate);
  } else {
    glfwSetWindowMonitor(window_, nullptr, win_x_, win_y_, std::max(win_w_, 320),
                         std::max(win_h_, 240), 0);
  }
  fullscreen_ = on;
  return true;
}

}  // namespace studio::platform
