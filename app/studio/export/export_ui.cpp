#include "export_ui.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <limits>

#include "host.h"
#include "style.h"
#include "views.h"

namespace studio::exporter {

namespace {

using ui::tooltip;

constexpr double kShowDone = 8.0;    // seconds a "saved ..." line stays
constexpr double kShowError = 30.0;  // an error stays longer (or until OK)

std::string cwd() {
  std::error_code ec;
  const fs::path p = fs::current_path(ec);
  return ec ? "." : p.string();
}

}  // namespace

// [SECTION] Popup

void ExportPanel::draw_button(const UiContext& cx) {
  if (folder_.empty()) {
    const fs::path def = platform::default_export_folder();
    folder_ = def.empty() ? cwd() : def.string();
  }
  if (ImGui::Button("⇩")) ImGui::OpenPopup("##export");
  tooltip("export a PNG (Ctrl+S) or an animation");
  if (!ImGui::BeginPopup("##export")) return;

  const bool busy = job_.running();
  draw_picture_settings(cx, busy);
  draw_animation_settings(cx, busy);
  if (busy) {
    ImGui::Separator();
    const float f = job_.frames_total() > 0
                        ? static_cast<float>(job_.frames_written()) / job_.frames_total()
                        : 0.0f;
    ImGui::ProgressBar(f, ImVec2(ImGui::GetFontSize() * 16, 0));
    ImGui::SameLine();
    if (ImGui::Button("Cancel")) job_.cancel("export cancelled; nothing was written");
  }
  ImGui::EndPopup();
}

// [picture settings, shared by both exports]
void ExportPanel::draw_picture_settings(const UiContext& cx, bool busy) {
  const float em = ImGui::GetFontSize();
  const ImVec2 win = ImGui::GetIO().DisplaySize;
  if (platform::files_download()) {
    ImGui::TextDisabled("Exports download to the browser's downloads folder.");
  } else {
    ImGui::SetNextItemWidth(em * 22);
    ImGui::InputText("folder", &folder_);
    tooltip("where exports go; made if missing");
  }
  ImGui::TextUnformatted("scale");
  for (int s = 1; s <= 4; ++s) {
    ImGui::SameLine();
    char label[8];
    std::snprintf(label, sizeof label, "%d×", s);
    if (ImGui::RadioButton(label, scale_ == s)) scale_ = s;
  }
  ImGui::SameLine();
  ImGui::TextDisabled("%d × %d px",
                      scaled_size(static_cast<int>(win.x), static_cast<float>(scale_)),
                      scaled_size(static_cast<int>(win.y), static_cast<float>(scale_)));
  if (ImGui::RadioButton("whole window", !only_view_)) only_view_ = false;
  ImGui::SameLine();
  if (ImGui::RadioButton("view only", only_view_)) only_view_ = true;
  tooltip("the view(s) alone, at the window's size, without bar, panels and timeline");
  ImGui::Checkbox("transparent background", &transparent_);
  tooltip("alpha 0 where only the background shows (PNG; GIF: a transparent colour)");

  ImGui::BeginDisabled(busy);
  char png_label[64] = "Save PNG";  // a view without steps: just the picture
  if (step_unit(cx.view) != StepUnit::None)
    std::snprintf(png_label, sizeof png_label, "Save PNG of step %lld",
                  static_cast<long long>(step_number(cx.model.timeline().step)));
  if (ImGui::Button(png_label)) png_requested_ = true;
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::TextDisabled("Ctrl+S");
}

// [animation] which view, which steps, GIF or frames.
void ExportPanel::draw_animation_settings(const UiContext& cx, bool busy) {
  const float em = ImGui::GetFontSize();
  ImGui::Separator();
  ImGui::TextDisabled("animation: one frame per step of the view, looping");
  const auto views = view_table();
  const int current = anim_view_ >= 0 ? anim_view_ : [&] {
    for (int i = 0; i < static_cast<int>(views.size()); ++i)
      if (views[i].id == cx.view) return i;
    return 0;
  }();
  // Steps counted from 1, in the chosen view's unit.
  const int64_t last = std::max<int64_t>(cx.model.view_step_count(views[current].id), 1);
  ImGui::SetNextItemWidth(em * 10);
  if (ImGui::BeginCombo("view", view_name(views[current].id))) {
    for (int i = 0; i < static_cast<int>(views.size()); ++i)
      if (ImGui::Selectable(view_name(views[i].id), i == current)) anim_view_ = i;
    ImGui::EndCombo();
  }
  tooltip("until chosen here, the view on screen");
  const StepUnit unit = step_unit(views[current].id);
  from_ = std::clamp<int64_t>(from_, 1, last);
  int64_t to = to_ < 0 ? last : std::clamp<int64_t>(to_, 1, last);
  const int64_t one = 1;
  ImGui::SetNextItemWidth(em * 10);
  ImGui::SliderScalar("from", ImGuiDataType_S64, &from_, &one, &last, "step %lld",
                      ImGuiSliderFlags_AlwaysClamp);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(em * 10);
  if (ImGui::SliderScalar("to", ImGuiDataType_S64, &to, &one, &last, "step %lld",
                          ImGuiSliderFlags_AlwaysClamp))
    to_ = to == last ? -1 : to;  // the last step stays the last when the count changes
  if (from_ > to)
    ImGui::TextColored(ImVec4(1.0f, 0.45f, 0.3f, 1.0f), "'from' is after 'to'");
  else
    ImGui::TextDisabled("%lld frames%s%s", static_cast<long long>(to - from_ + 1),
                        unit == StepUnit::None ? " (no steps)" : ", one per ",
                        step_unit_name(unit));
  if (ImGui::RadioButton("GIF", gif_)) gif_ = true;
  ImGui::SameLine();
  if (ImGui::RadioButton("PNG frames", !gif_)) gif_ = false;
  tooltip("frame_0001.png, ... named by step number, in a new folder");
  if (gif_) {
    ImGui::SameLine();
    ImGui::SetNextItemWidth(em * 9);
    ImGui::SliderInt("delay", &delay_ms_, kMinDelayMs, kMaxDelayMs, "%d ms",
                     ImGuiSliderFlags_AlwaysClamp | ImGuiSliderFlags_Logarithmic);
    tooltip("time each frame shows; GIF keeps it to 10 ms");
  }
  ImGui::BeginDisabled(busy || from_ > to);
  if (ImGui::Button("Export animation")) anim_requested_ = true;
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::TextDisabled("Ctrl+Shift+S");
}

// [SECTION] Status window

void ExportPanel::draw_status() {
  const bool busy = job_.running();
  const double now = ImGui::GetTime();
  if (!busy && (status_.empty() || now > status_until_)) return;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const float pad = ImGui::GetStyle().WindowPadding.x;
  ImGui::SetNextWindowPos(
      ImVec2(vp->WorkPos.x + vp->WorkSize.x - pad, vp->WorkPos.y + vp->WorkSize.y - pad),
      ImGuiCond_Always, ImVec2(1.0f, 1.0f));
  ImGui::SetNextWindowBgAlpha(0.92f);
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize |
                                 ImGuiWindowFlags_NoSavedSettings |
                                 ImGuiWindowFlags_NoFocusOnAppearing | ImGuiWindowFlags_NoNav |
                                 ImGuiWindowFlags_NoMove;
  if (ImGui::Begin("##export_status", nullptr, flags)) {
    const float em = ImGui::GetFontSize();
    ImGui::PushTextWrapPos(em * 36);
    if (busy) {
      const Plan& p = job_.plan();
      const fs::path& out = !p.png.empty() ? p.png : !p.gif.empty() ? p.gif : p.frames_dir;
      ImGui::Text("exporting %s", out.filename().string().c_str());
      char overlay[48];
      std::snprintf(overlay, sizeof overlay, "%d / %d", job_.frames_written(), job_.frames_total());
      const float f = job_.frames_total() > 0
                          ? static_cast<float>(job_.frames_written()) / job_.frames_total()
                          : 0.0f;
      ImGui::ProgressBar(f, ImVec2(em * 14, 0), overlay);
      ImGui::SameLine();
      if (ImGui::Button("Cancel##status")) job_.cancel("export cancelled; nothing was written");
    } else {
      if (status_error_)
        ImGui::TextColored(ImVec4(1.0f, 0.45f, 0.3f, 1.0f), "%s", status_.c_str());
      else
        ImGui::TextUnformatted(status_.c_str());
      ImGui::SameLine();
      if (ImGui::SmallButton("OK")) status_until_ = 0.0;
    }
    ImGui::PopTextWrapPos();
  }
  ImGui::End();
}

double ExportPanel::status_change_in() const {
  const double left = status_until_ - ImGui::GetTime();
  if (status_.empty() || left < 0) return std::numeric_limits<double>::infinity();
  return left;
}

// [SECTION] Running exports

void ExportPanel::show(const std::string& text, bool error) {
  status_ = text;
  status_error_ = error;
  status_until_ = ImGui::GetTime() + (error ? kShowError : kShowDone);
}

bool ExportPanel::resolve_folder(std::string& folder, std::string& note) {
  std::string error;
  if (folder_.empty()) {
    const fs::path def = platform::default_export_folder();
    folder_ = def.empty() ? cwd() : def.string();
  }
  if (platform::ensure_folder(folder_, error)) {
    folder = folder_;
    return true;
  }
  // The default only: a folder the user typed is never silently replaced.
  if (folder_ == platform::default_export_folder().string()) {
    folder = cwd();
    note = " (" + error + "; used the current folder)";
    return true;
  }
  show(error, true);
  return false;
}

void ExportPanel::start(const UiContext& cx, bool animation) {
  std::string folder, note;
  if (!resolve_folder(folder, note)) return;
  // The window as it is now (the user may have resized it), in layout units.
  const ImVec2 win = ImGui::GetIO().DisplaySize;
  Plan p;
  p.only_view = only_view_;
  p.render.width = static_cast<int>(win.x);
  p.render.height = static_cast<int>(win.y);
  p.render.scale = static_cast<float>(scale_);
  p.render.transparent = transparent_;
  p.render.style = cx.style;
  const std::string preset =
      file_safe(cx.model.preset_name().empty() ? "custom" : cx.model.preset_name());
  if (!animation) {
    const int64_t t = cx.model.timeline().step;
    p.view = cx.view;
    p.steps = {t};
    // Named by the step number the timeline shows; a view without steps by its name.
    const std::string step =
        step_unit(p.view) == StepUnit::None ? "" : "-step" + std::to_string(step_number(t));
    p.png = unique_path(folder, preset + "-" + view_name(p.view) + step, ".png");
  } else {
    p.view = anim_view_ >= 0 ? view_table()[anim_view_].id : cx.view;
    // from_/to_ count from 1; plan steps from 0.
    const int64_t last = std::max<int64_t>(cx.model.view_step_count(p.view), 1);
    const int64_t from = std::clamp<int64_t>(from_, 1, last);
    const int64_t to = to_ < 0 ? last : std::clamp<int64_t>(to_, 1, last);
    if (from > to) {
      show("the animation's first step " + std::to_string(from) + " is after its last " +
               std::to_string(to),
           true);
      return;
    }
    for (int64_t n = from; n <= to; ++n) p.steps.push_back(n - 1);
    const std::string stem = preset + "-" + view_name(p.view) + "-steps" + std::to_string(from) +
                             "-" + std::to_string(to);
    if (gif_) {
      p.gif = unique_path(folder, stem, ".gif");
      p.delay_ms = delay_ms_;
    } else {
      p.frames_dir = unique_path(folder, stem, "");
    }
  }
  if (const std::string e = check_scale(p.render.width, p.render.height, p.render.scale);
      !e.empty()) {
    show("cannot export: " + e, true);
    return;
  }
  std::string error;
  if (!job_.start(p, cx.make_draw(p), error)) {
    show(error, true);
    return;
  }
  note_ = note;
  revision_ = cx.model.revision();
  sel_[0] = cx.model.sel_batch();
  sel_[1] = cx.model.sel_out_channel();
  sel_[2] = cx.model.sel_in_channel();
  watching_ = true;
}

void ExportPanel::tick(const UiContext& cx) {
  if (png_requested_ || anim_requested_) {
    const bool animation = anim_requested_;
    png_requested_ = anim_requested_ = false;
    if (job_.running())
      show("an export is running: wait for it or cancel it first", true);
    else
      start(cx, animation);
  }
  if (job_.running()) {
    // Frames of one export must show one state.
    const bool changed = cx.model.revision() != revision_ || cx.model.sel_batch() != sel_[0] ||
                         cx.model.sel_out_channel() != sel_[1] ||
                         cx.model.sel_in_channel() != sel_[2];
    if (changed)
      job_.cancel("the parameters changed during the export, so it stopped; nothing was written");
    else
      job_.tick();
  }
  if (watching_ && !job_.running()) {
    job_.tick();  // joins the writer, frees the renderer
    watching_ = false;
    switch (job_.status()) {
      case Status::Done:
        show(job_.message() + note_, false);
        break;
      case Status::Failed:
        show("export failed: " + job_.message(), true);
        break;
      case Status::Cancelled:
        show(job_.message().empty() ? "export cancelled; nothing was written" : job_.message(),
             false);
        break;
      default:
        break;
    }
  }
}

void ExportPanel::shutdown() {
  job_.cancel("");
}

}  // namespace studio::exporter
