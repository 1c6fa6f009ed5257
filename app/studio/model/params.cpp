// Parameters, fills and view names, and the checks every edit goes
// through (studio limits first, then PyTorch's own checks through core).
#include "params.h"

#include <algorithm>
#include <cctype>
#include <exception>
#include <iterator>
#include <sstream>

#include "tconv/checks.h"

namespace studio {
namespace {

std::string above(const std::string& name, int64_t v, int64_t limit) {
  std::ostringstream o;
  o << name << "=" << v << " is above the studio's limit of " << limit
    << " (every cell is drawn; the tconv command line takes bigger problems)";
  return o.str();
}

}  // namespace

// [SECTION] Params and names.
std::string pair_text(int64_t h, int64_t w) {
  if (h == w) return std::to_string(h);
  return tconv::format_shape({h, w}, tconv::ShapeStyle::Tuple);
}

tconv::ConvTranspose2dArgs Params::args() const {
  tconv::ConvTranspose2dArgs a;
  a.stride = stride;
  a.padding = padding;
  a.output_padding = output_padding;
  a.groups = groups;
  a.dilation = dilation;
  return a;
}

tconv::Shape Params::input_shape() const {
  if (unbatched) return {in_channels, in_h, in_w};
  return {batch, in_channels, in_h, in_w};
}

tconv::Shape Params::weight_shape() const {
  // groups <= 0 is refused before any shape is used; avoid dividing by it.
  return {in_channels, groups > 0 ? out_channels / groups : out_channels, kernel_h, kernel_w};
}

const char* fill_name(Fill f) {
  switch (f) {
    case Fill::Seed:
      return "seed";
    case Fill::Arange:
      return "arange";
    case Fill::Ones:
      return "ones";
    case Fill::RandomInt:
      return "random_int";
    case Fill::RandomNormal:
      return "random_normal";
  }
  return "?";
}

std::optional<Fill> parse_fill(const std::string& name) {
  for (Fill f : {Fill::Seed, Fill::Arange, Fill::Ones, Fill::RandomInt, Fill::RandomNormal})
    if (name == fill_name(f)) return f;
  return std::nullopt;
}

const char* target_name(Target t) {
  switch (t) {
    case Target::Input:
      return "input";
    case Target::Weight:
      return "weight";
    case Target::Bias:
      return "bias";
  }
  return "?";
}

const char* view_name(ViewId v) {
  for (const ViewName& n : kViewNames)
    if (n.id == v) return n.name;
  return "?";
}

std::optional<ViewId> parse_view(const std::string& name) {
  for (const ViewName& n : kViewNames)
    if (name == n.name) return n.id;
  return std::nullopt;
}

std::string view_names(const char* last_separator) {
  std::string out;
  for (const ViewName& n : kViewNames) {
    if (!out.empty()) out += &n == std::end(kViewNames) - 1 ? last_separator : ", ";
    out += n.name;
  }
  return out;
}

// [SECTION] Checks.
std::optional<std::string> check_params(const Params& p) {
  // nn.ConvTranspose2d's constructor checks come first, as in PyTorch: the
  // sliders are its arguments.
  if (p.groups <= 0) return "groups must be a positive integer";
  if (p.in_channels % p.groups != 0) return "in_channels must be divisible by groups";
  if (p.out_channels % p.groups != 0) return "out_channels must be divisible by groups";
  // torch.empty's message: a negative size could never reach a tensor.
  for (const auto& s : {p.weight_shape(), p.input_shape()})
    for (int64_t v : s)
      if (v < 0) {
        std::ostringstream o;
        o << "Trying to create tensor with negative dimension " << v << ": "
          << tconv::format_shape(s);
        return o.str();
      }
  struct Size {
    const char* name;
    int64_t value, limit;
  };
  // Sizes the studio cannot draw as a cell; zero would be an empty picture.
  const Size sizes[] = {{"batch", p.unbatched ? 1 : p.batch, Limits::batch},
                        {"in_channels", p.in_channels, Limits::channels},
                        {"out_channels", p.out_channels, Limits::channels},
                        {"in_h", p.in_h, Limits::input_size},
                        {"in_w", p.in_w, Limits::input_size}};
  for (const auto& s : sizes) {
    if (s.value < 1) {
      std::ostringstream o;
      o << s.name << "=" << s.value
        << " is below the studio's minimum of 1 (an empty tensor has nothing to draw)";
      return o.str();
    }
    if (s.value > s.limit) return above(s.name, s.value, s.limit);
  }
  // Upper bounds only: zero or negative values get PyTorch's own message.
  const Size uppers[] = {{"kernel_h", p.kernel_h, Limits::kernel},
                         {"kernel_w", p.kernel_w, Limits::kernel},
                         {"stride_height", p.stride.h, Limits::stride},
                         {"stride_width", p.stride.w, Limits::stride},
                         {"dilation_height", p.dilation.h, Limits::dilation},
                         {"dilation_width", p.dilation.w, Limits::dilation},
                         {"padding_height", p.padding.h, Limits::padding},
                         {"padding_width", p.padding.w, Limits::padding}};
  for (const auto& s : uppers)
    if (s.value > s.limit) return above(s.name, s.value, s.limit);

  const tconv::Shape in = p.input_shape(), w = p.weight_shape(), b{p.out_channels};
  tconv::Geometry geo;
  try {
    geo = tconv::check_conv_transpose2d(in, w, p.bias ? &b : nullptr, p.args());
  } catch (const std::exception& e) {
    return std::string(e.what());
  }
  if (geo.h.out > Limits::output_size)
    return above("output height", geo.h.out, Limits::output_size);
  if (geo.w.out > Limits::output_size) return above("output width", geo.w.out, Limits::output_size);
  const int64_t rows = p.in_channels * p.in_h * p.in_w;
  const int64_t per_row = geo.out_per_group() * p.kernel_h * p.kernel_w;
  if (rows * per_row > Limits::matrix_nonzeros) {
    std::ostringstream o;
    o << "the conv matrix W would hold up to " << rows * per_row
      << " non-zeros (C_in·H·W = " << rows << " rows × C_out/groups·kH·kW = " << per_row
      << "), above the studio's limit of " << Limits::matrix_nonzeros
      << " (the tconv command line takes bigger problems)";
    return o.str();
  }
  return std::nullopt;
}

}  // namespace studio

namespace studio {

// [SECTION] What a rejected combination is about

namespace {

// Fields a message names, by the words PyTorch's (and the studio's limit)
// messages use. The output_padding message also names stride and dilation,
// as what output_padding must stay below: it is about output_padding.
std::vector<ParamField> named_in(const std::string& error) {
  std::string m = error;
  for (char& c : m) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  auto has = [&](const char* w) { return m.find(w) != std::string::npos; };
  if (has("output padding") || has("output_padding")) return {ParamField::OutputPadding};
  // The output shrinks below one cell: padding crops it (the message also
  // names the input size it was computed from).
  if (has("output size is too small")) return {ParamField::Padding};
  std::vector<ParamField> f;
  if (has("groups")) f.push_back(ParamField::Groups);
  if (has("channels")) f.push_back(ParamField::Channels);
  if (has("stride")) f.push_back(ParamField::Stride);
  if (has("negative padding") || has("padding_")) f.push_back(ParamField::Padding);
  if (has("dilation")) f.push_back(ParamField::Dilation);
  if (has("kernel")) f.push_back(ParamField::Kernel);
  if (has("in_h") || has("in_w")) f.push_back(ParamField::InputSize);
  if (has("batch")) f.push_back(ParamField::Batch);
  if (has("bias")) f.push_back(ParamField::Bias);
  if (has("output height") || has("output width")) f.push_back(ParamField::Padding);
  return f;
}

std::vector<ParamField> changed(const Params& a, const Params& b) {
  std::vector<ParamField> f;
  if (a.in_h != b.in_h || a.in_w != b.in_w) f.push_back(ParamField::InputSize);
  if (a.kernel_h != b.kernel_h || a.kernel_w != b.kernel_w) f.push_back(ParamField::Kernel);
  if (a.in_channels != b.in_channels || a.out_channels != b.out_channels)
    f.push_back(ParamField::Channels);
  if (a.groups != b.groups) f.push_back(ParamField::Groups);
  if (a.batch != b.batch) f.push_back(ParamField::Batch);
  if (a.bias != b.bias) f.push_back(ParamField::Bias);
  if (a.unbatched != b.unbatched) f.push_back(ParamField::Unbatched);
  if (a.stride != b.stride) f.push_back(ParamField::Stride);
  if (a.padding != b.padding) f.push_back(ParamField::Padding);
  if (a.output_padding != b.output_padding) f.push_back(ParamField::OutputPadding);
  if (a.dilation != b.dilation) f.push_back(ParamField::Dilation);
  return f;
}

}  // namespace

std::vector<ParamField> offending_params(const Params& pending, const Params& valid,
                                         const std::string& error) {
  if (error.empty()) return {};
  std::vector<ParamField> f = named_in(error);
  for (ParamField c : changed(pending, valid)) f.push_back(c);
  std::sort(f.begin(), f.end());
  f.erase(std::unique(f.begin(), f.end()), f.end());
  return f;
}

std::string describe_params(const Params& p) {
  std::ostringstream o;
  o << "input " << p.in_h << "×" << p.in_w << ", kernel_size=" << pair_text(p.kernel_h, p.kernel_w)
    << ", stride=" << pair_text(p.stride.h, p.stride.w)
    << ", padding=" << pair_text(p.padding.h, p.padding.w)
    << ", output_padding=" << pair_text(p.output_padding.h, p.output_padding.w)
    << ", dilation=" << pair_text(p.dilation.h, p.dilation.w);
  if (p.groups != 1) o << ", groups=" << p.groups;
  if (p.in_channels != 1 || p.out_channels != 1)
    o << ", channels " << p.in_channels << "→" << p.out_channels;
  if (p.bias) o << ", bias";
  return o.str();
}

}  // namespace studio
