// The studio's frames: events, keys, the layout of tiles, and what a frame
// asked for, done once it is drawn. An export draws the same UI from its own
// copy of the UI state (export_draw).
#include <algorithm>
#include <cmath>
#include <memory>
#include <vector>

#include "app.h"
#include "draw.h"
#include "invalid_banner.h"
#include "panel_exercise.h"
#include "panels.h"
#include "shell_link.h"
#include "tile.h"

namespace studio {

namespace {

constexpr float kFontStep = 0.25f;

}  // namespace

// [SECTION] One frame

void App::frame() {
  // What the page hands over (a link, a file) is applied after this frame:
  // the frames after it settle as after input.
  const bool woken = window_.poll_events();
  apply_style_changes();  // fonts and colours change between frames only

  window_.new_frame();
  ImGui::NewFrame();
  frame_input_ = shell::had_input(ImGui::GetIO(), last_display_) || woken;

  // Keys act before anything is drawn, so this frame shows their step.
  handle_keys();
  // The timeline counts in the unit of the view on screen (a number key may
  // just have changed it); a view without steps switches Play and keys off.
  model_.set_step_unit(step_unit(state_.view));
  apply_edits(model_, edits_.take());
  // Once per frame, before any view draws, so every view shows the same
  // step. After a wait the frame time is idle time, not playing time; a
  // blank screen holds the step.
  if (!state_.blank) {
    const double dt = resumed_ ? 0.0 : ImGui::GetIO().DeltaTime;
    model_.timeline().advance(dt);
    exercise_tick(model_, state_.exercise, dt);  // a reveal's walk
    draw_ui({state_, raster_.get(), model_.timeline().step, edits_});
    const ui::ChromeScope chrome(state_.style);
    export_.draw_status();
  }

  ImGui::Render();
  window_.render(state_.blank ? IM_COL32(0, 0, 0, 255) : state_.style.palette.background);
  after_frame();
}

shell::Activity App::activity() const {
  shell::Activity a;
  a.moving = ((model_.timeline().playing || state_.exercise.anim.running) && !state_.blank) ||
             export_.busy();
  a.input = frame_input_;
  a.text_cursor = ImGui::GetIO().WantTextInput;
  a.change_in = export_.status_change_in();
  // "Copy as PyTorch"'s tooltip says "copied" for 3 s.
  const double copied = state_.session.copied_at + 3.0 - ImGui::GetTime();
  if (copied > 0) a.change_in = std::min(a.change_in, copied);
  return a;
}

void App::after_frame() {
  // What the views and panels asked for while drawing: the model changes
  // now, between frames, never under a draw call.
  const EditsApplied applied = apply_edits(model_, edits_.take());
  if (applied.preset_applied && model_.preset_view()) {
    state_.view = *model_.preset_view();
    state_.select_tab = true;
  }
  shell::session_requests(model_, state_, settings_);  // Open, Save, a picked file
  shell::link_requests(model_, presets_, state_);      // Share link, a new page fragment
  model_.set_step_unit(step_unit(state_.view));        // a tab, a preset's view
  apply_exercise(true);                                // Check, Next, a reveal
  settings_.end_frame(state_);                         // full screen, settings.json
}

void App::apply_exercise(bool animate) {
  const ExerciseOutcome out = exercise_apply(model_, state_.exercise, animate);
  if (out.view) {
    state_.view = *out.view;
    state_.select_tab = true;
  }
  if (out.hover) state_.views.hover = *out.hover;
}

void App::toggle_exercise(ExerciseSession& ex) {
  if (ex.active)
    ex.request(ExerciseOp::Close);
  else if (ex.question)
    ex.active = true;  // back to the question where it was left
  else
    ex.request(ExerciseOp::Open);
}

void App::apply_style_changes() {
  Style& style = state_.style;
  style.font_scale = std::clamp(style.font_scale, ui::kMinFontScale, ui::kMaxFontScale);
  // Glyphs rasterized at the device's resolution (a browser's
  // devicePixelRatio, which follows its zoom); FontGlobalScale lays them out
  // at their size in layout pixels.
  const float ratio = window_.pixel_ratio();
  if (style.font_scale != fonts_scale_ || ratio != fonts_ratio_) {
    const bool had_texture = fonts_scale_ > 0;
    ui::rebuild_fonts(style.font_scale, ratio);
    ImGui::GetIO().FontGlobalScale = 1.0f / ratio;
    // Before the first frame the backend creates the texture itself.
    if (had_texture) window_.reload_fonts();
    fonts_scale_ = style.font_scale;
    fonts_ratio_ = ratio;
  }
  if (themed_scale_ != style.font_scale || themed_dark_ != style.dark ||
      themed_colorblind_ != style.colorblind) {
    ui::apply_theme(style);
    themed_scale_ = style.font_scale;
    themed_dark_ = style.dark;
    themed_colorblind_ = style.colorblind;
  }
}

void App::handle_keys() {
  const std::vector<platform::KeyPress> taps = window_.take_key_presses();
  frame_input_ |= !taps.empty();
  if (state_.blank) {
    // B again, any other key or a click: the studio comes back, and the key
    // does nothing else (Space would start playing under a black screen).
    if (shell::any_key_pressed(taps) || ImGui::IsMouseClicked(ImGuiMouseButton_Left))
      state_.blank = false;
    return;
  }
  for (const shell::KeyBinding* b : shell::pressed_keys(ImGui::GetIO(), taps)) run_command(*b);
}

void App::run_command(const shell::KeyBinding& b) {
  using shell::Command;
  float& font_scale = state_.style.font_scale;
  auto timeline = [&](TimelineOp op) { edits_.push(TimelineAction{op}); };
  switch (b.command) {
    case Command::PlayPause:
      return timeline(TimelineOp::TogglePlay);
    case Command::StepBack:
      return timeline(TimelineOp::StepBack);
    case Command::StepForward:
      return timeline(TimelineOp::StepForward);
    case Command::FirstStep:
      return timeline(TimelineOp::Home);
    case Command::LastStep:
      return timeline(TimelineOp::End);
    case Command::Blank:
      state_.blank = true;
      return;
    case Command::Exercise:
      return toggle_exercise(state_.exercise);
    case Command::ShowView:
      state_.view = b.view;
      state_.select_tab = true;
      return;
    case Command::ToggleParams:
      state_.show.params = !state_.show.params;
      return;
    case Command::ToggleTimeline:
      state_.show.timeline = !state_.show.timeline;
      return;
    // Each step rebuilds the font atlas (between frames).
    case Command::TextBigger:
      font_scale += kFontStep;
      return;
    case Command::TextSmaller:
      font_scale -= kFontStep;
      return;
    case Command::TextReset:
      font_scale = 1.0f;
      return;
    // Both as set in the ⇩ popup.
    case Command::SavePng:
      return export_.request_png();
    case Command::ExportAnimation:
      return export_.request_animation();
    case Command::FullScreen:
      if (settings_.interactive()) state_.fullscreen = !state_.fullscreen;
      return;
    case Command::Quit:
      return window_.request_close();
  }
}

// [SECTION] Layout and windows

void App::draw_ui(const Frame& f) {
  UiState& state = f.state;
  // Above font scale 2 the bars, panels and title bars keep scale 2's size
  // (ui::kProjectorFontScale): a bigger font grows the views, not the
  // controls around them. Views and the banner draw at the full scale.
  const ui::ChromeScope chrome(state.style);
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const ImGuiStyle& s = ImGui::GetStyle();
  const float fh = ImGui::GetFrameHeight();

  shell::LayoutInput in;
  in.origin = vp->WorkPos;
  in.size = vp->WorkSize;
  in.top_height = state.bare ? 0.0f : fh + 2 * s.WindowPadding.y;
  // Grows with the text, within a share of the window: the views are the point.
  in.params_width = shell::params_panel_width(vp->WorkSize.x, state.style.font_scale);
  // Two rows: the transport controls, then the scrub slider.
  in.timeline_height = 2 * fh + s.ItemSpacing.y + 2 * s.WindowPadding.y;
  // Exercise mode: its panel in place of the parameters (whose sliders would
  // change the question), and until the reveal the question in place of the
  // views and the timeline, which would show the answer.
  const ExerciseSession& exercise = state.exercise;
  const bool asking = exercise.active && !exercise.revealed();
  in.show_params = state.show.params || (exercise.active && !state.bare);  // bare: --only-view
  in.show_timeline = state.show.timeline && !asking;

  std::vector<const ViewInfo*> views;
  for (const ViewInfo& v : view_table())
    if (state.view == ViewId::All ? v.draw && state.show.view(v.id) : v.id == state.view)
      views.push_back(&v);
  if (asking) {
    views.clear();
  } else if (state.view == ViewId::All) {
    // Readable tiles over all of them: the first few in teaching order.
    in.views = 0;
    const ImVec2 area = shell::compute_layout(in).views.size;
    views.resize(static_cast<size_t>(
        shell::all_tile_count(area, state.style.font_scale, static_cast<int>(views.size()))));
  }
  in.views = asking ? 1 : static_cast<int>(views.size());
  const shell::Layout layout = shell::compute_layout(in);

  if (!state.bare) draw_top_bar(f, layout.top);
  if (!layout.params.empty()) draw_side_panel(f, layout.params);
  if (asking) {
    if (shell::begin_tile("Question###exercise_question", layout.tiles[0])) {
      const ui::ContentScope content(state.style);  // the question is for the room
      DrawExerciseQuestion(state.exercise, state.style, f.raster);
    }
    ImGui::End();
  }
  if (!layout.timeline.empty()) {
    if (shell::begin_tile("##timeline", layout.timeline, ImGuiWindowFlags_NoTitleBar))
      DrawTimelinePanel(model_, f.step, state.view, state.style, f.edits);
    ImGui::End();
  }
  for (size_t i = 0; i < views.size(); ++i) draw_view(f, *views[i], layout.tiles[i]);
  // A rejected combination: over the views, in the window and in a PNG of
  // the whole window (the views alone show the last valid state as it is).
  if (f.window && !asking) {
    const ui::ContentScope content(state.style);  // read from the back of the room
    shell::draw_invalid_banner(model_, state.style, layout.views);
  }
  if (!state.bare) shell::draw_link_message(state);
  if (views.empty() && !asking) {
    if (shell::begin_tile("##noviews", layout.views, ImGuiWindowFlags_NoTitleBar))
      ImGui::TextWrapped("No view is shown: tick some under ⚙ in the bar above.");
    ImGui::End();
  }
}

void App::draw_side_panel(const Frame& f, const shell::Rect& r) {
  UiState& state = f.state;
  if (state.exercise.active) {
    if (shell::begin_tile("Exercise###exercise", r)) DrawExercisePanel(state.exercise, state.style);
  } else if (shell::begin_tile("Parameters###params", r)) {
    DrawParamsPanel(model_, presets_, state.params, state.style, f.edits);
  }
  ImGui::End();
}

void App::draw_view(const Frame& f, const ViewInfo& v, const shell::Rect& r) {
  if (shell::begin_tile(v.title, r) && v.draw) {
    // Under the chrome's title bar, the view at the full font scale.
    const ui::ContentScope content(f.state.style);
    // f.step counts in the unit of the frame's view (the window's timeline,
    // or an export's plan); a tile of `all` that steps otherwise maps it.
    ViewContext cx{model_,   f.state.style, f.step,  f.state.views,
                   derived_, f.raster,      f.edits, counting_unit(f.state.view)};
    v.draw(cx);
  }
  ImGui::End();
}

// [SECTION] Exports

exporter::DrawFn App::export_draw(const exporter::Plan& plan) {
  // The export's frames own a copy of the UI state and their own textures
  // (another ImGui context): the window on screen is never touched.
  struct Frames {
    UiState state;
    ui::RasterCache raster;
    ui::FrameLog log;  // no scrollbars; what did not fit
  };
  auto f = std::make_shared<Frames>();
  f->log.no_scrollbars = true;
  f->log.fit_to_size = plan.only_view;
  f->state = state_;
  f->state.view = plan.view;
  f->state.style = plan.render.style;
  f->state.bare = plan.only_view;
  if (plan.only_view) f->state.show.params = f->state.show.timeline = false;
  // Exports show no hover highlight, except a reveal's: it marks the answer.
  if (!(f->state.exercise.active && f->state.exercise.revealed())) f->state.views.hover = {};
  return [this, f, plan](int64_t step) {
    f->state.select_tab = true;  // the export context's tab bar shows plan.view
    EditQueue ignored;           // an exported frame has no pointer, and changes nothing
    f->log.begin_frame();
    ui::set_frame_log(&f->log);
    // A PNG of the whole window shows what the window shows, banner included;
    // the views alone (only_view) show the last valid state as it is.
    draw_ui({f->state, &f->raster, step, ignored, !plan.only_view});
    ui::set_frame_log(nullptr);
    return frame_report(f->state, f->log);
  };
}

exporter::FrameReport App::frame_report(const UiState& state, const ui::FrameLog& log) {
  exporter::FrameReport r;
  const ImVec2 size = ImGui::GetIO().DisplaySize;
  r.warning = shell::shortened_message(view_name(state.view), size, state.style.font_scale,
                                       log.abbreviated, log.hidden);
  // Only a view alone (a slide) fails when it does not fit; a picture of the
  // whole window shows it as the window does, without scrollbars. Grids
  // shrink their values to fit; only a view that needs twice the room or
  // more (text cut, nothing sensible left) is refused.
  const ImVec2 over = log.overflow;
  if (state.bare && (over.x >= size.x || over.y >= size.y))
    r.refusal = shell::unfit_message(view_name(state.view), size, over, state.style.font_scale);
  // The whole window, laid out as the window is: where it would scroll, the
  // picture is cut, and says so.
  if (!state.bare && (over.x > 1.f || over.y > 1.f))
    r.warning += (r.warning.empty() ? "" : "; ") +
                 shell::unfit_message(view_name(state.view), size, over, state.style.font_scale) +
                 " (the window would scroll: the picture is cut there)";
  return r;
}

exporter::UiContext App::export_context() {
  return {model_, state_.view, state_.style,
          [this](const exporter::Plan& p) { return export_draw(p); }};
}

}  // namespace studio
