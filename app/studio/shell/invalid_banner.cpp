#include "invalid_banner.h"

#include <imgui.h>
#include <imgui_internal.h>  // BringWindowToDisplayFront: above the tiles, below popups

#include <algorithm>
#include <cmath>

#include "draw.h"

namespace studio::shell {

namespace {

// The overlay window over `r`: no inputs (the dimmed views stay hoverable),
// drawn above the view tiles whatever their creation order, and below any
// open popup (the preset combo may reach over the views).
bool begin_overlay(const Rect& r) {
  ImGui::SetNextWindowPos(r.pos);
  ImGui::SetNextWindowSize(r.size);
  constexpr ImGuiWindowFlags kFlags =
      ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoInputs | ImGuiWindowFlags_NoNav |
      ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBackground |
      ImGuiWindowFlags_NoFocusOnAppearing | ImGuiWindowFlags_NoBringToFrontOnFocus;
  const bool open = ImGui::Begin("##invalid_banner", nullptr, kFlags);
  ImGui::BringWindowToDisplayFront(ImGui::GetCurrentWindow());
  for (const ImGuiPopupData& p : ImGui::GetCurrentContext()->OpenPopupStack)
    if (p.Window) ImGui::BringWindowToDisplayFront(p.Window);
  return open;
}

}  // namespace

std::string invalid_heading(const Model& model) {
  return "PyTorch rejects these parameters: " + model.error();
}

std::string last_valid_line(const Model& model) {
  return "The views show the last valid state: " + describe_params(model.params());
}

void draw_invalid_banner(const Model& model, const Style& style, const Rect& r) {
  if (model.error().empty() || r.empty()) return;
  if (begin_overlay(r)) {
    const Palette& pal = style.palette;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 end{r.right(), r.bottom()};
    // Dimmed, not hidden: the last valid state is still worth reading.
    dl->AddRectFilled(r.pos, end, ui::with_alpha(pal.background, 0.55f));

    const float font = ImGui::GetFontSize();
    const float pad = std::round(0.6f * font), border = std::max(2.f, 0.12f * font);
    const float wrap = std::max(r.size.x - 4 * pad, 4 * font);
    const std::string heading = invalid_heading(model), line = last_valid_line(model);
    const ImVec2 h1 = ImGui::CalcTextSize(heading.c_str(), nullptr, false, wrap);
    const ImVec2 h2 = ImGui::CalcTextSize(line.c_str(), nullptr, false, wrap);
    const ImVec2 a{r.pos.x + pad, r.pos.y + pad};
    const ImVec2 b{end.x - pad, a.y + 2 * pad + h1.y + 0.5f * font + h2.y};
    // An opaque plate in a tint of the error colour, the error colour as
    // its frame; the texts in the theme's text colour read on it.
    dl->AddRectFilled(a, b, ui::mix(pal.background, pal.error, 0.14f), 0.25f * font);
    dl->AddRect(a, b, pal.error, 0.25f * font, 0, border);
    ImFont* f = ImGui::GetFont();
    const ImVec2 t1{a.x + pad, a.y + pad};
    dl->AddText(f, font, t1, pal.text, heading.c_str(), nullptr, wrap);
    dl->AddText(f, font, {t1.x, t1.y + h1.y + 0.5f * font}, ui::mix(pal.text, pal.background, 0.2f),
                line.c_str(), nullptr, wrap);
  }
  ImGui::End();
}

}  // namespace studio::shell
