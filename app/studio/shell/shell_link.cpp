// Links in the shell (see shell_link.h).
#include "shell_link.h"

#include <imgui.h>

#include <algorithm>
#include <cstdio>

#include "clipboard.h"
#include "host.h"
#include "shell_layout.h"
#include "shell_session.h"
#include "style.h"

namespace studio::shell {

namespace {

// Runs that only write files fail on a bad link, as on any bad flag.
bool writes_files(const Options& o) {
  return !o.exp.screenshot.empty() || !o.screenshot_dir.empty() || o.exp.animating() ||
         !o.save_session.empty() || !o.export_python.empty();
}

bool open_link(const std::string& text, const PresetLibrary& presets, Model& model, Link& link,
               LinkShell& shell, std::string& error) {
  return parse_link(text, link, error) && apply_link(link, presets, model, shell, error);
}

void show_look(const Presenter& p, UiState& state) {
  state.style.font_scale = p.font_scale;
  state.style.dark = p.dark;
  state.style.colorblind = p.colorblind;
  state.fullscreen = p.fullscreen;
}

}  // namespace

int open_startup_link(Options& opts, const PresetLibrary& presets, Model& model) {
  if (opts.open.empty()) opts.open = platform::take_link().value_or("");
  if (opts.open.empty()) return -1;
  Link link;
  LinkShell shell;
  std::string error;
  if (!open_link(opts.open, presets, model, link, shell, error)) {
    std::fprintf(stderr, "tconv-studio: %s\n", error.c_str());
    if (writes_files(opts)) return 2;
    opts.link_message = error + "\n\nThe studio opened without it.";
    return -1;
  }
  if (shell.view) opts.view = shell.view;
  if (shell.presenter)
    opts.session_shell = SessionShell{shell.view.value_or(ViewId::All), *shell.presenter};
  if (link.bench_frames > 0 && opts.bench_frames == 0) opts.bench_frames = link.bench_frames;
  return -1;
}

void link_requests(Model& model, const PresetLibrary& presets, UiState& state) {
  if (std::exchange(state.link.share, false)) {
    const SessionShell shell{state.view, current_look(state)};
    state.link.copied = platform::link_base() + "#" + make_link(model, shell, presets);
    platform::set_clipboard_text(state.link.copied);
    state.link.copied_at = ImGui::GetTime();
  }
  const std::optional<std::string> text = platform::take_link();
  if (!text) return;
  Link link;
  LinkShell shell;
  std::string error;
  if (!open_link(*text, presets, model, link, shell, error)) {
    state.link.message = error + "\n\nNothing changed.";
    return;
  }
  state.link.message.clear();
  if (shell.view) {
    state.view = *shell.view;
    state.select_tab = true;
  }
  if (shell.presenter) show_look(*shell.presenter, state);
}

void draw_share_button(UiState& state) {
  if (ImGui::Button("Share link###share")) state.link.share = true;
  if (!ImGui::IsItemHovered()) return;
  if (ImGui::GetTime() - state.link.copied_at < 3.0 && !state.link.copied.empty()) {
    const std::string& l = state.link.copied;
    const std::string shown = l.size() > 90 ? l.substr(0, 87) + "…" : l;
    ImGui::SetTooltip("Copied the link:\n%s", shown.c_str());
  } else {
    ui::tooltip(
        "Copy a link that opens exactly this state: parameters, values, view and step. It opens "
        "in the browser studio, and on the desktop with tconv-studio --open 'LINK'.");
  }
}

void draw_link_message(UiState& state) {
  if (state.link.message.empty()) return;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(
      ImVec2(vp->WorkPos.x + vp->WorkSize.x * 0.5f, vp->WorkPos.y + vp->WorkSize.y * 0.3f),
      ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSizeConstraints(ImVec2(0, 0), ImVec2(vp->WorkSize.x * 0.6f, FLT_MAX));
  if (ImGui::Begin("The link could not be opened###link_message", nullptr,
                   ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoCollapse |
                       ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoSavedSettings)) {
    ImGui::PushTextWrapPos(std::min(ImGui::GetFontSize() * 36.0f, vp->WorkSize.x * 0.55f));
    ImGui::TextUnformatted(state.link.message.c_str());
    ImGui::PopTextWrapPos();
    if (ImGui::Button("OK")) state.link.message.clear();
  }
  ImGui::End();
}

}  // namespace studio::shell
