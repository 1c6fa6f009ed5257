// Palette, ImGui theme and fonts: how the studio looks on a projector.
#include "style.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "storage.h"

namespace studio {

// [SECTION] Palette
// conv_arithmetic's blue/cyan are the reference; the colour-blind variant
// swaps them for Okabe–Ito blue / bluish green, which stay apart under
// deuteranopia and protanopia. Kernel orange and vermillion/yellow
// highlights are Okabe–Ito in both.
Palette make_palette(bool dark, bool colorblind) {
  Palette p{};
  p.input = colorblind ? IM_COL32(0, 114, 178, 255) : IM_COL32(38, 139, 210, 255);
  p.output = colorblind ? IM_COL32(0, 158, 115, 255) : IM_COL32(42, 161, 152, 255);
  // Okabe–Ito orange is 2.2:1 on white: a darker orange in the light theme.
  p.kernel = dark ? IM_COL32(230, 159, 0, 255) : IM_COL32(200, 120, 0, 255);
  // Highlights must beat every fill: yellow on dark, vermillion on light
  // (yellow vanishes on white).
  p.highlight = dark ? IM_COL32(240, 228, 66, 255) : IM_COL32(213, 94, 0, 255);
  p.hover = dark ? IM_COL32(213, 94, 0, 255) : IM_COL32(170, 80, 140, 255);
  // Diverging pair for signed values: blue/orange reads without red/green.
  p.positive = !colorblind ? IM_COL32(38, 139, 210, 255)
               : dark      ? IM_COL32(86, 180, 233, 255)
                           : IM_COL32(0, 114, 178, 255);
  p.negative = IM_COL32(213, 94, 0, 255);
  // Readable on both themes (vermillion is a highlight, not an alarm).
  p.error = dark ? IM_COL32(255, 110, 100, 255) : IM_COL32(190, 20, 10, 255);
  // Reddish purple: a strip at the bottom/right that must be seen from the
  // back of the room (it was a 1.06:1 wash).
  p.output_padding = dark ? IM_COL32(224, 122, 186, 255) : IM_COL32(176, 48, 128, 255);
  if (dark) {
    p.background = IM_COL32(24, 26, 30, 255);
    p.text = IM_COL32(235, 235, 235, 255);
    p.grid = IM_COL32(120, 124, 132, 255);
    // Zeros are quiet greys (conv_arithmetic draws them white on white);
    // their marks say which kind they are.
    p.padding = IM_COL32(44, 47, 53, 255);
    p.inserted = IM_COL32(34, 50, 64, 255);
    p.padding_mark = IM_COL32(150, 154, 162, 255);
    p.inserted_mark = IM_COL32(86, 180, 233, 255);
  } else {
    p.background = IM_COL32(250, 250, 250, 255);
    p.text = IM_COL32(20, 20, 20, 255);
    p.grid = IM_COL32(140, 140, 140, 255);
    p.padding = IM_COL32(255, 255, 255, 255);
    p.inserted = IM_COL32(226, 238, 247, 255);
    p.padding_mark = IM_COL32(118, 118, 118, 255);
    p.inserted_mark = IM_COL32(0, 122, 190, 255);
  }
  // Okabe & Ito (2008) for kernel taps; black replaced by grey for the dark
  // theme, and on white the light ones (orange, sky blue, yellow, grey)
  // darkened to 3:1.
  static constexpr ImU32 kDark[8] = {IM_COL32(230, 159, 0, 255),   IM_COL32(86, 180, 233, 255),
                                     IM_COL32(0, 158, 115, 255),   IM_COL32(240, 228, 66, 255),
                                     IM_COL32(0, 114, 178, 255),   IM_COL32(213, 94, 0, 255),
                                     IM_COL32(204, 121, 167, 255), IM_COL32(153, 153, 153, 255)};
  static constexpr ImU32 kLight[8] = {IM_COL32(200, 120, 0, 255),  IM_COL32(0, 130, 200, 255),
                                      IM_COL32(0, 150, 108, 255),  IM_COL32(150, 140, 0, 255),
                                      IM_COL32(0, 114, 178, 255),  IM_COL32(213, 94, 0, 255),
                                      IM_COL32(180, 80, 140, 255), IM_COL32(110, 110, 110, 255)};
  for (int i = 0; i < 8; ++i) p.taps[i] = dark ? kDark[i] : kLight[i];
  return p;
}

namespace ui {

// [SECTION] Theme
float chrome_scale(float font_scale) {
  return std::min(font_scale, kProjectorFontScale);
}

ImGuiStyle theme_sizes(float scale) {
  ImGuiStyle s;  // fresh defaults, so repeated scaling does not compound
  // Fixed tiles: square corners and thin borders keep neighbours apart.
  s.WindowRounding = 0.0f;
  s.WindowBorderSize = 1.0f;
  s.FrameRounding = 3.0f;
  s.GrabRounding = 3.0f;
  s.TabRounding = 3.0f;
  s.FramePadding = ImVec2(6.0f, 4.0f);
  s.ItemSpacing = ImVec2(8.0f, 6.0f);
  s.GrabMinSize = 14.0f;  // slider grabs big enough to hit on a touch screen
  s.ScrollbarSize = 16.0f;
  s.ScaleAllSizes(scale);
  // Scrollbars are chrome, in the views too: past scale 2 they only take room.
  s.ScrollbarSize = std::floor(16.0f * chrome_scale(scale));
  return s;
}

void apply_theme(Style& style) {
  style.palette = make_palette(style.dark, style.colorblind);
  ImGuiStyle s = theme_sizes(style.font_scale);
  if (style.dark)
    ImGui::StyleColorsDark(&s);
  else
    ImGui::StyleColorsLight(&s);
  s.Colors[ImGuiCol_WindowBg] = ImGui::ColorConvertU32ToFloat4(style.palette.background);
  s.Colors[ImGuiCol_ChildBg] = ImVec4(0, 0, 0, 0);
  // Tiles are fixed; a focused tile's bright title bar would only suggest a
  // selection that means nothing.
  s.Colors[ImGuiCol_TitleBgActive] = s.Colors[ImGuiCol_TitleBg];
  if (!style.dark) {
    // ImGui's light frames are white: on our near-white background sliders,
    // inputs and checkboxes would vanish. A lighter grab keeps the dark value
    // text readable where the grab sits under it.
    s.Colors[ImGuiCol_FrameBg] = ImVec4(0.84f, 0.87f, 0.92f, 1.0f);
    s.Colors[ImGuiCol_FrameBgHovered] = ImVec4(0.77f, 0.83f, 0.93f, 1.0f);
    s.Colors[ImGuiCol_FrameBgActive] = ImVec4(0.70f, 0.79f, 0.94f, 1.0f);
    s.Colors[ImGuiCol_SliderGrab] = ImVec4(0.55f, 0.73f, 0.98f, 1.0f);
    s.Colors[ImGuiCol_SliderGrabActive] = ImVec4(0.45f, 0.65f, 0.98f, 1.0f);
  }
  s.Colors[ImGuiCol_Text] = ImGui::ColorConvertU32ToFloat4(style.palette.text);
  ImGui::GetStyle() = s;
}

// [SECTION] Fonts
namespace {

// DejaVu Sans at `pixels` from `path` when it is `readable`, else ImGui's
// default font scaled to about that.
ImFont* add_font(const std::string& path, bool readable, float pixels) {
  // Latin-1, Greek, and the symbols the views and panels print: ᵀ (U+1D40),
  // sub/superscripts, arrows, ⊛ and other operators, ▶ ◀ ■ ⚙ ❚ for buttons.
  static const ImWchar ranges[] = {
      0x0020, 0x00FF, 0x0370, 0x03FF, 0x1D00, 0x1D7F, 0x2000, 0x206F, 0x2070, 0x209F, 0x2190,
      0x21FF, 0x2200, 0x22FF, 0x2300, 0x23FF, 0x2500, 0x26FF, 0x2700, 0x27BF, 0,
  };
  ImGuiIO& io = ImGui::GetIO();
  ImFontConfig cfg;
  cfg.OversampleH = 2;  // crisp enough; 3 (the default) triples the atlas at scale 3
  cfg.OversampleV = 1;
  if (readable)
    if (ImFont* font = io.Fonts->AddFontFromFileTTF(path.c_str(), pixels, &cfg, ranges))
      return font;
  ImFontConfig def;
  def.SizePixels = 13.0f * pixels / kBaseFontPixels;
  return io.Fonts->AddFontDefault(&def);
}

}  // namespace

void rebuild_fonts(float font_scale, float pixel_ratio) {
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  const std::string path = platform::font_path();
  // ImGui asserts on a missing file, so look first.
  std::FILE* f = std::fopen(path.c_str(), "rb");
  const bool readable = f != nullptr;
  if (f)
    std::fclose(f);
  else
    std::fprintf(stderr,
                 "tconv-studio: cannot load the font %s (install fonts-dejavu-core); "
                 "using ImGui's small default font\n",
                 path.c_str());
  // The first font is ImGui's default: the views'.
  add_font(path, readable, kBaseFontPixels * font_scale * pixel_ratio);
  const float chrome = chrome_scale(font_scale);
  if (chrome != font_scale) add_font(path, readable, kBaseFontPixels * chrome * pixel_ratio);
  io.Fonts->Build();
}

ImFont* content_font() {
  return ImGui::GetIO().Fonts->Fonts[0];
}

ImFont* chrome_font() {
  const ImFontAtlas* atlas = ImGui::GetIO().Fonts;
  return atlas->Fonts[atlas->Fonts.Size > 1 ? 1 : 0];
}

// [SECTION] Size scopes
SizeScope::SizeScope(ImFont* font, float scale) {
  if (font != ImGui::GetFont()) {
    ImGui::PushFont(font);
    font_ = true;
  }
  const ImGuiStyle& now = ImGui::GetStyle();
  const ImGuiStyle to = theme_sizes(scale);
  auto set = [&](ImGuiStyleVar var, float from, float value) {
    if (from == value) return;
    ImGui::PushStyleVar(var, value);
    ++vars_;
  };
  auto set2 = [&](ImGuiStyleVar var, ImVec2 from, ImVec2 value) {
    if (from.x == value.x && from.y == value.y) return;
    ImGui::PushStyleVar(var, value);
    ++vars_;
  };
  // Every size ScaleAllSizes scales that ImGui lets a frame push.
  set2(ImGuiStyleVar_WindowPadding, now.WindowPadding, to.WindowPadding);
  set2(ImGuiStyleVar_WindowMinSize, now.WindowMinSize, to.WindowMinSize);
  set2(ImGuiStyleVar_FramePadding, now.FramePadding, to.FramePadding);
  set2(ImGuiStyleVar_ItemSpacing, now.ItemSpacing, to.ItemSpacing);
  set2(ImGuiStyleVar_ItemInnerSpacing, now.ItemInnerSpacing, to.ItemInnerSpacing);
  set2(ImGuiStyleVar_CellPadding, now.CellPadding, to.CellPadding);
  set(ImGuiStyleVar_WindowRounding, now.WindowRounding, to.WindowRounding);
  set(ImGuiStyleVar_ChildRounding, now.ChildRounding, to.ChildRounding);
  set(ImGuiStyleVar_PopupRounding, now.PopupRounding, to.PopupRounding);
  set(ImGuiStyleVar_FrameRounding, now.FrameRounding, to.FrameRounding);
  set(ImGuiStyleVar_IndentSpacing, now.IndentSpacing, to.IndentSpacing);
  set(ImGuiStyleVar_ScrollbarSize, now.ScrollbarSize, to.ScrollbarSize);
  set(ImGuiStyleVar_ScrollbarRounding, now.ScrollbarRounding, to.ScrollbarRounding);
  set(ImGuiStyleVar_GrabMinSize, now.GrabMinSize, to.GrabMinSize);
  set(ImGuiStyleVar_GrabRounding, now.GrabRounding, to.GrabRounding);
  set(ImGuiStyleVar_TabRounding, now.TabRounding, to.TabRounding);
}

SizeScope::~SizeScope() {
  ImGui::PopStyleVar(vars_);
  if (font_) ImGui::PopFont();
}

void tooltip(const char* text) {
  if (ImGui::IsItemHovered()) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 24.0f);
    ImGui::TextUnformatted(text);
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }
}

}  // namespace ui
}  // namespace studio
