// Shared drawing primitives for the studio's views: fitting a cell size,
// labelled value grids with hover hit-tests, highlight outlines, colour
// ramps, legends, arrows, captions, and the click-to-edit popup. Small and
// general on purpose: views decide what each cell means, these functions only
// decide how a cell looks and where it sits.
//
// Text sizes follow ImGui::GetFontSize(), so whatever font scale the shell
// applies (style.font_scale) carries through; cell sizes start from
// base_cell(style) and shrink to fit.
#pragma once

#include <imgui.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "model.h"
#include "views.h"

namespace studio::draw {

// [SECTION] Colours.
ImU32 mix(ImU32 a, ImU32 b, float t);  // t = 0 → a, 1 → b (alpha mixed too)
ImU32 with_alpha(ImU32 c, float alpha);
// Black or white, whichever reads better on `fill` (WCAG relative luminance).
ImU32 text_on(ImU32 fill);
// Diverging ramp: 0 → a neutral tint of the background, +max_abs →
// palette.positive, -max_abs → palette.negative (a blue/orange pair in the
// colour-blind palette), so sign reads without relying on red/green.
ImU32 value_color(float v, float max_abs, const Palette& pal);
// A cell's look when its value cannot be printed: `fill` (over `backing`)
// shaded by v / max_abs. Unsigned grids (`signed_grid` false) keep the fill's
// hue, from 15% of the way from backing at 0 to full at max_abs; signed grids
// use value_color's blue/orange ramp so sign reads. The fill's alpha still
// fades the result (cells not reached yet stay faint).
ImU32 shade_cell(ImU32 fill, float v, float max_abs, bool signed_grid, ImU32 backing,
                 const Palette& pal);
// Categorical colours for kernel taps (Okabe–Ito, colour-blind safe); cycles
// after 8. Used wherever "which tap" must be told apart.
ImU32 tap_color(int index);

// [SECTION] Cells and grids.
enum class Border { Solid, Dashed, None };

// How one cell looks. Leave `text` as 0 to pick black/white from `fill`.
struct CellStyle {
  ImU32 fill = 0;          // 0: transparent
  ImU32 border_color = 0;  // 0: palette.grid
  Border border = Border::Solid;
  bool has_value = false;  // print `value` when it fits
  float value = 0.f;
  ImU32 text = 0;
  const char* label = nullptr;  // printed instead of the value (e.g. "0", "·")
};

struct GridSpec {
  std::string title;  // above the grid; '\n' splits lines
  int rows = 0, cols = 0;
  bool indices = true;             // row numbers on the left, column numbers above
  int row_base = 0, col_base = 0;  // first index printed
  // > 0: this grid keeps this cell edge whatever the fit gives the others
  // (a small kernel stays readable beside a 130×130 canvas); grid() uses it
  // in place of its `cell` argument.
  float fixed_cell = 0.f;
  // When the cells are too small to print values, shade each filled cell by
  // its value instead of the flat fill (see shade_cell). For grids whose
  // fills name a category (input, output, kernel); leave false where the fill
  // already encodes something (overlap counts).
  bool shade_values = false;
};

// Where a drawn grid ended up, and what the mouse did to it.
struct GridResult {
  ImVec2 origin{0, 0};                      // screen position of cell (0, 0)'s top-left corner
  ImVec2 block_min{0, 0}, block_max{0, 0};  // the whole block, title and indices included
  float cell = 0.f;
  int rows = 0, cols = 0;
  bool hovered = false;
  int hover_r = -1, hover_c = -1;  // valid when hovered
  bool clicked = false;            // left click released on the hovered cell

  ImVec2 cell_min(int r, int c) const { return {origin.x + c * cell, origin.y + r * cell}; }
  ImVec2 cell_max(int r, int c) const {
    return {origin.x + (c + 1) * cell, origin.y + (r + 1) * cell};
  }
  ImVec2 cell_center(int r, int c) const {
    return {origin.x + (c + 0.5f) * cell, origin.y + (r + 0.5f) * cell};
  }
  bool contains(int r, int c) const { return r >= 0 && c >= 0 && r < rows && c < cols; }
};

// Base cell edge in pixels: style.cell_size · style.font_scale.
float base_cell(const Style& style);
// Smallest cell a view shrinks to before it scrolls instead.
float min_cell(const Style& style);
// Largest cell a view grows to when it has room: 2 × base_cell, so small
// problems fill a projector screen (values grow with the cell, up to 1.4×).
float max_cell(const Style& style);

// Size of a grid's block (title + indices + cells) for a given cell edge.
ImVec2 grid_block_size(const GridSpec& spec, float cell);

// Largest cell edge in [lo, hi] such that the grids, laid out as rows of
// blocks (each inner vector side by side with `gap` between, the rows
// stacked with `gap` between), fit in `avail`. Returns lo when even lo does
// not fit (the caller's scroll region takes over).
float fit_cells(const std::vector<std::vector<GridSpec>>& layout, ImVec2 avail, float lo, float hi,
                float gap);
// One grid alone.
float fit_cell(const GridSpec& spec, ImVec2 avail, float lo, float hi);
// Several candidate arrangements of the same grids (indices into `specs`):
// picks the one giving the largest cells (the first on ties) and returns its
// cell edge; *chosen gets its index. When none fits even at `lo`, picks the
// one that overflows least in width (vertical scrolling is the easy kind).
float fit_layouts(const std::vector<GridSpec>& specs,
                  const std::vector<std::vector<std::vector<int>>>& candidates, ImVec2 avail,
                  float lo, float hi, float gap, int* chosen);
// fit_layouts, then, when the cells come out too small to print values
// (readable_cell()), pins the grids listed in `small` (kernels) at `readable`
// (via fixed_cell, in `specs`) if the others keep most of their size: values
// of a 4×4 kernel stay legible next to a 130×130 canvas.
float fit_with_small_grids(std::vector<GridSpec>& specs,
                           const std::vector<std::vector<std::vector<int>>>& candidates,
                           ImVec2 avail, float lo, float hi, float gap, int* chosen,
                           const std::vector<int>& small, float readable);
// Places grids row by row with `gap` between blocks and rows (the same gap
// fit_cells assumed); draw_fn(i) draws grid i at the cursor.
void layout_rows(const std::vector<std::vector<int>>& rows, float gap,
                 const std::function<void(int)>& draw_fn);
// Gap between grid blocks: enough that titles and indices never touch.
float block_gap();

// Draws a grid block at the cursor and advances it like one ImGui item (so
// SameLine() works after it). `cell_fn(r, c)` gives each cell's look. `id`
// must be unique in the window; hover and click come back in the result.
GridResult grid(const char* id, const GridSpec& spec, float cell,
                const std::function<CellStyle(int r, int c)>& cell_fn, const Palette& pal);

// Compact value text: integers as "%d", others with up to 2 decimals and
// trailing zeros trimmed ("1.5", "-0.25"); fewer decimals when the cell is
// narrow. Returns false (buf empty) when nothing fits in max_width.
bool format_value(float v, float max_width, float font_size, char* buf, int buf_size);

// Outline of cells r0..r1 × c0..c1 (inclusive), drawn inside the cell edges
// so neighbouring outlines do not overlap the grid's own lines. `outside`:
// just outside the edges instead, to frame the same cells as an inside
// outline without hiding it (the crop window around a footprint).
void outline(const GridResult& g, int r0, int c0, int r1, int c1, ImU32 col, float thickness = 3.f,
             bool outside = false);
inline void outline_cell(const GridResult& g, int r, int c, ImU32 col, float thickness = 3.f) {
  outline(g, r, c, r, c, col, thickness);
}
// Small text in a cell's corner (the kernel value riding on a shadowed cell,
// a tap's letter); skipped when the cell is too small for it to clear the
// centred value.
enum class Corner { TopLeft, BottomRight };
void corner_text(const GridResult& g, int r, int c, const char* text, ImU32 col, ImU32 bg,
                 Corner corner = Corner::BottomRight);
// Name of kernel tap `index` (row-major): "a", "b", … "z", then "" (too many
// to letter). Letters follow a tap through flips and placements without
// relying on colour.
std::string tap_name(int index);
// Translucent wash over cells r0..r1 × c0..c1.
void wash(const GridResult& g, int r0, int c0, int r1, int c1, ImU32 col);
// Dashed rectangle (for padding, inserted zeros and "cropped" regions).
void dashed_rect(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 col, float thickness, float dash);

// [SECTION] Annotations.
// Arrow from `from` to `to` with a filled head.
void arrow(ImDrawList* dl, ImVec2 from, ImVec2 to, ImU32 col, float thickness = 2.f);
// Text at `pos` (top-left) with an opaque backing box, so it stays readable
// over cells; `scale` multiplies the current font size. Returns its size.
ImVec2 label(ImDrawList* dl, ImVec2 pos, const char* text, ImU32 col, ImU32 bg, float scale = 1.f);
ImVec2 label_size(const char* text, float scale = 1.f);

// Compact number for captions: "2", "-0.5", "1.25" (format_value's rules).
std::string num(float v);
// Height of `text` wrapped at the available width, plus item spacing: to
// reserve room for a caption before fitting the grids.
float text_height(const std::string& text);

// Wrapped text block (printf-style), e.g. the arithmetic of the current step.
void caption(const char* fmt, ...) IM_FMTARGS(1);
// Height to reserve for a caption of `lines` lines.
float caption_height(int lines);

struct LegendItem {
  CellStyle look;  // fill and border as drawn in the grids
  std::string text;
};
// One line of swatches and texts, wrapping at the available width.
void legend(const std::vector<LegendItem>& items, const Palette& pal);
float legend_height(const std::vector<LegendItem>& items);  // for the available width

// [SECTION] Reading values (flat row-major; an unbatched array reads as N = 1).
float input_value(const Model& m, int64_t n, int64_t c, int64_t h, int64_t w);
float weight_value(const Model& m, int64_t c_in, int64_t c_out_local, int64_t kh, int64_t kw);
float output_value(const Model& m, int64_t n, int64_t c, int64_t oh,
                   int64_t ow);                   // records().output
float bias_value(const Model& m, int64_t c_out);  // 0 when bias is off
// Index for model.set_value in the array's own rank (3-D input when unbatched).
std::vector<int64_t> input_index(const Model& m, int64_t n, int64_t c, int64_t h, int64_t w);
// Largest |value| of one output plane (n, c): a fixed scale for colour ramps
// so colours do not rescale while the timeline plays.
float output_max_abs(const Model& m, int64_t n, int64_t c);

// [SECTION] View scaffolding.
// A child region that scrolls both ways once cells hit min_cell(); always
// pair with end_canvas(). `reserve_bottom` leaves that much of the window
// below it (for a legend that must stay in view). Captions go before it:
// text does not wrap inside a horizontally scrolling region.
void begin_canvas(const char* id, float reserve_bottom = 0.f);
void end_canvas();

// A view's frame: the caption (the long form, or the short one when the long
// one would take more than a quarter of the window, as in a tile of `all`),
// then the scrolling canvas; the legend stays pinned below the canvas when it
// is small next to the window, else it ends the canvas (scrolled to).
// Always pair with end_view(), after value_editor().
struct ViewFrame {
  bool legend_pinned = true;
};
ViewFrame begin_view(const char* id, const std::string& long_caption,
                     const std::string& short_caption, const std::vector<LegendItem>& items);
void end_view(const ViewFrame& f, const std::vector<LegendItem>& items, const Palette& pal);
// Smallest cell that prints a value (about 1.2 × the value font).
float readable_cell();
// Lower bound for fitted cells given the largest grid edge (in cells): small
// problems keep cells big enough to print values and scroll instead; only
// big ones shrink toward min_cell().
float min_cell(const Style& style, int largest_grid_edge);

// Sets the model's hover only when it changes (the model rebuilds its
// highlight on each set).
void set_hover(Model& model, const Hover& h);
// Clears the model's hover when the mouse is over this view's window but on
// none of its grids (`any_hovered` false), so the highlight follows the mouse
// and other views keep theirs while the mouse is elsewhere.
void clear_hover_if_idle(Model& model, bool any_hovered);

// Click-to-edit: open_value_editor() remembers the target and opens the popup;
// value_editor() (call once per view, inside its window, every frame) shows
// it and applies the edit through model.set_value.
void open_value_editor(Target t, std::vector<int64_t> index, float current, std::string what);
void value_editor(Model& model);

// The channels a view draws: the selected batch element and output channel,
// and an input channel of that output channel's group (the selection's own,
// or the group's first when the selection sits in another group), so the
// kernel w[ci, co_local] shown always feeds the output shown.
struct DrawnChannels {
  int64_t n = 0, co = 0, group = 0, co_local = 0, ci = 0, ci_local = 0;
};
DrawnChannels drawn_channels(const Model& model);

}  // namespace studio::draw
