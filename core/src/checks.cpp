// PyTorch 1.13's argument checks for conv_transpose2d and conv2d, in the
// order PyTorch runs them, so the first message matches PyTorch's.
#include "tconv/checks.h"

#include <sstream>

namespace tconv {
namespace {

// PyTorch prints sizes as "[1, 3, 7, 6]". Kept local so checks do not depend
// on the compute sources.
std::string sizes(const Shape& s) {
  std::ostringstream o;
  o << "[";
  for (size_t i = 0; i < s.size(); ++i) o << (i ? ", " : "") << s[i];
  o << "]";
  return o.str();
}

template <typename... T>
[[noreturn]] void fail(const T&... parts) {
  std::ostringstream o;
  (o << ... << parts);
  throw ArgumentError(o.str());
}

}  // namespace

Geometry check_conv_transpose2d(const Shape& input, const Shape& weight, const Shape* bias,
                                const ConvTranspose2dArgs& args) {
  if (input.size() != 3 && input.size() != 4)
    fail(
        "Expected 3D (unbatched) or 4D (batched) input to conv_transpose2d, but got input of "
        "size: ",
        sizes(input));
  const bool batched = input.size() == 4;
  const Shape in4 = batched ? input : Shape{1, input[0], input[1], input[2]};
  if (weight.size() < 3) fail("weight should have at least three dimensions");
  if (args.groups <= 0) fail("non-positive groups is not supported");
  if (weight.size() != 4)
    fail("expected stride to be a single integer value or a list of ", weight.size() - 2,
         " values to match the convolution dimensions, but got stride=[", args.stride.h, ", ",
         args.stride.w, "]");

  Pair op = args.output_padding;
  const Pair& s = args.stride;
  const Pair& p = args.padding;
  const Pair& d = args.dilation;
  if (p.h < 0 || p.w < 0) fail("negative padding is not supported");
  if (op.h < 0 || op.w < 0) fail("negative output_padding is not supported");
  if (s.h <= 0 || s.w <= 0) fail("non-positive stride is not supported");
  const int64_t g = args.groups;
  if (weight[0] < g)
    fail("Given groups=", g, ", expected weight to be at least ", g,
         " at dimension 0, but got weight of size ", sizes(weight), " instead");
  if (weight[0] % g != 0)
    fail("Given groups=", g, ", expected weight to be divisible by ", g,
         " at dimension 0, but got weight of size [", sizes(weight), "] instead");
  if (in4[1] != weight[0])
    fail("Given transposed=1, weight of size ", sizes(weight), ", expected input", sizes(in4),
         " to have ", weight[0], " channels, but got ", in4[1], " channels instead");
  if (bias && (bias->size() != 1 || (*bias)[0] != weight[1] * g))
    fail("Given transposed=1, weight of size ", sizes(weight),
         ", expected bias to be 1-dimensional with ", weight[1] * g,
         " elements, but got bias of size ", sizes(*bias), " instead");
  if (weight[2] <= 0 || weight[3] <= 0)
    fail("kernel size should be greater than zero, but got kernel_height: ", weight[2],
         " kernel_width: ", weight[3]);
  if (d.h <= 0 || d.w <= 0)
    fail("dilation should be greater than zero, but got dilation_height: ", d.h,
         ", dilation_width: ", d.w);

  Geometry geo;
  geo.batched = batched;
  geo.batch = in4[0];
  geo.in_channels = weight[0];
  geo.out_channels = weight[1] * g;
  geo.groups = g;
  geo.has_bias = bias != nullptr;
  auto axis = [](int64_t in, int64_t k, int64_t st, int64_t pd, int64_t o, int64_t dl) {
    Axis a;
    a.in = in;
    a.kernel = k;
    a.stride = st;
    a.padding = pd;
    a.output_padding = o;
    a.dilation = dl;
    a.out = transposed_output_size(in, k, st, pd, o, dl);
    return a;
  };
  geo.h = axis(in4[2], weight[2], s.h, p.h, 0, d.h);
  geo.w = axis(in4[3], weight[3], s.w, p.w, 0, d.w);

  if (args.output_size) {
    // nn.ConvTranspose2d.forward's _output_padding.
    std::vector<int64_t> size = *args.output_size;
    const size_t non_spatial = batched ? 2 : 1;
    if (size.size() == non_spatial + 2) size.erase(size.begin(), size.begin() + non_spatial);
    if (size.size() != 2)
      fail("ConvTranspose2D: for ", input.size(), "D input, output_size must have 2 or ",
           non_spatial + 2, " elements (got ", args.output_size->size(), ")");
    const int64_t min_h = geo.h.min_out(), min_w = geo.w.min_out();
    const int64_t max_h = min_h + s.h - 1, max_w = min_w + s.w - 1;
    if (size[0] < min_h || size[0] > max_h || size[1] < min_w || size[1] > max_w)
      fail("requested an output size of ", sizes(size), ", but valid sizes range from ",
           sizes({min_h, min_w}), " to ", sizes({max_h, max_w}), " (for an input of torch.Size(",
           sizes({in4[2], in4[3]}), "))");
    op = Pair(size[0] - min_h, size[1] - min_w);
  }
  if (!((op.w < s.w || op.w < d.w) && (op.h < s.h || op.h < d.h)))
    fail(
        "output padding must be smaller than either stride or dilation, but got "
        "output_padding_height: ",
        op.h, " output_padding_width: ", op.w, " stride_height: ", s.h, " stride_width: ", s.w,
        " dilation_height: ", d.h, " dilation_width: ", d.w);
  geo.h = axis(in4[2], weight[2], s.h, p.h, op.h, d.h);
  geo.w = axis(in4[3], weight[3], s.w, p.w, op.w, d.w);
  if (geo.h.out < 1 || geo.w.out < 1)
    fail("Given input size per channel: (", geo.h.in, " x ", geo.w.in,
         "). Calculated output size per channel: (", geo.h.out, " x ", geo.w.out,
         "). Output size is too small");
  return geo;
}

std::optional<std::string> validate_conv_transpose2d(const Shape& input, const Shape& weight,
                                                     const Shape* bias,
                                                     const ConvTranspose2dArgs& args) {
  try {
    check_conv_transpose2d(input, weight, bias, args);
  } catch (const ArgumentError& e) {
    return std::string(e.what());
  }
  return std::nullopt;
}

Conv2dGeometry check_conv2d(const Shape& input, const Shape& weight, const Shape* bias,
                            const Conv2dArgs& args) {
  if (input.size() != 3 && input.size() != 4)
    fail("Expected 3D (unbatched) or 4D (batched) input to conv2d, but got input of size: ",
         sizes(input));
  const bool batched = input.size() == 4;
  const Shape in4 = batched ? input : Shape{1, input[0], input[1], input[2]};
  if (weight.size() < 3) fail("weight should have at least three dimensions");
  if (args.groups <= 0) fail("non-positive groups is not supported");
  const int64_t g = args.groups;
  Conv2dGeometry geo;
  geo.batched = batched;
  geo.batch = in4[0];
  geo.in_channels = in4[1];
  geo.out_channels = weight[0];
  geo.groups = g;
  geo.has_bias = bias != nullptr;
  geo.in_h = in4[2];
  geo.in_w = in4[3];
  geo.k_h = weight.size() > 2 ? weight[2] : 1;
  geo.k_w = weight.size() > 3 ? weight[3] : 1;
  geo.stride = args.stride;
  geo.dilation = args.dilation;
  Pair p = args.padding;
  if (args.padding_mode == PaddingMode::Valid) p = Pair(0);
  geo.pad_top = geo.pad_bottom = p.h;
  geo.pad_left = geo.pad_right = p.w;
  if (args.padding_mode == PaddingMode::Same) {
    // Total padding d*(k-1); PyTorch puts the odd one on the bottom/right.
    const int64_t th = args.dilation.h * (geo.k_h - 1), tw = args.dilation.w * (geo.k_w - 1);
    geo.pad_top = th / 2;
    geo.pad_bottom = th - th / 2;
    geo.pad_left = tw / 2;
    geo.pad_right = tw - tw / 2;
  }
  if (geo.pad_top < 0 || geo.pad_left < 0) fail("negative padding is not supported");
  if (args.stride.h <= 0 || args.stride.w <= 0) fail("non-positive stride is not supported");
  if (weight[1] * g != in4[1])
    fail("Given groups=", g, ", weight of size ", sizes(weight), ", expected input", sizes(in4),
         " to have ", weight[1] * g, " channels, but got ", in4[1], " channels instead");
  if (bias && (bias->size() != 1 || (*bias)[0] != weight[0]))
    fail("Given weight of size ", sizes(weight), ", expected bias to be 1-dimensional with ",
         weight[0], " elements, but got bias of size ", sizes(*bias), " instead");
  const int64_t ph = geo.in_h + geo.pad_top + geo.pad_bottom;
  const int64_t pw = geo.in_w + geo.pad_left + geo.pad_right;
  const int64_t eh = args.dilation.h * (geo.k_h - 1) + 1, ew = args.dilation.w * (geo.k_w - 1) + 1;
  if (ph < eh || pw < ew)
    fail("Calculated padded input size per channel: (", ph, " x ", pw, "). Kernel size: (", eh,
         " x ", ew, "). Kernel size can't be greater than actual input size");
  geo.out_h = (ph - eh) / args.stride.h + 1;
  geo.out_w = (pw - ew) / args.stride.w + 1;
  return geo;
}

}  // namespace tconv
