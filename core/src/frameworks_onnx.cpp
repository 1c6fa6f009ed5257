// ONNX ConvTranspose, per the operator spec (onnx/defs/nn/defs.cc,
// ConvTransposeOpSchemaGenerator and conv_transpose_auto_pad_doc):
//   W is (C x M/group x kH x kW): PyTorch's layout, M = W.shape[1] * group.
//   With pads: output_shape[i] = stride[i] * (input_size[i] - 1) + output_padding[i]
//              + ((kernel_shape[i] - 1) * dilations[i] + 1) - pads[start_i] - pads[end_i]
//   so the output is rows [pads[start_i], ...) of the full output with
//   output_padding zeros appended at the end ("added to the side with higher
//   coordinate indices").
//   With output_shape (pads are then ignored):
//     total_padding[i] = stride[i] * (input_size[i] - 1) + output_padding[i]
//                        + ((kernel_shape[i] - 1) * dilations[i] + 1) - output_shape[i]
//     If (auto_pads == SAME_UPPER): pads[start_i] = total_padding[i]/2;
//                                   pads[end_i] = total_padding[i] - (total_padding[i]/2)
//     Else: pads[start_i] = total_padding[i] - (total_padding[i]/2);
//           pads[end_i] = (total_padding[i]/2).
//   SAME_UPPER / SAME_LOWER: output_shape[i] = input_shape[i] * strides[i], "the
//   extra padding is added at the end for SAME_UPPER and at the beginning for
//   SAME_LOWER" (the formulas above). VALID: no padding.
// "/" is floor division, as the reference implementation (onnx/reference/ops/
// op_conv_transpose.py) computes it in Python: ONNX's own test
// test_convtranspose_output_shape (total_padding -1, NOTSET) expects the zero
// row at the end, which only floor division gives. The attribute checks and
// their wording are convTransposeShapeInference's.
#include <algorithm>

#include "detail.h"
#include "frameworks_detail.h"
#include "tconv/frameworks.h"

namespace tconv {
namespace {

using fw::fail;

// A 2-value attribute: absent -> fallback; else the size and sign checks of
// convTransposeShapeInference.
std::array<int64_t, 2> attr2(const std::vector<int64_t>& v, const char* name, int64_t fallback,
                             bool positive) {
  if (v.empty()) return {fallback, fallback};
  if (v.size() != 2)
    fail("Attribute ", name, " has incorrect size (", name, "=", fw::py_list(v),
         "; a 2-D ConvTranspose takes 2 values)");
  for (int64_t x : v) {
    if (positive && x <= 0)
      fail("Attribute ", name, " must only contain positive values (", name, "=", fw::py_list(v),
           ")");
    if (!positive && x < 0)
      fail("Attribute ", name, " must not contain negative values (", name, "=", fw::py_list(v),
           ")");
  }
  return {v[0], v[1]};
}

struct OnnxParams {
  std::array<int64_t, 2> strides{1, 1}, dilations{1, 1}, output_padding{0, 0};
  std::array<int64_t, 4> pads{};
  bool has_pads = false, has_output_shape = false;
  std::array<int64_t, 2> output_shape{};
};

void onnx_check_ranks(const Shape& x, const Shape& w) {
  if (x.size() < 3)
    fail("Input tensor must have at least 3 dimensions (N x C x D1...Dn). Got: ", x.size());
  if (w.size() < 3)
    fail("Weight tensor must have at least 3 dimensions (C x M/group x k1...kn). Got: ", w.size());
  if (x.size() != 4)
    fail("tconv computes the 2-D ConvTranspose: X must be N x C x H x W, got X of shape ",
         format_shape(x), " (a ", x.size() - 2, "-D ConvTranspose)");
  if (w.size() != 4)
    fail("Weight tensor spatial rank does not match input tensor spatial rank (X ", format_shape(x),
         ", W ", format_shape(w), ")");
}

OnnxParams onnx_params(const Shape& w, const OnnxArgs& a) {
  OnnxParams p;
  p.dilations = attr2(a.dilations, "dilations", 1, true);
  p.strides = attr2(a.strides, "strides", 1, true);
  if (!a.kernel_shape.empty()) {
    if (a.kernel_shape.size() != 2)
      fail("Attribute kernel_shape has incorrect size (kernel_shape=", fw::py_list(a.kernel_shape),
           "; a 2-D ConvTranspose takes 2 values)");
    if (a.kernel_shape[0] != w[2] || a.kernel_shape[1] != w[3])
      fail("kernel_shape is not compatible with W shape. kernel_shape: ",
           fw::py_list(a.kernel_shape), " W: ", format_shape(w));
  }
  if (w[2] <= 0 || w[3] <= 0)
    fail("Attribute kernel_shape must only contain positive values (W has shape ", format_shape(w),
         ")");
  const std::string& ap = a.auto_pad;
  if (ap != "NOTSET" && ap != "SAME_UPPER" && ap != "SAME_LOWER" && ap != "VALID")
    fail("auto_pad must be either NOTSET, SAME_UPPER, SAME_LOWER or VALID, got '", ap, "'");
  if (!a.pads.empty()) {
    if (a.pads.size() != 4)
      fail("Attribute pads has incorrect size (pads=", fw::py_list(a.pads),
           "; a 2-D ConvTranspose takes [x1_begin, x2_begin, x1_end, x2_end])");
    for (int64_t v : a.pads)
      if (v < 0)
        fail("Attribute pads must not contain negative values (pads=", fw::py_list(a.pads), ")");
    if (ap != "NOTSET")
      fail("The pads attribute cannot be used simultaneously with auto_pad attribute (pads=",
           fw::py_list(a.pads), ", auto_pad='", ap, "')");
    p.has_pads = true;
    std::copy(a.pads.begin(), a.pads.end(), p.pads.begin());
  }
  if (!a.output_shape.empty()) {
    if (a.output_shape.size() != 2)
      fail("Attribute output_shape has incorrect size (output_shape=", fw::py_list(a.output_shape),
           "; it takes the spatial sizes [H, W], without N and C)");
    for (int64_t v : a.output_shape)
      if (v < 0)
        fail("Attribute output_shape must not contain negative values (output_shape=",
             fw::py_list(a.output_shape), ")");
    p.has_output_shape = true;
    p.output_shape = {a.output_shape[0], a.output_shape[1]};
  }
  p.output_padding = attr2(a.output_padding, "output_padding", 0, false);
  for (size_t i = 0; i < 2; ++i)
    if (p.output_padding[i] >= std::max(p.strides[i], p.dilations[i]))
      fail(
          "Each padding value in \"output_padding\" must be less than the corresponding "
          "stride/dilation dimension (output_padding=",
          fw::py_list({p.output_padding[0], p.output_padding[1]}),
          ", strides=", fw::py_list({p.strides[0], p.strides[1]}),
          ", dilations=", fw::py_list({p.dilations[0], p.dilations[1]}), ")");
  return p;
}

void onnx_check_channels(const Shape& x, const Shape& w, const Shape* b, int64_t group) {
  if (group < 1) fail("group must be a positive integer, got group=", group);
  if (w[0] != x[1])
    fail("X has ", x[1], " channels (X.shape[1]) but W.shape[0] is ", w[0],
         ": W is (C x M/group x kH x kW) with C = X.shape[1] (X ", format_shape(x), ", W ",
         format_shape(w), ")");
  if (x[1] % group != 0) fail("group=", group, " must divide the input channels C = ", x[1]);
  const int64_t m = w[1] * group;
  if (b && (b->size() != 1 || (*b)[0] != m))
    fail("B must be 1-D with M = W.shape[1] * group = ", m, " values, got shape ",
         format_shape(*b));
  fw::require_positive(x, {2, 3}, "X", "N x C x H x W");
  fw::require_positive(w, {1}, "W", "C x M/group x kH x kW");
}

struct OnnxAxis {
  int64_t in, k, stride, dilation, output_padding;
  int64_t full() const { return stride * (in - 1) + (k - 1) * dilation + 1; }
};

}  // namespace

namespace fw {
// The spec's split of total_padding (floor division, see the file comment).
int64_t onnx_pad_begin(int64_t total, bool same_upper) {
  const int64_t half = detail::floor_div(total, 2);
  return same_upper ? half : total - half;
}
}  // namespace fw

FrameworkLayer resolve_onnx(const Shape& x, const Shape& w, const Shape* b, const OnnxArgs& a) {
  onnx_check_ranks(x, w);
  const OnnxParams p = onnx_params(w, a);
  onnx_check_channels(x, w, b, a.group);

  fw::LayerSpec s;
  s.convention = Convention::Onnx;
  s.batch = x[0];
  s.in_channels = x[1];
  s.groups = a.group;
  s.out_channels = w[1] * a.group;
  s.in_h = x[2], s.in_w = x[3];
  s.k_h = w[2], s.k_w = w[3];
  s.stride = {p.strides[0], p.strides[1]};
  s.dilation = {p.dilations[0], p.dilations[1]};
  s.has_bias = b != nullptr;

  std::vector<std::string> notes;
  const bool same = a.auto_pad == "SAME_UPPER" || a.auto_pad == "SAME_LOWER";
  std::array<AxisWindow, 2> win;
  for (size_t i = 0; i < 2; ++i) {
    const OnnxAxis ax{x[2 + i], w[2 + i], p.strides[i], p.dilations[i], p.output_padding[i]};
    const char* name = i == 0 ? "H" : "W";
    std::ostringstream n;
    if (p.has_output_shape || same) {
      const int64_t out = p.has_output_shape ? p.output_shape[i] : ax.in * ax.stride;
      const int64_t total = ax.full() + ax.output_padding - out;
      const int64_t begin = fw::onnx_pad_begin(total, a.auto_pad == "SAME_UPPER");
      win[i] = {begin, out};
      n << name << ": total_padding = " << ax.stride << "·(" << ax.in << " − 1) + "
        << ax.output_padding << " + " << ax.full() - ax.stride * (ax.in - 1) << " − " << out
        << " = " << total << ", pads begin " << begin << ", end " << total - begin;
      if (total > 0 && total % 2 != 0)
        n << " (odd: the extra one goes to the "
          << (a.auto_pad == "SAME_UPPER" ? "end" : "beginning")
          << (a.auto_pad == "SAME_UPPER" || a.auto_pad == "SAME_LOWER"
                  ? std::string(" for ") + a.auto_pad
                  : std::string(": auto_pad is ") + a.auto_pad + ", the spec's Else branch")
          << ")";
      notes.push_back(n.str());
      // Where implementations part from the spec, say so (see the notes' text).
      if (p.has_output_shape && !same) {
        const int64_t ref_begin = p.has_pads ? p.pads[i] : 0;
        if (ref_begin != begin)
          notes.push_back(std::string(name) +
                          ": onnx.reference (ReferenceEvaluator) does not "
                          "split total_padding for auto_pad " +
                          a.auto_pad + ": it keeps rows from " + std::to_string(ref_begin) +
                          ", not " + std::to_string(begin) +
                          "; ONNX Runtime puts an odd one at the end: runtimes disagree here, "
                          "explicit pads do not");
      }
      if (same && !p.has_output_shape && (total < 0 || ax.output_padding > 0)) {
        const int64_t clamp = std::max<int64_t>(0, ax.full() - ax.stride * (ax.in - 1) - ax.stride);
        notes.push_back(
            std::string(name) + ": ONNX's shape inference pads by max(k_eff − stride, 0) = " +
            std::to_string(clamp) + " and adds output_padding, inferring " +
            std::to_string(ax.full() + ax.output_padding - clamp) +
            " rows; the spec (and onnx.reference) give in·stride = " + std::to_string(out));
      }
    } else if (a.auto_pad == "VALID") {
      win[i] = {0, ax.full() + ax.output_padding};
    } else {
      win[i] = {p.pads[i], ax.full() + ax.output_padding - p.pads[i] - p.pads[i + 2]};
    }
    if (win[i].size < 1)
      fail("ConvTranspose's output would have ", win[i].size, " rows on spatial axis ", i,
           " (stride·(in − 1) + output_padding + (kernel − 1)·dilation + 1 − pads = ", ax.stride,
           "·(", ax.in, " − 1) + ", ax.output_padding, " + ", ax.full() - ax.stride * (ax.in - 1),
           " − ", ax.full() + ax.output_padding - win[i].size, ")");
  }
  if (p.has_output_shape && p.has_pads)
    notes.push_back(
        "pads are ignored: output_shape is given (\"If output_shape is specified pads values are "
        "ignored\")");

  FrameworkLayer l = fw::make_layer(s);
  l.h = win[0];
  l.w = win[1];
  l.weight = {"W [C, M/group, kH, kW]", {0, 1, 2, 3}, false};
  l.input_shape = x;
  l.weight_shape = w;
  l.output_shape = fw::output_shape_nchw(l);
  std::ostringstream call;
  call << "ConvTranspose(X, W" << (b ? ", B" : "") << ", auto_pad='" << a.auto_pad << "'";
  auto attr = [&](const char* name, const std::vector<int64_t>& v) {
    if (!v.empty()) call << ", " << name << "=" << fw::py_list(v);
  };
  attr("dilations", a.dilations);
  call << ", group=" << a.group;
  attr("kernel_shape", a.kernel_shape);
  attr("output_padding", a.output_padding);
  attr("output_shape", a.output_shape);
  attr("pads", a.pads);
  attr("strides", a.strides);
  call << ")";
  l.call = call.str();
  if (a.auto_pad != "NOTSET") l.padding_mode = a.auto_pad;
  l.notes = std::move(notes);
  return l;
}

}  // namespace tconv
