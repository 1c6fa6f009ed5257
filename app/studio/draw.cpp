// Shared drawing primitives (see draw.h). Everything here is layout and
// looks; no view data is computed.
#include "draw.h"

// glad first: it replaces the system GL header. GL here only uploads what a
// grid already shows (one texel per cell); nothing is computed on the GPU.
#include <glad/gl.h>

#include <algorithm>
#include <cmath>
#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <map>
#include <utility>

namespace studio::draw {

namespace {

constexpr float kIndexScale = 0.72f;  // row/col numbers: present but quieter than values
constexpr float kValueScale = 0.9f;   // values a little smaller than body text, to fit more

float channel(ImU32 c, int shift) {
  return static_cast<float>((c >> shift) & 0xFF) / 255.f;
}

ImVec2 add(ImVec2 a, ImVec2 b) {
  return {a.x + b.x, a.y + b.y};
}

struct Metrics {
  float title_w = 0, title_h = 0;  // title block
  float left = 0, top = 0;         // index margins
};

Metrics metrics(const GridSpec& spec) {
  Metrics m;
  if (!spec.title.empty()) {
    const ImVec2 t = ImGui::CalcTextSize(spec.title.c_str());
    m.title_w = t.x;
    // A little air between the title and the column numbers.
    m.title_h = t.y + ImGui::GetStyle().ItemSpacing.y * 0.5f;
  }
  if (spec.indices) {
    const float fs = ImGui::GetFontSize() * kIndexScale;
    char buf[24];
    std::snprintf(buf, sizeof buf, "%d", spec.row_base + std::max(spec.rows - 1, 0));
    const float wide = ImGui::GetFont()->CalcTextSizeA(fs, FLT_MAX, 0.f, buf).x;
    std::snprintf(buf, sizeof buf, "%d", spec.row_base);
    const float wide0 = ImGui::GetFont()->CalcTextSizeA(fs, FLT_MAX, 0.f, buf).x;
    m.left = std::max(wide, wide0) + fs * 0.4f;
    m.top = fs + 2.f;
  }
  return m;
}

// Prints every k-th index so numbers never overlap when cells are small.
int index_step(float cell, float needed) {
  if (cell <= 0.f) return 1;
  int k = static_cast<int>(std::ceil(needed / cell));
  if (k <= 1) return 1;
  for (int nice : {2, 5, 10, 20, 50, 100, 200, 500})
    if (k <= nice) return nice;
  return k;
}

void draw_text(ImDrawList* dl, float size, ImVec2 pos, ImU32 col, const char* s) {
  dl->AddText(ImGui::GetFont(), size, pos, col, s);
}

// `src` blended over the opaque `dst` as GL blends ImGui's draws (source
// alpha, one minus source alpha), in 8 bits.
ImU32 over(ImU32 src, ImU32 dst) {
  const unsigned a = (src >> IM_COL32_A_SHIFT) & 0xFF;
  ImU32 out = IM_COL32_A_MASK;
  for (int shift : {IM_COL32_R_SHIFT, IM_COL32_G_SHIFT, IM_COL32_B_SHIFT}) {
    const unsigned s = (src >> shift) & 0xFF, d = (dst >> shift) & 0xFF;
    out |= ((s * a + d * (255 - a) + 127) / 255) << shift;
  }
  return out;
}

// The band AddRect(a, b, col, 0, 0, t) strokes, as four filled rectangles:
// the same pixels without the anti-aliased fringe. Rectangles are what
// llvmpipe rasterizes cheaply, and on whole-pixel cells they are crisper.
void stroke_rect(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 col, float t) {
  const float o = 0.5f - 0.5f * t;  // AddRect strokes the path inset by half a pixel
  const ImVec2 lo{a.x + o, a.y + o}, hi{b.x - o, b.y - o};
  if (hi.x - lo.x <= 2.f * t || hi.y - lo.y <= 2.f * t) {
    dl->AddRectFilled(lo, hi, col);  // all border: one rectangle
    return;
  }
  dl->AddRectFilled(lo, {hi.x, lo.y + t}, col);
  dl->AddRectFilled({lo.x, hi.y - t}, hi, col);
  dl->AddRectFilled({lo.x, lo.y + t}, {lo.x + t, hi.y - t}, col);
  dl->AddRectFilled({hi.x - t, lo.y + t}, hi, col);
}

// [SECTION] Raster grids.
// A grid whose cells are too small for borders or values is drawn as one
// textured quad, one texel per cell, sampled nearest: a 130 × 130 canvas as
// rectangles is 34k triangles a frame, and llvmpipe pays per triangle. Only
// the cells inside the clip rect are read and uploaded, and only when they
// changed (a step or an edit), so the texture is a copy of what the grid
// shows, never a computation.
struct RasterTexture {
  GLuint tex = 0;
  int cap_w = 0, cap_h = 0;  // allocated texels
  int w = 0, h = 0;          // texels in use
  // What the texture was built from, w·h: each cell's fill and value bits.
  // The texels (shading included) are recomputed only when this changes.
  std::vector<uint64_t> source;
  uint64_t last_use = 0;
};

// Keyed by ImGui context as well as ID: an export renders the same windows
// in a second context, maybe at another step, within one frame of the app.
using RasterKey = std::pair<const ImGuiContext*, ImGuiID>;
std::map<RasterKey, RasterTexture>& raster_textures() {
  static std::map<RasterKey, RasterTexture> m;
  return m;
}
uint64_t g_raster_uses = 0;
// Textures unused for this many raster draws (a few seconds of frames)
// belong to grids no longer shown: freed, and rebuilt if they come back.
constexpr uint64_t kRasterKeep = 4096;

// Restores the GL state an upload touches, so the backend and the export
// renderer find it as they left it.
struct UploadState {
  GLint tex = 0, align = 0, row_len = 0, skip_px = 0, skip_rows = 0, pbo = 0;
  UploadState() {
    glGetIntegerv(GL_TEXTURE_BINDING_2D, &tex);
    glGetIntegerv(GL_UNPACK_ALIGNMENT, &align);
    glGetIntegerv(GL_UNPACK_ROW_LENGTH, &row_len);
    glGetIntegerv(GL_UNPACK_SKIP_PIXELS, &skip_px);
    glGetIntegerv(GL_UNPACK_SKIP_ROWS, &skip_rows);
    glGetIntegerv(GL_PIXEL_UNPACK_BUFFER_BINDING, &pbo);
    glBindBuffer(GL_PIXEL_UNPACK_BUFFER, 0);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
    glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
    glPixelStorei(GL_UNPACK_SKIP_PIXELS, 0);
    glPixelStorei(GL_UNPACK_SKIP_ROWS, 0);
  }
  ~UploadState() {
    glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(tex));
    glPixelStorei(GL_UNPACK_ALIGNMENT, align);
    glPixelStorei(GL_UNPACK_ROW_LENGTH, row_len);
    glPixelStorei(GL_UNPACK_SKIP_PIXELS, skip_px);
    glPixelStorei(GL_UNPACK_SKIP_ROWS, skip_rows);
    glBindBuffer(GL_PIXEL_UNPACK_BUFFER, static_cast<GLuint>(pbo));
  }
  UploadState(const UploadState&) = delete;
  UploadState& operator=(const UploadState&) = delete;
};

void free_stale_rasters() {
  auto& m = raster_textures();
  for (auto it = m.begin(); it != m.end();) {
    if (it->second.last_use + kRasterKeep < g_raster_uses) {
      glDeleteTextures(1, &it->second.tex);
      it = m.erase(it);
    } else {
      ++it;
    }
  }
}

// Brings the texture for `key` to the cells in `source` (w × h, row-major):
// when they differ from what it was built from, `build` turns them into
// texels (ImGui colours, which are RGBA bytes in memory) and they are
// uploaded. Returns false when GL is not there to draw with.
bool upload_raster(RasterKey key, const std::vector<uint64_t>& source, int w, int h,
                   const std::function<void(std::vector<ImU32>&)>& build, RasterTexture** out) {
  if (!glad_glGenTextures) return false;  // no GL loaded (nothing would show it)
  ++g_raster_uses;
  if (g_raster_uses % 256 == 0) free_stale_rasters();
  RasterTexture& t = raster_textures()[key];
  t.last_use = g_raster_uses;
  *out = &t;
  const bool same = t.tex && t.w == w && t.h == h && t.source == source;
  if (same) return true;
  static std::vector<ImU32> px;
  px.resize(static_cast<size_t>(w) * static_cast<size_t>(h));
  build(px);
  const UploadState keep;
  if (!t.tex) {
    glGenTextures(1, &t.tex);
    glBindTexture(GL_TEXTURE_2D, t.tex);
    // Nearest: a cell is a hard-edged square, as the rectangles were.
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  } else {
    glBindTexture(GL_TEXTURE_2D, t.tex);
  }
  if (w > t.cap_w || h > t.cap_h) {
    // Grow only: scrolling changes the visible range every frame.
    t.cap_w = std::max(w, t.cap_w);
    t.cap_h = std::max(h, t.cap_h);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, t.cap_w, t.cap_h, 0, GL_RGBA, GL_UNSIGNED_BYTE,
                 nullptr);
  }
  glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, px.data());
  t.w = w;
  t.h = h;
  t.source = source;
  return true;
}

struct EditorState {
  Target target = Target::Input;
  std::vector<int64_t> index;
  float value = 0.f;
  std::string what;
  bool focus = false;
};
EditorState& editor() {
  static EditorState s;
  return s;
}
constexpr const char* kEditorPopup = "##value_editor";

}  // namespace

// [SECTION] Colours.
ImU32 mix(ImU32 a, ImU32 b, float t) {
  t = std::clamp(t, 0.f, 1.f);
  ImU32 out = 0;
  for (int shift : {IM_COL32_R_SHIFT, IM_COL32_G_SHIFT, IM_COL32_B_SHIFT, IM_COL32_A_SHIFT}) {
    const float v = channel(a, shift) * (1.f - t) + channel(b, shift) * t;
    out |= static_cast<ImU32>(std::lround(v * 255.f)) << shift;
  }
  return out;
}

ImU32 with_alpha(ImU32 c, float alpha) {
  const auto a = static_cast<ImU32>(std::lround(std::clamp(alpha, 0.f, 1.f) * 255.f));
  return (c & ~IM_COL32_A_MASK) | (a << IM_COL32_A_SHIFT);
}

ImU32 text_on(ImU32 fill) {
  auto lin = [](float c) {
    return c <= 0.04045f ? c / 12.92f : std::pow((c + 0.055f) / 1.055f, 2.4f);
  };
  const float l = 0.2126f * lin(channel(fill, IM_COL32_R_SHIFT)) +
                  0.7152f * lin(channel(fill, IM_COL32_G_SHIFT)) +
                  0.0722f * lin(channel(fill, IM_COL32_B_SHIFT));
  // Threshold where black and white give equal contrast ratios.
  return l > 0.179f ? IM_COL32(0, 0, 0, 255) : IM_COL32(255, 255, 255, 255);
}

ImU32 value_color(float v, float max_abs, const Palette& pal) {
  const ImU32 neutral = mix(pal.background, pal.text, 0.10f);
  if (!(max_abs > 0.f) || v == 0.f || !std::isfinite(v)) return neutral;
  const float t = std::min(std::fabs(v) / max_abs, 1.f);
  // Keep small non-zeros visibly tinted: a zero and a 0.01 should not look alike.
  return mix(neutral, v > 0 ? pal.positive : pal.negative, 0.2f + 0.8f * t);
}

ImU32 shade_cell(ImU32 fill, float v, float max_abs, bool signed_grid, ImU32 backing,
                 const Palette& pal) {
  const float alpha = channel(fill, IM_COL32_A_SHIFT);
  if (!std::isfinite(v)) v = 0.f;
  const float t = max_abs > 0.f ? std::min(std::fabs(v) / max_abs, 1.f) : 0.f;
  ImU32 col;
  if (signed_grid) {
    // Blue/orange (colour-blind safe): the grid's hue cannot carry the sign.
    col = v == 0.f ? mix(backing, pal.text, 0.12f)
                   : mix(backing, v > 0.f ? pal.positive : pal.negative, 0.25f + 0.75f * t);
  } else {
    // A zero stays faintly tinted, so it still reads as a cell of this grid.
    col = mix(backing, fill | IM_COL32_A_MASK, 0.15f + 0.85f * t);
  }
  return mix(backing, col, alpha) | IM_COL32_A_MASK;
}

ImU32 tap_color(int index) {
  // Okabe & Ito (2008); the black entry replaced by grey to read on dark themes.
  static constexpr ImU32 kColors[] = {
      IM_COL32(230, 159, 0, 255),   IM_COL32(86, 180, 233, 255),  IM_COL32(0, 158, 115, 255),
      IM_COL32(240, 228, 66, 255),  IM_COL32(0, 114, 178, 255),   IM_COL32(213, 94, 0, 255),
      IM_COL32(204, 121, 167, 255), IM_COL32(153, 153, 153, 255),
  };
  const int n = static_cast<int>(sizeof kColors / sizeof kColors[0]);
  return kColors[((index % n) + n) % n];
}

// [SECTION] Cells and grids.
float base_cell(const Style& style) {
  return style.cell_size * style.font_scale;
}

float min_cell(const Style& style) {
  // Small enough that a 64×64 input's 130×130 canvases fit a window (values
  // are hidden long before this; the pattern and the highlights remain).
  (void)style;
  return 1.5f;
}

float max_cell(const Style& style) {
  return 2.f * base_cell(style);
}

ImVec2 grid_block_size(const GridSpec& spec, float cell) {
  if (spec.fixed_cell > 0.f) cell = spec.fixed_cell;
  const Metrics m = metrics(spec);
  const float w = std::max(m.title_w, m.left + spec.cols * cell);
  const float h = m.title_h + m.top + spec.rows * cell;
  return {w, h};
}

float fit_cells(const std::vector<std::vector<GridSpec>>& layout, ImVec2 avail, float lo, float hi,
                float gap) {
  // Block sizes are affine in the cell edge except where a title is wider
  // than its grid, so measure once and evaluate per candidate.
  struct Block {
    Metrics m;
    int rows, cols;
    float fixed;
  };
  std::vector<std::vector<Block>> blocks;
  for (const auto& row : layout) {
    auto& out = blocks.emplace_back();
    for (const auto& s : row) out.push_back({metrics(s), s.rows, s.cols, s.fixed_cell});
  }
  auto extent = [&](float cell) {
    float total_w = 0.f, total_h = 0.f;
    for (size_t i = 0; i < blocks.size(); ++i) {
      float w = 0.f, h = 0.f;
      for (size_t j = 0; j < blocks[i].size(); ++j) {
        const Block& b = blocks[i][j];
        const float e = b.fixed > 0.f ? b.fixed : cell;
        w += std::max(b.m.title_w, b.m.left + b.cols * e) + (j ? gap : 0.f);
        h = std::max(h, b.m.title_h + b.m.top + b.rows * e);
      }
      total_w = std::max(total_w, w);
      total_h += h + (i ? gap : 0.f);
    }
    return ImVec2{total_w, total_h};
  };
  auto fits = [&](float cell) {
    const ImVec2 e = extent(cell);
    return e.x <= avail.x && e.y <= avail.y;
  };
  if (hi <= lo) return lo;
  if (fits(hi)) return std::floor(hi);
  if (!fits(lo)) return lo;
  float a = lo, b = hi;
  for (int i = 0; i < 24; ++i) {
    const float m = 0.5f * (a + b);
    (fits(m) ? a : b) = m;
  }
  // Whole pixels keep grid lines crisp; below 8 px there are no lines and a
  // fraction of a pixel decides whether a 130-cell canvas fits.
  return std::max(lo, a >= 8.f ? std::floor(a) : a);
}

float fit_cell(const GridSpec& spec, ImVec2 avail, float lo, float hi) {
  return fit_cells({{spec}}, avail, lo, hi, 0.f);
}

float fit_layouts(const std::vector<GridSpec>& specs,
                  const std::vector<std::vector<std::vector<int>>>& candidates, ImVec2 avail,
                  float lo, float hi, float gap, int* chosen) {
  float best = -1.f;
  int best_i = 0;
  ImVec2 best_size{FLT_MAX, FLT_MAX};
  for (size_t i = 0; i < candidates.size(); ++i) {
    std::vector<std::vector<GridSpec>> layout;
    float w = 0.f, h = 0.f;
    for (const auto& row : candidates[i]) {
      auto& out = layout.emplace_back();
      float rw = 0.f, rh = 0.f;
      for (int id : row) {
        out.push_back(specs.at(static_cast<size_t>(id)));
        const ImVec2 b = grid_block_size(out.back(), lo);
        rw += b.x + (out.size() > 1 ? gap : 0.f);
        rh = std::max(rh, b.y);
      }
      w = std::max(w, rw);
      h += rh + (layout.size() > 1 ? gap : 0.f);
    }
    const float cell = fit_cells(layout, avail, lo, hi, gap);
    const bool overflows = w > avail.x || h > avail.y;
    // Bigger cells win. Among layouts stuck at `lo`: one that fits the width
    // (scrolls only vertically) beats one that does not; then the shorter
    // among those that fit the width, the narrower among those that do not.
    auto overflow_key = [&](ImVec2 size) {
      const bool wide = size.x > avail.x;
      return std::pair<int, float>{wide ? 1 : 0, wide ? size.x : size.y};
    };
    const bool better = cell > best + 0.5f || (overflows && cell >= best - 0.5f &&
                                               overflow_key({w, h}) < overflow_key(best_size));
    if (better) {
      best = cell;
      best_i = static_cast<int>(i);
      best_size = {w, h};
    }
  }
  if (chosen) *chosen = best_i;
  return std::max(best, lo);
}

void layout_rows(const std::vector<std::vector<int>>& rows, float gap,
                 const std::function<void(int)>& draw_fn) {
  const float sy = ImGui::GetStyle().ItemSpacing.y;
  for (size_t i = 0; i < rows.size(); ++i) {
    // ImGui adds ItemSpacing.y after each line and after the spacer itself.
    if (i > 0) ImGui::Dummy({0.f, std::max(0.f, gap - 2.f * sy)});
    for (size_t j = 0; j < rows[i].size(); ++j) {
      if (j > 0) ImGui::SameLine(0.f, gap);
      draw_fn(rows[i][j]);
    }
  }
}

float fit_with_small_grids(std::vector<GridSpec>& specs,
                           const std::vector<std::vector<std::vector<int>>>& candidates,
                           ImVec2 avail, float lo, float hi, float gap, int* chosen,
                           const std::vector<int>& small, float readable) {
  float cell = fit_layouts(specs, candidates, avail, lo, hi, gap, chosen);
  // Values already print at this size: one scale for every grid reads best.
  if (cell >= readable_cell()) return cell;
  // Pin the small grids at a readable size and fit the rest around them;
  // keep the pin only if the others still get at least what they had.
  std::vector<GridSpec> pinned = specs;
  for (int i : small) pinned[static_cast<size_t>(i)].fixed_cell = readable;
  int chosen2 = 0;
  const float cell2 = fit_layouts(pinned, candidates, avail, lo, hi, gap, &chosen2);
  if (cell > lo && cell2 >= 0.85f * cell) {
    specs = std::move(pinned);
    if (chosen) *chosen = chosen2;
    return cell2;
  }
  return cell;
}

float block_gap() {
  return std::round(ImGui::GetFontSize() * 1.5f);
}

bool format_value(float v, float max_width, float font_size, char* buf, int buf_size) {
  if (buf_size <= 0) return false;
  buf[0] = '\0';
  auto fits = [&] {
    return ImGui::GetFont()->CalcTextSizeA(font_size, FLT_MAX, 0.f, buf).x <= max_width;
  };
  if (!std::isfinite(v)) {
    std::snprintf(buf, static_cast<size_t>(buf_size), "%s", std::isnan(v) ? "nan" : "inf");
    if (fits()) return true;
    buf[0] = '\0';
    return false;
  }
  const float r = std::round(v);
  if (std::fabs(v - r) <= 1e-5f * std::max(1.f, std::fabs(v)) && std::fabs(r) < 1e7f) {
    std::snprintf(buf, static_cast<size_t>(buf_size), "%.0f", r == 0.f ? 0.f : r);
    if (fits()) return true;
    buf[0] = '\0';
    return false;
  }
  for (int decimals = 2; decimals >= 0; --decimals) {
    std::snprintf(buf, static_cast<size_t>(buf_size), "%.*f", decimals, static_cast<double>(v));
    // Trim "1.50" → "1.5", "2.00" → "2".
    if (std::strchr(buf, '.')) {
      char* end = buf + std::strlen(buf) - 1;
      while (*end == '0') *end-- = '\0';
      if (*end == '.') *end = '\0';
    }
    if (std::strcmp(buf, "-0") == 0) std::snprintf(buf, static_cast<size_t>(buf_size), "0");
    if (fits()) return true;
  }
  buf[0] = '\0';
  return false;
}

void dashed_rect(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 col, float thickness, float dash) {
  dash = std::max(dash, 1.f);
  // Each dash covers what AddLine(p, q, col, thickness) would, as a filled
  // rectangle: AddLine strokes half a pixel in, `thickness` across. Sides run
  // clockwise from `a` so the dashes fall where the lines' did.
  const float o = 0.5f - 0.5f * thickness;
  auto seg = [&](ImVec2 p, ImVec2 q) {
    const float len = std::fabs(q.x - p.x) + std::fabs(q.y - p.y);  // axis-aligned
    if (len <= 0.f) return;
    const ImVec2 d{(q.x - p.x) / len, (q.y - p.y) / len};
    for (float s = 0.f; s < len; s += 2.f * dash) {
      const float e = std::min(s + dash, len);
      const ImVec2 u{p.x + d.x * s, p.y + d.y * s}, v{p.x + d.x * e, p.y + d.y * e};
      const ImVec2 lo{std::min(u.x, v.x) + 0.5f, std::min(u.y, v.y) + 0.5f};
      const ImVec2 hi{std::max(u.x, v.x) + 0.5f, std::max(u.y, v.y) + 0.5f};
      if (d.y == 0.f)
        dl->AddRectFilled({lo.x, u.y + o}, {hi.x, u.y + o + thickness}, col);
      else
        dl->AddRectFilled({u.x + o, lo.y}, {u.x + o + thickness, hi.y}, col);
    }
  };
  seg(a, {b.x, a.y});
  seg({b.x, a.y}, b);
  seg(b, {a.x, b.y});
  seg({a.x, b.y}, a);
}

GridResult grid(const char* id, const GridSpec& spec, float cell,
                const std::function<CellStyle(int r, int c)>& cell_fn, const Palette& pal) {
  GridResult g;
  if (spec.fixed_cell > 0.f) cell = spec.fixed_cell;
  g.cell = cell;
  g.rows = spec.rows;
  g.cols = spec.cols;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  const Metrics m = metrics(spec);
  const ImVec2 block = grid_block_size(spec, cell);
  g.origin = {p0.x + m.left, p0.y + m.title_h + m.top};
  g.block_min = p0;
  g.block_max = {p0.x + block.x, p0.y + block.y};

  ImGui::BeginGroup();
  if (!spec.title.empty()) {
    // Aligned with the cells when it fits, else with the block's left edge.
    const float x = (m.left + m.title_w <= block.x) ? p0.x + m.left : p0.x;
    draw_text(dl, ImGui::GetFontSize(), {x, p0.y}, pal.text, spec.title.c_str());
  }

  // Indices: every k-th when the cells are too small for all of them.
  if (spec.indices && spec.rows > 0 && spec.cols > 0) {
    const float fs = ImGui::GetFontSize() * kIndexScale;
    const ImU32 col = with_alpha(pal.text, 0.65f);
    char buf[24];
    std::snprintf(buf, sizeof buf, "%d", spec.col_base + spec.cols - 1);
    const float col_w = ImGui::GetFont()->CalcTextSizeA(fs, FLT_MAX, 0.f, buf).x;
    const int kc = index_step(cell, col_w + fs * 0.5f);
    for (int c = 0; c < spec.cols; c += kc) {
      std::snprintf(buf, sizeof buf, "%d", spec.col_base + c);
      const float w = ImGui::GetFont()->CalcTextSizeA(fs, FLT_MAX, 0.f, buf).x;
      draw_text(dl, fs, {g.origin.x + (c + 0.5f) * cell - 0.5f * w, g.origin.y - m.top}, col, buf);
    }
    const int kr = index_step(cell, fs);
    for (int r = 0; r < spec.rows; r += kr) {
      std::snprintf(buf, sizeof buf, "%d", spec.row_base + r);
      const float w = ImGui::GetFont()->CalcTextSizeA(fs, FLT_MAX, 0.f, buf).x;
      draw_text(dl, fs, {g.origin.x - w - fs * 0.3f, g.origin.y + (r + 0.5f) * cell - 0.5f * fs},
                col, buf);
    }
  }

  const ImVec2 clip_min = dl->GetClipRectMin(), clip_max = dl->GetClipRectMax();
  // Values grow a little with big cells (projector), never past 1.4×.
  float vfs = ImGui::GetFontSize() * kValueScale *
              std::clamp(cell / (2.2f * ImGui::GetFontSize()), 1.f, 1.4f);
  bool values_fit = cell >= vfs * 1.15f;
  if (values_fit) {
    // One size for the whole grid, small enough for its widest value (down
    // to 70%): a grid where "3" shows and "12" is blank reads as missing data.
    float widest = 0.f;
    char buf[48];
    for (int r = 0; r < spec.rows; ++r)
      for (int c = 0; c < spec.cols; ++c) {
        const CellStyle s = cell_fn(r, c);
        if (!s.has_value || s.label) continue;
        if (format_value(s.value, FLT_MAX, vfs, buf, sizeof buf))
          widest = std::max(widest, ImGui::GetFont()->CalcTextSizeA(vfs, FLT_MAX, 0.f, buf).x);
      }
    if (widest > cell - 4.f) vfs = std::max(vfs * (cell - 4.f) / widest, 0.7f * vfs);
  }
  const float line = std::max(1.f, std::round(cell / 28.f));
  // Below 8 px cell borders would hide the fills: draw a backing and an outer
  // frame instead, so empty cells still read as part of the grid.
  const bool borders = cell >= 8.f;
  const ImU32 backing = mix(pal.background, pal.text, 0.06f);
  if (!borders && spec.rows > 0 && spec.cols > 0) {
    const ImVec2 end{g.origin.x + spec.cols * cell, g.origin.y + spec.rows * cell};
    stroke_rect(dl, {g.origin.x - 1.f, g.origin.y - 1.f}, {end.x + 1.f, end.y + 1.f}, pal.grid,
                1.f);
  }
  // Cells. Only the ones inside the clip rect: big canvases scroll.
  auto first = [&](float lo, float o, int n) {
    return static_cast<int>(std::clamp(std::floor((lo - o) / cell), 0.f, static_cast<float>(n)));
  };
  auto last = [&](float hi, float o, int lo, int n) {
    return static_cast<int>(
        std::clamp(std::ceil((hi - o) / cell), static_cast<float>(lo), static_cast<float>(n)));
  };
  const bool any_cells = cell > 0.f && spec.rows > 0 && spec.cols > 0;
  const int r0 = any_cells ? first(clip_min.y, g.origin.y, spec.rows) : 0;
  const int r1 = any_cells ? last(clip_max.y, g.origin.y, r0, spec.rows) : 0;
  const int c0 = any_cells ? first(clip_min.x, g.origin.x, spec.cols) : 0;
  const int c1 = any_cells ? last(clip_max.x, g.origin.x, c0, spec.cols) : 0;
  bool rastered = false;
  // Values hidden: cells may be shaded by value (shade_cell), on a scale of
  // the largest |value| among the filled cells read here.
  const bool shade = spec.shade_values && !values_fit;
  constexpr uint32_t kNoValue = 0x7FC00001u;  // a NaN no cell value carries here
  auto shaded_value = [&](const CellStyle& s) {
    return shade && s.has_value && !s.label && (s.fill & IM_COL32_A_MASK);
  };
  if (!borders && r1 > r0 && c1 > c0) {
    // Values never fit below 8 px either: the fills are the whole picture.
    static std::vector<uint64_t> src;
    const int w = c1 - c0, h = r1 - r0;
    src.resize(static_cast<size_t>(w) * static_cast<size_t>(h));
    for (int r = r0; r < r1; ++r)
      for (int c = c0; c < c1; ++c) {
        const CellStyle s = cell_fn(r, c);
        uint32_t bits = kNoValue;
        if (shaded_value(s)) std::memcpy(&bits, &s.value, sizeof bits);
        src[static_cast<size_t>(r - r0) * static_cast<size_t>(w) + static_cast<size_t>(c - c0)] =
            (static_cast<uint64_t>(s.fill) << 32) | bits;
      }
    // Runs only when the cells changed (a step or an edit), not per frame.
    auto build = [&](std::vector<ImU32>& px) {
      float max_abs = 0.f;
      bool negative = false;
      auto value_of = [](uint64_t e, float* v) {
        const auto bits = static_cast<uint32_t>(e & 0xFFFFFFFFu);
        if (bits == kNoValue) return false;
        std::memcpy(v, &bits, sizeof *v);
        return true;
      };
      for (uint64_t e : src) {
        float v = 0.f;
        if (!value_of(e, &v) || !std::isfinite(v)) continue;
        max_abs = std::max(max_abs, std::fabs(v));
        negative |= v < 0.f;
      }
      // The backing shows where a cell has no fill of its own: blended in here
      // rather than drawn as a layer below, since llvmpipe pays per pixel drawn.
      for (size_t i = 0; i < src.size(); ++i) {
        const auto fill = static_cast<ImU32>(src[i] >> 32);
        float v = 0.f;
        px[i] = value_of(src[i], &v) ? shade_cell(fill, v, max_abs, negative, backing, pal)
                                     : over(fill, backing);
      }
    };
    RasterTexture* t = nullptr;
    if (upload_raster({ImGui::GetCurrentContext(), ImGui::GetID(id)}, src, w, h, build, &t)) {
      dl->AddImage(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(t->tex)),
                   {g.origin.x + c0 * cell, g.origin.y + r0 * cell},
                   {g.origin.x + c1 * cell, g.origin.y + r1 * cell}, {0.f, 0.f},
                   {static_cast<float>(w) / static_cast<float>(t->cap_w),
                    static_cast<float>(h) / static_cast<float>(t->cap_h)});
      rastered = true;
    }
  }
  if (!borders && !rastered && r1 > r0 && c1 > c0)
    dl->AddRectFilled(g.origin, {g.origin.x + spec.cols * cell, g.origin.y + spec.rows * cell},
                      backing);
  // Cells of 8 px and up with values hidden, drawn as rectangles: the scale
  // comes from the same cells (a few thousand at most at this size).
  float rect_max_abs = 0.f;
  bool rect_negative = false;
  if (shade && !rastered)
    for (int r = r0; r < r1; ++r)
      for (int c = c0; c < c1; ++c) {
        const CellStyle s = cell_fn(r, c);
        if (!shaded_value(s) || !std::isfinite(s.value)) continue;
        rect_max_abs = std::max(rect_max_abs, std::fabs(s.value));
        rect_negative |= s.value < 0.f;
      }
  for (int r = rastered ? r1 : r0; r < r1; ++r) {
    const float y0 = g.origin.y + r * cell;
    for (int c = c0; c < c1; ++c) {
      const float x0 = g.origin.x + c * cell;
      const CellStyle s = cell_fn(r, c);
      const ImVec2 a{x0, y0}, b{x0 + cell, y0 + cell};
      if (shaded_value(s))
        dl->AddRectFilled(a, b,
                          shade_cell(s.fill, s.value, rect_max_abs, rect_negative, backing, pal));
      else if (s.fill & IM_COL32_A_MASK)
        dl->AddRectFilled(a, b, s.fill);
      if (borders && s.border != Border::None) {
        const ImU32 bc = s.border_color ? s.border_color : pal.grid;
        if (s.border == Border::Solid)
          stroke_rect(dl, a, b, bc, line);
        else
          dashed_rect(dl, {a.x + line, a.y + line}, {b.x - line, b.y - line}, bc, line,
                      std::max(2.f, cell / 7.f));
      }
      if (values_fit && (s.has_value || s.label)) {
        char buf[32];
        bool ok = true;
        if (s.label) {
          std::snprintf(buf, sizeof buf, "%s", s.label);
          ok = ImGui::GetFont()->CalcTextSizeA(vfs, FLT_MAX, 0.f, buf).x <= cell - 4.f;
        } else {
          ok = format_value(s.value, cell - 4.f, vfs, buf, sizeof buf);
        }
        if (ok) {
          // Translucent fills sit on the window background: use the theme's text colour.
          const ImU32 tc =
              s.text ? s.text
                     : (((s.fill >> IM_COL32_A_SHIFT) & 0xFF) >= 128 ? text_on(s.fill) : pal.text);
          const ImVec2 ts = ImGui::GetFont()->CalcTextSizeA(vfs, FLT_MAX, 0.f, buf);
          draw_text(dl, vfs, {x0 + 0.5f * (cell - ts.x), y0 + 0.5f * (cell - ts.y)}, tc, buf);
        }
      }
    }
  }

  if (spec.rows > 0 && spec.cols > 0 && cell > 0.f) {
    ImGui::SetCursorScreenPos(g.origin);
    ImGui::PushID(id);
    g.clicked = ImGui::InvisibleButton("##cells", {spec.cols * cell, spec.rows * cell});
    g.hovered = ImGui::IsItemHovered();
    ImGui::PopID();
    if (g.hovered) {
      const ImVec2 mp = ImGui::GetIO().MousePos;
      g.hover_c = std::clamp(static_cast<int>((mp.x - g.origin.x) / cell), 0, spec.cols - 1);
      g.hover_r = std::clamp(static_cast<int>((mp.y - g.origin.y) / cell), 0, spec.rows - 1);
    } else {
      g.clicked = false;
    }
  }
  // Reserve the whole block (title and indices included) as one item.
  ImGui::SetCursorScreenPos(p0);
  ImGui::Dummy(block);
  ImGui::EndGroup();
  return g;
}

void outline(const GridResult& g, int r0, int c0, int r1, int c1, ImU32 col, float thickness,
             bool outside) {
  // Entirely off the grid: nothing (clamping would outline the wrong cell).
  if (g.rows <= 0 || g.cols <= 0 || r1 < 0 || c1 < 0 || r0 >= g.rows || c0 >= g.cols) return;
  r0 = std::clamp(r0, 0, g.rows - 1);
  r1 = std::clamp(r1, 0, g.rows - 1);
  c0 = std::clamp(c0, 0, g.cols - 1);
  c1 = std::clamp(c1, 0, g.cols - 1);
  const ImVec2 a = g.cell_min(r0, c0), b = g.cell_max(r1, c1);
  if (outside || g.cell < 4.f * thickness) {
    // Tiny cells: the outline goes around the outside, at full thickness, so
    // a single highlighted cell in a 64×64 grid is still found at a glance.
    const float h = 0.5f * thickness;
    stroke_rect(ImGui::GetWindowDrawList(), {a.x - h, a.y - h}, {b.x + h, b.y + h}, col, thickness);
    return;
  }
  const float h = 0.5f * thickness;
  stroke_rect(ImGui::GetWindowDrawList(), {a.x + h, a.y + h}, {b.x - h, b.y - h}, col, thickness);
}

void corner_text(const GridResult& g, int r, int c, const char* text, ImU32 col, ImU32 bg,
                 Corner corner) {
  if (!g.contains(r, c) || !text || !*text) return;
  const float font = ImGui::GetFontSize();
  const float fs = font * 0.62f;
  const ImVec2 ts = ImGui::GetFont()->CalcTextSizeA(fs, FLT_MAX, 0.f, text);
  // Clear of a centred value line (kValueScale·font tall, up to 1.4× on big cells).
  const float value_h = font * kValueScale * std::clamp(g.cell / (2.2f * font), 1.f, 1.4f);
  if (0.5f * (g.cell - value_h) < ts.y + 1.f || ts.x > g.cell * 0.5f) return;
  const ImVec2 lo = g.cell_min(r, c), hi = g.cell_max(r, c);
  const ImVec2 a = corner == Corner::TopLeft ? ImVec2{lo.x + 2.f, lo.y + 1.f}
                                             : ImVec2{hi.x - ts.x - 2.f, hi.y - ts.y - 1.f};
  ImDrawList* dl = ImGui::GetWindowDrawList();
  if (bg & IM_COL32_A_MASK) dl->AddRectFilled({a.x - 1.f, a.y}, {a.x + ts.x + 1.f, a.y + ts.y}, bg);
  draw_text(dl, fs, a, col, text);
}

std::string tap_name(int index) {
  if (index < 0 || index >= 26) return "";
  return std::string(1, static_cast<char>('a' + index));
}

void wash(const GridResult& g, int r0, int c0, int r1, int c1, ImU32 col) {
  if (g.rows <= 0 || g.cols <= 0 || r1 < 0 || c1 < 0 || r0 >= g.rows || c0 >= g.cols) return;
  r0 = std::clamp(r0, 0, g.rows - 1);
  r1 = std::clamp(r1, 0, g.rows - 1);
  c0 = std::clamp(c0, 0, g.cols - 1);
  c1 = std::clamp(c1, 0, g.cols - 1);
  ImGui::GetWindowDrawList()->AddRectFilled(g.cell_min(r0, c0), g.cell_max(r1, c1), col);
}

// [SECTION] Annotations.
void arrow(ImDrawList* dl, ImVec2 from, ImVec2 to, ImU32 col, float thickness) {
  const float len = std::hypot(to.x - from.x, to.y - from.y);
  if (len < 1.f) return;
  const ImVec2 d{(to.x - from.x) / len, (to.y - from.y) / len};
  const float head = std::min(len * 0.5f, 4.f * thickness + 4.f);
  const ImVec2 base{to.x - d.x * head, to.y - d.y * head};
  dl->AddLine(from, base, col, thickness);
  const ImVec2 n{-d.y * head * 0.5f, d.x * head * 0.5f};
  dl->AddTriangleFilled(to, {base.x + n.x, base.y + n.y}, {base.x - n.x, base.y - n.y}, col);
}

ImVec2 label_size(const char* text, float scale) {
  const float fs = ImGui::GetFontSize() * scale;
  const ImVec2 t = ImGui::GetFont()->CalcTextSizeA(fs, FLT_MAX, 0.f, text);
  const float pad = fs * 0.2f;
  return {t.x + 2 * pad, t.y + 2 * pad};
}

ImVec2 label(ImDrawList* dl, ImVec2 pos, const char* text, ImU32 col, ImU32 bg, float scale) {
  const float fs = ImGui::GetFontSize() * scale;
  const float pad = fs * 0.2f;
  const ImVec2 size = label_size(text, scale);
  if (bg & IM_COL32_A_MASK) dl->AddRectFilled(pos, add(pos, size), bg, pad);
  draw_text(dl, fs, {pos.x + pad, pos.y + pad}, col, text);
  return size;
}

std::string num(float v) {
  char buf[48];
  if (!format_value(v, FLT_MAX, ImGui::GetFontSize(), buf, sizeof buf))
    std::snprintf(buf, sizeof buf, "%g", static_cast<double>(v));
  return buf;
}

float text_height(const std::string& text) {
  if (text.empty()) return 0.f;
  const float w = ImGui::GetContentRegionAvail().x;
  return ImGui::CalcTextSize(text.c_str(), nullptr, false, w).y + ImGui::GetStyle().ItemSpacing.y;
}

void caption(const char* fmt, ...) {
  va_list args;
  va_start(args, fmt);
  ImGui::TextWrappedV(fmt, args);
  va_end(args);
}

float caption_height(int lines) {
  return lines * ImGui::GetTextLineHeightWithSpacing();
}

namespace {
float legend_item_width(const LegendItem& it) {
  const float sw = ImGui::GetTextLineHeight();
  return sw + ImGui::GetStyle().ItemInnerSpacing.x + ImGui::CalcTextSize(it.text.c_str()).x;
}
float legend_gap() {
  return ImGui::GetFontSize();
}
}  // namespace

void legend(const std::vector<LegendItem>& items, const Palette& pal) {
  const float right = ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float sw = ImGui::GetTextLineHeight();
  for (size_t i = 0; i < items.size(); ++i) {
    const LegendItem& it = items[i];
    if (i > 0) {
      // Same line when it fits, as ImGui's demo wraps buttons.
      const float last = ImGui::GetItemRectMax().x;
      if (last + legend_gap() + legend_item_width(it) <= right) ImGui::SameLine(0.f, legend_gap());
    }
    ImGui::BeginGroup();
    const ImVec2 a = ImGui::GetCursorScreenPos();
    const ImVec2 b{a.x + sw, a.y + sw};
    if (it.look.fill & IM_COL32_A_MASK) dl->AddRectFilled(a, b, it.look.fill);
    const ImU32 bc = it.look.border_color ? it.look.border_color : pal.grid;
    if (it.look.border == Border::Solid)
      dl->AddRect(a, b, bc, 0.f, 0, 1.5f);
    else if (it.look.border == Border::Dashed)
      dashed_rect(dl, a, b, bc, 1.5f, std::max(2.f, sw / 6.f));
    ImGui::Dummy({sw, sw});
    ImGui::SameLine(0.f, ImGui::GetStyle().ItemInnerSpacing.x);
    ImGui::TextUnformatted(it.text.c_str());
    ImGui::EndGroup();
  }
}

float legend_height(const std::vector<LegendItem>& items) {
  if (items.empty()) return 0.f;
  const float avail = ImGui::GetContentRegionAvail().x;
  int lines = 1;
  float x = 0.f;
  for (size_t i = 0; i < items.size(); ++i) {
    const float w = legend_item_width(items[i]);
    if (i > 0 && x + legend_gap() + w > avail) {
      ++lines;
      x = w;
    } else {
      x += (i ? legend_gap() : 0.f) + w;
    }
  }
  return lines * ImGui::GetFrameHeightWithSpacing();
}

// [SECTION] Reading values.
namespace {
float at(const tconv::Array& a, int64_t i) {
  return i >= 0 && i < static_cast<int64_t>(a.data.size()) ? a.data[static_cast<size_t>(i)] : 0.f;
}
// Spatial dims are the last two in both ranks; channel dim is the one before.
int64_t flat4(const tconv::Array& a, int64_t n, int64_t c, int64_t h, int64_t w) {
  const size_t r = a.shape.size();
  if (r < 3) return -1;
  const int64_t C = a.shape[r - 3], H = a.shape[r - 2], W = a.shape[r - 1];
  return ((n * C + c) * H + h) * W + w;
}
}  // namespace

float input_value(const Model& m, int64_t n, int64_t c, int64_t h, int64_t w) {
  return at(m.problem().input, flat4(m.problem().input, n, c, h, w));
}

float weight_value(const Model& m, int64_t c_in, int64_t c_out_local, int64_t kh, int64_t kw) {
  return at(m.problem().weight, flat4(m.problem().weight, c_in, c_out_local, kh, kw));
}

float output_value(const Model& m, int64_t n, int64_t c, int64_t oh, int64_t ow) {
  return at(m.records().output, flat4(m.records().output, n, c, oh, ow));
}

float bias_value(const Model& m, int64_t c_out) {
  const auto& b = m.problem().bias;
  return b && m.records().geo.has_bias ? at(*b, c_out) : 0.f;
}

std::vector<int64_t> input_index(const Model& m, int64_t n, int64_t c, int64_t h, int64_t w) {
  if (m.problem().input.shape.size() == 3) return {c, h, w};
  return {n, c, h, w};
}

float output_max_abs(const Model& m, int64_t n, int64_t c) {
  const auto& o = m.records().output;
  const size_t r = o.shape.size();
  if (r < 3) return 0.f;
  const int64_t plane = o.shape[r - 2] * o.shape[r - 1];
  const int64_t first = flat4(o, n, c, 0, 0);
  float mx = 0.f;
  for (int64_t i = 0; i < plane; ++i) mx = std::max(mx, std::fabs(at(o, first + i)));
  return mx;
}

// [SECTION] View scaffolding.
void begin_canvas(const char* id, float reserve_bottom) {
  ImGui::BeginChild(id, {0.f, reserve_bottom > 0.f ? -reserve_bottom : 0.f}, false,
                    ImGuiWindowFlags_HorizontalScrollbar);
}

void end_canvas() {
  ImGui::EndChild();
}

ViewFrame begin_view(const char* id, const std::string& long_caption,
                     const std::string& short_caption, const std::vector<LegendItem>& items) {
  ViewFrame f;
  const float avail_h = ImGui::GetContentRegionAvail().y;
  const bool use_short = !short_caption.empty() && text_height(long_caption) > 0.25f * avail_h;
  const std::string& cap = use_short ? short_caption : long_caption;
  if (!cap.empty()) caption("%s", cap.c_str());
  const float leg_h = legend_height(items);
  f.legend_pinned = leg_h <= 0.15f * avail_h;
  begin_canvas(id, f.legend_pinned && leg_h > 0.f ? leg_h + ImGui::GetStyle().ItemSpacing.y : 0.f);
  return f;
}

void end_view(const ViewFrame& f, const std::vector<LegendItem>& items, const Palette& pal) {
  if (!f.legend_pinned) legend(items, pal);
  end_canvas();
  if (f.legend_pinned) legend(items, pal);
}

float readable_cell() {
  return std::round(ImGui::GetFontSize() * kValueScale * 1.2f);
}

float min_cell(const Style& style, int largest_grid_edge) {
  const float readable = std::max(readable_cell(), min_cell(style));
  const float edge = static_cast<float>(std::max(largest_grid_edge, 1));
  // Values printed as long as the largest grid stays within ~400 px (scaled):
  // a small problem scrolls rather than hiding its numbers.
  if (readable * edge <= 400.f * style.font_scale) return readable;
  // Otherwise about 160 px for the largest grid, down to min_cell(style).
  return std::clamp(160.f * style.font_scale / edge, min_cell(style), readable);
}

void set_hover(Model& model, const Hover& h) {
  if (!(model.hover() == h)) model.set_hover(h);
}

void clear_hover_if_idle(Model& model, bool any_hovered) {
  if (any_hovered || model.hover().kind == Hover::Kind::None) return;
  // The whole view window, not just its canvas: the legend and caption sit outside it.
  if (ImGui::IsWindowHovered(ImGuiHoveredFlags_RootAndChildWindows)) model.set_hover(Hover{});
}

void open_value_editor(Target t, std::vector<int64_t> index, float current, std::string what) {
  EditorState& e = editor();
  e.target = t;
  e.index = std::move(index);
  e.value = current;
  e.what = std::move(what);
  e.focus = true;
  ImGui::OpenPopup(kEditorPopup);
}

void value_editor(Model& model) {
  if (!ImGui::BeginPopup(kEditorPopup)) return;
  EditorState& e = editor();
  ImGui::TextUnformatted(e.what.c_str());
  if (e.focus) {
    ImGui::SetKeyboardFocusHere();
    e.focus = false;
  }
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8.f);
  bool apply = ImGui::InputFloat("##value", &e.value, 0.f, 0.f, "%.4g",
                                 ImGuiInputTextFlags_EnterReturnsTrue);
  apply |= ImGui::Button("Apply");
  ImGui::SameLine();
  if (ImGui::Button("Cancel")) ImGui::CloseCurrentPopup();
  if (apply) {
    model.set_value(e.target, e.index, e.value);
    ImGui::CloseCurrentPopup();
  }
  ImGui::EndPopup();
}

DrawnChannels drawn_channels(const Model& model) {
  const tconv::Geometry& geo = model.records().geo;
  DrawnChannels d;
  d.n = model.sel_batch();
  d.co = model.sel_out_channel();
  d.group = geo.group_of_out(d.co);
  d.co_local = d.co - d.group * geo.out_per_group();
  const int64_t cin_g = geo.in_per_group();
  d.ci = model.sel_in_channel();
  if (d.ci < 0 || d.ci >= geo.in_channels || geo.group_of_in(d.ci) != d.group)
    d.ci = d.group * cin_g;
  d.ci_local = d.ci - d.group * cin_g;
  return d;
}

}  // namespace studio::draw
