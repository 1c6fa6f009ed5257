// Typed errors for user mistakes. Messages follow PyTorch 1.13 word for word
// so a student can paste either one into a search engine and find the other.
#pragma once

#include <stdexcept>
#include <string>

namespace tconv {

// Any argument PyTorch would reject (shapes, hyper-parameters, output_size).
class ArgumentError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// A request our tool refuses on purpose although PyTorch would run it,
// e.g. a dense W above the size limit or a step index out of range.
class LimitError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace tconv
