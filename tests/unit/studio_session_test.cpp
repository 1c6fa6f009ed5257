// Sessions without GL: save -> load gives the same model state for every
// preset and for edited states; every malformed or incompatible file is
// refused with a message naming the problem and leaves the state untouched.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <regex>

#include "model_session.h"
#include "studio_testing.h"

namespace studio {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using studio::testing::load;

// Everything a session carries about the model, compared bit for bit.
struct Snapshot {
  Params params;
  tconv::Array input, weight, output;
  std::optional<tconv::Array> bias;
  std::string name, title, description;
  std::optional<ViewId> preset_view;
  int64_t n = 0, c_out = 0, c_in = 0, step = 0;
  float steps_per_second = 0.f;
  uint64_t revision = 0;
  std::string error;
};

bool same_bits(const tconv::Array& a, const tconv::Array& b) {
  return a.shape == b.shape && a.data.size() == b.data.size() &&
         std::memcmp(a.data.data(), b.data.data(), a.data.size() * sizeof(float)) == 0;
}

Snapshot snapshot(const Model& m) {
  Snapshot s;
  s.params = m.params();
  s.input = m.problem().input;
  s.weight = m.problem().weight;
  s.bias = m.problem().bias;
  s.output = m.records().output;
  s.name = m.preset_name();
  s.title = m.preset_title();
  s.description = m.preset_description();
  s.preset_view = m.preset_view();
  s.n = m.sel_batch();
  s.c_out = m.sel_out_channel();
  s.c_in = m.sel_in_channel();
  s.step = m.timeline().step;
  s.steps_per_second = m.timeline().steps_per_second;
  s.revision = m.revision();
  s.error = m.error();
  return s;
}

// The state a user sees (revision and error aside: a load rebuilds).
void expect_same_state(const Snapshot& a, const Snapshot& b) {
  EXPECT_EQ(a.params, b.params);
  EXPECT_TRUE(same_bits(a.input, b.input));
  EXPECT_TRUE(same_bits(a.weight, b.weight));
  EXPECT_TRUE(same_bits(a.output, b.output));
  ASSERT_EQ(a.bias.has_value(), b.bias.has_value());
  if (a.bias) {
    EXPECT_TRUE(same_bits(*a.bias, *b.bias));
  }
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.title, b.title);
  EXPECT_EQ(a.description, b.description);
  EXPECT_EQ(a.preset_view, b.preset_view);
  EXPECT_EQ(a.n, b.n);
  EXPECT_EQ(a.c_out, b.c_out);
  EXPECT_EQ(a.c_in, b.c_in);
  EXPECT_EQ(a.step, b.step);
  EXPECT_EQ(a.steps_per_second, b.steps_per_second);
}

void expect_unchanged(const Snapshot& a, const Snapshot& b) {
  expect_same_state(a, b);
  EXPECT_EQ(a.revision, b.revision);  // nothing was rebuilt
  EXPECT_EQ(a.error, b.error);
}

// Save `m`, load into a model that shows something else, compare.
void round_trip(const Model& m, const SessionShell& shell) {
  const std::string text = session_json(m, shell);
  Model other;
  load(other, "dcgan");
  SessionShell got;
  std::string error;
  ASSERT_TRUE(load_session_text(text, "s.json", other, got, error)) << error << "\n" << text;
  expect_same_state(snapshot(m), snapshot(other));
  EXPECT_EQ(got, shell);
  EXPECT_TRUE(other.error().empty());
  // And the file it writes again is the same file.
  EXPECT_EQ(session_json(other, got), text);
}

TEST(StudioSession, EveryPresetRoundTrips) {
  for (const auto& f : fs::directory_iterator(studio::testing::presets_dir())) {
    if (f.path().extension() != ".json") continue;
    SCOPED_TRACE(f.path().string());
    Model m;
    load(m, f.path().stem().string());
    m.timeline().scrub(m.step_count() / 2);
    m.select(0, m.params().out_channels - 1, m.params().in_channels - 1);
    round_trip(m, SessionShell{ViewId::Matrix, Presenter{2.5f, false, false, true}});
  }
}

TEST(StudioSession, EditedStatesRoundTripBitForBit) {
  Model m;
  load(m, "groups");
  Params p = m.params();
  p.bias = true;
  p.batch = 3;
  p.stride = tconv::Pair(2, 3);
  p.padding = tconv::Pair(1, 0);
  p.output_padding = tconv::Pair(1, 2);
  p.dilation = tconv::Pair(1, 2);
  ASSERT_TRUE(m.set_params(p)) << m.error();
  // Values that need all 9 digits, and tiny and huge ones.
  m.fill(Target::Input, Fill::RandomNormal, 11);
  ASSERT_TRUE(m.set_value(Target::Input, {2, 3, 1, 1}, 0.1f + 1e-8f));
  ASSERT_TRUE(m.set_value(Target::Weight, {0, 1, 0, 0}, 1.17549435e-38f));
  ASSERT_TRUE(m.set_value(Target::Weight, {0, 0, 0, 0}, -3.4028234e38f));
  ASSERT_TRUE(m.set_value(Target::Bias, {1}, 1.0f / 3.0f));
  m.select(2, 3, 2);
  m.timeline().steps_per_second = 7.5f;
  m.timeline().scrub(5);
  round_trip(m, SessionShell{ViewId::Overlap, Presenter{1.25f, true, false, false}});

  // Unbatched keeps the batch size it had for when batch comes back.
  p.unbatched = true;
  ASSERT_TRUE(m.set_params(p)) << m.error();
  round_trip(m, SessionShell{});
}

TEST(StudioSession, FilesRoundTripAndWritesAreAtomic) {
  const fs::path dir = fs::temp_directory_path() / ("tconv_session_" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  Model m;
  load(m, "d2l-stride");
  const std::string path = (dir / "lesson.json").string();
  std::string error;
  ASSERT_TRUE(save_session_file(path, m, SessionShell{}, error)) << error;
  // Only the file: the temp file was renamed over it.
  EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 1);
  Model other;
  SessionShell shell;
  ASSERT_TRUE(load_session_file(path, other, shell, error)) << error;
  expect_same_state(snapshot(m), snapshot(other));

  // Unwritable: the message names the path and the reason; the old file stays.
  EXPECT_FALSE(save_session_file((dir / "no/such/dir/x.json").string(), m, {}, error));
  EXPECT_NE(error.find("cannot write " + (dir / "no/such/dir/x.json").string() +
                       ": No such file or directory"),
            std::string::npos)
      << error;
  EXPECT_FALSE(save_session_file(dir.string(), m, {}, error));
  EXPECT_NE(error.find("it is a folder"), std::string::npos) << error;
  EXPECT_FALSE(load_session_file((dir / "missing.json").string(), other, shell, error));
  EXPECT_NE(
      error.find("cannot read " + (dir / "missing.json").string() + ": No such file or directory"),
      std::string::npos)
      << error;
  fs::remove_all(dir);
}

// [SECTION] Refused files.
class StudioSessionErrors : public ::testing::Test {
 protected:
  void SetUp() override {
    load(m_, "groups");  // 4 channels, 2 groups: selections can be wrong
    m_.select(0, 3, 2);
    m_.timeline().scrub(7);
    good_ = json::parse(session_json(m_, shell_));
  }
  // The mutated file must be refused with a message matching `pattern`, and
  // the model and shell part must be exactly as they were.
  void expect_refused(const std::string& text, const std::string& pattern) {
    const Snapshot before = snapshot(m_);
    SessionShell shell = shell_;
    std::string error;
    EXPECT_FALSE(load_session_text(text, "lesson.json", m_, shell, error));
    EXPECT_TRUE(std::regex_search(error, std::regex(pattern))) << error;
    EXPECT_EQ(error.rfind("lesson.json: ", 0), 0u) << error;  // names the file first
    EXPECT_EQ(error.find('\n'), std::string::npos) << error;  // one line
    expect_unchanged(before, snapshot(m_));
    EXPECT_EQ(shell, shell_);
  }
  void expect_refused(const std::function<void(json&)>& edit, const std::string& pattern) {
    json j = good_;
    edit(j);
    expect_refused(j.dump(), pattern);
  }
  Model m_;
  SessionShell shell_{ViewId::Scatter, Presenter{1.5f, false, true, false}};
  json good_;
};

TEST_F(StudioSessionErrors, GoodFileLoads) {
  Model other;
  SessionShell shell;
  std::string error;
  EXPECT_TRUE(load_session_text(good_.dump(), "lesson.json", other, shell, error)) << error;
}

TEST_F(StudioSessionErrors, MalformedJsonGivesTheBytePosition) {
  expect_refused("{\"tconv_studio_session\": 1,\n  \"name\": oops}",
                 "malformed JSON at byte 39: .*syntax error");
  expect_refused("", "malformed JSON at byte 1");
  expect_refused("[1, 2]", "expected a JSON object at the top level, got \\[1,2\\]");
}

TEST_F(StudioSessionErrors, NotASessionOrAnotherVersion) {
  expect_refused("{\"name\": \"d2l-basic\", \"params\": {}}",
                 "not a tconv-studio session \\(no \"tconv_studio_session\" key\\)");
  expect_refused([](json& j) { j["tconv_studio_session"] = 2; },
                 "session format version 2 is not supported \\(this build reads version 1\\)");
  expect_refused([](json& j) { j["tconv_studio_session"] = "1"; },
                 "session format version \"1\" is not supported");
}

TEST_F(StudioSessionErrors, MissingAndUnknownKeys) {
  expect_refused([](json& j) { j.erase("weight"); }, "missing key \"weight\"$");
  expect_refused([](json& j) { j.erase("presenter"); }, "missing key \"presenter\"");
  expect_refused([](json& j) { j["strides"] = 2; },
                 "unknown key \"strides\" \\(expected: tconv_studio_session, name, .*\\)");
  expect_refused([](json& j) { j["params"].erase("dilation"); },
                 "missing key \"dilation\" in \"params\"");
  expect_refused([](json& j) { j["params"]["padding_mode"] = "zeros"; },
                 "unknown key \"padding_mode\" in \"params\"");
  expect_refused([](json& j) { j["selection"].erase("c_in"); },
                 "missing key \"c_in\" in \"selection\"");
  expect_refused([](json& j) { j["presenter"]["zoom"] = 2; },
                 "unknown key \"zoom\" in \"presenter\"");
}

TEST_F(StudioSessionErrors, ValuesThatDoNotFitTheParameters) {
  expect_refused([](json& j) { j["weight"] = json::parse("[[0, 1], [2, 3]]"); },
                 "\"weight\" values of size \\[2, 2\\] do not fit the weight's size "
                 "\\[4, 2, 2, 2\\] \\(in_channels, out_channels / groups, kH, kW\\)");
  expect_refused([](json& j) { j["params"]["in_channels"] = 2; },
                 "\"input\" values of size \\[1, 4, 3, 3\\] do not fit the input's size "
                 "\\[1, 2, 3, 3\\]");
  expect_refused([](json& j) { j["input"][0][0][0] = json::parse("[1, 2]"); },
                 "rows of different lengths \\(2 and 3\\)");
  expect_refused([](json& j) { j["input"][0][0][0][0] = 1e39; }, "1e\\+39 is not a finite float32");
  expect_refused([](json& j) { j["input"] = "arange"; },
                 "\"input\" must be nested lists of numbers, got \"arange\"");
  expect_refused([](json& j) { j["params"]["bias"] = true; },
                 "\"bias\" is null but params.bias is true");
  expect_refused([](json& j) { j["bias"] = json::parse("[1, 2, 3, 4]"); },
                 "\"bias\" values given but params.bias is false");
}

TEST_F(StudioSessionErrors, CombinationsPyTorchRejectsGiveItsMessage) {
  expect_refused([](json& j) { j["params"]["output_padding"] = json::parse("[2, 2]"); },
                 "output padding must be smaller than either stride or dilation, but got "
                 "output_padding_height: 2 output_padding_width: 2 stride_height: 1 "
                 "stride_width: 1 dilation_height: 1 dilation_width: 1");
  expect_refused([](json& j) { j["params"]["groups"] = 3; },
                 "in_channels must be divisible by groups");
  expect_refused([](json& j) { j["params"]["stride"] = json::parse("[1, 2, 3]"); },
                 "expected stride to be a single integer value or a list of 2 values");
  expect_refused([](json& j) { j["input_size"] = json::parse("[300, 3]"); },
                 "in_h=300 is above the studio's limit of 256");
}

TEST_F(StudioSessionErrors, ShellPartOutOfRange) {
  expect_refused([](json& j) { j["step"] = 36; },
                 "\"step\" 36 is out of range: this state \\(C_in·H·W steps\\) has 36 "
                 "\\(0..35\\)");
  expect_refused([](json& j) { j["step"] = -1; }, "\"step\" -1 is out of range");
  expect_refused([](json& j) { j["step"] = 1.5; }, "\"step\" must be an integer, got 1.5");
  expect_refused([](json& j) { j["selection"]["c_out"] = 4; },
                 "\"selection.c_out\" 4 is out of range: out_channels has 4 \\(0..3\\)");
  expect_refused([](json& j) { j["selection"]["c_in"] = 0; },
                 "\"selection\": c_in 0 is in group 0 but c_out 3 is in group 1 \\(groups=2\\)");
  expect_refused([](json& j) { j["view"] = "matrixx"; }, "\"view\": unknown view \"matrixx\"");
  expect_refused([](json& j) { j["preset_view"] = 3; }, "\"preset_view\": expected null");
  expect_refused([](json& j) { j["steps_per_second"] = 0; },
                 "\"steps_per_second\" must be a number in \\(0, 1000\\], got 0");
  expect_refused([](json& j) { j["presenter"]["font_scale"] = 4; },
                 "\"presenter.font_scale\" must be a number in 1.0..3.0, got 4");
  expect_refused([](json& j) { j["presenter"]["theme"] = "sepia"; },
                 "\"presenter.theme\" must be \"dark\" or \"light\", got \"sepia\"");
  expect_refused([](json& j) { j["presenter"]["fullscreen"] = 1; },
                 "\"presenter.fullscreen\" must be true or false, got 1");
  expect_refused([](json& j) { j["batch"] = 0; }, "batch=0 is below the studio's minimum of 1");
  expect_refused(
      [](json& j) {
        j["unbatched"] = true;
        j["batch"] = -2;
      },
      "\"batch\" must be >= 1, got -2");
}

}  // namespace
}  // namespace studio
