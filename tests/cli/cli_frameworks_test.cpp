// The "convention" key and `tconv translate`, through the binary: every
// framework fixture, the classic traps' JSON, the scripts, and every misuse
// exiting 2 with one line.
#include <cmath>
#include <fstream>

#include "cli_testing.h"

namespace cli_test {
namespace {

const json& fixtures() {
  static const json j = [] {
    std::ifstream f(std::string(TCONV_GOLDEN_DIR) + "/frameworks.json");
    return json::parse(f);
  }();
  return j;
}

json fixture_spec(const json& c) {
  json s = c;
  for (const char* k : {"id", "shape", "output", "source", "error"}) s.erase(k);
  return s;
}

json frameworks_spec(const std::string& name) {
  std::ifstream f(data_path("frameworks/" + name + ".json"));
  return json::parse(f);
}

// [SECTION] forward with a convention.

TEST(CliConvention, EveryFrameworkFixtureThroughForward) {
  for (const char* convention : {"tensorflow", "onnx", "jax"}) {
    for (const json& c : sampled(fixtures()[convention]["valid"])) {
      SCOPED_TRACE(std::string(convention) + " " + c["id"].get<std::string>());
      const json j = ok_json(run_spec("forward", fixture_spec(c)));
      EXPECT_EQ(j["shape"], c["shape"]);
      const std::vector<double> got = flat(j["output"]), want = flat(c["output"]);
      ASSERT_EQ(got.size(), want.size());
      double scale = 1, worst = 0;
      for (double v : want) scale = std::max(scale, std::abs(v));
      for (size_t i = 0; i < got.size(); ++i) worst = std::max(worst, std::abs(got[i] - want[i]));
      EXPECT_LE(worst, 1e-5 * scale);
    }
  }
}

TEST(CliConvention, TensorFlowRefusalsExit2WithTheirMessage) {
  for (const json& c : fixtures()["tensorflow"]["invalid"]) {
    SCOPED_TRACE(c["id"].get<std::string>());
    expect_error(run_spec("forward", fixture_spec(c)), {c["error"].get<std::string>()});
  }
}

TEST(CliConvention, PyTorchIsTheDefaultAndMayBeNamed) {
  json s = {{"input", {{kX}}}, {"weight", {{kK}}}, {"stride", 2}};
  const Result plain = run_spec("forward", s);
  s["convention"] = "pytorch";
  EXPECT_EQ(run_spec("forward", s).out, plain.out);
  EXPECT_EQ(ok_json(run_spec("matrix", s))["shape"], json({4, 16}));
  EXPECT_EQ(ok_json(plain)["shape"], json({1, 1, 4, 4}));
}

TEST(CliConvention, BadConventionsAndKeys) {
  json tf = frameworks_spec("tf_same_k3_s2");
  expect_error(run_spec("forward", json{{"convention", "tf"}}),
               {"unknown convention 'tf' (expected pytorch, tensorflow, onnx or jax)"});
  expect_error(run_spec("forward", json{{"convention", 3}}),
               {"convention must be a string (expected pytorch, tensorflow, onnx or jax), got 3"});
  json typo = tf;
  typo["filter"] = typo["filters"];
  typo.erase("filters");
  expect_error(run_spec("forward", typo), {"unknown key 'filter'; did you mean 'filters'?"});
  json onnx = {
      {"convention", "onnx"}, {"X_shape", {1, 1, 2, 2}}, {"W_shape", {1, 1, 2, 2}}, {"pads", 1}};
  expect_error(run_spec("forward", onnx), {"pads must be a list of integers, got 1"});
  json jax = {{"convention", "jax"},
              {"lhs_shape", {1, 2, 2, 1}},
              {"rhs_shape", {2, 2, 1, 1}},
              {"padding", "SAME"}};
  expect_error(run_spec("forward", jax),
               {"missing key 'strides' (lax.conv_transpose requires it)"});
  jax["strides"] = {1, 1};
  jax["padding"] = {{0, 1}};
  expect_error(run_spec("forward", jax),
               {"Wrong number of explicit pads for convolution: expected 2, got 1."});
  jax["padding"] = {{0, 1, 2}, {0, 0}};
  expect_error(run_spec("forward", jax), {"padding[0] must be a [low, high] pair, got [0,1,2]"});
  // PyTorch-only commands name the way out.
  for (const char* cmd : {"matrix", "steps"})
    expect_error(run_spec(cmd, tf), {"this command takes PyTorch specs", "'tconv translate'"});
}

TEST(CliConvention, ShapeOnlyTensorsAndTheSizeLimit) {
  const json j = ok_json(run_spec("forward", {{"convention", "onnx"},
                                              {"X_shape", {1, 1, 3, 3}},
                                              {"W_shape", {1, 2, 3, 3}},
                                              {"auto_pad", "SAME_LOWER"},
                                              {"strides", {2, 2}}}));
  EXPECT_EQ(j["shape"], json({1, 2, 6, 6}));
  expect_error(run_spec("forward", {{"convention", "jax"},
                                    {"lhs_shape", {1, 2048, 2048, 1}},
                                    {"rhs_shape", {3, 3, 1, 1}},
                                    {"strides", {2, 2}},
                                    {"padding", "SAME"}}),
               {"the output [1, 4096, 4096, 1] would have 16777216 elements; the limit is"});
}

// [SECTION] translate.

TEST(CliTranslate, TensorFlowSameK3S2IsTheShiftedTrap) {
  const json j = ok_json(run({"translate", data_path("frameworks/tf_same_k3_s2.json")}));
  EXPECT_EQ(j["convention"], "tensorflow");
  EXPECT_EQ(j["pytorch"], json({{"stride", {2, 2}},
                                {"padding", {0, 0}},
                                {"output_padding", {0, 0}},
                                {"dilation", {1, 1}},
                                {"groups", 1}}));
  EXPECT_EQ(j["after"], json({0, -1, 0, -1}));
  EXPECT_EQ(j["exact"], false);
  EXPECT_EQ(j["same_shape_shifted"], true);
  EXPECT_EQ(j["shift"]["h"], json({{"padding", 1}, {"output_padding", 1}, {"shift", 1}}));
  EXPECT_EQ(j["full"], json({9, 9}));
  EXPECT_EQ(j["window"]["h"], json({0, 8}));
  EXPECT_EQ(j["output_shape"], json({1, 8, 8, 1}));
  EXPECT_EQ(j["weight"]["permute"], json({3, 2, 0, 1}));
  EXPECT_EQ(j["weight"]["python"], "w.permute(3, 2, 0, 1)");
  EXPECT_EQ(j["input_permute"], json({0, 3, 1, 2}));
  EXPECT_NE(j["notes"][0].get<std::string>().find("keeps rows 0–7"), std::string::npos);
  EXPECT_EQ(j["frameworks"]["onnx"]["pads"], json({0, 0, 1, 1}));
  EXPECT_EQ(j["frameworks"]["onnx"]["auto_pad"]["auto_pad"], "SAME_UPPER");
  EXPECT_EQ(j["frameworks"]["jax"]["padding_mode"], "SAME");
  for (const char* fw : {"pytorch", "tensorflow", "onnx", "jax"})
    EXPECT_EQ(j["code"][fw].get<std::string>().rfind("#!/usr/bin/env python3", 0), 0u) << fw;
}

TEST(CliTranslate, OnnxSameUpperAndSameLowerWithAnOddTotal) {
  const json upper = ok_json(run({"translate", data_path("frameworks/onnx_same_upper_odd.json")}));
  const json lower = ok_json(run({"translate", data_path("frameworks/onnx_same_lower_odd.json")}));
  EXPECT_EQ(upper["window"]["h"], json({0, 6}));
  EXPECT_EQ(lower["window"]["h"], json({1, 7}));
  EXPECT_EQ(upper["exact"], false);
  EXPECT_EQ(upper["same_shape_shifted"], true);
  EXPECT_EQ(lower["exact"], true);
  EXPECT_EQ(lower["pytorch"]["padding"], json({1, 1}));
  EXPECT_EQ(lower["pytorch"]["output_padding"], json({1, 1}));
  EXPECT_EQ(lower["after"], json({0, 0, 0, 0}));
  // TensorFlow's SAME puts the odd pad at the end: no TF layer is SAME_LOWER.
  EXPECT_TRUE(lower["frameworks"]["tensorflow"].contains("none"));
  EXPECT_EQ(upper["frameworks"]["tensorflow"]["padding"], "SAME");
}

TEST(CliTranslate, FromPyTorchTheSameLayerInEveryFramework) {
  const json j = ok_json(run({"translate", data_path("frameworks/pytorch_dcgan_k4_s2_p1.json")}));
  EXPECT_EQ(j["convention"], "pytorch");
  EXPECT_EQ(j["exact"], true);
  EXPECT_EQ(j["frameworks"]["tensorflow"]["padding"], "SAME");
  EXPECT_EQ(j["frameworks"]["tensorflow"]["output_shape"], json({1, 6, 6, 1}));
  EXPECT_EQ(j["frameworks"]["tensorflow"]["keras"], json({{"output_padding", nullptr}}));
  EXPECT_EQ(j["frameworks"]["onnx"]["pads"], json({1, 1, 1, 1}));
  EXPECT_EQ(j["frameworks"]["jax"]["padding"], json({{2, 2}, {2, 2}}));
  EXPECT_EQ(j["frameworks"]["jax"]["padding_mode"], "SAME");

  const json g =
      ok_json(run({"translate", data_path("frameworks/pytorch_groups_dilated_bias.json")}));
  EXPECT_NE(g["frameworks"]["tensorflow"]["none"].get<std::string>().find("no groups"),
            std::string::npos);
  EXPECT_EQ(g["frameworks"]["jax"]["function"], "lax.conv_general_dilated");
  EXPECT_EQ(g["frameworks"]["jax"]["feature_group_count"], 2);
  EXPECT_EQ(
      g["code"]["tensorflow"].get<std::string>().rfind("# TensorFlow: no equivalent layer.", 0),
      0u);
}

TEST(CliTranslate, CodeOptionPrintsOneScript) {
  const std::string spec = data_path("frameworks/onnx_same_upper_odd.json");
  const Result r = run({"translate", "--code", "pytorch", spec});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out.rfind("#!/usr/bin/env python3", 0), 0u);
  EXPECT_NE(r.out.find("y = F.pad(y, [0, -1, 0, -1])"), std::string::npos) << r.out;
  EXPECT_EQ(r.out, ok_json(run({"translate", spec}))["code"]["pytorch"].get<std::string>());
  expect_error(run({"translate", "--code", "keras", spec}),
               {"--code takes pytorch, tensorflow, onnx or jax, got 'keras'"});
}

TEST(CliTranslate, ErrorsExit2WithOneLine) {
  expect_error(run({"translate", data_path("bad_json.json")}), {"invalid JSON at byte"});
  expect_error(run_spec("translate", {{"convention", "onnx"},
                                      {"X_shape", {1, 1, 3, 3}},
                                      {"W_shape", {1, 1, 3, 3}},
                                      {"pads", {1, 1, 1, 1}},
                                      {"auto_pad", "SAME_LOWER"}}),
               {"The pads attribute cannot be used simultaneously with auto_pad attribute"});
  expect_error(run_spec("translate", {{"input", {{kX}}}, {"weight", {{kK}}}, {"stride", 0}}),
               {"non-positive stride is not supported"});
  expect_error(run({"translate"}), {"spec is required"});
}

}  // namespace
}  // namespace cli_test
