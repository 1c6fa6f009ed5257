// Reading specs strictly: every mistake becomes a SpecError naming the value
// and where it is, because a silently ignored typo ("strides") would show a
// student a wrong answer with no hint why.
#include "spec.h"

#include <algorithm>
#include <cerrno>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <limits>
#include <set>
#include <sstream>

#include "tconv/errors.h"
#include "tconv/frameworks.h"

namespace cli {

using nlohmann::json;

namespace {

// Deeper lists cannot be a conv tensor; the cap keeps the recursive walk
// below from running out of stack on hostile input, while 5-D still reaches
// the core and gets PyTorch's "Expected 3D (unbatched) or 4D" message.
constexpr size_t kMaxRank = 16;

// Hyper-parameters are bounded so the shape arithmetic (products of sizes)
// cannot overflow int64; PyTorch would fail allocating such outputs anyway.
constexpr int64_t kMaxInt = std::numeric_limits<int32_t>::max();

std::string join(const std::vector<std::string>& items, const char* sep) {
  std::string s;
  for (size_t i = 0; i < items.size(); ++i) s += (i ? sep : "") + items[i];
  return s;
}

size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] != b[j - 1] ? 1 : 0)});
      diag = up;
    }
  }
  return row[b.size()];
}

// User text inside a message, control characters escaped as JSON writes
// them ("a\nb"), so the message stays one line and prints nothing odd.
std::string escaped(const std::string& text) {
  const std::string q = json(text).dump(-1, ' ', false, json::error_handler_t::replace);
  return q.substr(1, q.size() - 2);
}

// The first key outside `allowed` and "; did you mean 'x'?" for a near miss.
std::optional<std::pair<std::string, std::string>> unknown_key(
    const json& j, const std::vector<std::string>& allowed) {
  for (const auto& item : j.items()) {
    const std::string& key = item.key();
    if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
    std::string hint;
    size_t best = 3;  // only suggest near misses
    for (const auto& a : allowed) {
      const size_t d = edit_distance(key, a);
      if (d < best) best = d, hint = "; did you mean '" + a + "'?";
    }
    return std::pair{key, hint};
  }
  return std::nullopt;
}

// Rejects keys outside `allowed`, suggesting the closest one for a typo.
void check_keys(const json& j, const std::vector<std::string>& allowed, const char* what) {
  if (!j.is_object())
    throw SpecError(std::string("the spec must be a JSON object with the keys of ") + what + " (" +
                    join(allowed, ", ") + "), got " + j.type_name());
  if (auto bad = unknown_key(j, allowed))
    throw SpecError("unknown key '" + escaped(bad->first) + "'" + bad->second + " (" + what +
                    " takes " + join(allowed, ", ") + ")");
}

// Present and not null.
const json* optional_key(const json& j, const char* key) {
  auto it = j.find(key);
  return it == j.end() || it->is_null() ? nullptr : &*it;
}

std::string index_path(const std::string& where, const std::vector<int64_t>& idx, size_t depth) {
  std::string s = where;
  for (size_t d = 0; d < depth; ++d) s += "[" + std::to_string(idx[d]) + "]";
  return s;
}

// The element every list at `depth` is compared with: the first one.
std::string first_path(const std::string& where, size_t depth) {
  return index_path(where, std::vector<int64_t>(depth, 0), depth);
}

void walk(const json& node, const tconv::Shape& shape, size_t depth, std::vector<int64_t>& idx,
          const std::string& where, std::vector<float>& out) {
  if (depth < shape.size()) {
    if (!node.is_array())
      throw SpecError(index_path(where, idx, depth) + " is " + node.dump() +
                      " but should be a list of " + std::to_string(shape[depth]) + " like " +
                      first_path(where, depth) + " (tensors must be rectangular)");
    if (static_cast<int64_t>(node.size()) != shape[depth])
      throw SpecError(index_path(where, idx, depth) + " has " + std::to_string(node.size()) +
                      " elements but " + first_path(where, depth) + " has " +
                      std::to_string(shape[depth]) + " (tensors must be rectangular)");
    for (size_t i = 0; i < node.size(); ++i) {
      idx[depth] = static_cast<int64_t>(i);
      walk(node[i], shape, depth + 1, idx, where, out);
    }
    return;
  }
  if (node.is_array())
    throw SpecError(index_path(where, idx, depth) + " is a list but " + first_path(where, depth) +
                    " is a number (tensors must be rectangular)");
  if (!node.is_number())
    throw SpecError(index_path(where, idx, depth) + " is " + node.dump() + " (a " +
                    node.type_name() + "), expected a number");
  const double v = node.get<double>();
  if (!(std::fabs(v) <= FLT_MAX))
    throw SpecError(index_path(where, idx, depth) + " = " + node.dump() +
                    " is outside float32's range");
  out.push_back(static_cast<float>(v));
}

}  // namespace

void check_object_keys(const json& j, const std::vector<std::string>& allowed,
                       const std::string& name) {
  if (!j.is_object()) {
    const std::string type = j.type_name();
    throw SpecError(name + " must be a JSON object (keys: " + join(allowed, ", ") + "), got " +
                    j.dump() + (type == "array" ? " (an " : " (a ") + type + ")");
  }
  if (auto bad = unknown_key(j, allowed))
    throw SpecError("unknown key '" + escaped(bad->first) + "' in " + name + bad->second + " (" +
                    name + " takes " + join(allowed, ", ") + ")");
}

std::string source_label(const std::string& path) {
  return path == "-" ? "<stdin>" : path;
}

nlohmann::json read_json(const std::string& path) {
  std::ostringstream text;
  if (path == "-") {
    text << std::cin.rdbuf();
  } else {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) throw SpecError("cannot read: is a directory");
    std::ifstream f(path, std::ios::binary);
    if (!f) throw SpecError(std::string("cannot open: ") + std::strerror(errno));
    text << f.rdbuf();
    if (f.bad()) throw SpecError("cannot read the file");
  }
  return parse_json(text.str());
}

nlohmann::json parse_json(const std::string& text) {
  // One set of seen keys per open object: JSON allows repeated keys but
  // nlohmann keeps only the last, so "stride" twice would hide the first.
  std::vector<std::set<std::string>> seen;
  auto on_event = [&seen](int, json::parse_event_t event, json& parsed) {
    if (event == json::parse_event_t::object_start) {
      seen.emplace_back();
    } else if (event == json::parse_event_t::object_end) {
      if (!seen.empty()) seen.pop_back();
    } else if (event == json::parse_event_t::key && !seen.empty()) {
      const auto& key = parsed.get_ref<const std::string&>();
      if (!seen.back().insert(key).second)
        throw SpecError("invalid spec: key '" + escaped(key) + "' appears twice in one object");
    }
    return true;
  };
  try {
    return json::parse(text, on_event);
  } catch (const json::parse_error& e) {
    // what() is "[json.exception.parse_error.101] parse error at line 1,
    // column 9: syntax error ..."; keep the human part, add the byte.
    std::string detail = e.what();
    if (auto p = detail.find("] "); p != std::string::npos) detail.erase(0, p + 2);
    const std::string lead = "parse error at ";
    std::string where;
    if (detail.rfind(lead, 0) == 0) {
      if (auto colon = detail.find(": "); colon != std::string::npos) {
        where = " (" + detail.substr(lead.size(), colon - lead.size()) + ")";
        detail.erase(0, colon + 2);
      }
    }
    // "last read" echoes the input: escape bytes that may not be valid UTF-8.
    std::string shown;
    for (unsigned char c : detail) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\x%02X", c);
      shown += c < 0x80 ? std::string(1, static_cast<char>(c)) : std::string(hex);
    }
    throw SpecError("invalid JSON at byte " + std::to_string(e.byte) + where + ": " + shown);
  } catch (const json::out_of_range& e) {
    // A number past double's range ("1e999", out_of_range.406) is no
    // parse_error, and nlohmann gives no position for it; the message
    // quotes the number.
    std::string detail = e.what();
    if (auto p = detail.find("] "); p != std::string::npos) detail.erase(0, p + 2);
    throw SpecError("invalid JSON: " + detail);
  }
}

tconv::Array array_from_json(const json& j, const std::string& where) {
  if (!j.is_array() && !j.is_number())
    throw SpecError(where + " must be a tensor as nested lists of numbers, got " + j.dump() +
                    " (a " + j.type_name() + ")");
  // The first element at each depth fixes the shape; walk() then holds every
  // other list to it.
  tconv::Shape shape;
  for (const json* p = &j; p->is_array(); p = &(*p)[0]) {
    if (shape.size() == kMaxRank)
      throw SpecError(where + " is nested more than " + std::to_string(kMaxRank) +
                      " lists deep; conv tensors have 3 or 4 dimensions");
    shape.push_back(static_cast<int64_t>(p->size()));
    if (p->empty()) break;
  }
  std::vector<float> data;
  data.reserve(static_cast<size_t>(tconv::numel(shape)));
  std::vector<int64_t> idx(shape.size(), 0);
  walk(j, shape, 0, idx, where, data);
  return tconv::Array(std::move(shape), std::move(data));
}

nlohmann::ordered_json float_to_json(float v) {
  if (!std::isfinite(v)) return nullptr;  // JSON has no inf/nan
  // Shortest %g that reads back as the same float, then handed to nlohmann
  // as that decimal's double, which it prints back as the same short text.
  char buf[32];
  for (int digits = 1; digits <= 9; ++digits) {
    std::snprintf(buf, sizeof buf, "%.*g", digits, static_cast<double>(v));
    if (std::strtof(buf, nullptr) == v) break;
  }
  return std::strtod(buf, nullptr);
}

namespace {
nlohmann::ordered_json nested(const tconv::Array& a, size_t depth, size_t& offset) {
  if (depth == a.shape.size()) return float_to_json(a.data[offset++]);
  auto list = nlohmann::ordered_json::array();
  for (int64_t i = 0; i < a.shape[depth]; ++i) list.push_back(nested(a, depth + 1, offset));
  return list;
}
}  // namespace

nlohmann::ordered_json array_to_json(const tconv::Array& a) {
  size_t offset = 0;
  return nested(a, 0, offset);
}

int64_t checked_int(int64_t v, const std::string& name) {
  if (v > kMaxInt || v < -kMaxInt)
    throw SpecError(name + "=" + std::to_string(v) + " is out of range (|value| must be at most " +
                    std::to_string(kMaxInt) + ")");
  return v;
}

int64_t int_from_json(const json& j, const std::string& name) {
  if (!j.is_number_integer())
    throw SpecError(name + " must be an integer, got " + j.dump() + " (a " + j.type_name() + ")");
  if (j.is_number_unsigned() && j.get<uint64_t>() > static_cast<uint64_t>(kMaxInt))
    throw SpecError(name + "=" + j.dump() + " is out of range (|value| must be at most " +
                    std::to_string(kMaxInt) + ")");
  return checked_int(j.get<int64_t>(), name);
}

tconv::Pair pair_from_values(const std::string& name, const std::vector<int64_t>& values) {
  const tconv::Pair p = tconv::pair_from_list(name, values);  // PyTorch's length check first
  checked_int(p.h, name);
  checked_int(p.w, name);
  return p;
}

std::vector<int64_t> ints_from_json(const json& j, const std::string& name) {
  if (!j.is_array())
    throw SpecError(name + " must be a list of integers, got " + j.dump() + " (a " + j.type_name() +
                    ")");
  std::vector<int64_t> v;
  for (size_t i = 0; i < j.size(); ++i)
    v.push_back(int_from_json(j[i], name + "[" + std::to_string(i) + "]"));
  return v;
}

tconv::Pair pair_from_json(const json& j, const std::string& name) {
  if (j.is_array()) return pair_from_values(name, ints_from_json(j, name));
  if (!j.is_number_integer())
    throw SpecError(name + " must be an integer or a list of 2 integers, got " + j.dump());
  return tconv::Pair(int_from_json(j, name));
}

tconv::Method method_from_name(const std::string& name) {
  if (auto m = tconv::parse_method(name)) return *m;
  throw SpecError("unknown method '" + escaped(name) +
                  "' (expected scatter, matrix, flip or gemm)");
}

namespace {

// `key` and/or `key_shape` (see spec.h); nullopt when neither is given.
std::optional<tconv::Array> tensor_from_spec(const json& j, const std::string& key) {
  const json* values = optional_key(j, key.c_str());
  const json* shape_json = optional_key(j, (key + "_shape").c_str());
  if (!values && !shape_json) return std::nullopt;
  std::optional<tconv::Shape> shape;
  if (shape_json) {
    shape = ints_from_json(*shape_json, key + "_shape");
    for (int64_t d : *shape)
      if (d < 0)
        throw SpecError(key + "_shape=" + tconv::format_shape(*shape) + " has a negative size");
  }
  if (!values) return tconv::Array(*shape, {});  // zeros, made after the checks
  tconv::Array a = array_from_json(*values, key);
  if (shape && a.shape != *shape) {
    // [] is how a list writes any shape with no elements.
    if (a.data.empty() && tconv::numel(*shape) == 0)
      a.shape = *shape;
    else
      throw SpecError(key + " has shape " + tconv::format_shape(a.shape) + " but " + key +
                      "_shape is " + tconv::format_shape(*shape));
  }
  return a;
}

tconv::Array required_tensor(const json& j, const std::string& key) {
  auto a = tensor_from_spec(j, key);
  if (!a) throw SpecError("missing key '" + key + "' (or '" + key + "_shape')");
  return std::move(*a);
}

void read_tensors(const json& j, SpecTensors& t) {
  t.input = required_tensor(j, "input");
  t.weight = required_tensor(j, "weight");
  t.bias = tensor_from_spec(j, "bias");
}

void fill_zeros(tconv::Array& a, const std::string& name) {
  double n = 1;  // in double: sizes up to 2^31 each overflow int64 in a product
  for (int64_t d : a.shape) n *= static_cast<double>(d);
  if (!a.data.empty() || n == 0) return;
  if (n > kMaxZeroFill) {
    std::ostringstream count;
    count.precision(15);
    count << n;
    throw tconv::LimitError(name + "_shape " + tconv::format_shape(a.shape) + " would be " +
                            count.str() + " zeros; the limit is " +
                            std::to_string(static_cast<int64_t>(kMaxZeroFill)));
  }
  a.data.assign(static_cast<size_t>(n), 0.f);
}

}  // namespace

void SpecTensors::fill_shape_only() {
  fill_zeros(input, "input");
  fill_zeros(weight, "weight");
  if (bias) fill_zeros(*bias, "bias");
}

TransposeSpec transpose_spec_from_json(const json& j) {
  if (j.is_object() && spec_convention(j) != "pytorch")
    throw SpecError("this command takes PyTorch specs, and this one is \"convention\": \"" +
                    spec_convention(j) +
                    "\"; 'tconv translate' gives its PyTorch layer, 'tconv forward' runs it");
  check_keys(
      j,
      {"input", "weight", "bias", "stride", "padding", "output_padding", "groups", "dilation",
       "output_size", "method", "input_shape", "weight_shape", "bias_shape", "convention"},
      "F.conv_transpose2d");
  TransposeSpec s;
  read_tensors(j, s);
  if (const json* v = optional_key(j, "stride")) s.args.stride = pair_from_json(*v, "stride");
  if (const json* v = optional_key(j, "padding")) s.args.padding = pair_from_json(*v, "padding");
  if (const json* v = optional_key(j, "output_padding"))
    s.args.output_padding = pair_from_json(*v, "output_padding");
  if (const json* v = optional_key(j, "groups")) s.args.groups = int_from_json(*v, "groups");
  if (const json* v = optional_key(j, "dilation")) s.args.dilation = pair_from_json(*v, "dilation");
  if (const json* v = optional_key(j, "output_size"))
    s.args.output_size = ints_from_json(*v, "output_size");
  if (const json* v = optional_key(j, "method")) {
    if (!v->is_string())
      throw SpecError("method must be a string (scatter, matrix, flip or gemm), got " + v->dump());
    s.method = method_from_name(v->get<std::string>());
  }
  return s;
}

ConvSpec conv_spec_from_json(const json& j) {
  check_keys(j,
             {"input", "weight", "bias", "stride", "padding", "dilation", "groups", "input_shape",
              "weight_shape", "bias_shape"},
             "F.conv2d");
  ConvSpec s;
  read_tensors(j, s);
  if (const json* v = optional_key(j, "stride")) s.args.stride = pair_from_json(*v, "stride");
  if (const json* v = optional_key(j, "padding")) {
    if (v->is_string()) {
      const auto mode = v->get<std::string>();
      if (mode == "same")
        s.args.padding_mode = tconv::PaddingMode::Same;
      else if (mode == "valid")
        s.args.padding_mode = tconv::PaddingMode::Valid;
      else  // PyTorch 1.13's wording
        throw tconv::ArgumentError("Invalid padding string: '" + escaped(mode) + "'");
    } else {
      s.args.padding = pair_from_json(*v, "padding");
    }
  }
  if (const json* v = optional_key(j, "dilation")) s.args.dilation = pair_from_json(*v, "dilation");
  if (const json* v = optional_key(j, "groups")) s.args.groups = int_from_json(*v, "groups");
  return s;
}

void check_spec_keys(const json& j, const std::vector<std::string>& allowed, const char* what) {
  check_keys(j, allowed, what);
}

const json* spec_key(const json& j, const char* key) {
  return optional_key(j, key);
}

std::optional<tconv::Array> spec_tensor(const json& j, const std::string& key) {
  return tensor_from_spec(j, key);
}

void fill_shape_only_tensor(tconv::Array& a, const std::string& name) {
  fill_zeros(a, name);
}

std::string spec_convention(const json& j) {
  const json* v = optional_key(j, "convention");
  if (!v) return "pytorch";
  const std::string expected = " (expected pytorch, tensorflow, onnx or jax)";
  if (!v->is_string())
    throw SpecError("convention must be a string" + expected + ", got " + v->dump());
  const std::string name = v->get<std::string>();
  if (!tconv::parse_convention(name))
    throw SpecError("unknown convention '" + escaped(name) + "'" + expected);
  return name;
}

}  // namespace cli
