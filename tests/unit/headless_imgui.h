// A Dear ImGui context for drawing without a window or GL, the studio's
// tests' one set-up: all that NewFrame needs, with the studio's font at a
// font scale (ui::rebuild_fonts) or ImGui's default font. A test adds what
// it needs beyond that (key map, backend flags) in its own constructor.
#pragma once

#include <imgui.h>

#include "style.h"

namespace studio::testing {

class HeadlessImGui {
 public:
  // font_scale 0: ImGui's default font.
  explicit HeadlessImGui(ImVec2 display, float font_scale = 0.f) {
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = display;
    io.DeltaTime = 1.f / 60.f;
    if (font_scale > 0.f) ui::rebuild_fonts(font_scale);
    unsigned char* px = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&px, &w, &h);
  }
  ~HeadlessImGui() { ImGui::DestroyContext(); }
  HeadlessImGui(const HeadlessImGui&) = delete;
  HeadlessImGui& operator=(const HeadlessImGui&) = delete;
};

}  // namespace studio::testing
