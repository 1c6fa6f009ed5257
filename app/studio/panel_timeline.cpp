// The timeline bar: one clock for every view. It only moves the model's
// Timeline; the app advances it once per frame and the views read it.
#include <algorithm>
#include <cstdio>

#include "shell_panels.h"
#include "views.h"

namespace studio {

namespace shell {

std::string step_label(const Model& model, int64_t t) {
  const tconv::ScatterRecord& rec = model.records().scatter;
  const size_t i = model.scatter_index(t);
  if (i >= rec.size()) return "";
  const tconv::ScatterStep& s = rec.step(i);
  char value[32];
  std::snprintf(value, sizeof value, "%g", static_cast<double>(s.value));
  char buf[128];
  if (model.params().unbatched)
    std::snprintf(buf, sizeof buf, "x[%d,%d,%d] = %s", s.c_in, s.ih, s.iw, value);
  else
    std::snprintf(buf, sizeof buf, "x[%d,%d,%d,%d] = %s", s.n, s.c_in, s.ih, s.iw, value);
  return buf;
}

void timeline_keys(Model& model) {
  const ImGuiIO& io = ImGui::GetIO();
  // A text field (e.g. a slider in Ctrl+click edit) owns the keyboard; Ctrl
  // combinations belong to the app (font size).
  if (io.WantTextInput || io.KeyCtrl || io.KeyAlt) return;
  Timeline& tl = model.timeline();
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Space), false)) tl.playing = !tl.playing;
  // ←/→ repeat while held, so a held key scrubs.
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_LeftArrow))) {
    tl.playing = false;
    tl.prev();
  }
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_RightArrow))) {
    tl.playing = false;
    tl.next();
  }
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Home), false)) tl.home();
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_End), false)) tl.end();
}

}  // namespace shell

void DrawTimelinePanel(Model& model, const Style& style) {
  Timeline& tl = model.timeline();
  const ImGuiStyle& s = ImGui::GetStyle();
  const float inner = s.ItemInnerSpacing.x;

  // [transport] Buttons stop playback where the user takes over by hand.
  if (ImGui::Button("|◀")) tl.home();
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("first step (Home)");
  ImGui::SameLine(0, inner);
  if (ImGui::Button("◀")) {
    tl.playing = false;
    tl.prev();
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("step back (←)");
  ImGui::SameLine(0, inner);
  // Same width for both labels, so the controls to its right never jump.
  const float play_w =
      std::max(ImGui::CalcTextSize("▶ Play").x, ImGui::CalcTextSize("❚❚ Pause").x) +
      2 * s.FramePadding.x;
  if (ImGui::Button(tl.playing ? "❚❚ Pause" : "▶ Play", ImVec2(play_w, 0)))
    tl.playing = !tl.playing;
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("play / pause (Space)");
  ImGui::SameLine(0, inner);
  if (ImGui::Button("▶")) {
    tl.playing = false;
    tl.next();
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("step forward (→)");
  ImGui::SameLine(0, inner);
  if (ImGui::Button("▶|")) tl.end();
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("last step (End)");

  // [speed]
  ImGui::SameLine();
  ImGui::SetNextItemWidth(std::round(140.0f * style.font_scale));
  ImGui::SliderFloat("##speed", &tl.steps_per_second, 0.25f, 20.0f, "%.2g steps/s",
                     ImGuiSliderFlags_Logarithmic | ImGuiSliderFlags_AlwaysClamp);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("playback speed");
  ImGui::SameLine();
  ImGui::TextDisabled("keys: Space ← → Home End");

  // [scrub] Full width, and it names its own position: "step 4 of 4" reads
  // as finished, t is the 0-based index --step takes, then the element.
  const int64_t last = std::max<int64_t>(tl.count - 1, 0);
  int64_t t = std::clamp<int64_t>(tl.step, 0, last);
  std::string label;
  for (char c : shell::step_label(model, t)) {
    if (c == '%') label += '%';  // the slider's text is a printf format
    label += c;
  }
  char fmt[160];
  std::snprintf(fmt, sizeof fmt, "step %lld of %lld   t = %%lld   %s",
                static_cast<long long>(t + 1), static_cast<long long>(tl.count), label.c_str());
  const int64_t first = 0;
  ImGui::SetNextItemWidth(-1);
  if (ImGui::SliderScalar("##scrub", ImGuiDataType_S64, &t, &first, &last, fmt,
                          ImGuiSliderFlags_AlwaysClamp)) {
    tl.playing = false;
    tl.scrub(t);
  }
}

}  // namespace studio
