// Drawing never changes the model: what a view asks for while a frame is
// drawn (a value typed into a cell, a click that scrubs) is queued and
// reaches the model only after the frame. Real ImGui frames, headless (no
// window, no GL: nothing is rendered, only laid out).
#include <gtest/gtest.h>
#include <imgui.h>

#include <functional>
#include <optional>
#include <string>

#include "edits.h"
#include "headless_imgui.h"
#include "readout.h"
#include "studio_testing.h"
#include "views.h"

namespace studio {
namespace {

using studio::testing::load;

constexpr int kEnter = 257;  // any free KeysDown slot: mapped below

// Frames in a headless ImGui context (headless_imgui.h) with a key map.
class Frames {
 public:
  Frames() : imgui_({1280, 800}) { ImGui::GetIO().KeyMap[ImGuiKey_Enter] = kEnter; }

  // One frame: `body` inside a full-screen window, the way a tile is drawn.
  void frame(const std::function<void()>& body, bool enter = false) {
    ImGui::GetIO().KeysDown[kEnter] = enter;
    ImGui::NewFrame();
    ImGui::SetNextWindowPos({0, 0});
    ImGui::SetNextWindowSize({1280, 800});
    ImGui::Begin("Scatter###scatter");
    body();
    ImGui::End();
    ImGui::Render();
  }

 private:
  studio::testing::HeadlessImGui imgui_;
};

// A preset and the scatter view drawn from it, as the app draws a tile.
struct ScatterTile {
  explicit ScatterTile(const std::string& preset) {
    load(m, preset);
    cx.emplace(ViewContext{m, style, m.timeline().step, state, derived, nullptr, edits,
                           m.timeline().unit});
  }
  void draw() { DrawScatterView(*cx); }

  Model m;
  Frames frames;
  ViewState state;
  DerivedCache derived;
  EditQueue edits;
  const Style style;
  std::optional<ViewContext> cx;
};

TEST(StudioEdits, QueueKeepsOrderAndAppliesAfterwards) {
  Model m;
  EditQueue q;
  q.push(TimelineAction{TimelineOp::End});
  q.push(SetValue{Target::Input, {0, 0, 1, 1}, 9.f});
  q.push(Scrub{1, true});
  EXPECT_EQ(q.size(), 3u);
  EXPECT_EQ(m.timeline().step, 0);  // queued, not applied
  EXPECT_EQ(input_value(m, 0, 0, 1, 1), 3.f);
  const uint64_t revision = m.revision();
  apply_edits(m, q.take());
  EXPECT_TRUE(q.empty());
  EXPECT_EQ(m.timeline().step, 1);  // End, then the scrub to 1
  EXPECT_EQ(input_value(m, 0, 0, 1, 1), 9.f);
  EXPECT_EQ(m.revision(), revision + 1);
}

TEST(StudioEdits, RejectedEditsReportLikeDirectCalls) {
  Model m;
  Params p = m.params();
  p.output_padding = tconv::Pair(3);  // PyTorch: must be smaller than stride or dilation
  EXPECT_FALSE(apply_edit(m, SetParams{p}));
  EXPECT_NE(m.error().find("output padding must be smaller"), std::string::npos) << m.error();
  EXPECT_EQ(m.params().output_padding.h, 0);  // the last valid state stays
  Preset d2l;
  d2l.name = "x";
  EXPECT_TRUE(apply_edits(m, {ApplyPreset{d2l}}).preset_applied);
}

// The scatter view's click-to-edit popup, driven through real frames: the
// value typed is queued by the view and reaches the model only after the
// frame that drew it.
TEST(StudioEdits, AValueTypedInAViewReachesTheModelAfterTheFrame) {
  ScatterTile tile("d2l-basic");
  Model& m = tile.m;
  Frames& frames = tile.frames;
  ViewState& state = tile.state;
  EditQueue& edits = tile.edits;
  const float before = input_value(m, 0, 0, 1, 1);
  ASSERT_EQ(before, 3.f);
  auto draw = [&] { tile.draw(); };

  // Open the editor on x[0,0,1,1] as a click on that cell does, let the
  // popup appear and its field take the keyboard (the text selected).
  frames.frame(draw);
  ui::open_value_editor(state.editor, Target::Input, input_index(m, 0, 0, 1, 1), before,
                        "input x[0,0,1,1]");
  for (int i = 0; i < 3; ++i) frames.frame(draw);
  // The user types 42 over the selected text.
  ImGui::GetIO().AddInputCharactersUTF8("42");
  frames.frame(draw);
  ASSERT_TRUE(edits.empty());

  // Enter: the view queues the edit during this frame; the model has not
  // changed when the frame ends.
  const uint64_t revision = m.revision();
  frames.frame(
      [&] {
        draw();
        EXPECT_EQ(input_value(m, 0, 0, 1, 1), before);
      },
      true);
  ASSERT_EQ(edits.size(), 1u);
  EXPECT_EQ(m.revision(), revision);
  EXPECT_EQ(input_value(m, 0, 0, 1, 1), before);
  ASSERT_TRUE(std::holds_alternative<SetValue>(edits.pending().front()));

  // After the frame, as the app does: now the model has it, and its records
  // are rebuilt once.
  apply_edits(m, edits.take());
  EXPECT_EQ(input_value(m, 0, 0, 1, 1), 42.f);
  EXPECT_EQ(m.revision(), revision + 1);
  EXPECT_EQ(m.records().output.data.back(), 42.f * 3.f);  // y[2,2] = x[1,1]·K[1,1]
}

// The scatter view keeps the room of its widest "this step" title between
// frames (measuring it formats every input value): an edited value that
// makes a wider title is measured again, and so is a bigger font.
TEST(StudioEdits, TheWidestStepTitleFollowsValueEditsAndTheFont) {
  ScatterTile tile("d2l-basic");
  Model& m = tile.m;
  Frames& frames = tile.frames;
  ViewState& state = tile.state;
  auto draw = [&] { tile.draw(); };
  frames.frame(draw);
  // x = [[0, 1], [2, 3]]: digits are equally wide, the first one stays.
  EXPECT_EQ(state.scatter.widest_step_title, "this step: 0·K");
  ASSERT_TRUE(apply_edit(m, SetValue{Target::Input, input_index(m, 0, 0, 1, 0), -1234.5f}));
  frames.frame(draw);
  EXPECT_EQ(state.scatter.widest_step_title, "this step: -1234.5·K");
  const auto key = state.scatter.title_key;
  ImGui::GetIO().FontGlobalScale = 2.f;
  frames.frame(draw);
  EXPECT_NE(state.scatter.title_key.font_size, key.font_size);
  EXPECT_EQ(state.scatter.widest_step_title, "this step: -1234.5·K");
}

}  // namespace
}  // namespace studio
