// The studio's views: one table (views.cpp) lists each view's id, tab,
// window title, key and draw function; each view is one file with one draw
// function over a ViewContext. A view draws into the current ImGui window
// (the caller does Begin/End), so the same function serves a view on its
// own and as a tile of `all`. Views only read the model's records; they
// never compute convolution.
//
// A new view: its id and name in model/params.h (sessions and presets name
// views), one row in views.cpp, one file view_<name>.cpp.
#pragma once

#include <cstdint>
#include <span>

#include "derived.h"
#include "edits.h"
#include "hover.h"
#include "model.h"
#include "raster.h"
#include "style.h"
#include "value_editor.h"
#include "view_state.h"

namespace studio {

// UI state the views keep across frames: owned by the app (its UiState), and
// copied into an export, which then draws from its own copy.
struct ViewState {
  Hover hover;                     // what the mouse is over, in any view
  ui::ValueEditorState editor;     // the click-to-edit popup
  MatrixViewState matrix;          // the matrix view's panes, options, pan and zoom
  ScatterViewState scatter;        // the scatter view's title room
  FrameworksViewState frameworks;  // the frameworks view's selection and code tab
};

// Everything one view draws from in one frame. The model is read only: what
// a view changes (a value typed into a cell, a click that moves the
// timeline) goes to `edits`, applied after the frame.
struct ViewContext {
  const Model& model;
  const Style& style;
  int64_t step;             // the timeline step to draw (an export's own)
  ViewState& state;         // hover, editor, per-view state
  DerivedCache& derived;    // per-revision caches, shared by every view
  ui::RasterCache* raster;  // textures of the current ImGui context
  EditQueue& edits;         // applied to the model after the frame
  // The unit `step` counts in: the frame's view's (steps.h). A view that
  // counts otherwise (arithmetic in `all`) maps it with model.step_in.
  StepUnit unit = StepUnit::InputElement;

  const Palette& palette() const { return style.palette; }
  // The highlight of the current hover, as every view lights it up.
  const Highlight& highlight() { return derived.highlight(model, state.hover); }
  void set_hover(const Hover& h) { state.hover = h; }
  // Clears the hover when the mouse is over this view's window but on none
  // of its grids (`any_hovered` false), so the highlight follows the mouse
  // and other views keep theirs while the mouse is elsewhere.
  void clear_hover_if_idle(bool any_hovered);
};

using DrawViewFn = void (*)(ViewContext& cx);

struct ViewInfo {
  ViewId id;
  const char* tab;    // tab label
  const char* title;  // window title in the layout ("###id" keeps its ImGui ID)
  int key;            // number key that selects it (platform::key)
  DrawViewFn draw;    // nullptr for `all`
};

// Every view in tab order (the teaching order), `all` first: what it does
// (scatter), why it is a convolution (flip, arithmetic), the matrix, then
// sizes and artifacts, and last other frameworks' conventions. The tiles of
// `all` follow the same order.
std::span<const ViewInfo> view_table();
const ViewInfo& view_info(ViewId id);

// [SECTION] The views (names as in --view).
void DrawScatterView(ViewContext& cx);
void DrawArithmeticView(ViewContext& cx);
void DrawMatrixView(ViewContext& cx);
void DrawFlipView(ViewContext& cx);
void DrawShapeView(ViewContext& cx);
void DrawOverlapView(ViewContext& cx);
void DrawFrameworksView(ViewContext& cx);

}  // namespace studio
