// The subcommands: validate with the core's PyTorch checks first, refuse
// sizes we will not print, then compute and render JSON (or text for shape).
#include "commands.h"

#include <Eigen/Dense>
#include <algorithm>
#include <chrono>
#include <random>
#include <sstream>

#include "spec.h"
#include "tconv/checks.h"
#include "tconv/conv.h"
#include "tconv/errors.h"
#include "tconv/matrix.h"
#include "tconv/scatter.h"
#include "tconv/shape.h"

namespace cli {

using nlohmann::json;
using nlohmann::ordered_json;

namespace {

// Element counts as double: sizes up to 2^31 per axis would overflow int64
// in a product, and the limits below are far from double's exact range.
double count(const tconv::Shape& s) {
  double n = 1;
  for (int64_t d : s) n *= static_cast<double>(d);
  return n;
}

std::string number(double v) {
  std::ostringstream s;
  s.precision(15);
  s << v;
  return s.str();
}

void refuse_above(double n, double limit, const std::string& what) {
  if (n > limit)
    throw tconv::LimitError(what + " would have " + number(n) + " elements; the limit is " +
                            number(limit));
}

tconv::Tensor1 to_tensor1(const tconv::Array& a) {
  tconv::Tensor1 t(static_cast<Eigen::Index>(a.data.size()));
  std::copy(a.data.begin(), a.data.end(), t.data());
  return t;
}

ordered_json matrix_to_json(const Eigen::MatrixXf& m) {
  auto rows = ordered_json::array();
  for (Eigen::Index r = 0; r < m.rows(); ++r) {
    auto row = ordered_json::array();
    for (Eigen::Index c = 0; c < m.cols(); ++c) row.push_back(float_to_json(m(r, c)));
    rows.push_back(std::move(row));
  }
  return rows;
}

std::string line(const ordered_json& j) {
  return j.dump() + "\n";
}

std::string output_line(const tconv::Array& y) {
  ordered_json out;
  out["shape"] = y.shape;
  out["output"] = array_to_json(y);
  return line(out);
}

}  // namespace

void refuse_printing(const std::vector<int64_t>& shape, const std::string& what) {
  refuse_above(count(shape), kMaxPrintedElements, what + " " + tconv::format_shape(shape));
}

std::string run_forward(const json& spec) {
  if (is_framework_spec(spec)) return run_forward_framework(spec);
  TransposeSpec s = transpose_spec_from_json(spec);
  const tconv::Geometry geo =
      tconv::check_conv_transpose2d(s.input.shape, s.weight.shape, s.bias_shape(), s.args);
  refuse_above(count(geo.output_shape()), kMaxPrintedElements,
               "the output " + tconv::format_shape(geo.output_shape()));
  s.fill_shape_only();
  return output_line(
      tconv::conv_transpose2d(s.input, s.weight, s.bias_ptr(), s.args, {s.method, 0}));
}

std::string run_conv(const json& spec) {
  ConvSpec s = conv_spec_from_json(spec);
  const tconv::Conv2dGeometry geo =
      tconv::check_conv2d(s.input.shape, s.weight.shape, s.bias_shape(), s.args);
  refuse_above(count(geo.output_shape()), kMaxPrintedElements,
               "the output " + tconv::format_shape(geo.output_shape()));
  s.fill_shape_only();
  return output_line(tconv::conv2d(s.input, s.weight, s.bias_ptr(), s.args));
}

std::string run_matrix(const json& spec, bool taps) {
  TransposeSpec s = transpose_spec_from_json(spec);
  const tconv::Geometry geo =
      tconv::check_conv_transpose2d(s.input.shape, s.weight.shape, s.bias_shape(), s.args);
  // W is per batch element: rows (c_in, ih, iw), cols (c_out, oh, ow).
  const double rows = count({geo.in_channels, geo.h.in, geo.w.in});
  const double cols = count({geo.out_channels, geo.h.out, geo.w.out});
  if (rows * cols > kMaxDenseEntries)
    throw tconv::LimitError("W would be " + number(rows) + " × " + number(cols) + " = " +
                            number(rows * cols) + " entries; the limit for printing it dense is " +
                            number(kMaxDenseEntries));
  s.fill_shape_only();
  const tconv::MatrixRecord rec(tconv::to_tensor4(s.weight), geo);
  const Eigen::MatrixXf dense = rec.W().toDense();
  ordered_json out;
  out["W"] = matrix_to_json(dense);
  out["shape"] = {rec.rows(), rec.cols()};
  if (taps) {
    auto list = ordered_json::array();
    for (Eigen::Index r = 0; r < rec.W().outerSize(); ++r) {
      for (tconv::MatrixRecord::SparseW::InnerIterator it(rec.W(), r); it; ++it) {
        const tconv::Tap* t = rec.tap_at(it.row(), it.col());
        if (!t) continue;
        ordered_json e;
        e["row"] = it.row();
        e["col"] = it.col();
        e["value"] = float_to_json(it.value());
        e["tap"] = {t->c_in, t->c_out_local, t->kh, t->kw};  // weight[c_in, c_out_local, kh, kw]
        list.push_back(std::move(e));
      }
    }
    out["taps"] = std::move(list);
  }
  return line(out);
}

std::string run_steps(const json& spec) {
  TransposeSpec s = transpose_spec_from_json(spec);
  const tconv::Geometry geo =
      tconv::check_conv_transpose2d(s.input.shape, s.weight.shape, s.bias_shape(), s.args);
  // One step per input element; each prints an intermediate and a running
  // sum per output channel, canvas-sized.
  const double steps = count(s.input.shape);
  if (steps > kMaxSteps)
    throw tconv::LimitError("the scatter would take " + number(steps) +
                            " steps (one per input element); the limit for printing them is " +
                            number(kMaxSteps));
  const double canvas = static_cast<double>(geo.h.canvas()) * static_cast<double>(geo.w.canvas());
  const double numbers = 2 * steps * static_cast<double>(geo.out_channels) * canvas;
  if (numbers > kMaxStepNumbers)
    throw tconv::LimitError("printing " + number(steps) + " steps × " +
                            std::to_string(geo.out_channels) + " output channel(s) × a " +
                            std::to_string(geo.h.canvas()) + " × " +
                            std::to_string(geo.w.canvas()) +
                            " canvas × 2 (intermediate, running sum) = " + number(numbers) +
                            " numbers; the limit is " + number(kMaxStepNumbers));

  s.fill_shape_only();
  const tconv::Tensor1 bias = s.bias ? to_tensor1(*s.bias) : tconv::Tensor1();
  const tconv::ScatterRecord rec(tconv::to_tensor4(s.input), tconv::to_tensor4(s.weight),
                                 s.bias ? &bias : nullptr, geo);
  auto list = ordered_json::array();
  for (size_t t = 0; t < rec.size(); ++t) {
    const tconv::ScatterStep& st = rec.step(t);
    ordered_json e;
    e["step"] = t;
    // Indexes the input as given: no batch index when it is unbatched.
    e["index"] = geo.batched ? ordered_json{st.n, st.c_in, st.ih, st.iw}
                             : ordered_json{st.c_in, st.ih, st.iw};
    e["value"] = float_to_json(st.value);
    e["origin"] = {st.origin_h, st.origin_w};
    auto inter = ordered_json::array(), sums = ordered_json::array();
    for (int64_t c = 0; c < geo.out_channels; ++c) {
      inter.push_back(matrix_to_json(rec.intermediate(t, c)));
      sums.push_back(matrix_to_json(rec.running_sum(t, st.n, c)));
    }
    e["intermediate"] = std::move(inter);
    e["running_sum"] = std::move(sums);
    list.push_back(std::move(e));
  }
  ordered_json out;
  out["shape"] = geo.output_shape();
  out["canvas"] = {geo.h.canvas(), geo.w.canvas()};
  // The output is this window of the canvas (before the bias is added).
  out["crop"] = {
      {"top", geo.h.padding}, {"left", geo.w.padding}, {"height", geo.h.out}, {"width", geo.w.out}};
  out["steps"] = std::move(list);
  out["output"] = array_to_json(tconv::to_array(rec.output(), !geo.batched));
  return line(out);
}

std::string run_shape(const ShapeOptions& o) {
  tconv::ConvTranspose2dArgs args;
  const tconv::Pair in = pair_from_values("input_size", o.input_size);
  const tconv::Pair k = pair_from_values("kernel_size", o.kernel_size);
  args.stride = pair_from_values("stride", o.stride);
  args.padding = pair_from_values("padding", o.padding);
  args.output_padding = pair_from_values("output_padding", o.output_padding);
  args.dilation = pair_from_values("dilation", o.dilation);
  // A one-channel call of that geometry: the core's checks give PyTorch's
  // message for any invalid combination.
  const tconv::Geometry geo =
      tconv::check_conv_transpose2d({1, 1, in.h, in.w}, {1, 1, k.h, k.w}, nullptr, args);
  const tconv::Axis& h = geo.h;
  const tconv::Axis& w = geo.w;

  if (o.json) {
    ordered_json out;
    out["input_size"] = {h.in, w.in};
    out["kernel_size"] = {h.kernel, w.kernel};
    out["stride"] = {h.stride, w.stride};
    out["padding"] = {h.padding, w.padding};
    out["output_padding"] = {h.output_padding, w.output_padding};
    out["dilation"] = {h.dilation, w.dilation};
    out["output_size"] = {h.out, w.out};
    out["formula"] = {{"h", h.formula()}, {"w", w.formula()}};
    out["output_padding_reaches"] = {{"h", {h.min_out(), h.max_out_by_output_padding()}},
                                     {"w", {w.min_out(), w.max_out_by_output_padding()}}};
    out["output_size_accepts"] = {{"h", {h.min_out(), h.max_out_by_output_size()}},
                                  {"w", {w.min_out(), w.max_out_by_output_size()}}};
    out["conv_back"] = {h.conv_back(), w.conv_back()};
    return line(out);
  }

  // Streams, not string +: GCC 12 warns falsely (-Wrestrict) on "(" + to_string.
  auto pair = [](int64_t a, int64_t b) {
    std::ostringstream p;
    p << '(' << a << ", " << b << ')';
    return p.str();
  };
  auto size = [](int64_t a, int64_t b) {
    std::ostringstream p;
    p << a << " × " << b;
    return p.str();
  };
  std::ostringstream s;
  s << "conv_transpose2d: input " << size(h.in, w.in) << ", kernel_size "
    << pair(h.kernel, w.kernel) << ", stride " << pair(h.stride, w.stride) << ", padding "
    << pair(h.padding, w.padding) << ", output_padding " << pair(h.output_padding, w.output_padding)
    << ", dilation " << pair(h.dilation, w.dilation) << "\n";
  s << "output: " << size(h.out, w.out) << "\n";
  s << "  H_out = (H_in - 1) × stride - 2 × padding + dilation × (kernel_size - 1) + "
       "output_padding + 1\n";
  s << "        = " << h.formula() << "\n";
  s << "  W_out = " << w.formula() << "\n";
  s << "output_padding (0 ≤ output_padding < max(stride, dilation)) reaches: H_out " << h.min_out()
    << ".." << h.max_out_by_output_padding() << ", W_out " << w.min_out() << ".."
    << w.max_out_by_output_padding() << "\n";
  s << "output_size (nn.ConvTranspose2d.forward) accepts: H_out " << h.min_out() << ".."
    << h.max_out_by_output_size() << ", W_out " << w.min_out() << ".." << w.max_out_by_output_size()
    << "\n";
  s << "maps back: F.conv2d with the same kernel_size, stride, padding, dilation takes "
    << size(h.out, w.out) << " to " << size(h.conv_back(), w.conv_back());
  if (h.conv_back() != h.in || w.conv_back() != w.in)
    s << " (not " << size(h.in, w.in)
      << ": output_padding ≥ stride adds rows/cols the direct conv never reaches)";
  s << "\n";
  return s.str();
}

tconv::Geometry check_bench(const BenchOptions& o) {
  tconv::ConvTranspose2dArgs args;
  args.stride = pair_from_values("stride", o.stride);
  args.padding = pair_from_values("padding", o.padding);
  args.output_padding = pair_from_values("output_padding", o.output_padding);
  args.dilation = pair_from_values("dilation", o.dilation);
  args.groups = checked_int(o.groups, "groups");
  for (int64_t v : o.input) checked_int(v, "input");
  for (int64_t v : o.weight) checked_int(v, "weight");
  const tconv::Method method = method_from_name(o.method);
  const tconv::Geometry geo = tconv::check_conv_transpose2d(o.input, o.weight, nullptr, args);
  refuse_above(count(o.input), kMaxBenchElements, "the input " + tconv::format_shape(o.input));
  refuse_above(count(o.weight), kMaxBenchElements, "the weight " + tconv::format_shape(o.weight));
  refuse_above(count(geo.output_shape()), kMaxBenchElements,
               "the output " + tconv::format_shape(geo.output_shape()));
  if (method == tconv::Method::Matrix)  // W stores one non-zero per MAC of a batch element
    refuse_above(
        static_cast<double>(geo.macs()) / static_cast<double>(std::max<int64_t>(geo.batch, 1)),
        kMaxBenchElements, "the sparse matrix W");
  return geo;
}

std::string run_bench(const BenchOptions& o) {
  const tconv::Geometry geo = check_bench(o);
  const tconv::Method method = method_from_name(o.method);

  // Fixed seed: the same command benchmarks the same numbers every time.
  std::mt19937 rng(0);
  std::uniform_real_distribution<float> uniform(-1.f, 1.f);
  auto random_tensor = [&](const tconv::Shape& shape) {
    tconv::Array a(shape);
    for (float& v : a.data) v = uniform(rng);
    return tconv::to_tensor4(a);
  };
  const tconv::Tensor4 x = random_tensor(o.input);
  const tconv::Tensor4 w = random_tensor(o.weight);

  using clock = std::chrono::steady_clock;
  auto ms_since = [](clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(clock::now() - t0).count();
  };
  size_t steps = 0, record_bytes = 0;
  double record_ms = 0;  // scatter only: building the record, part of the run's time
  auto run_once = [&] {
    switch (method) {
      case tconv::Method::Scatter: {
        // The recorded scatter as the studio runs it: record, then its output.
        // Building the record alone does no multiply-adds, so timing only it
        // would make gflops meaningless; record_ms reports that part.
        const auto t0 = clock::now();
        const tconv::ScatterRecord rec(x, w, nullptr, geo);
        record_ms = ms_since(t0);
        rec.output();
        steps = rec.size();
        record_bytes = rec.record_bytes();
        break;
      }
      case tconv::Method::Matrix:
        tconv::conv_transpose2d_matrix(x, w, nullptr, geo);
        break;
      case tconv::Method::Flip:
        tconv::conv_transpose2d_flip(x, w, nullptr, geo);
        break;
      case tconv::Method::Gemm:
        tconv::conv_transpose2d_gemm(x, w, nullptr, geo, o.threads);
        break;
    }
  };
  auto median_of = [](std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const size_t m = v.size();
    return m % 2 ? v[m / 2] : (v[m / 2 - 1] + v[m / 2]) / 2;
  };

  run_once();  // warm-up: first-touch page faults and thread start-up are not the method's cost
  std::vector<double> ms, record;
  double total_ms = 0;
  while (static_cast<int>(ms.size()) < o.repeat || total_ms < o.min_ms) {
    const auto t0 = clock::now();
    run_once();
    ms.push_back(ms_since(t0));
    record.push_back(record_ms);
    total_ms += ms.back();
  }
  const double median = median_of(ms);
  const double flops = 2.0 * static_cast<double>(geo.macs());

  ordered_json out;
  out["median_ms"] = median;
  out["gflops"] = median > 0 ? flops / (median * 1e6) : 0.0;
  out["steps"] = steps;
  out["record_bytes"] = record_bytes;
  out["record_ms"] = median_of(record);
  out["method"] = std::string(tconv::method_name(method));
  out["isa"] = std::string(tconv::isa_name(
      method == tconv::Method::Gemm ? tconv::selected_isa() : tconv::supported_isas().front()));
  out["threads"] = o.threads;
  out["runs"] = ms.size();
  out["macs"] = geo.macs();
  out["output_shape"] = geo.output_shape();
  return line(out);
}

}  // namespace cli
