// Every preset × view at font scales 1–3, drawn in real (headless) ImGui
// frames with the studio's font, as a tile of a 1920×1080 window with the
// parameter panel shown: every value printed in a cell fits the cell (a
// value never touches its neighbour); and in the same room, font scale 3
// never makes a grid's cells (much) smaller than scale 2 does, nor scrolls
// a view that scale 2 shows whole. The frame log (draw.h) records each cell
// text and grid as it is drawn; no pixels are read.
#include <gtest/gtest.h>
#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "draw.h"
#include "headless_imgui.h"
#include "studio_testing.h"
#include "views.h"

namespace studio {
namespace {

using studio::testing::load;

std::vector<std::string> preset_names() {
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(studio::testing::presets_dir()))
    if (e.path().extension() == ".json") names.push_back(e.path().stem().string());
  std::sort(names.begin(), names.end());
  return names;
}

// The views' tile in a 1920×1080 window with the parameter panel shown
// (app_frame.cpp's sizes, roughly: the panel and the bars grow with the
// font up to scale 2, like all the chrome: ui::chrome_scale), or the same
// room at every scale (`same_room`, as with P and T hidden).
ImVec2 tile_size(float font_scale, bool same_room) {
  if (same_room) return {1920.f, 1000.f};
  const float chrome = ui::chrome_scale(font_scale);
  const float panel = std::min(340.f * chrome, 0.4f * 1920.f);
  const float bars = (40.f + 80.f) * chrome;
  return {1920.f - panel, 1080.f - bars};
}

class FitFrames {
 public:
  FitFrames(float font_scale, bool same_room)
      : imgui_({1920, 1080}, font_scale), size_(tile_size(font_scale, same_room)) {
    // Big canvases drawn as rectangles (no GL here): more than 64k vertices.
    ImGui::GetIO().BackendFlags |= ImGuiBackendFlags_RendererHasVtxOffset;
    style_.font_scale = font_scale;
    ui::apply_theme(style_);
    log_.record = true;
    ui::set_frame_log(&log_);
  }

  // As a PNG of the whole window: no scrollbars drawn.
  void without_scrollbars() { log_.no_scrollbars = true; }

  // Draws `view` a few frames (scroll extents settle) and returns the log of the last.
  const ui::FrameLog& draw(const ViewInfo& view, const Model& m, int64_t step) {
    ViewState state;
    DerivedCache derived;
    EditQueue edits;
    ViewContext cx{m, style_, step, state, derived, nullptr, edits};
    for (int i = 0; i < 3; ++i) {
      log_.begin_frame();
      ImGui::NewFrame();
      {
        // As the studio draws a tile: the chrome's title bar, the view's font.
        const ui::ChromeScope chrome(style_);
        ImGui::SetNextWindowPos({0, 0});
        ImGui::SetNextWindowSize(size_);
        ImGui::Begin(view.title, nullptr,
                     ImGuiWindowFlags_NoSavedSettings |
                         (log_.no_scrollbars ? ImGuiWindowFlags_NoScrollbar : 0));
        {
          const ui::ContentScope content(style_);
          view.draw(cx);
        }
        ImGui::End();
      }
      ImGui::Render();
    }
    return log_;
  }

 private:
  studio::testing::HeadlessImGui imgui_;  // first: the others live in its context
  ImVec2 size_;
  Style style_;
  ui::FrameLog log_;
};

// Text fits with the panel shown; font scale 3 against 2 in the same room
// (the panel itself grows with the font, leaving the views less).
// The cell edges of the grids a frame drew, in order.
std::vector<float> cells(const ui::FrameLog& log) {
  std::vector<float> out;
  for (const ui::FrameLog::Grid& g : log.grids) out.push_back(g.cell);
  return out;
}

// The views that fit their grids to a canvas (ui::fit_canvas).
bool fits_a_canvas(const ViewInfo& v) {
  return v.id == ViewId::Scatter || v.id == ViewId::Flip || v.id == ViewId::Arithmetic;
}

class StudioViewFit : public ::testing::TestWithParam<bool> {};

TEST_P(StudioViewFit, ValuesFitTheirCellsAndScaleThreeNeverShrinksCells) {
  const bool same_room = GetParam();
  // Cell edges per preset/view/grid at each font scale.
  std::map<std::string, std::map<int, float>> cells;
  int abbreviated = 0;
  std::map<std::string, float> tops;             // per grid, at the first step
  std::map<int, std::set<std::string>> scrolls;  // canvas views that scroll, per font scale
  for (int fs : {1, 2, 3}) {
    FitFrames frames(static_cast<float>(fs), same_room);
    for (const std::string& preset : preset_names()) {
      Model m;
      load(m, preset);
      for (const ViewInfo& v : view_table()) {
        if (!v.draw) continue;
        for (int64_t step : {m.timeline().step, m.step_count() - 1}) {
          const ui::FrameLog& log = frames.draw(v, m, step);
          const std::string at = preset + " " + v.tab + " step " + std::to_string(step) +
                                 " font scale " + std::to_string(fs);
          for (const ui::FrameLog::Text& t : log.texts)
            // With a margin that grows with the cell: digits of neighbours
            // never run together.
            EXPECT_LE(t.text_w + std::max(4.f, 0.15f * t.cell_w), t.cell_w + 0.5f)
                << at << ": \"" << t.text << "\" in " << t.where << " is " << t.text_w
                << " px wide in a " << t.cell_w << " px cell";
          // A value too wide is abbreviated (full value on hover), never
          // left blank among printed neighbours.
          EXPECT_EQ(log.dropped, 0) << at << ": values left blank among printed ones";
          abbreviated += log.abbreviated;
          // A big problem's small kernel stays readable beside its canvas,
          // at a projector's font too: all 16 values of big-64's 4×4 kernel.
          // (At font scale 3 with the panel shown, the canvas left between
          // the caption and the pinned legend is about 250 px tall: the
          // kernel's block at its readable cell scrolls, its first rows show.)
          if (preset == "big-64" && std::string(v.tab) == "Scatter") {
            EXPECT_GE(std::count_if(log.texts.begin(), log.texts.end(),
                                    [](const ui::FrameLog::Text& t) { return t.where == "K"; }),
                      same_room || fs < 3 ? 16 : 8)
                << at << ": the kernel's values are not all printed";
          }
          if (fits_a_canvas(v) && preset.rfind("big-", 0) != 0 &&
              (log.overflow.x > 0.f || log.overflow.y > 0.f))
            scrolls[fs].insert(preset + " " + v.tab);
          if (std::getenv("FIT_DEBUG") && (log.overflow.x > 0.f || log.overflow.y > 0.f))
            std::printf("OVERFLOW %s %s: %g x %g\n", same_room ? "same-room" : "panel", at.c_str(),
                        log.overflow.x, log.overflow.y);
          if (std::getenv("FIT_DEBUG"))
            for (const ui::FrameLog::Text& t : log.texts)
              if (t.abbreviated)
                std::printf("ABBR %s %s \"%s\" cell %g\n", at.c_str(), t.where.c_str(),
                            t.text.c_str(), t.cell_w);
          // Captions keep the room of their tallest step: nothing below
          // them moves between the first step and the last.
          for (const ui::FrameLog::Grid& g : log.grids) {
            const std::string key = preset + " " + v.tab + " " + g.id;
            if (step == m.timeline().step) {
              tops[key] = g.top;
              cells[key][fs] = g.cell;
            } else if (tops.count(key)) {
              EXPECT_NEAR(g.top, tops[key], 0.5f) << at << ": " << g.id << " moved";
            }
          }
        }
      }
    }
  }
  std::printf("values abbreviated (full value on hover): %d\n", abbreviated);
  // Panels hidden, font scale 3 shows every grid that scale 2 shows: the
  // chrome stays at scale 2's size, labels too, values shrink to scale 2's
  // before the cells give more than kFloorGive (kLastGive at most). With
  // the panel shown, two views need more than that at 3 (a ratchet: the
  // list only shrinks; P and T show them whole).
  const std::set<std::string> known =
      same_room ? std::set<std::string>{}
                : std::set<std::string>{"dilated Scatter", "fw-onnx-same-upper-lower Arithmetic"};
  for (const std::string& view : scrolls[3])
    EXPECT_TRUE(scrolls[2].count(view) || known.count(view))
        << view << " scrolls at font scale 3, not at 2";
  if (std::getenv("FIT_DEBUG"))
    for (const auto& [where, by_scale] : cells)
      if (by_scale.count(2) && by_scale.count(3))
        std::printf("CELLS %s: %g -> %g\n", where.c_str(), by_scale.at(2), by_scale.at(3));
  int smaller = 0, compared = 0;
  for (const auto& [where, by_scale] : cells) {
    if (!by_scale.count(2) || !by_scale.count(3)) continue;
    ++compared;
    smaller += by_scale.at(3) + 0.5f < by_scale.at(2) ? 1 : 0;
  }
  std::printf("%s: grids with smaller cells at font scale 3 than at 2: %d of %d\n",
              same_room ? "same room" : "panel shown", smaller, compared);
  for (const auto& [where, by_scale] : cells) {
    if (!by_scale.count(2) || !by_scale.count(3)) continue;
    // projector_floor estimates the scale-2 fit (text re-wrapped at that size,
    // title bar, padding and spacing scaled): within 10%; the matrix and
    // frameworks views estimate their toolbars and headers less exactly. Big problems' canvases
    // (cells under 8 px at scale 3, values hidden anyway) are left out: see the report of issue 14.
    if (by_scale.at(3) < 8.f) continue;
    // Grids bigger than scale 3's base cell (3 × 34 px) may fit their room
    // instead, and cells give up to ui::kFloorGive of that to keep every
    // grid on screen (ui::projector_floor).
    EXPECT_GE(by_scale.at(3) + 0.5f, ui::kFloorGive * std::min(0.9f * by_scale.at(2), 102.f))
        << where << ": cells at font scale 3 (" << by_scale.at(3) << " px) are smaller than at 2 ("
        << by_scale.at(2) << " px)";
  }
}

INSTANTIATE_TEST_SUITE_P(PanelShownOrSameRoom, StudioViewFit, ::testing::Bool());

// A view's layout depends on its parameters and room, not on what the tile
// showed before: the scrollbar a taller layout left goes away when the
// grids fit without it (it kept itself: d2l-basic's flip view, after a
// preset that scrolled, took two rows and scrolled 82 px at font scale 3).
// Every preset in the views that fit a canvas, after one that does not
// fit (round-trip scrolls in each) and after one that does.
TEST(StudioViewFitHistory, AScrollbarLeftByATallerLayoutGoesAway) {
  Model tall, plain;
  load(tall, "round-trip");
  load(plain, "d2l-basic");
  for (int fs : {2, 3}) {
    FitFrames frames(static_cast<float>(fs), false);
    for (const ViewInfo& v : view_table()) {
      if (!fits_a_canvas(v)) continue;
      EXPECT_GT(frames.draw(v, tall, 0).overflow.y, 0.f) << v.tab << ": should scroll";
      for (const std::string& preset : preset_names()) {
        if (preset.rfind("big-", 0) == 0) continue;  // canvases, not cells
        Model m;
        load(m, preset);
        frames.draw(v, plain, 0);
        const std::vector<float> after_plain = cells(frames.draw(v, m, 0));
        frames.draw(v, tall, 0);
        EXPECT_EQ(cells(frames.draw(v, m, 0)), after_plain)
            << preset << " " << v.tab << " font scale " << fs;
      }
    }
  }
}

// A PNG of the whole window draws no scrollbars: the layout must not count
// one that is not there. Counting one (it scrolled) gave the grids its
// width, one row fit, nothing scrolled, the next frame two rows again: in
// the studio d2l-padding's scatter view at font scale 3 flipped every
// frame and its PNG came out 29 px too wide; here dcgan's and
// fw-tf-same-k4s2's views did.
TEST(StudioViewFitHistory, WithoutScrollbarsTheLayoutHolds) {
  for (int fs : {2, 3}) {
    FitFrames frames(static_cast<float>(fs), false);
    frames.without_scrollbars();
    for (const ViewInfo& v : view_table()) {
      if (!fits_a_canvas(v)) continue;
      for (const std::string& preset : preset_names()) {
        Model m;
        load(m, preset);
        const std::vector<float> first = cells(frames.draw(v, m, 0));
        EXPECT_EQ(cells(frames.draw(v, m, 0)), first)
            << preset << " " << v.tab << " font scale " << fs;
      }
    }
  }
}

}  // namespace
}  // namespace studio
