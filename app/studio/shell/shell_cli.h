// The studio's command line: parsing and the checks that need no window, so
// bad input exits 2 with one clear message even without a display.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "export_options.h"
#include "model.h"
#include "model_session.h"
#include "tconv/exercise.h"

namespace studio::shell {

struct Options {
  std::string preset;           // "" keeps Model()'s default state (d2l-basic)
  std::optional<ViewId> view;   // nullopt: the preset's view, else all
  std::optional<int64_t> step;  // --step: counted from 1, in the view's unit (steps.h)
  int width = 1280, height = 800;
  float font_scale = 1.0f;
  bool light = false;
  bool list_presets = false;
  std::string screenshot_dir;  // every view to DIR/<view>.png and exit
  int64_t bench_frames = 0;    // render N frames playing, print timings, exit
  bool dump_state = false;     // print view, step, theme... as JSON on exit (GUI tests)
  exporter::CliOptions exp;    // --screenshot, --scale, --export-gif, ... (export_options.h)

  // Exercise mode: --exercise KIND --seed S --level L opens that question;
  // --reveal shows its reveal at once (a screenshot of the answer).
  std::optional<tconv::exercise::Kind> exercise;
  uint64_t exercise_seed = 1;
  int exercise_level = 1;
  bool exercise_reveal = false;

  // Sessions, PyTorch code, presenter settings (resolved in shell_session.cpp).
  std::string session;             // --session: this state instead of --preset
  std::string save_session;        // write the state as a session, exit
  std::string export_python;       // write the state as a PyTorch script, exit
  bool use_settings = false;       // non-interactive runs read settings.json too
  std::optional<bool> colorblind;  // --palette; nullopt: settings/session decide
  bool fullscreen = false;         // --fullscreen
  bool hide_panels = false;        // --hide-panels: start as after P and T
  bool font_scale_given = false, light_given = false;
  std::optional<SessionShell> session_shell;  // --session's view and presenter
  Presenter presenter;                  // resolved: defaults < settings.json < --session < flags
  Settings settings;                    // settings.json as read (interactive runs, --use-settings)
  std::filesystem::path settings_file;  // where it was read from; empty: none

  // --open (or the browser page's fragment): a link (model/link.h).
  std::string open;
  std::string link_message;                 // a bad link's message, for the app to show
  std::optional<Presenter> link_presenter;  // a session link's look
};

// Parses argv into `opts`. Returns -1 to go on, or the exit code: 0 after
// --help, 2 on a bad flag (the message is already printed on stderr).
int parse_options(int argc, char** argv, Options& opts);

// Lists the presets (--list-presets), or loads --preset into the model and
// moves the timeline to --step. Returns -1 to go on, 0 when done (listing),
// 2 with one message on stderr when a value is wrong.
// Fills in opts.view from the preset when --view was not given.
int prepare_model(Options& opts, Model& model);

// "WxH" → width, height; false on anything else or outside [min, max].
bool parse_size(const std::string& text, int& width, int& height);

}  // namespace studio::shell
