// The export flags of the studio's command line, without a display: what
// parses, what is refused (exit 2), and the step range's defaults.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "shell_cli.h"

namespace {

int parse(std::vector<std::string> args, studio::shell::Options& opts) {
  args.insert(args.begin(), "tconv-studio");
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  return studio::shell::parse_options(static_cast<int>(argv.size()), argv.data(), opts);
}

TEST(ExportCli, ScreenshotFlagsGoOn) {
  studio::shell::Options o;
  ASSERT_EQ(parse({"--screenshot", "x.png", "--scale", "3", "--transparent", "--only-view"}, o),
            -1);
  EXPECT_FLOAT_EQ(o.exp.scale.value_or(0), 3.0f);
  EXPECT_TRUE(o.exp.transparent);
  EXPECT_TRUE(o.exp.only_view);
  EXPECT_FALSE(o.exp.animating());
  EXPECT_TRUE(o.exp.exports());
}

TEST(ExportCli, RangeDefaultsToTheWholeTimeline) {
  studio::shell::Options o;
  ASSERT_EQ(parse({"--preset", "d2l-basic", "--export-gif", "a.gif", "--export-frames", "fr-new",
                   "--delay-ms", "120"},
                  o),
            -1);
  studio::Model model;
  ASSERT_EQ(studio::shell::prepare_model(o, model), -1);
  EXPECT_EQ(o.exp.from, 1);  // step numbers count from 1
  EXPECT_EQ(o.exp.to, 4);    // d2l-basic: 4 steps
  EXPECT_EQ(o.exp.delay_ms, 120);

  studio::shell::Options p;
  ASSERT_EQ(parse({"--preset", "d2l-basic", "--export-gif", "a.gif", "--to", "2"}, p), -1);
  ASSERT_EQ(studio::shell::prepare_model(p, model), -1);
  EXPECT_EQ(p.exp.from, 1);
  EXPECT_EQ(p.exp.to, 2);
}

TEST(ExportCli, BadValuesExit2) {
  const std::vector<std::vector<std::string>> bad = {
      {"--screenshot", "x.png", "--scale", "0.5"},
      {"--screenshot", "x.png", "--scale", "4.01"},
      {"--screenshot", "x.png", "--scale", "nan"},
      {"--scale", "2"},  // nothing to export
      {"--transparent"},
      {"--from", "1"},                                 // no animation
      {"--export-frames", "fr", "--delay-ms", "100"},  // frames carry no delay
      {"--export-gif", "a.gif", "--delay-ms", "10"},
      {"--export-gif", "a.gif", "--from", "3", "--to", "1"},
      {"--export-gif", "a.gif", "--step", "1"},
      {"--export-gif", "a.gif", "--screenshot", "x.png"},
      {"--export-gif", "a.gif", "--bench-frames", "3"},
      {"--export-gif", "/dev/full"},
      {"--screenshot", "/nonexistent-tconv/x.png"},
      {"--size", "4000x3000", "--scale", "4", "--screenshot", "x.png"},
  };
  for (const auto& args : bad) {
    studio::shell::Options o;
    std::string line;
    for (const std::string& a : args) line += a + " ";
    EXPECT_EQ(parse(args, o), 2) << line;
  }
}

TEST(ExportCli, StepsOutsideTheTimelineExit2) {
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"--preset", "d2l-basic", "--export-gif", "a.gif", "--from", "5"},
           {"--preset", "d2l-basic", "--export-gif", "a.gif", "--from", "0"},  // steps count from 1
           {"--preset", "d2l-basic", "--export-gif", "a.gif", "--to", "-1"},
           {"--preset", "d2l-basic", "--export-gif", "a.gif", "--from", "-2", "--to", "0"}}) {
    studio::shell::Options o;
    ASSERT_EQ(parse(args, o), -1);
    studio::Model model;
    EXPECT_EQ(studio::shell::prepare_model(o, model), 2) << args[4] << " " << args[5];
  }
}

}  // namespace
