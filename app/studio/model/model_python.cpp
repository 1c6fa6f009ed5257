// The PyTorch script behind "Copy as PyTorch" and --export-python.
#include "model_python.h"

#include <cmath>
#include <sstream>

#include "files.h"
#include "tconv/frameworks_code.h"
#include "tconv/shape.h"

namespace studio {
namespace {

void emit(std::string& out, const tconv::Shape& s, const std::vector<float>& d, size_t dim,
          size_t& off, size_t column, std::string (*literal)(float)) {
  out += '[';
  const int64_t n = s[dim];
  const bool last = dim + 1 == s.size();
  for (int64_t i = 0; i < n; ++i) {
    if (i > 0 && last) {
      out += ", ";
    } else if (i > 0) {
      // numpy's layout: a blank line between blocks of rank 3 and up.
      out += ",\n";
      out.append(s.size() - dim - 2, '\n');
      out.append(column + dim + 1, ' ');
    }
    if (last)
      out += literal(off < d.size() ? d[off++] : 0.f);
    else
      emit(out, s, d, dim + 1, off, column, literal);
  }
  out += ']';
}

// `name = torch.tensor(<lists>, dtype=torch.float32)`, lists starting on
// their own line so deep arrays stay aligned.
// A hyper-parameter as the script writes it: always "(h, w)".
std::string pair_tuple(const tconv::Pair& p) {
  return tconv::format_shape({p.h, p.w}, tconv::ShapeStyle::Tuple);
}

std::string tensor_assignment(const std::string& name, const tconv::Array& a) {
  constexpr size_t kIndent = 4;
  return name + " = torch.tensor(\n" + std::string(kIndent, ' ') +
         nested_list(a.shape, a.data, kIndent, tconv::python_float) + ",\n" +
         std::string(kIndent, ' ') + "dtype=torch.float32)\n";
}

// One argument line of the constructor with its comment in a column.
void arg_line(std::ostringstream& o, const std::string& arg, const std::string& comment) {
  std::string line = "    " + arg + ",";
  if (line.size() < 30) line.append(30 - line.size(), ' ');
  o << line << "  # " << comment << "\n";
}

}  // namespace

std::string nested_list(const tconv::Shape& shape, const std::vector<float>& data, size_t column,
                        std::string (*literal)(float)) {
  if (shape.empty()) return literal(data.empty() ? 0.f : data[0]);
  std::string out;
  size_t off = 0;
  emit(out, shape, data, 0, off, column, literal);
  return out;
}

std::string python_script(const Model& m) {
  const Params& p = m.params();
  const tconv::Problem& prob = m.problem();
  const tconv::Array& out = m.records().output;
  std::ostringstream o;

  const std::string name = m.preset_name().empty() ? "tconv-studio" : m.preset_name();
  o << "#!/usr/bin/env python3\n"
    << "\"\"\"tconv-studio: " << name;
  if (!m.preset_title().empty()) o << " (" << m.preset_title() << ")";
  o << ", as PyTorch code.\n\n"
    << "Builds the nn.ConvTranspose2d the studio shows, with the same values, runs it,\n"
    << "prints the output and checks it against the output tconv-studio computed.\n"
    << "Run it with: python3 THIS_FILE.py   (PyTorch 1.13 or later)\n"
    << "\"\"\"\n"
    << "import torch\n\n";

  if (p.unbatched)
    o << "# Input x: unbatched (C_in, H, W) = "
      << tconv::format_shape(prob.input.shape, tconv::ShapeStyle::Tuple)
      << "; nn.ConvTranspose2d\n# takes a 3-D input as one sample without a batch dimension.\n";
  else
    o << "# Input x: (N, C_in, H, W) = "
      << tconv::format_shape(prob.input.shape, tconv::ShapeStyle::Tuple) << "\n";
  o << tensor_assignment("x", prob.input) << "\n";

  o << "# The layer, with nn.ConvTranspose2d's own argument names.\n"
    << "conv = torch.nn.ConvTranspose2d(\n";
  arg_line(o, "in_channels=" + std::to_string(p.in_channels), "C_in: channels of x");
  arg_line(o, "out_channels=" + std::to_string(p.out_channels), "C_out: channels of y");
  arg_line(o, "kernel_size=" + pair_tuple({p.kernel_h, p.kernel_w}), "(kH, kW)");
  arg_line(o, "stride=" + pair_tuple(p.stride), "distance between neighbouring kernel copies on y");
  arg_line(o, "padding=" + pair_tuple(p.padding),
           "rows/columns cropped from each border of the full output");
  arg_line(o, "output_padding=" + pair_tuple(p.output_padding),
           "rows/columns added at the bottom/right");
  arg_line(o, "groups=" + std::to_string(p.groups),
           "channels split into this many independent groups");
  arg_line(o, std::string("bias=") + (p.bias ? "True" : "False"),
           "add bias[c_out] to every cell of channel c_out");
  arg_line(o, "dilation=" + pair_tuple(p.dilation), "spacing between kernel taps");
  o << ")\n\n";

  o << "# Weight: (in_channels, out_channels / groups, kH, kW) = "
    << tconv::format_shape(prob.weight.shape, tconv::ShapeStyle::Tuple)
    << ".\n# Note: in_channels comes first, the reverse of nn.Conv2d's weight.\n"
    << tensor_assignment("weight", prob.weight);
  if (prob.bias)
    o << "# Bias: (out_channels,) = "
      << tconv::format_shape(prob.bias->shape, tconv::ShapeStyle::Tuple) << "\n"
      << tensor_assignment("bias", *prob.bias);
  o << "with torch.no_grad():\n"
    << "    conv.weight.copy_(weight)\n";
  if (prob.bias) o << "    conv.bias.copy_(bias)\n";
  o << "\n";

  o << "# The same as torch.nn.functional.conv_transpose2d(x, weight, "
    << (prob.bias ? "bias" : "None") << ", stride, padding,\n"
    << "# output_padding, groups, dilation) with the values above.\n"
    << "with torch.no_grad():\n"
    << "    y = conv(x)\n"
    << "print(\"y:\", tuple(y.shape))\n"
    << "print(y)\n\n";

  bool has_nan = false;
  for (float v : out.data) has_nan |= std::isnan(v);
  o << "# The output tconv-studio computed for the same values: "
    << tconv::format_shape(out.shape, tconv::ShapeStyle::Tuple) << "\n"
    << tensor_assignment("expected", out) << "assert tuple(y.shape) == tuple(expected.shape), (\n"
    << "    f\"shape {tuple(y.shape)} differs from tconv-studio's {tuple(expected.shape)}\")\n"
    << "# Float sums in another order differ in the last bits: compare with a\n"
    << "# tolerance that grows with the output's magnitude.\n"
    << "atol = 1e-5 * max(1.0, y.abs().max().item() if y.numel() else 1.0)\n"
    << "assert torch.allclose(y, expected, rtol=1e-5, atol=atol"
    << (has_nan ? ", equal_nan=True" : "") << "), (\n"
    << "    f\"largest difference {(y - expected).abs().max().item()} is above atol {atol}\")\n"
    << "print(\"OK: PyTorch \" + torch.__version__ + \" agrees with tconv-studio\")\n";
  return o.str();
}

bool write_python_file(const std::string& path, const Model& m, std::string& error) {
  return platform::write_file_atomic(path, python_script(m), error);
}

}  // namespace studio
