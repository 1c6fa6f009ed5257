// Prints the X clipboard's text, read through GLFW as the studio writes it,
// so session_gui.sh can check what "Copy as PyTorch" put there. Exits 1
// when there is no display or no text.
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include <cstdio>

int main() {
  if (!glfwInit()) return 1;
  glfwWindowHint(GLFW_VISIBLE, GLFW_FALSE);
  // GLFW reads the selection through a window of its own.
  GLFWwindow* w = glfwCreateWindow(16, 16, "clipboard", nullptr, nullptr);
  const char* text = w ? glfwGetClipboardString(w) : nullptr;
  const int rc = text ? 0 : 1;
  if (text) std::fputs(text, stdout);
  if (w) glfwDestroyWindow(w);
  glfwTerminate();
  return rc;
}
