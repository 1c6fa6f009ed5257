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

// Nested lists in numpy's layout: the innermost dimension on one line,
// deeper levels aligned under their opening bracket. `column` is where the
// first '[' sits, so continuation lines line up. `literal` spells one value
// (the scripts use core's tconv::python_float, frameworks_code.h).
std::string nested_list(const tconv::Shape& shape, const std::vector<float>& data, size_t column,
                        std::string (*literal)(float));

// The whole script.
std::string python_script(const Model& m);
// python_script written atomically; false with a message naming the path.
bool write_python_file(const std::string& path, const Model& m, std::string& error);

}  // namespace studio
