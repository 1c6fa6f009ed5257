// The export flags of tconv-studio's command line (--scale, --transparent,
// --only-view, --export-gif, --export-frames, --delay-ms, --from, --to) and
// their checks, kept out of shell_cli.cpp so the export code stays in one
// place. Bad values exit 2 with one line, before any window opens.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "export_image.h"
#include "model.h"

namespace CLI {
class App;
}
namespace studio::shell {
struct Options;
}

namespace studio::exporter {

struct CliOptions {
  std::optional<float> scale;  // --scale, 1..4
  bool transparent = false;    // --transparent
  bool only_view = false;      // --only-view
  std::string gif;             // --export-gif FILE
  std::string frames_dir;      // --export-frames DIR
  std::optional<int> delay_ms;
  std::optional<int64_t> from, to;  // resolved by check_cli_range

  bool animating() const { return !gif.empty() || !frames_dir.empty(); }
};

// Adds the flags to the studio's parser.
void add_cli_flags(CLI::App& app, CliOptions& o);

// Checks that need no model: ranges, combinations, output paths. Returns -1
// to go on, or 2 after one line on stderr.
int check_cli_flags(const shell::Options& opts);

// Checks --from/--to against the loaded state and fills in their defaults
// (the whole timeline). Returns -1 to go on, or 2 after one line on stderr.
int check_cli_range(shell::Options& opts, const Model& model);

// True when the run is a --screenshot or an animation export.
bool cli_exports(const shell::Options& opts);

}  // namespace studio::exporter
