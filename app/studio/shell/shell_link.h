// Links in the shell (format in model/link.h): the link the studio opens
// with (--open, or the browser page's fragment), a link pasted into the
// address bar later, the "Share link" button, and the message a bad link
// leaves. A bad link never stops the studio: it opens the default state
// and says what was wrong.
#pragma once

#include <string>

#include "link.h"
#include "model.h"
#include "preset.h"
#include "shell_cli.h"
#include "ui_state.h"

namespace studio::shell {

// In prepare_model, after --preset and --session: --open's link, else the
// page's fragment. A bad link in an interactive run leaves the default
// state and keeps the message for the app (opts.link_message); in a run
// that only writes files it is an error. Returns -1 to go on, 2 after one
// line on stderr.
int open_startup_link(Options& opts, const PresetLibrary& presets, Model& model);

// Between frames: copies the link "Share link" asked for; a link that
// arrived since (the page's fragment changed) replaces the state, or
// leaves it with a message.
void link_requests(Model& model, const PresetLibrary& presets, UiState& state);

// Top bar: "Share link" asks for a link to the current state, which
// link_requests copies after the frame (it builds a model to check it).
void draw_share_button(UiState& state);
// A bad link's message, over the views until dismissed.
void draw_link_message(UiState& state);

}  // namespace studio::shell
