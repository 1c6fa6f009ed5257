// The views' captions as pure functions of the records' numbers: the text a
// teacher reads out, built without ImGui, so it is unit-tested on its own
// (tests/unit/studio_view_captions_test.cpp). Each comes in a long form and
// a short one for small tiles (the `all` layout, large text).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "tconv/scatter.h"
#include "tconv/shape.h"

namespace studio {

struct Caption {
  std::string text;   // the full caption
  std::string brief;  // the short form for a small tile
};

// [SECTION] Scatter view.
// "rows 2–3" / "rows 2, 4" (dilated, two taps) / "rows 2–8 every 2".
std::string span_text(const char* what, int64_t first, int64_t kernel, int64_t dilation);
// Step t of `count` (0-based) broadcasting st through the kernel: where it
// lands, the crop, the group, and at the last step what the output is.
// `bias` is b[c_out] (used when geo.has_bias).
Caption scatter_caption(const tconv::Geometry& geo, const tconv::ScatterStep& st, int64_t t,
                        int64_t count, int64_t c_out, float bias);

// [SECTION] Arithmetic view.
// One product of the current cell's dot product: input under the shadow ×
// flipped-kernel tap (zeros are counted, not listed).
struct Term {
  float x, k;
};
struct ArithmeticCell {
  int64_t index, cells;  // 0-based output cell (row-major) and how many there are
  int64_t oh, ow;
  std::vector<Term> terms;  // the non-zero inputs under the shadow, in tap order
  int64_t taps;             // kH·kW
  int64_t in_per_group;     // input channels summed into the cell
  bool has_bias;
  float bias, value;  // b[c_out], and y at the cell
};
Caption arithmetic_caption(const ArithmeticCell& c);
// How the direct convolution is set up, in the current numbers: stride and
// zeros inserted, dilation, the direct padding (pad_h, pad_w; negative crops)
// and output_padding.
std::string arithmetic_how(const tconv::Geometry& geo, int64_t pad_h, int64_t pad_w);

// [SECTION] Flip view.
// The two routes agree: their largest difference (`same_shape` false when
// the outputs' shapes differ), and which kernel is shown when several input
// channels feed the output.
Caption flip_caption(float max_diff, bool same_shape, int64_t in_per_group, int64_t c_in,
                     int64_t c_out);

// [SECTION] Overlap view.
// Taps per interior cell along one axis: tap j sits at j·dilation from its
// footprint's start and footprints start every `stride` cells, so an interior
// cell at phase r (mod stride) gets the taps with j·dilation ≡ r.
struct AxisOverlap {
  int64_t lo = 0, hi = 0;
  std::string cause;  // "kernel 3 is not divisible by stride 2"
};
AxisOverlap analyze_overlap(const tconv::Axis& a);
struct OverlapCaption {
  bool even = false;     // every interior cell gets the same count
  std::string headline;  // the cause and the verdict
  std::string detail;    // the counts per axis, or why this input is all border
  std::string note;      // borders, channels
};
OverlapCaption overlap_caption(const tconv::Geometry& geo, int max_count);

// [SECTION] Matrix view.
// What W is and how vec(y) = Wᵀ vec(x) reads.
std::string matrix_about(int64_t rows, int64_t cols, int64_t nonzeros, bool has_bias);
// The seed's two directions in the current numbers: the convolution
// vec(Y) = W vec(X) with X = arange(cols) (Y listed when short), and the
// transposed one vec(y) = Wᵀ vec(x); `y_is_input`: x equals that Y, so the
// two panes are d2l's round trip. brief: "X = arange(9) → Y = W vec(X) =
// [27, 37, 57, 67] = x".
Caption matrix_directions(int64_t cols, const std::vector<float>& y, bool y_is_input);
// "Step 3: x(1,0) = row 3 of W, column 3 of Wᵀ"; `brief`: without "Step t".
std::string matrix_step_line(int64_t step, const std::string& element, int64_t row, bool brief);

}  // namespace studio
