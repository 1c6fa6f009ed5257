// Fixed tiles: the windows of the studio's layout, placed every frame by
// compute_layout, never moved by the user.
#pragma once

#include <imgui.h>

#include "shell_layout.h"

namespace studio::shell {

// ImGui::Begin for a tile at `r`; always pair with ImGui::End(). Tiles draw
// no background of their own: the frame is cleared to the same colour
// (WindowBg is palette.background), and a software renderer such as llvmpipe
// pays for every pixel a tile background would blend again.
bool begin_tile(const char* title, const Rect& r, ImGuiWindowFlags extra = 0);

}  // namespace studio::shell
