// The timeline bar: one clock for every view. It only asks for moves of the
// model's Timeline (edits, applied after the frame); the app advances it once
// per frame and the views read it.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>

#include "panels.h"
#include "readout.h"

namespace studio {

std::string step_label(const Model& model, int64_t t, StepUnit unit) {
  char value[32], buf[128];
  const bool unbatched = model.params().unbatched;
  if (unit == StepUnit::OutputCell) {
    const int64_t wo = model.records().geo.w.out;
    if (wo <= 0) return "";
    const int64_t cell = model.output_cell(t, unit), n = model.sel_batch();
    const int64_t co = model.sel_out_channel(), oh = cell / wo, ow = cell % wo;
    std::snprintf(value, sizeof value, "%g",
                  static_cast<double>(output_value(model, n, co, oh, ow)));
    if (unbatched)
      std::snprintf(buf, sizeof buf, "y[%lld,%lld,%lld] = %s", static_cast<long long>(co),
                    static_cast<long long>(oh), static_cast<long long>(ow), value);
    else
      std::snprintf(buf, sizeof buf, "y[%lld,%lld,%lld,%lld] = %s", static_cast<long long>(n),
                    static_cast<long long>(co), static_cast<long long>(oh),
                    static_cast<long long>(ow), value);
    return buf;
  }
  const tconv::ScatterRecord& rec = model.records().scatter;
  const size_t i = model.scatter_index(t, unit);
  if (i >= rec.size()) return "";
  const tconv::ScatterStep& s = rec.step(i);
  std::snprintf(value, sizeof value, "%g", static_cast<double>(s.value));
  if (unbatched)
    std::snprintf(buf, sizeof buf, "x[%d,%d,%d] = %s", s.c_in, s.ih, s.iw, value);
  else
    std::snprintf(buf, sizeof buf, "x[%d,%d,%d,%d] = %s", s.n, s.c_in, s.ih, s.iw, value);
  return buf;
}

std::string step_bar_text(const Model& model, int64_t t, StepUnit unit) {
  const int64_t count = std::max<int64_t>(model.step_count(unit), 1);
  t = std::clamp<int64_t>(t, 0, count - 1);
  return "step " + std::to_string(step_number(t)) + " of " + std::to_string(count) + " \xC2\xB7 " +
         step_unit_name(unit) + " " + step_label(model, t, unit);
}

std::string no_steps_text(ViewId view) {
  std::string name = view_name(view);
  if (!name.empty()) name[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(name[0])));
  // Short: it must fit the bar at font scale 3.
  return name + " has no steps: it shows the whole result.";
}

namespace {

// A transport button; its tooltip names the key that does the same.
void transport(const char* label, const char* tip, TimelineOp op, EditQueue& edits,
               ImVec2 size = {0, 0}) {
  if (ImGui::Button(label, size)) edits.push(TimelineAction{op});
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tip);
  ImGui::SameLine(0, ImGui::GetStyle().ItemInnerSpacing.x);
}

// [transport] Buttons stop playback where the user takes over by hand.
void transport_row(const Timeline& tl, const Style& style, EditQueue& edits) {
  const ImGuiStyle& s = ImGui::GetStyle();
  transport("|◀", "first step (Home)", TimelineOp::Home, edits);
  transport("◀", "step back (←)", TimelineOp::StepBack, edits);
  // Same width for both labels, so the controls to its right never jump.
  const float play_w =
      std::max(ImGui::CalcTextSize("▶ Play").x, ImGui::CalcTextSize("❚❚ Pause").x) +
      2 * s.FramePadding.x;
  transport(tl.playing ? "❚❚ Pause" : "▶ Play", "play / pause (Space)", TimelineOp::TogglePlay,
            edits, ImVec2(play_w, 0));
  transport("▶", "step forward (→)", TimelineOp::StepForward, edits);
  if (ImGui::Button("▶|")) edits.push(TimelineAction{TimelineOp::End});
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("last step (End)");

  // [speed]
  ImGui::SameLine();
  ImGui::SetNextItemWidth(std::round(140.0f * ui::chrome_scale(style.font_scale)));
  float speed = tl.steps_per_second;
  if (ImGui::SliderFloat("##speed", &speed, 0.25f, 20.0f, "%.2g steps/s",
                         ImGuiSliderFlags_Logarithmic | ImGuiSliderFlags_AlwaysClamp))
    edits.push(SetSpeed{speed});
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("playback speed");
  // The hint only where it fits whole: at a projector's font a cut-off
  // "keys" reads as a bug (the (?) on the top bar lists every key).
  const char* hint = "keys: Space ← → Home End";
  const float after = ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x;
  if (after + ImGui::CalcTextSize(hint).x >
      ImGui::GetWindowContentRegionMax().x + ImGui::GetWindowPos().x)
    return;
  ImGui::SameLine();
  ImGui::TextDisabled("%s", hint);
}

// [scrub] Full width, and it names its own position in the view's unit:
// "step 4 of 4" reads as finished, then what the step is.
void scrub_bar(const Model& model, int64_t step, StepUnit unit, EditQueue& edits) {
  const int64_t last = std::max<int64_t>(model.step_count(unit) - 1, 0);
  int64_t t = std::clamp<int64_t>(step, 0, last);
  std::string fmt;
  for (char c : step_bar_text(model, t, unit)) {
    if (c == '%') fmt += '%';  // the slider's text is a printf format
    fmt += c;
  }
  const int64_t first = 0;
  ImGui::SetNextItemWidth(-1);
  if (ImGui::SliderScalar("##scrub", ImGuiDataType_S64, &t, &first, &last, fmt.c_str(),
                          ImGuiSliderFlags_AlwaysClamp))
    edits.push(Scrub{t, true});
}

}  // namespace

void DrawTimelinePanel(const Model& model, int64_t step, ViewId view, const Style& style,
                       EditQueue& edits) {
  const StepUnit unit = step_unit(view);
  ImGui::BeginDisabled(unit == StepUnit::None);
  transport_row(model.timeline(), style, edits);
  ImGui::EndDisabled();
  if (unit == StepUnit::None) {
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(no_steps_text(view).c_str());
    return;
  }
  scrub_bar(model, step, unit, edits);
}

}  // namespace studio
