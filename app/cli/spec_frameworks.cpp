// Reading TensorFlow, ONNX and JAX specs with each framework's own names.
#include "spec_frameworks.h"

#include "spec.h"

namespace cli {

using nlohmann::json;

const char* const kConventionKeys =
    "\"convention\" picks the framework whose names and rules the spec uses (default pytorch):\n"
    "  tensorflow   input, filters [kH, kW, out, in], bias (Keras use_bias), strides, padding\n"
    "               (\"SAME\" | \"VALID\"), output_shape (4 values in data_format's order; "
    "absent:\n"
    "               Keras Conv2DTranspose's size), data_format (\"NHWC\" default | \"NCHW\"),\n"
    "               dilations, output_padding (Keras, without output_shape)\n"
    "  onnx         X (N x C x H x W), W (C x M/group x kH x kW), B, strides, dilations, group,\n"
    "               pads [h_begin, w_begin, h_end, w_end], output_padding, output_shape [H, W],\n"
    "               kernel_shape, auto_pad (NOTSET | SAME_UPPER | SAME_LOWER | VALID)\n"
    "  jax          lhs, rhs, bias (added after, as flax does), strides, padding (\"SAME\" |\n"
    "               \"VALID\" | [[lo, hi], [lo, hi]]), rhs_dilation, dimension_numbers (default\n"
    "               [\"NHWC\", \"HWIO\", \"NHWC\"]), transpose_kernel, use_consistent_padding\n"
    "  Each also takes method and <tensor>_shape (e.g. filters_shape) as PyTorch specs do.\n";

namespace {

std::vector<int64_t> int_or_ints(const json& j, const std::string& name) {
  if (j.is_array()) return ints_from_json(j, name);
  return {int_from_json(j, name)};
}

std::string string_key(const json& j, const char* key, const std::string& fallback) {
  const json* v = spec_key(j, key);
  if (!v) return fallback;
  if (!v->is_string()) throw SpecError(std::string(key) + " must be a string, got " + v->dump());
  return v->get<std::string>();
}

bool bool_key(const json& j, const char* key) {
  const json* v = spec_key(j, key);
  if (!v) return false;
  if (!v->is_boolean())
    throw SpecError(std::string(key) + " must be true or false, got " + v->dump());
  return v->get<bool>();
}

tconv::Array required(const json& j, const std::string& key) {
  auto a = spec_tensor(j, key);
  if (!a) throw SpecError("missing key '" + key + "' (or '" + key + "_shape')");
  return std::move(*a);
}

void read_common(const json& j, FrameworkSpec& s, const char* in, const char* w, const char* b) {
  s.input = required(j, in);
  s.weight = required(j, w);
  s.bias = spec_tensor(j, b);
  if (const json* v = spec_key(j, "method")) {
    if (!v->is_string())
      throw SpecError("method must be a string (scatter, matrix, flip or gemm), got " + v->dump());
    s.method = method_from_name(v->get<std::string>());
  }
}

const tconv::Shape* bias_shape(const FrameworkSpec& s) {
  return s.bias ? &s.bias->shape : nullptr;
}

void read_tensorflow(const json& j, FrameworkSpec& s) {
  check_spec_keys(j,
                  {"convention", "input", "filters", "bias", "strides", "padding", "output_shape",
                   "data_format", "dilations", "output_padding", "method", "input_shape",
                   "filters_shape", "bias_shape"},
                  "tf.nn.conv2d_transpose");
  read_common(j, s, "input", "filters", "bias");
  tconv::TensorFlowArgs a;
  if (const json* v = spec_key(j, "strides")) a.strides = int_or_ints(*v, "strides");
  if (const json* v = spec_key(j, "dilations")) a.dilations = int_or_ints(*v, "dilations");
  a.padding = string_key(j, "padding", a.padding);
  a.data_format = string_key(j, "data_format", a.data_format);
  if (const json* v = spec_key(j, "output_shape"))
    a.output_shape = ints_from_json(*v, "output_shape");
  if (const json* v = spec_key(j, "output_padding"))
    a.output_padding = int_or_ints(*v, "output_padding");
  s.layer = tconv::resolve_tensorflow(s.input.shape, s.weight.shape, bias_shape(s), a);
}

void read_onnx(const json& j, FrameworkSpec& s) {
  check_spec_keys(j,
                  {"convention", "X", "W", "B", "auto_pad", "dilations", "group", "kernel_shape",
                   "output_padding", "output_shape", "pads", "strides", "method", "X_shape",
                   "W_shape", "B_shape"},
                  "ONNX ConvTranspose");
  read_common(j, s, "X", "W", "B");
  tconv::OnnxArgs a;
  auto ints = [&](const char* key, std::vector<int64_t>& out) {
    if (const json* v = spec_key(j, key)) out = ints_from_json(*v, key);
  };
  ints("strides", a.strides);
  ints("dilations", a.dilations);
  ints("kernel_shape", a.kernel_shape);
  ints("pads", a.pads);
  ints("output_padding", a.output_padding);
  ints("output_shape", a.output_shape);
  if (const json* v = spec_key(j, "group")) a.group = int_from_json(*v, "group");
  a.auto_pad = string_key(j, "auto_pad", a.auto_pad);
  s.layer = tconv::resolve_onnx(s.input.shape, s.weight.shape, bias_shape(s), a);
}

void read_jax_padding(const json& v, tconv::JaxArgs& a) {
  if (v.is_string()) {
    a.padding_mode = v.get<std::string>();
    return;
  }
  if (!v.is_array())
    throw SpecError("padding must be \"SAME\", \"VALID\" or a list of [low, high] pairs, got " +
                    v.dump());
  for (size_t i = 0; i < v.size(); ++i) {
    const std::string name = "padding[" + std::to_string(i) + "]";
    const std::vector<int64_t> p = ints_from_json(v[i], name);
    if (p.size() != 2) throw SpecError(name + " must be a [low, high] pair, got " + v[i].dump());
    a.padding.emplace_back(p[0], p[1]);
  }
}

void read_jax(const json& j, FrameworkSpec& s) {
  check_spec_keys(j,
                  {"convention", "lhs", "rhs", "bias", "strides", "padding", "rhs_dilation",
                   "dimension_numbers", "transpose_kernel", "use_consistent_padding", "method",
                   "lhs_shape", "rhs_shape", "bias_shape"},
                  "lax.conv_transpose");
  read_common(j, s, "lhs", "rhs", "bias");
  tconv::JaxArgs a;
  const json* strides = spec_key(j, "strides");
  if (!strides) throw SpecError("missing key 'strides' (lax.conv_transpose requires it)");
  a.strides = ints_from_json(*strides, "strides");
  const json* padding = spec_key(j, "padding");
  if (!padding) throw SpecError("missing key 'padding' (lax.conv_transpose requires it)");
  read_jax_padding(*padding, a);
  if (const json* v = spec_key(j, "rhs_dilation"))
    a.rhs_dilation = ints_from_json(*v, "rhs_dilation");
  if (const json* v = spec_key(j, "dimension_numbers")) {
    if (!v->is_array() || v->size() != 3)
      throw SpecError(
          "dimension_numbers must be a list of 3 strings (lhs, rhs, out), e.g. "
          "[\"NCHW\", \"OIHW\", \"NCHW\"], got " +
          v->dump());
    for (size_t i = 0; i < 3; ++i) {
      if (!(*v)[i].is_string())
        throw SpecError("dimension_numbers[" + std::to_string(i) + "] must be a string, got " +
                        (*v)[i].dump());
      a.dimension_numbers[i] = (*v)[i].get<std::string>();
    }
  }
  a.transpose_kernel = bool_key(j, "transpose_kernel");
  a.use_consistent_padding = bool_key(j, "use_consistent_padding");
  s.layer = tconv::resolve_jax(s.input.shape, s.weight.shape, bias_shape(s), a);
}

void read_pytorch(const json& j, FrameworkSpec& s) {
  TransposeSpec t = transpose_spec_from_json(j);
  s.layer = tconv::resolve_pytorch(t.input.shape, t.weight.shape, t.bias_shape(), t.args);
  s.input = std::move(t.input);
  s.weight = std::move(t.weight);
  s.bias = std::move(t.bias);
  s.method = t.method;
}

}  // namespace

void FrameworkSpec::fill_shape_only() {
  const bool pt = layer.convention == tconv::Convention::PyTorch;
  const bool onnx = layer.convention == tconv::Convention::Onnx;
  const bool jax = layer.convention == tconv::Convention::Jax;
  fill_shape_only_tensor(input, pt ? "input" : onnx ? "X" : jax ? "lhs" : "input");
  fill_shape_only_tensor(weight, pt ? "weight" : onnx ? "W" : jax ? "rhs" : "filters");
  if (bias) fill_shape_only_tensor(*bias, onnx ? "B" : "bias");
}

FrameworkSpec framework_spec_from_json(const json& j) {
  if (!j.is_object())
    throw SpecError(std::string("the spec must be a JSON object, got ") + j.type_name());
  FrameworkSpec s;
  const std::string c = spec_convention(j);
  if (c == "tensorflow")
    read_tensorflow(j, s);
  else if (c == "onnx")
    read_onnx(j, s);
  else if (c == "jax")
    read_jax(j, s);
  else
    read_pytorch(j, s);
  return s;
}

}  // namespace cli
