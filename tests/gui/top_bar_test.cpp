// The top bar's view tabs, drawn headless: at a projector's font the strip
// holds about two tabs, and the current view's tab must be among them
// whole, also after the strip narrows (the first frames' sizing, a bigger
// font, a smaller window) and on the very next frame (an idle studio stops
// drawing a few frames after a change).
#include "top_bar.h"

#include <gtest/gtest.h>
#include <imgui.h>
#include <imgui_internal.h>  // ImGuiTabBar: where the current tab is drawn

#include "headless_imgui.h"

namespace studio {
namespace {

class TabFrames {
 public:
  explicit TabFrames(float font_scale) : imgui_({1920, 1080}, font_scale) {}

  // One frame of the tabs in a window `width` wide.
  void draw(UiState& state, float width) {
    ImGui::NewFrame();
    ImGui::SetNextWindowPos({0, 0});
    ImGui::SetNextWindowSize({width, 200});
    ImGui::Begin("##top", nullptr, ImGuiWindowFlags_NoSavedSettings);
    shell::view_tabs(state);
    ImGui::End();
    ImGui::Render();
  }

  // How far the current tab reaches past the strip's visible part, in
  // pixels (0: it shows whole).
  static float hidden_px() {
    ImGuiTabBar* bar = GImGui->TabBars.GetByIndex(0);
    const ImGuiTabItem* tab = ImGui::TabBarFindTabByID(bar, bar->SelectedTabId);
    if (!tab) return 1e9f;
    const float x1 = bar->BarRect.Min.x + tab->Offset - bar->ScrollingAnim;
    const float x2 = x1 + tab->Width;
    return std::max(0.f, bar->ScrollingRectMinX - x1) + std::max(0.f, x2 - bar->ScrollingRectMaxX);
  }

 private:
  studio::testing::HeadlessImGui imgui_;
};

TEST(TopBarTabs, TheCurrentTabShowsWholeAtFontScaleThree) {
  for (ViewId view : {ViewId::Arithmetic, ViewId::Frameworks, ViewId::Scatter, ViewId::All}) {
    TabFrames frames(3.f);
    UiState state;
    state.view = view;
    // The first frame is wide (the bar's columns are not sized yet), then
    // the strip gets what the buttons leave it at scale 3.
    frames.draw(state, 1900.f);
    for (int i = 0; i < 2; ++i) frames.draw(state, 520.f);
    EXPECT_EQ(TabFrames::hidden_px(), 0.f) << view_name(view);
    EXPECT_EQ(state.view, view) << view_name(view);
  }
}

TEST(TopBarTabs, ANarrowerStripKeepsTheCurrentTabInView) {
  TabFrames frames(2.f);
  UiState state;
  state.view = ViewId::Frameworks;
  for (int i = 0; i < 3; ++i) frames.draw(state, 1900.f);
  EXPECT_EQ(TabFrames::hidden_px(), 0.f);
  // The window shrinks (or the font grows): the next frame shows it whole.
  frames.draw(state, 600.f);
  frames.draw(state, 600.f);
  EXPECT_EQ(TabFrames::hidden_px(), 0.f);
}

}  // namespace
}  // namespace studio
