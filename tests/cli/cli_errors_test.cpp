// Every error class: exit status 2, nothing on stdout, exactly one stderr line
// that names the file and the offending values.
#include "cli_testing.h"

namespace cli_test {
namespace {

json with(json spec, const std::string& key, const json& value) {
  spec[key] = value;
  return spec;
}

TEST(CliErrors, MalformedJsonNamesTheFileAndBytePosition) {
  const std::string path = data_path("bad_json.json");
  expect_error(run({"forward", path}),
               {"tconv: error: " + path + ": invalid JSON at byte 82 (line 4, column 15)",
                "unexpected ','"});
  expect_error(run({"forward", "-"}, "{\"input\": [1, 2"),
               {"<stdin>: invalid JSON at byte 16", "unexpected end of input; expected ']'"});
  expect_error(run({"forward", "-"}, ""),
               {"<stdin>: invalid JSON at byte 1 (line 1, column 1)", "unexpected end of input"});
}

TEST(CliErrors, UnreadableFileNamesThePath) {
  expect_error(run({"forward", "/nonexistent/spec.json"}),
               {"tconv: error: /nonexistent/spec.json: cannot open: No such file or directory"});
  expect_error(run({"matrix", TCONV_CLI_DATA}),
               {std::string(TCONV_CLI_DATA) + ": cannot read: is a directory"});
}

TEST(CliErrors, SpecStructure) {
  expect_error(run_spec("forward", json::array({1, 2})),
               {"the spec must be a JSON object with the keys of F.conv_transpose2d", "array"});
  json spec = d2l_spec();
  spec.erase("weight");
  expect_error(run_spec("forward", spec), {"missing key 'weight'"});
  expect_error(run_spec("forward", with(d2l_spec(), "strides", 2)),
               {"unknown key 'strides'; did you mean 'stride'?"});
  expect_error(run_spec("forward", with(d2l_spec(), "output-padding", 1)),
               {"unknown key 'output-padding'; did you mean 'output_padding'?"});
  expect_error(run_spec("conv", with(d2l_spec(), "output_padding", 1)),
               {"unknown key 'output_padding'", "F.conv2d takes"});
  expect_error(run({"forward", "-"}, R"({"input": [[[0]]], "weight": [[[[1]]]], "stride": 1,
                                         "stride": 2})"),
               {"key 'stride' appears twice"});
}

TEST(CliErrors, TensorsMustBeRectangularNumbers) {
  expect_error(run_spec("forward", with(d2l_spec(), "input", {{{0, 1}, {2, 3, 4}}})),
               {"input[0][1] has 3 elements but input[0][0] has 2"});
  expect_error(run_spec("forward", with(d2l_spec(), "weight", {{{{0, 1}, 2}}})),
               {"weight[0][0][1] is 2 but should be a list of 2 like weight[0][0][0]"});
  expect_error(run_spec("forward", with(d2l_spec(), "input", {{{0, {1}}, {2, 3}}})),
               {"input[0][0][1] is a list but input[0][0][0] is a number"});
  expect_error(run_spec("forward", with(d2l_spec(), "input", {{{0, "a"}, {2, 3}}})),
               {"input[0][0][1] is \"a\" (a string), expected a number"});
  expect_error(run_spec("forward", with(d2l_spec(), "bias", "none")),
               {"bias must be a tensor as nested lists of numbers, got \"none\""});
  expect_error(run({"forward", "-"}, R"({"input": [[[0, 1e39]]], "weight": [[[[1]]]]})"),
               {"input[0][0][1] = 1e+39 is outside float32's range"});
  expect_error(run_spec("forward", with(d2l_spec(), "input_shape", {1, 1, 4})),
               {"input has shape [1, 2, 2] but input_shape is [1, 1, 4]"});
}

TEST(CliErrors, WrongShapesGiveTorchsMessage) {
  expect_error(run_spec("forward", with(d2l_spec(), "input", kX)),
               {"Expected 3D (unbatched) or 4D (batched) input to conv_transpose2d, but got "
                "input of size: [2, 2]"});
  expect_error(run_spec("forward", with(d2l_spec(), "bias", {1, 2})),
               {"expected bias to be 1-dimensional with 1 elements, but got bias of size [2]"});
  expect_error(run_spec("conv", with(d2l_spec(), "input", {{{{0}}}})),
               {"Calculated padded input size per channel: (1 x 1). Kernel size: (2 x 2). "
                "Kernel size can't be greater than actual input size"});
}

TEST(CliErrors, HyperParameters) {
  expect_error(run_spec("forward", with(d2l_spec(), "stride", {1, 2, 3})),
               {"expected stride to be a single integer value or a list of 2 values to match "
                "the convolution dimensions, but got stride=[1, 2, 3]"});
  expect_error(run_spec("forward", with(d2l_spec(), "stride", 2.5)),
               {"stride must be an integer or a list of 2 integers, got 2.5"});
  expect_error(run_spec("forward", with(d2l_spec(), "dilation", {1, "2"})),
               {"dilation[1] must be an integer, got \"2\""});
  expect_error(run_spec("forward", with(d2l_spec(), "stride", 99999999999)),
               {"stride=99999999999 is out of range"});
  expect_error(run_spec("forward", with(d2l_spec(), "output_padding", 1)),
               {"output padding must be smaller than either stride or dilation, but got "
                "output_padding_height: 1 output_padding_width: 1 stride_height: 1"});
  expect_error(run_spec("forward", with(d2l_spec(), "padding", -1)),
               {"negative padding is not supported"});
  expect_error(run_spec("forward", with(d2l_spec(), "output_size", {9, 9})),
               {"requested an output size of [9, 9], but valid sizes range from [3, 3] to [3, 3]"});
  expect_error(run_spec("forward", with(d2l_spec(), "output_size", 9)),
               {"output_size must be a list of integers, got 9"});
  expect_error(run_spec("conv", with(d2l_spec(), "padding", "full")),
               {"Invalid padding string: 'full'"});
}

TEST(CliErrors, UnknownMethod) {
  expect_error(run_spec("forward", with(d2l_spec(), "method", "fft")),
               {"unknown method 'fft' (expected scatter, matrix, flip or gemm)"});
  expect_error(run_spec("forward", with(d2l_spec(), "method", 1)), {"method must be a string"});
}

TEST(CliErrors, LimitsNameTheSizes) {
  // A 2 × 2 input with stride 3000 asks for a 3002 × 3002 × ... output.
  const json spec = {{"input_shape", {1, 2, 2}}, {"weight_shape", {1, 1, 2, 2}}, {"stride", 3000}};
  expect_error(run_spec("forward", with(spec, "weight_shape", {1, 2, 2, 2})),
               {"the output [2, 3002, 3002] would have 18024008 elements; the limit is 4194304"});
  expect_error(run_spec("steps", spec), {"canvas", "numbers; the limit is 4000000"});
  expect_error(run_spec("forward", {{"input_shape", {1, 1, 4096, 8192}},
                                    {"weight_shape", {1, 1, 1, 1}},
                                    {"padding", 2047}}),
               {"input_shape [1, 1, 4096, 8192] would be 33554432 zeros"});
}

TEST(CliErrors, UsageErrors) {
  expect_error(run({}), {"A subcommand is required"});
  expect_error(run({"frobnicate"}), {"unknown subcommand 'frobnicate'"});
  expect_error(run({"forward"}), {"spec is required", "tconv forward --help"});
  expect_error(run({"forward", "a.json", "b.json"}), {"b.json"});
  expect_error(run({"shape", "--input-size", "2"}), {"--kernel-size is required"});
  expect_error(run({"shape", "--input-size", "two", "--kernel-size", "2"}), {"two"});
  expect_error(run({"bench", "--weight", "1,1,2,2"}), {"--input is required"});
  expect_error(run({"matrix", "--tapz", "-"}), {"--tapz"});
}

}  // namespace
}  // namespace cli_test
