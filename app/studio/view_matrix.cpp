// The matrix view: the sparse convolution matrix W (rows: input elements,
// cols: output elements) and its transpose, so that vec(y) = Wᵀ vec(x) reads
// as a matrix-vector product (d2l, "Connection to Matrix Transposition").
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
#include <cinttypes>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "draw.h"
#include "views.h"

namespace studio {
namespace {

using SparseW = tconv::MatrixRecord::SparseW;

enum class Show : int { W = 0, WT = 1, Both = 2 };
enum class ColorBy : int { Tap = 0, Value = 1 };

constexpr float kLabelScale = 0.72f;       // row/col labels, as draw.h's grid indices
constexpr float kDetailCell = 2.5f;        // below this many pixels per entry, pool into bins
constexpr float kBin = 2.f;                // pixel bin edge when pooling
constexpr int64_t kVisitBudget = 1500000;  // entries walked per panel per frame, at most

// "W\u1d40": drawn with the shell's font; kept in one place should a font lack ᵀ.
constexpr const char* kWT = "W\xE1\xB5\x80";
constexpr const char* kT = "\xE1\xB5\x80";

// [SECTION] Per-panel pan/zoom state, kept across frames by ImGui ID.
struct Viewport {
  bool fit = true;
  double r0 = 0.0, c0 = 0.0;  // displayed row/col at the matrix area's top-left
  float cell = 1.f;           // pixels per entry
  int64_t rows = -1, cols = -1;
  int64_t followed_row = -1;  // the step row last brought into view
  ImVec2 last_m0{0, 0};       // matrix area corner last frame
  bool placed = false;        // follow_step set r0/c0 for the coming layout
  // Pooled rectangles of the last frame, relative to the area's corner: a
  // still view (the timeline playing, a hover elsewhere) redraws them
  // without walking W again.
  struct Run {
    float x0, y0, x1, y1;
    ImU32 col;
  };
  struct PoolKey {
    uint64_t revision = ~0ull;
    double r0 = 0, c0 = 0;
    float cell = 0, w = 0, h = 0;
    int color_by = -1, tap = -1;
    ImU32 text = 0, background = 0, positive = 0, negative = 0;
    bool operator==(const PoolKey&) const = default;
  } pool_key;
  std::vector<Run> pool;
};

Viewport& viewport(ImGuiID id) {
  static std::unordered_map<ImGuiID, Viewport> map;
  return map[id];
}

// Values that depend only on the records: cached per revision, since |W|'s
// maximum walks every non-zero.
struct Extents {
  uint64_t revision = ~0ull;
  int64_t batch = -1;
  float w = 0.f, x = 0.f, y = 0.f;
};

// What both panels need this frame.
struct Ctx {
  Ctx(Model& m, const Style& s, const tconv::MatrixRecord& mr, const tconv::Geometry& g)
      : model(m), style(s), pal(s.palette), M(mr), geo(g) {}
  Model& model;
  const Style& style;
  const Palette& pal;
  const tconv::MatrixRecord& M;
  const tconv::Geometry& geo;
  const float* x = nullptr;  // vec(x) of the selected batch element, M.rows() long
  const float* y = nullptr;  // vec(y), M.cols() long (bias included)
  Extents ext;
  ColorBy color_by = ColorBy::Tap;
  bool follow = true;
  bool zoom_to_step = false;  // the button was pressed this frame
  int64_t step_row = -1;      // W row of the timeline's current input element
  std::optional<int64_t> hl_row, hl_col;
  int emphasized_tap = -1;  // a hovered kernel tap: the others fade
  bool any_hovered = false;
  bool pooled = false;  // some panel draws several entries per pixel
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
  if (cx.color_by == ColorBy::Value) return draw::value_color(v, cx.ext.w, cx.pal);
  const ImU32 c = draw::tap_color(tap);
  if (cx.emphasized_tap >= 0 && tap != cx.emphasized_tap) return draw::with_alpha(c, 0.22f);
  return c;
}

// A bin holding several taps: the theme's text colour, unlike every tap colour.
ImU32 mixed_color(const Ctx& cx) {
  return draw::mix(cx.pal.text, cx.pal.background, 0.15f);
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
  return cell >= ImGui::GetFontSize() * 0.9f * 1.15f;
}

// Fixed overheads around the matrix area (they do not change with zoom, so
// the matrix does not jump while the wheel turns).
struct Overhead {
  float w, h;
};
Overhead overhead(const Ctx& cx, bool transposed) {
  const float fs = ImGui::GetFontSize();
  const float lw = widest_tick(cx, /*input_axis=*/!transposed) + fs * 0.5f;
  const float strip = thick_strip(), gap = fs * 0.3f;
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
  const float max_cell = draw::base_cell(cx.style) * 1.6f;
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

void draw_matrix(Ctx& cx, bool transposed, const PanelLayout& L, Viewport& vp) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const Dims d = dims(cx, transposed);
  const float cell = vp.cell;
  const ImVec2 a = L.m0, b = L.m1;
  const Range rr = visible(vp.r0, cell, b.y - a.y, d.rows);
  const Range cr = visible(vp.c0, cell, b.x - a.x, d.cols);
  // The matrix's own extent (may be smaller than the area when it fits).
  const float ex = std::min(b.x, a.x + static_cast<float>((d.cols - vp.c0) * cell));
  const float ey = std::min(b.y, a.y + static_cast<float>((d.rows - vp.r0) * cell));
  dl->PushClipRect(a, b, true);
  auto sx = [&](double c) { return a.x + static_cast<float>((c - vp.c0) * cell); };
  auto sy = [&](double r) { return a.y + static_cast<float>((r - vp.r0) * cell); };
  // Where the matrix starts: zoomed about the mouse, a short matrix may sit
  // below / right of its area's corner.
  const float x0 = std::max(a.x, sx(0.0)), y0 = std::max(a.y, sy(0.0));
  dl->AddRectFilled({x0, y0}, {ex, ey}, draw::mix(cx.pal.background, cx.pal.text, 0.05f));

  const SparseW& W = cx.M.W();
  const float* vals = W.valuePtr();
  const int64_t wa = transposed ? cr.a : rr.a, wb = transposed ? cr.b : rr.b;
  const int64_t every =
      std::max<int64_t>(1, (walk_size(W, wa, wb) + kVisitBudget - 1) / kVisitBudget);

  if (cell >= kDetailCell) {
    // One rectangle per entry; grid lines and values once cells are large.
    const float inset = cell >= 8.f ? 1.f : 0.f;
    if (cell >= 8.f) {
      const ImU32 gl = draw::with_alpha(cx.pal.grid, 0.45f);
      for (int64_t r = rr.a; r <= rr.b; ++r) dl->AddLine({x0, sy(r)}, {ex, sy(r)}, gl);
      for (int64_t c = cr.a; c <= cr.b; ++c) dl->AddLine({sx(c), y0}, {sx(c), ey}, gl);
    }
    const float vfs = ImGui::GetFontSize() * 0.9f;
    const bool values = cell >= vfs * 1.15f;
    const float cfs = ImGui::GetFontSize() * 0.6f;
    const bool taps = cx.color_by == ColorBy::Tap && cell >= 2.f * ImGui::GetFontSize();
    for_visible(W, transposed, rr.a, rr.b, cr.a, cr.b, every, [&](int64_t r, int64_t c, int64_t k) {
      const tconv::Tap& t = cx.M.tap(k);
      const int ti = tap_index(cx.geo, t);
      const ImU32 fill = entry_color(cx, vals[k], ti);
      const ImVec2 p{sx(c), sy(r)};
      dl->AddRectFilled({p.x + inset, p.y + inset}, {p.x + cell - inset, p.y + cell - inset}, fill);
      const bool faded = ((fill >> IM_COL32_A_SHIFT) & 0xFF) < 128;
      const ImU32 tc = faded ? cx.pal.text : draw::text_on(fill);
      if (values) {
        char buf[32];
        if (draw::format_value(vals[k], cell - 4.f, vfs, buf, sizeof buf)) {
          const ImVec2 ts = ImGui::GetFont()->CalcTextSizeA(vfs, FLT_MAX, 0.f, buf);
          const float ty = taps ? p.y + 0.42f * cell - 0.5f * ts.y : p.y + 0.5f * (cell - ts.y);
          dl->AddText(ImGui::GetFont(), vfs, {p.x + 0.5f * (cell - ts.x), ty}, tc, buf);
        }
      }
      if (taps) {
        // Colours repeat after 8 taps: the tap's name settles it on large cells.
        char buf[32];
        std::snprintf(buf, sizeof buf, "%d,%d", t.kh, t.kw);
        const ImVec2 ts = ImGui::GetFont()->CalcTextSizeA(cfs, FLT_MAX, 0.f, buf);
        if (ts.x <= cell - 4.f)
          dl->AddText(ImGui::GetFont(), cfs, {p.x + 0.5f * (cell - ts.x), p.y + cell - ts.y - 2.f},
                      draw::with_alpha(tc, 0.8f), buf);
      }
    });
  } else {
    // Pool entries into kBin-pixel bins: max |value| decides the value colour,
    // and a bin keeps its tap colour only while all its entries share one tap.
    Viewport::PoolKey key;
    key.revision = cx.model.revision();
    key.r0 = vp.r0;
    key.c0 = vp.c0;
    key.cell = cell;
    key.w = ex - a.x;
    key.h = ey - a.y;
    key.color_by = static_cast<int>(cx.color_by);
    key.tap = cx.emphasized_tap;
    key.text = cx.pal.text;
    key.background = cx.pal.background;
    key.positive = cx.pal.positive;
    key.negative = cx.pal.negative;
    if (!(key == vp.pool_key)) {
      vp.pool_key = key;
      vp.pool.clear();
      static std::vector<Bin> bins;
      const int nbx = std::max(1, static_cast<int>(std::ceil((ex - a.x) / kBin)));
      const int nby = std::max(1, static_cast<int>(std::ceil((ey - a.y) / kBin)));
      bins.assign(static_cast<size_t>(nbx) * static_cast<size_t>(nby), Bin{});
      const double per_bin = kBin / cell;  // entries per bin edge
      for_visible(
          W, transposed, rr.a, rr.b, cr.a, cr.b, every, [&](int64_t r, int64_t c, int64_t k) {
            const int bx = std::clamp(static_cast<int>((c - vp.c0) / per_bin), 0, nbx - 1);
            const int by = std::clamp(static_cast<int>((r - vp.r0) / per_bin), 0, nby - 1);
            Bin& bin =
                bins[static_cast<size_t>(by) * static_cast<size_t>(nbx) + static_cast<size_t>(bx)];
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
        if (cx.color_by == ColorBy::Value) return draw::value_color(bin.value, cx.ext.w, cx.pal);
        return bin.tap == -2 ? mixed : entry_color(cx, bin.value, bin.tap);
      };
      for (int by = 0; by < nby; ++by) {
        // Runs of equal colour become one rectangle: banded matrices are mostly runs.
        int run = 0;
        ImU32 run_col = 0;
        for (int bx = 0; bx <= nbx; ++bx) {
          const ImU32 col =
              bx < nbx ? bin_color(bins[static_cast<size_t>(by) * static_cast<size_t>(nbx) +
                                        static_cast<size_t>(bx)])
                       : 0;
          if (col != run_col || bx == nbx) {
            if (run_col)
              vp.pool.push_back({run * kBin, by * kBin, bx * kBin, (by + 1) * kBin, run_col});
            run = bx;
            run_col = col;
          }
        }
      }
    }
    for (const Viewport::Run& r : vp.pool)
      dl->AddRectFilled({a.x + r.x0, a.y + r.y0}, {a.x + r.x1, a.y + r.y1}, r.col);
  }

  // Structure lines: image rows (a new ih / oh) and channel blocks, when
  // they are far enough apart to read.
  const tconv::Geometry& g = cx.geo;
  auto structure = [&](bool along_rows, int64_t lo, int64_t hi, int64_t period, ImU32 col,
                       float th) {
    if (period <= 0 || period * cell < 6.f) return;
    for (int64_t i = (lo + period - 1) / period * period; i < hi; i += period) {
      if (i == 0) continue;
      if (along_rows)
        dl->AddLine({x0, sy(i)}, {ex, sy(i)}, col, th);
      else
        dl->AddLine({sx(i), y0}, {sx(i), ey}, col, th);
    }
  };
  const int64_t in_row = g.w.in, out_row = g.w.out;
  const int64_t in_plane = g.h.in * g.w.in, out_plane = g.h.out * g.w.out;
  const int64_t row_period = transposed ? out_row : in_row;
  const int64_t col_period = transposed ? in_row : out_row;
  const int64_t row_plane = transposed ? out_plane : in_plane;
  const int64_t col_plane = transposed ? in_plane : out_plane;
  const ImU32 faint = draw::with_alpha(cx.pal.text, 0.18f);
  const ImU32 strong = draw::with_alpha(cx.pal.text, 0.6f);
  if (cell < 8.f || row_period > 1) structure(true, rr.a, rr.b + 1, row_period, faint, 1.f);
  if (cell < 8.f || col_period > 1) structure(false, cr.a, cr.b + 1, col_period, faint, 1.f);
  if (transposed ? g.out_channels > 1 : g.in_channels > 1)
    structure(true, rr.a, rr.b + 1, row_plane, strong, 2.f);
  if (transposed ? g.in_channels > 1 : g.out_channels > 1)
    structure(false, cr.a, cr.b + 1, col_plane, strong, 2.f);

  // Highlights: the timeline's input element (row of W / column of Wᵀ) and
  // the hover from any view. Bands stay at least 3 px so they show at scale.
  auto band = [&](bool is_row, int64_t i, ImU32 col) {
    const float lo = is_row ? sy(static_cast<double>(i)) : sx(static_cast<double>(i));
    float hi = lo + cell;
    float l = lo;
    if (hi - l < 3.f) {
      const float mid = 0.5f * (l + hi);
      l = mid - 1.5f;
      hi = mid + 1.5f;
    }
    const ImVec2 p = is_row ? ImVec2{x0, l} : ImVec2{l, y0};
    const ImVec2 q = is_row ? ImVec2{ex, hi} : ImVec2{hi, ey};
    dl->AddRectFilled(p, q, draw::with_alpha(col, 0.16f));
    // A background-coloured halo under the outline: the highlight colours
    // are also tap colours (yellow, vermillion) and must not melt into them.
    const float t = std::min(3.f, std::max(1.5f, cell * 0.12f));
    dl->AddRect(p, q, cx.pal.background, 0.f, 0, t + 3.f);
    dl->AddRect(p, q, col, 0.f, 0, t);
  };
  if (cx.step_row >= 0) band(!transposed, cx.step_row, cx.pal.highlight);
  if (cx.hl_row) band(!transposed, *cx.hl_row, cx.pal.hover);
  if (cx.hl_col) band(transposed, *cx.hl_col, cx.pal.hover);
  dl->PopClipRect();
  dl->AddRect({x0 - 1.f, y0 - 1.f}, {ex + 1.f, ey + 1.f}, cx.pal.grid);
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
    const float vfs = ImGui::GetFontSize() * 0.9f;
    const bool values = cell >= vfs * 1.15f;
    for (int64_t i = r.a; i < r.b; ++i) {
      const float p = static_cast<float>((i - first) * cell);
      const ImU32 fill = draw::value_color(v[i], max_abs, cx.pal);
      rect(p + (cell >= 8.f ? 0.5f : 0.f), p + cell - (cell >= 8.f ? 0.5f : 0.f), fill);
      char buf[32];
      if (values && draw::format_value(v[i], thick - 4.f, vfs, buf, sizeof buf)) {
        const ImVec2 ts = ImGui::GetFont()->CalcTextSizeA(vfs, FLT_MAX, 0.f, buf);
        const ImVec2 at = vertical
                              ? ImVec2{a.x + 0.5f * (thick - ts.x), a.y + p + 0.5f * (cell - ts.y)}
                              : ImVec2{a.x + p + 0.5f * (cell - ts.x), a.y + 0.5f * (thick - ts.y)};
        dl->AddText(ImGui::GetFont(), vfs, at, draw::text_on(fill), buf);
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
      rect(p, std::min(p + kBin, end), draw::value_color(val, max_abs, cx.pal));
    }
  }
  auto mark_at = [&](int64_t i, ImU32 col) {
    float p = static_cast<float>((i - first) * cell), q = p + cell;
    if (q - p < 3.f) {
      const float m = 0.5f * (p + q);
      p = m - 1.5f;
      q = m + 1.5f;
    }
    const float t = 2.5f;
    const ImVec2 lo = vertical ? ImVec2{a.x + 1.f, a.y + p} : ImVec2{a.x + p, a.y + 1.f};
    const ImVec2 hi = vertical ? ImVec2{b.x - 1.f, a.y + q} : ImVec2{a.x + q, b.y - 1.f};
    dl->AddRect(lo, hi, cx.pal.background, 0.f, 0, t + 3.f);  // halo, as for the bands
    dl->AddRect(lo, hi, col, 0.f, 0, t);
  };
  if (mark >= 0) mark_at(mark, cx.pal.highlight);
  if (hover_mark) mark_at(*hover_mark, cx.pal.hover);
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
  const ImU32 col = draw::with_alpha(cx.pal.text, 0.7f);
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
  const float max_cell = std::max(fit_cell, draw::base_cell(cx.style) * 3.f);
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
      draw::set_hover(cx.model, h);
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
    draw::set_hover(cx.model, h);
    cx.any_hovered = true;
    const bool ch = is_x ? cx.geo.in_channels > 1 : cx.geo.out_channels > 1;
    const std::string nm = elem_name(is_x ? 'x' : 'y', e, ch);
    if (is_x)
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
  if (cx.zoom_to_step) {
    vp.fit = false;
    vp.cell = std::max(vp.cell, draw::base_cell(cx.style) * 1.3f);
  } else if (!cx.follow || vp.fit || !moved) {
    return;
  }
  vp.placed = true;
  const ImVec2 area{L.m1.x - L.m0.x, L.m1.y - L.m0.y};
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
  const Dims d = dims(cx, transposed);
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

void draw_panel(Ctx& cx, bool transposed, ImVec2 pos, ImVec2 size) {
  ImGui::PushID(transposed ? "WT" : "W");
  const Dims d = dims(cx, transposed);
  Viewport& vp = viewport(ImGui::GetID("viewport"));
  if (vp.rows != d.rows || vp.cols != d.cols) {
    vp = Viewport{};  // a new shape: start from the whole matrix again
    vp.rows = d.rows;
    vp.cols = d.cols;
  }
  PanelLayout L = layout_panel(cx, transposed, pos, size, thick_strip());
  float fit = fit_cell_for(cx, d, {L.m1.x - L.m0.x, L.m1.y - L.m0.y});
  if (!cells_print_values(vp.fit ? fit : vp.cell)) {
    L = layout_panel(cx, transposed, pos, size, thin_strip());
    fit = fit_cell_for(cx, d, {L.m1.x - L.m0.x, L.m1.y - L.m0.y});
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
  handle_panel_input(cx, transposed, L, vp, fit);
  follow_step(cx, transposed, L, vp);
  place_strips(cx, transposed, L, vp);
  handle_strip_input(cx, transposed, L, vp);

  ImDrawList* dl = ImGui::GetWindowDrawList();
  // Title: the matrix and its size, then the product it takes part in and
  // what its axes are, each only when it fits the panel's width.
  char head[96], eq[96];
  const char* plus_b = cx.geo.has_bias ? " + b" : "";
  if (!transposed) {
    std::snprintf(head, sizeof head, "W  %" PRId64 " \xC3\x97 %" PRId64, d.rows, d.cols);
    std::snprintf(eq, sizeof eq, "    vec(y)%s = vec(x)%s W%s", kT, kT, plus_b);
  } else {
    std::snprintf(head, sizeof head, "%s  %" PRId64 " \xC3\x97 %" PRId64, kWT, d.rows, d.cols);
    std::snprintf(eq, sizeof eq, "    vec(y) = %s vec(x)%s", kWT, plus_b);
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
  dl->PushClipRect(pos, {pos.x + size.x, pos.y + size.y}, true);
  dl->AddText(pos, cx.pal.text, full.c_str());
  dl->PopClipRect();

  draw_ticks(cx, transposed, L, vp);
  draw_matrix(cx, transposed, L, vp);
  // vec(x) runs along the input axis: W's rows, Wᵀ's columns.
  const std::optional<int64_t> hx = cx.hl_row, hy = cx.hl_col;
  draw_strip(cx, L.x0, L.x1, !transposed, cx.x, cx.M.rows(), transposed ? vp.c0 : vp.r0, vp.cell,
             cx.ext.x, cx.step_row, hx);
  draw_strip(cx, L.y0, L.y1, transposed, cx.y, cx.M.cols(), transposed ? vp.r0 : vp.c0, vp.cell,
             cx.ext.y, -1, hy);
  // Name the strips where they start: "vec(x)" where there is room for it,
  // else just "x", so a name never runs over the tick labels.
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
  if (!transposed) {
    above(L.x0, name("vec(x)", "x", L.strip));
    before(L.y0, name("vec(y)", "y", L.label_w + L.strip));
  } else {
    before(L.x0, name("vec(x)", "x", L.label_w - fs * 0.3f));
    above(L.y0, name("vec(y)", "y", L.size.x - (L.y0.x - L.pos.x)));
  }
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
                  faded ? cx.pal.text : draw::text_on(fill), buf);
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
    draw::set_hover(cx.model, h);
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
  std::vector<draw::LegendItem> items(2);
  items[0].look.fill = draw::value_color(-1.f, 1.f, cx.pal);
  items[0].text = "negative";
  items[1].look.fill = draw::value_color(1.f, 1.f, cx.pal);
  items[1].text = "positive";
  ImGui::BeginGroup();
  draw::legend(items, cx.pal);
  ImGui::EndGroup();
}

Extents& extents(const Model& model, const float* x, int64_t nx, const float* y, int64_t ny) {
  static Extents e;
  if (e.revision == model.revision() && e.batch == model.sel_batch()) return e;
  e.revision = model.revision();
  e.batch = model.sel_batch();
  const SparseW& W = model.records().matrix.W();
  e.w = 0.f;
  for (int64_t k = 0; k < W.nonZeros(); ++k) e.w = std::max(e.w, std::fabs(W.valuePtr()[k]));
  e.x = e.y = 0.f;
  for (int64_t i = 0; i < nx; ++i) e.x = std::max(e.x, std::fabs(x[i]));
  for (int64_t i = 0; i < ny; ++i) e.y = std::max(e.y, std::fabs(y[i]));
  return e;
}

}  // namespace

void DrawMatrixView(Model& model, const Style& style) {
  const tconv::Records& rec = model.records();
  const tconv::MatrixRecord& M = rec.matrix;
  if (M.rows() <= 0 || M.cols() <= 0) {
    ImGui::TextDisabled("No matrix for these parameters.");
    return;
  }
  Ctx cx(model, style, M, rec.geo);

  // vec(x), vec(y) of the selected batch element, straight from the arrays.
  const int64_t n = model.sel_batch();
  const tconv::Array& in = model.problem().input;
  const tconv::Array& out = rec.output;
  const auto x_off = static_cast<size_t>(n * M.rows());
  const auto y_off = static_cast<size_t>(n * M.cols());
  if (in.data.size() < x_off + static_cast<size_t>(M.rows()) ||
      out.data.size() < y_off + static_cast<size_t>(M.cols())) {
    ImGui::TextDisabled("Records are being rebuilt.");
    return;
  }
  cx.x = in.data.data() + x_off;
  cx.y = out.data.data() + y_off;
  cx.ext = extents(model, cx.x, M.rows(), cx.y, M.cols());

  // Per-window choices live in ImGui's state storage, so `all` and a single
  // view can each keep their own.
  ImGuiStorage* st = ImGui::GetStateStorage();
  int* show = st->GetIntRef(ImGui::GetID("##matrix_show"), static_cast<int>(Show::Both));
  int* color_by = st->GetIntRef(ImGui::GetID("##matrix_color"), static_cast<int>(ColorBy::Tap));
  bool* follow = st->GetBoolRef(ImGui::GetID("##matrix_follow"), true);

  // Small panes (the `all` layout, presenter font sizes) keep the header to
  // two lines so the matrices get the space; the caption moves to a tooltip.
  const ImVec2 avail0 = ImGui::GetContentRegionAvail();
  const float lh = ImGui::GetTextLineHeightWithSpacing();
  const bool compact = avail0.y < lh * 24.f || avail0.x < ImGui::GetFontSize() * 44.f;

  // Toolbar.
  ImGui::RadioButton("W", show, static_cast<int>(Show::W));
  ImGui::SameLine();
  ImGui::RadioButton(kWT, show, static_cast<int>(Show::WT));
  ImGui::SameLine();
  ImGui::RadioButton("both", show, static_cast<int>(Show::Both));
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
      ImGui::RadioButton("tap", color_by, static_cast<int>(ColorBy::Tap));
      ImGui::SameLine();
      ImGui::RadioButton("value", color_by, static_cast<int>(ColorBy::Value));
      ImGui::Checkbox("follow step", follow);
      ImGui::EndPopup();
    }
  } else {
    same_line_if_fits("   colour: tap value");
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("  colour:");
    ImGui::SameLine();
    ImGui::RadioButton("tap", color_by, static_cast<int>(ColorBy::Tap));
    ImGui::SameLine();
    ImGui::RadioButton("value", color_by, static_cast<int>(ColorBy::Value));
    same_line_if_fits("follow step  Fit  Zoom to step");
    ImGui::Checkbox("follow step", follow);
    ImGui::SameLine();
    refit = ImGui::Button("Fit");
    ImGui::SameLine();
    cx.zoom_to_step = ImGui::Button("Zoom to step");
  }
  cx.color_by = static_cast<ColorBy>(*color_by);
  cx.follow = *follow;

  // Timeline and hover state.
  if (rec.scatter.size() > 0 && model.step_count() > 0) {
    const tconv::ScatterStep& s = rec.scatter.step(model.scatter_index(model.timeline().step));
    cx.step_row = M.row_of(s.c_in, s.ih, s.iw);
  }
  const Highlight& hl = model.highlight();
  cx.hl_row = hl.w_row;
  cx.hl_col = hl.w_col;
  if (model.hover().kind == Hover::Kind::Kernel && !hl.kernel_taps.empty())
    cx.emphasized_tap = static_cast<int>(hl.kernel_taps.front().first * rec.geo.w.kernel +
                                         hl.kernel_taps.front().second);

  const int64_t nnz = M.W().nonZeros();
  const double density = 100.0 * static_cast<double>(nnz) /
                         (static_cast<double>(M.rows()) * static_cast<double>(M.cols()));
  char about[512];
  std::snprintf(about, sizeof about,
                "W is %" PRId64 " \xC3\x97 %" PRId64
                ": a row per input element, a column per output element; %" PRId64
                " entries (%.3g%%) hold a kernel tap, every other entry is 0.\n"
                "vec(y) = %s vec(x)%s: row i of W is where input i is broadcast to; column j "
                "(row j of %s) gathers output j.",
                M.rows(), M.cols(), nnz, density, kWT, rec.geo.has_bias ? " + b" : "", kWT);
  char step_line[160] = "";
  if (cx.step_row >= 0) {
    const Elem e = input_elem(rec.geo, cx.step_row);
    std::snprintf(step_line, sizeof step_line,
                  "Step %" PRId64 ": %s = row %" PRId64 " of W, column %" PRId64 " of %s",
                  model.timeline().step, elem_name('x', e, rec.geo.in_channels > 1).c_str(),
                  cx.step_row, cx.step_row, kWT);
  }
  char step_short[128] = "";
  if (cx.step_row >= 0)
    std::snprintf(step_short, sizeof step_short, "%s: row %" PRId64 " of W, col %" PRId64 " of %s",
                  elem_name('x', input_elem(rec.geo, cx.step_row), rec.geo.in_channels > 1).c_str(),
                  cx.step_row, cx.step_row, kWT);
  const ImVec4 step_col = ImGui::ColorConvertU32ToFloat4(cx.pal.highlight);

  // Whether the panels pooled entries into pixels is known after they are
  // drawn: the legend uses last frame's answer.
  bool* was_pooled = st->GetBoolRef(ImGui::GetID("##matrix_pooled"), false);
  if (compact) {
    // One line: the step, and a (?) that holds the caption.
    ImGui::TextDisabled("(?)");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", about);
    ImGui::SameLine();
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(step_col, "%s", step_short);
    ImGui::PopTextWrapPos();
  } else {
    // Legend and caption, side by side.
    if (cx.color_by == ColorBy::Tap)
      tap_legend(cx, *was_pooled);
    else
      value_legend(cx);
    ImGui::SameLine(0.f, ImGui::GetFontSize());
    ImGui::BeginGroup();
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(about);
    if (step_line[0]) ImGui::TextColored(step_col, "%s", step_line);
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
  }

  // Panels.
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  if (avail.x < 40.f || avail.y < 40.f) return;
  const float gap = ImGui::GetFontSize();
  std::vector<std::pair<ImVec2, ImVec2>> rects;  // (pos, size) per panel
  std::vector<bool> which;                       // transposed?
  const Show s = static_cast<Show>(*show);
  if (s != Show::Both) {
    rects.push_back({origin, avail});
    which.push_back(s == Show::WT);
  } else {
    // Side by side or stacked, whichever gives the larger cells; the split
    // follows the matrices' own proportions so both get the same cell.
    const Overhead ow = overhead(cx, false), ot = overhead(cx, true);
    const Dims dw = dims(cx, false), dt = dims(cx, true);
    const float side =
        std::min((avail.x - gap - ow.w - ot.w) / static_cast<float>(dw.cols + dt.cols),
                 std::min((avail.y - ow.h) / static_cast<float>(dw.rows),
                          (avail.y - ot.h) / static_cast<float>(dt.rows)));
    const float stack =
        std::min((avail.y - gap - ow.h - ot.h) / static_cast<float>(dw.rows + dt.rows),
                 std::min((avail.x - ow.w) / static_cast<float>(dw.cols),
                          (avail.x - ot.w) / static_cast<float>(dt.cols)));
    if (side >= stack) {
      const float c = std::max(side, 0.f);
      float w1 = std::clamp(ow.w + dw.cols * c, avail.x * 0.25f, avail.x * 0.75f);
      if (c * static_cast<float>(dw.cols + dt.cols) < 1.f) w1 = 0.5f * (avail.x - gap);
      rects.push_back({origin, {w1, avail.y}});
      rects.push_back({{origin.x + w1 + gap, origin.y}, {avail.x - w1 - gap, avail.y}});
    } else {
      const float c = std::max(stack, 0.f);
      float h1 = std::clamp(ow.h + dw.rows * c, avail.y * 0.25f, avail.y * 0.75f);
      if (c * static_cast<float>(dw.rows + dt.rows) < 1.f) h1 = 0.5f * (avail.y - gap);
      rects.push_back({origin, {avail.x, h1}});
      rects.push_back({{origin.x, origin.y + h1 + gap}, {avail.x, avail.y - h1 - gap}});
    }
    which = {false, true};
  }
  if (refit) {
    for (bool t : which) {
      ImGui::PushID(t ? "WT" : "W");
      viewport(ImGui::GetID("viewport")).fit = true;
      ImGui::PopID();
    }
  }
  for (size_t i = 0; i < rects.size(); ++i)
    draw_panel(cx, which[i], rects[i].first, rects[i].second);
  *was_pooled = cx.pooled;

  // Claim the whole area as laid out, so the window's content size is right.
  ImGui::SetCursorScreenPos(origin);
  ImGui::Dummy(avail);
  draw::clear_hover_if_idle(model, cx.any_hovered);
}

}  // namespace studio
