// Sessions, PyTorch code and presenter mode in the shell (see
// shell_session.h). State lives here, like the panels' (panel_params.cpp),
// so the app only calls in at a few points.
#include "shell_session.h"

// clang-format off
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
// clang-format on
#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <utility>

#include "model_python.h"
#include "model_session.h"
#include "model_settings.h"
#include "shell_style.h"

namespace studio::shell {

namespace {

// [SECTION] State

struct SessionUiState {
  GLFWwindow* window = nullptr;
  bool interactive = false;  // a visible window: full screen and settings apply
  bool persist = false;      // settings.json is kept up to date
  std::filesystem::path settings_file;
  Settings settings;   // what the file holds (after our last write)
  Presenter baseline;  // the look at start or at the last save: a change is saved

  bool fullscreen_wanted = false, fullscreen_on = false;
  int win_x = 0, win_y = 0, win_w = 0, win_h = 0;  // windowed geometry to return to

  char path[1024] = "";
  bool focus_path = false;
  std::string status;
  bool status_error = false;
  double copied_at = -1e9;
  int copied_lines = 0;
};
SessionUiState g_session;

bool interactive_run(const Options& o) {
  return o.screenshot.empty() && o.screenshot_dir.empty() && o.bench_frames == 0 &&
         !o.exp.animating() && o.save_session.empty() && o.export_python.empty();
}

// Writes g_session.settings; a failure is reported once per change, on
// stderr and in the Session popup, and the app goes on.
void write_settings() {
  SessionUiState& g = g_session;
  if (!g.persist) return;
  std::string error;
  if (!save_settings(g.settings_file, g.settings, error)) {
    std::fprintf(stderr, "tconv-studio: settings not saved: %s\n", error.c_str());
    g.status = "settings not saved: " + error;
    g.status_error = true;
  }
}

void remember(const std::string& path) {
  add_recent(g_session.settings, path);
  write_settings();
}

// "~/x.json" as a shell would read it; other paths as typed (relative to
// the folder the studio was started in).
std::string expand(const std::string& p) {
  const char* home = std::getenv("HOME");
  if (home && *home && p.rfind("~/", 0) == 0) return std::string(home) + p.substr(1);
  return p;
}

Presenter current_look(const Style& style) {
  Presenter p;
  // The buttons can step past the range for one frame; the app clamps next
  // frame, and a file must never hold the out-of-range value.
  p.font_scale = std::clamp(style.font_scale, kMinFontScale, kMaxFontScale);
  p.dark = style.dark;
  p.colorblind = style.colorblind;
  p.fullscreen = g_session.fullscreen_wanted;
  return p;
}

void apply_fullscreen(bool on) {
  SessionUiState& g = g_session;
  if (!g.window) return;
  if (on) {
    GLFWmonitor* monitor = glfwGetPrimaryMonitor();
    const GLFWvidmode* mode = monitor ? glfwGetVideoMode(monitor) : nullptr;
    if (!mode) {
      g.status = "full screen: no monitor found";
      g.status_error = true;
      g.fullscreen_wanted = false;
      return;
    }
    glfwGetWindowPos(g.window, &g.win_x, &g.win_y);
    glfwGetWindowSize(g.window, &g.win_w, &g.win_h);
    glfwSetWindowMonitor(g.window, monitor, 0, 0, mode->width, mode->height, mode->refreshRate);
  } else {
    glfwSetWindowMonitor(g.window, nullptr, g.win_x, g.win_y, std::max(g.win_w, 320),
                         std::max(g.win_h, 240), 0);
  }
  g.fullscreen_on = on;
}

// [SECTION] Session popup actions

// True when the file was opened (the popup then closes: the new state is
// the confirmation); on failure the message stays in the popup.
bool open_session(const std::string& typed, Model& model, ViewId& view, bool& select_tab,
                  Style& style) {
  SessionUiState& g = g_session;
  const std::string path = expand(typed);
  SessionShell shell;
  std::string error;
  if (!load_session_file(path, model, shell, error)) {
    g.status = error;  // the model was left as it was
    g.status_error = true;
    return false;
  }
  view = shell.view;
  select_tab = true;
  style.font_scale = shell.presenter.font_scale;
  style.dark = shell.presenter.dark;
  style.colorblind = shell.presenter.colorblind;
  g.fullscreen_wanted = shell.presenter.fullscreen;
  g.status = "opened " + path;
  g.status_error = false;
  remember(path);
  return true;
}

void save_session(const std::string& typed, const Model& model, ViewId view, const Style& style) {
  SessionUiState& g = g_session;
  const std::string path = expand(typed);
  std::string error;
  if (!save_session_file(path, model, SessionShell{view, current_look(style)}, error)) {
    g.status = error;
    g.status_error = true;
    return;
  }
  g.status = "saved " + path;
  g.status_error = false;
  remember(path);
}

}  // namespace

// [SECTION] Command line

int finish_options(Options& opts, Model& model) {
  SessionUiState& g = g_session;
  const bool interactive = interactive_run(opts);
  Presenter look;
  if (interactive || opts.use_settings) {
    g.settings_file = settings_path();
    std::string error;
    if (!load_settings(g.settings_file, g.settings, error))
      std::fprintf(stderr, "tconv-studio: %s\n", error.c_str());
    look = g.settings.presenter;
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

// [SECTION] App hooks

void session_attach(GLFWwindow* window, const Options& opts) {
  SessionUiState& g = g_session;
  g.window = window;
  g.interactive = interactive_run(opts);
  g.persist = g.interactive && !g.settings_file.empty();
  g.baseline = opts.presenter;
  g.fullscreen_wanted = g.interactive && opts.presenter.fullscreen;
  if (!opts.session.empty()) {
    std::snprintf(g.path, sizeof g.path, "%s", opts.session.c_str());
    if (g.persist) remember(opts.session);
  } else if (!g.settings.recent.empty()) {
    std::snprintf(g.path, sizeof g.path, "%s", g.settings.recent.front().c_str());
  } else {
    std::snprintf(g.path, sizeof g.path, "tconv-session.json");
  }
}

void draw_session_buttons(Model& model, ViewId& view, bool& select_tab, Style& style) {
  SessionUiState& g = g_session;
  // Above 2× text the tabs need the room: the short label, the same tooltip.
  const bool compact = style.font_scale > 2.0f;
  if (ImGui::Button(compact ? "PyTorch###copy_py" : "Copy as PyTorch###copy_py")) {
    const std::string script = python_script(model);
    ImGui::SetClipboardText(script.c_str());
    g.copied_at = ImGui::GetTime();
    g.copied_lines = static_cast<int>(std::count(script.begin(), script.end(), '\n'));
  }
  if (ImGui::IsItemHovered()) {
    if (ImGui::GetTime() - g.copied_at < 3.0)
      ImGui::SetTooltip(
          "Copied %d lines of Python: paste them into a .py file and run it with "
          "python3 (PyTorch 1.13 or later)",
          g.copied_lines);
    else
      tooltip(
          "Copy a Python script that builds this nn.ConvTranspose2d with these values, runs "
          "it, and checks PyTorch's output against the studio's.");
  }
  ImGui::SameLine(0, ImGui::GetStyle().ItemInnerSpacing.x);
  if (ImGui::Button("Session")) {
    g.status.clear();
    g.focus_path = true;
    ImGui::OpenPopup("##session");
  }
  tooltip(
      "Open or save the whole state as a JSON file: parameters, values, view, step, "
      "selection and the look.");
  if (!ImGui::BeginPopup("##session")) return;
  const float width = ImGui::GetFontSize() * 28.0f;
  ImGui::TextUnformatted("Session file (.json)");
  ImGui::SetNextItemWidth(width);
  // Focused on opening, so the path can be typed at once.
  if (std::exchange(g.focus_path, false)) ImGui::SetKeyboardFocusHere();
  ImGui::InputText("##path", g.path, sizeof g.path);
  tooltip("A path, absolute or relative to the folder the studio was started in; ~/ works.");
  if (ImGui::Button("Open") && open_session(g.path, model, view, select_tab, style))
    ImGui::CloseCurrentPopup();
  tooltip("Replace the current state with the file's (nothing changes if the file is wrong).");
  ImGui::SameLine();
  if (ImGui::Button("Save")) save_session(g.path, model, view, style);
  tooltip("Write the current state to this file (replacing it).");
  if (!g.status.empty()) {
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
    if (g.status_error)
      ImGui::PushStyleColor(ImGuiCol_Text,
                            style.dark ? IM_COL32(255, 110, 100, 255) : IM_COL32(190, 20, 10, 255));
    else
      ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextUnformatted(g.status.c_str());
    ImGui::PopStyleColor();
    ImGui::PopTextWrapPos();
  }
  if (!g.settings.recent.empty()) {
    ImGui::Separator();
    ImGui::TextDisabled("Recent sessions (click to open)");
    // A copy: opening one reorders the list under the loop.
    const std::vector<std::string> recent = g.settings.recent;
    for (const std::string& r : recent) {
      // Stays open on failure, so its message can be read.
      if (ImGui::Selectable(r.c_str(), false, ImGuiSelectableFlags_DontClosePopups)) {
        std::snprintf(g.path, sizeof g.path, "%s", r.c_str());
        if (open_session(r, model, view, select_tab, style)) ImGui::CloseCurrentPopup();
      }
    }
  }
  ImGui::EndPopup();
}

void draw_fullscreen_item() {
  SessionUiState& g = g_session;
  ImGui::BeginDisabled(!g.interactive);
  ImGui::MenuItem("full screen", "F11", &g.fullscreen_wanted);
  ImGui::EndDisabled();
}

void session_keys() {
  SessionUiState& g = g_session;
  if (g.interactive && ImGui::IsKeyPressed(GLFW_KEY_F11, false))
    g.fullscreen_wanted = !g.fullscreen_wanted;
}

void session_end_frame(const Style& style) {
  SessionUiState& g = g_session;
  if (!g.window || !g.interactive) return;
  if (g.fullscreen_wanted != g.fullscreen_on) apply_fullscreen(g.fullscreen_wanted);
  const Presenter look = current_look(style);
  if (look != g.baseline) {
    g.baseline = look;
    g.settings.presenter = look;
    write_settings();
  }
}

}  // namespace studio::shell
