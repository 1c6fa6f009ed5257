// Specs in any convention: "convention": "pytorch" (the default, F.conv_transpose2d's
// keys), "tensorflow" (tf.nn.conv2d_transpose / Keras names), "onnx"
// (ConvTranspose's inputs and attributes) or "jax" (lax.conv_transpose's
// arguments), each read as strictly as a PyTorch spec and resolved by the core.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "tconv/conv.h"
#include "tconv/frameworks.h"
#include "tconv/tensor.h"

namespace cli {

struct FrameworkSpec {
  tconv::FrameworkLayer layer;  // resolved: the framework's checks passed
  tconv::Array input, weight;   // in the framework's layout
  std::optional<tconv::Array> bias;
  tconv::Method method = tconv::Method::Gemm;
  const tconv::Array* bias_ptr() const { return bias ? &*bias : nullptr; }
  // Makes the zeros of shape-only tensors (after the checks).
  void fill_shape_only();
};

// Throws SpecError for malformed specs and tconv::ArgumentError with the
// framework's message for arguments it refuses.
FrameworkSpec framework_spec_from_json(const nlohmann::json& j);

// The keys each convention takes, for --help.
extern const char* const kConventionKeys;

}  // namespace cli
