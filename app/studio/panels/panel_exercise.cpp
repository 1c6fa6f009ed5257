// Exercise mode's panel and question tile (panel_exercise.h). Drawing edits
// only the session's answer fields; everything else is a queued request.
#include "panel_exercise.h"

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "draw.h"

namespace studio {

namespace {

// TextDisabled that wraps at the panel's edge.
void note(const char* text) {
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  ImGui::TextWrapped("%s", text);
  ImGui::PopStyleColor();
}

// Readable on both themes, like the parameter panel's error colour.
ImU32 verdict_color(const Style& style, bool right) {
  if (right) return style.dark ? IM_COL32(120, 220, 130, 255) : IM_COL32(20, 120, 40, 255);
  return style.dark ? IM_COL32(255, 110, 100, 255) : IM_COL32(190, 20, 10, 255);
}

void push_open(ExerciseSession& s, ex::Kind kind, int level, uint64_t seed) {
  s.requests.push_back({ExerciseOp::Open, kind, level, seed, 0});
}

// [SECTION] The side panel

// Kind, level and seed: a change opens that question at once.
void choose_question(ExerciseSession& s, const Style& style) {
  const float w = ImGui::GetFontSize() * 9;
  ImGui::SetNextItemWidth(w);
  const std::string current(ex::kind_name(s.kind));
  if (ImGui::BeginCombo("kind", current.c_str())) {
    for (ex::Kind k : ex::kAllKinds) {
      const std::string name(ex::kind_name(k));
      if (ImGui::Selectable(name.c_str(), k == s.kind)) push_open(s, k, s.level, s.seed);
    }
    ImGui::EndCombo();
  }
  ui::tooltip(
      "what the question asks: the output's shape, one output value, the inputs "
      "that feed a cell, an output_padding, parameters read off a picture, a row of "
      "the conv matrix W, or kernels without a checkerboard");
  int level = s.level;
  ImGui::SetNextItemWidth(w);
  if (ImGui::SliderInt("level", &level, ex::kMinLevel, ex::kMaxLevel, "%d",
                       ImGuiSliderFlags_AlwaysClamp) &&
      level != s.level)
    push_open(s, s.kind, level, s.seed);
  ui::tooltip(
      "1: one channel, small grids, stride only. 2: padding, output_padding, per-axis "
      "values. 3: groups, dilation, channels, batches, bias.");
  uint64_t seed = s.seed;
  const uint64_t one = 1;
  ImGui::SetNextItemWidth(w);
  if (ImGui::InputScalar("seed", ImGuiDataType_U64, &seed, &one, nullptr, "%llu",
                         ImGuiInputTextFlags_EnterReturnsTrue) &&
      seed != s.seed)
    push_open(s, s.kind, s.level, seed);
  ui::tooltip(
      "the same kind, level and seed give the same question everywhere (tconv quiz "
      "prints it as JSON)");
  (void)style;
}

void score_line(const ExerciseSession& s) {
  ImGui::Text("Score: %d of %d right", s.right, s.asked);
  ui::tooltip("the first Check of each question counts");
}

// "1) kernel_size=5, stride=(3, 2)" as in the question; after the reveal a
// right option ends with a tick.
std::string option_label(const ExerciseSession& s, size_t i) {
  const ex::Option& o = s.question->ask.options[i];
  std::string text = std::to_string(i) +
                     ") kernel_size=" + pair_text(o.kernel_size.h, o.kernel_size.w) +
                     ", stride=" + pair_text(o.stride.h, o.stride.w);
  if (o.dilation != tconv::Pair(1)) text += ", dilation=" + pair_text(o.dilation.h, o.dilation.w);
  const auto& right = s.question->answer.choices;
  if (s.revealed() && std::find(right.begin(), right.end(), static_cast<int64_t>(i)) != right.end())
    text += "  ✓";
  return text;
}

void int_pair(const char* label, tconv::Pair& p) {
  int64_t v[2] = {p.h, p.w};
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9);
  if (ImGui::InputScalarN(label, ImGuiDataType_S64, v, 2)) p = tconv::Pair(v[0], v[1]);
}

// The fields of the kinds answered with numbers; the grid kinds are
// answered on the question tile and summed up here.
void answer_fields(ExerciseSession& s) {
  const ex::Question& q = *s.question;
  switch (ex::widget(q.kind)) {
    case ex::Widget::IntList:
      ImGui::SetNextItemWidth(-ImGui::CalcTextSize("shape").x - ImGui::GetStyle().ItemSpacing.x);
      ImGui::InputScalarN("shape", ImGuiDataType_S64, s.answer.shape.data(),
                          static_cast<int>(s.answer.shape.size()));
      break;
    case ex::Widget::Number:
      ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9);
      ImGui::InputDouble("value", &s.answer.value, 0, 0, "%g");
      break;
    case ex::Widget::PairOrNone:
      ImGui::BeginDisabled(s.impossible);
      int_pair("output_padding", s.op_pair);
      ImGui::EndDisabled();
      ImGui::Checkbox("impossible", &s.impossible);
      break;
    case ex::Widget::ParamPairs:
      if (q.ask.find_stride) int_pair("stride", s.answer.stride);
      if (q.ask.find_padding) int_pair("padding", s.answer.padding);
      if (q.ask.find_dilation) int_pair("dilation", s.answer.dilation);
      note("(h, w): the same twice when the axes agree");
      break;
    case ex::Widget::Choices:
      for (size_t i = 0; i < q.ask.options.size(); ++i) {
        const std::string label = option_label(s, i);
        const auto& c = s.answer.choices;
        bool on = std::find(c.begin(), c.end(), static_cast<int64_t>(i)) != c.end();
        if (ImGui::Checkbox(label.c_str(), &on)) toggle_choice(s, static_cast<int64_t>(i));
      }
      break;
    case ex::Widget::InputCells:
    case ex::Widget::WRow:
      ImGui::TextWrapped("Your answer: %s", ex::answer_text(q, exercise_answer(s)).c_str());
      if (!s.revealed()) note("Click cells in the question on the right.");
      break;
  }
}

void buttons(ExerciseSession& s) {
  const bool revealed = s.revealed();
  ImGui::BeginDisabled(revealed);
  if (ImGui::Button("Check")) s.request(ExerciseOp::Check);
  ui::tooltip("grade the answer, then watch the view that explains it");
  ImGui::SameLine();
  const size_t left = s.hints.size() - s.hints_shown;
  ImGui::BeginDisabled(left == 0);
  char hint[32];
  std::snprintf(hint, sizeof hint, "Hint (%zu)", left);
  if (ImGui::Button(hint)) s.request(ExerciseOp::Hint);
  ui::tooltip("the next hint, from gentle to nearly the answer");
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (ImGui::Button("Show")) s.request(ExerciseOp::Reveal);
  ui::tooltip("show the answer without checking (no point)");
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (ImGui::Button("Next ▶")) s.request(ExerciseOp::Next);
  ui::tooltip("the next question of this kind and level (seed + 1)");
}

void verdict_block(const ExerciseSession& s, const Style& style) {
  const ex::Question& q = *s.question;
  if (s.verdict) {
    ImGui::PushStyleColor(ImGuiCol_Text, verdict_color(style, s.verdict->right));
    ImGui::TextUnformatted(s.verdict->right ? "✓ Right" : "✗ Not quite");
    ImGui::PopStyleColor();
    ImGui::TextWrapped("%s", s.verdict->explanation.c_str());
  } else if (s.revealed()) {
    ImGui::TextWrapped("The answer: %s", ex::answer_text(q, q.answer).c_str());
  }
}

// Value and feeders: every input channel of the asked cell's group adds to
// it, and the views draw one input channel at a time.
void channel_choice(ExerciseSession& s) {
  const ex::Kind k = s.question->kind;
  const tconv::Geometry& g = s.geo;
  if ((k != ex::Kind::Value && k != ex::Kind::Feeders) || g.in_per_group() < 2) return;
  const int64_t first = s.reveal->in_channel / g.in_per_group() * g.in_per_group();
  ImGui::TextUnformatted("Input channel:");
  for (int64_t c = first; c < first + g.in_per_group(); ++c) {
    ImGui::SameLine();
    const std::string label = std::to_string(c) + "##in";
    if (ImGui::RadioButton(label.c_str(), s.shown_in_channel == c))
      s.requests.push_back({ExerciseOp::ShowChannel, s.kind, s.level, s.seed, c});
  }
  ui::tooltip("the views draw one input channel; all of this group's reach the asked cell");
}

void reveal_block(ExerciseSession& s) {
  if (!s.reveal) return;
  const ex::Reveal& r = *s.reveal;
  const std::string why = "The " + std::string(ex::view_name(r.view)) +
                          " view shows why: explore it with the timeline and the mouse. E leaves "
                          "exercise mode with this call loaded.";
  note(why.c_str());
  channel_choice(s);
  if (r.options.empty()) return;
  ImGui::TextUnformatted("Show option:");
  for (size_t i = 0; i < r.options.size(); ++i) {
    ImGui::SameLine();
    char label[32];
    std::snprintf(label, sizeof label, "%zu", i);
    if (ImGui::RadioButton(label, s.shown_option == static_cast<int64_t>(i)))
      s.requests.push_back(
          {ExerciseOp::ShowOption, s.kind, s.level, s.seed, static_cast<int64_t>(i)});
  }
}

void hints_block(const ExerciseSession& s) {
  for (size_t i = 0; i < s.hints_shown && i < s.hints.size(); ++i)
    ImGui::TextWrapped("Hint %zu: %s", i + 1, s.hints[i].c_str());
}

}  // namespace

void DrawExercisePanel(ExerciseSession& s, const Style& style) {
  choose_question(s, style);
  score_line(s);
  if (!s.error.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, verdict_color(style, false));
    ImGui::TextWrapped("%s", s.error.c_str());
    ImGui::PopStyleColor();
  }
  if (!s.question) return;
  ImGui::Separator();
  if (!s.revealed()) {
    answer_fields(s);
    buttons(s);
    hints_block(s);
    return;
  }
  // Revealed: the verdict first (at large text the panel scrolls), then
  // the question, which the views now cover, with the answer as given.
  buttons(s);
  verdict_block(s, style);
  reveal_block(s);
  ImGui::Separator();
  ImGui::TextWrapped("%s", s.question->text.c_str());
  ImGui::BeginDisabled();
  answer_fields(s);
  ImGui::EndDisabled();
  hints_block(s);
}

}  // namespace studio
