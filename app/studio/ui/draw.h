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
#include <utility>
#include <vector>

#include "raster.h"
#include "style.h"

namespace studio::ui {

// [SECTION] Frame log: what a frame drew, for tests and exports.
// One per ImGui context (its io.UserData), so an export's frames report into
// their own log and the window's context has none unless a test sets one.
struct FrameLog {
  bool no_scrollbars = false;  // an export: canvases never show scrollbars
  // A view alone (--only-view, a slide): grids shrink to fit its size and
  // legends stay pinned. A picture of the whole window lays out as the
  // window does (its grids may be cut where the window would scroll).
  bool fit_to_size = false;
  bool record = false;  // keep every cell text and grid drawn (tests)
  struct Text {
    std::string where, text;
    float text_w = 0.f, cell_w = 0.f;  // the text's width and the room it had
    bool abbreviated = false;          // a short form ("12k", "…"): the full value on hover
  };
  struct Grid {
    std::string id;
    float cell = 0.f;
    int rows = 0, cols = 0;
    float top = 0.f;  // the block's top on screen: captions above must not move it
  };
  std::vector<Text> texts;
  std::vector<Grid> grids;
  // How far the largest canvas's content exceeded its region (0: it fit).
  ImVec2 overflow{0.f, 0.f};
  // Values drawn in a short form, and values not drawn (cells too small to
  // print any): counted whether or not `record` keeps the texts.
  int abbreviated = 0, hidden = 0;
  int dropped = 0;  // of `hidden`, values left out among printed ones (a bug)
  void begin_frame() {
    texts.clear();
    grids.clear();
    overflow = {0.f, 0.f};
    abbreviated = hidden = dropped = 0;
  }
};
// The current ImGui context's log (nullptr: none); set_frame_log(nullptr) detaches.
void set_frame_log(FrameLog* log);
FrameLog* frame_log();
// Records a value drawn in a cell of width cell_w (when a log records).
void log_cell_text(const char* where, const char* text, float text_w, float cell_w,
                   bool abbreviated = false);
// Records a grid (or a pane) drawn at screen y `top` (when a log records).
void log_grid(const char* id, float cell, int rows, int cols, float top);
// Counts values that were not drawn (their cells too small); `dropped`:
// left out where the values around them are printed.
void log_hidden_values(int n, bool dropped = false);

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
// Categorical colours for kernel taps (palette.taps: Okabe–Ito, colour-blind
// safe, darkened on white); cycles after 8. Used wherever "which tap" must
// be told apart.
ImU32 tap_color(int index, const Palette& pal);

// [SECTION] Cells and grids.
enum class Border { Solid, Dashed, None };
// A mark over the fill, so kinds of cell differ in form, not only in a grey
// level: diagonal hatching, or a dot in the top-left corner.
enum class Pattern { None, Hatch, Dot };

// How one cell looks. Leave `text` as 0 to pick black/white from `fill`.
struct CellStyle {
  ImU32 fill = 0;          // 0: transparent
  ImU32 border_color = 0;  // 0: palette.grid
  Border border = Border::Solid;
  bool has_value = false;  // print `value` when it fits
  float value = 0.f;
  ImU32 text = 0;
  const char* label = nullptr;  // printed instead of the value (e.g. "0", "·")
  Pattern pattern = Pattern::None;
  ImU32 pattern_color = 0;
  // A second value in the bottom-right corner, as large as the grid's values
  // (the kernel tap riding on a cell of the padded input, conv_arithmetic's
  // subscript); the cell's own value moves to the top-left.
  bool has_corner = false;
  float corner_value = 0.f;
  ImU32 corner_fill = 0;  // its backing (0: none); the text is black or white on it
};

// The three kinds of zero cell of the direct-convolution picture, one look
// each (palette.h): padding zeros a neutral dashed frame, inserted zeros
// (stride − 1 between inputs) a coloured dashed frame and a dot, the
// output_padding row/column a hatch in output_padding's colour.
enum class ZeroKind { Padding, Inserted, OutputPadding };
CellStyle zero_cell(ZeroKind kind, const Palette& pal);

struct GridSpec {
  std::string title;  // above the grid; '\n' splits lines
  int rows = 0, cols = 0;
  // Sizing only: the block keeps room for this title too (the widest the
  // title takes over the steps), so the layout holds while the timeline plays.
  std::string title_room = {};
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
// Largest cell a view grows to when it has room: 4 × base_cell, so small
// problems fill a projector screen (values grow with the cell, up to 2×).
float max_cell(const Style& style);

// Size of a grid's block (title + indices + cells) for a given cell edge.
ImVec2 grid_block_size(const GridSpec& spec, float cell);

// Largest cell edge in [lo, hi] such that the grids, laid out as rows of
// blocks (each inner vector side by side with `gap` between, the rows
// stacked with `gap` between), fit in `avail`. Returns lo when even lo does
// not fit (the caller's scroll region takes over).
// `text_scale` scales titles and indices (as if the font were that much
// larger), for projector_floor().
float fit_cells(const std::vector<std::vector<GridSpec>>& layout, ImVec2 avail, float lo, float hi,
                float gap, float text_scale = 1.f);
// One grid alone.
float fit_cell(const GridSpec& spec, ImVec2 avail, float lo, float hi);
// Several candidate arrangements of the same grids (indices into `specs`):
// picks the one giving the largest cells (the first on ties) and returns its
// cell edge; *chosen gets its index. When none fits even at `lo`, picks the
// one that overflows least in width (vertical scrolling is the easy kind).
float fit_layouts(const std::vector<GridSpec>& specs,
                  const std::vector<std::vector<std::vector<int>>>& candidates, ImVec2 avail,
                  float lo, float hi, float gap, int* chosen, float text_scale = 1.f);
// kProjectorFontScale (style.h) is also the scale whose cells bigger fonts
// keep: above it, views lay out as they would at that scale and keep those
// cells (projector_floor), while the chrome around them stays as it is there.

// How far below projector_floor's floor cells may go when that keeps every
// grid on screen: 10% reads as the same size. Where that is not enough, the
// largest cell down to kLastGive that keeps them: a canvas cut at the fold
// (ca-padding-strides' scatter at 3 scrolled 372 px with the panel shown)
// costs a lecture more than 15% of a cell. At 85% of a cell that prints a
// value, the value still prints (at 89% of its size, cell_value_font); much
// below, it would be hidden.
inline constexpr float kFloorGive = 0.9f;
inline constexpr float kLastGive = 0.85f;
// A projector's lower bound: above font scale 2, cells never come out
// smaller than the same grids get at scale 2 in the same room (bigger text
// otherwise shrinks the cells); the canvas scrolls instead. Returns `lo` at
// scale 2 and below, else max(lo, the scale-2 fit up to base_cell()), at
// most `hi`. `beyond2`: how much more room the parts around the canvas
// (captions, legend, spacing) take than at scale 2 (ViewFrame::beyond2; the
// tile itself is the same size: the chrome stops growing there), a
// scrollbar there now included (scrollbar_room: the grids are smaller at
// scale 2). `gap` is taken as it is at scale 2 too (block_gap()).
// Where the grids would scroll at that floor but all fit at kFloorGive of
// it, it returns that instead, else the largest whole-pixel cell down to
// kLastGive of it at which they all fit.
float projector_floor(const std::vector<GridSpec>& specs,
                      const std::vector<std::vector<std::vector<int>>>& candidates, ImVec2 avail,
                      float lo, float hi, float gap, const Style& style, ImVec2 beyond2);
// The room `avail` (the current window's content region, or part of it)
// would have at font scale 2: the view's own parts around it (lines of text
// or buttons above) scale with the font, k = kProjectorFontScale / font
// scale; the window, its title bar and padding (chrome) keep their sizes.
ImVec2 room_at_scale2(ImVec2 avail, float k);
// The current window's title bar and padding: {left + right, top + bottom}.
ImVec2 window_frame();
// fit_layouts, then, when the cells come out too small to print values
// (readable_cell()), pins the grids listed in `small` (kernels) at `readable`
// (via fixed_cell, in `specs`) if the others keep most of their size: values
// of a 4×4 kernel stay legible next to a 130×130 canvas.
float fit_with_small_grids(std::vector<GridSpec>& specs,
                           const std::vector<std::vector<std::vector<int>>>& candidates,
                           ImVec2 avail, float lo, float hi, float gap, int* chosen,
                           const std::vector<int>& small, float readable);
// A view's grids on its canvas (scatter, flip, arithmetic): the cell edge
// and the candidate chosen, from `min` (min_cell) up to `hi`, kept at least
// at projector_floor, with the grids in `small` (kernels) pinned readable
// (fit_with_small_grids, base_cell). Fitted to the canvas without its
// scrollbar when every grid shows there: the scrollbar an earlier, taller
// layout left then goes away (else it kept itself: it took the width one
// row needed, so the grids took two rows and scrolled). Past font scale 2,
// where `min` would make the grids scroll, the cells may go down to what
// prints values at scale 2 if every grid then shows. Last, for a problem
// whose values print, the largest cell down to kLastGive of that which
// shows every grid; else the grids scroll.
struct CanvasFit {
  float cell = 0.f;
  int chosen = 0;
  bool fits = false;  // every grid shows in the canvas
};
CanvasFit fit_canvas(std::vector<GridSpec>& specs,
                     const std::vector<std::vector<std::vector<int>>>& candidates, float min,
                     float hi, float gap, const Style& style, ImVec2 beyond2,
                     const std::vector<int>& small);
// Places grids row by row with `gap` between blocks and rows (the same gap
// fit_cells assumed); draw_fn(i) draws grid i at the cursor.
void layout_rows(const std::vector<std::vector<int>>& rows, float gap,
                 const std::function<void(int)>& draw_fn);
// Gap between grid blocks: enough that titles and indices never touch;
// above kProjectorFontScale it keeps that scale's gap.
float block_gap();
// The font size of labels around the grids (their titles, legends, the
// signs between them): the text's, at most kProjectorFontScale's. Past that
// they would only take the grids' room: at font scale 3 the titles alone
// pushed d2l-basic's output y onto a second row, below the fold.
float label_font_size();
// The width of an outline or arrow drawn over grids: `per_scale` px per font
// scale, at least 2, and like the labels no wider than at scale 2 (at 3 the
// current step's frame covered the first digit of 45 px cells).
float outline_width(const Style& style, float per_scale);

// Draws a grid block at the cursor and advances it like one ImGui item (so
// SameLine() works after it). `cell_fn(r, c)` gives each cell's look. `id`
// must be unique in the window; hover and click come back in the result.
// Cells below 8 px go into one texture of `raster` (raster.h); without one
// they are drawn as rectangles.
GridResult grid(const char* id, const GridSpec& spec, float cell,
                const std::function<CellStyle(int r, int c)>& cell_fn, const Palette& pal,
                RasterCache* raster);

// Compact value text: integers as "%d", others with up to 2 decimals and
// trailing zeros trimmed ("1.5", "-0.25"); fewer decimals when the cell is
// narrow; then a short form ("1.2k", "-35M", at last "…"), which sets
// *abbreviated (the caller shows the full value on hover). Returns false
// (buf empty) when nothing fits in max_width.
bool format_value(float v, float max_width, float font_size, char* buf, int buf_size,
                  bool* abbreviated = nullptr);
// A value font `vfs` shrunk so that the widest value text (measured at vfs)
// fits `room`, down to a readable floor (70%; half on a projector's big
// font; past font scale 2 that of scale 2's value font); past that,
// format_value abbreviates.
float fit_value_font(float vfs, float widest, float room);
// The width a value's text may take in a cell of edge `cell` (or a strip
// that thick): a margin on each side that grows with the cell, so the digits
// of neighbours never run together ("1011" for 10 and 11 at a big font).
float value_room(float cell);
// The value font `vfs` for a cell of edge `cell`: smaller (down to 85% of
// the body's value size) when the cell is a little short of it; 0 when
// values cannot print at all.
float cell_value_font(float vfs, float cell);

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
// Cells r0..r1 × c0..c1 hatched and framed in `col` (a seen colour): a
// region that must read from the back of a room, such as the output_padding
// strip, without hiding the values under it.
void hatch(const GridResult& g, int r0, int c0, int r1, int c1, ImU32 col);
// `p` over the rectangle a..b in `col`.
void draw_pattern(ImDrawList* dl, ImVec2 a, ImVec2 b, Pattern p, ImU32 col);
// Dashed rectangle (for padding, inserted zeros and "cropped" regions).
void dashed_rect(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 col, float thickness, float dash);

// [SECTION] Annotations.
// Arrow from `from` to `to` with a filled head.
void arrow(ImDrawList* dl, ImVec2 from, ImVec2 to, ImU32 col, float thickness = 2.f);
// Text at `pos` (top-left) with an opaque backing box, so it stays readable
// over cells; `scale` multiplies the current font size. Returns its size.
ImVec2 label(ImDrawList* dl, ImVec2 pos, const char* text, ImU32 col, ImU32 bg, float scale = 1.f);
ImVec2 label_size(const char* text, float scale = 1.f);

// Compact number for captions: "2", "-0.5", "1.25" (format_value's rules
// with room for any width). Pure: no ImGui context needed.
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
// One line of swatches and texts, wrapping at the available width. Its text
// grows with the font up to kProjectorFontScale, then keeps that size.
void legend(const std::vector<LegendItem>& items, const Palette& pal, float width = 0.f);
// For `width` (0: the available width).
float legend_height(const std::vector<LegendItem>& items, float width = 0.f);

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
  // What the tile's parts around the canvas (caption, pinned legend, title
  // bar, padding, spacing) take beyond what they would at font scale 2.
  ImVec2 beyond2{0.f, 0.f};
};
// `others`: the captions of other steps (long, short): the caption's place
// is the tallest of them all, so the grids below never jump during playback.
using CaptionPair = std::pair<std::string, std::string>;
ViewFrame begin_view(const char* id, const std::string& long_caption,
                     const std::string& short_caption, const std::vector<LegendItem>& items,
                     const std::vector<CaptionPair>& others = {});
void end_view(const ViewFrame& f, const std::vector<LegendItem>& items, const Palette& pal);
// The room a canvas's grids may fill: the region less a line's spacing, which
// ImGui adds between the rows of blocks beyond what fit_cells counts.
ImVec2 canvas_room();
// Smallest cell that prints a value (about 1.2 × the value font).
float readable_cell();
// The same at scale 2's value font past font scale 2: values shrink that far
// before they go (cell_value_font).
float printable_cell();
// The width the current window's vertical scrollbar takes (0: none).
float scrollbar_room();
// Lower bound for fitted cells given the largest grid edge (in cells): small
// problems keep cells big enough to print values and scroll instead; only
// big ones shrink toward min_cell().
float min_cell(const Style& style, int largest_grid_edge);

}  // namespace studio::ui
