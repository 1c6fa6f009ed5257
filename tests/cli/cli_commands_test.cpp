// tconv matrix / steps / shape / bench / --help: what each prints, checked on
// d2l's and conv_arithmetic's worked examples.
#include "cli_testing.h"

namespace cli_test {
namespace {

// ---- matrix

TEST(CliMatrix, Kernel2MatrixOfD2l) {
  // d2l's kernel2matrix(K) for K = [[1, 2], [3, 4]]: 2 × 2 input elements,
  // 3 × 3 output elements.
  const json spec = {{"input", {kX}}, {"weight", {{{{1, 2}, {3, 4}}}}}};
  const json j = ok_json(run_spec("matrix", spec));
  EXPECT_EQ(j["shape"], json({4, 9}));
  EXPECT_EQ(j["W"], json({{1, 2, 0, 3, 4, 0, 0, 0, 0},
                          {0, 1, 2, 0, 3, 4, 0, 0, 0},
                          {0, 0, 0, 1, 2, 0, 3, 4, 0},
                          {0, 0, 0, 0, 1, 2, 0, 3, 4}}));
  EXPECT_FALSE(j.contains("taps"));
}

TEST(CliMatrix, WTransposedTimesInputIsTheForwardOutput) {
  const json spec = d2l_spec({{"stride", 2}});
  const json w = ok_json(run_spec("matrix", spec))["W"];
  const auto y = flat(ok_json(run_spec("forward", spec))["output"]);
  const auto x = flat(spec["input"]);
  ASSERT_EQ(w.size(), x.size());
  ASSERT_EQ(w[0].size(), y.size());
  for (size_t col = 0; col < y.size(); ++col) {
    double sum = 0;
    for (size_t row = 0; row < x.size(); ++row) sum += w[row][col].get<double>() * x[row];
    EXPECT_EQ(sum, y[col]) << "output element " << col;
  }
}

TEST(CliMatrix, TapsNameTheWeightElementOfEachEntry) {
  const json spec = {{"input", {kX}}, {"weight", {{{{1, 2}, {3, 4}}}}}};
  const json j = ok_json(run_spec("matrix", spec, {"--taps"}));
  ASSERT_EQ(j["taps"].size(), 16u);  // 4 input elements × 4 taps
  for (const json& t : j["taps"]) {
    const int row = t["row"], col = t["col"];
    const json& tap = t["tap"];  // [c_in, c_out_local, kh, kw]
    ASSERT_EQ(tap.size(), 4u);
    EXPECT_EQ(
        t["value"],
        spec["weight"][tap[0].get<int>()][tap[1].get<int>()][tap[2].get<int>()][tap[3].get<int>()]);
    EXPECT_EQ(t["value"], j["W"][row][col]);
    // Input (ih, iw) with tap (kh, kw) lands on output (ih + kh, iw + kw).
    EXPECT_EQ(col, (row / 2 + tap[2].get<int>()) * 3 + row % 2 + tap[3].get<int>());
  }
}

TEST(CliMatrix, RefusesAboveTheDenseLimit) {
  // 1 × 64 × 64 inputs, 3 × 3 kernel: W is 4096 × 4356 = 17,842,176 entries.
  const json spec = {{"input_shape", {1, 64, 64}}, {"weight_shape", {1, 1, 3, 3}}};
  expect_error(run_spec("matrix", spec), {"W would be 4096 × 4356 = 17842176 entries",
                                          "the limit for printing it dense is 1000000"});
}

// ---- steps

TEST(CliSteps, D2lScatterStepByStep) {
  const json j = ok_json(run_spec("steps", d2l_spec()));
  EXPECT_EQ(j["shape"], json({1, 3, 3}));
  EXPECT_EQ(j["canvas"], json({3, 3}));
  EXPECT_EQ(j["crop"], json({{"top", 0}, {"left", 0}, {"height", 3}, {"width", 3}}));
  const json& s = j["steps"];
  ASSERT_EQ(s.size(), 4u);
  const json running[4] = {
      {{0, 0, 0}, {0, 0, 0}, {0, 0, 0}},
      {{0, 0, 1}, {0, 2, 3}, {0, 0, 0}},
      {{0, 0, 1}, {0, 4, 3}, {4, 6, 0}},
      {{0, 0, 1}, {0, 4, 6}, {4, 12, 9}},
  };
  for (int t = 0; t < 4; ++t) {
    SCOPED_TRACE("step " + std::to_string(t));
    EXPECT_EQ(s[t]["step"], t);
    EXPECT_EQ(s[t]["index"], json({0, t / 2, t % 2}));  // unbatched: (c_in, ih, iw)
    EXPECT_EQ(s[t]["value"], t);                        // X = [[0, 1], [2, 3]]
    EXPECT_EQ(s[t]["origin"], json({t / 2, t % 2}));    // stride 1
    EXPECT_EQ(s[t]["running_sum"], json{running[t]});   // one output channel
  }
  // The intermediate of step 3 is 3 · K at (1, 1).
  EXPECT_EQ(s[3]["intermediate"], json({{{0, 0, 0}, {0, 0, 3}, {0, 6, 9}}}));
  EXPECT_EQ(j["output"], json{running[3]});
}

TEST(CliSteps, PaddingCropsTheCanvasAndBiasIsInTheOutputOnly) {
  const json j = ok_json(run_spec("steps", d2l_spec({{"padding", 1}, {"bias", {1.5}}})));
  EXPECT_EQ(j["canvas"], json({3, 3}));
  EXPECT_EQ(j["crop"], json({{"top", 1}, {"left", 1}, {"height", 1}, {"width", 1}}));
  EXPECT_EQ(j["steps"][3]["running_sum"][0][1][1], 4.0);  // the crop window, before bias
  EXPECT_EQ(j["output"], json({{{5.5}}}));
}

TEST(CliSteps, BatchedIndexHasTheBatchAndChannels) {
  // 2 batch elements, 2 in → 3 out channels: 8 steps, 3 canvases each.
  const json spec = {{"input_shape", {2, 2, 1, 2}}, {"weight_shape", {2, 3, 1, 1}}};
  const json j = ok_json(run_spec("steps", spec));
  ASSERT_EQ(j["steps"].size(), 8u);
  EXPECT_EQ(j["steps"][5]["index"], json({1, 0, 0, 1}));  // (n, c_in, ih, iw)
  EXPECT_EQ(j["steps"][5]["intermediate"].size(), 3u);
}

TEST(CliSteps, RefusesTooManySteps) {
  const json spec = {{"input_shape", {1, 1, 64, 65}}, {"weight_shape", {1, 1, 1, 1}}};
  expect_error(run_spec("steps", spec), {"4160 steps", "limit for printing them is 4096"});
}

// ---- shape

TEST(CliShape, TextFillsInTheFormulaPerAxis) {
  const Result r = run({"shape", "--input-size", "2", "--kernel-size", "2"});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.err, "");
  for (const char* line : {"output: 3 × 3", "= (2 - 1) × 1 - 2 × 0 + 1 × (2 - 1) + 0 + 1 = 3",
                           "W_out = (2 - 1) × 1 - 2 × 0 + 1 × (2 - 1) + 0 + 1 = 3", "H_out 3..3",
                           "takes 3 × 3 to 2 × 2"})
    EXPECT_NE(r.out.find(line), std::string::npos) << line << "\n" << r.out;
}

TEST(CliShape, JsonForConvArithmeticsOddPaddingStrides) {
  // padding_strides_odd_transposed: 3 × 3 input, k 3, s 2, p 1, op 1 → 6 × 6.
  const json j = ok_json(run({"shape", "--input-size", "3", "--kernel-size", "3", "--stride", "2",
                              "--padding", "1", "--output-padding", "1", "--json"}));
  EXPECT_EQ(j["output_size"], json({6, 6}));
  EXPECT_EQ(j["formula"]["h"], "(3 - 1) × 2 - 2 × 1 + 1 × (3 - 1) + 1 + 1 = 6");
  EXPECT_EQ(j["output_padding_reaches"]["h"], json({5, 6}));
  EXPECT_EQ(j["output_size_accepts"]["w"], json({5, 6}));
  EXPECT_EQ(j["conv_back"], json({3, 3}));
  for (const char* k :
       {"input_size", "kernel_size", "stride", "padding", "output_padding", "dilation"})
    EXPECT_TRUE(j.contains(k)) << k;
}

TEST(CliShape, PerAxisValuesSpaceOrCommaSeparated) {
  const Result spaced = run({"shape", "--input-size", "3", "5", "--kernel-size", "3", "1",
                             "--stride", "2", "1", "--json"});
  const Result commas =
      run({"shape", "--input_size", "3,5", "--kernel-size", "3,1", "--stride", "2,1", "--json"});
  const json j = ok_json(spaced);
  EXPECT_EQ(j["output_size"], json({7, 5}));
  EXPECT_EQ(j["stride"], json({2, 1}));
  EXPECT_EQ(spaced.out, commas.out);
}

TEST(CliShape, DilationLetsOutputPaddingReachPastStride) {
  // output_padding < max(stride, dilation): 2 is valid with dilation 3, and
  // the direct conv then no longer maps back to the input size.
  const json j = ok_json(run({"shape", "--input-size", "2", "--kernel-size", "2", "--dilation", "3",
                              "--output-padding", "2", "--json"}));
  EXPECT_EQ(j["output_size"], json({7, 7}));
  EXPECT_EQ(j["output_padding_reaches"]["h"], json({5, 7}));
  EXPECT_EQ(j["output_size_accepts"]["h"], json({5, 5}));
  EXPECT_EQ(j["conv_back"], json({4, 4}));
}

TEST(CliShape, InvalidCombinationsGiveTorchsMessage) {
  expect_error(run({"shape", "--input-size", "2", "--kernel-size", "3", "--stride", "2",
                    "--output-padding", "2"}),
               {"output padding must be smaller than either stride or dilation, but got "
                "output_padding_height: 2 output_padding_width: 2 stride_height: 2"});
  expect_error(run({"shape", "--input-size", "2", "--kernel-size", "2", "--stride", "1", "2", "3"}),
               {"expected stride to be a single integer value or a list of 2 values to match "
                "the convolution dimensions, but got stride=[1, 2, 3]"});
  expect_error(run({"shape", "--input-size", "2", "--kernel-size", "2", "--padding", "3"}),
               {"Calculated output size per channel: (-3 x -3). Output size is too small"});
}

// ---- bench

TEST(CliBench, EveryMethodPrintsOneJsonLineWithTheKeys) {
  for (const char* m : {"scatter", "matrix", "flip", "gemm"}) {
    SCOPED_TRACE(m);
    const Result r =
        run({"bench", "--input",    "2,4,5,6", "--weight",         "4,3,3,3", "--stride",
             "2,1",   "--padding",  "1",       "--output-padding", "1,0",     "--groups",
             "2",     "--dilation", "1",       "--method",         m,         "--threads",
             "2",     "--repeat",   "3"});
    EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << r.out;
    const json j = ok_json(r);
    for (const char* k : {"median_ms", "gflops", "steps", "record_bytes"})
      EXPECT_TRUE(j.contains(k)) << k;
    EXPECT_GT(j["median_ms"].get<double>(), 0);
    EXPECT_GT(j["gflops"].get<double>(), 0);
    EXPECT_EQ(j["runs"], 3);
    EXPECT_EQ(j["macs"], 2 * 4 * 5 * 6 * 3 * 3 * 3);  // N·C_in·H·W·(C_out/g)·kH·kW
    EXPECT_EQ(j["output_shape"], json({2, 6, 10, 6}));
    if (std::string(m) == "scatter") {
      EXPECT_EQ(j["steps"], 2 * 4 * 5 * 6);  // one per input element
      EXPECT_GE(j["record_bytes"].get<int>(), 240 * 16);
    } else {
      EXPECT_EQ(j["steps"], 0);
      EXPECT_EQ(j["record_bytes"], 0);
    }
  }
}

TEST(CliBench, EmptyBatchRunsEveryMethod) {
  for (const char* m : {"scatter", "matrix", "flip", "gemm"}) {
    const json j = ok_json(run(
        {"bench", "--input", "0,1,4,4", "--weight", "1,1,2,2", "--method", m, "--repeat", "2"}));
    EXPECT_EQ(j["output_shape"], json({0, 1, 5, 5})) << m;
    EXPECT_EQ(j["macs"], 0) << m;
  }
}

TEST(CliBench, MinMsKeepsRunning) {
  const json j = ok_json(run({"bench", "--input", "1,1,4,4", "--weight", "1,1,2,2", "--method",
                              "gemm", "--repeat", "1", "--min-ms", "20"}));
  EXPECT_GT(j["runs"].get<int>(), 1);
}

TEST(CliBench, BadArgumentsAreErrors) {
  expect_error(run({"bench", "--input", "1,2,4,4", "--weight", "1,1,3,3"}),
               {"expected input[1, 2, 4, 4] to have 1 channels, but got 2 channels instead"});
  expect_error(run({"bench", "--input", "1,1,4,4", "--weight", "1,1,3,3", "--method", "fft"}),
               {"unknown method 'fft'"});
  expect_error(run({"bench", "--input", "1,1,4,4", "--weight", "1,1,3,3", "--threads", "-1"}),
               {"--threads"});
  expect_error(run({"bench", "--input", "100000,1000,100,100", "--weight", "1000,1,3,3"}),
               {"the input [100000, 1000, 100, 100] would have", "the limit is 268435456"});
}

// ---- help

TEST(CliHelp, TopLevelAndEverySubcommand) {
  const Result top = run({"--help"});
  EXPECT_EQ(top.status, 0);
  EXPECT_EQ(top.err, "");
  for (const char* sub : {"forward", "conv", "matrix", "steps", "shape", "bench"}) {
    EXPECT_NE(top.out.find(sub), std::string::npos) << sub;
    const Result r = run({sub, "--help"});
    EXPECT_EQ(r.status, 0) << sub;
    EXPECT_NE(r.out.find(std::string("Usage: tconv ") + sub), std::string::npos) << r.out;
  }
  const Result fwd = run({"forward", "--help"});
  for (const char* key : {"input", "weight", "bias", "stride", "padding", "output_padding",
                          "groups", "dilation", "output_size", "method"})
    EXPECT_NE(fwd.out.find(key), std::string::npos) << key;
}

}  // namespace
}  // namespace cli_test
