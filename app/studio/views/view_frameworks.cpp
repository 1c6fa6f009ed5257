// The frameworks view: the same layer in TensorFlow/Keras, ONNX and JAX.
// Every framework computes the same full output (each input scales the
// kernel, copies land stride apart and are summed, nothing cropped); they
// differ only in the window of it they keep. The grid is that full output
// with PyTorch's window filled and another framework's window outlined; the
// table lists every framework's padding mode against PyTorch's window
// ("same shape, shifted" is the porting trap); below, the current PyTorch
// layer as code for each framework, with a copy button. Everything drawn
// comes from the model's FrameworksData (built with the records).
#include <imgui.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "clipboard.h"
#include "draw.h"
#include "views.h"

namespace studio {
namespace {

constexpr const char* kTimes = " \xC3\x97 ";  // " × "

ImVec4 to_vec4(ImU32 c) {
  return ImGui::ColorConvertU32ToFloat4(c);
}

ImU32 relation_color(tconv::Relation r, const Palette& pal) {
  switch (r) {
    case tconv::Relation::Same:
      return pal.output;
    case tconv::Relation::SameShapeShifted:
      return pal.negative;
    case tconv::Relation::OtherShape:
      return pal.text;
    case tconv::Relation::Refused:
      return ui::with_alpha(pal.text, 0.55f);
  }
  return pal.text;
}

// The row whose window is outlined: the one under the mouse, else the one
// clicked, else the model's choice (the first shifted one).
int shown_row(const FrameworksViewState& s, const FrameworksData& d) {
  const int n = static_cast<int>(d.rows.size());
  if (s.hovered >= 0 && s.hovered < n && ImGui::IsMousePosValid()) return s.hovered;
  if (s.selected >= 0 && s.selected < n) return s.selected;
  return std::clamp(d.default_selection, 0, std::max(n - 1, 0));
}

// [SECTION] Header.

std::string header_text(const FrameworksData& d) {
  const FrameworkRow& ref = d.rows.front();
  const std::string full = std::to_string(d.full_h) + kTimes + std::to_string(d.full_w);
  return "Every framework computes the same full " + full +
         " output (each input scales the kernel, the copies land stride apart and are summed, "
         "nothing cropped). They differ only in the window they keep: PyTorch keeps rows " +
         ref.rows + ", cols " + ref.cols +
         ". Hover or click a row of the table to outline that "
         "framework's window.";
}

std::string headline(const FrameworksData& d) {
  return (d.trap ? "\xE2\x9A\xA0 " : "") + d.headline;
}

bool compact_header(ImVec2 avail) {
  const float fs = ImGui::GetFontSize();
  return avail.y < fs * 16.f || avail.x < fs * 30.f;
}

void draw_header(const FrameworksData& d, const Palette& pal, bool compact) {
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextColored(to_vec4(d.trap ? pal.negative : pal.output), "%s", headline(d).c_str());
  const std::string text = header_text(d);
  if (compact) {
    ImGui::TextDisabled("(?)");
    ui::tooltip(text.c_str());
  } else {
    ImGui::TextUnformatted(text.c_str());
  }
  ImGui::PopTextWrapPos();
}

// draw_header's height in `width` at the current font.
float header_height(const FrameworksData& d, bool compact, float width) {
  const float sp = ImGui::GetStyle().ItemSpacing.y;
  const float text = compact ? ImGui::GetTextLineHeight()
                             : ImGui::CalcTextSize(header_text(d).c_str(), nullptr, false, width).y;
  return ImGui::CalcTextSize(headline(d).c_str(), nullptr, false, width).y + text + 2.f * sp;
}

// [SECTION] The full output and the windows.

struct GridLook {
  const FrameworksData& d;
  const tconv::Array& full;
  int64_t n = 0, c = 0;
  bool small = false;

  bool in_full(int64_t r, int64_t col) const {
    return r >= 0 && col >= 0 && r < d.full_h && col < d.full_w;
  }
  float value(int64_t r, int64_t col) const {
    const int64_t C = full.shape[1];
    return full.data[static_cast<size_t>(((n * C + c) * d.full_h + r) * d.full_w + col)];
  }
  // As the scatter view draws a crop: kept cells solid, cropped ones faded
  // and dashed; cells outside the full output are zeros some framework adds.
  ui::CellStyle cell(int gr, int gc, const Palette& pal) const {
    const int64_t r = d.row_begin + gr, col = d.col_begin + gc;
    const FrameworkRow& ref = d.rows.front();
    const bool kept =
        r >= ref.h.begin && r < ref.h.end() && col >= ref.w.begin && col < ref.w.end();
    ui::CellStyle s;
    s.border = small ? ui::Border::None : kept ? ui::Border::Solid : ui::Border::Dashed;
    if (!in_full(r, col)) {
      s.fill = ui::with_alpha(pal.output_padding, kept ? 1.f : 0.55f);
      s.label = "0";
      s.text = ui::with_alpha(pal.text, 0.6f);
      return s;
    }
    s.fill = kept ? pal.output : ui::with_alpha(pal.output, 0.4f);
    s.has_value = true;
    s.value = value(r, col);
    if (!kept) s.text = pal.text;
    return s;
  }
};

std::vector<ui::LegendItem> grid_legend(const FrameworksData& d, const FrameworkRow& shown,
                                        const Palette& pal) {
  std::vector<ui::LegendItem> items;
  ui::LegendItem kept;
  kept.look.fill = pal.output;
  kept.text = "kept by PyTorch";
  items.push_back(kept);
  ui::LegendItem cropped;
  cropped.look.fill = ui::with_alpha(pal.output, 0.4f);
  cropped.look.border = ui::Border::Dashed;
  cropped.text = "cropped by PyTorch";
  items.push_back(cropped);
  if (d.row_begin < 0 || d.col_begin < 0 || d.row_end > d.full_h || d.col_end > d.full_w) {
    ui::LegendItem zeros;
    zeros.look.fill = pal.output_padding;
    zeros.look.border = ui::Border::Dashed;
    zeros.text = "0: past the full output";
    items.push_back(zeros);
  }
  if (&shown != &d.rows.front() && shown.relation != tconv::Relation::Refused) {
    ui::LegendItem fw;
    fw.look.border_color = pal.highlight;
    fw.text = "kept by " + shown.label;
    items.push_back(fw);
  }
  return items;
}

ui::GridSpec full_spec(const FrameworksData& d) {
  ui::GridSpec spec;
  spec.rows = static_cast<int>(d.row_end - d.row_begin);
  spec.cols = static_cast<int>(d.col_end - d.col_begin);
  spec.row_base = static_cast<int>(d.row_begin);
  spec.col_base = static_cast<int>(d.col_begin);
  spec.shade_values = true;
  spec.title = "Full output, nothing cropped (" + std::to_string(d.full_h) + kTimes +
               std::to_string(d.full_w) + ")";
  return spec;
}

// The full output fitted to `room`: the legend, then the grid in a child
// that scrolls sideways once the cells reach their smallest size (or
// `floor`, the projector's: see scale2_floor).
void draw_full_grid(ViewContext& cx, const FrameworksData& d, const FrameworkRow& shown,
                    ImVec2 room, float floor) {
  const Palette& pal = cx.palette();
  const tconv::Array& full = d.record.full;
  if (full.shape.size() != 4 || d.full_h <= 0 || d.full_w <= 0) return;
  const float y0 = ImGui::GetCursorPosY();
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + room.x);
  ui::legend(grid_legend(d, shown, pal), pal, room.x);
  ImGui::PopTextWrapPos();
  const ui::GridSpec spec = full_spec(d);
  const float bar = ImGui::GetStyle().ScrollbarSize;
  const ImVec2 fit{room.x - bar, room.y - (ImGui::GetCursorPosY() - y0) - bar};
  const float hi = ui::max_cell(cx.style);
  const float lo =
      std::max(ui::min_cell(cx.style, std::max(spec.rows, spec.cols)), std::min(floor, hi));
  const float cell = ui::fit_cell(spec, fit, lo, hi);
  const ImVec2 block = ui::grid_block_size(spec, cell);
  const GridLook look{d, full, std::min(cx.model.sel_batch(), full.shape[0] - 1),
                      std::min(cx.model.sel_out_channel(), full.shape[1] - 1), cell < 12.f};
  // As tall as the grid: the view's body scrolls down, this child only
  // sideways (one scroll direction each, never nested).
  const float height = block.y + bar + ImGui::GetStyle().WindowPadding.y * 2.f;
  ImGui::BeginChild("##fw_grid", {room.x, height}, false, ImGuiWindowFlags_HorizontalScrollbar);
  const ui::GridResult g = ui::grid(
      "fw_full", spec, cell, [&](int r, int c) { return look.cell(r, c, pal); }, pal, cx.raster);
  if (shown.relation != tconv::Relation::Refused && shown.h.size > 0 && shown.w.size > 0)
    ui::outline(g, static_cast<int>(shown.h.begin - d.row_begin),
                static_cast<int>(shown.w.begin - d.col_begin),
                static_cast<int>(shown.h.end() - 1 - d.row_begin),
                static_cast<int>(shown.w.end() - 1 - d.col_begin), pal.highlight,
                std::max(3.f, cell * 0.12f), true);
  if (g.hovered) {
    const int64_t r = d.row_begin + g.hover_r, c = d.col_begin + g.hover_c;
    if (look.in_full(r, c))
      ImGui::SetTooltip("full output (%lld, %lld) = %s", static_cast<long long>(r),
                        static_cast<long long>(c), ui::num(look.value(r, c)).c_str());
    else
      ImGui::SetTooltip("(%lld, %lld) lies past the full output: a framework keeping it gets 0",
                        static_cast<long long>(r), static_cast<long long>(c));
  }
  ImGui::EndChild();
}

// [SECTION] The table of frameworks.

void row_tooltip(const FrameworkRow& r, bool with_verdict) {
  std::string tip = r.call.empty() ? r.label : r.call;
  if (with_verdict && r.relation != tconv::Relation::Refused) tip += "\n\n" + r.verdict;
  if (r.relation == tconv::Relation::Refused) tip += "\n\nRefused: " + r.refusal;
  if (r.outside) tip += "\n\nPart of this window lies past the full output: those cells are 0.";
  ui::tooltip(tip.c_str());
}

// The table's width with long or short verdicts (the short ones keep the
// long one in the row's tooltip).
float table_width(const FrameworksData& d, bool short_verdicts) {
  float label = 0.f, rows = ImGui::CalcTextSize("rows").x, cols = ImGui::CalcTextSize("cols").x,
        verdict = ImGui::CalcTextSize(short_verdicts ? "vs PyTorch" : "against PyTorch's window").x;
  for (const FrameworkRow& r : d.rows) {
    label = std::max(label, ImGui::CalcTextSize(r.label.c_str()).x);
    rows = std::max(rows, ImGui::CalcTextSize(r.rows.c_str()).x);
    cols = std::max(cols, ImGui::CalcTextSize(r.cols.c_str()).x);
    const std::string& v = short_verdicts ? r.short_verdict : r.verdict;
    verdict = std::max(verdict, ImGui::CalcTextSize(v.c_str()).x + ImGui::GetFontSize() * 1.5f);
  }
  return label + rows + cols + verdict + ImGui::GetStyle().CellPadding.x * 8.f;
}

void draw_cases_table(FrameworksViewState& s, const FrameworksData& d, int shown, float width,
                      bool short_verdicts, const Palette& pal) {
  s.hovered = -1;
  const ImGuiTableFlags flags =
      ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit;
  if (!ImGui::BeginTable("##fw_cases", 4, flags, {width, 0.f})) return;
  ImGui::TableSetupColumn("framework");
  ImGui::TableSetupColumn("rows");
  ImGui::TableSetupColumn("cols");
  ImGui::TableSetupColumn(short_verdicts ? "vs PyTorch" : "against PyTorch's window",
                          ImGuiTableColumnFlags_WidthStretch);
  ImGui::TableHeadersRow();
  for (size_t i = 0; i < d.rows.size(); ++i) {
    const FrameworkRow& r = d.rows[i];
    const int index = static_cast<int>(i);
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::PushID(index);
    if (ImGui::Selectable(r.label.c_str(), index == shown, ImGuiSelectableFlags_SpanAllColumns))
      s.selected = index;
    if (ImGui::IsItemHovered()) {
      s.hovered = index;
      row_tooltip(r, short_verdicts);
    }
    ImGui::PopID();
    const bool refused = r.relation == tconv::Relation::Refused;
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(refused ? "-" : r.rows.c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(refused ? "-" : r.cols.c_str());
    ImGui::TableNextColumn();
    ImGui::PushTextWrapPos(0.0f);
    const std::string verdict = short_verdicts ? r.short_verdict
                                : refused      ? "refused: " + r.refusal
                                               : r.verdict;
    ImGui::TextColored(to_vec4(index == 0 ? pal.text : relation_color(r.relation, pal)), "%s%s",
                       r.relation == tconv::Relation::SameShapeShifted ? "\xE2\x9A\xA0 " : "",
                       verdict.c_str());
    ImGui::PopTextWrapPos();
  }
  ImGui::EndTable();
}

void draw_notes(const FrameworksData& d, float width) {
  ImGui::Spacing();
  ImGui::TextDisabled("This PyTorch layer in the other frameworks:");
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
  for (const std::string& note : d.record.translation.notes) {
    ImGui::Bullet();
    ImGui::TextUnformatted(note.c_str());  // wraps: BulletText would not
  }
  ImGui::PopTextWrapPos();
}

// [SECTION] Code.

constexpr const char* kCodeNames[] = {"PyTorch", "TensorFlow", "ONNX", "JAX"};
constexpr const char* kCodeNeeds[] = {"PyTorch 1.13 or later", "TensorFlow 2",
                                      "onnx and onnxruntime", "jax"};

void draw_code(FrameworksViewState& s, const FrameworksData& d, float height, const Palette& pal) {
  s.code = std::clamp(s.code, 0, 3);
  ImGui::TextUnformatted("This layer as code:");
  for (int i = 0; i < 4; ++i) {
    ImGui::SameLine();
    ImGui::RadioButton(kCodeNames[i], &s.code, i);
  }
  const std::string& code = d.record.code[static_cast<size_t>(s.code)];
  ImGui::SameLine();
  if (ImGui::Button("Copy")) {
    platform::set_clipboard_text(code);
    s.copied_at = ImGui::GetTime();
    s.copied_lines = static_cast<int>(std::count(code.begin(), code.end(), '\n'));
  }
  const std::string what = std::string("A Python script that builds this layer in ") +
                           kCodeNames[s.code] + " with these values and checks its output " +
                           "against the studio's; it needs " + kCodeNeeds[s.code] + ".";
  ui::tooltip(what.c_str());
  if (ImGui::GetTime() - s.copied_at < 3.0) {
    ImGui::SameLine();
    ImGui::TextColored(to_vec4(pal.output), "copied %d lines: paste into a .py file",
                       s.copied_lines);
  }
  ImGui::BeginChild("##fw_code", {0, height}, true, ImGuiWindowFlags_HorizontalScrollbar);
  ImGui::TextUnformatted(code.c_str(), code.c_str() + code.size());
  ImGui::EndChild();
}

// Side by side (grid left, table right) when the grid at a readable cell
// and the table fit next to each other; else stacked. The view's body
// scrolls; the code box below keeps at least 8 lines.
struct Layout {
  bool side = false, short_verdicts = false;
  float grid_w = 0.f, table_w = 0.f, grid_h = 0.f, code_h = 0.f;
};

// `min_grid_w`: the grid's width at the projector's floor, which a table
// beside it must leave (else the table goes below).
Layout plan_layout(const FrameworksData& d, ImVec2 avail, float min_grid_w = 0.f) {
  Layout l;
  const float gap = ImGui::GetStyle().ItemSpacing.x * 2.f;
  const float line = ImGui::GetTextLineHeightWithSpacing();
  const float grid_min =
      std::max(min_grid_w, std::min(ui::grid_block_size(full_spec(d), ui::readable_cell()).x +
                                        ImGui::GetStyle().ScrollbarSize,
                                    avail.x * 0.5f));
  const float wide = table_width(d, false), narrow = table_width(d, true);
  l.side = avail.x >= grid_min + gap + narrow;
  l.short_verdicts = !(l.side ? avail.x >= grid_min + gap + wide : avail.x >= wide);
  l.table_w = l.side ? (l.short_verdicts ? narrow : wide) : avail.x;
  l.grid_w = l.side ? avail.x - gap - l.table_w : avail.x;
  l.code_h = std::max(line * 8.f, avail.y * 0.4f);
  l.grid_h = avail.y - l.code_h > line * 10.f ? avail.y - l.code_h : avail.y;
  return l;
}

// Above font scale 2, the cells the full output gets at font scale 2 in the
// same room (the header, table and legend measured at that size): bigger
// text never makes the grid smaller (ui::projector_floor, for this view's
// own layout). 0 at scale 2 and below.
float scale2_floor(ViewContext& cx, const FrameworksData& d, const FrameworkRow& shown,
                   ImVec2 avail0) {
  if (cx.style.font_scale <= ui::kProjectorFontScale) return 0.f;
  const float k = ui::kProjectorFontScale / cx.style.font_scale;
  const ui::GridSpec spec = full_spec(d);
  // The text at scale 2, and the style's sizes (apply_theme scales them
  // with the font); both restored before anything is drawn.
  ImGuiStyle& style = ImGui::GetStyle();
  const ImGuiStyle saved = style;
  style.ScaleAllSizes(k);
  ImGui::SetWindowFontScale(k);
  // The tile, its title bar and padding are the same at scale 2 (chrome).
  const ImVec2 avail = ui::room_at_scale2(avail0, k);
  const float header = header_height(d, compact_header(avail), avail.x);
  const Layout l = plan_layout(d, {avail.x, avail.y - header});
  const float legend = ui::legend_height(grid_legend(d, shown, cx.palette()), l.grid_w);
  const float bar = style.ScrollbarSize;
  ImGui::SetWindowFontScale(1.f);
  style = saved;
  const ImVec2 room{l.grid_w - bar, l.grid_h - legend - bar};
  const float lo = ui::min_cell(cx.style, std::max(spec.rows, spec.cols));
  return ui::projector_floor({spec}, {{{0}}}, room, lo, ui::max_cell(cx.style), 0.f, cx.style,
                             {ui::scrollbar_room(), 0.f});
}

}  // namespace

void DrawFrameworksView(ViewContext& cx) {
  const FrameworksData& d = cx.model.frameworks();
  const Palette& pal = cx.palette();
  FrameworksViewState& s = cx.state.frameworks;
  if (!d.error.empty() || d.rows.empty()) {
    ImGui::TextWrapped("The frameworks' windows could not be built: %s", d.error.c_str());
    return;
  }
  const ImVec2 avail0 = ImGui::GetContentRegionAvail();
  // The legend measured with last frame's row (the table, drawn below,
  // decides this frame's).
  const float floor = scale2_floor(cx, d, d.rows[static_cast<size_t>(shown_row(s, d))], avail0);
  draw_header(d, pal, compact_header(avail0));
  ImGui::BeginChild("##fw_body", {0, 0});
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float floor_w =
      floor > 0.f ? ui::grid_block_size(full_spec(d), floor).x + ImGui::GetStyle().ScrollbarSize
                  : 0.f;
  const Layout l = plan_layout(d, avail, floor_w);
  const ImVec2 corner = ImGui::GetCursorScreenPos();
  float bottom = corner.y;
  if (l.side) {
    // The table first, so a row hovered now outlines its window in this frame.
    ImGui::SetCursorScreenPos({corner.x + avail.x - l.table_w, corner.y});
    ImGui::BeginGroup();
    draw_cases_table(s, d, shown_row(s, d), l.table_w, l.short_verdicts, pal);
    draw_notes(d, l.table_w);
    ImGui::EndGroup();
    bottom = ImGui::GetItemRectMax().y;
    ImGui::SetCursorScreenPos(corner);
  }
  ImGui::BeginGroup();
  draw_full_grid(cx, d, d.rows[static_cast<size_t>(shown_row(s, d))], {l.grid_w, l.grid_h}, floor);
  ImGui::EndGroup();
  bottom = std::max(bottom, ImGui::GetItemRectMax().y);
  ImGui::SetCursorScreenPos({corner.x, bottom + ImGui::GetStyle().ItemSpacing.y});
  if (!l.side) draw_cases_table(s, d, shown_row(s, d), l.table_w, l.short_verdicts, pal);
  ImGui::Spacing();
  draw_code(s, d, l.code_h, pal);
  if (!l.side) draw_notes(d, avail.x);
  ImGui::EndChild();
}

}  // namespace studio
