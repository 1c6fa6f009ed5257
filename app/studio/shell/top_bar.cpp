// The top bar: the view tabs, then PyTorch and Session, text size, export
// and the display popup.
#include "top_bar.h"

#include <imgui_internal.h>  // ImGuiTabBar: scroll the current tab into view

#include <cmath>

#include "app.h"
#include "keys.h"
#include "shell_layout.h"
#include "shell_link.h"
#include "tile.h"

namespace studio {

void shell::view_tabs(UiState& state) {
  if (!ImGui::BeginTabBar("##views", ImGuiTabBarFlags_FittingPolicyScroll)) return;
  // When the strip's width changes (a bigger font, a smaller window, the
  // first frames' sizing) the current tab may end up out of view (at font
  // scale 3 the strip holds about two tabs), so ask for it again.
  ImGuiTabBar* bar = GImGui->CurrentTabBar;
  const bool resized = bar->BarRect.GetWidth() != state.tab_bar_room;
  state.tab_bar_room = bar->BarRect.GetWidth();
  if (resized && bar->SelectedTabId != 0) bar->NextSelectedTabId = bar->SelectedTabId;
  for (const ViewInfo& v : view_table()) {
    const ImGuiTabItemFlags flags =
        state.select_tab && v.id == state.view ? ImGuiTabItemFlags_SetSelected : 0;
    const bool selected = ImGui::BeginTabItem(v.tab, nullptr, flags);
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("key %c", static_cast<char>('0' + (v.key - platform::key::digit(0))));
    if (selected) {
      if (!state.select_tab) state.view = v.id;
      ImGui::EndTabItem();
    }
  }
  // Jump rather than slide: an idle studio stops drawing a few frames after
  // the change (frame_pacer.h) and would leave the strip half-way.
  if (resized) bar->ScrollingAnim = bar->ScrollingTarget;
  ImGui::EndTabBar();
  state.select_tab = false;
}

namespace {

constexpr float kFontStep = 0.25f;

void text_size_buttons(Style& style) {
  if (ImGui::Button("A−")) style.font_scale -= kFontStep;
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("smaller text (Ctrl −)");
  ImGui::SameLine(0, ImGui::GetStyle().ItemInnerSpacing.x);
  if (ImGui::Button("A+")) style.font_scale += kFontStep;
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("larger text (Ctrl +); %d%% now, Ctrl 0 resets",
                      static_cast<int>(std::lround(style.font_scale * 100)));
}

// A toggle: highlighted while exercise mode is on.
bool exercise_button(const ExerciseSession& ex) {
  if (ex.active) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetColorU32(ImGuiCol_ButtonActive));
  const bool clicked = ImGui::Button("✎ Exercise###exercise");
  if (ex.active) ImGui::PopStyleColor();
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("exercise mode (E): predict, check, then watch the reveal");
  return clicked;
}

void keys_help() {
  ImGui::TextDisabled("(?)");
  if (!ImGui::IsItemHovered()) return;
  ImGui::BeginTooltip();
  ImGui::TextUnformatted(shell::keys_text().c_str());
  ImGui::TextUnformatted("Click a cell to edit its value; hover to follow it through every view.");
  ImGui::EndTooltip();
}

}  // namespace

void App::draw_top_bar(const Frame& f, const shell::Rect& r) {
  UiState& state = f.state;
  const bool open = shell::begin_tile("##top", r,
                                      ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoScrollbar |
                                          ImGuiWindowFlags_NoScrollWithMouse);
  if (open && ImGui::BeginTable("##bar", 2, ImGuiTableFlags_SizingFixedFit)) {
    ImGui::TableSetupColumn("views", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn("settings", ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableNextColumn();
    shell::view_tabs(state);

    // [display settings] Only the text size stays on the bar (it is what a
    // presenter reaches for); the rest sits in one popup so the tabs keep
    // their room at large font scales.
    ImGui::TableNextColumn();
    // First, so the buttons after it keep their places (the column is
    // right-aligned and grows to the left).
    if (exercise_button(state.exercise)) toggle_exercise(state.exercise);
    ImGui::SameLine();
    shell::draw_session_buttons(model_, state, settings_);  // PyTorch, Session
    ImGui::SameLine(0, ImGui::GetStyle().ItemInnerSpacing.x);
    shell::draw_share_button(state);
    ImGui::SameLine();
    text_size_buttons(state.style);
    ImGui::SameLine();
    export_.draw_button({model_, state.view, state.style, nullptr});
    ImGui::SameLine();
    if (ImGui::Button("⚙")) ImGui::OpenPopup("##display");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("display: theme, palette, text size, panels");
    draw_display_popup(state);
    ImGui::SameLine();
    keys_help();
    ImGui::EndTable();
  }
  ImGui::End();
}

void App::draw_display_popup(UiState& state) {
  if (!ImGui::BeginPopup("##display")) return;
  Style& style = state.style;
  if (ImGui::RadioButton("dark", style.dark)) style.dark = true;
  ImGui::SameLine();
  if (ImGui::RadioButton("light", !style.dark)) style.dark = false;
  ImGui::Checkbox("colour-blind safe palette", &style.colorblind);
  shell::draw_fullscreen_item(state, settings_);
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 10);
  if (ImGui::SliderFloat("text size", &style.font_scale, ui::kMinFontScale, ui::kMaxFontScale,
                         "%.2f×", ImGuiSliderFlags_AlwaysClamp))
    // Quarter steps: the atlas is rebuilt only when the value really moves.
    style.font_scale = std::round(style.font_scale / kFontStep) * kFontStep;
  ImGui::Separator();
  ImGui::Checkbox("parameter panel (P)", &state.show.params);
  ImGui::Checkbox("timeline (T)", &state.show.timeline);
  ImGui::TextDisabled("views in All:");
  for (const ViewInfo& v : view_table())
    if (v.draw) ImGui::Checkbox(v.tab, &state.show.view(v.id));
  ImGui::EndPopup();
}

}  // namespace studio
