// Exercise files as `tconv quiz --sheet` and `tconv grade` read them: a
// teacher's sheet (an object with "questions"), or a question file,
// optionally followed by a line "---" and a student's answer file.
// Holds, for any input:
//   - a refused file throws a typed error whose message is one line;
//   - an accepted question: core's own answer is right, and still right after
//     it is written as an answer file and read back; the question written
//     out (with its answer) reads back to the same question, byte for byte;
//     it has 2 or 3 hints, and (when small) a reveal;
//   - an accepted answer gets a verdict with an explanation;
//   - an accepted sheet renders as Markdown with or without the key, and as
//     one question per line that reads back to the same lines.
// Questions whose call is above kMaxWork elements or multiply-adds are
// checked as far as reading them (make_question answers them already).
#include <nlohmann/json.hpp>
#include <sstream>

#include "fuzz.h"
#include "fuzz_refusal.h"
#include "quiz.h"
#include "spec.h"
#include "tconv/errors.h"
#include "tconv/exercise.h"

namespace {

using nlohmann::json;
namespace ex = tconv::exercise;

constexpr double kMaxWork = 1 << 15;

using fuzz::count;

bool small(const ex::Question& q) {
  const tconv::Problem& p = q.problem;
  const double taps = p.weight.shape.size() == 4 ? count(p.weight.shape) : 1;
  return count(p.input.shape) <= kMaxWork && count(p.input.shape) * taps <= kMaxWork;
}

// fuzz::accepted, where a refusal for size (tconv::LimitError, one line too)
// is also a promised one.
template <class F>
bool accepted_or_limited(F&& f) {
  try {
    return fuzz::accepted(f);
  } catch (const tconv::LimitError& e) {
    FUZZ_CHECK_MESSAGE(e.what());
  }
  return false;
}

json reparse(const nlohmann::ordered_json& j) {
  return json::parse(j.dump());
}

void check_question(const ex::Question& q) {
  const ex::Verdict own = ex::check(q, q.answer);
  FUZZ_CHECK(own.right, "core's answer " + ex::answer_text(q, q.answer) +
                            " is judged wrong: " + own.explanation);
  const json answer_file = reparse(cli::answer_to_json(q, q.answer));
  const ex::Answer back = cli::answer_from_json(q, answer_file);
  FUZZ_CHECK(ex::check(q, back).right,
             "the written answer " + answer_file.dump() + " reads back wrong");
  const std::string written = cli::question_to_json(q, true).dump();
  const ex::Question q2 = cli::question_from_json(json::parse(written));
  FUZZ_CHECK(cli::question_to_json(q2, true).dump() == written,
             written + " reads back as " + cli::question_to_json(q2, true).dump());
  const std::vector<std::string> hints = ex::hints(q);
  FUZZ_CHECK(hints.size() >= 2 && hints.size() <= 3, std::to_string(hints.size()) + " hints");
  for (const std::string& h : hints) FUZZ_CHECK(!h.empty(), "an empty hint");
  FUZZ_CHECK(!q.text.empty(), "a question without words");
  if (small(q)) ex::reveal(q);
}

void check_answer(const ex::Question& q, const std::string& text) {
  ex::Answer a;
  if (!accepted_or_limited([&] { a = cli::answer_from_json(q, cli::parse_json(text)); })) return;
  const ex::Verdict v = ex::check(q, a);
  FUZZ_CHECK(!v.explanation.empty(), "a verdict without an explanation");
  FUZZ_CHECK(!ex::answer_text(q, a).empty(), "an answer without text");
}

void check_sheet(const json& sheet) {
  std::string lines;
  if (!accepted_or_limited([&] { lines = cli::render_sheet(sheet, true, true); })) return;
  FUZZ_CHECK(!cli::render_sheet(sheet, false, false).empty(), "empty Markdown");
  FUZZ_CHECK(!cli::render_sheet(sheet, true, false).empty(), "empty Markdown with the key");
  std::istringstream in(lines);
  std::string line;
  size_t n = 0;
  for (; std::getline(in, line); ++n) {
    const ex::Question q = cli::question_from_json(json::parse(line));
    FUZZ_CHECK(cli::question_to_json(q, true).dump() == line, line);
  }
  FUZZ_CHECK(n == sheet["questions"].size(), std::to_string(n) + " lines");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text = fuzz::text(data, size);
  const size_t cut = text.find("\n---\n");
  json file;
  if (!accepted_or_limited([&] { file = cli::parse_json(text.substr(0, cut)); })) return 0;
  if (file.is_object() && file.contains("questions")) return check_sheet(file), 0;
  ex::Question q;
  if (!accepted_or_limited([&] { q = cli::question_from_json(file); })) return 0;
  if (!small(q)) return 0;
  check_question(q);
  if (cut != std::string::npos) check_answer(q, text.substr(cut + 5));
  return 0;
}
