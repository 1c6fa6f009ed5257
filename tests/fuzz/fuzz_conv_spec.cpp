// The spec `tconv conv` reads (F.conv2d's arguments as JSON, padding also
// "same" / "valid"), through the CLI's parser, PyTorch's checks and conv2d.
// Holds, for any input:
//   - a refused spec throws a typed error whose message is one line;
//   - an accepted one prints the shape conv_output_size gives (the input's
//     size for "same"), and values that agree with the definition summed in
//     double, within float rounding.
// Calls above kMaxWork multiply-adds or elements are skipped after the checks.
#include <cfloat>
#include <cmath>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "fuzz.h"
#include "fuzz_json.h"
#include "fuzz_refusal.h"
#include "spec.h"
#include "tconv/checks.h"
#include "tconv/errors.h"
#include "tconv/shape.h"

namespace {

using nlohmann::json;
using tconv::Shape;

constexpr double kMaxWork = 1 << 16;

using fuzz::count;

Shape expected_shape(const cli::ConvSpec& s) {
  const Shape& x = s.input.shape;
  const Shape& w = s.weight.shape;
  const bool batched = x.size() == 4;
  const size_t h = batched ? 2 : 1;
  const tconv::Conv2dArgs& a = s.args;
  Shape out;
  if (batched) out.push_back(x[0]);
  out.push_back(w[0]);
  if (a.padding_mode == tconv::PaddingMode::Same) {
    out.push_back(x[h]);
    out.push_back(x[h + 1]);
    return out;
  }
  const tconv::Pair p = a.padding_mode == tconv::PaddingMode::Valid ? tconv::Pair(0) : a.padding;
  out.push_back(tconv::conv_output_size(x[h], w[2], a.stride.h, p.h, a.dilation.h));
  out.push_back(tconv::conv_output_size(x[h + 1], w[3], a.stride.w, p.w, a.dilation.w));
  return out;
}

// y[n, co, oh, ow] = b[co] + Σ x[n, ci, oh·s - pad + kh·d, ...] · w[co, ci_local, kh, kw].
void check_values(const cli::ConvSpec& s, const tconv::Conv2dGeometry& g,
                  const std::vector<double>& printed) {
  const int64_t Co = g.out_channels, Ci = g.in_channels, ipg = Ci / g.groups;
  const int64_t opg = Co / g.groups, H = g.in_h, W = g.in_w;
  size_t o = 0;
  for (int64_t n = 0; n < g.batch; ++n)
    for (int64_t co = 0; co < Co; ++co)
      for (int64_t oh = 0; oh < g.out_h; ++oh)
        for (int64_t ow = 0; ow < g.out_w; ++ow, ++o) {
          double y = s.bias ? s.bias->data[static_cast<size_t>(co)] : 0.0;
          double mag = std::fabs(y);
          for (int64_t cl = 0; cl < ipg; ++cl)
            for (int64_t kh = 0; kh < g.k_h; ++kh)
              for (int64_t kw = 0; kw < g.k_w; ++kw) {
                const int64_t ih = oh * g.stride.h - g.pad_top + kh * g.dilation.h;
                const int64_t iw = ow * g.stride.w - g.pad_left + kw * g.dilation.w;
                if (ih < 0 || ih >= H || iw < 0 || iw >= W) continue;
                const int64_t ci = co / opg * ipg + cl;
                const double t =
                    double{s.input.data[static_cast<size_t>(((n * Ci + ci) * H + ih) * W + iw)]} *
                    s.weight.data[static_cast<size_t>(((co * ipg + cl) * g.k_h + kh) * g.k_w + kw)];
                y += t;
                mag += std::fabs(t);
              }
          if (mag > 1e36) continue;  // float products may overflow on the way
          const double terms = static_cast<double>(ipg * g.k_h * g.k_w) + 1;
          const double tol = 4 * FLT_EPSILON * terms * mag + terms * FLT_MIN;
          FUZZ_CHECK(std::fabs(printed[o] - y) <= tol,
                     "element " + std::to_string(o) + " printed " + std::to_string(printed[o]) +
                         ", the definition gives " + std::to_string(y));
        }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  json spec;
  cli::ConvSpec s;
  tconv::Conv2dGeometry g;
  if (!fuzz::accepted([&] {
        spec = cli::parse_json(fuzz::text(data, size));
        s = cli::conv_spec_from_json(spec);
        g = tconv::check_conv2d(s.input.shape, s.weight.shape, s.bias_shape(), s.args);
      }))
    return 0;
  const Shape shape = expected_shape(s);
  FUZZ_CHECK(g.output_shape() == shape, "checks give " + tconv::format_shape(g.output_shape()) +
                                            ", the shape function " + tconv::format_shape(shape));
  const double macs = count(shape) * count({g.in_channels / g.groups, g.k_h, g.k_w});
  if (count(s.input.shape) > kMaxWork || count(s.weight.shape) > kMaxWork ||
      count(shape) > kMaxWork || macs > kMaxWork)
    return 0;
  s.fill_shape_only();
  const json out = json::parse(cli::run_conv(spec));
  FUZZ_CHECK(out.at("shape").get<Shape>() == shape, "conv printed shape " + out.at("shape").dump() +
                                                        ", the shape function gives " +
                                                        tconv::format_shape(shape));
  check_values(s, g, fuzz::flatten(out.at("output"), shape));
  return 0;
}
