// The key table and what reads it: the dispatcher, the tooltip and README's
// key list (see keymap.h).
#include "keymap.h"

#include <algorithm>
#include <iterator>

#include "keys.h"
#include "views.h"

namespace studio::shell {

namespace {

namespace key = platform::key;

KeyBinding ctrl(Command c, int k, const char* name, bool shift = false) {
  KeyBinding b{c, k, name};
  b.ctrl = true;
  b.shift = shift;
  return b;
}

KeyBinding held(Command c, int k, const char* name) {
  KeyBinding b{c, k, name};
  b.repeat = true;  // a held key scrubs
  return b;
}

KeyBinding function_key(Command c, int k, const char* name) {
  KeyBinding b{c, k, name};
  b.in_text = true;
  return b;
}

// Presenter clickers send PgDn / PgUp (some send → / ←); ↓ / ↑ follow
// slides too.
std::vector<KeyBinding> build_table() {
  std::vector<KeyBinding> t = {
      {Command::PlayPause, key::Space, "Space"},
      held(Command::StepForward, key::Right, "→"),
      held(Command::StepForward, key::Down, "↓"),
      held(Command::StepForward, key::PageDown, "PgDn"),
      held(Command::StepBack, key::Left, "←"),
      held(Command::StepBack, key::Up, "↑"),
      held(Command::StepBack, key::PageUp, "PgUp"),
      {Command::FirstStep, key::Home, "Home"},
      {Command::LastStep, key::End, "End"},
      {Command::Blank, key::B, "B"},
      {Command::Exercise, key::E, "E"},
  };
  for (const ViewInfo& v : view_table()) {
    KeyBinding b{Command::ShowView, v.key, nullptr};
    b.view = v.id;
    t.push_back(b);
  }
  const KeyBinding rest[] = {
      {Command::ToggleParams, key::P, "P"},
      {Command::ToggleTimeline, key::T, "T"},
      ctrl(Command::TextBigger, key::Equal, "Ctrl +"),
      ctrl(Command::TextBigger, key::KeypadAdd, "Ctrl +"),
      ctrl(Command::TextSmaller, key::Minus, "Ctrl −"),
      ctrl(Command::TextSmaller, key::KeypadSubtract, "Ctrl −"),
      ctrl(Command::TextReset, key::digit(0), "Ctrl 0"),
      ctrl(Command::TextReset, key::Keypad0, "Ctrl 0"),
      // Ctrl Shift S before Ctrl S: one command per key.
      ctrl(Command::ExportAnimation, key::S, "Ctrl Shift S", true),
      ctrl(Command::SavePng, key::S, "Ctrl S"),
      function_key(Command::SavePng, key::F12, "F12"),
      function_key(Command::FullScreen, key::F11, "F11"),
      ctrl(Command::Quit, key::Q, "Ctrl Q"),
  };
  t.insert(t.end(), std::begin(rest), std::end(rest));
  return t;
}

const char* what(Command c) {
  switch (c) {
    case Command::PlayPause:
      return "play / pause";
    case Command::StepForward:
      return "step forward";
    case Command::StepBack:
      return "step back";
    case Command::FirstStep:
      return "first step";
    case Command::LastStep:
      return "last step";
    case Command::Blank:
      return "blank the screen (black); B again or any key brings it back";
    case Command::Exercise:
      return "exercise mode on / off: predict, check, then watch the reveal";
    case Command::ShowView:
      return "";  // views_line()
    case Command::ToggleParams:
      return "parameter panel on / off";
    case Command::ToggleTimeline:
      return "timeline on / off";
    case Command::TextBigger:
      return "larger text";
    case Command::TextSmaller:
      return "smaller text";
    case Command::TextReset:
      return "text size back to 100%";
    case Command::SavePng:
      return "save a PNG of the window in the export folder (⇩)";
    case Command::ExportAnimation:
      return "export the animation set up under ⇩";
    case Command::FullScreen:
      return "full screen on / off";
    case Command::Quit:
      return "quit";
  }
  return "";
}

// "0 all, 1 scatter, 2 flip, …": the view keys, from the view table.
std::string views_line(const char* bold) {
  std::string keys, names;
  for (const ViewInfo& v : view_table()) {
    const std::string digit(1, static_cast<char>('0' + (v.key - key::digit(0))));
    if (keys.empty()) keys = bold + digit + bold;
    names += (names.empty() ? "" : ", ") + digit + " " + view_name(v.id);
    if (&v == &view_table().back()) keys += "–" + (bold + digit + bold);
  }
  return keys + ": show one view (" + names + ")";
}

// One line per command, its keys in table order without repeats:
// "**→**, **↓**, **PgDn**: step forward".
std::vector<std::string> help_lines(const char* bold) {
  std::vector<std::string> lines;
  std::vector<Command> done;
  const std::span<const KeyBinding> table = key_table();
  for (const KeyBinding& b : table) {
    if (std::find(done.begin(), done.end(), b.command) != done.end()) continue;
    done.push_back(b.command);
    if (b.command == Command::ShowView) {
      lines.push_back(views_line(bold));
      continue;
    }
    std::vector<std::string> names;
    for (const KeyBinding& o : table)
      if (o.command == b.command && std::find(names.begin(), names.end(), o.name) == names.end())
        names.push_back(o.name);
    std::string line;
    for (const std::string& n : names) line += (line.empty() ? "" : ", ") + (bold + n + bold);
    lines.push_back(line + ": " + what(b.command));
  }
  return lines;
}

struct Mods {
  bool ctrl, shift, alt;
};

bool matches(const KeyBinding& b, Mods m, bool text_input) {
  if (b.ctrl) return m.ctrl && (!b.shift || m.shift);
  if (m.ctrl || m.alt) return false;
  return b.in_text || !text_input;
}

// Down at this frame (ImGui's view, with the modifiers held now), or pressed
// and already released since the last frame (only the taps saw it, with the
// modifiers held then).
bool pressed(const KeyBinding& b, const ImGuiIO& io, std::span<const platform::KeyPress> taps) {
  if (ImGui::IsKeyPressed(b.key, b.repeat))
    return matches(b, {io.KeyCtrl, io.KeyShift, io.KeyAlt}, io.WantTextInput);
  if (b.key >= 0 && b.key < IM_ARRAYSIZE(io.KeysDown) && io.KeysDown[b.key]) return false;
  for (const platform::KeyPress& t : taps)
    if (t.key == b.key && matches(b, {t.ctrl, t.shift, t.alt}, io.WantTextInput)) return true;
  return false;
}

}  // namespace

std::span<const KeyBinding> key_table() {
  static const std::vector<KeyBinding> table = build_table();  // constant once built
  return table;
}

std::vector<const KeyBinding*> pressed_keys(const ImGuiIO& io,
                                            std::span<const platform::KeyPress> taps) {
  std::vector<const KeyBinding*> out;
  std::vector<int> used;
  for (const KeyBinding& b : key_table()) {
    if (std::find(used.begin(), used.end(), b.key) != used.end()) continue;
    if (!pressed(b, io, taps)) continue;
    used.push_back(b.key);
    out.push_back(&b);
  }
  return out;
}

bool any_key_pressed(std::span<const platform::KeyPress> taps) {
  if (!taps.empty()) return true;
  for (int k = 0; k < key::Count; ++k)
    if (ImGui::IsKeyPressed(k, false)) return true;
  return false;
}

std::string keys_markdown() {
  std::string out;
  for (const std::string& line : help_lines("**")) out += "- " + line + "\n";
  return out;
}

std::string keys_text() {
  std::string out;
  for (const std::string& line : help_lines("")) out += (out.empty() ? "" : "\n") + line;
  return out;
}

}  // namespace studio::shell
