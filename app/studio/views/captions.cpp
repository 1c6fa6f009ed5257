// The views' captions (see captions.h): text only, from numbers the records
// already hold.
#include "captions.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <numeric>

#include "draw.h"
#include "params.h"

namespace studio {

namespace {

std::string fmt(const char* f, auto... args) {
  char buf[512];
  std::snprintf(buf, sizeof buf, f, args...);
  return buf;
}

// "Wᵀ": drawn with the shell's font; kept in one place should a font lack ᵀ.
constexpr const char* kWT = "W\xE1\xB5\x80";

}  // namespace

// [SECTION] Scatter view

std::string span_text(const char* what, int64_t first, int64_t kernel, int64_t dilation) {
  const int64_t last = first + (kernel - 1) * dilation;
  if (kernel == 1) return fmt("%s %" PRId64, what, first);
  if (dilation == 1) return fmt("%s %" PRId64 "–%" PRId64, what, first, last);
  if (kernel == 2) return fmt("%s %" PRId64 ", %" PRId64, what, first, last);
  return fmt("%s %" PRId64 "–%" PRId64 " every %" PRId64, what, first, last, dilation);
}

namespace {

// What this step is and where its copy of K lands on the canvas.
std::string scatter_placement(const tconv::Geometry& geo, const tconv::ScatterStep& st,
                              const std::string& x, int64_t t, int64_t count) {
  const tconv::Axis &ah = geo.h, &aw = geo.w;
  const std::string v = ui::num(st.value);
  std::string cap = fmt(
      "Step %" PRId64 "/%" PRId64 ": %s = %s is broadcast through K: %s·K, top-left at (%d·%" PRId64
      ", %d·%" PRId64 ") = (%d, %d) on the canvas, %s, %s (stride %" PRId64,
      t + 1, count, x.c_str(), v.c_str(), v.c_str(), st.ih, ah.stride, st.iw, aw.stride,
      st.origin_h, st.origin_w, span_text("rows", st.origin_h, ah.kernel, ah.dilation).c_str(),
      span_text("cols", st.origin_w, aw.kernel, aw.dilation).c_str(), ah.stride);
  if (aw.stride != ah.stride) cap += "×" + std::to_string(aw.stride);
  if (ah.dilation > 1 || aw.dilation > 1) {
    cap += ", dilation " + std::to_string(ah.dilation);
    if (aw.dilation != ah.dilation) cap += "×" + std::to_string(aw.dilation);
  }
  return cap + ").";
}

// Which canvas rows and columns the output keeps, when padding or
// output_padding make that differ from the canvas.
std::string scatter_crop(const tconv::Geometry& geo) {
  const tconv::Axis &ah = geo.h, &aw = geo.w;
  const bool op = ah.output_padding > 0 || aw.output_padding > 0;
  if (ah.padding == 0 && aw.padding == 0 && !op) return "";
  std::string cap =
      fmt("\nThe output keeps canvas rows %" PRId64 "–%" PRId64 ", cols %" PRId64 "–%" PRId64
          ": padding=(%" PRId64 ",%" PRId64 ") crops that many from the top/left and bottom/right",
          ah.padding, ah.padding + ah.out - 1, aw.padding, aw.padding + aw.out - 1, ah.padding,
          aw.padding);
  if (op)
    cap += fmt(", and output_padding=(%" PRId64 ",%" PRId64
               ") gives back rows/cols on the bottom/right only",
               ah.output_padding, aw.output_padding);
  return cap + ".";
}

}  // namespace

Caption scatter_caption(const tconv::Geometry& geo, const tconv::ScatterStep& st, int64_t t,
                        int64_t count, int64_t c_out, float bias) {
  const bool multi_in = geo.in_channels > 1 || geo.batch > 1;
  const std::string x =
      multi_in ? fmt("x[%d,%d,%d,%d]", st.n, st.c_in, st.ih, st.iw) : fmt("x[%d,%d]", st.ih, st.iw);
  const int64_t g_in = geo.group_of_in(st.c_in), g_out = geo.group_of_out(c_out);
  const bool last = t == count - 1;
  Caption c;
  c.text = scatter_placement(geo, st, x, t, count);
  if (g_in != g_out)
    c.text += fmt(" Input channel %d is in group %" PRId64 " but output channel %" PRId64
                  " is in group %" PRId64 ": this step adds nothing to it.",
                  st.c_in, g_in, c_out, g_out);
  c.text += scatter_crop(geo);
  if (last) {
    // "Cropped" only when padding crops something: padding 0 keeps the whole canvas.
    const bool cropped = geo.h.padding > 0 || geo.w.padding > 0;
    const bool widened = geo.h.output_padding > 0 || geo.w.output_padding > 0;
    const std::string sum = std::string(cropped ? "cropped sum" : "the sum") +
                            (widened ? " with its output_padding rows/cols" : "");
    c.text += "\nLast step: output = " + sum +
              (geo.has_bias ? " + bias (b[" + std::to_string(c_out) + "] = " + ui::num(bias) + ")."
                            : (cropped || widened ? "." : " (nothing is cropped)."));
  }
  // Short form for small tiles and big fonts: the step and where it lands,
  // one line at font scale 3 in a 1920-wide window with the panel ("Step
  // 4/4" says it is the last: another "; last step." took a second line,
  // kept blank at every other step).
  const std::string v = ui::num(st.value);
  c.brief = "Step " + std::to_string(t + 1) + "/" + std::to_string(count) + ": " + x + " = " + v +
            " → " + v + "·K at " + span_text("rows", st.origin_h, geo.h.kernel, geo.h.dilation) +
            ", " + span_text("cols", st.origin_w, geo.w.kernel, geo.w.dilation) + ".";
  return c;
}

// [SECTION] Arithmetic view

namespace {

// A factor of a printed product: negatives in parentheses, "(-1)·(-2)".
std::string factor(float v) {
  const std::string s = ui::num(v);
  return v < 0 ? "(" + s + ")" : s;
}

// What the terms the sum does not list add up to, and why they are missing.
std::string arithmetic_asides(const ArithmeticCell& c, int64_t shown) {
  const int64_t nonzero = static_cast<int64_t>(c.terms.size());
  std::string out;
  if (nonzero == 0) out += "0";
  if (nonzero > shown) out += " + … (" + std::to_string(nonzero - shown) + " more)";
  if (c.in_per_group > 1)
    out += " + (the same for the other " + std::to_string(c.in_per_group - 1) +
           (c.in_per_group > 2 ? " input channels of the group)" : " input channel of the group)");
  if (c.has_bias) out += " + bias " + ui::num(c.bias);
  out += " = " + ui::num(c.value);
  const int64_t zeros = c.taps - nonzero;
  if (nonzero == 0)
    out += "   (the kernel's shadow covers only zeros)";
  else if (zeros == 1)
    out += "   (the other tap falls on a zero)";
  else if (zeros > 1)
    out += "   (the other " + std::to_string(zeros) + " taps fall on zeros)";
  return out;
}

}  // namespace

Caption arithmetic_caption(const ArithmeticCell& c) {
  constexpr size_t kMaxTerms = 6;  // longer sums would wrap over several lines
  constexpr size_t kBriefTerms = 3;
  Caption out;
  out.text = fmt("Output cell %" PRId64 "/%" PRId64 ": y[%" PRId64 ",%" PRId64 "] = ", c.index + 1,
                 c.cells, c.oh, c.ow);
  std::string brief;  // at most 3 terms and no asides
  const size_t shown = std::min(c.terms.size(), kMaxTerms);
  for (size_t i = 0; i < shown; ++i) {
    const std::string term = factor(c.terms[i].x) + "·" + factor(c.terms[i].k);
    out.text += (i ? " + " : "") + term;
    if (i < kBriefTerms) brief += (i ? " + " : "") + term;
  }
  out.text += arithmetic_asides(c, static_cast<int64_t>(shown));
  if (c.terms.empty()) brief += "0";
  if (c.terms.size() > kBriefTerms || c.in_per_group > 1 || c.has_bias) brief += " + …";
  out.brief = "y[" + std::to_string(c.oh) + "," + std::to_string(c.ow) + "] = " + brief + " = " +
              ui::num(c.value);
  return out;
}

std::string arithmetic_how(const tconv::Geometry& geo, int64_t pad_h, int64_t pad_w) {
  const tconv::Axis &ah = geo.h, &aw = geo.w;
  std::string how =
      "Each output cell = Σ input under the shadow × flipped kernel: the kernel rotated 180°, "
      "sliding with stride 1";
  if (ah.dilation > 1 || aw.dilation > 1)
    how += " and dilation " + pair_text(ah.dilation, aw.dilation);
  if (ah.stride > 1 || aw.stride > 1)
    how += ". Input: " + pair_text(ah.stride - 1, aw.stride - 1) +
           " zero(s) inserted between elements (stride " + pair_text(ah.stride, aw.stride) +
           " − 1)";
  else
    how += ". Input: no zeros inserted (stride 1)";
  const std::string p = pair_text(pad_h, pad_w);
  if (pad_h >= 0 && pad_w >= 0)
    how += ", padded by dilation·(k−1) − padding = " + p + " on every side";
  else
    how += ", dilation·(k−1) − padding = " + p + " (negative: the input is cropped instead)";
  if (ah.output_padding > 0 || aw.output_padding > 0)
    how += ", plus output_padding " + pair_text(ah.output_padding, aw.output_padding) +
           " on the bottom/right only";
  return how + ".";
}

// [SECTION] Flip view

Caption flip_caption(float max_diff, bool same_shape, int64_t in_per_group, int64_t c_in,
                     int64_t c_out) {
  Caption c;
  c.text =
      "Route 1 (scatter, d2l): every input element times K, placed at its stride offset, summed, "
      "cropped by padding. Route 2 (conv_arithmetic): insert zeros, pad, slide K rotated 180° "
      "with stride 1. Same numbers:";
  if (!same_shape)
    c.text += " the two outputs have different shapes!";
  else if (max_diff == 0.f)
    c.text += " max |route 1 − route 2| = 0.";
  else
    c.text +=
        fmt(" max |route 1 − route 2| = %.3g (float rounding).", static_cast<double>(max_diff));
  if (in_per_group > 1)
    c.text += " Kernels shown for input channel " + std::to_string(c_in) + " → output channel " +
              std::to_string(c_out) + "; outputs sum over all input channels of the group.";
  c.brief = "Scatter with K = direct conv with K rotated 180°";
  c.brief += same_shape ? fmt(": max |difference| = %.3g.", static_cast<double>(max_diff))
                        : ": shapes differ!";
  return c;
}

// [SECTION] Overlap view

AxisOverlap analyze_overlap(const tconv::Axis& a) {
  AxisOverlap out;
  const int64_t s = std::max<int64_t>(a.stride, 1);
  std::vector<int64_t> per_phase(static_cast<size_t>(s), 0);
  for (int64_t j = 0; j < a.kernel; ++j) ++per_phase[static_cast<size_t>((j * a.dilation) % s)];
  out.lo = *std::min_element(per_phase.begin(), per_phase.end());
  out.hi = *std::max_element(per_phase.begin(), per_phase.end());
  const int64_t g = std::gcd(a.dilation, s);
  if (s == 1)
    out.cause = "stride 1";
  else if (out.lo == 0 && g == 1)
    out.cause =
        fmt("stride %" PRId64 " is larger than kernel %" PRId64 ": footprints leave gaps (0 taps)",
            s, a.kernel);
  else if (g > 1)
    out.cause = fmt("dilation %" PRId64 " and stride %" PRId64 " share the factor %" PRId64
                    ": taps skip cells",
                    a.dilation, s, g);
  else if (a.kernel % s == 0)
    out.cause = fmt("kernel %" PRId64 " is divisible by stride %" PRId64, a.kernel, s);
  else
    out.cause = fmt("kernel %" PRId64 " is not divisible by stride %" PRId64, a.kernel, s);
  return out;
}

namespace {

// "1 to 2 taps, in a repeating pattern" / "2 taps each".
std::string per_axis(const AxisOverlap& a) {
  if (a.lo == a.hi) return fmt("%" PRId64 " tap%s each", a.lo, a.lo == 1 ? "" : "s");
  return fmt("%" PRId64 " to %" PRId64 " taps, in a repeating pattern", a.lo, a.hi);
}

}  // namespace

OverlapCaption overlap_caption(const tconv::Geometry& geo, int max_count) {
  const AxisOverlap h = analyze_overlap(geo.h), w = analyze_overlap(geo.w);
  const bool same_axes = h.cause == w.cause && h.lo == w.lo && h.hi == w.hi;
  const std::string cause = same_axes ? h.cause : "H: " + h.cause + "; W: " + w.cause;
  const int64_t lo = h.lo * w.lo, hi = h.hi * w.hi;
  const std::string total =
      lo == hi ? std::to_string(lo) : std::to_string(lo) + " to " + std::to_string(hi);
  OverlapCaption c;
  c.even = h.lo == h.hi && w.lo == w.hi;
  if (max_count < hi) {
    // No cell is far enough from every border to meet each tap phase: the
    // pattern needs a bigger input to show.
    const tconv::Axis& a = geo.h.in * geo.h.stride < geo.h.span() ? geo.h : geo.w;
    c.detail = fmt("This input is all border: %" PRId64 " inputs, stride %" PRId64
                   ", but one footprint spans %" PRId64
                   " cells, so no output cell gets all %s taps it would in a bigger input.",
                   a.in, a.stride, a.span(), total.c_str());
  } else if (same_axes) {
    c.detail = fmt("Along each axis an interior cell gets %s, so %s in 2-D.", per_axis(h).c_str(),
                   total.c_str());
  } else {
    c.detail = fmt("Interior cells get %s along H and %s along W, so %s in 2-D.",
                   per_axis(h).c_str(), per_axis(w).c_str(), total.c_str());
  }
  c.note = fmt(
      "Border cells get fewer (fewer inputs reach them) unless padding crops them; max here %d.%s",
      max_count,
      geo.in_per_group() > 1
          ? " Counts are per input channel: each channel of the group adds as many again."
          : "");
  // The headline names the cause in the current numbers, as Distill's
  // "Deconvolution and Checkerboard Artifacts" (Odena et al., 2016) explains it.
  c.headline = c.even ? cause + ": even overlap, no checkerboard"
                      : cause + ": uneven overlap \xE2\x86\x92 checkerboard";
  return c;
}

// [SECTION] Matrix view

std::string matrix_about(int64_t rows, int64_t cols, int64_t nonzeros, bool has_bias) {
  const double density = 100.0 * static_cast<double>(nonzeros) /
                         (static_cast<double>(rows) * static_cast<double>(cols));
  return fmt("W is %" PRId64 " \xC3\x97 %" PRId64
             ": a row per input element, a column per output element; %" PRId64
             " entries (%.3g%%) hold a kernel tap, every other entry is 0.\n"
             "vec(y) = %s vec(x)%s: row i of W is where input i is broadcast to; column j "
             "(row j of %s) gathers output j.",
             rows, cols, nonzeros, density, kWT, has_bias ? " + b" : "", kWT);
}

Caption matrix_directions(int64_t cols, const std::vector<float>& y, bool y_is_input) {
  constexpr size_t kListed = 8;  // longer vectors are read off the strip
  std::string ys;
  for (size_t i = 0; i < y.size() && i < kListed; ++i) ys += (i ? ", " : "") + ui::num(y[i]);
  if (y.size() > kListed) ys += ", …";
  Caption c;
  c.text = fmt("Conv (d2l's corr2d): vec(Y) = W vec(X), X = arange(%" PRId64
               ") gives Y = [%s]. Transposed conv: vec(y) = %s vec(x).",
               cols, ys.c_str(), kWT);
  if (y_is_input)
    c.text += " Here x = Y: conv by W, then by " + std::string(kWT) + ", d2l's round trip.";
  c.brief = fmt("conv: X = arange(%" PRId64 ") \xE2\x86\x92 Y = W vec(X) = [%s]%s", cols,
                ys.c_str(), y_is_input ? " = x" : "");
  return c;
}

std::string matrix_step_line(int64_t step, const std::string& element, int64_t row, bool brief) {
  if (brief)
    return fmt("%s: row %" PRId64 " of W, col %" PRId64 " of %s", element.c_str(), row, row, kWT);
  return fmt("Step %" PRId64 ": %s = row %" PRId64 " of W, column %" PRId64 " of %s", step,
             element.c_str(), row, row, kWT);
}

}  // namespace studio
