// Turning PyTorch-style int-or-list arguments into per-axis pairs.
#include "tconv/args.h"

#include <sstream>

#include "tconv/errors.h"

namespace tconv {

Pair pair_from_list(const std::string& name, const std::vector<int64_t>& values) {
  // ATen's expand_param_if_needed: one value is broadcast, otherwise the
  // count must match the two spatial dimensions.
  if (values.size() == 1) return Pair(values[0]);
  if (values.size() == 2) return Pair(values[0], values[1]);
  std::ostringstream s;
  s << "expected " << name
    << " to be a single integer value or a list of 2 values to match the convolution "
       "dimensions, but got "
    << name << "=[";
  for (size_t i = 0; i < values.size(); ++i) s << (i ? ", " : "") << values[i];
  s << "]";
  throw ArgumentError(s.str());
}

}  // namespace tconv
