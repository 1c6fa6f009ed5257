// A spec in any framework's convention ("convention": "tensorflow", "onnx",
// "jax" or "pytorch"), as `tconv forward` and `tconv translate` read it.
// Holds, for any input:
//   - a refused spec throws a typed error whose message is one line;
//   - an accepted one: forward prints the framework's output shape and the
//     values framework_conv_transpose2d computes;
//   - the same layer run the PyTorch way (permute in, PyTorch's equivalent
//     layer, F.pad(after), permute out: what translate tells a user to write)
//     gives the same values, within float rounding;
//   - translate prints that equivalent and the output shape, and every
//     framework's form it prints, resolved by that framework's own rules,
//     keeps the same window of the full output.
// Layers above kMaxWork multiply-adds or elements are skipped after the checks.
#include <algorithm>
#include <cfloat>
#include <cmath>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "fuzz.h"
#include "fuzz_json.h"
#include "fuzz_refusal.h"
#include "spec.h"
#include "spec_frameworks.h"
#include "tconv/errors.h"
#include "tconv/frameworks.h"
#include "tconv/frameworks_translate.h"

namespace {

using nlohmann::json;
using tconv::Array;
using tconv::FrameworkLayer;
using tconv::Shape;

constexpr double kMaxWork = 1 << 15;

using fuzz::count;

bool too_big(const cli::FrameworkSpec& s) {
  const tconv::Geometry& g = s.layer.full;
  const double full = count({g.batch, g.out_channels, g.h.out, g.w.out});
  const double macs = count(s.input.shape) * count({g.out_per_group(), g.h.kernel, g.w.kernel});
  return count(s.input.shape) > kMaxWork || count(s.weight.shape) > kMaxWork || full > kMaxWork ||
         count(s.layer.output_shape) > kMaxWork || macs > kMaxWork;
}

// What translate tells the user to write: the framework's layer as
// PyTorch's equivalent call, then F.pad(after) (negative amounts crop).
Array through_pytorch(const FrameworkLayer& l, const tconv::PyTorchEquivalent& eq, const Array& x,
                      const Array& w, const Array* b) {
  const Array xt = l.batched ? tconv::permute4(x, l.input_perm) : x;
  const Array y = tconv::conv_transpose2d(xt, tconv::to_pytorch_weight(l, w),
                                          eq.bias_after_pad ? nullptr : b, eq.args);
  FrameworkLayer pad = l;
  const size_t h = y.shape.size() - 2;
  pad.h = {-eq.after[2], y.shape[h] + eq.after[2] + eq.after[3]};
  pad.w = {-eq.after[0], y.shape[h + 1] + eq.after[0] + eq.after[1]};
  const Array out = tconv::crop_window(pad, y, eq.bias_after_pad ? b : nullptr);
  return l.batched ? tconv::permute4(out, l.output_perm) : out;
}

float max_abs(const std::vector<float>& v) {
  float m = 0;
  for (float f : v) m = std::max(m, std::fabs(f));
  return m;
}

// Two float computations of the same sums, in other orders: equal within a
// bound on the rounding of `terms` products and the bias.
void check_close(const Array& a, const Array& b, const cli::FrameworkSpec& s, const char* what) {
  FUZZ_CHECK(a.shape == b.shape, std::string(what) + ": shape " + tconv::format_shape(a.shape) +
                                     " vs " + tconv::format_shape(b.shape));
  const tconv::Geometry& g = s.layer.full;
  const double terms = static_cast<double>(g.in_per_group() * g.h.kernel * g.w.kernel);
  const double mag = terms * max_abs(s.input.data) * max_abs(s.weight.data) +
                     (s.bias ? max_abs(s.bias->data) : 0.0);
  if (!(mag < 1e30)) return;  // products may overflow to inf on the way
  const double tol = 8 * FLT_EPSILON * (terms + 2) * mag + FLT_MIN;
  for (size_t i = 0; i < a.data.size(); ++i)
    FUZZ_CHECK(std::fabs(double(a.data[i]) - b.data[i]) <= tol,
               std::string(what) + ": element " + std::to_string(i) + " is " +
                   std::to_string(a.data[i]) + " and " + std::to_string(b.data[i]));
}

void check_forward(const json& spec, const cli::FrameworkSpec& s, const Array& y) {
  const json out = json::parse(cli::run_forward(spec));
  FUZZ_CHECK(out.at("shape").get<Shape>() == s.layer.output_shape,
             "forward printed shape " + out.at("shape").dump() + ", the layer's is " +
                 tconv::format_shape(s.layer.output_shape));
  const std::vector<double> printed = fuzz::flatten(out.at("output"), y.shape);
  if (s.layer.convention == tconv::Convention::PyTorch) return;  // PyTorch's own path, rounded
  for (size_t i = 0; i < printed.size(); ++i)
    FUZZ_CHECK(fuzz::same_float(printed[i], y.data[i]),
               "printed " + std::to_string(printed[i]) + ", computed " + std::to_string(y.data[i]));
}

void same_window(const FrameworkLayer& back, const FrameworkLayer& l, const char* framework) {
  FUZZ_CHECK(back.h == l.h && back.w == l.w,
             std::string(framework) + "'s form keeps rows [" + std::to_string(back.h.begin) + ", " +
                 std::to_string(back.h.end()) + ") x [" + std::to_string(back.w.begin) + ", " +
                 std::to_string(back.w.end()) + "), the layer [" + std::to_string(l.h.begin) +
                 ", " + std::to_string(l.h.end()) + ") x [" + std::to_string(l.w.begin) + ", " +
                 std::to_string(l.w.end()) + ")");
}

// Each framework's form of the layer, read back by that framework's rules
// (on NCHW tensors, PyTorch's weight layout where the framework takes it).
void check_forms(const FrameworkLayer& l, const tconv::Expressions& e) {
  if (!l.batched) return;  // only PyTorch takes 3-D input
  const tconv::Geometry& g = l.full;
  const Shape x{g.batch, g.in_channels, g.h.in, g.w.in};
  const Shape w{g.in_channels, g.out_per_group(), g.h.kernel, g.w.kernel};
  const Shape b{g.out_channels};
  const Shape* bp = l.has_bias ? &b : nullptr;
  if (e.tensorflow) {
    tconv::TensorFlowArgs t;
    t.data_format = "NCHW";
    t.strides = {e.tensorflow->strides.h, e.tensorflow->strides.w};
    t.dilations = {e.tensorflow->dilations.h, e.tensorflow->dilations.w};
    t.padding = e.tensorflow->padding;
    const Shape& o = e.tensorflow->output_shape;
    t.output_shape = Shape{o[0], o[3], o[1], o[2]};
    same_window(tconv::resolve_tensorflow(x, {w[2], w[3], w[1], w[0]}, bp, t), l, "tensorflow");
  }
  if (e.onnx) {
    tconv::OnnxArgs o;
    o.strides = {e.onnx->strides.h, e.onnx->strides.w};
    o.dilations = {e.onnx->dilations.h, e.onnx->dilations.w};
    o.pads = {e.onnx->pads.begin(), e.onnx->pads.end()};
    o.output_padding = {e.onnx->output_padding.h, e.onnx->output_padding.w};
    o.group = e.onnx->group;
    same_window(tconv::resolve_onnx(x, w, bp, o), l, "onnx");
  }
  if (e.jax && e.jax->groups == 1) {
    tconv::JaxArgs j;
    j.strides = {e.jax->strides.h, e.jax->strides.w};
    j.rhs_dilation = std::vector<int64_t>{e.jax->rhs_dilation.h, e.jax->rhs_dilation.w};
    j.padding = {e.jax->padding[0], e.jax->padding[1]};
    j.dimension_numbers = {"NCHW", "OIHW", "NCHW"};
    j.transpose_kernel = true;
    same_window(tconv::resolve_jax(x, w, bp, j), l, "jax");
  }
}

void check_translate(const json& spec, const FrameworkLayer& l,
                     const tconv::PyTorchEquivalent& eq) {
  const json out = json::parse(cli::run_translate(spec, "", true));
  FUZZ_CHECK(out.at("output_shape").get<Shape>() == l.output_shape, out.at("output_shape").dump());
  FUZZ_CHECK(out.at("after").get<std::vector<int64_t>>() ==
                 std::vector<int64_t>(eq.after.begin(), eq.after.end()),
             "translate's after " + out.at("after").dump());
  FUZZ_CHECK(out.at("exact") == eq.exact(), "exact");
  for (const char* c : {"pytorch", "tensorflow", "onnx", "jax"})
    FUZZ_CHECK(out.at("code").at(c).is_string() && !out["code"][c].get<std::string>().empty(), c);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  json spec;
  cli::FrameworkSpec s;
  if (!fuzz::accepted([&] {
        spec = cli::parse_json(fuzz::text(data, size));
        s = cli::framework_spec_from_json(spec);
      }))
    return 0;
  if (too_big(s)) return 0;
  s.fill_shape_only();
  const FrameworkLayer& l = s.layer;
  const Array y = tconv::framework_conv_transpose2d(l, s.input, s.weight, s.bias_ptr());
  FUZZ_CHECK(y.shape == l.output_shape, "computed " + tconv::format_shape(y.shape) +
                                            ", the layer says " +
                                            tconv::format_shape(l.output_shape));
  check_forward(spec, s, y);
  const tconv::Translation t = tconv::translate(l);
  check_close(through_pytorch(l, t.forms.pytorch, s.input, s.weight, s.bias_ptr()), y, s,
              "through PyTorch's equivalent");
  check_forms(l, t.forms);
  check_translate(spec, l, t.forms.pytorch);
  return 0;
}
