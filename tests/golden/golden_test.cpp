// Holds core to PyTorch 1.13 through the fixtures gen_golden.py wrote: values
// and shapes of valid calls by every method, and exact messages of invalid
// ones. Each test loops over its cases and reports every failing case id, so
// one failure does not hide the others.
//
// CTest also runs the whole binary once per instruction set
// (TCONV_ISA=generic|avx2|avx512, see CMakeLists.txt): the gemm method must
// match PyTorch on every path; a path this CPU lacks skips that run.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "tconv/args.h"
#include "tconv/checks.h"
#include "tconv/conv.h"
#include "tconv/errors.h"
#include "tconv/isa.h"
#include "tconv/tensor.h"

namespace tconv {
namespace {

// TCONV_ISA naming a path this CPU lacks: every test is skipped (CTest
// reports the run as skipped by this line), rather than failed.
class IsaEnvironment : public ::testing::Environment {
 public:
  void SetUp() override {
    const char* v = std::getenv("TCONV_ISA");
    if (!v || !*v) return;
    const std::optional<Isa> isa = parse_isa(v);
    if (!isa) {
      ADD_FAILURE() << unsupported_isa_message("TCONV_ISA", v);
      return;
    }
    if (!isa_supported(*isa)) {
      std::cout << "SKIPPED: " << unsupported_isa_message("TCONV_ISA", v) << std::endl;
      GTEST_SKIP();
    }
    std::cout << "gemm kernels' instruction set: " << isa_name(selected_isa()) << std::endl;
  }
};
::testing::Environment* const kIsaEnvironment =
    ::testing::AddGlobalTestEnvironment(new IsaEnvironment);

using nlohmann::json;

const json& load(const std::string& name) {
  static std::map<std::string, json> cache;
  auto it = cache.find(name);
  if (it == cache.end()) {
    std::ifstream f(std::string(TCONV_GOLDEN_DIR) + "/" + name);
    if (!f) throw std::runtime_error("cannot open fixture " + name);
    it = cache.emplace(name, json::parse(f)).first;
  }
  return it->second;
}

std::string show(const Shape& s) {
  std::ostringstream o;
  o << "[";
  for (size_t i = 0; i < s.size(); ++i) o << (i ? ", " : "") << s[i];
  o << "]";
  return o.str();
}

void flatten(const json& j, size_t depth, Shape& shape, std::vector<float>& data) {
  if (!j.is_array()) {
    data.push_back(j.get<float>());
    return;
  }
  if (shape.size() == depth) shape.push_back(static_cast<int64_t>(j.size()));
  for (const json& e : j) flatten(e, depth + 1, shape, data);
}

// A nested list, or its `<key>_shape` when a zero-size dimension hides it.
Array tensor(const json& c, const std::string& key) {
  Array a;
  const json& j = c.at(key);
  if (j.is_number()) {
    a.data.push_back(j.get<float>());  // 0-d
  } else {
    flatten(j, 0, a.shape, a.data);
  }
  if (a.data.empty() && c.contains(key + "_shape")) {
    a.shape = c.at(key + "_shape").get<Shape>();
    a.data.assign(static_cast<size_t>(numel(a.shape)), 0.f);
  }
  return a;
}

Pair pair(const json& j) {
  if (j.is_number_integer()) return Pair(j.get<int64_t>());
  return pair_from_list("value", j.get<std::vector<int64_t>>());
}

ConvTranspose2dArgs ct_args(const json& c) {
  ConvTranspose2dArgs a;
  a.stride = pair(c.at("stride"));
  a.padding = pair(c.at("padding"));
  a.output_padding = pair(c.at("output_padding"));
  a.groups = c.at("groups").get<int64_t>();
  a.dilation = pair(c.at("dilation"));
  if (c.contains("output_size")) a.output_size = c.at("output_size").get<std::vector<int64_t>>();
  return a;
}

Conv2dArgs c2_args(const json& c) {
  Conv2dArgs a;
  a.stride = pair(c.at("stride"));
  a.dilation = pair(c.at("dilation"));
  a.groups = c.at("groups").get<int64_t>();
  const json& p = c.at("padding");
  if (p.is_string()) {
    a.padding_mode = p.get<std::string>() == "same" ? PaddingMode::Same : PaddingMode::Valid;
  } else {
    a.padding = pair(p);
  }
  return a;
}

// "" when close enough: |a - b| <= 1e-5 * max(1, max |ref|).
std::string compare(const Array& got, const Shape& shape, const std::vector<float>& ref) {
  if (got.shape != shape) return "shape " + show(got.shape) + ", expected " + show(shape);
  if (got.data.size() != ref.size()) return "value count differs";
  double scale = 1.0, worst = 0.0;
  size_t at = 0;
  for (float r : ref) scale = std::max(scale, std::abs(static_cast<double>(r)));
  for (size_t i = 0; i < ref.size(); ++i) {
    const double d = std::abs(static_cast<double>(got.data[i]) - ref[i]);
    if (!(d <= worst) || std::isnan(d)) {
      worst = std::isnan(d) ? INFINITY : d;
      at = i;
    }
  }
  if (worst <= 1e-5 * scale) return "";
  std::ostringstream o;
  o << "max |diff| " << worst << " at flat index " << at << " (got " << got.data[at] << ", torch "
    << ref[at] << "), tolerance " << 1e-5 * scale;
  return o.str();
}

// Runs f, which must throw ArgumentError; "" when its message is `expected`.
template <typename F>
std::string expect_error(F&& f, const std::string& expected) {
  try {
    f();
  } catch (const ArgumentError& e) {
    if (expected == e.what()) return "";
    return std::string("message\n    got:      ") + e.what() + "\n    expected: " + expected;
  } catch (const std::exception& e) {
    return std::string("threw a non-ArgumentError: ") + e.what();
  }
  return "no error, expected: " + expected;
}

Array zeros(const json& shape) {
  return Array(shape.get<Shape>());
}

// ---------------------------------------------------------------- conv_transpose2d

class GoldenValid : public ::testing::TestWithParam<Method> {};

using ConvFn = std::function<Array(const Array& x, const Array& w, const Array* b,
                                   const ConvTranspose2dArgs& args)>;

// Runs f on every valid fixture and reports each case that differs from torch.
void expect_valid_cases_match(const ConvFn& f, const std::string& label) {
  const json& cases = load("conv_transpose2d_valid.json").at("cases");
  ASSERT_GE(cases.size(), 300u);
  int failed = 0;
  for (const json& c : cases) {
    const std::string id = c.at("id");
    std::string why;
    try {
      const Array x = tensor(c, "input"), w = tensor(c, "weight");
      Array b;
      const bool has_bias = !c.at("bias").is_null();
      if (has_bias) b = tensor(c, "bias");
      const Array ref = tensor(c, "output");
      const Array y = f(x, w, has_bias ? &b : nullptr, ct_args(c));
      why = compare(y, c.at("output_shape").get<Shape>(), ref.data);
    } catch (const std::exception& e) {
      why = std::string("threw: ") + e.what();
    }
    if (!why.empty()) {
      ++failed;
      ADD_FAILURE() << id << " [" << label << "]: " << why;
    }
  }
  EXPECT_EQ(failed, 0) << "of " << cases.size() << " cases";
}

TEST_P(GoldenValid, ValuesAndShapeMatchTorch) {
  ComputeOptions opts;
  opts.method = GetParam();
  expect_valid_cases_match(
      [&](const Array& x, const Array& w, const Array* b, const ConvTranspose2dArgs& args) {
        return conv_transpose2d(x, w, b, args, opts);
      },
      std::string(method_name(GetParam())));
}

// The gemm method's two kernels, each on every case (the cost rule alone
// sends almost all of these small cases to the direct kernel).
// Every kernel forced on every case (Winograd runs the GEMM where it does not fit).
TEST(GoldenGemmKernels, BothKernelsMatchTorch) {
  for (GemmKernel k : {GemmKernel::Gemm, GemmKernel::Direct, GemmKernel::Winograd}) {
    expect_valid_cases_match(
        [&](const Array& x, const Array& w, const Array* b, const ConvTranspose2dArgs& args) {
          const Geometry geo =
              check_conv_transpose2d(x.shape, w.shape, b ? &b->shape : nullptr, args);
          Tensor1 bias;
          if (b) {
            bias.resize(static_cast<Eigen::Index>(b->data.size()));
            std::copy(b->data.begin(), b->data.end(), bias.data());
          }
          const Tensor4 y =
              conv_transpose2d_gemm(to_tensor4(x), to_tensor4(w), b ? &bias : nullptr, geo, 2, k);
          return to_array(y, !geo.batched);
        },
        std::string("gemm, ") +
            (k == GemmKernel::Gemm     ? "GEMM"
             : k == GemmKernel::Direct ? "direct"
                                       : "Winograd") +
            " kernel, " + std::string(isa_name(selected_isa())));
  }
}

INSTANTIATE_TEST_SUITE_P(AllMethods, GoldenValid,
                         ::testing::Values(Method::Scatter, Method::Matrix, Method::Flip,
                                           Method::Gemm),
                         [](const ::testing::TestParamInfo<Method>& info) {
                           return std::string(method_name(info.param));
                         });

// Shape arithmetic alone, including the output_padding output_size chose.
TEST(GoldenShapes, GeometryMatchesTorch) {
  for (const json& c : load("conv_transpose2d_valid.json").at("cases")) {
    const std::string id = c.at("id");
    const Array x = tensor(c, "input"), w = tensor(c, "weight");
    Shape bias_shape;
    if (!c.at("bias").is_null()) bias_shape = tensor(c, "bias").shape;
    try {
      const Geometry g = check_conv_transpose2d(
          x.shape, w.shape, c.at("bias").is_null() ? nullptr : &bias_shape, ct_args(c));
      EXPECT_EQ(show(g.output_shape()), show(c.at("output_shape").get<Shape>())) << id;
      EXPECT_EQ(show(g.input_shape()), show(x.shape)) << id;
      EXPECT_EQ(show(g.weight_shape()), show(w.shape)) << id;
      if (c.contains("resolved_output_padding")) {
        const auto op = c.at("resolved_output_padding").get<std::vector<int64_t>>();
        EXPECT_EQ(g.h.output_padding, op[0]) << id;
        EXPECT_EQ(g.w.output_padding, op[1]) << id;
      }
      EXPECT_EQ(g.h.out, transposed_output_size(g.h.in, g.h.kernel, g.h.stride, g.h.padding,
                                                g.h.output_padding, g.h.dilation))
          << id;
    } catch (const std::exception& e) {
      ADD_FAILURE() << id << ": threw " << e.what();
    }
  }
}

TEST(GoldenInvalid, MessagesMatchTorch) {
  const json& cases = load("conv_transpose2d_invalid.json").at("cases");
  ASSERT_GE(cases.size(), 50u);
  int failed = 0;
  for (const json& c : cases) {
    const std::string id = c.at("id");
    const std::string expected = c.at("error");
    const Array x = zeros(c.at("input_shape")), w = zeros(c.at("weight_shape"));
    const bool has_bias = !c.at("bias_shape").is_null();
    const Array b = has_bias ? zeros(c.at("bias_shape")) : Array();
    const ConvTranspose2dArgs args = ct_args(c);
    std::string why = expect_error(
        [&] { check_conv_transpose2d(x.shape, w.shape, has_bias ? &b.shape : nullptr, args); },
        expected);
    if (why.empty()) {
      const auto v =
          validate_conv_transpose2d(x.shape, w.shape, has_bias ? &b.shape : nullptr, args);
      if (!v || *v != expected) why = "validate_conv_transpose2d disagrees with the check";
    }
    if (why.empty())
      why = expect_error([&] { conv_transpose2d(x, w, has_bias ? &b : nullptr, args); }, expected);
    if (!why.empty()) {
      ++failed;
      ADD_FAILURE() << id << ": " << why;
    }
  }
  EXPECT_EQ(failed, 0) << "of " << cases.size() << " cases";
}

TEST(GoldenInvalid, PairFromList) {
  for (const json& c : load("conv_transpose2d_invalid.json").at("pair_from_list")) {
    const std::string name = c.at("name");
    const auto values = c.at("values").get<std::vector<int64_t>>();
    if (c.contains("error")) {
      EXPECT_EQ(expect_error([&] { pair_from_list(name, values); }, c.at("error")), "")
          << name << " " << show(values);
    } else {
      const auto expected = c.at("pair").get<std::vector<int64_t>>();
      const Pair p = pair_from_list(name, values);
      EXPECT_EQ(p, Pair(expected[0], expected[1])) << name << " " << show(values);
    }
  }
}

// test_nn's downsample/upsample sweep: conv2d, then conv_transpose2d with
// output_size = x.shape, gives x's size back.
TEST(GoldenShapes, RoundTripSweep) {
  const json& rows = load("round_trip_sweep.json").at("rows");
  ASSERT_GT(rows.size(), 4000u);
  for (const json& r : rows) {
    const auto v = r.get<std::vector<int64_t>>();
    const int64_t h = v[0], w = v[1], k = v[2], d = v[3], s = v[4], p = v[5];
    const std::string id = "h" + std::to_string(h) + " w" + std::to_string(w) + " k" +
                           std::to_string(k) + " d" + std::to_string(d) + " s" + std::to_string(s) +
                           " p" + std::to_string(p);
    try {
      Conv2dArgs c;
      c.stride = s;
      c.padding = p;
      c.dilation = d;
      const Conv2dGeometry down = check_conv2d({1, 1, h, w}, {1, 1, k, k}, nullptr, c);
      ASSERT_EQ(show(down.output_shape()), show({1, 1, v[6], v[7]})) << id;
      ConvTranspose2dArgs t;
      t.stride = s;
      t.padding = p;
      t.dilation = d;
      t.output_size = std::vector<int64_t>{1, 1, h, w};
      const Geometry up = check_conv_transpose2d(down.output_shape(), {1, 1, k, k}, nullptr, t);
      ASSERT_EQ(show(up.output_shape()), show({1, 1, h, w})) << id;
    } catch (const std::exception& e) {
      FAIL() << id << ": threw " << e.what();
    }
  }
}

// ---------------------------------------------------------------- conv2d

TEST(GoldenConv2d, ValuesAndShapeMatchTorch) {
  const json& cases = load("conv2d.json").at("valid");
  int failed = 0;
  for (const json& c : cases) {
    const std::string id = c.at("id");
    std::string why;
    try {
      const Array x = tensor(c, "input"), w = tensor(c, "weight");
      Array b;
      const bool has_bias = !c.at("bias").is_null();
      if (has_bias) b = tensor(c, "bias");
      const Array ref = tensor(c, "output");
      why = compare(conv2d(x, w, has_bias ? &b : nullptr, c2_args(c)),
                    c.at("output_shape").get<Shape>(), ref.data);
    } catch (const std::exception& e) {
      why = std::string("threw: ") + e.what();
    }
    if (!why.empty()) {
      ++failed;
      ADD_FAILURE() << id << ": " << why;
    }
  }
  EXPECT_EQ(failed, 0) << "of " << cases.size() << " cases";
}

TEST(GoldenConv2d, MessagesMatchTorch) {
  const json& cases = load("conv2d.json").at("invalid");
  int failed = 0;
  for (const json& c : cases) {
    const std::string id = c.at("id");
    const std::string expected = c.at("error");
    const Array x = zeros(c.at("input_shape")), w = zeros(c.at("weight_shape"));
    const bool has_bias = !c.at("bias_shape").is_null();
    const Array b = has_bias ? zeros(c.at("bias_shape")) : Array();
    const Conv2dArgs args = c2_args(c);
    std::string why = expect_error(
        [&] { check_conv2d(x.shape, w.shape, has_bias ? &b.shape : nullptr, args); }, expected);
    if (why.empty())
      why = expect_error([&] { conv2d(x, w, has_bias ? &b : nullptr, args); }, expected);
    if (!why.empty()) {
      ++failed;
      ADD_FAILURE() << id << ": " << why;
    }
  }
  EXPECT_EQ(failed, 0) << "of " << cases.size() << " cases";
}

}  // namespace
}  // namespace tconv
