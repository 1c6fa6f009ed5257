// The app's UI state in one place: what is shown and how, and every widget's
// state that lives across frames (views, panels, popups). App owns one; an
// export copies it and draws every frame from its copy, so nothing is saved
// and restored around an exported frame.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>

#include "exercise_session.h"
#include "panels.h"
#include "params.h"
#include "style.h"
#include "views.h"

namespace studio {

// Show… flags, as in ImGui's demo: the side panels, and which views the
// `all` layout tiles.
struct ShowFlags {
  bool params = true, timeline = true;
  std::array<bool, std::size(kViewNames)> views;
  // Frameworks is a porting topic with code beside it, not part of the
  // six-tile lesson: off in `all` until ticked.
  ShowFlags() {
    views.fill(true);
    view(ViewId::Frameworks) = false;
  }
  bool& view(ViewId id) { return views[static_cast<size_t>(id)]; }
  bool view(ViewId id) const { return views[static_cast<size_t>(id)]; }
};

// The Session popup and "Copy as PyTorch".
struct SessionPanelState {
  char path[1024] = "";
  bool focus_path = false;  // give the path field the keyboard once
  std::string status;       // what the last open or save did
  bool status_error = false;
  bool close_popup = false;                // the open it asked for worked
  std::optional<std::string> open;         // a session to open after the frame
  std::optional<std::string> save;         // a session to save after the frame
  std::optional<std::string> save_python;  // the PyTorch script, beside it (.py)
  double copied_at = -1e9;                 // "Copy as PyTorch", for its tooltip
  int copied_lines = 0;
};

// "Share link" and the message a bad link left.
struct LinkPanelState {
  std::string message;  // shown until dismissed
  double copied_at = -1e9;
  std::string copied;  // the last link copied, for the tooltip
  bool share = false;  // copy a link to the current state after the frame
};

struct UiState {
  ViewId view = ViewId::All;
  bool select_tab = true;    // make the tab bar follow `view` on the next frame
  float tab_bar_room = 0.f;  // the tab strip's width last frame (top_bar.cpp)
  ShowFlags show;
  Style style;
  bool bare = false;        // the views alone, without bar and panels (an export)
  bool fullscreen = false;  // wanted (F11, the ⚙ popup); the window follows
  bool blank = false;       // B: a black screen until B or any key
  ViewState views;          // hover, value editor, matrix pan and zoom
  ParamsPanelState params;
  SessionPanelState session;
  ExerciseSession exercise;  // exercise mode (key E): question, answer, score
  LinkPanelState link;
};

}  // namespace studio
