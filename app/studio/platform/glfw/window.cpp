// The half of Window that both builds share: each opens its GLFW window its
// own way (desktop/window.cpp, web/window.cpp: an OpenGL 3.3 core context or
// a WebGL2 canvas), and from there on the key callback, ImGui's GLFW and
// OpenGL3 backends, drawing and closing are the same calls.
#include "window.h"

// gl.h first: on the desktop glad replaces the system GL header GLFW would
// otherwise pull in.
#include "gl.h"
// clang-format off
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
// clang-format on
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>

#include <utility>

namespace studio::platform {

namespace {

// Installed before ImGui's backend, which chains to it: every press is
// recorded, however short, even one pressed and released between frames.
void on_key(GLFWwindow* w, int key, int /*scancode*/, int action, int mods) {
  if (action != GLFW_PRESS || key < 0) return;
  if (auto* presses = static_cast<std::vector<KeyPress>*>(glfwGetWindowUserPointer(w)))
    presses->push_back({key, (mods & GLFW_MOD_CONTROL) != 0, (mods & GLFW_MOD_SHIFT) != 0,
                        (mods & GLFW_MOD_ALT) != 0});
}

}  // namespace

void Window::start_backends() {
  key_presses_.clear();
  glfwSetWindowUserPointer(window_, &key_presses_);
  glfwSetKeyCallback(window_, on_key);
  ImGui_ImplGlfw_InitForOpenGL(window_, true);
  ImGui_ImplOpenGL3_Init(glsl_version());
  backends_ = true;
}

void Window::close() {
  if (backends_) {
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    backends_ = false;
  }
  if (window_) {
    glfwDestroyWindow(window_);
    window_ = nullptr;
  }
  if (glfw_) {
    glfwTerminate();
    glfw_ = false;
  }
  fullscreen_ = false;
}

std::vector<KeyPress> Window::take_key_presses() {
  return std::exchange(key_presses_, {});
}

void Window::render(ImU32 clear) {
  int w = 0, h = 0;
  framebuffer_size(w, h);
  glViewport(0, 0, w, h);
  const ImVec4 bg = ImGui::ColorConvertU32ToFloat4(clear);
  glClearColor(bg.x, bg.y, bg.z, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

void Window::finish() {
  glFinish();
}

void Window::framebuffer_size(int& width, int& height) const {
  width = height = 0;
  if (window_) glfwGetFramebufferSize(window_, &width, &height);
}

void Window::reload_fonts() {
  ImGui_ImplOpenGL3_DestroyFontsTexture();
  ImGui_ImplOpenGL3_CreateFontsTexture();
}

void Window::set_title(const std::string& title) {
  if (window_) glfwSetWindowTitle(window_, title.c_str());  // the page's document.title too
}

}  // namespace studio::platform
