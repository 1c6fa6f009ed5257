// Presets: every shipped file loads and shows what PyTorch computes (the
// d2l and conv_arithmetic numbers written out), and broken files are
// reported by name without touching the model.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "storage.h"
#include "studio_testing.h"

namespace studio {
namespace {

using studio::testing::core_output;
using studio::testing::expect_near_arrays;
using studio::testing::load;
using studio::testing::plane;
using studio::testing::presets_dir;
using Plane = std::vector<std::vector<float>>;

const std::vector<std::string> kPresetNames = {
    "big-128",
    "big-64",
    "ca-arbitrary-padding",
    "ca-full-padding",
    "ca-half-padding",
    "ca-no-padding-no-strides",
    "ca-no-padding-strides",
    "ca-padding-strides",
    "ca-padding-strides-odd",
    "d2l-basic",
    "d2l-padding",
    "d2l-stride",
    "dcgan",
    "dilated",
    "fw-onnx-same-upper-lower",
    "fw-tf-same-k3s2",
    "fw-tf-same-k4s2",
    "groups",
    "kernel2matrix",
    "round-trip",
    "stride-gt-kernel",
};

TEST(StudioPresets, LibraryListsEveryPresetSortedWithoutErrors) {
  const PresetLibrary lib = load_preset_dir(presets_dir());
  EXPECT_TRUE(lib.errors.empty()) << lib.errors.front();
  std::vector<std::string> names;
  for (const auto& p : lib.presets) {
    names.push_back(p.name);
    EXPECT_FALSE(p.title.empty()) << p.name;
    EXPECT_FALSE(p.description.empty()) << p.name;
    // The shell lists presets by file name: the two must agree.
    EXPECT_EQ(std::filesystem::path(p.origin).stem().string(), p.name);
  }
  EXPECT_EQ(names, kPresetNames);
  ASSERT_NE(lib.find("dcgan"), nullptr);
  EXPECT_EQ(lib.find("nope"), nullptr);
}

TEST(StudioPresets, EveryPresetLoadsAndMatchesCore) {
  for (const auto& name : kPresetNames) {
    SCOPED_TRACE(name);
    Model m;
    load(m, name);
    EXPECT_EQ(m.preset_name(), name);
    EXPECT_TRUE(m.error().empty());
    EXPECT_EQ(m.pending(), m.params());
    const auto& geo = m.records().geo;
    EXPECT_EQ(m.records().output.shape, geo.output_shape());
    expect_near_arrays(m.records().output, core_output(m));
    EXPECT_EQ(m.timeline().count, m.step_count());
    EXPECT_TRUE(m.frameworks().error.empty()) << m.frameworks().error;
  }
}

TEST(StudioPresets, D2lSeedValues) {
  Model m;
  load(m, "d2l-basic");
  EXPECT_EQ(plane(m.records().output), (Plane{{0, 0, 1}, {0, 4, 6}, {4, 12, 9}}));
  EXPECT_EQ(m.preset_view(), ViewId::Scatter);
  EXPECT_EQ(m.timeline().step, 0);

  load(m, "d2l-padding");
  EXPECT_EQ(plane(m.records().output), (Plane{{4}}));

  load(m, "d2l-stride");
  EXPECT_EQ(plane(m.records().output),
            (Plane{{0, 0, 0, 1}, {0, 0, 2, 3}, {0, 2, 0, 3}, {4, 6, 6, 9}}));
}

TEST(StudioPresets, BuiltInDefaultIsTheD2lBasicFile) {
  const Model built_in;
  Model m;
  load(m, "d2l-basic");
  EXPECT_EQ(built_in.params(), m.params());
  EXPECT_EQ(built_in.problem().input.data, m.problem().input.data);
  EXPECT_EQ(built_in.problem().weight.data, m.problem().weight.data);
  EXPECT_EQ(built_in.preset_title(), m.preset_title());
  EXPECT_EQ(built_in.preset_description(), m.preset_description());
  EXPECT_EQ(built_in.preset_view(), m.preset_view());
}

TEST(StudioPresets, StrideGreaterThanKernelLeavesZeroBands) {
  Model m;
  load(m, "stride-gt-kernel");
  EXPECT_EQ(plane(m.records().output), (Plane{{1, 2, 0, 0, 2, 4},
                                              {0, 1, 0, 0, 0, 2},
                                              {0, 0, 0, 0, 0, 0},
                                              {0, 0, 0, 0, 0, 0},
                                              {3, 6, 0, 0, 4, 8},
                                              {0, 3, 0, 0, 0, 4}}));
}

TEST(StudioPresets, Kernel2MatrixIsTheTransposeOfD2lsConv) {
  Model m;
  load(m, "kernel2matrix");
  // Y = [[27, 37], [57, 67]] (d2l: corr2d(arange(9), K)) through Wᵀ.
  EXPECT_EQ(plane(m.records().output), (Plane{{27, 91, 74}, {138, 400, 282}, {171, 429, 268}}));
  EXPECT_EQ(m.records().matrix.rows(), 4);
  EXPECT_EQ(m.records().matrix.cols(), 9);
  EXPECT_EQ(m.preset_view(), ViewId::Matrix);
}

TEST(StudioPresets, ConvArithmeticOutputSizes) {
  const std::vector<std::pair<std::string, int64_t>> cases = {
      {"ca-no-padding-no-strides", 4}, {"ca-arbitrary-padding", 5},  {"ca-half-padding", 5},
      {"ca-full-padding", 5},          {"ca-no-padding-strides", 5}, {"ca-padding-strides", 5},
      {"ca-padding-strides-odd", 6}};
  for (const auto& [name, size] : cases) {
    SCOPED_TRACE(name);
    Model m;
    load(m, name);
    EXPECT_EQ(m.records().output.shape, (tconv::Shape{1, 1, size, size}));
    EXPECT_EQ(m.preset_view(), ViewId::Flip);
  }
}

// The ca-* presets use arange kernels, so K and K rotated differ at a
// glance; values from torch 1.13 (F.conv_transpose2d of arange input and
// arange weight).
TEST(StudioPresets, ConvArithmeticKernelsShowTheirRotation) {
  Model m;
  load(m, "ca-no-padding-no-strides");
  EXPECT_EQ(plane(m.problem().weight), (Plane{{0, 1, 2}, {3, 4, 5}, {6, 7, 8}}));
  EXPECT_EQ(plane(m.records().output),
            (Plane{{0, 0, 1, 2}, {0, 5, 11, 11}, {6, 23, 29, 23}, {12, 32, 37, 24}}));
  load(m, "ca-padding-strides-odd");
  EXPECT_EQ(plane(m.records().output), (Plane{{0, 3, 4, 11, 8, 10},
                                              {3, 12, 11, 28, 19, 26},
                                              {12, 27, 16, 35, 20, 25},
                                              {27, 60, 35, 76, 43, 56},
                                              {24, 51, 28, 59, 32, 40},
                                              {42, 90, 49, 104, 56, 64}}));
  load(m, "ca-no-padding-strides");
  EXPECT_EQ(plane(m.records().output), (Plane{{0, 0, 0, 1, 2},
                                              {0, 0, 3, 4, 5},
                                              {0, 2, 10, 10, 14},
                                              {6, 8, 19, 12, 15},
                                              {12, 14, 34, 21, 24}}));
}

TEST(StudioPresets, OtherShapes) {
  const std::vector<std::pair<std::string, tconv::Shape>> cases = {
      {"dcgan", {1, 2, 8, 8}},        {"groups", {1, 4, 4, 4}},     {"dilated", {1, 1, 8, 8}},
      {"round-trip", {1, 1, 16, 16}}, {"big-64", {1, 1, 130, 130}}, {"big-128", {1, 1, 258, 258}}};
  for (const auto& [name, shape] : cases) {
    SCOPED_TRACE(name);
    Model m;
    load(m, name);
    EXPECT_EQ(m.records().output.shape, shape);
  }
  Model m;
  load(m, "groups");
  EXPECT_EQ(m.params().groups, 2);
  EXPECT_EQ(m.problem().weight.shape, (tconv::Shape{4, 2, 2, 2}));
  load(m, "dilated");
  // output_padding 1 at stride 1 is allowed because dilation is 2.
  EXPECT_EQ(m.params().output_padding, tconv::Pair(1));
  EXPECT_EQ(m.params().stride, tconv::Pair(1));
}

TEST(StudioPresets, RandomPresetFillsAreIntegersAndRepeatable) {
  Model a, b;
  load(a, "dcgan");
  load(b, "dcgan");
  EXPECT_EQ(a.problem().input.data, b.problem().input.data);
  for (float v : a.problem().weight.data) {
    EXPECT_EQ(v, std::round(v));
    EXPECT_GE(v, -3.f);
    EXPECT_LE(v, 3.f);
  }
}

// [SECTION] Broken presets.
class StudioPresetErrors : public ::testing::Test {
 protected:
  void SetUp() override {
    load(m, "d2l-stride");
    before_params = m.params();
    before_output = m.records().output.data;
    before_revision = m.revision();
  }
  void expect_unchanged() {
    EXPECT_EQ(m.params(), before_params);
    EXPECT_EQ(m.pending(), before_params);
    EXPECT_EQ(m.records().output.data, before_output);
    EXPECT_EQ(m.revision(), before_revision);
    EXPECT_EQ(m.preset_name(), "d2l-stride");
  }
  Model m;
  Params before_params;
  std::vector<float> before_output;
  uint64_t before_revision = 0;
};

TEST_F(StudioPresetErrors, MalformedJsonNamesFileAndByte) {
  EXPECT_FALSE(m.load_preset_json("{\n  \"name\": \"x\",\n  \"params\": {\n", "broken.json"));
  EXPECT_NE(m.error().find("broken.json: malformed JSON at byte "), std::string::npos) << m.error();
  EXPECT_NE(m.error().find("parse error"), std::string::npos) << m.error();
  expect_unchanged();
}

TEST_F(StudioPresetErrors, StructuralProblemsAreNamed) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"({"title": "no name"})", "missing \"name\""},
      {R"({"name": "x", "params": {"strides": 2}})", "unknown key \"strides\" in \"params\""},
      {R"({"name": "x", "colour": 1})", "unknown key \"colour\""},
      {R"({"name": "x", "params": {"stride": 1.5}})", "\"stride\" must be an integer"},
      {R"({"name": "x", "params": {"stride": [1, 2, 3]}})",
       "expected stride to be a single integer value or a list of 2 values to match the "
       "convolution dimensions, but got stride=[1, 2, 3]"},
      {R"({"name": "x", "input": [[1, 2], [3]]})", "rows of different lengths"},
      {R"({"name": "x", "input": [[1, 2, 3], [4, 5, 6]]})",
       "\"input\" values of size [2, 3] do not fit the input's size [1, 1, 2, 2]"},
      {R"({"name": "x", "weight": "zeros"})", "unknown fill \"zeros\""},
      {R"({"name": "x", "view": "sideways"})", "unknown view \"sideways\""},
      {R"({"name": "x", "bias": [1]})", "params.bias is false"},
      {R"([1, 2])", "expected a JSON object"},
      {R"({"name": "x", "input": [[1, 2], [3, 1e39]]})", "1e+39 is not a finite float32"},
      {R"({"name": "x", "input": [[1, 2], [3, 1e999]]})", "malformed JSON: "},
  };
  for (const auto& [text, message] : cases) {
    SCOPED_TRACE(text);
    EXPECT_FALSE(m.load_preset_json(text, "p.json"));
    EXPECT_EQ(m.error().rfind("p.json: ", 0), 0u) << m.error();
    EXPECT_NE(m.error().find(message), std::string::npos) << m.error();
    expect_unchanged();
  }
}

TEST_F(StudioPresetErrors, ParamsPyTorchRejectsGiveItsMessage) {
  EXPECT_FALSE(m.load_preset_json(R"({"name": "x", "params": {"stride": 2, "output_padding": 2}})",
                                  "op.json"));
  EXPECT_NE(m.error().find("op.json: output padding must be smaller than either stride or "
                           "dilation, but got output_padding_height: 2"),
            std::string::npos)
      << m.error();
  expect_unchanged();
}

TEST_F(StudioPresetErrors, HugeSizesAreRefusedBeforeAllocating) {
  EXPECT_FALSE(m.load_preset_json(R"({"name": "x", "input_size": [100000, 100000]})", "h.json"));
  EXPECT_NE(m.error().find("in_h=100000 is above the studio's limit of 256"), std::string::npos)
      << m.error();
  expect_unchanged();
}

TEST(StudioPresetDir, SkipsBrokenFilesAndReportsThem) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("tconv_presets_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir / "b-good.json") << R"({"name": "b-good", "params": {"stride": 2}})";
  std::ofstream(dir / "a-broken.json") << R"({"name": "a-broken",)";
  std::ofstream(dir / "c-invalid.json") << R"({"name": "c", "params": {"groups": 0}})";
  std::ofstream(dir / "notes.txt") << "not a preset";
  const PresetLibrary lib = load_preset_dir(dir);
  ASSERT_EQ(lib.presets.size(), 1u);
  EXPECT_EQ(lib.presets[0].name, "b-good");
  ASSERT_EQ(lib.errors.size(), 2u);
  EXPECT_NE(lib.errors[0].find("a-broken.json: malformed JSON"), std::string::npos);
  EXPECT_NE(lib.errors[1].find("c-invalid.json: groups must be a positive integer"),
            std::string::npos);
  fs::remove_all(dir);

  const PresetLibrary none = load_preset_dir(dir);
  EXPECT_TRUE(none.presets.empty());
  ASSERT_EQ(none.errors.size(), 1u);
  EXPECT_NE(none.errors[0].find("presets folder not found"), std::string::npos);
}

TEST(StudioPresetDir, AssetsDirFromEnvironmentThenFallbacks) {
  namespace fs = std::filesystem;
  const char* old = std::getenv("TCONV_ASSETS");
  const std::string saved = old ? old : "";
  ::setenv("TCONV_ASSETS", TCONV_ASSETS_DIR, 1);
  EXPECT_TRUE(fs::equivalent(platform::find_assets_dir(), TCONV_ASSETS_DIR));
  // A wrong variable is skipped, not fatal: the build tree still finds the
  // source assets.
  ::setenv("TCONV_ASSETS", "/nonexistent/tconv", 1);
  const fs::path found = platform::find_assets_dir();
  ASSERT_FALSE(found.empty());
  EXPECT_TRUE(fs::is_directory(found / "presets"));
  if (old)
    ::setenv("TCONV_ASSETS", saved.c_str(), 1);
  else
    ::unsetenv("TCONV_ASSETS");
}

}  // namespace
}  // namespace studio
