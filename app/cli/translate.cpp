// `tconv forward` on a TensorFlow / ONNX / JAX spec, and `tconv translate`:
// the framework's layer as PyTorch's, and a PyTorch layer in every framework.
#include <sstream>

#include "commands.h"
#include "spec.h"
#include "spec_frameworks.h"
#include "tconv/errors.h"
#include "tconv/frameworks_code.h"
#include "tconv/frameworks_translate.h"

namespace cli {

using nlohmann::json;
using nlohmann::ordered_json;

namespace {

// The framework's output is printed, and the full output computed first.
void refuse_big(const tconv::FrameworkLayer& l) {
  refuse_printing(l.output_shape, "the output");
  refuse_printing({l.full.batch, l.full.out_channels, l.full.h.out, l.full.w.out},
                  "the full output");
}

// The spec resolved and computed: the layer, its tensors and its output.
struct Run {
  FrameworkSpec spec;
  tconv::Array output;
};

Run run_spec(const json& j) {
  Run r{framework_spec_from_json(j), {}};
  refuse_big(r.spec.layer);
  r.spec.fill_shape_only();
  r.output = tconv::framework_conv_transpose2d(r.spec.layer, r.spec.input, r.spec.weight,
                                               r.spec.bias_ptr(), {r.spec.method, 0});
  return r;
}

ordered_json pair_json(const tconv::Pair& p) {
  return {p.h, p.w};
}

ordered_json frameworks_json(const tconv::Expressions& e) {
  ordered_json out;
  if (e.tensorflow) {
    const tconv::TensorFlowForm& t = *e.tensorflow;
    ordered_json keras = nullptr;
    if (t.keras)
      keras = {{"output_padding", t.keras_output_padding ? pair_json(*t.keras_output_padding)
                                                         : ordered_json(nullptr)}};
    out["tensorflow"] = {{"padding", t.padding},
                         {"output_shape", t.output_shape},
                         {"strides", pair_json(t.strides)},
                         {"dilations", pair_json(t.dilations)},
                         {"data_format", "NHWC"},
                         {"keras", keras}};
  } else {
    out["tensorflow"] = {{"none", e.tensorflow_none}};
  }
  if (e.onnx) {
    const tconv::OnnxForm& o = *e.onnx;
    out["onnx"] = {
        {"pads", o.pads},
        {"output_padding", pair_json(o.output_padding)},
        {"strides", pair_json(o.strides)},
        {"dilations", pair_json(o.dilations)},
        {"group", o.group},
        {"auto_pad", o.auto_pad.empty()
                         ? ordered_json(nullptr)
                         : ordered_json{{"auto_pad", o.auto_pad},
                                        {"output_padding", pair_json(o.auto_pad_output_padding)}}}};
  } else {
    out["onnx"] = {{"none", e.onnx_none}};
  }
  if (e.jax) {
    const tconv::JaxForm& x = *e.jax;
    ordered_json j;
    j["function"] = x.groups == 1 ? "lax.conv_transpose" : "lax.conv_general_dilated";
    j["padding"] = {{x.padding[0].first, x.padding[0].second},
                    {x.padding[1].first, x.padding[1].second}};
    j["strides"] = pair_json(x.strides);
    j["rhs_dilation"] = pair_json(x.rhs_dilation);
    j["dimension_numbers"] = {"NCHW", "OIHW", "NCHW"};
    j["transpose_kernel"] = x.groups == 1;
    if (x.groups > 1) j["feature_group_count"] = x.groups;
    j["padding_mode"] =
        x.padding_mode.empty() ? ordered_json(nullptr) : ordered_json(x.padding_mode);
    out["jax"] = std::move(j);
  } else {
    out["jax"] = {{"none", e.jax_none}};
  }
  return out;
}

ordered_json shift_json(const std::optional<tconv::AxisShift>& s) {
  if (!s) return nullptr;
  return {{"padding", s->padding}, {"output_padding", s->output_padding}, {"shift", s->shift}};
}

std::string python_expr(const tconv::WeightMap& w) {
  std::ostringstream s;
  s << "w";
  if (w.permute != std::array<int, 4>{0, 1, 2, 3})
    s << ".permute(" << w.permute[0] << ", " << w.permute[1] << ", " << w.permute[2] << ", "
      << w.permute[3] << ")";
  if (w.flip) s << ".flip(2, 3)";
  return s.str();
}

}  // namespace

bool is_framework_spec(const json& spec) {
  return spec.is_object() && spec_convention(spec) != "pytorch";
}

std::string run_forward_framework(const json& spec) {
  const Run r = run_spec(spec);
  ordered_json out;
  out["shape"] = r.output.shape;
  out["output"] = array_to_json(r.output);
  return out.dump() + "\n";
}

std::string run_translate(const json& spec, const std::string& code_only, bool values) {
  std::optional<tconv::Convention> only;
  if (!code_only.empty()) {
    only = tconv::parse_convention(code_only);
    if (!only)
      throw SpecError("--code takes pytorch, tensorflow, onnx or jax, got '" + code_only + "'");
  }
  const Run r = run_spec(spec);
  const tconv::FrameworkLayer& l = r.spec.layer;
  const tconv::Translation t = tconv::translate(l);
  const tconv::LayerValues layer_values{r.spec.input, r.spec.weight, r.spec.bias, r.output};
  tconv::CodeOptions options;
  options.values = values;
  if (only) return tconv::python_code(*only, t, layer_values, options);

  const tconv::PyTorchEquivalent& eq = t.forms.pytorch;
  ordered_json out;
  out["convention"] = std::string(tconv::convention_name(l.convention));
  out["call"] = l.call;
  out["pytorch"] = {{"stride", pair_json(eq.args.stride)},
                    {"padding", pair_json(eq.args.padding)},
                    {"output_padding", pair_json(eq.args.output_padding)},
                    {"dilation", pair_json(eq.args.dilation)},
                    {"groups", eq.args.groups}};
  out["weight"] = {{"layout", l.weight.layout},
                   {"permute", l.weight.permute},
                   {"flip", l.weight.flip},
                   {"python", python_expr(l.weight)}};
  out["input_permute"] = l.input_perm;
  out["output_permute"] = l.output_perm;
  out["after"] = eq.after;
  out["exact"] = eq.exact();
  out["bias_after_pad"] = eq.bias_after_pad;
  out["same_shape_shifted"] = t.trap.flagged;
  out["shift"] = {{"h", shift_json(t.trap.h)}, {"w", shift_json(t.trap.w)}};
  out["full"] = {l.full.h.out, l.full.w.out};
  out["window"] = {{"h", {l.h.begin, l.h.end()}}, {"w", {l.w.begin, l.w.end()}}};
  out["output_shape"] = l.output_shape;
  out["notes"] = t.notes;
  out["frameworks"] = frameworks_json(t.forms);
  ordered_json code;
  for (tconv::Convention c : tconv::kConventions)
    code[std::string(tconv::convention_name(c))] = tconv::python_code(c, t, layer_values, options);
  out["code"] = std::move(code);
  return out.dump() + "\n";
}

}  // namespace cli
