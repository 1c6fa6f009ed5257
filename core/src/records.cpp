// Everything the studio draws, built once per parameter change.
#include "tconv/records.h"

#include "detail.h"
#include "tconv/checks.h"
#include "tconv/conv.h"
#include "tconv/correspondence.h"
#include "tconv/errors.h"

namespace tconv {

Records build_records(const Problem& p) {
  const Array* bias = p.bias ? &*p.bias : nullptr;
  Records r;
  r.geo =
      check_conv_transpose2d(p.input.shape, p.weight.shape, bias ? &bias->shape : nullptr, p.args);
  if (r.geo.batch == 0) throw LimitError("there is nothing to draw for an empty batch (N = 0)");
  detail::require_data_matches(p.input, "input");
  detail::require_data_matches(p.weight, "weight");
  if (bias) detail::require_data_matches(*bias, "bias");

  const Tensor4 x = to_tensor4(p.input), w = to_tensor4(p.weight);
  Tensor1 b;
  if (bias) b = detail::to_tensor1(*bias);
  const Tensor1* bp = bias ? &b : nullptr;

  r.output = to_array(conv_transpose2d_gemm(x, w, bp, r.geo), !r.geo.batched);
  r.scatter = ScatterRecord(x, w, bp, r.geo);
  r.flip = FlipRecord(x, w, bp, r.geo);
  r.matrix = MatrixRecord(w, r.geo);
  r.overlap = overlap_counts(r.geo);
  return r;
}

}  // namespace tconv
