// The Frameworks view's record: built once per parameter change, drawn as is.
#include "tconv/frameworks_code.h"
#include "tconv/frameworks_translate.h"

namespace tconv {

FrameworksRecord build_frameworks_record(const Problem& p) {
  const Array* bias = p.bias ? &*p.bias : nullptr;
  const FrameworkLayer layer =
      resolve_pytorch(p.input.shape, p.weight.shape, bias ? &bias->shape : nullptr, p.args);
  FrameworksRecord r;
  r.translation = translate(layer);
  r.full = full_output(layer, p.input, p.weight);
  r.cases = classic_cases(
      check_conv_transpose2d(p.input.shape, p.weight.shape, bias ? &bias->shape : nullptr, p.args));
  LayerValues v{p.input, p.weight, p.bias, crop_window(layer, r.full, bias)};
  CodeOptions options;
  options.values = v.input.numel() + v.weight.numel() + v.output.numel() <= kCodeValueLimit;
  for (size_t i = 0; i < kConventions.size(); ++i)
    r.code[i] = python_code(kConventions[i], r.translation, v, options);
  return r;
}

}  // namespace tconv
