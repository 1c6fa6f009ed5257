// The system clipboard ("Copy as PyTorch"). The desktop goes through GLFW
// (ImGui's backend); a browser build uses the page's clipboard API.
#pragma once

#include <string>

namespace studio::platform {

void set_clipboard_text(const std::string& text);

}  // namespace studio::platform
