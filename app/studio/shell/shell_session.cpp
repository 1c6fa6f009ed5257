// Sessions, PyTorch code and presenter mode in the shell (see
// shell_session.h). The popup's state lives in UiState; the settings file in
// SettingsKeeper, owned by the app.
#include "shell_session.h"

#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <utility>

#include "clipboard.h"
#include "host.h"
#include "model_python.h"
#include "model_session.h"
#include "shell_layout.h"
#include "storage.h"
#include "style.h"

namespace studio::shell {

namespace {

using ui::tooltip;

bool interactive_run(const Options& o) {
  return o.exp.screenshot.empty() && o.screenshot_dir.empty() && o.bench_frames == 0 &&
         !o.exp.animating() && o.save_session.empty() && o.export_python.empty();
}

// "~/x.json" as a shell would read it; other paths as typed (relative to
// the folder the studio was started in).
std::string expand(const std::string& p) {
  const char* home = std::getenv("HOME");
  if (home && *home && p.rfind("~/", 0) == 0) return std::string(home) + p.substr(1);
  return p;
}

void set_status(SessionPanelState& s, std::string text, bool error) {
  s.status = std::move(text);
  s.status_error = error;
}

}  // namespace

Presenter current_look(const UiState& state) {
  Presenter p;
  // The buttons can step past the range for one frame; the app clamps next
  // frame, and a file must never hold the out-of-range value.
  p.font_scale = std::clamp(state.style.font_scale, ui::kMinFontScale, ui::kMaxFontScale);
  p.dark = state.style.dark;
  p.colorblind = state.style.colorblind;
  p.fullscreen = state.fullscreen;
  return p;
}

// [SECTION] Command line

int finish_options(Options& opts, Model& model) {
  Presenter look;
  if (interactive_run(opts) || opts.use_settings) {
    opts.settings_file = platform::settings_path();
    std::string error;
    if (!load_settings(opts.settings_file, opts.settings, error))
      std::fprintf(stderr, "tconv-studio: %s\n", error.c_str());
    look = opts.settings.presenter;
  }
  if (opts.session_shell) look = opts.session_shell->presenter;
  if (opts.font_scale_given) look.font_scale = opts.font_scale;
  if (opts.light_given) look.dark = !opts.light;
  if (opts.colorblind) look.colorblind = *opts.colorblind;
  if (opts.fullscreen) look.fullscreen = true;
  opts.presenter = look;
  opts.font_scale = look.font_scale;
  opts.light = !look.dark;

  if (opts.save_session.empty() && opts.export_python.empty()) return -1;
  std::string error;
  const SessionShell shell{opts.view.value_or(ViewId::All), look};
  if (!opts.save_session.empty() && !save_session_file(opts.save_session, model, shell, error)) {
    std::fprintf(stderr, "tconv-studio: --save-session: %s\n", error.c_str());
    return 2;
  }
  if (!opts.export_python.empty() && !write_python_file(opts.export_python, model, error)) {
    std::fprintf(stderr, "tconv-studio: --export-python: %s\n", error.c_str());
    return 2;
  }
  return 0;
}

// [SECTION] Settings

void SettingsKeeper::attach(platform::Window* window, const Options& opts, UiState& state) {
  window_ = window;
  interactive_ = interactive_run(opts);
  file_ = opts.settings_file;
  settings_ = opts.settings;
  persist_ = interactive_ && !file_.empty();
  baseline_ = opts.presenter;
  state.fullscreen = interactive_ && opts.presenter.fullscreen;
  char* path = state.session.path;
  const size_t size = sizeof state.session.path;
  if (!opts.session.empty()) {
    std::snprintf(path, size, "%s", opts.session.c_str());
    if (persist_) remember(opts.session, state.session);
  } else if (!settings_.recent.empty()) {
    std::snprintf(path, size, "%s", settings_.recent.front().c_str());
  } else {
    std::snprintf(path, size, "tconv-session.json");
  }
}

// A failure is reported once per change, on stderr and in the Session
// popup, and the app goes on.
void SettingsKeeper::write(SessionPanelState& status) {
  if (!persist_) return;
  std::string error;
  if (!save_settings(file_, settings_, error)) {
    std::fprintf(stderr, "tconv-studio: settings not saved: %s\n", error.c_str());
    set_status(status, "settings not saved: " + error, true);
  }
}

void SettingsKeeper::remember(const std::string& path, SessionPanelState& status) {
  add_recent(settings_, path);
  write(status);
}

void SettingsKeeper::end_frame(UiState& state) {
  if (!window_ || !interactive_) return;
  if (state.fullscreen != window_->fullscreen()) {
    std::string error;
    if (!window_->set_fullscreen(state.fullscreen, error)) {
      set_status(state.session, error, true);
      state.fullscreen = false;
    }
  }
  const Presenter look = current_look(state);
  if (look != baseline_) {
    baseline_ = look;
    settings_.presenter = look;
    write(state.session);
  }
}

// [SECTION] Session popup

namespace {

void copy_python_button(const Model& model, UiState& state) {
  SessionPanelState& s = state.session;
  if (ImGui::Button("Copy as PyTorch###copy_py")) {
    const std::string script = python_script(model);
    platform::set_clipboard_text(script);
    s.copied_at = ImGui::GetTime();
    s.copied_lines = static_cast<int>(std::count(script.begin(), script.end(), '\n'));
  }
  if (!ImGui::IsItemHovered()) return;
  if (ImGui::GetTime() - s.copied_at < 3.0)
    ImGui::SetTooltip(
        "Copied %d lines of Python: paste them into a .py file and run it with "
        "python3 (PyTorch 1.13 or later)",
        s.copied_lines);
  else
    tooltip(
        "Copy a Python script that builds this nn.ConvTranspose2d with these values, runs "
        "it, and checks PyTorch's output against the studio's.");
}

void status_line(const SessionPanelState& s, const Style& style, float width) {
  if (s.status.empty()) return;
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
  if (s.status_error)
    ImGui::PushStyleColor(ImGuiCol_Text,
                          style.dark ? IM_COL32(255, 110, 100, 255) : IM_COL32(190, 20, 10, 255));
  else
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  ImGui::TextUnformatted(s.status.c_str());
  ImGui::PopStyleColor();
  ImGui::PopTextWrapPos();
}

void recent_list(SessionPanelState& s, const SettingsKeeper& keeper) {
  if (keeper.recent().empty()) return;
  ImGui::Separator();
  ImGui::TextDisabled("Recent sessions (click to open)");
  for (const std::string& r : keeper.recent()) {
    // Stays open on failure, so its message can be read.
    if (ImGui::Selectable(r.c_str(), false, ImGuiSelectableFlags_DontClosePopups)) {
      std::snprintf(s.path, sizeof s.path, "%s", r.c_str());
      s.open = r;
    }
  }
}

}  // namespace

void draw_session_buttons(const Model& model, UiState& state, const SettingsKeeper& keeper) {
  SessionPanelState& s = state.session;
  copy_python_button(model, state);
  ImGui::SameLine(0, ImGui::GetStyle().ItemInnerSpacing.x);
  if (ImGui::Button("Session")) {
    s.status.clear();
    s.focus_path = true;
    ImGui::OpenPopup("##session");
  }
  tooltip(
      "Open or save the whole state as a JSON file: parameters, values, view, step, "
      "selection and the look.");
  if (!ImGui::BeginPopup("##session")) return;
  // The open asked for last frame worked: the new state is the confirmation.
  if (std::exchange(s.close_popup, false)) ImGui::CloseCurrentPopup();
  const float width = ImGui::GetFontSize() * 28.0f;
  ImGui::TextUnformatted("Session file (.json)");
  ImGui::SetNextItemWidth(width);
  // Focused on opening, so the path can be typed at once.
  if (std::exchange(s.focus_path, false)) ImGui::SetKeyboardFocusHere();
  ImGui::InputText("##path", s.path, sizeof s.path);
  const bool picker = platform::has_file_picker();
  tooltip(picker ? "The name a saved session downloads as (recent ones stay in this browser)."
                 : "A path, absolute or relative to the folder the studio was started in; ~/ "
                   "works.");
  if (picker) {
    // The browser's own dialog; a session dropped on the page opens too.
    if (ImGui::Button("Open file…")) platform::pick_file(".json,application/json");
  } else if (ImGui::Button("Open")) {
    s.open = s.path;
  }
  tooltip("Replace the current state with the file's (nothing changes if the file is wrong).");
  ImGui::SameLine();
  if (ImGui::Button("Save")) s.save = s.path;
  tooltip(picker ? "Download the current state as this file (and keep it under Recent)."
                 : "Write the current state to this file (replacing it).");
  ImGui::SameLine();
  if (ImGui::Button("Save .py")) s.save_python = s.path;
  tooltip(picker ? "Download the PyTorch script of this state (as Copy as PyTorch makes it)."
                 : "Write the PyTorch script of this state next to the session file, as .py.");
  status_line(s, state.style, width);
  recent_list(s, keeper);
  ImGui::EndPopup();
}

void session_requests(Model& model, UiState& state, SettingsKeeper& keeper) {
  SessionPanelState& s = state.session;
  if (s.save) {
    const std::string path = expand(*std::exchange(s.save, std::nullopt));
    std::string error;
    if (save_session_file(path, model, SessionShell{state.view, current_look(state)}, error)) {
      set_status(s, "saved " + path, false);
      keeper.remember(path, s);
    } else {
      set_status(s, error, true);
    }
  }
  if (s.save_python) {
    std::filesystem::path path = expand(*std::exchange(s.save_python, std::nullopt));
    path.replace_extension(".py");
    std::string error;
    if (write_python_file(path.string(), model, error))
      set_status(s, "saved " + path.string(), false);
    else
      set_status(s, error, true);
  }
  // A file picked in the browser's dialog or dropped on the page.
  if (const std::optional<std::filesystem::path> picked = platform::take_picked_file())
    s.open = picked->string();
  if (!s.open) return;
  const std::string path = expand(*std::exchange(s.open, std::nullopt));
  SessionShell shell;
  std::string error;
  if (!load_session_file(path, model, shell, error)) {
    set_status(s, error, true);  // the model was left as it was
    return;
  }
  state.view = shell.view;
  state.select_tab = true;
  state.style.font_scale = shell.presenter.font_scale;
  state.style.dark = shell.presenter.dark;
  state.style.colorblind = shell.presenter.colorblind;
  state.fullscreen = shell.presenter.fullscreen;
  set_status(s, "opened " + path, false);
  s.close_popup = true;
  keeper.remember(path, s);
}

void draw_fullscreen_item(UiState& state, const SettingsKeeper& keeper) {
  ImGui::BeginDisabled(!keeper.interactive());
  ImGui::MenuItem("full screen", "F11", &state.fullscreen);
  ImGui::EndDisabled();
}

}  // namespace studio::shell
