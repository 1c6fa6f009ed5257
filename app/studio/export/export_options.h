// The export flags of tconv-studio's command line (--scale, --transparent,
// --only-view, --export-gif, --export-frames, --delay-ms, --from, --to) and
// their checks, kept out of shell_cli.cpp so the export code stays in one
// place. Bad values exit 2 with one line, before any window opens.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "export_image.h"

namespace CLI {
class App;
}

namespace studio::exporter {

// The export flags, the export's own options: the shell keeps one inside
// its Options and hands it over, never the other way round.
struct CliOptions {
  std::string screenshot;      // --screenshot FILE: render that state to a PNG and exit
  std::optional<float> scale;  // --scale, 1..4
  bool transparent = false;    // --transparent
  bool only_view = false;      // --only-view
  std::string gif;             // --export-gif FILE
  std::string frames_dir;      // --export-frames DIR
  std::optional<int> delay_ms;
  std::optional<int64_t> from, to;  // step numbers, from 1; resolved by check_cli_range

  bool animating() const { return !gif.empty() || !frames_dir.empty(); }
  // True when the run is a --screenshot or an animation export.
  bool exports() const { return !screenshot.empty() || animating(); }
};

// What else the command line asked for, as far as the export checks care.
struct CliContext {
  int width = 1280, height = 800;  // --size
  bool other_mode = false;         // --screenshot-all-views or --bench-frames
  bool step_given = false;         // --step
};

// Adds the flags (all but --screenshot, which the shell lists with its
// other modes) to the studio's parser.
void add_cli_flags(CLI::App& app, CliOptions& o);

// Checks that need no model: ranges, combinations, output paths. Returns -1
// to go on, or 2 after one line on stderr.
int check_cli_flags(const CliOptions& o, const CliContext& c);

// Checks --from/--to (counted from 1) against a state of `step_count` steps
// of the exported view and fills in their defaults (the whole timeline);
// `unit` ("output cells") names them in the message. Returns -1 to go on,
// or 2 after one line on stderr.
int check_cli_range(CliOptions& o, int64_t step_count, const std::string& unit = "");

}  // namespace studio::exporter
