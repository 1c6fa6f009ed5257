// Reading exercise questions (quiz output, sheet entries) and answers. The
// format of each kind is in README's "Exercises" section; anything else is a
// SpecError that names the value and what was expected.
#include <algorithm>

#include "quiz.h"
#include "spec.h"
#include "tconv/checks.h"

namespace cli {

using nlohmann::json;
namespace ex = tconv::exercise;

namespace {

// JSON as it appears in a message: one line, cut short.
std::string shown(const json& j) {
  std::string s = j.dump();
  return s.size() > 80 ? s.substr(0, 77) + "..." : s;
}

const json& required(const json& j, const char* key, const std::string& where,
                     const std::string& what) {
  auto it = j.find(key);
  if (it == j.end()) throw SpecError(where + ": missing key '" + key + "' (" + what + ")");
  return *it;
}

// [SECTION] Questions.
tconv::Pair pair_list_from(const json& j, const std::string& name) {
  const std::vector<int64_t> v = ints_from_json(j, name);
  if (v.size() != 2) throw SpecError(name + " must be [h, w], got " + shown(j));
  return {v[0], v[1]};
}

ex::Picture picture_from(const json& ask) {
  const char* keys[] = {"input_size", "kernel_size", "footprint", "canvas", "output_size"};
  size_t present = 0;
  for (const char* k : keys) present += ask.contains(k);
  if (present == 0) return {};  // derived from the spec's call
  ex::Picture p;
  tconv::Pair* fields[] = {&p.input_size, &p.kernel_size, &p.footprint, &p.canvas, &p.output_size};
  for (size_t i = 0; i < 5; ++i)
    *fields[i] = pair_list_from(required(ask, keys[i], "ask", "a picture needs all five facts"),
                                std::string("ask.") + keys[i]);
  return p;
}

void read_find(const json& ask, ex::Ask& a) {
  const json& find = required(ask, "find", "ask", "a list of stride, padding, dilation");
  if (!find.is_array() || find.empty())
    throw SpecError(
        "ask.find must be a non-empty list of \"stride\", \"padding\", \"dilation\", "
        "got " +
        shown(find));
  for (const json& name : find) {
    bool* flag = nullptr;
    if (name == "stride") flag = &a.find_stride;
    if (name == "padding") flag = &a.find_padding;
    if (name == "dilation") flag = &a.find_dilation;
    if (!flag || *flag)
      throw SpecError("ask.find: " + shown(name) +
                      (flag ? " is listed twice" : " is not stride, padding or dilation"));
    *flag = true;
  }
}

std::vector<ex::Option> options_from(const json& list) {
  if (!list.is_array() || list.empty())
    throw SpecError("ask.options must be a non-empty list, got " + shown(list));
  std::vector<ex::Option> out;
  for (size_t i = 0; i < list.size(); ++i) {
    const std::string where = "ask.options[" + std::to_string(i) + "]";
    check_object_keys(list[i], {"weight_shape", "stride", "dilation"}, where);
    const json& ws = required(list[i], "weight_shape", where, "[1, 1, kH, kW]");
    const std::vector<int64_t> w = ints_from_json(ws, where + ".weight_shape");
    if (w.size() != 4 || w[0] != 1 || w[1] != 1)
      throw SpecError(where + ".weight_shape must be [1, 1, kH, kW] (one channel), got " +
                      shown(ws));
    ex::Option o;
    o.kernel_size = {w[2], w[3]};
    if (list[i].contains("stride")) o.stride = pair_from_json(list[i]["stride"], where + ".stride");
    if (list[i].contains("dilation"))
      o.dilation = pair_from_json(list[i]["dilation"], where + ".dilation");
    out.push_back(o);
  }
  return out;
}

ex::Ask ask_from_json(ex::Kind kind, const json& j) {
  ex::Ask a;
  switch (kind) {
    case ex::Kind::Shape:
      if (!j.is_object() || !j.empty())
        throw SpecError("a shape question's ask must be {} (it asks for the whole shape), got " +
                        shown(j));
      break;
    case ex::Kind::Value:
    case ex::Kind::Feeders:
      check_object_keys(j, {"index"}, "ask");
      a.index = ints_from_json(required(j, "index", "ask", "a full output index"), "ask.index");
      break;
    case ex::Kind::OutputPadding:
      check_object_keys(j, {"output_size"}, "ask");
      a.output_size =
          pair_from_json(required(j, "output_size", "ask", "[H, W]"), "ask.output_size");
      break;
    case ex::Kind::Params:
      check_object_keys(
          j, {"find", "input_size", "kernel_size", "footprint", "canvas", "output_size"}, "ask");
      read_find(j, a);
      a.picture = picture_from(j);
      break;
    case ex::Kind::Matrix:
      check_object_keys(j, {"row"}, "ask");
      a.row = int_from_json(required(j, "row", "ask", "a row of W"), "ask.row");
      break;
    case ex::Kind::Checkerboard:
      check_object_keys(j, {"options"}, "ask");
      a.options = options_from(required(j, "options", "ask", "the candidates"));
      break;
  }
  return a;
}

tconv::Problem checkerboard_problem(const json& spec) {
  check_object_keys(spec, {"input_shape"}, "a checkerboard question's spec");
  const json& s = required(spec, "input_shape", "spec", "[1, 1, H, W]");
  const std::vector<int64_t> in = ints_from_json(s, "input_shape");
  if (in.size() < 3 || in.size() > 4 || in[0] != 1 || (in.size() == 4 && in[1] != 1))
    throw SpecError(
        "a checkerboard question's input_shape must be [1, 1, H, W] (one channel), got " +
        shown(s));
  tconv::Problem p;
  p.input.shape = in;
  return p;
}

tconv::Problem problem_from_spec(ex::Kind kind, const json& spec, const ex::Ask& ask) {
  if (kind == ex::Kind::Checkerboard) return checkerboard_problem(spec);
  TransposeSpec s = transpose_spec_from_json(spec);
  if (kind == ex::Kind::OutputPadding && spec.contains("output_padding"))
    throw SpecError(
        "an output_padding question's spec cannot give output_padding: it is the answer");
  if (kind == ex::Kind::Params && ask.picture != ex::Picture{})
    for (const char* k : {"stride", "padding", "dilation"})
      if (spec.contains(k) &&
          ((k[0] == 's' && ask.find_stride) || (k[0] == 'p' && ask.find_padding) ||
           (k[0] == 'd' && ask.find_dilation)))
        throw SpecError(std::string("the spec gives ") + k + ", which the question asks for");
  if (kind == ex::Kind::Value) {
    // PyTorch's message first; then "<name>_shape" alone stands for zeros.
    tconv::check_conv_transpose2d(s.input.shape, s.weight.shape, s.bias_shape(), s.args);
    s.fill_shape_only();
  }
  tconv::Problem p;
  p.input = std::move(s.input);
  p.weight = std::move(s.weight);
  p.bias = std::move(s.bias);
  p.args = s.args;
  return p;
}

}  // namespace

ex::Question question_from_json(const json& j) {
  check_object_keys(j, {"kind", "level", "seed", "text", "spec", "ask", "answer", "note"},
                    "a question");
  const json& kj = required(j, "kind", "the question", ex::kind_list());
  const auto kind = kj.is_string() ? ex::parse_kind(kj.get<std::string>()) : std::nullopt;
  if (!kind) throw SpecError("unknown kind " + shown(kj) + " (expected " + ex::kind_list() + ")");
  int level = 0;
  if (j.contains("level")) level = static_cast<int>(int_from_json(j["level"], "level"));
  if (level < 0 || level > ex::kMaxLevel)
    throw SpecError("level must be 1, 2 or 3, got " + std::to_string(level));
  std::optional<uint64_t> seed;
  if (j.contains("seed")) {
    if (!j["seed"].is_number_unsigned())
      throw SpecError("seed must be a non-negative integer, got " + shown(j["seed"]));
    seed = j["seed"].get<uint64_t>();
  }
  if (!j.contains("spec")) {
    if (!seed) throw SpecError("a question needs a spec (with an ask) or a seed");
    if (j.contains("ask"))
      throw SpecError("an ask goes with a spec; a seeded question makes its own");
    return ex::generate(*kind, level == 0 ? 1 : level, *seed);
  }
  const json empty = json::object();
  const json& ask_j = j.contains("ask") ? j["ask"]
                      : *kind == ex::Kind::Shape
                          ? empty
                          : required(j, "ask", "the question", "what is asked about the call");
  ex::Ask ask = ask_from_json(*kind, ask_j);
  tconv::Problem problem = problem_from_spec(*kind, j["spec"], ask);
  ex::Question q = ex::make_question(*kind, std::move(problem), std::move(ask));
  q.level = level;
  q.seed = seed.value_or(0);
  return q;
}

// [SECTION] Answers.
namespace {

[[noreturn]] void not_format(const char* kind, const char* format, const json& got) {
  const char* article = kind[0] == 'o' ? "an " : "a ";  // "an output_padding answer"
  throw SpecError(article + std::string(kind) + " answer must be " + format + ", got " +
                  shown(got));
}

std::vector<int64_t> int_list(const json& j, const char* kind, const char* format) {
  if (!j.is_array()) not_format(kind, format, j);
  for (const json& v : j)
    if (!v.is_number_integer()) not_format(kind, format, j);
  return ints_from_json(j, std::string(kind) + " answer");
}

std::vector<ex::MatrixEntry> matrix_entries(const json& j) {
  const char* format = "a list of {\"col\": column, \"tap\": [kh, kw]}";
  if (!j.is_array()) not_format("matrix", format, j);
  std::vector<ex::MatrixEntry> out;
  for (size_t i = 0; i < j.size(); ++i) {
    const std::string where = "answer[" + std::to_string(i) + "]";
    check_object_keys(j[i], {"col", "tap"}, where);
    ex::MatrixEntry e;
    e.col = int_from_json(required(j[i], "col", where, "a column of W"), where + ".col");
    const json& tap = required(j[i], "tap", where, "[kh, kw]");
    if (!tap.is_array() || tap.size() != 2 || !tap[0].is_number_integer() ||
        !tap[1].is_number_integer())
      throw SpecError(where + ".tap must be [kh, kw], got " + shown(tap));
    const std::vector<int64_t> t = ints_from_json(tap, where + ".tap");
    e.kh = t[0], e.kw = t[1];
    out.push_back(e);
  }
  return out;
}

void params_answer(const ex::Question& q, const json& j, ex::Answer& a) {
  std::vector<std::string> keys;
  if (q.ask.find_stride) keys.push_back("stride");
  if (q.ask.find_padding) keys.push_back("padding");
  if (q.ask.find_dilation) keys.push_back("dilation");
  check_object_keys(j, keys, "a params answer");
  for (const std::string& k : keys) {
    const json& v = required(j, k.c_str(), "the answer", "an int or [h, w]");
    const tconv::Pair p = pair_from_json(v, k);
    (k == "stride" ? a.stride : k == "padding" ? a.padding : a.dilation) = p;
  }
}

}  // namespace

ex::Answer answer_from_json(const ex::Question& q, const json& whole) {
  // {"answer": ...} (a quiz --with-answer file, say) stands for its answer.
  const json& j = whole.is_object() && whole.contains("answer") ? whole["answer"] : whole;
  ex::Answer a;
  switch (q.kind) {
    case ex::Kind::Shape:
      a.shape = int_list(j, "shape", "a list of integers (the output shape)");
      break;
    case ex::Kind::Value:
      if (!j.is_number()) not_format("value", "a number", j);
      a.value = j.get<double>();
      break;
    case ex::Kind::Feeders: {
      const char* format = "a list of full input indices ([[n, c, h, w], ...])";
      if (!j.is_array()) not_format("feeders", format, j);
      for (const json& idx : j) a.feeders.push_back(int_list(idx, "feeders", format));
      break;
    }
    case ex::Kind::OutputPadding:
      if (!j.is_null()) {
        if (!j.is_number_integer() && !(j.is_array() && j.size() == 2))
          not_format("output_padding", "[oph, opw] or null (impossible)", j);
        a.output_padding = pair_from_json(j, "output_padding");
      }
      break;
    case ex::Kind::Params:
      params_answer(q, j, a);
      break;
    case ex::Kind::Matrix:
      a.entries = matrix_entries(j);
      break;
    case ex::Kind::Checkerboard:
      a.choices = j.is_number_integer() ? std::vector<int64_t>{int_from_json(j, "answer")}
                                        : int_list(j, "checkerboard", "a list of option numbers");
      break;
  }
  return a;
}

}  // namespace cli
