// tconv forward / conv: values, shapes and number printing, from d2l's worked
// examples to every golden fixture fed through the binary.
#include <cmath>
#include <map>

#include "cli_testing.h"

namespace cli_test {
namespace {

const std::vector<std::string> kMethods{"scatter", "matrix", "flip", "gemm"};

// d2l's three transposed-convolution results for X, K (no bias).
struct Example {
  const char* name;
  json args;
  json expected;  // unbatched (C = 1) output plane
};
const std::vector<Example>& examples() {
  static const std::vector<Example> e{
      {"plain", json::object(), {{0, 0, 1}, {0, 4, 6}, {4, 12, 9}}},
      {"padding 1", {{"padding", 1}}, {{4}}},
      {"stride 2", {{"stride", 2}}, {{0, 0, 0, 1}, {0, 0, 2, 3}, {0, 2, 0, 3}, {4, 6, 6, 9}}},
  };
  return e;
}

json spec_for(const Example& e, const std::string& method, bool batched) {
  json s = e.args;
  s["input"] = batched ? json{{kX}} : json{kX};
  s["weight"] = {{kK}};
  s["method"] = method;
  return s;
}

TEST(CliForward, D2lExamplesByEveryMethodBatched) {
  for (const auto& e : examples()) {
    for (const auto& m : kMethods) {
      SCOPED_TRACE(std::string(e.name) + " by " + m);
      const json j = ok_json(run_spec("forward", spec_for(e, m, true)));
      EXPECT_EQ(j["shape"], json({1, 1, e.expected.size(), e.expected[0].size()}));
      EXPECT_EQ(flat(j["output"]), flat(e.expected));
      EXPECT_EQ(j["output"], json{{e.expected}});  // nesting follows the shape
    }
  }
}

TEST(CliForward, UnbatchedInputGivesUnbatchedOutput) {
  for (const auto& e : examples()) {
    for (const auto& m : kMethods) {
      SCOPED_TRACE(std::string(e.name) + " by " + m);
      const json j = ok_json(run_spec("forward", spec_for(e, m, false)));
      EXPECT_EQ(j["shape"], json({1, e.expected.size(), e.expected[0].size()}));
      EXPECT_EQ(j["output"], json{e.expected});
    }
  }
}

TEST(CliForward, KeysAreInShapeOutputOrderAndIntegersPrintAsFloats) {
  const Result r = run_spec("forward", spec_for(examples()[0], "gemm", false));
  EXPECT_EQ(r.out,
            "{\"shape\":[1,3,3],\"output\":[[[0.0,0.0,1.0],[0.0,4.0,6.0],[4.0,12.0,9.0]]]}\n");
}

TEST(CliForward, SpecFileAndStdinGiveTheSameOutput) {
  const Result from_file = run({"forward", data_path("d2l_stride2.json")});
  std::ifstream f(data_path("d2l_stride2.json"));
  std::stringstream text;
  text << f.rdbuf();
  const Result from_stdin = run({"forward", "-"}, text.str());
  const json j = ok_json(from_file);
  EXPECT_EQ(j["output"], json{{examples()[2].expected}});
  EXPECT_EQ(from_file.out, from_stdin.out);
  EXPECT_EQ(from_stdin.status, 0);
}

TEST(CliForward, FloatsPrintShortestAndRoundTripAsFloat32) {
  // 0.1 and 1/3 are not exact in float32: they must print as the shortest
  // text that reads back as the same float32, not as %.9g's 0.100000001.
  const float third = 1.f / 3.f;
  const json spec = {
      {"input", {{{0.1, static_cast<double>(third)}}}}, {"weight", {{{{1}}}}}, {"bias", {0.0}}};
  const Result r = run_spec("forward", spec);
  EXPECT_NE(r.out.find("[[[0.1,0.33333334]]]"), std::string::npos) << r.out;
  const json j = ok_json(r);
  EXPECT_EQ(static_cast<float>(j["output"][0][0][1].get<double>()), third);
}

TEST(CliForward, BiasIsAddedAndNullMeansNone) {
  json spec = spec_for(examples()[1], "scatter", true);
  spec["bias"] = {0.5};
  EXPECT_EQ(ok_json(run_spec("forward", spec))["output"], json({{{{4.5}}}}));
  spec["bias"] = nullptr;
  EXPECT_EQ(ok_json(run_spec("forward", spec))["output"], json({{{{4.0}}}}));
}

TEST(CliForward, OutputSizePicksTheOutputPadding) {
  // stride 2 reaches 4 or 5 per axis; 5 adds a zero row/column bottom/right.
  json spec = spec_for(examples()[2], "flip", false);
  spec["output_size"] = {5, 5};
  const json j = ok_json(run_spec("forward", spec));
  EXPECT_EQ(j["shape"], json({1, 5, 5}));
  EXPECT_EQ(j["output"][0][4], json({0, 0, 0, 0, 0}));
  EXPECT_EQ(j["output"][0][3], json({4, 6, 6, 9, 0}));
}

TEST(CliForward, ZeroBatchThroughInputShape) {
  const json spec = {
      {"input", json::array()}, {"input_shape", {0, 1, 2, 2}}, {"weight", {{kK}}}, {"stride", 2}};
  const json j = ok_json(run_spec("forward", spec));
  EXPECT_EQ(j["shape"], json({0, 1, 4, 4}));
  EXPECT_EQ(j["output"], json::array());
}

TEST(CliConv, D2lCorr2dAndPaddingStrings) {
  // d2l's corr2d: X = arange(9) as 3 × 3, K = [[0, 1], [2, 3]].
  const json x = {{{{0, 1, 2}, {3, 4, 5}, {6, 7, 8}}}};
  json j = ok_json(run_spec("conv", {{"input", x}, {"weight", {{kK}}}}));
  EXPECT_EQ(j["output"], json({{{{19, 25}, {37, 43}}}}));
  j = ok_json(run_spec("conv", {{"input", x}, {"weight", {{kK}}}, {"padding", "valid"}}));
  EXPECT_EQ(j["shape"], json({1, 1, 2, 2}));
  j = ok_json(run_spec("conv", {{"input", x}, {"weight", {{kK}}}, {"padding", "same"}}));
  EXPECT_EQ(j["shape"], json({1, 1, 3, 3}));
  EXPECT_EQ(j["output"][0][0][0], json({19, 25, 10}));  // 'same' pads the extra on the right
}

TEST(CliConv, ConvOfTheTransposedOutputTakesTheShapeBack) {
  // The direct conv with the same kernel/stride maps 4 × 4 back to 2 × 2.
  const json t = ok_json(run_spec("forward", spec_for(examples()[2], "gemm", true)));
  const json j =
      ok_json(run_spec("conv", {{"input", t["output"]}, {"weight", {{kK}}}, {"stride", 2}}));
  EXPECT_EQ(j["shape"], json({1, 1, 2, 2}));
}

// ---- the golden fixtures (PyTorch 1.13) through the binary.

json load_golden(const std::string& name) {
  std::ifstream f(std::string(TCONV_GOLDEN_DIR) + "/" + name);
  return json::parse(f);
}

// A fixture case minus its bookkeeping keys is a spec.
json spec_of(json c) {
  for (const char* k :
       {"id", "source", "note", "call", "output", "output_shape", "resolved_output_padding",
        "error", "error_type", "module_constructor_error"})
    c.erase(k);
  return c;
}

// |a - b| <= 1e-5 · max(1, max |ref|), as the golden test holds the core.
void expect_close(const json& got, const json& ref, const std::string& id) {
  const auto a = flat(got), b = flat(ref);
  ASSERT_EQ(a.size(), b.size()) << id;
  double scale = 1, worst = 0;
  for (size_t i = 0; i < b.size(); ++i) {
    scale = std::max(scale, std::fabs(b[i]));
    worst = std::max(worst, std::fabs(a[i] - b[i]));
  }
  EXPECT_LE(worst, 1e-5 * scale) << id;
}

TEST(CliGolden, ConvTranspose2dValidCasesMatchTorch) {
  const json g = load_golden("conv_transpose2d_valid.json");
  size_t i = 0;
  for (const json& c : sampled(g["cases"])) {
    json spec = spec_of(c);
    spec["method"] = kMethods[i++ % kMethods.size()];  // every method sees a quarter
    const json j = ok_json(run_spec("forward", spec));
    const std::string id = c["id"].get<std::string>() + " by " + spec["method"].get<std::string>();
    EXPECT_EQ(j["shape"], c["output_shape"]) << id;
    expect_close(j["output"], c["output"], id);
  }
  EXPECT_GT(i, 100u);  // even sampled
}

TEST(CliGolden, ConvTranspose2dInvalidCasesGiveTorchsMessage) {
  const json g = load_golden("conv_transpose2d_invalid.json");
  for (const json& c : sampled(g["cases"])) {
    SCOPED_TRACE(c["id"].get<std::string>());
    expect_error(run_spec("forward", spec_of(c)),
                 {"tconv: error: <stdin>: " + c["error"].get<std::string>() + "\n"});
  }
  for (const json& c : g["pair_from_list"]) {
    const json spec = {{"input_shape", {1, 1, 3, 3}},
                       {"weight_shape", {1, 1, 2, 2}},
                       {c["name"].get<std::string>(), c["values"]}};
    const Result r = run_spec("forward", spec);
    const std::string name = c["name"];
    if (c.contains("error"))
      expect_error(r, {"<stdin>: " + c["error"].get<std::string>() + "\n"});
    else  // accepted as a pair (the geometry may still be invalid for this input)
      EXPECT_EQ(r.err.find("expected " + name + " to be"), std::string::npos) << r.err;
  }
}

TEST(CliGolden, Conv2dCasesMatchTorch) {
  const json g = load_golden("conv2d.json");
  for (const json& c : sampled(g["valid"])) {
    const json j = ok_json(run_spec("conv", spec_of(c)));
    EXPECT_EQ(j["shape"], c["output_shape"]) << c["id"];
    expect_close(j["output"], c["output"], c["id"].get<std::string>());
  }
  for (const json& c : sampled(g["invalid"])) {
    SCOPED_TRACE(c["id"].get<std::string>());
    expect_error(run_spec("conv", spec_of(c)),
                 {"tconv: error: <stdin>: " + c["error"].get<std::string>() + "\n"});
  }
}

}  // namespace
}  // namespace cli_test
