// The shell's side of sessions, PyTorch code and presenter mode: the
// command-line steps after the model is prepared (settings, --session's
// presenter, --save-session, --export-python), and the top bar's buttons,
// the Session popup, F11 full screen and saving settings in the app.
//
// Settings (model_settings.h) are read by interactive runs only, and written
// only when something changes in the app (the look, full screen, the recent
// list). Screenshot, bench and headless runs ignore the file unless
// --use-settings asks, so their output never depends on a user's setup.
#pragma once

#include "model.h"
#include "shell_cli.h"
#include "views.h"

struct GLFWwindow;

namespace studio::shell {

// After prepare_model: resolves opts.presenter (defaults < settings.json <
// --session < flags) into opts.font_scale, opts.light and opts.presenter,
// then writes --save-session / --export-python. Returns -1 to go on, 0 when
// those files are written (the run ends there), 2 with one line on stderr
// when one cannot be written.
int finish_options(Options& opts, Model& model);

// Called by the app once its window exists: goes full screen when asked
// and, in interactive runs, starts keeping settings.json up to date.
void session_attach(GLFWwindow* window, const Options& opts);

// Top bar: "Copy as PyTorch" and "Session" (Open/Save popup with recent
// files). Opening a session may change the model, `view` (with
// `select_tab` set so the tab bar follows) and `style`.
void draw_session_buttons(Model& model, ViewId& view, bool& select_tab, Style& style);
// The full-screen menu item, for the display popup.
void draw_fullscreen_item();
// F11 toggles full screen. Once per frame.
void session_keys();
// After the frame is rendered: applies a full-screen change and saves the
// settings when the look changed.
void session_end_frame(const Style& style);

}  // namespace studio::shell
