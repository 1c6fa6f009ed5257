// Holds core's TensorFlow, ONNX and JAX conventions to the fixtures
// gen_frameworks.py computed from each framework's definition with real
// PyTorch (TF: autograd of conv2d; ONNX: the spec's formulas, checked against
// ONNX's own backend test data; JAX: the lhs-dilated correlation). Every
// method computes the full output; every failing case id is reported.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "tconv/errors.h"
#include "tconv/frameworks.h"

namespace tconv {
namespace {

using nlohmann::json;

const json& fixtures() {
  static const json j = [] {
    std::ifstream f(std::string(TCONV_GOLDEN_DIR) + "/frameworks.json");
    if (!f) throw std::runtime_error("cannot open frameworks.json");
    return json::parse(f);
  }();
  return j;
}

void flatten(const json& j, size_t depth, Shape& shape, std::vector<float>& data) {
  if (!j.is_array()) {
    data.push_back(j.get<float>());
    return;
  }
  if (shape.size() == depth) shape.push_back(static_cast<int64_t>(j.size()));
  for (const json& e : j) flatten(e, depth + 1, shape, data);
}

// A tensor key, or its `<key>_shape` (zeros) in refused cases.
std::optional<Array> tensor(const json& c, const std::string& key) {
  if (c.contains(key + "_shape")) return Array(c.at(key + "_shape").get<Shape>());
  if (!c.contains(key) || c.at(key).is_null()) return std::nullopt;
  Array a;
  flatten(c.at(key), 0, a.shape, a.data);
  return a;
}

std::vector<int64_t> ints(const json& v) {
  return v.is_array() ? v.get<std::vector<int64_t>>() : std::vector<int64_t>{v.get<int64_t>()};
}

struct Resolved {
  FrameworkLayer layer;
  Array input, weight;
  std::optional<Array> bias;
};

Resolved resolve(const std::string& convention, const json& c) {
  Resolved r;
  const char* names[3] = {"input", "filters", "bias"};
  if (convention == "onnx") names[0] = "X", names[1] = "W", names[2] = "B";
  if (convention == "jax") names[0] = "lhs", names[1] = "rhs";
  r.input = *tensor(c, names[0]);
  r.weight = *tensor(c, names[1]);
  r.bias = tensor(c, names[2]);
  const Shape* b = r.bias ? &r.bias->shape : nullptr;
  if (convention == "tensorflow") {
    TensorFlowArgs a;
    if (c.contains("strides")) a.strides = ints(c["strides"]);
    if (c.contains("dilations")) a.dilations = ints(c["dilations"]);
    a.padding = c.value("padding", a.padding);
    a.data_format = c.value("data_format", a.data_format);
    if (c.contains("output_shape")) a.output_shape = ints(c["output_shape"]);
    if (c.contains("output_padding")) a.output_padding = ints(c["output_padding"]);
    r.layer = resolve_tensorflow(r.input.shape, r.weight.shape, b, a);
  } else if (convention == "onnx") {
    OnnxArgs a;
    for (auto [key, field] : {std::pair{"strides", &a.strides},
                              {"dilations", &a.dilations},
                              {"kernel_shape", &a.kernel_shape},
                              {"pads", &a.pads},
                              {"output_padding", &a.output_padding},
                              {"output_shape", &a.output_shape}})
      if (c.contains(key)) *field = ints(c[key]);
    a.group = c.value("group", int64_t{1});
    a.auto_pad = c.value("auto_pad", a.auto_pad);
    r.layer = resolve_onnx(r.input.shape, r.weight.shape, b, a);
  } else {
    JaxArgs a;
    a.strides = ints(c["strides"]);
    if (c["padding"].is_string()) {
      a.padding_mode = c["padding"];
    } else {
      for (const json& p : c["padding"]) a.padding.emplace_back(p[0], p[1]);
    }
    if (c.contains("rhs_dilation")) a.rhs_dilation = ints(c["rhs_dilation"]);
    if (c.contains("dimension_numbers"))
      for (size_t i = 0; i < 3; ++i) a.dimension_numbers[i] = c["dimension_numbers"][i];
    a.transpose_kernel = c.value("transpose_kernel", false);
    a.use_consistent_padding = c.value("use_consistent_padding", false);
    r.layer = resolve_jax(r.input.shape, r.weight.shape, b, a);
  }
  return r;
}

// "" when |got - ref| <= 1e-5 * max(1, max |ref|) everywhere.
std::string compare(const Array& got, const json& c) {
  Array want;
  flatten(c.at("output"), 0, want.shape, want.data);
  const Shape shape = c.at("shape").get<Shape>();
  if (got.shape != shape) {
    std::ostringstream o;
    o << "shape " << format_shape(got.shape) << ", expected " << format_shape(shape);
    return o.str();
  }
  double scale = 1.0, worst = 0.0;
  for (float v : want.data) scale = std::max(scale, std::abs(static_cast<double>(v)));
  for (size_t i = 0; i < want.data.size(); ++i)
    worst = std::max(worst, std::abs(static_cast<double>(got.data[i]) - want.data[i]));
  if (worst <= 1e-5 * scale) return "";
  return "max |diff| " + std::to_string(worst);
}

class FrameworksGolden : public ::testing::TestWithParam<std::tuple<const char*, Method>> {};

TEST_P(FrameworksGolden, ValuesAndShapesMatchTheDefinition) {
  const auto [convention, method] = GetParam();
  const json& cases = fixtures().at(convention).at("valid");
  ASSERT_GE(cases.size(), 60u);
  for (const json& c : cases) {
    const std::string id = c.at("id");
    try {
      const Resolved r = resolve(convention, c);
      const Array y = framework_conv_transpose2d(r.layer, r.input, r.weight,
                                                 r.bias ? &*r.bias : nullptr, {method, 1});
      const std::string diff = compare(y, c);
      EXPECT_EQ(diff, "") << convention << " " << id;
    } catch (const std::exception& e) {
      ADD_FAILURE() << convention << " " << id << " threw: " << e.what();
    }
  }
}

INSTANTIATE_TEST_SUITE_P(EveryConventionAndMethod, FrameworksGolden,
                         ::testing::Combine(::testing::Values("tensorflow", "onnx", "jax"),
                                            ::testing::Values(Method::Scatter, Method::Matrix,
                                                              Method::Flip, Method::Gemm)),
                         [](const auto& info) {
                           return std::string(std::get<0>(info.param)) + "_" +
                                  std::string(method_name(std::get<1>(info.param)));
                         });

TEST(FrameworksGoldenRefusals, TensorFlowRefusesWhatItsDefinitionCannotCompute) {
  const json& cases = fixtures().at("tensorflow").at("invalid");
  ASSERT_GE(cases.size(), 6u);
  for (const json& c : cases) {
    const std::string id = c.at("id"), fragment = c.at("error");
    try {
      resolve("tensorflow", c);
      ADD_FAILURE() << id << ": no error, expected " << fragment;
    } catch (const ArgumentError& e) {
      EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos)
          << id << ": " << e.what() << "\n  expected to contain: " << fragment;
    }
  }
}

TEST(FrameworksGoldenSources, OnnxBackendTestsAreAllThere) {
  int found = 0;
  for (const json& c : fixtures().at("onnx").at("valid"))
    found += c.contains("source") && c["source"].get<std::string>().find("onnx/backend") == 0;
  EXPECT_EQ(found, 9);  // every 2-D ConvTranspose node test
}

}  // namespace
}  // namespace tconv
