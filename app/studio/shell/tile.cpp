#include "tile.h"

#include "draw.h"

namespace studio::shell {

namespace {

constexpr ImGuiWindowFlags kTileFlags =
    ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse |
    ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus |
    ImGuiWindowFlags_NoBackground;

}  // namespace

bool begin_tile(const char* title, const Rect& r, ImGuiWindowFlags extra) {
  ImGui::SetNextWindowPos(r.pos);
  ImGui::SetNextWindowSize(r.size);
  // An export never bakes a scrollbar in (a panel taller than the picture is cut).
  const ui::FrameLog* log = ui::frame_log();
  if (log && log->no_scrollbars) extra |= ImGuiWindowFlags_NoScrollbar;
  const bool open = ImGui::Begin(title, nullptr, kTileFlags | extra);
  // ImGui 1.86 draws no border around a window without a background: the
  // same border, drawn here before any content as Begin would.
  const float border = ImGui::GetStyle().WindowBorderSize;
  if (border > 0.f) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 p = ImGui::GetWindowPos(), s = ImGui::GetWindowSize();
    dl->PushClipRectFullScreen();
    dl->AddRect(p, {p.x + s.x, p.y + s.y}, ImGui::GetColorU32(ImGuiCol_Border), 0.f, 0, border);
    dl->PopClipRect();
  }
  return open;
}

}  // namespace studio::shell
