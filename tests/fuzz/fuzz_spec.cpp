// The spec `tconv forward|matrix|steps` read (F.conv_transpose2d's arguments
// as JSON), through the CLI's own parser, PyTorch's checks and every method.
// Holds, for any input:
//   - a refused spec throws a typed error whose message is one line;
//   - an accepted one gives the shape transposed_output_size gives (or
//     output_size), and forward prints exactly the values its method computed;
//   - scatter, matrix, flip and both gemm kernels agree with the definition
//     summed in double, within float rounding;
//   - matrix's W has C_in·H·W rows and C_out·Ho·Wo columns, each stored entry
//     the weight element its tap names; steps has one step per input element.
// Calls above kMaxWork multiply-adds or elements are skipped after the checks
// (the CLI would run them, only slower), so every case stays fast; shape-only
// tensors above the CLI's zero-fill limit must be refused with a message.
#include <cfloat>
#include <cmath>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "fuzz.h"
#include "fuzz_json.h"
#include "fuzz_refusal.h"
#include "spec.h"
#include "tconv/checks.h"
#include "tconv/conv.h"
#include "tconv/errors.h"
#include "tconv/shape.h"

namespace {

using nlohmann::json;
using tconv::Shape;

constexpr double kMaxWork = 1 << 16;

using fuzz::count;

// The output shape from the spec alone, by the shape function.
Shape expected_shape(const cli::TransposeSpec& s) {
  const Shape& x = s.input.shape;
  const Shape& w = s.weight.shape;
  const bool batched = x.size() == 4;
  const size_t h = batched ? 2 : 1;
  const tconv::ConvTranspose2dArgs& a = s.args;
  Shape out;
  if (batched) out.push_back(x[0]);
  out.push_back(w[1] * a.groups);
  if (a.output_size) {
    const std::vector<int64_t>& o = *a.output_size;
    out.push_back(o[o.size() - 2]);
    out.push_back(o[o.size() - 1]);
  } else {
    out.push_back(tconv::transposed_output_size(x[h], w[2], a.stride.h, a.padding.h,
                                                a.output_padding.h, a.dilation.h));
    out.push_back(tconv::transposed_output_size(x[h + 1], w[3], a.stride.w, a.padding.w,
                                                a.output_padding.w, a.dilation.w));
  }
  return out;
}

// y[n, co, oh, ow] = b[co] + Σ x[n, ci, ih, iw] · w[ci, co_local, kh, kw] over
// oh = ih·s - p + kh·d, in double; `mag` sums the terms' magnitudes.
struct Reference {
  std::vector<double> y, mag;
};
Reference reference(const cli::TransposeSpec& s, const tconv::Geometry& g) {
  const int64_t N = g.batch, Ci = g.in_channels, Co = g.out_channels, H = g.h.in, W = g.w.in;
  const int64_t Ho = g.h.out, Wo = g.w.out, kH = g.h.kernel, kW = g.w.kernel;
  const int64_t ipg = g.in_per_group(), opg = g.out_per_group();
  Reference r;
  r.y.assign(static_cast<size_t>(N * Co * Ho * Wo), 0.0);
  r.mag = r.y;
  auto at = [&](int64_t n, int64_t co, int64_t oh, int64_t ow) {
    return static_cast<size_t>(((n * Co + co) * Ho + oh) * Wo + ow);
  };
  for (int64_t n = 0; n < N; ++n)
    for (int64_t ci = 0; ci < Ci; ++ci)
      for (int64_t col = 0; col < opg; ++col)
        for (int64_t ih = 0; ih < H; ++ih)
          for (int64_t iw = 0; iw < W; ++iw)
            for (int64_t kh = 0; kh < kH; ++kh)
              for (int64_t kw = 0; kw < kW; ++kw) {
                const int64_t oh = ih * g.h.stride - g.h.padding + kh * g.h.dilation;
                const int64_t ow = iw * g.w.stride - g.w.padding + kw * g.w.dilation;
                if (oh < 0 || oh >= Ho || ow < 0 || ow >= Wo) continue;
                const double x =
                    s.input.data[static_cast<size_t>(((n * Ci + ci) * H + ih) * W + iw)];
                const double w =
                    s.weight.data[static_cast<size_t>(((ci * opg + col) * kH + kh) * kW + kw)];
                const size_t o = at(n, ci / ipg * opg + col, oh, ow);
                r.y[o] += x * w;
                r.mag[o] += std::fabs(x * w);
              }
  if (s.bias)
    for (size_t o = 0; o < r.y.size(); ++o) {
      const double b = s.bias->data[o / static_cast<size_t>(Ho * Wo) % static_cast<size_t>(Co)];
      r.y[o] += b;
      r.mag[o] += std::fabs(b);
    }
  return r;
}

void check_close(const char* method, const tconv::Tensor4& t, const Reference& r, double terms) {
  FUZZ_CHECK(static_cast<size_t>(t.size()) == r.y.size(), method);
  for (size_t i = 0; i < r.y.size(); ++i) {
    if (r.mag[i] > 1e36) continue;  // float products may overflow on the way
    const double tol = 4 * FLT_EPSILON * (terms + 1) * r.mag[i] + (terms + 1) * FLT_MIN;
    FUZZ_CHECK(std::fabs(t.data()[i] - r.y[i]) <= tol,
               std::string(method) + ": element " + std::to_string(i) + " is " +
                   std::to_string(t.data()[i]) + ", the definition gives " +
                   std::to_string(r.y[i]));
  }
}

void check_methods(const cli::TransposeSpec& s, const tconv::Geometry& g) {
  const tconv::Tensor4 x = tconv::to_tensor4(s.input), w = tconv::to_tensor4(s.weight);
  tconv::Tensor1 b;
  if (s.bias) b = Eigen::TensorMap<const tconv::Tensor1>(s.bias->data.data(), g.out_channels);
  const tconv::Tensor1* bp = s.bias ? &b : nullptr;
  const Reference r = reference(s, g);
  const double terms = static_cast<double>(g.in_per_group() * g.h.kernel * g.w.kernel);
  check_close("scatter", tconv::conv_transpose2d_scatter(x, w, bp, g), r, terms);
  check_close("matrix", tconv::conv_transpose2d_matrix(x, w, bp, g), r, terms);
  check_close("flip", tconv::conv_transpose2d_flip(x, w, bp, g), r, terms);
  using K = tconv::GemmKernel;
  check_close("gemm", tconv::conv_transpose2d_gemm(x, w, bp, g, 2, K::Gemm), r, terms);
  check_close("direct", tconv::conv_transpose2d_gemm(x, w, bp, g, 1, K::Direct), r, terms);
}

// forward prints {"shape", "output"}: the expected shape, the method's values.
void check_forward(const json& spec, const cli::TransposeSpec& s, const Shape& shape) {
  const json out = json::parse(cli::run_forward(spec));
  FUZZ_CHECK(out.at("shape").get<Shape>() == shape,
             "forward printed shape " + out.at("shape").dump() + ", the shape function gives " +
                 tconv::format_shape(shape));
  const std::vector<double> printed = fuzz::flatten(out.at("output"), shape);
  const tconv::Array y =
      tconv::conv_transpose2d(s.input, s.weight, s.bias_ptr(), s.args, {s.method, 0});
  FUZZ_CHECK(y.shape == shape && printed.size() == y.data.size(), "output size");
  for (size_t i = 0; i < printed.size(); ++i)
    FUZZ_CHECK(fuzz::same_float(printed[i], y.data[i]),
               "printed " + std::to_string(printed[i]) + ", computed " + std::to_string(y.data[i]));
}

void check_matrix(const json& spec, const cli::TransposeSpec& s, const tconv::Geometry& g) {
  const int64_t rows = g.in_channels * g.h.in * g.w.in, cols = g.out_channels * g.h.out * g.w.out;
  if (static_cast<double>(rows) * static_cast<double>(cols) > kMaxWork) return;
  // An empty batch passes PyTorch's checks with a dilation (or kernel) of
  // 0, which no matrix W describes: `tconv matrix` refuses it in a sentence.
  const auto below_1 = [](const tconv::Axis& a) {
    return a.kernel < 1 || a.stride < 1 || a.dilation < 1;
  };
  if (below_1(g.h) || below_1(g.w)) {
    try {
      cli::run_matrix(spec, true);
    } catch (const tconv::LimitError& e) {
      FUZZ_CHECK_MESSAGE(e.what());
      return;
    }
    FUZZ_CHECK(false, "a matrix W for a kernel, stride or dilation below 1");
  }
  const json out = json::parse(cli::run_matrix(spec, true));
  FUZZ_CHECK(out.at("shape") == json({rows, cols}), "W's shape " + out.at("shape").dump());
  fuzz::flatten(out.at("W"), {rows, cols});
  const Shape& ws = s.weight.shape;
  for (const json& e : out.at("taps")) {
    const auto t = e.at("tap").get<std::vector<int64_t>>();
    FUZZ_CHECK(t.size() == 4 && e.at("row") < rows && e.at("col") < cols, e.dump());
    for (size_t d = 0; d < 4; ++d) FUZZ_CHECK(t[d] >= 0 && t[d] < ws[d], e.dump());
    const float wv =
        s.weight.data[static_cast<size_t>(((t[0] * ws[1] + t[1]) * ws[2] + t[2]) * ws[3] + t[3])];
    FUZZ_CHECK(fuzz::same_float(e.at("value").get<double>(), wv), e.dump());
  }
}

void check_steps(const json& spec, const cli::TransposeSpec& s, const tconv::Geometry& g,
                 const Shape& shape) {
  const double numbers = 2 * count(s.input.shape) * static_cast<double>(g.out_channels) *
                         static_cast<double>(g.h.canvas() * g.w.canvas());
  if (count(s.input.shape) > cli::kMaxSteps || numbers > kMaxWork) return;
  const json out = json::parse(cli::run_steps(spec));
  FUZZ_CHECK(out.at("steps").size() == static_cast<size_t>(count(s.input.shape)), "step count");
  FUZZ_CHECK(out.at("shape").get<Shape>() == shape, "steps shape " + out.at("shape").dump());
  fuzz::flatten(out.at("output"), shape);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  json spec;
  cli::TransposeSpec s;
  tconv::Geometry g;
  if (!fuzz::accepted([&] {
        spec = cli::parse_json(fuzz::text(data, size));
        s = cli::transpose_spec_from_json(spec);
        g = tconv::check_conv_transpose2d(s.input.shape, s.weight.shape, s.bias_shape(), s.args);
      }))
    return 0;
  const Shape shape = expected_shape(s);
  FUZZ_CHECK(g.output_shape() == shape, "checks give " + tconv::format_shape(g.output_shape()) +
                                            ", the shape function " + tconv::format_shape(shape));
  // A shape-only tensor too big to fill is refused before anything is made.
  const auto unfillable = [](const tconv::Array& a) {
    return a.data.empty() && count(a.shape) > cli::kMaxZeroFill;
  };
  if (unfillable(s.input) || unfillable(s.weight) || (s.bias && unfillable(*s.bias))) {
    try {
      s.fill_shape_only();
    } catch (const tconv::LimitError& e) {
      FUZZ_CHECK_MESSAGE(e.what());
      return 0;
    }
    FUZZ_CHECK(false, "zeros past the limit were made");
  }
  // Multiply-adds in double: a product of sizes near 2^31 overflows int64.
  const double macs = count(s.input.shape) * count({g.out_per_group(), g.h.kernel, g.w.kernel});
  if (count(s.input.shape) > kMaxWork || count(s.weight.shape) > kMaxWork ||
      count(shape) > kMaxWork || macs > kMaxWork)
    return 0;
  s.fill_shape_only();
  check_forward(spec, s, shape);
  check_methods(s, g);
  check_matrix(spec, s, g);
  check_steps(spec, s, g, shape);
  return 0;
}
