#include "export_options.h"

#include <CLI/CLI.hpp>
#include <cstdio>

namespace studio::exporter {

namespace {

int bad(const std::string& message) {
  std::fprintf(stderr, "tconv-studio: %s\n", message.c_str());
  return 2;
}

}  // namespace

void add_cli_flags(CLI::App& app, CliOptions& o) {
  app.add_option("--scale", o.scale,
                 "--screenshot/--export-*: S× the window's pixels, 1 to 4, text and lines "
                 "drawn at that resolution (default 1)")
      ->type_name("S");
  app.add_flag("--transparent", o.transparent,
               "--screenshot/--export-*: alpha 0 where only the background shows");
  app.add_flag("--only-view", o.only_view,
               "--screenshot/--export-*: the view(s) alone filling --size, no bar, panels or "
               "timeline");
  app.add_option("--export-gif", o.gif,
                 "write steps --from..--to as an animated GIF, one frame per step, looping, exit")
      ->type_name("FILE");
  app.add_option(
         "--export-frames", o.frames_dir,
         "write steps --from..--to as DIR/frame_0001.png, ... named by step number (DIR new "
         "or empty), exit")
      ->type_name("DIR");
  app.add_option("--delay-ms", o.delay_ms,
                 "GIF delay between frames, 20 to 60000 ms, rounded to 10 ms (default 500)")
      ->type_name("MS");
  app.add_option("--from", o.from,
                 "first step of an export, counted from 1 as on the timeline, in the view's unit "
                 "(default 1)")
      ->type_name("N0");
  app.add_option("--to", o.to, "last step of an export (default the last)")->type_name("N1");
}

int check_cli_flags(const CliOptions& o, const CliContext& c) {
  const bool animating = o.animating();
  if (animating && (!o.screenshot.empty() || c.other_mode))
    return bad(
        "--export-gif and --export-frames exclude --screenshot, --screenshot-all-views and "
        "--bench-frames");
  if ((o.scale || o.transparent || o.only_view) && !o.exports())
    return bad(
        "--scale, --transparent and --only-view apply to --screenshot, --export-gif and "
        "--export-frames");
  if ((o.delay_ms || o.from || o.to) && !animating)
    return bad("--delay-ms, --from and --to apply to --export-gif and --export-frames");
  if (o.delay_ms && o.gif.empty())
    return bad("--delay-ms applies to --export-gif (frames carry no timing)");
  if (animating && c.step_given)
    return bad("--step picks the step of a --screenshot; an animation takes --from and --to");
  if (o.scale)
    if (const std::string e = check_scale(c.width, c.height, *o.scale, true); !e.empty())
      return bad(e);
  if (o.delay_ms && (*o.delay_ms < kMinDelayMs || *o.delay_ms > kMaxDelayMs))
    return bad("--delay-ms " + std::to_string(*o.delay_ms) + " is outside " +
               std::to_string(kMinDelayMs) + ".." + std::to_string(kMaxDelayMs));
  if (o.from && o.to && *o.from > *o.to)
    return bad("--from " + std::to_string(*o.from) + " is after --to " + std::to_string(*o.to));
  // Output paths now, so a typo fails before a window opens.
  std::string error;
  if (!o.screenshot.empty() && !platform::check_file_target(o.screenshot, error)) return bad(error);
  if (!o.gif.empty() && !platform::check_file_target(o.gif, error)) return bad(error);
  if (!o.frames_dir.empty() && !platform::check_folder_target(o.frames_dir, error))
    return bad(error);
  return -1;
}

int check_cli_range(CliOptions& o, int64_t count, const std::string& unit) {
  if (!o.animating()) return -1;
  const std::string what = unit.empty() ? "" : unit + ", ";
  const auto in_range = [&](const char* flag, int64_t n) {
    if (n >= 1 && n <= count) return -1;
    return bad(std::string(flag) + " " + std::to_string(n) + " is out of range: this state has " +
               std::to_string(count) + " steps (" + what + "1.." + std::to_string(count) + ")");
  };
  if (o.from)
    if (const int rc = in_range("--from", *o.from); rc >= 0) return rc;
  if (o.to)
    if (const int rc = in_range("--to", *o.to); rc >= 0) return rc;
  o.from = o.from.value_or(1);
  o.to = o.to.value_or(count);
  if (*o.from > *o.to)
    return bad("--from " + std::to_string(*o.from) + " is after --to " + std::to_string(*o.to));
  return -1;
}

}  // namespace studio::exporter
