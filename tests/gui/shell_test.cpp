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
  studio::shell::Options o;
  ASSERT_EQ(parse({"--preset", "d2l-basic", "--step", "4"}, o), -1);
  studio::Model model;
  EXPECT_EQ(studio::shell::prepare_model(o, model), 2);
  o.step = 3;
  EXPECT_EQ(studio::shell::prepare_model(o, model), -1);
  EXPECT_EQ(model.timeline().step, 3);
  EXPECT_EQ(o.view, studio::ViewId::Scatter);  // d2l-basic asks for it
}

}  // namespace
