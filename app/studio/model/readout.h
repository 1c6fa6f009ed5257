// Reading single values and planes out of the model's arrays, for the views
// (flat row-major; an unbatched array reads as N = 1). Index arithmetic
// only: no records are computed here.
#pragma once

#include <cstdint>
#include <vector>

#include "model.h"

namespace studio {

float input_value(const Model& m, int64_t n, int64_t c, int64_t h, int64_t w);
float weight_value(const Model& m, int64_t c_in, int64_t c_out_local, int64_t kh, int64_t kw);
float output_value(const Model& m, int64_t n, int64_t c, int64_t oh,
                   int64_t ow);                   // records().output
float bias_value(const Model& m, int64_t c_out);  // 0 when bias is off
// Index for model.set_value in the array's own rank (3-D input when unbatched).
std::vector<int64_t> input_index(const Model& m, int64_t n, int64_t c, int64_t h, int64_t w);
// Largest |value| of one output plane (n, c): a fixed scale for colour ramps
// so colours do not rescale while the timeline plays.
float output_max_abs(const Model& m, int64_t n, int64_t c);

// The channels a view draws: the selected batch element and output channel,
// and an input channel of that output channel's group (the selection's own,
// or the group's first when the selection sits in another group), so the
// kernel w[ci, co_local] shown always feeds the output shown.
struct DrawnChannels {
  int64_t n = 0, co = 0, group = 0, co_local = 0, ci = 0, ci_local = 0;
};
DrawnChannels drawn_channels(const Model& model);

}  // namespace studio
