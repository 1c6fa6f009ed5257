// A layer's window written in every framework: PyTorch (plus F.pad), the
// same-shape trap, TensorFlow, ONNX and JAX, and the Frameworks view's record.
#include "tconv/frameworks_translate.h"

#include <algorithm>

#include "frameworks_detail.h"
#include "tconv/errors.h"

namespace tconv {
namespace {

// One axis of a layer, as every search below needs it.
struct AxisFacts {
  int64_t in, k, stride, dilation, full;
  AxisWindow win;
  int64_t k_eff() const { return (k - 1) * dilation + 1; }
  int64_t max_op() const { return std::max(stride, dilation) - 1; }  // PyTorch's output_padding
};

std::array<AxisFacts, 2> axes(const FrameworkLayer& l) {
  auto one = [](const Axis& a, const AxisWindow& w) {
    return AxisFacts{a.in, a.kernel, a.stride, a.dilation, a.full(), w};
  };
  return {one(l.full.h, l.h), one(l.full.w, l.w)};
}

// PyTorch's (padding, output_padding) for one axis and the F.pad amounts
// (before, after) that turn its window [p, full - p + op) into `win`. The
// largest padding that works: padding crops real rows only where the window
// drops them, and a positive F.pad may only add rows outside the full output.
struct AxisEquivalent {
  int64_t padding = 0, output_padding = 0, before = 0, after = 0;
};
AxisEquivalent axis_equivalent(const AxisFacts& a) {
  const int64_t b = a.win.begin, e = a.win.end(), f = a.full;
  for (int64_t p = std::max<int64_t>(b, 0); p >= 0; --p) {
    const int64_t op = std::clamp<int64_t>(e - f + p, 0, a.max_op());
    const int64_t end = f - p + op;
    const bool nonempty = f - 2 * p + op >= 1;
    const bool pads_only_zeros = e <= end || op >= p;  // rows past `end` are beyond the full output
    if (nonempty && pads_only_zeros) return {p, op, p - b, e - end};
  }
  return {};  // unreachable: p = 0 always works
}

// The PyTorch layer of the same size on one axis that a user would reach
// for first (smallest output_padding), if any.
std::optional<AxisShift> same_size(const AxisFacts& a) {
  for (int64_t op = 0; op <= a.max_op(); ++op) {
    const int64_t twice_p = a.full + op - a.win.size;
    if (twice_p < 0 || twice_p % 2 != 0) continue;
    return AxisShift{twice_p / 2, op, twice_p / 2 - a.win.begin};
  }
  return std::nullopt;
}

std::string pair_text(int64_t h, int64_t w) {
  return fw::py_tuple({h, w});
}

}  // namespace

// [SECTION] PyTorch.

PyTorchEquivalent pytorch_equivalent(const FrameworkLayer& l) {
  const auto ax = axes(l);
  const AxisEquivalent h = axis_equivalent(ax[0]), w = axis_equivalent(ax[1]);
  PyTorchEquivalent eq;
  eq.args.stride = {l.full.h.stride, l.full.w.stride};
  eq.args.dilation = {l.full.h.dilation, l.full.w.dilation};
  eq.args.groups = l.full.groups;
  eq.args.padding = {h.padding, w.padding};
  eq.args.output_padding = {h.output_padding, w.output_padding};
  eq.after = {w.before, w.after, h.before, h.after};
  eq.bias_after_pad =
      l.has_bias && std::any_of(eq.after.begin(), eq.after.end(), [](int64_t v) { return v > 0; });
  return eq;
}

ShapeTrap same_shape_shifted(const FrameworkLayer& l) {
  const auto ax = axes(l);
  ShapeTrap t;
  bool all_same_size = true, any_shift = false;
  for (size_t i = 0; i < 2; ++i) {
    const AxisEquivalent eq = axis_equivalent(ax[i]);
    if (eq.before == 0 && eq.after == 0) continue;  // PyTorch keeps exactly these rows
    const auto s = same_size(ax[i]);
    if (!s) {
      all_same_size = false;
      continue;
    }
    any_shift = true;
    (i == 0 ? t.h : t.w) = s;
  }
  t.flagged = all_same_size && any_shift;
  if (!t.flagged) t.h = t.w = std::nullopt;
  return t;
}

// [SECTION] The other frameworks.

namespace {

std::optional<TensorFlowForm> tensorflow_form(const FrameworkLayer& l, std::string& why) {
  if (l.full.groups > 1) {
    why = "tf.nn.conv2d_transpose and keras.layers.Conv2DTranspose have no groups (groups=" +
          std::to_string(l.full.groups) + ")";
    return std::nullopt;
  }
  const auto ax = axes(l);
  if (std::max(ax[0].stride, ax[1].stride) > 1 && std::max(ax[0].dilation, ax[1].dilation) > 1) {
    why =
        "TensorFlow refuses strides > 1 with dilations > 1 (\"`strides > 1` not supported in "
        "conjunction with `dilation_rate > 1`\")";
    return std::nullopt;
  }
  // SAME first (both can give one window when kernel <= stride), unless the
  // layer is TensorFlow's own VALID.
  std::vector<bool> modes{true, false};
  if (l.convention == Convention::TensorFlow && l.padding_mode == "VALID") modes = {false, true};
  for (bool same : modes) {
    bool ok = true;
    for (const AxisFacts& a : ax) {
      const fw::TfForward f = fw::tf_forward(a.win.size, a.k_eff(), a.stride, same);
      ok = ok && f.in == a.in && f.pad_before == a.win.begin;
    }
    if (!ok) continue;
    TensorFlowForm t;
    t.padding = same ? "SAME" : "VALID";
    t.output_shape = {l.batched ? l.full.batch : 1, l.h.size, l.w.size, l.full.out_channels};
    t.strides = {ax[0].stride, ax[1].stride};
    t.dilations = {ax[0].dilation, ax[1].dilation};
    // Keras reaches it by its default size, or with an output_padding per axis.
    bool dflt = true, with_op = true;
    std::array<int64_t, 2> op{};
    for (size_t i = 0; i < 2; ++i) {
      const AxisFacts& a = ax[i];
      dflt = dflt && fw::keras_size(a.in, a.k_eff(), a.stride, same, std::nullopt) == a.win.size;
      op[i] = a.win.size - fw::keras_size(a.in, a.k_eff(), a.stride, same, 0);
      with_op = with_op && op[i] >= 0 && op[i] < a.stride;
    }
    t.keras = dflt || with_op;
    if (!dflt && with_op) t.keras_output_padding = Pair(op[0], op[1]);
    return t;
  }
  why = "no tf.nn.conv2d_transpose keeps rows " + std::to_string(l.h.begin) + "–" +
        std::to_string(l.h.end() - 1) + " and columns " + std::to_string(l.w.begin) + "–" +
        std::to_string(l.w.end() - 1) +
        " of the full output: its SAME and VALID fix the window's start by the output size";
  return std::nullopt;
}

std::optional<OnnxForm> onnx_form(const FrameworkLayer& l, std::string& why) {
  const auto ax = axes(l);
  OnnxForm o;
  std::array<int64_t, 2> op{};
  for (size_t i = 0; i < 2; ++i) {
    const AxisFacts& a = ax[i];
    const char* axis = i == 0 ? "H" : "W";
    if (a.win.begin < 0) {
      why = std::string("ONNX's pads cannot be negative, and the window starts ") +
            std::to_string(-a.win.begin) + " row(s) before the full output on " + axis +
            " (only output_shape with a negative total padding reaches there, which runtimes "
            "read differently)";
      return std::nullopt;
    }
    // output_padding making pads symmetric if it can (PyTorch's own layers
    // come out as pads [p, p, p, p]), else the smallest that works.
    std::optional<int64_t> pick;
    for (int64_t v = 0; v <= a.max_op(); ++v) {
      const int64_t end_pad = a.full + v - a.win.end();
      if (end_pad < 0) continue;
      if (!pick || end_pad == a.win.begin) pick = v;
      if (end_pad == a.win.begin) break;
    }
    if (!pick) {
      why = std::string("the window ends ") + std::to_string(a.win.end() - a.full) +
            " row(s) past the full output on " + axis +
            ", more than output_padding (< max(stride, "
            "dilation) = " +
            std::to_string(a.max_op() + 1) + ") adds";
      return std::nullopt;
    }
    op[i] = *pick;
    o.pads[i] = a.win.begin;
    o.pads[i + 2] = a.full + *pick - a.win.end();
  }
  o.output_padding = {op[0], op[1]};
  o.strides = {ax[0].stride, ax[1].stride};
  o.dilations = {ax[0].dilation, ax[1].dilation};
  o.group = l.full.groups;
  // An auto_pad the spec resolves to the same window: in·stride rows, and
  // the split of total_padding (which output_padding shifts) lands on begin.
  for (const char* mode : {"SAME_UPPER", "SAME_LOWER"}) {
    std::array<std::optional<int64_t>, 2> found;
    for (size_t i = 0; i < 2; ++i) {
      const AxisFacts& a = ax[i];
      const int64_t out = a.in * a.stride;
      for (int64_t v = 0; v <= a.max_op() && out == a.win.size && !found[i]; ++v)
        if (fw::onnx_pad_begin(a.full + v - out, mode[5] == 'U') == a.win.begin) found[i] = v;
    }
    if (found[0] && found[1]) {
      o.auto_pad = mode;
      o.auto_pad_output_padding = {*found[0], *found[1]};
      break;
    }
  }
  if (o.auto_pad.empty() && o.pads == std::array<int64_t, 4>{}) {
    o.auto_pad = "VALID";
    o.auto_pad_output_padding = o.output_padding;
  }
  return o;
}

JaxForm jax_form(const FrameworkLayer& l) {
  const auto ax = axes(l);
  JaxForm j;
  bool same = true, valid = true;
  for (size_t i = 0; i < 2; ++i) {
    const AxisFacts& a = ax[i];
    const int64_t lo = a.k_eff() - 1 - a.win.begin;
    const int64_t hi = a.win.size + a.k_eff() - 1 - ((a.in - 1) * a.stride + 1) - lo;
    j.padding[i] = {lo, hi};
    same = same && fw::jax_transpose_padding(a.k_eff(), a.stride, true) == j.padding[i];
    valid = valid && fw::jax_transpose_padding(a.k_eff(), a.stride, false) == j.padding[i];
  }
  j.strides = {ax[0].stride, ax[1].stride};
  j.rhs_dilation = {ax[0].dilation, ax[1].dilation};
  j.groups = l.full.groups;
  if (same) j.padding_mode = "SAME";
  if (valid && !same) j.padding_mode = "VALID";
  return j;
}

}  // namespace

Expressions express(const FrameworkLayer& l) {
  Expressions e;
  e.pytorch = pytorch_equivalent(l);
  // PyTorch gives an empty batch its empty output even where a row count is
  // below 1; TensorFlow, ONNX and JAX refuse such a size whatever the batch.
  if (l.h.size < 1 || l.w.size < 1) {
    const std::string why = "the output has " + std::to_string(std::min(l.h.size, l.w.size)) +
                            " rows on " + (l.h.size < 1 ? "H" : "W") +
                            " (PyTorch allows it for an empty batch only); the framework refuses "
                            "an output size below 1";
    e.tensorflow_none = e.onnx_none = e.jax_none = why;
    return e;
  }
  e.tensorflow = tensorflow_form(l, e.tensorflow_none);
  e.onnx = onnx_form(l, e.onnx_none);
  e.jax = jax_form(l);
  return e;
}

// [SECTION] The story in words.

namespace {

std::string window_text(const FrameworkLayer& l) {
  std::ostringstream s;
  s << "full output " << l.full.h.out << " × " << l.full.w.out
    << " ((in − 1)·stride + dilation·(kernel − 1) + 1 per axis); " << convention_name(l.convention)
    << " keeps rows " << l.h.begin << "–" << l.h.end() - 1 << " and columns " << l.w.begin << "–"
    << l.w.end() - 1;
  auto outside = [](const AxisWindow& w, int64_t full, const char* what) {
    std::string t;
    if (w.begin < 0) t += ", " + std::to_string(-w.begin) + " " + what + " of zeros before it";
    if (w.end() > full) t += ", " + std::to_string(w.end() - full) + " " + what + " of zeros after";
    return t;
  };
  s << outside(l.h, l.full.h.out, "row(s)") << outside(l.w, l.full.w.out, "column(s)");
  return s.str();
}

std::string pytorch_text(const PyTorchEquivalent& eq) {
  std::ostringstream s;
  const ConvTranspose2dArgs& a = eq.args;
  const std::string params =
      "padding=" + pair_text(a.padding.h, a.padding.w) +
      ", output_padding=" + pair_text(a.output_padding.h, a.output_padding.w);
  if (eq.exact()) {
    s << "PyTorch matches it alone: " << params;
  } else {
    s << "PyTorch's padding crops both sides alike and output_padding only adds at the end, so "
         "after "
      << params << " it needs F.pad(y, " << fw::py_list({eq.after.begin(), eq.after.end()})
      << ") (negative amounts crop)";
  }
  return s.str();
}

std::string trap_text(const FrameworkLayer& l, const ShapeTrap& t) {
  const PyTorchEquivalent eq = pytorch_equivalent(l);
  const AxisShift h = t.h.value_or(AxisShift{eq.args.padding.h, eq.args.output_padding.h, 0});
  const AxisShift w = t.w.value_or(AxisShift{eq.args.padding.w, eq.args.output_padding.w, 0});
  std::ostringstream s;
  s << "same shape, shifted values: PyTorch's padding=" << pair_text(h.padding, w.padding)
    << ", output_padding=" << pair_text(h.output_padding, w.output_padding) << " also gives "
    << l.h.size << " × " << l.w.size << " but keeps rows " << h.padding << "–"
    << h.padding + l.h.size - 1 << " and columns " << w.padding << "–" << w.padding + l.w.size - 1
    << ": off by " << h.shift << " row(s) and " << w.shift << " column(s)";
  return s.str();
}

}  // namespace

Translation translate(const FrameworkLayer& layer) {
  Translation t;
  t.layer = layer;
  t.forms = express(layer);
  t.trap = same_shape_shifted(layer);
  t.notes.push_back(window_text(layer));
  t.notes.push_back(pytorch_text(t.forms.pytorch));
  if (t.trap.flagged) t.notes.push_back(trap_text(layer, t.trap));
  if (t.forms.pytorch.bias_after_pad)
    t.notes.push_back(
        "the framework adds its bias to the padded rows too: the PyTorch code adds the bias "
        "after F.pad, not in the layer");
  for (const std::string& n : layer.notes) t.notes.push_back(n);
  if (!t.forms.tensorflow) t.notes.push_back("TensorFlow: none: " + t.forms.tensorflow_none);
  if (!t.forms.onnx) t.notes.push_back("ONNX: none: " + t.forms.onnx_none);
  if (!t.forms.jax) t.notes.push_back("JAX: none: " + t.forms.jax_none);
  if (!layer.batched)
    t.notes.push_back(
        "unbatched input: TensorFlow, ONNX and JAX take a batch dimension (x[None], y[0])");
  return t;
}

// [SECTION] The Frameworks view.

namespace {

Relation relate(const AxisWindow& h, const AxisWindow& w, const FrameworkLayer& ref) {
  if (h == ref.h && w == ref.w) return Relation::Same;
  if (h.size == ref.h.size && w.size == ref.w.size) return Relation::SameShapeShifted;
  return Relation::OtherShape;
}

template <typename F>
FrameworkCase make_case(Convention c, std::string label, const FrameworkLayer& ref, F&& resolve) {
  FrameworkCase fc;
  fc.convention = c;
  fc.label = std::move(label);
  try {
    const FrameworkLayer l = resolve();
    fc.call = l.call;
    fc.h = l.h;
    fc.w = l.w;
    fc.relation = relate(l.h, l.w, ref);
  } catch (const ArgumentError& e) {
    fc.relation = Relation::Refused;
    fc.refusal = e.what();
  }
  return fc;
}

}  // namespace

std::vector<FrameworkCase> classic_cases(const Geometry& geo) {
  const Shape input =
      geo.batched ? geo.input_shape() : Shape{1, geo.in_channels, geo.h.in, geo.w.in};
  const Shape weight = geo.weight_shape();
  const FrameworkLayer ref = resolve_pytorch(geo.input_shape(), weight, nullptr, [&] {
    ConvTranspose2dArgs a;
    a.stride = {geo.h.stride, geo.w.stride};
    a.padding = {geo.h.padding, geo.w.padding};
    a.output_padding = {geo.h.output_padding, geo.w.output_padding};
    a.dilation = {geo.h.dilation, geo.w.dilation};
    a.groups = geo.groups;
    return a;
  }());
  const std::vector<int64_t> strides{geo.h.stride, geo.w.stride};
  const std::vector<int64_t> dilations{geo.h.dilation, geo.w.dilation};
  std::vector<FrameworkCase> cases;
  for (const char* pad : {"SAME", "VALID"}) {
    cases.push_back(make_case(Convention::TensorFlow, std::string("TensorFlow ") + pad, ref, [&] {
      if (geo.groups > 1)
        throw ArgumentError(
            "tf.nn.conv2d_transpose and keras.layers.Conv2DTranspose have no groups");
      TensorFlowArgs a;
      a.strides = strides;
      a.dilations = dilations;
      a.padding = pad;
      a.data_format = "NCHW";
      const Shape filters{geo.h.kernel, geo.w.kernel, geo.out_channels, geo.in_channels};
      return resolve_tensorflow(input, filters, nullptr, a);
    }));
  }
  auto onnx_args = [&] {
    OnnxArgs a;
    a.strides = strides;
    a.dilations = dilations;
    a.group = geo.groups;
    return a;
  };
  for (const char* mode : {"SAME_UPPER", "SAME_LOWER", "VALID"}) {
    cases.push_back(make_case(Convention::Onnx, std::string("ONNX ") + mode, ref, [&] {
      OnnxArgs a = onnx_args();
      a.auto_pad = mode;
      return resolve_onnx(input, weight, nullptr, a);
    }));
  }
  // PyTorch's own numbers as ONNX attributes: pads and output_padding read as
  // PyTorch reads them, so this row is the same window by the spec's formula.
  cases.push_back(make_case(Convention::Onnx, "ONNX pads", ref, [&] {
    OnnxArgs a = onnx_args();
    a.pads = {geo.h.padding, geo.w.padding, geo.h.padding, geo.w.padding};
    a.output_padding = {geo.h.output_padding, geo.w.output_padding};
    return resolve_onnx(input, weight, nullptr, a);
  }));
  // PyTorch's output size as output_shape: the spec then splits the total
  // padding itself, the odd row at the beginning (auto_pad NOTSET), which
  // differs from PyTorch once output_padding exceeds 1.
  cases.push_back(make_case(Convention::Onnx, "ONNX output_shape", ref, [&] {
    OnnxArgs a = onnx_args();
    a.output_shape = {ref.h.size, ref.w.size};
    return resolve_onnx(input, weight, nullptr, a);
  }));
  for (const char* pad : {"SAME", "VALID"}) {
    cases.push_back(make_case(Convention::Jax, std::string("JAX ") + pad, ref, [&] {
      if (geo.groups > 1) throw ArgumentError("lax.conv_transpose has no feature_group_count");
      JaxArgs a;
      a.strides = strides;
      a.rhs_dilation = dilations;
      a.padding_mode = pad;
      a.dimension_numbers = {"NCHW", "OIHW", "NCHW"};
      a.transpose_kernel = true;
      return resolve_jax(input, weight, nullptr, a);
    }));
  }
  return cases;
}

}  // namespace tconv
