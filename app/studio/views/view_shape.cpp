// The shape view: where the output size comes from, term by term, which
// sizes output_padding / output_size can reach, and the direct convolution
// that maps the output back to the input's size (d2l's round trip). Text only:
// every number comes from tconv's shape functions (shape.h), never from a
// convolution.
#include <imgui.h>

#include <algorithm>
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <string>

#include "draw.h"
#include "tconv/shape.h"
#include "views.h"

namespace studio {
namespace {

ImVec4 to_vec4(ImU32 c) {
  return ImGui::ColorConvertU32ToFloat4(c);
}

std::string tuple(const tconv::Shape& s) {
  return tconv::format_shape(s, tconv::ShapeStyle::Tuple);
}

// Section heading: coloured, with a little air above so sections separate on
// a projector without needing separators that read as table borders.
void heading(const char* text, const Palette& pal) {
  ImGui::Dummy(ImVec2(0, ImGui::GetFontSize() * 0.35f));
  ImGui::TextColored(to_vec4(pal.output), "%s", text);
}

// Narrow panes (the `all` layout, presenter font sizes) drop the "what it
// means" column and the worked arithmetic: the meaning becomes the row's
// tooltip, the arithmetic stays in the formula lines above the table.
// One table of terms: narrow panes (the `all` layout, presenter font sizes)
// drop the "what it means" column, which becomes the row's tooltip.
struct Terms {
  bool compact = false;
  bool row_hovered = false;  // the row drawn now, for its tooltip

  void begin_row() {
    ImGui::TableNextRow();
    row_hovered = false;
  }
  void text(const std::string& s) {
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(s.c_str());
    row_hovered |= ImGui::IsItemHovered();
  }
  // "(2 - 1)×1 = 1", or just "1" when compact.
  void calc(const std::string& work, int64_t result) {
    text(compact ? std::to_string(result) : work + " = " + std::to_string(result));
  }
  void wrapped(const std::string& s) {
    if (compact) {
      if (row_hovered) ImGui::SetTooltip("%s", s.c_str());
      return;
    }
    ImGui::TableNextColumn();
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(s.c_str());
    ImGui::PopTextWrapPos();
  }
  // A 4-column table (term | H | W | meaning): the meaning column stretches
  // and wraps, so the view reads the same in a narrow `all` pane.
  bool begin_table(const char* id, const char* first) const;
};

std::string fmt(const char* f, auto... args) {
  char buf[512];
  std::snprintf(buf, sizeof buf, f, args...);
  return buf;
}

bool Terms::begin_table(const char* id, const char* first) const {
  const ImGuiTableFlags flags =
      ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit;
  if (!ImGui::BeginTable(id, compact ? 3 : 4, flags)) return false;
  ImGui::TableSetupColumn(first);
  ImGui::TableSetupColumn("H");
  ImGui::TableSetupColumn("W");
  if (!compact) ImGui::TableSetupColumn("what it means", ImGuiTableColumnFlags_WidthStretch);
  ImGui::TableHeadersRow();
  return true;
}

void formula_section(const tconv::Geometry& geo, const Palette& pal, Terms& t) {
  const tconv::Axis& h = geo.h;
  const tconv::Axis& w = geo.w;
  heading("Output size, term by term", pal);
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted(
      "out = (in - 1)\xC2\xB7stride - 2\xC2\xB7padding + dilation\xC2\xB7(kernel - 1) + "
      "output_padding + 1");
  ImGui::Text("H_out = %s", h.formula().c_str());
  ImGui::Text("W_out = %s", w.formula().c_str());
  if (t.compact) ImGui::TextDisabled("Hover a term for what it means.");
  ImGui::PopTextWrapPos();
  ImGui::Spacing();

  if (!t.begin_table("##terms", "term")) return;
  t.begin_row();
  t.text("(in - 1)\xC2\xB7stride");
  t.calc(fmt("(%" PRId64 " - 1)\xC3\x97%" PRId64, h.in, h.stride), (h.in - 1) * h.stride);
  t.calc(fmt("(%" PRId64 " - 1)\xC3\x97%" PRId64, w.in, w.stride), (w.in - 1) * w.stride);
  t.wrapped(
      "Where the last input's kernel footprint starts: each input element is broadcast through "
      "the kernel, and consecutive footprints start stride cells apart on the output (the "
      "stride steps over the output, not the input).");

  t.begin_row();
  t.text("+ dilation\xC2\xB7(kernel - 1)");
  t.calc(fmt("%" PRId64 "\xC3\x97(%" PRId64 " - 1)", h.dilation, h.kernel),
         h.dilation * (h.kernel - 1));
  t.calc(fmt("%" PRId64 "\xC3\x97(%" PRId64 " - 1)", w.dilation, w.kernel),
         w.dilation * (w.kernel - 1));
  t.wrapped(
      "From a footprint's first tap to its last: kernel taps sit dilation cells apart, so "
      "the last footprint reaches this far past its start.");

  t.begin_row();
  t.text("+ 1");
  t.text("1");
  t.text("1");
  t.wrapped(
      fmt("The cell the last tap lands on (distances count gaps, sizes count cells). "
          "So far: the full scatter canvas, %" PRId64 " \xC3\x97 %" PRId64 ".",
          h.full(), w.full()));

  t.begin_row();
  t.text("- 2\xC2\xB7padding");
  t.calc(fmt("-2\xC3\x97%" PRId64, h.padding), -2 * h.padding);
  t.calc(fmt("-2\xC3\x97%" PRId64, w.padding), -2 * w.padding);
  t.wrapped(
      "padding crops that many rows/cols off each side of the canvas: in a transposed "
      "convolution padding shrinks the output. It undoes the padding a Conv2d with the same "
      "numbers would add to its input.");

  t.begin_row();
  t.text("+ output_padding");
  t.text(fmt("+%" PRId64, h.output_padding));
  t.text(fmt("+%" PRId64, w.output_padding));
  t.wrapped(
      "Extra rows/cols on one side only (bottom/right), to pick which of the sizes a strided "
      "Conv2d maps to the same input size you want back. It adds size, not zeros: the extra "
      "cells still receive taps where the crop would have removed them (otherwise they hold "
      "only the bias).");

  t.begin_row();
  t.text("= out");
  t.text(std::to_string(h.out));
  t.text(std::to_string(w.out));
  t.wrapped(fmt("Output %" PRId64 " \xC3\x97 %" PRId64 ".", h.out, w.out));
  ImGui::EndTable();
}

// "3" or "3 to 5": the sizes reachable on one axis.
std::string range(int64_t lo, int64_t hi) {
  if (lo == hi) return std::to_string(lo);
  return std::to_string(lo) + " to " + std::to_string(hi);
}

void reachable_section(const tconv::Geometry& geo, const Palette& pal, Terms& t) {
  const tconv::Axis& h = geo.h;
  const tconv::Axis& w = geo.w;
  heading("Sizes this input can produce", pal);
  if (!t.begin_table("##reach", "")) return;

  t.begin_row();
  t.text("output_padding = 0");
  t.text(std::to_string(h.min_out()));
  t.text(std::to_string(w.min_out()));
  t.wrapped("The smallest output: every footprint kept, nothing added.");

  t.begin_row();
  t.text("through output_padding");
  t.text(range(h.min_out(), h.max_out_by_output_padding()));
  t.text(range(w.min_out(), w.max_out_by_output_padding()));
  t.wrapped(fmt("output_padding must be smaller than stride or dilation: at most %" PRId64
                " for H, %" PRId64 " for W.",
                std::max(h.stride, h.dilation) - 1, std::max(w.stride, w.dilation) - 1));

  t.begin_row();
  t.text("forward(x, output_size=...)");
  t.text(range(h.min_out(), h.max_out_by_output_size()));
  t.text(range(w.min_out(), w.max_out_by_output_size()));
  t.wrapped(
      "nn.ConvTranspose2d accepts min .. min + stride - 1 and sets output_padding = size - min. "
      "These are exactly the sizes a Conv2d with this stride maps to the same input size, which "
      "is why the transposed conv cannot guess: you say which one you want.");

  t.begin_row();
  t.text("now");
  t.text(std::to_string(h.out));
  t.text(std::to_string(w.out));
  t.wrapped(fmt("output_padding = %s.", pair_text(h.output_padding, w.output_padding).c_str()));
  ImGui::EndTable();

  if (h.dilation > h.stride || w.dilation > w.stride) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled(
        "dilation > stride: output_padding may go past min + stride - 1, which output_size "
        "rejects; a Conv2d no longer maps such an output back to this input size.");
    ImGui::PopTextWrapPos();
  }
}

// "floor((5 + 2×0 - 1×(3 - 1) - 1) / 2) + 1 = 2": the direct conv's size rule
// with this axis's numbers, applied to `out`.
std::string conv_formula(const tconv::Axis& a, int64_t out) {
  const int64_t back = tconv::conv_output_size(out, a.kernel, a.stride, a.padding, a.dilation);
  return fmt("floor((%" PRId64 " + 2\xC3\x97%" PRId64 " - %" PRId64 "\xC3\x97(%" PRId64
             " - 1) - 1) / %" PRId64 ") + 1 = %" PRId64,
             out, a.padding, a.dilation, a.kernel, a.stride, back);
}

std::string verdict(const char* name, int64_t in, bool ok) {
  if (ok) return fmt("= %s: the input size again", name);
  return fmt("\xE2\x89\xA0 %s (%" PRId64 ")", name, in);
}

void conv_back_section(const tconv::Geometry& geo, const Palette& pal) {
  const tconv::Axis& h = geo.h;
  const tconv::Axis& w = geo.w;
  heading("The direct convolution that maps the output back", pal);
  ImGui::PushTextWrapPos(0.0f);
  ImGui::Text("nn.Conv2d(%" PRId64 ", %" PRId64
              ", kernel_size=%s, stride=%s, padding=%s, "
              "dilation=%s%s) on the %" PRId64 " \xC3\x97 %" PRId64 " output:",
              geo.out_channels, geo.in_channels, pair_text(h.kernel, w.kernel).c_str(),
              pair_text(h.stride, w.stride).c_str(), pair_text(h.padding, w.padding).c_str(),
              pair_text(h.dilation, w.dilation).c_str(),
              geo.groups > 1 ? fmt(", groups=%" PRId64, geo.groups).c_str() : "", h.out, w.out);
  ImGui::PopTextWrapPos();
  const bool ok_h = h.conv_back() == h.in;
  const bool ok_w = w.conv_back() == w.in;
  const ImVec4 good = to_vec4(pal.output);
  const ImVec4 bad = to_vec4(pal.negative);
  ImGui::Text("H: %s", conv_formula(h, h.out).c_str());
  ImGui::SameLine();
  ImGui::TextColored(ok_h ? good : bad, "%s", verdict("H_in", h.in, ok_h).c_str());
  ImGui::Text("W: %s", conv_formula(w, w.out).c_str());
  ImGui::SameLine();
  ImGui::TextColored(ok_w ? good : bad, "%s", verdict("W_in", w.in, ok_w).c_str());
  ImGui::PushTextWrapPos(0.0f);
  if (ok_h && ok_w) {
    ImGui::TextUnformatted(
        "Same kernel_size, stride, padding and dilation: Conv2d and ConvTranspose2d invert each "
        "other's shapes (not their values: the transposed conv is not a deconvolution). The "
        "matrix view shows why: the conv is vec(x) = W vec(y), the transposed conv vec(y) = "
        "W\xE1\xB5\x80 vec(x).");
  } else {
    ImGui::TextUnformatted(
        "output_padding reached stride (allowed because dilation > stride): the extra cells "
        "give Conv2d room for one more window, so it no longer lands on the input size.");
  }
  ImGui::PopTextWrapPos();
}

// Conv2d sizes a given x size maps to, and the output_padding the transposed
// conv then needs to come back: one table row per x size in [min, min+s-1].
void round_trip_rows(const char* axis, const tconv::Axis& a, Terms& t) {
  const int64_t lo = a.min_out();
  const int64_t hi = std::min(a.max_out_by_output_size(), lo + 7);  // a few rows suffice
  for (int64_t x = lo; x <= hi; ++x) {
    const int64_t c = tconv::conv_output_size(x, a.kernel, a.stride, a.padding, a.dilation);
    const int64_t t0 =
        tconv::transposed_output_size(c, a.kernel, a.stride, a.padding, 0, a.dilation);
    ImGui::TableNextRow();
    t.text(fmt("%s = %" PRId64, axis, x));
    t.text(std::to_string(c));
    t.text(std::to_string(t0));
    t.text(x == t0 ? (t.compact ? "0" : "0 (the default)") : fmt("%" PRId64, x - t0));
  }
}

void round_trip_section(const tconv::Geometry& geo, const Palette& pal, Terms& t) {
  const tconv::Axis& h = geo.h;
  const tconv::Axis& w = geo.w;
  heading("Round trip: tconv(conv(x)) has x's shape", pal);
  // d2l's example, with our own shape functions rather than a copied result.
  const int64_t d2l_conv = tconv::conv_output_size(16, 5, 3, 2, 1);
  const int64_t d2l_back = tconv::transposed_output_size(d2l_conv, 5, 3, 2, 0, 1);
  ImGui::PushTextWrapPos(0.0f);
  ImGui::Text(
      "d2l: x (1, 10, 16, 16) \xE2\x86\x92 Conv2d(10, 20, kernel_size=5, padding=2, stride=3) "
      "\xE2\x86\x92 "
      "(1, 20, %" PRId64 ", %" PRId64
      ") \xE2\x86\x92 ConvTranspose2d(20, 10, kernel_size=5, "
      "padding=2, stride=3) \xE2\x86\x92 (1, 10, %" PRId64 ", %" PRId64 ")%s",
      d2l_conv, d2l_conv, d2l_back, d2l_back, d2l_back == 16 ? " = x's shape" : "");

  // Now: x shaped like this transposed conv's output, through the conv and back.
  const int64_t ch = h.conv_back(), cw = w.conv_back();
  const int64_t th = tconv::transposed_output_size(ch, h.kernel, h.stride, h.padding,
                                                   h.output_padding, h.dilation);
  const int64_t tw = tconv::transposed_output_size(cw, w.kernel, w.stride, w.padding,
                                                   w.output_padding, w.dilation);
  const bool same = th == h.out && tw == w.out;
  ImGui::Text("Now: x (N, %" PRId64 ", %" PRId64 ", %" PRId64
              ") \xE2\x86\x92 Conv2d \xE2\x86\x92 (N, %" PRId64 ", %" PRId64 ", %" PRId64
              ") \xE2\x86\x92 ConvTranspose2d(output_padding=%s) \xE2\x86\x92 (N, %" PRId64
              ", %" PRId64 ", %" PRId64 ")%s",
              geo.out_channels, h.out, w.out, geo.in_channels, ch, cw,
              pair_text(h.output_padding, w.output_padding).c_str(), geo.out_channels, th, tw,
              same ? " = x's shape" : " \xE2\x89\xA0 x's shape");
  if (h.stride > 1 || w.stride > 1)
    ImGui::TextUnformatted(
        "With stride > 1 several x sizes give the same conv output; output_padding (or "
        "output_size=x.shape) tells the transposed conv which one to rebuild:");
  else
    ImGui::TextUnformatted(
        "With stride 1 every x size has its own conv output, so output_padding 0 rebuilds it:");
  ImGui::PopTextWrapPos();

  const ImGuiTableFlags flags =
      ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit;
  if (ImGui::BeginTable("##roundtrip", 4, flags)) {
    ImGui::TableSetupColumn("x size");
    ImGui::TableSetupColumn(t.compact ? "conv" : "conv2d(x)");
    ImGui::TableSetupColumn(t.compact ? "tconv" : "tconv, output_padding 0");
    ImGui::TableSetupColumn(t.compact ? "op" : "output_padding needed");
    ImGui::TableHeadersRow();
    round_trip_rows("H", h, t);
    const bool w_same = w.in == h.in && w.kernel == h.kernel && w.stride == h.stride &&
                        w.padding == h.padding && w.dilation == h.dilation;
    if (!w_same) round_trip_rows("W", w, t);
    ImGui::EndTable();
  }
}

}  // namespace

void DrawShapeView(ViewContext& cx) {
  const Model& model = cx.model;
  const Style& style = cx.style;
  const Palette& pal = style.palette;
  const tconv::Geometry& geo = model.records().geo;
  Terms t;
  t.compact = ImGui::GetContentRegionAvail().x < ImGui::GetFontSize() * 46.f;
  // A child of its own so a long text scrolls inside the space it was given
  // instead of pushing the caller's layout.
  ui::begin_canvas("##shape_view");
  if (!model.error().empty()) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(to_vec4(pal.negative), "PyTorch rejects these values: %s",
                       model.error().c_str());
    ImGui::TextDisabled("Showing the last valid parameters.");
    ImGui::PopTextWrapPos();
  }
  ImGui::PushTextWrapPos(0.0f);
  ImGui::Text("ConvTranspose2d(%" PRId64 ", %" PRId64
              ", kernel_size=%s, stride=%s, padding=%s, "
              "output_padding=%s, groups=%" PRId64 ", dilation=%s)",
              geo.in_channels, geo.out_channels, pair_text(geo.h.kernel, geo.w.kernel).c_str(),
              pair_text(geo.h.stride, geo.w.stride).c_str(),
              pair_text(geo.h.padding, geo.w.padding).c_str(),
              pair_text(geo.h.output_padding, geo.w.output_padding).c_str(), geo.groups,
              pair_text(geo.h.dilation, geo.w.dilation).c_str());
  ImGui::Text("input %s \xE2\x86\x92 output %s;  weight %s", tuple(geo.input_shape()).c_str(),
              tuple(geo.output_shape()).c_str(), tuple(geo.weight_shape()).c_str());
  // Said here too, for the `all` layout where the timeline plays for others.
  ImGui::TextDisabled("No steps: sizes are the same at every step of the timeline.");
  ImGui::PopTextWrapPos();

  formula_section(geo, pal, t);
  reachable_section(geo, pal, t);
  conv_back_section(geo, pal);
  round_trip_section(geo, pal, t);
  ui::end_canvas();
}

}  // namespace studio
