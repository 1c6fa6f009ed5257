// JSON specs <-> tconv's Arrays and arguments. A spec uses exactly the argument
// names of F.conv_transpose2d / F.conv2d, tensors as nested lists, so a spec
// reads like the Python call it stands for (the golden fixtures use the same).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "tconv/args.h"
#include "tconv/conv.h"
#include "tconv/tensor.h"

namespace cli {

// A malformed spec or command line (PyTorch's own checks throw
// tconv::ArgumentError instead). The message names the offending values.
class SpecError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Rejects a non-object and keys outside `allowed`, suggesting the closest
// one for a typo: "unknown key 'idx' in ask; did you mean 'index'? (...)".
void check_object_keys(const nlohmann::json& j, const std::vector<std::string>& allowed,
                       const std::string& name);

// "<stdin>" for "-", else the path: how errors name the spec's source.
std::string source_label(const std::string& path);

// Reads and parses a spec file ("-" reads stdin). Throws SpecError naming the
// path when unreadable, and the byte position when the JSON is malformed or
// repeats a key (nlohmann would silently keep the last one).
nlohmann::json read_json(const std::string& path);
nlohmann::json parse_json(const std::string& text);

// A tensor as nested lists of numbers; `where` names it in errors ("input",
// so a ragged row reads "input[1] has 3 elements but input[0] has 2").
tconv::Array array_from_json(const nlohmann::json& j, const std::string& where);
// The reverse; values print as the shortest decimal that reads back as the
// same float32, integer-valued ones as "4.0" (nlohmann's float style).
nlohmann::ordered_json array_to_json(const tconv::Array& a);
nlohmann::ordered_json float_to_json(float v);

// Zeros made for a shape-only tensor: beyond this they would only exhaust memory.
inline constexpr double kMaxZeroFill = 1 << 24;

// An int or a list of ints as PyTorch takes stride & co (wrong list length:
// PyTorch's message via tconv::pair_from_list).
tconv::Pair pair_from_json(const nlohmann::json& j, const std::string& name);
std::vector<int64_t> ints_from_json(const nlohmann::json& j, const std::string& name);
int64_t int_from_json(const nlohmann::json& j, const std::string& name);

// Hyper-parameters and sizes are bounded (|v| < 2^31) so the shape arithmetic
// cannot overflow int64; throws SpecError naming `name` otherwise.
int64_t checked_int(int64_t v, const std::string& name);
// Command-line values (1 or 2 of them) as a Pair, range-checked.
tconv::Pair pair_from_values(const std::string& name, const std::vector<int64_t>& values);

// The tensors of a spec. Where a nested list cannot carry a shape (a zero-size
// dimension: `[]` for (0, 2, 3, 3)), `<name>_shape` gives it, as in the golden
// fixtures, and the list must agree with it. `<name>_shape` alone stands for
// a tensor of zeros (values that do not matter, e.g. to see an error or W);
// it is left empty while parsing so PyTorch's checks come first.
struct SpecTensors {
  tconv::Array input, weight;
  std::optional<tconv::Array> bias;
  const tconv::Array* bias_ptr() const { return bias ? &*bias : nullptr; }
  const tconv::Shape* bias_shape() const { return bias ? &bias->shape : nullptr; }
  // Makes the zeros of shape-only tensors (call after the checks). Throws
  // tconv::LimitError above kMaxZeroFill elements.
  void fill_shape_only();
};

// F.conv_transpose2d(input, weight, bias, stride, padding, output_padding,
// groups, dilation) + output_size + method.
struct TransposeSpec : SpecTensors {
  tconv::ConvTranspose2dArgs args;
  tconv::Method method = tconv::Method::Gemm;
};
TransposeSpec transpose_spec_from_json(const nlohmann::json& j);

// F.conv2d(input, weight, bias, stride, padding, dilation, groups).
struct ConvSpec : SpecTensors {
  tconv::Conv2dArgs args;
};
ConvSpec conv_spec_from_json(const nlohmann::json& j);

// "unknown method 'x' (expected scatter, matrix, flip or gemm)".
tconv::Method method_from_name(const std::string& name);

// For the other spec readers (spec_frameworks.cpp): the strict key check
// with its typo hint, a present-and-not-null key, a tensor given by `key`
// and/or `key_shape`, and the zeros of a shape-only tensor.
void check_spec_keys(const nlohmann::json& j, const std::vector<std::string>& allowed,
                     const char* what);
const nlohmann::json* spec_key(const nlohmann::json& j, const char* key);
std::optional<tconv::Array> spec_tensor(const nlohmann::json& j, const std::string& key);
void fill_shape_only_tensor(tconv::Array& a, const std::string& name);

// The spec's "convention" (absent: pytorch). Throws SpecError for a value
// that names no convention.
std::string spec_convention(const nlohmann::json& j);

}  // namespace cli
