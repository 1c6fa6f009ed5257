// The matrix view: the sparse convolution matrix W (rows: input elements,
// cols: output elements) and its transpose, in both of the seed's directions
// (d2l, "Connection to Matrix Transposition"): the W pane is the convolution
// vec(Y) = W vec(X) with X = arange (kernel2matrix's corr2d), the Wᵀ pane the
// transposed convolution vec(y) = Wᵀ vec(x).
//
// W can be huge (a 128×128 input, 4×4 kernel, stride 2 gives a 16,384 ×
// 65,536 matrix), so nothing here is dense: each frame walks only the W rows
// in view (the row-major record gives each row's non-zeros directly), and
// when a cell is smaller than a few pixels the entries are pooled into pixel
// bins. Vectors are laid out Falk-style, aligned with the axis they multiply:
// vec(x) runs along W's rows (Wᵀ's columns), vec(y) along W's columns (Wᵀ's
// rows), so every row and column can be read off against its vector entry.
#include <imgui.h>
#include <imgui_internal.h>  // SetItemUsingMouseWheel: the wheel zooms instead of scrolling

#include <algorithm>
#include <array>
#include <cinttypes>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "captions.h"
#include "draw.h"
#include "readout.h"
#include "views.h"

namespace studio {
namespace {

using SparseW = tconv::MatrixRecord::SparseW;

using Show = MatrixViewState::Show;
using ColorBy = MatrixViewState::ColorBy;
using Viewport = MatrixViewState::Viewport;

constexpr float kLabelScale = 0.72f;       // row/col labels, as draw.h's grid indices
constexpr float kDetailCell = 2.5f;        // below this many pixels per entry, pool into bins
constexpr float kBin = 2.f;                // pixel bin edge when pooling
constexpr int64_t kVisitBudget = 1500000;  // entries walked per panel per frame, at most

// "W\u1d40": drawn with the shell's font; kept in one place should a font lack ᵀ.
constexpr const char* kWT = "W\xE1\xB5\x80";

// What both panels need this frame.
struct Ctx {
  Ctx(ViewContext& v, const tconv::MatrixRecord& mr, const tconv::Geometry& g)
      : view(v), model(v.model), style(v.style), pal(v.style.palette), M(mr), geo(g) {}
  ViewContext& view;
  const Model& model;
  const Style& style;
  const Palette& pal;
  const tconv::MatrixRecord& M;
  const tconv::Geometry& geo;
  const float* x = nullptr;             // vec(x) of the selected batch element, M.rows() long
  const float* y = nullptr;             // vec(y), M.cols() long (bias included)
  const ConvDirection* conv = nullptr;  // the W pane's X = arange and Y = W·vec(X)
  MatrixExtents ext;
  ColorBy color_by = ColorBy::Tap;
  bool follow = true;
  bool zoom_to_step = false;  // the button was pressed this frame
  int64_t step_row = -1;      // W row of the timeline's current input element
  std::optional<int64_t> hl_row, hl_col;
  int emphasized_tap = -1;  // a hovered kernel tap: the others fade
  bool any_hovered = false;
  bool pooled = false;  // some panel draws several entries per pixel
  // Above font scale 2: each pane's fit at scale 2 (scale2_cells), by `transposed`.
  std::array<float, 2> floor_cell{0.f, 0.f};

  Viewport& viewport(bool transposed) {
    return transposed ? view.state.matrix.wt : view.state.matrix.w;
  }
};

// [SECTION] Index names.
struct Elem {
  int64_t c, h, w;
};
Elem input_elem(const tconv::Geometry& g, int64_t row) {
  const int64_t hw = g.h.in * g.w.in;
  return {row / hw, row / g.w.in % g.h.in, row % g.w.in};
}
Elem output_elem(const tconv::Geometry& g, int64_t col) {
  const int64_t hw = g.h.out * g.w.out;
  return {col / hw, col / g.w.out % g.h.out, col % g.w.out};
}

// "x(1,2)" / "y(0,3)"; the channel first when there is more than one.
std::string elem_name(char v, const Elem& e, bool channels) {
  char buf[64];
  if (channels)
    std::snprintf(buf, sizeof buf, "%c(%" PRId64 ",%" PRId64 ",%" PRId64 ")", v, e.c, e.h, e.w);
  else
    std::snprintf(buf, sizeof buf, "%c(%" PRId64 ",%" PRId64 ")", v, e.h, e.w);
  return buf;
}

// Short label for an axis tick: "1,2" (or "0:1,2" with channels).
std::string tick_name(const Elem& e, bool channels) {
  char buf[64];
  if (channels)
    std::snprintf(buf, sizeof buf, "%" PRId64 ":%" PRId64 ",%" PRId64, e.c, e.h, e.w);
  else
    std::snprintf(buf, sizeof buf, "%" PRId64 ",%" PRId64, e.h, e.w);
  return buf;
}

int tap_index(const tconv::Geometry& g, const tconv::Tap& t) {
  return static_cast<int>(t.kh * g.w.kernel + t.kw);
}

int64_t nice_at_least(double k) {
  for (int64_t m = 1;; m *= 10)
    for (int64_t nice : {1, 2, 5})
      if (static_cast<double>(nice * m) >= k) return nice * m;
}

// Every k-th label, so labels never overlap. Steps follow the image rows
// (`row_len` elements per row) where they can, so ticks read "4,0", "8,0"
// rather than arbitrary flat indices.
int64_t label_step(float cell, float needed, int64_t row_len) {
  if (cell <= 0.f) return 1;
  const double k = std::ceil(needed / cell);
  if (k <= 1.0) return 1;
  if (k > static_cast<double>(row_len))
    return row_len * nice_at_least(k / static_cast<double>(row_len));
  for (int64_t d = static_cast<int64_t>(k); d <= row_len; ++d)
    if (row_len % d == 0) return d <= 4 * k ? d : nice_at_least(k);
  return nice_at_least(k);
}

// [SECTION] Walking the visible non-zeros.
// Calls f(displayed_row, displayed_col, k) for each stored non-zero of W
// inside displayed rows [ra, rb) × cols [ca, cb); k indexes valuePtr() and
// the taps. For Wᵀ the displayed columns are W's rows, so the walk is the
// same loop over W rows with the roles of the ranges swapped. `every`
// samples rows when even the visible part is more than a frame can afford.
template <class F>
void for_visible(const SparseW& W, bool transposed, int64_t ra, int64_t rb, int64_t ca, int64_t cb,
                 int64_t every, F&& f) {
  const int32_t* outer = W.outerIndexPtr();
  const int32_t* inner = W.innerIndexPtr();
  const int32_t* nnz = W.innerNonZeroPtr();  // null when compressed
  const int64_t wa = transposed ? ca : ra, wb = transposed ? cb : rb;
  const int64_t ka = transposed ? ra : ca, kb = transposed ? rb : cb;
  for (int64_t wr = wa; wr < wb; wr += every) {
    const int32_t* b = inner + outer[wr];
    const int32_t* e = nnz ? b + nnz[wr] : inner + outer[wr + 1];
    for (const int32_t* p = std::lower_bound(b, e, static_cast<int32_t>(ka)); p < e && *p < kb;
         ++p) {
      const int64_t k = p - inner;
      if (transposed)
        f(static_cast<int64_t>(*p), wr, k);
      else
        f(wr, static_cast<int64_t>(*p), k);
    }
  }
}

// Rows of W the walk visits, for the sampling budget.
int64_t walk_size(const SparseW& W, int64_t wa, int64_t wb) {
  return static_cast<int64_t>(W.outerIndexPtr()[wb]) - W.outerIndexPtr()[wa];
}

// [SECTION] Colours.
ImU32 entry_color(const Ctx& cx, float v, int tap) {
  if (cx.color_by == ColorBy::Value) return ui::value_color(v, cx.ext.w, cx.pal);
  const ImU32 c = ui::tap_color(tap, cx.pal);
  if (cx.emphasized_tap >= 0 && tap != cx.emphasized_tap) return ui::with_alpha(c, 0.22f);
  return c;
}

// A bin holding several taps: the theme's text colour, unlike every tap colour.
ImU32 mixed_color(const Ctx& cx) {
  return ui::mix(cx.pal.text, cx.pal.background, 0.15f);
}

// [SECTION] Panel layout.
struct PanelLayout {
  ImVec2 pos, size;
  float title_h = 0, label_w = 0, label_h = 0, strip = 0, gap = 0;
  // Matrix area.
  ImVec2 m0, m1;
  // Strips: vec(x) and vec(y).
  ImVec2 x0, x1, y0, y1;
};

struct Dims {
  int64_t rows, cols;  // displayed
};

Dims dims(const Ctx& cx, bool transposed) {
  return transposed ? Dims{cx.M.cols(), cx.M.rows()} : Dims{cx.M.rows(), cx.M.cols()};
}

float label_font() {
  return ImGui::GetFontSize() * kLabelScale;
}

float text_w(float fs, const char* s) {
  return ImGui::GetFont()->CalcTextSizeA(fs, FLT_MAX, 0.f, s).x;
}

// Widest tick label on an axis (input or output elements): the last element
// has the most digits in every coordinate.
float widest_tick(const Ctx& cx, bool input_axis) {
  const bool ch = input_axis ? cx.geo.in_channels > 1 : cx.geo.out_channels > 1;
  const int64_t last = input_axis ? cx.M.rows() - 1 : cx.M.cols() - 1;
  const Elem e = input_axis ? input_elem(cx.geo, last) : output_elem(cx.geo, last);
  return text_w(label_font(), tick_name(e, ch).c_str());
}

// Strips are wide enough for printed values only when the matrix prints
// them too; with tiny cells a thin strip leaves the space to the matrix.
float thick_strip() {
  return ImGui::GetFontSize() * 2.6f;
}
float thin_strip() {
  return ImGui::GetFontSize() * 0.9f;
}
bool cells_print_values(float cell) {
  return ui::cell_value_font(ImGui::GetFontSize() * 0.9f, cell) > 0.f;
}

// Fixed overheads around the matrix area (they do not change with zoom, so
// the matrix does not jump while the wheel turns).
struct Overhead {
  float w, h;
};
Overhead overhead(const Ctx& cx, bool transposed, float strip) {
  const float fs = ImGui::GetFontSize();
  const float lw = widest_tick(cx, /*input_axis=*/!transposed) + fs * 0.5f;
  const float gap = fs * 0.3f;
  return {lw + strip + gap + fs * 0.4f,
          ImGui::GetTextLineHeightWithSpacing() + label_font() + 4.f + strip + gap + fs * 0.4f};
}

PanelLayout layout_panel(const Ctx& cx, bool transposed, ImVec2 pos, ImVec2 size, float strip) {
  PanelLayout L;
  L.pos = pos;
  L.size = size;
  const float fs = ImGui::GetFontSize();
  L.title_h = ImGui::GetTextLineHeightWithSpacing();
  L.label_w = widest_tick(cx, !transposed) + fs * 0.5f;
  L.label_h = label_font() + 4.f;
  L.strip = strip;
  L.gap = fs * 0.3f;
  const float top = pos.y + L.title_h + L.label_h;
  if (!transposed) {
    // [labels | x strip | W ] over [ | | y strip ]
    L.x0 = {pos.x + L.label_w, top};
    L.m0 = {L.x0.x + L.strip + L.gap, top};
    L.m1 = {pos.x + size.x - fs * 0.4f, pos.y + size.y - L.strip - L.gap - fs * 0.4f};
    L.x1 = {L.x0.x + L.strip, L.m1.y};
    L.y0 = {L.m0.x, L.m1.y + L.gap};
    L.y1 = {L.m1.x, L.y0.y + L.strip};
  } else {
    // [ | x strip ] over [labels | Wᵀ | y strip]
    L.x0 = {pos.x + L.label_w, top};
    L.m0 = {L.x0.x, top + L.strip + L.gap};
    L.m1 = {pos.x + size.x - L.strip - L.gap - fs * 0.4f, pos.y + size.y - fs * 0.4f};
    L.x1 = {L.m1.x, L.x0.y + L.strip};
    L.y0 = {L.m1.x + L.gap, L.m0.y};
    L.y1 = {L.y0.x + L.strip, L.m1.y};
  }
  L.m1.x = std::max(L.m1.x, L.m0.x + 1.f);
  L.m1.y = std::max(L.m1.y, L.m0.y + 1.f);
  return L;
}

float fit_cell_for(const Ctx& cx, const Dims& d, ImVec2 area) {
  const float max_cell = ui::base_cell(cx.style) * 1.6f;
  const float c =
      std::min(area.x / static_cast<float>(d.cols), area.y / static_cast<float>(d.rows));
  return std::clamp(c, 1e-6f, max_cell);
}

// [SECTION] Drawing pieces.
// Rows [a, b) of the displayed axis that intersect [lo, lo + len) pixels.
struct Range {
  int64_t a, b;
};
Range visible(double first, float cell, float len, int64_t n) {
  const int64_t a = std::clamp<int64_t>(static_cast<int64_t>(std::floor(first)), 0, n);
  const int64_t b = std::clamp<int64_t>(static_cast<int64_t>(std::ceil(first + len / cell)), 0, n);
  return {a, b};
}

struct Bin {
  float best = -1.f;  // max |value| so far (-1: empty)
  float value = 0.f;  // the value with that magnitude
  int tap = -1;       // -2: several taps
};

// One pane's matrix area this frame: what is visible and where it is drawn.
struct Area {
  bool transposed;
  const Viewport& vp;
  ImVec2 a, b;    // the area
  Range rr, cr;   // visible displayed rows and columns
  float ex, ey;   // where the matrix ends (it may not fill the area)
  float x0, y0;   // where it starts (a short matrix zoomed about the mouse sits inside)
  int64_t every;  // rows of W walked: every k-th when a frame cannot afford all
  float sx(double c) const { return a.x + static_cast<float>((c - vp.c0) * vp.cell); }
  float sy(double r) const { return a.y + static_cast<float>((r - vp.r0) * vp.cell); }
};

Area make_area(const Ctx& cx, bool transposed, const PanelLayout& L, const Viewport& vp) {
  const Dims d = dims(cx, transposed);
  const float cell = vp.cell;
  Area ar{transposed,
          vp,
          L.m0,
          L.m1,
          visible(vp.r0, cell, L.m1.y - L.m0.y, d.rows),
          visible(vp.c0, cell, L.m1.x - L.m0.x, d.cols),
          0.f,
          0.f,
          0.f,
          0.f,
          1};
  ar.ex = std::min(ar.b.x, ar.a.x + static_cast<float>((d.cols - vp.c0) * cell));
  ar.ey = std::min(ar.b.y, ar.a.y + static_cast<float>((d.rows - vp.r0) * cell));
  ar.x0 = std::max(ar.a.x, ar.sx(0.0));
  ar.y0 = std::max(ar.a.y, ar.sy(0.0));
  const int64_t wa = transposed ? ar.cr.a : ar.rr.a, wb = transposed ? ar.cr.b : ar.rr.b;
  ar.every = std::max<int64_t>(1, (walk_size(cx.M.W(), wa, wb) + kVisitBudget - 1) / kVisitBudget);
  return ar;
}

// Widest text of these values at font size `vfs` (two decimals at most).
float widest_value(float vfs, float lo, float hi) {
  float w = 0.f;
  char buf[32];
  for (float v : {lo, hi})
    if (ui::format_value(v, FLT_MAX, vfs, buf, sizeof buf))
      w = std::max(w, ImGui::GetFont()->CalcTextSizeA(vfs, FLT_MAX, 0.f, buf).x);
  return w;
}

// The entries' value font: one size for all, small enough for the widest
// visible value (ui::fit_value_font); 0 when cells are too small for values.
float entry_font(const Ctx& cx, const Area& ar, const float* vals) {
  const float cell = ar.vp.cell;
  const float vfs = ui::cell_value_font(ImGui::GetFontSize() * 0.9f, cell);
  if (vfs <= 0.f) return 0.f;
  float lo = 0.f, hi = 0.f;
  for_visible(cx.M.W(), ar.transposed, ar.rr.a, ar.rr.b, ar.cr.a, ar.cr.b, ar.every,
              [&](int64_t, int64_t, int64_t k) {
                lo = std::min(lo, vals[k]);
                hi = std::max(hi, vals[k]);
              });
  return ui::fit_value_font(vfs, widest_value(vfs, lo, hi), ui::value_room(cell));
}

// One rectangle per entry; grid lines and values once cells are large, tap
// names once they are larger still.
void draw_entries(const Ctx& cx, const Area& ar) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float cell = ar.vp.cell;
  const float inset = cell >= 8.f ? 1.f : 0.f;
  if (cell >= 8.f) {
    const ImU32 gl = ui::with_alpha(cx.pal.grid, 0.45f);
    for (int64_t r = ar.rr.a; r <= ar.rr.b; ++r)
      dl->AddLine({ar.x0, ar.sy(r)}, {ar.ex, ar.sy(r)}, gl);
    for (int64_t c = ar.cr.a; c <= ar.cr.b; ++c)
      dl->AddLine({ar.sx(c), ar.y0}, {ar.sx(c), ar.ey}, gl);
  }
  const float* vals = cx.M.W().valuePtr();
  const float vfs = entry_font(cx, ar, vals);
  const bool values = vfs > 0.f;
  const float cfs = ImGui::GetFontSize() * 0.6f;
  const bool taps = cx.color_by == ColorBy::Tap && cell >= 2.f * ImGui::GetFontSize();
  for_visible(
      cx.M.W(), ar.transposed, ar.rr.a, ar.rr.b, ar.cr.a, ar.cr.b, ar.every,
      [&](int64_t r, int64_t c, int64_t k) {
        const tconv::Tap& t = cx.M.tap(k);
        const ImU32 fill = entry_color(cx, vals[k], tap_index(cx.geo, t));
        const ImVec2 p{ar.sx(c), ar.sy(r)};
        dl->AddRectFilled({p.x + inset, p.y + inset}, {p.x + cell - inset, p.y + cell - inset},
                          fill);
        const bool faded = ((fill >> IM_COL32_A_SHIFT) & 0xFF) < 128;
        const ImU32 tc = faded ? cx.pal.text : ui::text_on(fill);
        if (!values) ui::log_hidden_values(1);  // the entry's tooltip has it
        if (values) {
          char buf[32];
          bool shortened = false;
          if (ui::format_value(vals[k], ui::value_room(cell), vfs, buf, sizeof buf, &shortened)) {
            const ImVec2 ts = ImGui::GetFont()->CalcTextSizeA(vfs, FLT_MAX, 0.f, buf);
            const float ty = taps ? p.y + 0.42f * cell - 0.5f * ts.y : p.y + 0.5f * (cell - ts.y);
            dl->AddText(ImGui::GetFont(), vfs, {p.x + 0.5f * (cell - ts.x), ty}, tc, buf);
            ui::log_cell_text(ar.transposed ? "WT" : "W", buf, ts.x, cell, shortened);
          }
        }
        if (taps) {
          // Colours repeat after 8 taps: the tap's name settles it on large cells.
          char buf[32];
          std::snprintf(buf, sizeof buf, "%d,%d", t.kh, t.kw);
          const ImVec2 ts = ImGui::GetFont()->CalcTextSizeA(cfs, FLT_MAX, 0.f, buf);
          if (ts.x <= ui::value_room(cell))
            dl->AddText(ImGui::GetFont(), cfs,
                        {p.x + 0.5f * (cell - ts.x), p.y + cell - ts.y - 2.f},
                        ui::with_alpha(tc, 0.8f), buf);
        }
      });
}

// Pools the visible entries into kBin-pixel bins: max |value| decides the
// value colour, and a bin keeps its tap colour only while all its entries
// share one tap. Runs of one colour become one rectangle (banded matrices
// are mostly runs), relative to the area's corner.
std::vector<Viewport::Run> pool_entries(const Ctx& cx, const Area& ar) {
  const Viewport& vp = ar.vp;
  const int nbx = std::max(1, static_cast<int>(std::ceil((ar.ex - ar.a.x) / kBin)));
  const int nby = std::max(1, static_cast<int>(std::ceil((ar.ey - ar.a.y) / kBin)));
  std::vector<Bin> bins(static_cast<size_t>(nbx) * static_cast<size_t>(nby));
  const auto at = [&](int bx, int by) -> Bin& {
    return bins[static_cast<size_t>(by) * static_cast<size_t>(nbx) + static_cast<size_t>(bx)];
  };
  const double per_bin = kBin / vp.cell;  // entries per bin edge
  const float* vals = cx.M.W().valuePtr();
  for_visible(cx.M.W(), ar.transposed, ar.rr.a, ar.rr.b, ar.cr.a, ar.cr.b, ar.every,
              [&](int64_t r, int64_t c, int64_t k) {
                Bin& bin = at(std::clamp(static_cast<int>((c - vp.c0) / per_bin), 0, nbx - 1),
                              std::clamp(static_cast<int>((r - vp.r0) / per_bin), 0, nby - 1));
                const float v = vals[k];
                const int ti = tap_index(cx.geo, cx.M.tap(k));
                if (bin.best < 0.f)
                  bin.tap = ti;
                else if (bin.tap != ti)
                  bin.tap = -2;
                if (std::fabs(v) > bin.best) {
                  bin.best = std::fabs(v);
                  bin.value = v;
                }
              });
  const ImU32 mixed = mixed_color(cx);
  auto bin_color = [&](const Bin& bin) -> ImU32 {
    if (bin.best < 0.f) return 0;
    if (cx.color_by == ColorBy::Value) return ui::value_color(bin.value, cx.ext.w, cx.pal);
    return bin.tap == -2 ? mixed : entry_color(cx, bin.value, bin.tap);
  };
  std::vector<Viewport::Run> runs;
  for (int by = 0; by < nby; ++by) {
    int run = 0;
    ImU32 run_col = 0;
    for (int bx = 0; bx <= nbx; ++bx) {
      const ImU32 col = bx < nbx ? bin_color(at(bx, by)) : 0;
      if (col != run_col || bx == nbx) {
        if (run_col) runs.push_back({run * kBin, by * kBin, bx * kBin, (by + 1) * kBin, run_col});
        run = bx;
        run_col = col;
      }
    }
  }
  return runs;
}

// The pooled picture: rebuilt only when what it shows changed, so a still
// view (the timeline playing, a hover elsewhere) does not walk W again.
void draw_pooled(const Ctx& cx, const Area& ar, Viewport& vp) {
  Viewport::PoolKey key;
  key.revision = cx.model.revision();
  key.r0 = vp.r0;
  key.c0 = vp.c0;
  key.cell = vp.cell;
  key.w = ar.ex - ar.a.x;
  key.h = ar.ey - ar.a.y;
  key.color_by = static_cast<int>(cx.color_by);
  key.tap = cx.emphasized_tap;
  key.text = cx.pal.text;
  key.background = cx.pal.background;
  key.positive = cx.pal.positive;
  key.negative = cx.pal.negative;
  if (!(key == vp.pool_key)) {
    vp.pool_key = key;
    vp.pool = pool_entries(cx, ar);
  }
  ImDrawList* dl = ImGui::GetWindowDrawList();
  for (const Viewport::Run& r : vp.pool)
    dl->AddRectFilled({ar.a.x + r.x0, ar.a.y + r.y0}, {ar.a.x + r.x1, ar.a.y + r.y1}, r.col);
}

// Structure lines: image rows (a new ih / oh) and channel blocks, when they
// are far enough apart to read.
void draw_structure(const Ctx& cx, const Area& ar) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float cell = ar.vp.cell;
  auto lines = [&](bool along_rows, int64_t lo, int64_t hi, int64_t period, ImU32 col, float th) {
    if (period <= 0 || period * cell < 6.f) return;
    for (int64_t i = (lo + period - 1) / period * period; i < hi; i += period) {
      if (i == 0) continue;
      if (along_rows)
        dl->AddLine({ar.x0, ar.sy(i)}, {ar.ex, ar.sy(i)}, col, th);
      else
        dl->AddLine({ar.sx(i), ar.y0}, {ar.sx(i), ar.ey}, col, th);
    }
  };
  const tconv::Geometry& g = cx.geo;
  const bool t = ar.transposed;
  const int64_t in_plane = g.h.in * g.w.in, out_plane = g.h.out * g.w.out;
  const int64_t row_period = t ? g.w.out : g.w.in, col_period = t ? g.w.in : g.w.out;
  const ImU32 faint = ui::with_alpha(cx.pal.text, 0.18f);
  const ImU32 strong = ui::with_alpha(cx.pal.text, 0.6f);
  if (cell < 8.f || row_period > 1) lines(true, ar.rr.a, ar.rr.b + 1, row_period, faint, 1.f);
  if (cell < 8.f || col_period > 1) lines(false, ar.cr.a, ar.cr.b + 1, col_period, faint, 1.f);
  if (t ? g.out_channels > 1 : g.in_channels > 1)
    lines(true, ar.rr.a, ar.rr.b + 1, t ? out_plane : in_plane, strong, 2.f);
  if (t ? g.in_channels > 1 : g.out_channels > 1)
    lines(false, ar.cr.a, ar.cr.b + 1, t ? in_plane : out_plane, strong, 2.f);
}

// Highlights: the timeline's input element (row of W / column of Wᵀ) and
// the hover from any view. Bands stay at least 3 px so they show at scale.
void draw_bands(const Ctx& cx, const Area& ar) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float cell = ar.vp.cell;
  auto band = [&](bool is_row, int64_t i, ImU32 col) {
    const float lo = is_row ? ar.sy(static_cast<double>(i)) : ar.sx(static_cast<double>(i));
    float hi = lo + cell;
    float l = lo;
    if (hi - l < 3.f) {
      const float mid = 0.5f * (l + hi);
      l = mid - 1.5f;
      hi = mid + 1.5f;
    }
    const ImVec2 p = is_row ? ImVec2{ar.x0, l} : ImVec2{l, ar.y0};
    const ImVec2 q = is_row ? ImVec2{ar.ex, hi} : ImVec2{hi, ar.ey};
    dl->AddRectFilled(p, q, ui::with_alpha(col, 0.16f));
    // A background-coloured halo under the outline: the highlight colours
    // are also tap colours (yellow, vermillion) and must not melt into them.
    const float t = std::min(3.f, std::max(1.5f, cell * 0.12f));
    dl->AddRect(p, q, cx.pal.background, 0.f, 0, t + 3.f);
    dl->AddRect(p, q, col, 0.f, 0, t);
  };
  if (cx.step_row >= 0) band(!ar.transposed, cx.step_row, cx.pal.highlight);
  if (cx.hl_row) band(!ar.transposed, *cx.hl_row, cx.pal.hover);
  if (cx.hl_col) band(ar.transposed, *cx.hl_col, cx.pal.hover);
}

void draw_matrix(Ctx& cx, bool transposed, const PanelLayout& L, Viewport& vp) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const Area ar = make_area(cx, transposed, L, vp);
  dl->PushClipRect(ar.a, ar.b, true);
  dl->AddRectFilled({ar.x0, ar.y0}, {ar.ex, ar.ey}, ui::mix(cx.pal.background, cx.pal.text, 0.05f));
  if (vp.cell >= kDetailCell)
    draw_entries(cx, ar);
  else
    draw_pooled(cx, ar, vp);
  draw_structure(cx, ar);
  draw_bands(cx, ar);
  dl->PopClipRect();
  dl->AddRect({ar.x0 - 1.f, ar.y0 - 1.f}, {ar.ex + 1.f, ar.ey + 1.f}, cx.pal.grid);
}

// Entry i of a strip outlined in `col` (at least 3 px, however small the
// cells), with a halo as the bands have.
void mark_strip_entry(const Ctx& cx, ImVec2 a, ImVec2 b, bool vertical, double first, float cell,
                      int64_t i, ImU32 col) {
  float p = static_cast<float>((i - first) * cell), q = p + cell;
  if (q - p < 3.f) {
    const float m = 0.5f * (p + q);
    p = m - 1.5f;
    q = m + 1.5f;
  }
  const float t = 2.5f;
  const ImVec2 lo = vertical ? ImVec2{a.x + 1.f, a.y + p} : ImVec2{a.x + p, a.y + 1.f};
  const ImVec2 hi = vertical ? ImVec2{b.x - 1.f, a.y + q} : ImVec2{a.x + q, b.y - 1.f};
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRect(lo, hi, cx.pal.background, 0.f, 0, t + 3.f);
  dl->AddRect(lo, hi, col, 0.f, 0, t);
}

// One vector strip (vec(x) or vec(y)) along the displayed rows or columns.
// Entries carry value colours; values are printed when they fit.
void draw_strip(Ctx& cx, ImVec2 a, ImVec2 b, bool vertical, const float* v, int64_t n, double first,
                float cell, float max_abs, int64_t mark, std::optional<int64_t> hover_mark) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float len = vertical ? b.y - a.y : b.x - a.x;
  const Range r = visible(first, cell, len, n);
  const float thick = vertical ? b.x - a.x : b.y - a.y;
  const float end = std::min(len, static_cast<float>((n - first) * cell));
  const float start = std::max(0.f, static_cast<float>(-first * cell));
  dl->PushClipRect(a, b, true);
  auto rect = [&](float p, float q, ImU32 col) {
    if (vertical)
      dl->AddRectFilled({a.x, a.y + p}, {b.x, a.y + q}, col);
    else
      dl->AddRectFilled({a.x + p, a.y}, {a.x + q, b.y}, col);
  };
  if (cell >= kDetailCell) {
    // One value font for the visible values, small enough for the widest.
    float vfs = ui::cell_value_font(ImGui::GetFontSize() * 0.9f, cell);
    const bool values = vfs > 0.f;
    if (values) {
      const auto [lo, hi] = std::minmax_element(v + r.a, v + r.b);
      const float room = ui::value_room(vertical ? thick : std::min(thick, cell));
      if (r.b > r.a) vfs = ui::fit_value_font(vfs, widest_value(vfs, *lo, *hi), room);
    }
    for (int64_t i = r.a; i < r.b; ++i) {
      const float p = static_cast<float>((i - first) * cell);
      const ImU32 fill = ui::value_color(v[i], max_abs, cx.pal);
      rect(p + (cell >= 8.f ? 0.5f : 0.f), p + cell - (cell >= 8.f ? 0.5f : 0.f), fill);
      char buf[32];
      // Along a horizontal strip a value has its cell's width, not the
      // strip's thickness: wider ones would run into their neighbours.
      const float edge = vertical ? thick : std::min(thick, cell);
      const float room = ui::value_room(edge);
      bool shortened = false;
      if (!values) ui::log_hidden_values(1);  // the strip's tooltip has it
      if (values && !ui::format_value(v[i], room, vfs, buf, sizeof buf, &shortened))
        ui::log_hidden_values(1, true);
      if (values && *buf) {
        const ImVec2 ts = ImGui::GetFont()->CalcTextSizeA(vfs, FLT_MAX, 0.f, buf);
        ui::log_cell_text(vertical ? "vec(x)" : "vec(y)", buf, ts.x, edge, shortened);
        const ImVec2 at = vertical
                              ? ImVec2{a.x + 0.5f * (thick - ts.x), a.y + p + 0.5f * (cell - ts.y)}
                              : ImVec2{a.x + p + 0.5f * (cell - ts.x), a.y + 0.5f * (thick - ts.y)};
        dl->AddText(ImGui::GetFont(), vfs, at, ui::text_on(fill), buf);
      }
    }
  } else {
    // Per pixel bin, the largest |value| of up to 16 evenly spaced entries:
    // bounded work however many entries share the bin.
    for (float p = start; p < end; p += kBin) {
      const double i0 = first + p / cell, i1 = std::min<double>(n, first + (p + kBin) / cell);
      const int64_t lo = std::clamp<int64_t>(static_cast<int64_t>(i0), 0, n - 1);
      const int64_t hi = std::clamp<int64_t>(static_cast<int64_t>(std::ceil(i1)), lo + 1, n);
      const int64_t step = std::max<int64_t>(1, (hi - lo) / 16);
      float best = 0.f, val = 0.f;
      for (int64_t i = lo; i < hi; i += step)
        if (std::fabs(v[i]) > best) {
          best = std::fabs(v[i]);
          val = v[i];
        }
      rect(p, std::min(p + kBin, end), ui::value_color(val, max_abs, cx.pal));
    }
  }
  if (mark >= 0) mark_strip_entry(cx, a, b, vertical, first, cell, mark, cx.pal.highlight);
  if (hover_mark) mark_strip_entry(cx, a, b, vertical, first, cell, *hover_mark, cx.pal.hover);
  dl->PopClipRect();
  const ImVec2 s0 = vertical ? ImVec2{a.x, a.y + start} : ImVec2{a.x + start, a.y};
  const ImVec2 e = vertical ? ImVec2{b.x, a.y + end} : ImVec2{a.x + end, b.y};
  dl->AddRect({s0.x - 1.f, s0.y - 1.f}, {e.x + 1.f, e.y + 1.f}, cx.pal.grid);
}

// Where the matrix's drawn part ends (it may not fill its area when it fits).
ImVec2 matrix_extent(const Ctx& cx, bool transposed, const PanelLayout& L, const Viewport& vp) {
  const Dims d = dims(cx, transposed);
  return {std::min(L.m1.x, L.m0.x + static_cast<float>((d.cols - vp.c0) * vp.cell)),
          std::min(L.m1.y, L.m0.y + static_cast<float>((d.rows - vp.r0) * vp.cell))};
}

// Tick labels along the displayed rows (left of the panel) and columns (above).
void draw_ticks(const Ctx& cx, bool transposed, const PanelLayout& L, const Viewport& vp) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const Dims d = dims(cx, transposed);
  const float fs = label_font();
  const ImU32 col = ui::with_alpha(cx.pal.text, 0.7f);
  const bool rows_are_inputs = !transposed;
  const bool row_ch = rows_are_inputs ? cx.geo.in_channels > 1 : cx.geo.out_channels > 1;
  const bool col_ch = rows_are_inputs ? cx.geo.out_channels > 1 : cx.geo.in_channels > 1;
  auto name = [&](bool input_axis, int64_t i, bool ch) {
    return tick_name(input_axis ? input_elem(cx.geo, i) : output_elem(cx.geo, i), ch);
  };
  const ImVec2 ext = matrix_extent(cx, transposed, L, vp);

  // Rows: right-aligned in the label column, centred on their row.
  {
    const Range r = visible(vp.r0, vp.cell, L.m1.y - L.m0.y, d.rows);
    const int64_t k = label_step(vp.cell, fs * 1.1f, rows_are_inputs ? cx.geo.w.in : cx.geo.w.out);
    dl->PushClipRect({L.pos.x, L.m0.y - fs}, {L.m0.x, L.m1.y + fs}, true);
    for (int64_t i = (r.a + k - 1) / k * k; i < r.b; i += k) {
      const std::string s = name(rows_are_inputs, i, row_ch);
      // Whole labels, beside the matrix only (never over a strip's name): the
      // first and last rows' labels slide inwards rather than vanish.
      if (ext.y - L.m0.y < fs) break;
      const float y = std::clamp(
          L.m0.y + static_cast<float>((i + 0.5 - vp.r0) * vp.cell) - 0.5f * fs, L.m0.y, ext.y - fs);
      dl->AddText(ImGui::GetFont(), fs,
                  {L.pos.x + L.label_w - fs * 0.4f - text_w(fs, s.c_str()), y}, col, s.c_str());
    }
    dl->PopClipRect();
  }
  // Columns: centred above their column, every k-th so they never touch.
  {
    const Range r = visible(vp.c0, vp.cell, L.m1.x - L.m0.x, d.cols);
    const float widest = widest_tick(cx, /*input_axis=*/transposed);
    const int64_t k =
        label_step(vp.cell, widest + fs * 0.8f, rows_are_inputs ? cx.geo.w.out : cx.geo.w.in);
    const float y = L.pos.y + L.title_h;
    const float lo = L.m0.x - 0.5f * L.gap, hi = ext.x + 0.5f * L.gap;
    dl->PushClipRect({lo, y}, {hi, y + L.label_h}, true);
    for (int64_t i = (r.a + k - 1) / k * k; i < r.b; i += k) {
      const std::string s = name(!rows_are_inputs, i, col_ch);
      const float w = text_w(fs, s.c_str());
      if (hi - lo < w) continue;
      const float x = std::clamp(
          L.m0.x + static_cast<float>((i + 0.5 - vp.c0) * vp.cell) - 0.5f * w, lo, hi - w);
      dl->AddText(ImGui::GetFont(), fs, {x, y}, col, s.c_str());
    }
    dl->PopClipRect();
  }
}

// [SECTION] Interaction.
std::string entry_tooltip(const Ctx& cx, int64_t row, int64_t col) {
  const tconv::Geometry& g = cx.geo;
  const Elem in = input_elem(g, row), out = output_elem(g, col);
  const std::string xs = elem_name('x', in, g.in_channels > 1);
  const std::string ys = elem_name('y', out, g.out_channels > 1);
  char buf[512];
  const tconv::Tap* t = cx.M.tap_at(row, col);
  if (!t) {
    std::snprintf(buf, sizeof buf,
                  "W[%" PRId64 ", %" PRId64 "] = 0   (%s[%" PRId64 ", %" PRId64
                  "])\n"
                  "%s's kernel footprint does not cover output %s:\nno tap joins them.",
                  row, col, kWT, col, row, xs.c_str(), ys.c_str());
    return buf;
  }
  const float v = cx.M.W().coeff(row, col);
  std::snprintf(buf, sizeof buf,
                "W[%" PRId64 ", %" PRId64 "] = %g   (%s[%" PRId64 ", %" PRId64
                "])\n"
                "input %s  ->  output %s\n"
                "through kernel tap (%d, %d): weight[%d, %d, %d, %d] = %g\n"
                "%s = %g adds %g \xC3\x97 %g to %s",
                row, col, static_cast<double>(v), kWT, col, row, xs.c_str(), ys.c_str(), t->kh,
                t->kw, t->c_in, t->c_out_local, t->kh, t->kw, static_cast<double>(v), xs.c_str(),
                static_cast<double>(cx.x[row]), static_cast<double>(cx.x[row]),
                static_cast<double>(v), ys.c_str());
  return buf;
}

void handle_panel_input(Ctx& cx, bool transposed, const PanelLayout& L, Viewport& vp,
                        float fit_cell) {
  const Dims d = dims(cx, transposed);
  const ImVec2 area{L.m1.x - L.m0.x, L.m1.y - L.m0.y};
  ImGuiIO& io = ImGui::GetIO();

  // Matrix: drag pans, wheel zooms about the mouse, double-click fits.
  ImGui::SetCursorScreenPos(L.m0);
  ImGui::InvisibleButton("##matrix", area);
  ImGui::SetItemUsingMouseWheel();
  const bool hovered = ImGui::IsItemHovered();
  const float max_cell = std::max(fit_cell, ui::base_cell(cx.style) * 3.f);
  if (hovered && io.MouseWheel != 0.f) {
    const float old = vp.cell;
    const float cell = std::clamp(old * std::pow(1.25f, io.MouseWheel), fit_cell, max_cell);
    const double mr = vp.r0 + (io.MousePos.y - L.m0.y) / old;
    const double mc = vp.c0 + (io.MousePos.x - L.m0.x) / old;
    vp.cell = cell;
    vp.r0 = mr - (io.MousePos.y - L.m0.y) / cell;
    vp.c0 = mc - (io.MousePos.x - L.m0.x) / cell;
    vp.fit = cell <= fit_cell;
  }
  if (ImGui::IsItemActive() && ImGui::IsMouseDragging(ImGuiMouseButton_Left, 0.f)) {
    vp.r0 -= io.MouseDelta.y / vp.cell;
    vp.c0 -= io.MouseDelta.x / vp.cell;
    if (io.MouseDelta.x != 0.f || io.MouseDelta.y != 0.f) vp.fit = false;
  }
  if (hovered && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) vp.fit = true;
  if (vp.fit) {
    vp.cell = fit_cell;
    vp.r0 = vp.c0 = 0.0;
  }
  // Never pan the matrix out of view: at least half of what fits (or half
  // the matrix, if it is shorter) stays in its area, which still leaves the
  // wheel free to zoom about any point.
  auto keep_inside = [](double first, int64_t n, double shown) {
    const double keep = 0.5 * std::min(static_cast<double>(n), shown);
    return std::clamp(first, keep - shown, static_cast<double>(n) - keep);
  };
  vp.r0 = keep_inside(vp.r0, d.rows, area.y / vp.cell);
  vp.c0 = keep_inside(vp.c0, d.cols, area.x / vp.cell);

  if (hovered) {
    const double fr = vp.r0 + (io.MousePos.y - L.m0.y) / vp.cell;
    const double fc = vp.c0 + (io.MousePos.x - L.m0.x) / vp.cell;
    if (fr >= 0 && fc >= 0 && fr < static_cast<double>(d.rows) &&
        fc < static_cast<double>(d.cols)) {
      const int64_t r = static_cast<int64_t>(fr), c = static_cast<int64_t>(fc);
      const int64_t wrow = transposed ? c : r, wcol = transposed ? r : c;
      Hover h;
      h.kind = Hover::Kind::WEntry;
      h.row = wrow;
      h.col = wcol;
      cx.view.set_hover(h);
      cx.any_hovered = true;
      std::string tip = entry_tooltip(cx, wrow, wcol);
      tip += "\n\nwheel: zoom   drag: pan   double-click: fit";
      ImGui::SetTooltip("%s", tip.c_str());
    }
  }
}

// Strips: hovering an entry of vec(x) / vec(y) is hovering that element.
void handle_strip_input(Ctx& cx, bool transposed, const PanelLayout& L, const Viewport& vp) {
  ImGuiIO& io = ImGui::GetIO();
  auto strip = [&](const char* id, ImVec2 a, ImVec2 b, bool vertical, bool is_x) {
    if (b.x - a.x < 1.f || b.y - a.y < 1.f) return;
    ImGui::SetCursorScreenPos(a);
    ImGui::InvisibleButton(id, {b.x - a.x, b.y - a.y});
    if (!ImGui::IsItemHovered()) return;
    const double first = vertical ? vp.r0 : vp.c0;
    const double f = first + ((vertical ? io.MousePos.y - a.y : io.MousePos.x - a.x) / vp.cell);
    const int64_t n = is_x ? cx.M.rows() : cx.M.cols();
    if (f < 0 || f >= static_cast<double>(n)) return;
    const int64_t i = static_cast<int64_t>(f);
    const Elem e = is_x ? input_elem(cx.geo, i) : output_elem(cx.geo, i);
    Hover h;
    h.kind = is_x ? Hover::Kind::Input : Hover::Kind::Output;
    h.c = e.c;
    h.h = e.h;
    h.w = e.w;
    cx.view.set_hover(h);
    cx.any_hovered = true;
    const bool ch = is_x ? cx.geo.in_channels > 1 : cx.geo.out_channels > 1;
    const std::string nm = elem_name(is_x ? 'x' : 'y', e, ch);
    if (!transposed && cx.conv) {  // the convolution's vectors
      if (is_x)
        ImGui::SetTooltip("vec(Y)[%" PRId64 "] = %s\nrow %" PRId64
                          " of W times vec(X): the convolution's output\nat %s's position",
                          i, ui::num(cx.conv->y[static_cast<size_t>(i)]).c_str(), i, nm.c_str());
      else
        ImGui::SetTooltip("vec(X)[%" PRId64 "] = %s (X = arange)\ncolumn %" PRId64
                          " of W: the convolution's input at %s's position",
                          i, ui::num(cx.conv->x[static_cast<size_t>(i)]).c_str(), i, nm.c_str());
    } else if (is_x)
      ImGui::SetTooltip("vec(x)[%" PRId64 "] = %s = %g\nrow %" PRId64 " of W, column %" PRId64
                        " of %s:\nwhere this input is broadcast to",
                        i, nm.c_str(), static_cast<double>(cx.x[i]), i, i, kWT);
    else
      ImGui::SetTooltip("vec(y)[%" PRId64 "] = %s = %g\ncolumn %" PRId64 " of W, row %" PRId64
                        " of %s, times vec(x)%s",
                        i, nm.c_str(), static_cast<double>(cx.y[i]), i, i, kWT,
                        cx.geo.has_bias ? ", plus the bias" : "");
  };
  // In W the x strip runs down the rows; in Wᵀ along the columns (and y the other way).
  strip("##xstrip", L.x0, L.x1, !transposed, true);
  strip("##ystrip", L.y0, L.y1, transposed, false);
}

// Strips hug the matrix: vec(y) right below W (right of Wᵀ), and both only as
// long as the matrix side they run along.
void place_strips(const Ctx& cx, bool transposed, PanelLayout& L, const Viewport& vp) {
  const ImVec2 e = matrix_extent(cx, transposed, L, vp);
  if (!transposed) {
    L.x1.y = e.y;
    L.y0 = {L.m0.x, e.y + L.gap};
    L.y1 = {e.x, L.y0.y + L.strip};
  } else {
    L.x1.x = e.x;
    L.y0 = {e.x + L.gap, L.m0.y};
    L.y1 = {L.y0.x + L.strip, e.y};
  }
}

// Brings the step's row (column in Wᵀ) and its non-zeros into view when the
// timeline moves it out, once per change, so dragging elsewhere is not
// fought every frame. "Zoom to step" does the same at a readable cell size.
void follow_step(const Ctx& cx, bool transposed, const PanelLayout& L, Viewport& vp) {
  // Only a step that moved counts: zooming away from the step must not be
  // undone on the next frame.
  const bool moved = cx.step_row != vp.followed_row;
  vp.followed_row = cx.step_row;
  if (cx.step_row < 0) return;
  const ImVec2 area{L.m1.x - L.m0.x, L.m1.y - L.m0.y};
  const Dims d = dims(cx, transposed);
  // A fitted pane held at the scale-2 cell (floor_cell) shows part of the
  // matrix: it brings the step into view every frame (the fit put it back
  // at the top left).
  const bool partial = vp.fit && (static_cast<float>(d.rows) * vp.cell > area.y + 0.5f ||
                                  static_cast<float>(d.cols) * vp.cell > area.x + 0.5f);
  if (cx.zoom_to_step) {
    vp.fit = false;
    vp.cell = std::max(vp.cell, ui::base_cell(cx.style) * 1.3f);
  } else if (!cx.follow || (vp.fit && !partial) || (!moved && !partial)) {
    return;
  }
  vp.placed = true;
  // Centred, but never past the matrix's ends when it is longer than the
  // area (row 0 stays at the top instead of mid-area).
  auto center = [&](double& first, double lo, double hi, int64_t n, float len, bool force) {
    const double shown = len / vp.cell;
    if (!(force || lo < first || hi > first + shown)) return;
    first = (hi - lo <= shown) ? 0.5 * (lo + hi) - 0.5 * shown : lo - 0.5;
    const double lim = static_cast<double>(n) - shown;
    first = std::clamp(first, std::min(0.0, lim), std::max(0.0, lim));
  };
  // The step's own axis: its row of W (column of Wᵀ).
  const double s = static_cast<double>(cx.step_row);
  center(transposed ? vp.c0 : vp.r0, s, s + 1.0, transposed ? d.cols : d.rows,
         transposed ? area.x : area.y, cx.zoom_to_step);
  // The other axis: the output elements the step reaches (its non-zeros).
  const SparseW& W = cx.M.W();
  const int32_t* outer = W.outerIndexPtr();
  const int32_t* inner = W.innerIndexPtr();
  const int32_t* nnz = W.innerNonZeroPtr();
  const int64_t b = outer[cx.step_row];
  const int64_t e = nnz ? b + nnz[cx.step_row] : outer[cx.step_row + 1];
  if (e > b)
    center(transposed ? vp.r0 : vp.c0, inner[b], inner[e - 1] + 1.0, transposed ? d.rows : d.cols,
           transposed ? area.y : area.x, cx.zoom_to_step);
}

// Title: the matrix and its size, then the product it takes part in and
// what its axes are (or, pooled, how many entries share a pixel), each only
// when it fits the panel's width.
void draw_title(Ctx& cx, bool transposed, ImVec2 pos, ImVec2 size, const Viewport& vp) {
  const Dims d = dims(cx, transposed);
  char head[96], eq[96];
  const char* plus_b = cx.geo.has_bias ? " + b" : "";
  if (!transposed) {
    std::snprintf(head, sizeof head, "W  %" PRId64 " \xC3\x97 %" PRId64, d.rows, d.cols);
    std::snprintf(eq, sizeof eq, "    conv: vec(Y) = W vec(X)");
  } else {
    std::snprintf(head, sizeof head, "%s  %" PRId64 " \xC3\x97 %" PRId64, kWT, d.rows, d.cols);
    std::snprintf(eq, sizeof eq, "    transposed: vec(y) = %s vec(x)%s", kWT, plus_b);
  }
  const char* axes =
      transposed ? "    rows: outputs, cols: inputs" : "    rows: inputs, cols: outputs";
  // A pane too narrow even for the size keeps just the matrix's name.
  std::string full = ImGui::CalcTextSize(head).x <= size.x ? head : (transposed ? kWT : "W");
  auto append_if_fits = [&](const char* more) {
    if (ImGui::CalcTextSize((full + more).c_str()).x <= size.x) full += more;
  };
  append_if_fits(eq);
  if (vp.cell < kDetailCell) {
    // Pooled: say how many entries share a pixel, so the picture is not
    // mistaken for the matrix at its true size.
    char pooled[96];
    const double per_px = std::ceil(1.0 / vp.cell);
    std::snprintf(pooled, sizeof pooled, "    1 px \xE2\x89\x88 %.0f \xC3\x97 %.0f entries", per_px,
                  per_px);
    append_if_fits(pooled);
    cx.pooled = true;
  } else {
    append_if_fits(axes);
  }
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->PushClipRect(pos, {pos.x + size.x, pos.y + size.y}, true);
  dl->AddText(pos, cx.pal.text, full.c_str());
  dl->PopClipRect();
}

// Names the strips where they start: "vec(x)" where there is room for it,
// else just "x", so a name never runs over the tick labels.
void name_strips(const Ctx& cx, bool transposed, const PanelLayout& L) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float fs = label_font();
  const ImU32 col = cx.pal.text;
  auto name = [&](const char* longer, const char* shorter, float room) {
    return text_w(fs, longer) <= room ? longer : shorter;
  };
  auto above = [&](ImVec2 a, const char* s) {  // over a vertical strip
    dl->AddText(ImGui::GetFont(), fs, {a.x, a.y - fs - 3.f}, col, s);
  };
  auto before = [&](ImVec2 a, const char* s) {  // left of a horizontal strip
    dl->AddText(ImGui::GetFont(), fs,
                {a.x - text_w(fs, s) - fs * 0.3f, a.y + 0.5f * (L.strip - fs)}, col, s);
  };
  if (!transposed) {  // the convolution: Y along W's rows, X along its columns
    above(L.x0, name("vec(Y)", "Y", L.strip));
    before(L.y0, name("vec(X)", "X", L.label_w + L.strip));
  } else {
    before(L.x0, name("vec(x)", "x", L.label_w - fs * 0.3f));
    above(L.y0, name("vec(y)", "y", L.size.x - (L.y0.x - L.pos.x)));
  }
}

// The pane's layout for this frame: thin strips once values stop printing,
// the fitted cell, and the entries kept in place when the strips change.
PanelLayout place_panel(Ctx& cx, bool transposed, ImVec2 pos, ImVec2 size, Viewport& vp,
                        float& fit) {
  const Dims d = dims(cx, transposed);
  if (vp.rows != d.rows || vp.cols != d.cols) {
    vp = Viewport{};  // a new shape: start from the whole matrix again
    vp.rows = d.rows;
    vp.cols = d.cols;
  }
  PanelLayout L = layout_panel(cx, transposed, pos, size, thick_strip());
  const float max_fit = ui::base_cell(cx.style) * 1.6f;
  fit = std::max(fit_cell_for(cx, d, {L.m1.x - L.m0.x, L.m1.y - L.m0.y}),
                 std::min(cx.floor_cell[transposed ? 1 : 0], max_fit));
  if (!cells_print_values(vp.fit ? fit : vp.cell)) {
    L = layout_panel(cx, transposed, pos, size, thin_strip());
    fit = std::max(fit_cell_for(cx, d, {L.m1.x - L.m0.x, L.m1.y - L.m0.y}),
                   std::min(cx.floor_cell[transposed ? 1 : 0], max_fit));
  }
  if (vp.fit) vp.cell = fit;
  if (!vp.fit && !vp.placed && (L.m0.x != vp.last_m0.x || L.m0.y != vp.last_m0.y)) {
    // The strips changed width (values started or stopped fitting): keep
    // the entries where they were on screen instead of jumping.
    vp.r0 += (L.m0.y - vp.last_m0.y) / vp.cell;
    vp.c0 += (L.m0.x - vp.last_m0.x) / vp.cell;
  }
  vp.last_m0 = L.m0;
  vp.placed = false;
  return L;
}

void draw_panel(Ctx& cx, bool transposed, ImVec2 pos, ImVec2 size) {
  ImGui::PushID(transposed ? "WT" : "W");
  Viewport& vp = cx.viewport(transposed);
  float fit = 0.f;
  PanelLayout L = place_panel(cx, transposed, pos, size, vp, fit);
  handle_panel_input(cx, transposed, L, vp, fit);
  follow_step(cx, transposed, L, vp);
  place_strips(cx, transposed, L, vp);
  handle_strip_input(cx, transposed, L, vp);

  draw_title(cx, transposed, pos, size, vp);
  draw_ticks(cx, transposed, L, vp);
  draw_matrix(cx, transposed, L, vp);
  // The input axis (W's rows, Wᵀ's columns) carries vec(x) in Wᵀ and the
  // convolution's vec(Y) = W vec(X) in W; the output axis vec(y), or vec(X).
  const std::optional<int64_t> hx = cx.hl_row, hy = cx.hl_col;
  const bool conv = !transposed && cx.conv;
  draw_strip(cx, L.x0, L.x1, !transposed, conv ? cx.conv->y.data() : cx.x, cx.M.rows(),
             transposed ? vp.c0 : vp.r0, vp.cell, conv ? cx.conv->y_max : cx.ext.x, cx.step_row,
             hx);
  draw_strip(cx, L.y0, L.y1, transposed, conv ? cx.conv->x.data() : cx.y, cx.M.cols(),
             transposed ? vp.r0 : vp.c0, vp.cell, conv ? cx.conv->x_max : cx.ext.y, -1, hy);
  name_strips(cx, transposed, L);
  ImGui::PopID();
}

// [SECTION] Header: toolbar, legend, caption.
bool fits_on_line(float width) {
  const float right = ImGui::GetWindowContentRegionMax().x + ImGui::GetWindowPos().x;
  return ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + width <= right;
}

void same_line_if_fits(const char* next_label) {
  const float w = ImGui::CalcTextSize(next_label).x + ImGui::GetFrameHeight() * 1.5f;
  if (fits_on_line(w)) ImGui::SameLine();
}

// The kernel as a small grid of its taps' colours: the legend for "tap
// (kh, kw)". Hovering a tap fades the others in the matrix.
void tap_legend(Ctx& cx, bool pooled) {
  const tconv::Geometry& g = cx.geo;
  const int kh = static_cast<int>(g.h.kernel), kw = static_cast<int>(g.w.kernel);
  const float fs = label_font();
  const float cw = std::max(text_w(fs, "00,00"), fs * 1.6f) + 4.f;
  const float ch = fs * 1.35f;
  ImGui::BeginGroup();
  ImGui::TextUnformatted("tap (kh,kw)");
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  for (int r = 0; r < kh; ++r)
    for (int c = 0; c < kw; ++c) {
      const ImVec2 a{p0.x + c * cw, p0.y + r * ch};
      const ImVec2 b{a.x + cw - 1.f, a.y + ch - 1.f};
      const ImU32 fill = entry_color(cx, 1.f, r * kw + c);
      dl->AddRectFilled(a, b, fill);
      char buf[24];
      std::snprintf(buf, sizeof buf, "%d,%d", r, c);
      const float w = text_w(fs, buf);
      const bool faded = ((fill >> IM_COL32_A_SHIFT) & 0xFF) < 128;
      dl->AddText(ImGui::GetFont(), fs, {a.x + 0.5f * (cw - 1.f - w), a.y + 0.5f * (ch - fs)},
                  faded ? cx.pal.text : ui::text_on(fill), buf);
    }
  ImGui::InvisibleButton("##taps", {std::max(1.f, kw * cw), std::max(1.f, kh * ch)});
  if (ImGui::IsItemHovered()) {
    const ImVec2 m = ImGui::GetIO().MousePos;
    const int c = std::clamp(static_cast<int>((m.x - p0.x) / cw), 0, kw - 1);
    const int r = std::clamp(static_cast<int>((m.y - p0.y) / ch), 0, kh - 1);
    Hover h;
    h.kind = Hover::Kind::Kernel;
    h.h = r;
    h.w = c;
    cx.view.set_hover(h);
    cx.any_hovered = true;
    ImGui::SetTooltip("tap (%d, %d): its non-zeros stay bright, the others fade", r, c);
  }
  if (kh * kw > 8) ImGui::TextDisabled("colours repeat after 8 taps");
  if (pooled) {
    // Same swatch as a pooled pixel holding several taps.
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float sw = ImGui::GetTextLineHeight();
    dl->AddRectFilled(p, {p.x + sw, p.y + sw}, mixed_color(cx));
    ImGui::Dummy({sw, sw});
    ImGui::SameLine();
    ImGui::TextDisabled("several taps in one pixel");
  }
  ImGui::EndGroup();
}

void value_legend(const Ctx& cx) {
  std::vector<ui::LegendItem> items(2);
  items[0].look.fill = ui::value_color(-1.f, 1.f, cx.pal);
  items[0].text = "negative";
  items[1].look.fill = ui::value_color(1.f, 1.f, cx.pal);
  items[1].text = "positive";
  ImGui::BeginGroup();
  ui::legend(items, cx.pal);
  ImGui::EndGroup();
}

// [SECTION] The view: toolbar, header, panes.

// W / Wᵀ / both, the colouring, follow, Fit and Zoom to step. Small panes
// keep it to one line with the options in a popup. True when Fit was pressed.
bool toolbar(Ctx& cx, MatrixViewState& st, bool compact) {
  // The view's choices, as ImGui's radio buttons take them.
  int show = static_cast<int>(st.show), color_by = static_cast<int>(st.color_by);
  ImGui::RadioButton("W", &show, static_cast<int>(Show::W));
  ImGui::SameLine();
  ImGui::RadioButton(kWT, &show, static_cast<int>(Show::WT));
  ImGui::SameLine();
  ImGui::RadioButton("both", &show, static_cast<int>(Show::Both));
  bool refit = false;
  if (compact) {
    same_line_if_fits("Fit step options");
    refit = ImGui::Button("Fit");
    ImGui::SameLine();
    cx.zoom_to_step = ImGui::Button("step");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Zoom to the current step's row and its taps");
    ImGui::SameLine();
    if (ImGui::Button("options")) ImGui::OpenPopup("##matrix_options");
    if (ImGui::BeginPopup("##matrix_options")) {
      ImGui::TextUnformatted("colour:");
      ImGui::SameLine();
      ImGui::RadioButton("tap", &color_by, static_cast<int>(ColorBy::Tap));
      ImGui::SameLine();
      ImGui::RadioButton("value", &color_by, static_cast<int>(ColorBy::Value));
      ImGui::Checkbox("follow step", &st.follow);
      ImGui::EndPopup();
    }
  } else {
    same_line_if_fits("   colour: tap value");
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("  colour:");
    ImGui::SameLine();
    ImGui::RadioButton("tap", &color_by, static_cast<int>(ColorBy::Tap));
    ImGui::SameLine();
    ImGui::RadioButton("value", &color_by, static_cast<int>(ColorBy::Value));
    same_line_if_fits("follow step  Fit  Zoom to step");
    ImGui::Checkbox("follow step", &st.follow);
    ImGui::SameLine();
    refit = ImGui::Button("Fit");
    ImGui::SameLine();
    cx.zoom_to_step = ImGui::Button("Zoom to step");
  }
  st.show = static_cast<Show>(show);
  st.color_by = static_cast<ColorBy>(color_by);
  cx.color_by = st.color_by;
  cx.follow = st.follow;
  return refit;
}

// The timeline's row of W and the hover's row, column and kernel tap.
void step_and_hover(Ctx& cx, ViewContext& view) {
  const Model& model = cx.model;
  const tconv::Records& rec = model.records();
  if (rec.scatter.size() > 0 && model.step_count() > 0) {
    const tconv::ScatterStep& s = rec.scatter.step(model.scatter_index(view.step, view.unit));
    cx.step_row = cx.M.row_of(s.c_in, s.ih, s.iw);
  }
  const Highlight& hl = view.highlight();
  cx.hl_row = hl.w_row;
  cx.hl_col = hl.w_col;
  if (view.state.hover.kind == Hover::Kind::Kernel && !hl.kernel_taps.empty())
    cx.emphasized_tap = static_cast<int>(hl.kernel_taps.front().first * cx.geo.w.kernel +
                                         hl.kernel_taps.front().second);
}

// The current step's line, in room as tall as the last step's (the longest
// numbers), so the panes below stay put while the timeline plays.
void step_line(const Ctx& cx, int64_t step, bool brief) {
  const float y0 = ImGui::GetCursorPosY();
  const float wrap = ImGui::GetContentRegionAvail().x;
  const ImVec4 col = ImGui::ColorConvertU32ToFloat4(cx.pal.highlight);
  const bool channels = cx.geo.in_channels > 1;
  if (cx.step_row >= 0)
    ImGui::TextColored(
        col, "%s",
        matrix_step_line(step, elem_name('x', input_elem(cx.geo, cx.step_row), channels),
                         cx.step_row, brief)
            .c_str());
  const int64_t last = cx.M.rows() - 1;
  const std::string longest =
      matrix_step_line(last + 1, elem_name('x', input_elem(cx.geo, last), channels), last, brief);
  const float h = ImGui::CalcTextSize(longest.c_str(), nullptr, false, wrap).y;
  const float pad = y0 + h - ImGui::GetCursorPosY() + ImGui::GetStyle().ItemSpacing.y;
  if (pad > 0.f) ImGui::Dummy({1.f, pad - ImGui::GetStyle().ItemSpacing.y});
}

// Legend and caption side by side; in a small pane one line: the step, and
// a (?) that holds the caption. Whether the panes pooled entries into pixels
// is known after they are drawn: the legend uses last frame's answer.
void header(Ctx& cx, int64_t step, const MatrixViewState& st, bool compact) {
  std::string about = matrix_about(cx.M.rows(), cx.M.cols(), cx.M.W().nonZeros(), cx.geo.has_bias);
  const Caption dirs =
      cx.conv ? matrix_directions(cx.M.cols(), cx.conv->y, cx.conv->y_is_input) : Caption{};
  if (cx.conv) about += "\n" + dirs.text;
  if (compact) {
    ImGui::TextDisabled("(?)");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", about.c_str());
    ImGui::SameLine();
    ImGui::PushTextWrapPos(0.0f);
    ImGui::BeginGroup();
    step_line(cx, step, true);
    ImGui::EndGroup();
    if (cx.conv) ImGui::TextUnformatted(dirs.brief.c_str());
    ImGui::PopTextWrapPos();
    return;
  }
  if (cx.color_by == ColorBy::Tap)
    tap_legend(cx, st.was_pooled);
  else
    value_legend(cx);
  ImGui::SameLine(0.f, ImGui::GetFontSize());
  ImGui::BeginGroup();
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted(about.c_str());
  step_line(cx, step, false);
  ImGui::PopTextWrapPos();
  ImGui::EndGroup();
}

}  // namespace

namespace {

// vec(x), vec(y) of the selected batch element, straight from the arrays,
// and their colour scales; false when the arrays do not match the records.
bool bind_vectors(Ctx& cx, ViewContext& view) {
  const Model& model = view.model;
  const auto x_off = static_cast<size_t>(model.sel_batch() * cx.M.rows());
  const auto y_off = static_cast<size_t>(model.sel_batch() * cx.M.cols());
  const std::vector<float>& x = model.problem().input.data;
  const std::vector<float>& y = model.records().output.data;
  if (x.size() < x_off + static_cast<size_t>(cx.M.rows()) ||
      y.size() < y_off + static_cast<size_t>(cx.M.cols()))
    return false;
  cx.x = x.data() + x_off;
  cx.y = y.data() + y_off;
  cx.ext = view.derived.matrix_extents(model);
  cx.conv = &view.derived.conv_direction(model);
  if (cx.conv->x.size() != static_cast<size_t>(cx.M.cols()) ||
      cx.conv->y.size() != static_cast<size_t>(cx.M.rows()))
    cx.conv = nullptr;
  return true;
}

}  // namespace

// The panes' sizes in `room`: one matrix, or both side by side or stacked,
// whichever gives the larger cells; the split follows the matrices' own
// proportions so both get the same cell, and above font scale 2 W's pane
// holds at least `floor_w` cells (Ctx::floor_cell). Indexed by `transposed`
// ({0, 0} for a pane not shown); the second pane starts `gap` after the first.
std::array<ImVec2, 2> pane_sizes(const Ctx& cx, Show show, ImVec2 room, float gap,
                                 float floor_w = 0.f) {
  if (show != Show::Both) {
    std::array<ImVec2, 2> one{};
    one[show == Show::WT ? 1 : 0] = room;
    return one;
  }
  const Overhead ow = overhead(cx, false, thick_strip()), ot = overhead(cx, true, thick_strip());
  const Dims dw = dims(cx, false), dt = dims(cx, true);
  auto n = [](int64_t v) { return static_cast<float>(v); };
  const float side = std::min({(room.x - gap - ow.w - ot.w) / (n(dw.cols) + n(dt.cols)),
                               (room.y - ow.h) / n(dw.rows), (room.y - ot.h) / n(dt.rows)});
  const float stack = std::min({(room.y - gap - ow.h - ot.h) / (n(dw.rows) + n(dt.rows)),
                                (room.x - ow.w) / n(dw.cols), (room.x - ot.w) / n(dt.cols)});
  if (side >= stack) {
    const float c = std::max(side, 0.f);
    float w1 = std::clamp(ow.w + n(dw.cols) * std::max(c, floor_w), room.x * 0.25f, room.x * 0.75f);
    if (c * (n(dw.cols) + n(dt.cols)) < 1.f) w1 = 0.5f * (room.x - gap);
    return {ImVec2{w1, room.y}, ImVec2{room.x - w1 - gap, room.y}};
  }
  const float c = std::max(stack, 0.f);
  float h1 = std::clamp(ow.h + n(dw.rows) * std::max(c, floor_w), room.y * 0.25f, room.y * 0.75f);
  if (c * (n(dw.rows) + n(dt.rows)) < 1.f) h1 = 0.5f * (room.y - gap);
  return {ImVec2{room.x, h1}, ImVec2{room.x, room.y - h1 - gap}};
}

// A pane's fitted cell in `size`, with the strips place_panel would use.
float pane_fit(const Ctx& cx, bool transposed, ImVec2 size) {
  const Dims d = dims(cx, transposed);
  auto fit_with = [&](float strip) {
    const PanelLayout L = layout_panel(cx, transposed, {0.f, 0.f}, size, strip);
    return fit_cell_for(cx, d, {L.m1.x - L.m0.x, L.m1.y - L.m0.y});
  };
  const float thick = fit_with(thick_strip());
  return cells_print_values(thick) ? thick : fit_with(thin_strip());
}

// Above font scale 2, the cells the panes get at scale 2 in the same tile
// (the toolbar and header shrink with the font, the chrome stays:
// ui::room_at_scale2): a bigger font never makes the fitted cells smaller;
// the panes show part of the matrix and follow the step instead. 0 at scale 2 and below, and in a
// view exported alone (it cannot pan).
void scale2_cells(Ctx& cx, Show show, ImVec2 avail) {
  cx.floor_cell = {0.f, 0.f};
  const ui::FrameLog* log = ui::frame_log();
  if (cx.style.font_scale <= ui::kProjectorFontScale || (log && log->fit_to_size)) return;
  const float k = ui::kProjectorFontScale / cx.style.font_scale;
  ImGuiStyle& style = ImGui::GetStyle();
  const ImGuiStyle saved = style;
  style.ScaleAllSizes(k);
  ImGui::SetWindowFontScale(k);
  const ImVec2 room = ui::room_at_scale2(avail, k);
  const std::array<ImVec2, 2> sizes = pane_sizes(cx, show, room, ImGui::GetFontSize());
  for (int t = 0; t < 2; ++t)
    if (sizes[t].x > 0.f && sizes[t].y > 0.f) cx.floor_cell[t] = pane_fit(cx, t == 1, sizes[t]);
  ImGui::SetWindowFontScale(1.f);
  style = saved;
}

// The panes as laid out, (pos, size) each, W or Wᵀ (`which`); `refit`
// fits them to their panes again.
void draw_panes(Ctx& cx, const std::vector<std::pair<ImVec2, ImVec2>>& rects,
                const std::vector<bool>& which, bool refit) {
  if (refit)
    for (bool t : which) cx.viewport(t).fit = true;
  for (size_t i = 0; i < rects.size(); ++i) {
    draw_panel(cx, which[i], rects[i].first, rects[i].second);
    const Dims d = dims(cx, which[i]);
    ui::log_grid(which[i] ? "WT pane" : "W pane", cx.viewport(which[i]).cell,
                 static_cast<int>(d.rows), static_cast<int>(d.cols), rects[i].first.y);
  }
}

void DrawMatrixView(ViewContext& view) {
  const Model& model = view.model;
  const tconv::Records& rec = model.records();
  const tconv::MatrixRecord& M = rec.matrix;
  if (M.rows() <= 0 || M.cols() <= 0) {
    ImGui::TextDisabled("No matrix for these parameters.");
    return;
  }
  Ctx cx(view, M, rec.geo);
  MatrixViewState& st = view.state.matrix;

  if (!bind_vectors(cx, view)) {
    ImGui::TextDisabled("Records are being rebuilt.");
    return;
  }

  // Small panes (the `all` layout, presenter font sizes) keep the header to
  // two lines so the matrices get the space; the caption moves to a tooltip.
  const ImVec2 avail0 = ImGui::GetContentRegionAvail();
  const float lh = ImGui::GetTextLineHeightWithSpacing();
  const bool compact = avail0.y < lh * 24.f || avail0.x < ImGui::GetFontSize() * 44.f;
  const bool refit = toolbar(cx, st, compact);
  step_and_hover(cx, view);
  header(cx, step_number(view.model.step_in(view.step, view.unit, StepUnit::InputElement)), st,
         compact);

  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  if (avail.x < 40.f || avail.y < 40.f) return;
  scale2_cells(cx, st.show, avail);
  const float gap = ImGui::GetFontSize();
  const std::array<ImVec2, 2> sizes = pane_sizes(cx, st.show, avail, gap, cx.floor_cell[0]);
  std::vector<std::pair<ImVec2, ImVec2>> rects;  // (pos, size) per panel
  std::vector<bool> which;                       // transposed?
  if (st.show != Show::Both) {
    rects.push_back({origin, avail});
    which.push_back(st.show == Show::WT);
  } else {
    const bool side = sizes[0].y == avail.y;  // else stacked
    const ImVec2 second = side ? ImVec2{origin.x + sizes[0].x + gap, origin.y}
                               : ImVec2{origin.x, origin.y + sizes[0].y + gap};
    rects = {{origin, sizes[0]}, {second, sizes[1]}};
    which = {false, true};
  }
  draw_panes(cx, rects, which, refit);
  st.was_pooled = cx.pooled;

  // Claim the whole area as laid out, so the window's content size is right.
  ImGui::SetCursorScreenPos(origin);
  ImGui::Dummy(avail);
  view.clear_hover_if_idle(cx.any_hovered);
}

}  // namespace studio
