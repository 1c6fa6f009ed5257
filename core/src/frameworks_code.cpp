// The scripts behind `tconv translate`'s "code" and the Frameworks view's
// copy buttons: one per framework, each self-checking.
#include "tconv/frameworks_code.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <sstream>

#include "frameworks_detail.h"

namespace tconv {

std::string python_float(float f) {
  if (std::isnan(f)) return "float(\"nan\")";
  if (std::isinf(f)) return f > 0 ? "float(\"inf\")" : "-float(\"inf\")";
  char buf[48];
  for (int digits = 1; digits <= 9; ++digits) {
    std::snprintf(buf, sizeof buf, "%.*g", digits, static_cast<double>(f));
    if (static_cast<float>(std::strtod(buf, nullptr)) == f) break;
  }
  std::string s = buf;
  if (s.find_first_of(".e") == std::string::npos) s += ".0";
  return s;
}

namespace {

// [SECTION] Literals.

void nested(std::ostringstream& o, const Array& a, size_t dim, size_t& off, size_t indent) {
  o << '[';
  const bool last = dim + 1 == a.shape.size();
  for (int64_t i = 0; i < a.shape[dim]; ++i) {
    if (i > 0) o << (last ? ", " : ",\n" + std::string(indent + dim + 1, ' '));
    if (last)
      o << python_float(a.data[off++]);
    else
      nested(o, a, dim + 1, off, indent);
  }
  o << ']';
}

// `name = <module>.<ctor>([...], dtype=...)`; a tensor with no elements is
// made from its shape, which nested lists cannot carry.
std::string tensor_literal(const std::string& name, const Array& a, bool torch, bool values) {
  std::ostringstream o;
  if (!values) {
    o << name << (torch ? " = torch.randn(" : " = rng.standard_normal(") << fw::py_tuple(a.shape)
      << (torch ? ")\n" : ", dtype=np.float32)\n");
    return o.str();
  }
  const std::string prefix = name + (torch ? " = torch.tensor(" : " = np.array(");
  const char* dtype = torch ? "torch.float32" : "np.float32";
  if (a.numel() == 0) {
    o << name << (torch ? " = torch.zeros(" : " = np.zeros(") << fw::py_tuple(a.shape)
      << ", dtype=" << dtype << ")\n";
    return o.str();
  }
  size_t off = 0;
  o << prefix;
  if (a.shape.empty())
    o << python_float(a.data[0]);
  else
    nested(o, a, 0, off, prefix.size());
  o << ", dtype=" << dtype << ")\n";
  return o.str();
}

std::array<int, 4> inverse(const std::array<int, 4>& p) {
  std::array<int, 4> inv{};
  for (int j = 0; j < 4; ++j) inv[static_cast<size_t>(p[static_cast<size_t>(j)])] = j;
  return inv;
}

bool identity(const std::array<int, 4>& p) {
  return p == std::array<int, 4>{0, 1, 2, 3};
}

std::string perm_args(const std::array<int, 4>& p) {
  return std::to_string(p[0]) + ", " + std::to_string(p[1]) + ", " + std::to_string(p[2]) + ", " +
         std::to_string(p[3]);
}

// The layer's tensors in PyTorch's layouts, batched.
struct Canonical {
  Array x, w, y;  // (N, C_in, H, W), (C_in, C_out/g, kH, kW), (N, C_out, Ho, Wo)
  std::optional<Array> b;
};

Array add_batch(Array a) {
  if (a.dim() == 3) a.shape.insert(a.shape.begin(), 1);
  return a;
}

Canonical canonical(const FrameworkLayer& l, const LayerValues& v) {
  Canonical c;
  c.x = l.batched ? permute4(v.input, l.input_perm) : add_batch(v.input);
  c.w = to_pytorch_weight(l, v.weight);
  c.y = l.batched ? permute4(v.output, inverse(l.output_perm)) : add_batch(v.output);
  c.b = v.bias;
  return c;
}

// Without embedded values there is nothing to compare with: say so.
std::string no_values_note(bool torch) {
  return std::string(
             "# Random values (the layer is large): tconv translate with the spec's values\n"
             "# embeds them and checks the output.\n") +
         (torch ? "torch.manual_seed(0)\n" : "rng = np.random.default_rng(0)\n");
}

std::string tolerance_line(bool torch) {
  if (torch)
    return "atol = 1e-5 * max(1.0, expected.abs().max().item()) if expected.numel() else 1e-5\n";
  return "atol = 1e-5 * max(1.0, float(np.abs(expected).max())) if expected.size else 1e-5\n";
}

std::string numpy_check(const std::string& who, bool values) {
  if (!values) return "print(\"" + who + " output shape:\", y.shape)\n";
  return tolerance_line(false) +
         "assert y.shape == expected.shape, f\"shape {y.shape} != {expected.shape}\"\n"
         "np.testing.assert_allclose(y, expected, rtol=1e-5, atol=atol)\n"
         "print(\"OK: " +
         who +
         " agrees with tconv, max |diff| =\",\n"
         "      float(np.abs(y - expected).max()) if y.size else 0.0)\n";
}

std::string docstring(const std::string& what, const Translation& t, const char* run, bool values) {
  std::ostringstream o;
  o << "#!/usr/bin/env python3\n\"\"\"tconv translate: " << t.layer.call << "\nas " << what
    << ".\n\n";
  for (const std::string& n : t.notes) o << "- " << n << "\n";
  if (values)
    o << "\nRuns the layer on the values below and asserts it matches the output tconv\n"
      << "computed for " << convention_name(t.layer.convention) << " (embedded as `expected`).\n";
  o << "Run it with: python3 THIS_FILE.py   (" << run << ")\n\"\"\"\n";
  return o.str();
}

// [SECTION] PyTorch.

std::string pytorch_code(const Translation& t, const LayerValues& v, bool values) {
  const FrameworkLayer& l = t.layer;
  const PyTorchEquivalent& eq = t.forms.pytorch;
  const ConvTranspose2dArgs& a = eq.args;
  const bool own = l.convention == Convention::PyTorch;
  std::ostringstream o;
  o << docstring("PyTorch", t, "PyTorch 1.13 or later", values) << "import torch\n";
  if (!eq.exact()) o << "import torch.nn.functional as F\n";
  if (!values) o << "\n" << no_values_note(true);
  o << "\n# " << (own ? "The" : std::string(convention_name(l.convention)) + "'s")
    << " tensors as given: input " << format_shape(v.input.shape) << ", " << l.weight.layout << " "
    << format_shape(v.weight.shape) << "\n"
    << tensor_literal("x", v.input, true, values) << tensor_literal("w", v.weight, true, values);
  if (v.bias) o << tensor_literal("b", *v.bias, true, values);
  if (values)
    o << "# What " << convention_name(l.convention) << " computes (tconv), "
      << format_shape(v.output.shape) << "\n"
      << tensor_literal("expected", v.output, true, values);
  o << "\n";
  if (l.batched && !identity(l.input_perm))
    o << "x = x.permute(" << perm_args(l.input_perm) << ")  # to (N, C_in, H, W)\n";
  if (!identity(l.weight.permute))
    o << "w = w.permute(" << perm_args(l.weight.permute)
      << ")  # to (C_in, C_out/groups, kH, kW)\n";
  if (l.weight.flip) o << "w = w.flip(2, 3)  # rotate each kernel 180°\n";
  const bool layer_bias = v.bias && !eq.bias_after_pad;
  o << "conv = torch.nn.ConvTranspose2d(\n"
    << "    in_channels=" << l.full.in_channels << ", out_channels=" << l.full.out_channels
    << ", kernel_size=" << fw::py_pair({l.full.h.kernel, l.full.w.kernel}) << ",\n"
    << "    stride=" << fw::py_pair(a.stride) << ", padding=" << fw::py_pair(a.padding)
    << ", output_padding=" << fw::py_pair(a.output_padding) << ",\n"
    << "    groups=" << a.groups << ", bias=" << (layer_bias ? "True" : "False")
    << ", dilation=" << fw::py_pair(a.dilation) << ")\n"
    << "with torch.no_grad():\n"
    << "    conv.weight.copy_(w)\n";
  if (layer_bias) o << "    conv.bias.copy_(b)\n";
  o << "    y = conv(x)\n";
  if (!eq.exact())
    o << "    y = F.pad(y, " << fw::py_list({eq.after.begin(), eq.after.end()})
      << ")  # [left, right, top, bottom]; negative amounts crop\n";
  if (eq.bias_after_pad) o << "    y = y + b.view(-1, 1, 1)  # the padded zeros get the bias too\n";
  if (l.batched && !identity(l.output_perm))
    o << "y = y.permute(" << perm_args(l.output_perm) << ")  # back to "
      << convention_name(l.convention) << "'s layout\n";
  if (!values) {
    o << "\nprint(\"output shape:\", tuple(y.shape))\n";
    return o.str();
  }
  o << "\nprint(y)\n"
    << tolerance_line(true)
    << "assert y.shape == expected.shape, f\"shape {tuple(y.shape)} != {tuple(expected.shape)}\"\n"
    << "assert torch.allclose(y, expected, rtol=1e-5, atol=atol, equal_nan=True), \\\n"
    << "    f\"max |diff| {(y - expected).abs().max().item()}\"\n"
    << "print(\"OK: PyTorch agrees with tconv's " << convention_name(l.convention)
    << " output, max |diff| =\",\n"
    << "      (y - expected).abs().max().item() if y.numel() else 0.0)\n";
  return o.str();
}

// [SECTION] TensorFlow.

std::string tensorflow_code(const Translation& t, const Canonical& c, bool values) {
  const TensorFlowForm& f = *t.forms.tensorflow;
  const FrameworkLayer& l = t.layer;
  std::ostringstream o;
  o << docstring("TensorFlow (tf.nn.conv2d_transpose, NHWC)", t, "TensorFlow 2", values)
    << "import numpy as np\nimport tensorflow as tf\n\n"
    << (values ? "" : no_values_note(false))
    << "# input [N, H, W, C_in]; filters [kH, kW, C_out, C_in]\n"
    << tensor_literal("x", permute4(c.x, {0, 2, 3, 1}), false, values)
    << tensor_literal("filters", permute4(c.w, {2, 3, 1, 0}), false, values);
  if (c.b) o << tensor_literal("bias", *c.b, false, values);
  if (values) o << tensor_literal("expected", permute4(c.y, {0, 2, 3, 1}), false, values);
  o << "\n"
    << "y = tf.nn.conv2d_transpose(x, filters, output_shape=" << fw::py_list(f.output_shape)
    << ",\n                           strides=" << fw::py_list({f.strides.h, f.strides.w})
    << ", padding=\"" << f.padding << "\", data_format=\"NHWC\",\n"
    << "                           dilations=" << fw::py_list({f.dilations.h, f.dilations.w})
    << ")\n";
  if (c.b) o << "y = y + bias  # Keras Conv2DTranspose's use_bias\n";
  if (f.keras)
    o << "# The same as keras.layers.Conv2DTranspose(" << l.full.out_channels << ", "
      << fw::py_pair({l.full.h.kernel, l.full.w.kernel}) << ", strides=" << fw::py_pair(f.strides)
      << ", padding=\"" << (f.padding == "SAME" ? "same" : "valid") << "\", output_padding="
      << (f.keras_output_padding ? fw::py_pair(*f.keras_output_padding) : std::string("None"))
      << ", dilation_rate=" << fw::py_pair(f.dilations) << ", use_bias=" << (c.b ? "True" : "False")
      << ")\n";
  o << "y = y.numpy()\n\nprint(y)\n" << numpy_check("TensorFlow", values);
  return o.str();
}

// [SECTION] ONNX.

std::string onnx_code(const Translation& t, const Canonical& c, bool values) {
  const OnnxForm& f = *t.forms.onnx;
  std::ostringstream o;
  o << docstring("ONNX (ConvTranspose with explicit pads)", t,
                 "onnx 1.13 or later, onnxruntime if installed", values)
    << "import numpy as np\nfrom onnx import TensorProto, checker, helper\n\n"
    << (values ? "" : no_values_note(false)) << "# X (N x C x H x W), W (C x M/group x kH x kW)\n"
    << tensor_literal("X", c.x, false, values) << tensor_literal("W", c.w, false, values);
  if (c.b) o << tensor_literal("B", *c.b, false, values);
  if (values) o << tensor_literal("expected", c.y, false, values);
  o << "\n"
    << "node = helper.make_node(\n    \"ConvTranspose\", [\"X\", \"W\"" << (c.b ? ", \"B\"" : "")
    << "], [\"Y\"],\n    strides=" << fw::py_list({f.strides.h, f.strides.w})
    << ", pads=" << fw::py_list({f.pads.begin(), f.pads.end()})
    << ", output_padding=" << fw::py_list({f.output_padding.h, f.output_padding.w})
    << ",\n    dilations=" << fw::py_list({f.dilations.h, f.dilations.w}) << ", group=" << f.group
    << ")\n";
  if (!f.auto_pad.empty())
    o << "# The same as auto_pad=\"" << f.auto_pad << "\" with output_padding="
      << fw::py_list({f.auto_pad_output_padding.h, f.auto_pad_output_padding.w})
      << " instead of pads\n";
  o << "inputs = [helper.make_tensor_value_info(\"X\", TensorProto.FLOAT, list(X.shape)),\n"
    << "          helper.make_tensor_value_info(\"W\", TensorProto.FLOAT, list(W.shape))]\n";
  if (c.b)
    o << "inputs.append(helper.make_tensor_value_info(\"B\", TensorProto.FLOAT, list(B.shape)))\n";
  o << "graph = helper.make_graph([node], \"tconv\", inputs,\n"
    << "                          [helper.make_tensor_value_info(\"Y\", TensorProto.FLOAT, "
       "None)])\n"
    << "model = helper.make_model(graph, opset_imports=[helper.make_opsetid(\"\", 17)])\n"
    << "checker.check_model(model)\n"
    << "feeds = {\"X\": X, \"W\": W" << (c.b ? ", \"B\": B" : "") << "}\n"
    << "try:\n"
    << "    import onnxruntime\n"
    << "    session = onnxruntime.InferenceSession(model.SerializeToString(),\n"
    << "                                           providers=[\"CPUExecutionProvider\"])\n"
    << "    y = session.run(None, feeds)[0]\n"
    << "except ImportError:  # onnx's reference evaluator (its ConvTranspose assumes group=1)\n"
    << "    from onnx.reference import ReferenceEvaluator\n"
    << "    y = ReferenceEvaluator(model).run(None, feeds)[0]\n"
    << "\nprint(y)\n"
    << numpy_check("ONNX", values);
  return o.str();
}

// [SECTION] JAX.

std::string jax_code(const Translation& t, const Canonical& c, bool values) {
  const JaxForm& f = *t.forms.jax;
  const FrameworkLayer& l = t.layer;
  std::ostringstream o;
  const std::string pads = fw::py_pairs({f.padding[0], f.padding[1]});
  o << docstring("JAX (lax.conv_transpose, NCHW)", t, "jax", values) << "import numpy as np\n"
    << "from jax import lax\n\n"
    << (values ? "" : no_values_note(false))
    << "# lhs (N, C_in, H, W); rhs 'OIHW' = PyTorch's weight (C_in, C_out/groups, kH, kW)\n"
    << tensor_literal("x", c.x, false, values) << tensor_literal("weight", c.w, false, values);
  if (c.b) o << tensor_literal("bias", *c.b, false, values);
  if (values) o << tensor_literal("expected", c.y, false, values);
  o << "\n";
  if (f.groups == 1) {
    o << "y = lax.conv_transpose(x, weight, strides=" << fw::py_pair(f.strides)
      << ", padding=" << pads << ",\n"
      << "                       rhs_dilation=" << fw::py_pair(f.rhs_dilation)
      << ", dimension_numbers=(\"NCHW\", \"OIHW\", \"NCHW\"),\n"
      << "                       transpose_kernel=True, precision=lax.Precision.HIGHEST)\n";
    if (!f.padding_mode.empty())
      o << "# padding=\"" << f.padding_mode << "\" gives the same (low, high) pairs\n";
  } else {
    const int64_t g = f.groups, ci = l.full.in_channels, co = l.full.out_channels;
    o << "# lax.conv_transpose has no feature_group_count: the same layer as a grouped\n"
      << "# correlation over the stride-dilated input, with each group's kernel transposed\n"
      << "# to (C_out, C_in/groups) and rotated 180°.\n"
      << "kernel = weight.reshape(" << g << ", " << ci / g << ", " << co / g << ", "
      << l.full.h.kernel << ", " << l.full.w.kernel << ").transpose(0, 2, 1, 3, 4)\n"
      << "kernel = kernel.reshape(" << co << ", " << ci / g << ", " << l.full.h.kernel << ", "
      << l.full.w.kernel << ")[:, :, ::-1, ::-1]\n"
      << "y = lax.conv_general_dilated(x, np.ascontiguousarray(kernel), window_strides=(1, 1),\n"
      << "                             padding=" << pads
      << ", lhs_dilation=" << fw::py_pair(f.strides) << ",\n"
      << "                             rhs_dilation=" << fw::py_pair(f.rhs_dilation)
      << ", dimension_numbers=(\"NCHW\", \"OIHW\", \"NCHW\"),\n"
      << "                             feature_group_count=" << g
      << ", precision=lax.Precision.HIGHEST)\n";
  }
  if (c.b) o << "y = y + bias[None, :, None, None]  # as flax's ConvTranspose adds its bias\n";
  o << "y = np.asarray(y)\n\nprint(y)\n" << numpy_check("JAX", values);
  return o.str();
}

std::string none_code(const char* name, const std::string& why) {
  return std::string("# ") + name + ": no equivalent layer.\n# " + why + "\n";
}

}  // namespace

std::string python_code(Convention target, const Translation& t, const LayerValues& v,
                        const CodeOptions& options) {
  const bool values = options.values;
  switch (target) {
    case Convention::PyTorch:
      return pytorch_code(t, v, values);
    case Convention::TensorFlow:
      if (!t.forms.tensorflow) return none_code("TensorFlow", t.forms.tensorflow_none);
      return tensorflow_code(t, canonical(t.layer, v), values);
    case Convention::Onnx:
      if (!t.forms.onnx) return none_code("ONNX", t.forms.onnx_none);
      return onnx_code(t, canonical(t.layer, v), values);
    case Convention::Jax:
      if (!t.forms.jax) return none_code("JAX", t.forms.jax_none);
      return jax_code(t, canonical(t.layer, v), values);
  }
  return "";
}

}  // namespace tconv
