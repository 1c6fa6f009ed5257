// Which input element, kernel tap and output cell go together: for hover
// highlighting across views and the overlap (checkerboard) map. Pure
// geometry, single channel plane (channels only add block structure).
#pragma once

#include <Eigen/Dense>
#include <cstdint>
#include <vector>

#include "tconv/shape.h"

namespace tconv {

struct Link {
  int32_t ih, iw;  // input element
  int32_t kh, kw;  // kernel tap (of the unflipped kernel)
  int32_t oh, ow;  // output cell (cropped output coordinates)
};

// Where tap k of input index i lands on one axis: i·stride + k·dilation −
// padding, in output coordinates (below 0 or at/after `out` when padding
// crops it; add `padding` for the uncropped scatter canvas). The one formula
// behind every link below.
int64_t tap_output_index(const Axis& a, int64_t i, int64_t k);

// Every (input, tap) landing on output cell (oh, ow).
std::vector<Link> links_to_output(const Geometry& geo, int64_t oh, int64_t ow);
// The output footprint of kernel tap (kh, kw): every input element it
// carries into the output and the cell it lands on, inputs in reading order
// (cells cropped by padding left out).
std::vector<Link> links_of_tap(const Geometry& geo, int64_t kh, int64_t kw);
// Every output cell input element (ih, iw) reaches (taps that land in the
// cropped-away padding border are left out).
std::vector<Link> links_from_input(const Geometry& geo, int64_t ih, int64_t iw);
// Number of kernel taps landing on each output cell (Ho × Wo).
Eigen::MatrixXi overlap_counts(const Geometry& geo);

}  // namespace tconv
