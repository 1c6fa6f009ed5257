// "Copy as PyTorch" and --export-python: the current state as a
// self-contained script a student can run with PyTorch (1.13 or later). It
// builds the same nn.ConvTranspose2d with the same values, runs it, prints
// the output and asserts torch.allclose against the output the studio
// computed (embedded as literals). No GL, no ImGui: unit-tested headless.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "model.h"

namespace studio {

// The shortest decimal that reads back as exactly `f`, by the route Python
// and torch.tensor(..., dtype=torch.float32) take (text -> double ->
// float32); at most 9 significant digits, which always round-trips. Whole
// numbers get ".0" (2.0, not 2) so they read as floats. Non-finite values
// give "inf", "-inf", "nan" (callers spell them for their language).
std::string float_text(float f);

// Nested lists in numpy's layout: the innermost dimension on one line,
// deeper levels aligned under their opening bracket. `column` is where the
// first '[' sits, so continuation lines line up. `literal` spells one value.
std::string nested_list(const tconv::Shape& shape, const std::vector<float>& data, size_t column,
                        std::string (*literal)(float));

// The whole script.
std::string python_script(const Model& m);
// python_script written atomically; false with a message naming the path.
bool write_python_file(const std::string& path, const Model& m, std::string& error);

}  // namespace studio
