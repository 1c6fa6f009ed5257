// A translated layer as a self-contained Python script for each framework:
// the tensors as literals, the layer with that framework's names, and an
// assertion that its output matches the one tconv computed (embedded too).
// The PyTorch script runs with PyTorch 1.13 or later; the others need
// TensorFlow 2, onnx (+ onnxruntime) or jax.
#pragma once

#include <optional>
#include <string>

#include "tconv/frameworks_translate.h"
#include "tconv/tensor.h"

namespace tconv {

// The tensors of the translated layer, in its own convention's layout.
struct LayerValues {
  Array input, weight;
  std::optional<Array> bias;
  Array output;  // what the layer's framework computes (framework_conv_transpose2d)
};

struct CodeOptions {
  // Embed the tensors and tconv's output and assert they match. Off: seeded
  // random tensors of the same shapes and no assertion, for layers whose
  // literals would run to megabytes.
  bool values = true;
};

// The script for `target`; a framework with no equivalent layer gets a
// comment saying why ("# TensorFlow: no equivalent layer. ...").
std::string python_code(Convention target, const Translation& t, const LayerValues& v,
                        const CodeOptions& options = {});

// The shortest decimal that reads back as `f` through Python's float and
// float32 (at most 9 significant digits); whole numbers get ".0";
// non-finite values are float("inf") / -float("inf") / float("nan").
std::string python_float(float f);

}  // namespace tconv
