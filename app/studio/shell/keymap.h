// The studio's keys: one table (keymap.cpp) says which key does what. The
// app dispatches from it, the (?) tooltip and `tconv-studio --print-keys`
// print it, and README.md's key list is generated from that print
// (scripts/readme_keys.sh; the gui.readme_keys test keeps them equal).
#pragma once

#include <imgui.h>

#include <span>
#include <string>
#include <vector>

#include "params.h"
#include "window.h"

namespace studio::shell {

enum class Command {
  PlayPause,
  StepBack,
  StepForward,
  FirstStep,
  LastStep,
  Blank,     // black screen; B again or any key brings the studio back
  Exercise,  // exercise mode on / off
  ShowView,
  ToggleParams,
  ToggleTimeline,
  TextBigger,
  TextSmaller,
  TextReset,
  SavePng,
  ExportAnimation,
  FullScreen,
  Quit,
};

struct KeyBinding {
  Command command;
  int key;                    // platform::key code
  const char* name;           // as printed: "Space", "PgDn", "Ctrl S"
  bool ctrl = false;          // needs Ctrl; without it the key must come without Ctrl or Alt
  bool shift = false;         // with ctrl: needs Shift too (Ctrl Shift S); otherwise ignored
  bool repeat = false;        // acts again while held (stepping)
  bool in_text = false;       // acts even while a text field has the keyboard (F11, F12)
  ViewId view = ViewId::All;  // ShowView only
};

// Every binding, grouped by command in the order the help lists them.
std::span<const KeyBinding> key_table();

// What the keys pressed in this frame ask for, in table order; one command
// per key (Ctrl Shift S is not also Ctrl S). While a text field has the
// keyboard only Ctrl combinations and `in_text` keys act. `taps`: the keys
// pressed since the last frame with their modifiers
// (platform::Window::take_key_presses), so a press released before the
// frame (Ctrl Q tapped during a slow export frame) still counts. Call after ImGui::NewFrame().
std::vector<const KeyBinding*> pressed_keys(const ImGuiIO& io,
                                            std::span<const platform::KeyPress> taps);

// Any key pressed in this frame (to leave the blank screen), with or
// without modifiers.
bool any_key_pressed(std::span<const platform::KeyPress> taps);

// The key list as Markdown bullets ("- **Space**: play / pause"), exactly
// what README.md's key section holds between its markers.
std::string keys_markdown();
// The same list as plain lines for the (?) tooltip.
std::string keys_text();

}  // namespace studio::shell
