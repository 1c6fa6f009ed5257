// The shell's pure parts, without a display: the layout (every panel and
// view inside the window, none overlapping) and the command line.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "shell_cli.h"
#include "shell_layout.h"

namespace {

using studio::shell::compute_layout;
using studio::shell::Layout;
using studio::shell::LayoutInput;
using studio::shell::Rect;

bool inside(const Rect& r, float w, float h) {
  return r.pos.x >= 0 && r.pos.y >= 0 && r.right() <= w && r.bottom() <= h;
}

bool overlap(const Rect& a, const Rect& b) {
  if (a.empty() || b.empty()) return false;
  return a.pos.x < b.right() && b.pos.x < a.right() && a.pos.y < b.bottom() && b.pos.y < a.bottom();
}

std::vector<Rect> all_rects(const Layout& l) {
  std::vector<Rect> r = {l.top, l.params, l.timeline};
  r.insert(r.end(), l.tiles.begin(), l.tiles.end());
  return r;
}

void expect_tidy(const Layout& l, float w, float h) {
  const std::vector<Rect> rects = all_rects(l);
  for (size_t i = 0; i < rects.size(); ++i) {
    if (rects[i].empty()) continue;
    EXPECT_TRUE(inside(rects[i], w, h)) << "rect " << i;
    for (size_t j = i + 1; j < rects.size(); ++j)
      EXPECT_FALSE(overlap(rects[i], rects[j])) << "rects " << i << " and " << j;
  }
}

TEST(ShellLayout, AllViewsFit1280x800AsThreeByTwo) {
  LayoutInput in;
  in.size = {1280, 800};
  in.top_height = 42;
  in.params_width = 340;
  in.timeline_height = 74;
  in.views = 6;
  const Layout l = compute_layout(in);
  ASSERT_EQ(l.tiles.size(), 6u);
  expect_tidy(l, 1280, 800);
  // 3 columns × 2 rows, each tile big enough for a small grid and a caption.
  EXPECT_EQ(l.tiles[0].pos.y, l.tiles[2].pos.y);
  EXPECT_LT(l.tiles[2].pos.y, l.tiles[3].pos.y);
  for (const Rect& t : l.tiles) {
    EXPECT_GE(t.size.x, 300);
    EXPECT_GE(t.size.y, 300);
  }
  // The views and panels use the whole window: no gap at the right or bottom.
  EXPECT_EQ(l.tiles[5].right(), 1280);
  EXPECT_EQ(l.timeline.bottom(), 800);
  EXPECT_EQ(l.tiles[5].bottom(), l.timeline.pos.y);
}

TEST(ShellLayout, OneViewTakesTheWholeViewArea) {
  LayoutInput in;
  in.views = 1;
  const Layout l = compute_layout(in);
  ASSERT_EQ(l.tiles.size(), 1u);
  EXPECT_EQ(l.tiles[0].pos.x, l.views.pos.x);
  EXPECT_EQ(l.tiles[0].size.x, l.views.size.x);
  EXPECT_EQ(l.tiles[0].size.y, l.views.size.y);
  expect_tidy(l, in.size.x, in.size.y);
}

TEST(ShellLayout, HiddenPanelsGiveTheirRoomToTheViews) {
  LayoutInput in;
  in.show_params = false;
  in.show_timeline = false;
  in.views = 1;
  const Layout l = compute_layout(in);
  EXPECT_TRUE(l.params.empty());
  EXPECT_TRUE(l.timeline.empty());
  EXPECT_EQ(l.tiles[0].pos.x, 0);
  EXPECT_EQ(l.tiles[0].size.x, 1280);
  EXPECT_EQ(l.tiles[0].bottom(), 800);
}

TEST(ShellLayout, OversizedPanelsAreCappedSoViewsKeepRoom) {
  // Font scale 3 asks for huge panels; the views must still get space.
  LayoutInput in;
  in.size = {1280, 800};
  in.top_height = 500;
  in.params_width = 2000;
  in.timeline_height = 900;
  in.views = 6;
  const Layout l = compute_layout(in);
  expect_tidy(l, 1280, 800);
  EXPECT_GE(l.views.size.x, 1280 * 0.5f - 1);
  EXPECT_GT(l.views.size.y, 0);
}

TEST(ShellLayout, UnevenCountsFillEveryRow) {
  for (int n = 1; n <= 6; ++n) {
    LayoutInput in;
    in.views = n;
    const Layout l = compute_layout(in);
    ASSERT_EQ(static_cast<int>(l.tiles.size()), n);
    expect_tidy(l, in.size.x, in.size.y);
    float area = 0;
    for (const Rect& t : l.tiles) area += t.size.x * t.size.y;
    // Whole-pixel tiles cover the view area up to rounding.
    EXPECT_NEAR(area, l.views.size.x * l.views.size.y, l.views.size.x + l.views.size.y) << n;
  }
}

TEST(ShellCli, ParsesSize) {
  int w = 0, h = 0;
  EXPECT_TRUE(studio::shell::parse_size("1920x1080", w, h));
  EXPECT_EQ(w, 1920);
  EXPECT_EQ(h, 1080);
  EXPECT_TRUE(studio::shell::parse_size("800X600", w, h));
  EXPECT_FALSE(studio::shell::parse_size("1280", w, h));
  EXPECT_FALSE(studio::shell::parse_size("10x10", w, h));
  EXPECT_FALSE(studio::shell::parse_size("1280x800x2", w, h));
  EXPECT_FALSE(studio::shell::parse_size("-1280x800", w, h));
}

int parse(std::vector<std::string> args, studio::shell::Options& opts) {
  args.insert(args.begin(), "tconv-studio");
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  return studio::shell::parse_options(static_cast<int>(argv.size()), argv.data(), opts);
}

TEST(ShellCli, GoodFlagsGoOn) {
  studio::shell::Options o;
  EXPECT_EQ(
      parse({"--view", "matrix", "--size", "1024x768", "--font-scale", "2", "--step", "3"}, o), -1);
  EXPECT_EQ(o.view, studio::ViewId::Matrix);
  EXPECT_EQ(o.width, 1024);
  EXPECT_EQ(o.height, 768);
  EXPECT_FLOAT_EQ(o.font_scale, 2.0f);
  EXPECT_EQ(o.step, 3);
}

TEST(ShellCli, BadFlagsExit2) {
  studio::shell::Options o;
  EXPECT_EQ(parse({"--view", "nope"}, o), 2);
  EXPECT_EQ(parse({"--size", "huge"}, o), 2);
  EXPECT_EQ(parse({"--font-scale", "0.5"}, o), 2);
  EXPECT_EQ(parse({"--font-scale", "nan"}, o), 2);
  EXPECT_EQ(parse({"--no-such-flag"}, o), 2);
  EXPECT_EQ(parse({"--screenshot", "a.png", "--bench-frames", "3"}, o), 2);
}

TEST(ShellCli, PresetStepOutOfRangeExit2) {
  // --step counts from 1, as the timeline shows it.
  studio::shell::Options o;
  ASSERT_EQ(parse({"--preset", "d2l-basic", "--step", "5"}, o), -1);
  studio::Model model;
  EXPECT_EQ(studio::shell::prepare_model(o, model), 2);
  o.step = 0;
  EXPECT_EQ(studio::shell::prepare_model(o, model), 2);
  o.step = 4;
  EXPECT_EQ(studio::shell::prepare_model(o, model), -1);
  EXPECT_EQ(model.timeline().step, 3);         // the model's index
  EXPECT_EQ(o.view, studio::ViewId::Scatter);  // d2l-basic asks for it
}

// `all` tiles as many views as stay readable: four beside the panel at
// 1920×1080 and font scale 1, two at scale 2 and 3 (not six tiny tiles).
TEST(ShellLayout, AllTilesOnlyWhatStaysReadable) {
  using studio::shell::all_tile_count;
  const ImVec2 with_panel1{1580, 900}, with_panel2{1240, 840}, with_panel3{1152, 780};
  EXPECT_EQ(all_tile_count(with_panel1, 1.f, 6), 4);
  EXPECT_EQ(all_tile_count(with_panel2, 2.f, 6), 2);
  EXPECT_EQ(all_tile_count(with_panel3, 3.f, 6), 2);
  EXPECT_EQ(all_tile_count({1920, 1000}, 1.f, 6), 6);  // panels hidden: room for all six
  EXPECT_EQ(all_tile_count({2560, 1400}, 1.f, 3), 3);  // never more than are shown
  EXPECT_EQ(all_tile_count({300, 200}, 1.f, 6), 2);    // two at least
  EXPECT_EQ(all_tile_count({300, 200}, 1.f, 1), 1);
  EXPECT_EQ(all_tile_count({300, 200}, 1.f, 0), 0);
  // A bigger font never tiles more views in the same room.
  for (int shown = 1; shown <= 6; ++shown)
    for (float fs = 1.f; fs < 3.f; fs += 0.25f)
      EXPECT_GE(all_tile_count(with_panel1, fs, shown),
                all_tile_count(with_panel1, fs + 0.25f, shown));
}

// The parameter panel grows with the text up to 40% of the window, and past
// font scale 2 (where the chrome stops growing) no wider than at 2: a
// projector's big font gives its room to the views.
TEST(ShellLayout, ParamsPanelStopsGrowingPastScaleTwo) {
  using studio::shell::params_panel_width;
  EXPECT_EQ(params_panel_width(1920, 1.f), 340);
  EXPECT_EQ(params_panel_width(1920, 2.f), 680);
  EXPECT_EQ(params_panel_width(1920, 3.f), 680);  // was 768 (40%)
  EXPECT_EQ(params_panel_width(1280, 3.f), 512);  // 40% of a small window
  EXPECT_EQ(params_panel_width(3840, 3.f), 680);
  for (float fs = 1.f; fs < 3.f; fs += 0.25f)
    EXPECT_LE(params_panel_width(1920, fs), params_panel_width(1920, fs + 0.25f));
}

// An export that does not fit says so, naming the size it needs.
TEST(ShellLayout, UnfitMessageNamesTheSizeNeeded) {
  using studio::shell::unfit_message;
  EXPECT_EQ(unfit_message("scatter", {960, 540}, {0, 0}, 2.f), "");
  EXPECT_EQ(unfit_message("scatter", {960, 540}, {0.6f, 1.f}, 2.f), "");  // rounding
  EXPECT_EQ(unfit_message("scatter", {960, 540}, {452.3f, 220.f}, 2.f),
            "the scatter view does not fit 960x540 at font scale 2: it needs about 1413x760; "
            "use a larger size or a smaller font scale (--size, --font-scale)");
  EXPECT_NE(unfit_message("shape", {320, 240}, {0, 80}, 1.5f).find("needs about 320x320"),
            std::string::npos);
}

TEST(ShellCli, StepCountsInTheViewsUnit) {
  // The arithmetic view steps by output cell: d2l-basic has 9, and step 5 is
  // y[1,1] = 4.
  studio::shell::Options o;
  ASSERT_EQ(parse({"--preset", "d2l-basic", "--view", "arithmetic", "--step", "5"}, o), -1);
  studio::Model model;
  ASSERT_EQ(studio::shell::prepare_model(o, model), -1);
  EXPECT_EQ(model.timeline().unit, studio::StepUnit::OutputCell);
  EXPECT_EQ(model.timeline().count, 9);
  EXPECT_EQ(model.output_cell(model.timeline().step, model.timeline().unit), 4);
  o.step = 10;
  EXPECT_EQ(studio::shell::prepare_model(o, model), 2);
  // An animation of it: every cell, --from/--to from 1.
  studio::shell::Options a;
  ASSERT_EQ(parse({"--preset", "d2l-basic", "--view", "arithmetic", "--export-frames", "fr"}, a),
            -1);
  ASSERT_EQ(studio::shell::prepare_model(a, model), -1);
  EXPECT_EQ(a.exp.from, 1);
  EXPECT_EQ(a.exp.to, 9);
  // A view without steps exports its one picture.
  studio::shell::Options f;
  ASSERT_EQ(parse({"--preset", "d2l-basic", "--view", "flip", "--export-frames", "fr"}, f), -1);
  ASSERT_EQ(studio::shell::prepare_model(f, model), -1);
  EXPECT_EQ(f.exp.from, 1);
  EXPECT_EQ(f.exp.to, 1);
  EXPECT_FALSE(model.timeline().has_steps);
}

}  // namespace
