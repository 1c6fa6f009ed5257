// The window and its drawing surface: a GLFW window with an OpenGL 3.3 core
// context, the glad loader, and Dear ImGui's GLFW and OpenGL3 backends on the
// desktop. A browser build gives the same class a canvas, Emscripten's GLFW
// and WebGL2; nothing above this layer sees the difference.
#pragma once

#include <imgui.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

struct GLFWwindow;

namespace studio::platform {

// A key press as the window saw it, with the modifiers held at that moment.
struct KeyPress {
  int key;  // platform::key code
  bool ctrl = false, shift = false, alt = false;
};

// False when no display can be opened at all, with `why` (e.g. "DISPLAY is
// not set").
bool has_display(std::string& why);

// Calls `frame` once per displayed frame until it returns false. The desktop
// loops here and returns. The browser hands `frame` to the page's animation
// frames and never returns: the caller's stack is left as it is (nothing is
// destroyed), so what `frame` refers to stays alive.
void run_frames(std::function<bool()> frame);

// The longest an idle studio waits for an event before drawing a frame
// anyway: a safety net for an event the platform might not report (5 s on
// the desktop), long in the browser, where every event wakes the page.
double max_idle_wait();

struct WindowOptions {
  int width = 1280, height = 800;
  bool visible = true;  // hidden for screenshots, exports and the frame bench
  bool vsync = true;    // off for the frame bench: it measures frames, not the monitor
};

class Window {
 public:
  Window() = default;
  Window(const Window&) = delete;
  Window& operator=(const Window&) = delete;
  ~Window() { close(); }

  // Opens the window with its GL context, loads GL and starts ImGui's
  // platform and renderer backends on the current ImGui context. False with
  // a one-line message in `error`; nothing is left open.
  bool open(const WindowOptions& options, std::string& error);
  // Backends, window and GLFW, in reverse order; safe to repeat.
  void close();

  // [SECTION] Frames
  // True when something arrived that ImGui's input does not show (the
  // browser: a link, a file, a paste, a resize): the frames after it must
  // draw what it changed. Never on the desktop, where input is all there is.
  bool poll_events();
  // Waits for an event or the timeout. True when the caller should go on
  // and draw its frame now (the desktop, which sleeps here). False where the
  // platform cannot sleep inside a frame (the browser): the caller returns
  // and is called again at the next event or at the timeout, with nothing
  // drawn meanwhile.
  bool wait_events(double seconds);
  // Keys pressed (platform::key codes) since the last call, in order. ImGui
  // 1.86 samples key state once per frame, so a tap whose press and release
  // both arrive between two frames (a presenter clicker's PgDn, or any key
  // while the studio waits for events) is seen only here.
  std::vector<KeyPress> take_key_presses();
  // The backends' NewFrame, just before ImGui::NewFrame().
  void new_frame();
  // After ImGui::Render(): clears to `clear` and draws ImGui's draw data.
  void render(ImU32 clear);
  void swap();
  void finish();  // waits for the GPU (the frame bench counts rendering too)
  // Framebuffer pixels; (0, 0) while minimised.
  void framebuffer_size(int& width, int& height) const;
  // Device pixels per layout pixel (the browser's devicePixelRatio; 1 on
  // the desktop). ImGui lays out in layout pixels and draws in device
  // pixels, so fonts are rasterized at this multiple to stay crisp.
  float pixel_ratio() const;
  // After the font atlas was rebuilt: the renderer's font texture again.
  void reload_fonts();
  // The back buffer as RGB, top row first.
  bool read_pixels(int& width, int& height, std::vector<uint8_t>& rgb) const;

  // [SECTION] Window state
  bool should_close() const;
  void request_close();
  void set_title(const std::string& title);
  // Full screen on the primary monitor, or back to the window's last
  // position and size. False with a message when there is no monitor.
  bool set_fullscreen(bool on, std::string& error);
  bool fullscreen() const { return fullscreen_; }

 private:
  // Shared by both builds (glfw/window.cpp), once open() has the window: the
  // key callback, then ImGui's GLFW and OpenGL3 backends.
  void start_backends();

  GLFWwindow* window_ = nullptr;
  bool glfw_ = false, backends_ = false;
  bool fullscreen_ = false;
  // The windowed geometry full screen returns to (the desktop only: the
  // browser's page does that itself).
  [[maybe_unused]] int win_x_ = 0, win_y_ = 0, win_w_ = 0, win_h_ = 0;
  std::vector<KeyPress> key_presses_;  // since take_key_presses (filled by GLFW's key callback)
  std::string clipboard_;  // what ImGui last read from the clipboard (the browser's paste)
};

}  // namespace studio::platform
