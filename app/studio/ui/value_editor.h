// Click-to-edit: a cell of the input or the kernel opens a small popup to
// type its value. The popup's state is UI state, owned by whoever owns the
// view state (the app, or an export's copy of it).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "edits.h"

namespace studio::ui {

struct ValueEditorState {
  Target target = Target::Input;
  std::vector<int64_t> index;  // in the array's own rank
  float value = 0.f;
  std::string what;    // "input x[0,0,1,1]", the popup's title
  bool open = false;   // open the popup at the next value_editor()
  bool focus = false;  // give its field the keyboard once
};

// Remembers the cell and asks for the popup (call where the click happened;
// value_editor() opens it, in the view's own ImGui ID scope).
void open_value_editor(ValueEditorState& e, Target t, std::vector<int64_t> index, float current,
                       std::string what);
// Shows the popup when it is open; call once per view, inside its window,
// every frame. A typed value becomes a SetValue edit, applied to the model
// after the frame.
void value_editor(ValueEditorState& e, EditQueue& edits);

}  // namespace studio::ui
