// The click-to-edit popup (see value_editor.h).
#include "value_editor.h"

#include <imgui.h>

#include <utility>

namespace studio::ui {

namespace {

constexpr const char* kPopup = "##value_editor";

}  // namespace

void open_value_editor(ValueEditorState& e, Target t, std::vector<int64_t> index, float current,
                       std::string what) {
  e.target = t;
  e.index = std::move(index);
  e.value = current;
  e.what = std::move(what);
  e.open = e.focus = true;
}

void value_editor(ValueEditorState& e, EditQueue& edits) {
  if (std::exchange(e.open, false)) ImGui::OpenPopup(kPopup);
  if (!ImGui::BeginPopup(kPopup)) return;
  ImGui::TextUnformatted(e.what.c_str());
  if (e.focus) {
    ImGui::SetKeyboardFocusHere();
    e.focus = false;
  }
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8.f);
  bool apply = ImGui::InputFloat("##value", &e.value, 0.f, 0.f, "%.4g",
                                 ImGuiInputTextFlags_EnterReturnsTrue);
  apply |= ImGui::Button("Apply");
  ImGui::SameLine();
  if (ImGui::Button("Cancel")) ImGui::CloseCurrentPopup();
  if (apply) {
    edits.push(SetValue{e.target, e.index, e.value});
    ImGui::CloseCurrentPopup();
  }
  ImGui::EndPopup();
}

}  // namespace studio::ui
