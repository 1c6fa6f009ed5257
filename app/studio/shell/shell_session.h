// The shell's side of sessions, PyTorch code and presenter mode: the
// command-line steps after the model is prepared (settings, --session's
// presenter, --save-session, --export-python), the top bar's buttons and the
// Session popup, F11 full screen, and keeping settings.json up to date.
//
// Settings (model_settings.h) are read by interactive runs only, and written
// only when something changes in the app (the look, full screen, the recent
// list). Screenshot, bench and headless runs ignore the file unless
// --use-settings asks, so their output never depends on a user's setup.
#pragma once

#include <filesystem>
#include <string>

#include "model.h"
#include "model_settings.h"
#include "shell_cli.h"
#include "ui_state.h"
#include "window.h"

namespace studio::shell {

// After prepare_model: reads settings.json (interactive runs, or
// --use-settings) into opts.settings, resolves opts.presenter (defaults <
// settings.json < --session < flags) into opts.font_scale, opts.light and
// opts.presenter, then writes --save-session / --export-python. Returns -1
// to go on, 0 when those files are written (the run ends there), 2 with one
// line on stderr when one cannot be written.
int finish_options(Options& opts, Model& model);

// settings.json while the app runs: the look, full screen and the recent
// sessions, written when they change (interactive runs only).
class SettingsKeeper {
 public:
  // Once the window exists: goes full screen when asked, fills the Session
  // popup's path, and remembers --session.
  void attach(platform::Window* window, const Options& opts, UiState& state);
  bool interactive() const { return interactive_; }
  const std::vector<std::string>& recent() const { return settings_.recent; }
  // Puts `path` first in the recent list and saves.
  void remember(const std::string& path, SessionPanelState& status);
  // After a frame: full screen as wanted, and the settings when the look
  // changed.
  void end_frame(UiState& state);

 private:
  void write(SessionPanelState& status);

  platform::Window* window_ = nullptr;
  bool interactive_ = false;  // a visible window: full screen and settings apply
  bool persist_ = false;      // settings.json is kept up to date
  std::filesystem::path file_;
  Settings settings_;   // what the file holds (after our last write)
  Presenter baseline_;  // the look at start or at the last save: a change is saved
};

// The look as a session stores it (font scale clamped to its range).
Presenter current_look(const UiState& state);

// Top bar: "Copy as PyTorch" and "Session" (Open/Save popup with recent
// files). Open and Save are requests (state.session.open / .save) the app
// carries out after the frame, with session_requests().
void draw_session_buttons(const Model& model, UiState& state, const SettingsKeeper& keeper);
// Carries out the popup's requests: opening a session file changes the
// model, the view and the look; saving writes the state. The outcome goes to
// the popup's status. Between frames only.
void session_requests(Model& model, UiState& state, SettingsKeeper& keeper);
// The full-screen menu item, for the display popup.
void draw_fullscreen_item(UiState& state, const SettingsKeeper& keeper);

}  // namespace studio::shell
