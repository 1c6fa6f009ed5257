// Everything the studio's views draw, computed together once per parameter
// change (never in a draw call).
#pragma once

#include <optional>

#include "tconv/args.h"
#include "tconv/flip.h"
#include "tconv/matrix.h"
#include "tconv/scatter.h"
#include "tconv/tensor.h"

namespace tconv {

struct Problem {
  Array input;                // (N, C_in, H, W) or (C_in, H, W)
  Array weight;               // (C_in, C_out / groups, kH, kW)
  std::optional<Array> bias;  // (C_out)
  ConvTranspose2dArgs args;
};

struct Records {
  Geometry geo;
  Array output;  // the gemm result, the reference every view agrees with
  ScatterRecord scatter;
  FlipRecord flip;
  MatrixRecord matrix;
  Eigen::MatrixXi overlap;  // overlap_counts(geo)
};

// Validates (throws ArgumentError) and builds every record.
Records build_records(const Problem& p);

}  // namespace tconv
