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

// Every (input, tap) landing on output cell (oh, ow).
std::vector<Link> links_to_output(const Geometry& geo, int64_t oh, int64_t ow);
// Every output cell input element (ih, iw) reaches (taps that land in the
// cropped-away padding border are left out).
std::vector<Link> links_from_input(const Geometry& geo, int64_t ih, int64_t iw);
// Number of kernel taps landing on each output cell (Ho × Wo).
Eigen::MatrixXi overlap_counts(const Geometry& geo);

}  // namespace tconv
