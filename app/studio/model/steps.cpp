// Step units and their mapping (see steps.h).
#include "steps.h"

#include <algorithm>

#include "tconv/shape.h"

namespace studio {

StepUnit step_unit(ViewId v) {
  switch (v) {
    case ViewId::Arithmetic:
      return StepUnit::OutputCell;
    case ViewId::Flip:
    case ViewId::Shape:
    case ViewId::Frameworks:  // the whole output and its windows
      return StepUnit::None;
    case ViewId::Scatter:
    case ViewId::Matrix:
    case ViewId::Overlap:
    case ViewId::All:
      return StepUnit::InputElement;
  }
  return StepUnit::InputElement;
}

StepUnit counting_unit(ViewId v) {
  const StepUnit u = step_unit(v);
  return u == StepUnit::None ? StepUnit::InputElement : u;
}

const char* step_unit_name(StepUnit u, bool plural) {
  switch (u) {
    case StepUnit::InputElement:
      return plural ? "input elements" : "input element";
    case StepUnit::OutputCell:
      return plural ? "output cells" : "output cell";
    case StepUnit::None:
      return "";
  }
  return "";
}

int64_t step_count(const Params& p, StepUnit u) {
  switch (u) {
    case StepUnit::InputElement:
      return std::max<int64_t>(p.in_channels * p.in_h * p.in_w, 0);
    case StepUnit::OutputCell: {
      const int64_t ho = tconv::transposed_output_size(p.in_h, p.kernel_h, p.stride.h, p.padding.h,
                                                       p.output_padding.h, p.dilation.h);
      const int64_t wo = tconv::transposed_output_size(p.in_w, p.kernel_w, p.stride.w, p.padding.w,
                                                       p.output_padding.w, p.dilation.w);
      return ho > 0 && wo > 0 ? ho * wo : 0;
    }
    case StepUnit::None:
      return 1;
  }
  return 1;
}

int64_t map_step(int64_t t, int64_t from, int64_t to) {
  from = std::max<int64_t>(from, 1);
  to = std::max<int64_t>(to, 1);
  t = std::clamp<int64_t>(t, 0, from - 1);
  if (from == to) return t;
  if (from == 1) return to - 1;  // the only step is also the last
  return t * (to - 1) / (from - 1);
}

int64_t first_step_reaching(int64_t target, int64_t to, int64_t from) {
  from = std::max<int64_t>(from, 1);
  to = std::max<int64_t>(to, 1);
  target = std::clamp<int64_t>(target, 0, to - 1);
  if (from == to) return target;
  if (from == 1) return 0;
  if (to == 1) return 0;
  // Smallest t with t·(to−1)/(from−1) >= target.
  return std::min((target * (from - 1) + to - 2) / (to - 1), from - 1);
}

}  // namespace studio
