// The parameter panel: PyTorch's arguments as sliders. Every edit becomes a
// SetParams edit, applied after the frame through Model::set_params, which
// validates; a rejected combination shows PyTorch's message here while the
// views keep the last valid state.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "panels.h"
#include "style.h"

namespace studio {

namespace {

using ui::tooltip;

constexpr Fill kFills[] = {Fill::Seed, Fill::Arange, Fill::Ones, Fill::RandomInt,
                           Fill::RandomNormal};

// Slider ranges: what fits on screen. Ctrl+click on a slider types any value,
// so PyTorch's own limits (and messages) stay reachable.
constexpr int64_t kMaxSpatial = 12, kMaxKernel = 7, kMaxStride = 4, kMaxPadding = 6,
                  kMaxOutputPadding = 3, kMaxDilation = 4, kMaxChannels = 8, kMaxBatch = 4;

// The range grows to include the current value (a preset may be larger), so
// grabbing the slider never snaps it back into the small range.
bool slider(const char* label, int64_t* v, int64_t lo, int64_t hi, const char* help,
            const char* format = "%lld") {
  hi = std::max(hi, *v);
  const bool changed = ImGui::SliderScalar(label, ImGuiDataType_S64, v, &lo, &hi, format);
  tooltip(help);
  return changed;
}

// Two values side by side (h, w), PyTorch's order.
bool slider2(const char* label, int64_t* h, int64_t* w, int64_t lo, int64_t hi, const char* help) {
  int64_t v[2] = {*h, *w};
  hi = std::max({hi, *h, *w});
  const bool changed = ImGui::SliderScalarN(label, ImGuiDataType_S64, v, 2, &lo, &hi, "%lld");
  tooltip(help);
  if (changed) {
    *h = v[0];
    *w = v[1];
  }
  return changed;
}

// A hyper-parameter pair: one slider when the axes are locked together.
bool pair_slider(const char* label, tconv::Pair* p, int64_t lo, int64_t hi, bool lock,
                 const char* help) {
  if (!lock) return slider2(label, &p->h, &p->w, lo, hi, help);
  int64_t v = p->h;
  if (!slider(label, &v, lo, hi, help)) return false;
  *p = tconv::Pair(v);
  return true;
}

bool symmetric(const Params& p) {
  return p.stride.h == p.stride.w && p.padding.h == p.padding.w &&
         p.output_padding.h == p.output_padding.w && p.dilation.h == p.dilation.w;
}

// Collapsible, so a teacher can fold away what the lesson does not need.
bool section(const char* title, const char* help) {
  const bool open = ImGui::CollapsingHeader(title, ImGuiTreeNodeFlags_DefaultOpen);
  tooltip(help);
  return open;
}

// [SECTION] Parts of the panel

ImU32 error_color(const Style& style) {
  return style.palette.error;
}

// The controls the current error is about (offending_params), and how to
// mark them: label and value in the error colour, a frame around both.
struct Marks {
  std::vector<ParamField> fields;
  ImU32 color = 0;
  float thickness = 2.f;
};

template <typename Draw>
bool marked(const Marks& m, ParamField f, Draw draw) {
  const bool on = std::find(m.fields.begin(), m.fields.end(), f) != m.fields.end();
  if (on) ImGui::PushStyleColor(ImGuiCol_Text, m.color);
  const bool changed = draw();
  if (on) {
    ImGui::PopStyleColor();
    const float pad = m.thickness;
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    ImGui::GetWindowDrawList()->AddRect({a.x - pad, a.y - pad}, {b.x + pad, b.y + pad}, m.color,
                                        ImGui::GetStyle().FrameRounding, 0, m.thickness);
  }
  return changed;
}

void draw_preset_combo(const Model& model, const PresetLibrary& presets, EditQueue& edits) {
  const std::string& current = model.preset_name();
  ImGui::SetNextItemWidth(-ImGui::CalcTextSize("preset").x - ImGui::GetStyle().ItemInnerSpacing.x);
  if (ImGui::BeginCombo("preset", current.empty() ? "(none)" : current.c_str(),
                        ImGuiComboFlags_HeightLarge)) {
    for (const Preset& p : presets.presets) {
      const bool selected = p.name == current;
      // Selecting the current one again reloads it: its values come back.
      if (ImGui::Selectable(p.name.c_str(), selected)) {
        edits.push(ApplyPreset{p});
      }
      if (!p.description.empty()) tooltip(p.description.c_str());
      if (!p.title.empty()) {
        ImGui::SameLine();
        ImGui::TextDisabled("%s", p.title.c_str());
      }
      if (selected) ImGui::SetItemDefaultFocus();
    }
    // Broken files are listed with their message instead of vanishing.
    for (const std::string& e : presets.errors) ImGui::TextDisabled("skipped: %s", e.c_str());
    if (presets.presets.empty()) ImGui::TextDisabled("no presets found (set TCONV_ASSETS)");
    ImGui::EndCombo();
  }
  if (!model.preset_title().empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("%s", model.preset_title().c_str());
    ImGui::PopStyleColor();
    if (!model.preset_description().empty()) tooltip(model.preset_description().c_str());
  }
}

std::string compact(const tconv::Shape& s) {
  return tconv::format_shape(s, tconv::ShapeStyle::Compact);
}

void draw_shape_summary(const Model& model) {
  const tconv::Geometry& g = model.records().geo;
  std::string text =
      "input " + compact(g.input_shape()) + " ⊛ᵀ weight " + compact(g.weight_shape());
  if (g.has_bias) text += " + bias (" + std::to_string(g.out_channels) + ")";
  text += " → output " + compact(g.output_shape());
  ImGui::TextWrapped("%s", text.c_str());
}

// Returns true when the user edited something (the caller submits).
bool draw_sizes(Params& p, const Marks& m) {
  bool edit = false;
  edit |= marked(m, ParamField::InputSize, [&] {
    return slider2("input H, W", &p.in_h, &p.in_w, 1, kMaxSpatial,
                   "Height and width of each input plane.");
  });
  edit |= marked(m, ParamField::Kernel, [&] {
    return slider2("kernel_size", &p.kernel_h, &p.kernel_w, 1, kMaxKernel,
                   "kH, kW: the weight's last two dimensions.");
  });
  edit |= marked(m, ParamField::Channels, [&] {
    return slider2("in, out_channels", &p.in_channels, &p.out_channels, 1, kMaxChannels,
                   "in_channels (C_in, the weight's first dimension) and out_channels (C_out; "
                   "the weight's second dimension is C_out / groups).");
  });
  edit |= marked(m, ParamField::Groups, [&] {
    return slider("groups", &p.groups, 1, kMaxChannels,
                  "Input and output channels are split into this many independent groups; "
                  "both must divide evenly.");
  });
  ImGui::BeginDisabled(p.unbatched);
  edit |= marked(m, ParamField::Batch, [&] {
    return slider("batch N", &p.batch, 1, kMaxBatch, "N: batch elements (1 when unbatched).");
  });
  ImGui::EndDisabled();
  edit |= marked(m, ParamField::Bias, [&] {
    const bool c = ImGui::Checkbox("bias", &p.bias);
    tooltip("Adds bias[c_out] to every output cell of channel c_out.");
    return c;
  });
  ImGui::SameLine();
  edit |= marked(m, ParamField::Unbatched, [&] {
    const bool c = ImGui::Checkbox("unbatched (C, H, W)", &p.unbatched);
    tooltip("A 3-D input as PyTorch accepts it: no batch dimension, and a 3-D output.");
    return c;
  });
  return edit;
}

bool draw_hyper(Params& p, ParamsPanelState& st, const Marks& m) {
  bool edit = false;
  if (ImGui::Checkbox("same for both axes", &st.lock_axes) && st.lock_axes && !symmetric(p)) {
    // Locking snaps each pair to its height value, as a single int would.
    p.stride = tconv::Pair(p.stride.h);
    p.padding = tconv::Pair(p.padding.h);
    p.output_padding = tconv::Pair(p.output_padding.h);
    p.dilation = tconv::Pair(p.dilation.h);
    edit = true;
  }
  const bool lock = st.lock_axes;
  edit |= marked(m, ParamField::Stride, [&] {
    return pair_slider("stride", &p.stride, 1, kMaxStride, lock,
                       "Distance between the footprints of neighbouring input elements on the "
                       "output (stride − 1 zeros inserted in the direct-convolution view).");
  });
  edit |= marked(m, ParamField::Padding, [&] {
    return pair_slider("padding", &p.padding, 0, kMaxPadding, lock,
                       "Crops this many rows/columns from each border of the full output: it "
                       "shrinks the output, unlike conv2d's padding.");
  });
  edit |= marked(m, ParamField::OutputPadding, [&] {
    return pair_slider("output_padding", &p.output_padding, 0, kMaxOutputPadding, lock,
                       "Adds rows/columns at the bottom/right only, to pick one of the output "
                       "sizes a strided conv2d maps back to the same input size. Must be smaller "
                       "than stride or dilation.");
  });
  edit |= marked(m, ParamField::Dilation, [&] {
    return pair_slider("dilation", &p.dilation, 1, kMaxDilation, lock,
                       "Spacing between kernel taps: the footprint spans dilation·(k−1)+1 cells.");
  });
  return edit;
}

void draw_selection(const Model& model, EditQueue& edits) {
  const Params& p = model.params();  // the drawn state: last valid
  int64_t n = model.sel_batch(), co = model.sel_out_channel(), ci = model.sel_in_channel();
  const int64_t batches = p.unbatched ? 1 : p.batch;
  // One row of three: the name sits in each slider's text to save rows.
  const ImGuiStyle& s = ImGui::GetStyle();
  const float w = (ImGui::GetContentRegionAvail().x - 2 * s.ItemSpacing.x) / 3.0f;
  bool edit = false;
  auto one = [&](const char* id, int64_t* v, int64_t count, const char* fmt, const char* help) {
    ImGui::BeginDisabled(count <= 1);
    ImGui::SetNextItemWidth(w);
    edit |= slider(id, v, 0, std::max<int64_t>(count - 1, 0), help, fmt);
    ImGui::EndDisabled();
  };
  one("##n", &n, batches, "n %lld", "Which batch element the views draw.");
  ImGui::SameLine();
  one("##co", &co, p.out_channels, "c_out %lld",
      "Which output channel the views draw; its group follows.");
  ImGui::SameLine();
  one("##ci", &ci, p.in_channels, "c_in %lld", "Which input channel the views draw.");
  if (edit) edits.push(SelectChannels{n, co, ci});
  if (p.groups > 1 && p.out_channels % p.groups == 0 && p.in_channels % p.groups == 0) {
    const int64_t g = model.sel_out_channel() / (p.out_channels / p.groups);
    const int64_t per_in = p.in_channels / p.groups;
    ImGui::TextDisabled("c_out %lld is in group %lld: c_in %lld–%lld feed it",
                        static_cast<long long>(model.sel_out_channel()), static_cast<long long>(g),
                        static_cast<long long>(g * per_in),
                        static_cast<long long>((g + 1) * per_in - 1));
  }
}

void draw_fills(const Model& model, ParamsPanelState& st, EditQueue& edits) {
  const ImGuiStyle& s = ImGui::GetStyle();
  const float half = (ImGui::GetContentRegionAvail().x - s.ItemSpacing.x) * 0.5f;
  ImGui::SetNextItemWidth(half);
  if (ImGui::BeginCombo("##fill", fill_name(kFills[st.fill]))) {
    for (int i = 0; i < static_cast<int>(std::size(kFills)); ++i)
      if (ImGui::Selectable(fill_name(kFills[i]), i == st.fill)) st.fill = i;
    ImGui::EndCombo();
  }
  tooltip(
      "How the Fill buttons below set the values: the preset's own example, 0, 1, 2, … "
      "in reading order, all ones, random integers or random normal values from the seed.");
  ImGui::SameLine();
  const Fill f = kFills[st.fill];
  const bool random = f == Fill::RandomInt || f == Fill::RandomNormal;
  ImGui::BeginDisabled(!random);
  ImGui::SetNextItemWidth(half - ImGui::CalcTextSize("seed").x - s.ItemInnerSpacing.x);
  ImGui::InputScalar("seed", ImGuiDataType_U64, &st.seed);
  ImGui::EndDisabled();

  ImGui::TextUnformatted("Fill");
  ImGui::SameLine();
  const float w = (ImGui::GetContentRegionAvail().x - 2 * s.ItemSpacing.x) / 3.0f;
  if (ImGui::Button("input", ImVec2(w, 0))) edits.push(FillValues{Target::Input, f, st.seed});
  ImGui::SameLine();
  if (ImGui::Button("weight", ImVec2(w, 0))) edits.push(FillValues{Target::Weight, f, st.seed});
  ImGui::SameLine();
  ImGui::BeginDisabled(!model.params().bias);
  if (ImGui::Button("bias", ImVec2(w, 0))) edits.push(FillValues{Target::Bias, f, st.seed});
  ImGui::EndDisabled();
}

}  // namespace

// [SECTION] The panel

void DrawParamsPanel(const Model& model, const PresetLibrary& presets, ParamsPanelState& st,
                     const Style& style, EditQueue& edits) {
  // A new preset decides the lock: symmetric hyper-parameters start locked.
  if (st.lock_for != model.preset_name()) {
    st.lock_for = model.preset_name();
    st.lock_axes = symmetric(model.pending());
  }

  // Labels are PyTorch's argument names; keep room for the longest one
  // (the sliders take what is left when the panel is narrow).
  const float label_w =
      std::max(ImGui::CalcTextSize("output_padding").x, ImGui::CalcTextSize("in, out_channels").x) +
      ImGui::GetStyle().ItemInnerSpacing.x;
  ImGui::PushItemWidth(std::max(ImGui::GetContentRegionAvail().x - label_w, 60.0f));

  draw_preset_combo(model, presets, edits);
  draw_shape_summary(model);

  Params p = model.pending();
  Marks marks;
  marks.fields = offending_params(model.pending(), model.params(), model.error());
  marks.color = error_color(style);
  marks.thickness = std::max(2.f, 1.5f * ui::chrome_scale(style.font_scale));
  // The message next to the sliders when the panel has room for it; the
  // banner over the views always shows it.
  if (!model.error().empty()) {
    // PyTorch's own words, so students can search for them.
    ImGui::PushStyleColor(ImGuiCol_Text, error_color(style));
    ImGui::TextWrapped("%s", model.error().c_str());
    ImGui::PopStyleColor();
  }
  bool edit = false;
  if (section("Sizes", "nn.ConvTranspose2d's sizes and the input's.")) edit |= draw_sizes(p, marks);
  if (section("Hyper-parameters", "How the kernel copies are placed on the output."))
    edit |= draw_hyper(p, st, marks);
  if (edit) edits.push(SetParams{p});

  if (section("Drawn channel", "Which plane of a multi-channel problem the views draw."))
    draw_selection(model, edits);
  if (section("Values",
              "Refill the input, weight or bias. To change one value, click its "
              "cell in a view and type."))
    draw_fills(model, st, edits);
  ImGui::PopItemWidth();
}

}  // namespace studio
