// The chrome (bars, panels, title bars, scrollbars) stops growing at font
// scale 2 while the views go on growing: drawn headless at scales 2 and 3,
// the chrome's sizes at 3 are scale 2's, a view's content is scale 3's, and
// the labels around grids (titles, legends) keep scale 2's size.
#include <gtest/gtest.h>
#include <imgui.h>

#include "draw.h"
#include "headless_imgui.h"
#include "style.h"

namespace studio {
namespace {

struct Sizes {
  float font = 0, frame = 0;    // font size, frame height
  ImVec2 padding{0, 0};         // FramePadding
  float title_and_padding = 0;  // a window's title bar and top padding
  float scrollbar = 0;
};

Sizes now() {
  return {ImGui::GetFontSize(), ImGui::GetFrameHeight(), ImGui::GetStyle().FramePadding, 0.f,
          ImGui::GetStyle().ScrollbarSize};
}

// One frame at `font_scale`: the chrome's sizes, a tile's title bar drawn
// in the chrome, and the sizes inside its content (ContentScope).
struct Frame {
  Sizes chrome, content, after;
};

Frame draw_frame(float font_scale) {
  testing::HeadlessImGui imgui({1920, 1080}, font_scale);
  Style style;
  style.font_scale = font_scale;
  ui::apply_theme(style);
  Frame f;
  ImGui::NewFrame();
  {
    const ui::ChromeScope chrome(style);
    f.chrome = now();
    ImGui::SetNextWindowPos({0, 0});
    ImGui::SetNextWindowSize({800, 600});
    ImGui::Begin("tile", nullptr, ImGuiWindowFlags_NoSavedSettings);
    f.chrome.title_and_padding = ImGui::GetCursorStartPos().y;
    {
      const ui::ContentScope content(style);
      f.content = now();
    }
    ImGui::End();
  }
  f.after = now();
  ImGui::Render();
  return f;
}

void expect_same(const Sizes& a, const Sizes& b, const char* what) {
  EXPECT_FLOAT_EQ(a.font, b.font) << what;
  EXPECT_FLOAT_EQ(a.frame, b.frame) << what;
  EXPECT_FLOAT_EQ(a.padding.x, b.padding.x) << what;
  EXPECT_FLOAT_EQ(a.padding.y, b.padding.y) << what;
  EXPECT_FLOAT_EQ(a.scrollbar, b.scrollbar) << what;
}

TEST(StudioChrome, StopsGrowingAtScaleTwoWhileTheViewsGrow) {
  const Frame at2 = draw_frame(2.f), at3 = draw_frame(3.f);
  // Scale 2: one size for everything.
  expect_same(at2.chrome, at2.content, "scale 2, chrome and content");
  // Scale 3: the chrome, a tile's title bar included, is scale 2's.
  expect_same(at3.chrome, at2.chrome, "chrome at 3 and at 2");
  EXPECT_FLOAT_EQ(at3.chrome.title_and_padding, at2.chrome.title_and_padding);
  // The view's content is scale 3's, and so is everything after the scope.
  EXPECT_FLOAT_EQ(at3.content.font, 1.5f * at2.content.font);
  EXPECT_FLOAT_EQ(at3.content.padding.x, 1.5f * at2.content.padding.x);
  expect_same(at3.after, at3.content, "after the chrome's scope");
  // Scrollbars are chrome in the views too.
  EXPECT_FLOAT_EQ(at3.content.scrollbar, at2.content.scrollbar);
}

TEST(StudioChrome, TheAtlasHoldsTheChromeSizeOnlyAboveScaleTwo) {
  for (float fs : {1.f, 2.f, 2.25f, 3.f}) {
    testing::HeadlessImGui imgui({1920, 1080}, fs);
    EXPECT_EQ(ImGui::GetIO().Fonts->Fonts.Size, fs > 2.f ? 2 : 1) << fs;
    EXPECT_FLOAT_EQ(ui::chrome_font()->FontSize, ui::kBaseFontPixels * ui::chrome_scale(fs)) << fs;
    EXPECT_FLOAT_EQ(ui::content_font()->FontSize, ui::kBaseFontPixels * fs) << fs;
  }
  // Rasterized at the device's pixels (a browser's zoom, an export's --scale).
  testing::HeadlessImGui imgui({1920, 1080});
  ui::rebuild_fonts(3.f, 2.f);
  EXPECT_FLOAT_EQ(ui::content_font()->FontSize, ui::kBaseFontPixels * 6.f);
  EXPECT_FLOAT_EQ(ui::chrome_font()->FontSize, ui::kBaseFontPixels * 4.f);
  // Both sizes in one texture that a browser's WebGL takes (4096² is as
  // big as it gets here: a 200% zoom at font scale 3).
  unsigned char* px = nullptr;
  int w = 0, h = 0;
  ImGui::GetIO().Fonts->GetTexDataAsRGBA32(&px, &w, &h);
  EXPECT_LE(w, 4096);
  EXPECT_LE(h, 4096);
}

TEST(StudioChrome, LabelsAndValuesKeepScaleTwosSizeAsTheirFloor) {
  for (float fs : {1.f, 2.f, 3.f}) {
    testing::HeadlessImGui imgui({1920, 1080}, fs);
    Style style;
    style.font_scale = fs;
    ui::apply_theme(style);
    ImGui::NewFrame();
    ImGui::Begin("view", nullptr, ImGuiWindowFlags_NoSavedSettings);
    EXPECT_FLOAT_EQ(ui::label_font_size(), ui::kBaseFontPixels * std::min(fs, 2.f)) << fs;
    // A 36 px cell prints values at scale 2; at 3 too, in a smaller font.
    if (fs >= 2.f) {
      EXPECT_GT(ui::cell_value_font(ImGui::GetFontSize() * 0.9f, 36.f), 0.f) << fs;
    }
    ImGui::End();
    ImGui::Render();
  }
}

}  // namespace
}  // namespace studio
