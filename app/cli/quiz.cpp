// tconv quiz (one seeded question, or a teacher sheet as Markdown) and tconv
// grade (a student's answer against a question file, for homework scripts).
#include "quiz.h"

#include <sstream>

#include "spec.h"
#include "tconv/errors.h"

namespace cli {

using nlohmann::json;
namespace ex = tconv::exercise;

namespace {

// Runs f, turning any user-facing failure into a SpecError that starts with
// `where` (a file's name, a sheet entry), so one stderr line says what is wrong.
template <class F>
auto within(const std::string& where, F&& f) {
  try {
    return f();
  } catch (const SpecError& e) {
    throw SpecError(where + ": " + e.what());
  } catch (const tconv::LimitError& e) {
    throw SpecError(where + ": " + e.what());
  } catch (const std::invalid_argument& e) {  // tconv::ArgumentError too
    throw SpecError(where + ": " + e.what());
  }
}

std::string strip_right(const std::string& explanation) {
  const std::string lead = "Right: ";
  return explanation.rfind(lead, 0) == 0 ? explanation.substr(lead.size()) : explanation;
}

std::string heading(const ex::Question& q) {
  std::string s = "**" + std::string(ex::kind_name(q.kind)) + "**";
  if (q.level > 0) s += ", level " + std::to_string(q.level) + ", seed " + std::to_string(q.seed);
  return s;
}

std::string markdown(const json& sheet, const std::vector<ex::Question>& qs, bool key) {
  std::ostringstream md;
  md << "# " << sheet.value("title", std::string("Transposed convolution exercises")) << "\n\n";
  if (sheet.contains("description")) md << sheet["description"].get<std::string>() << "\n\n";
  const json& entries = sheet["questions"];
  for (size_t i = 0; i < qs.size(); ++i) {
    md << i + 1 << ". " << heading(qs[i]) << ": " << qs[i].text << "\n";
    if (entries[i].contains("note"))
      md << "\n   *" << entries[i]["note"].get<std::string>() << "*\n";
    md << "\n   `" << question_to_json(qs[i], false)["spec"].dump() << "`\n\n";
  }
  if (key) {
    md << "## Answer key\n\n";
    for (size_t i = 0; i < qs.size(); ++i)
      md << i + 1 << ". `" << answer_to_json(qs[i], qs[i].answer).dump()
         << "`: " << strip_right(ex::check(qs[i], qs[i].answer).explanation) << "\n";
  }
  return md.str();
}

std::string text_field(const json& j, const char* key) {
  if (!j.contains(key)) return "";
  if (!j[key].is_string())
    throw SpecError(std::string(key) + " must be a string, got " + j[key].dump());
  return j[key].get<std::string>();
}

}  // namespace

QuizCommands add_quiz_commands(CLI::App& app, QuizOptions& o, std::string& question_path,
                               std::string& answer_path) {
  QuizCommands c;
  c.quiz = app.add_subcommand("quiz",
                              "A seeded exercise question as JSON, or a teacher sheet as Markdown");
  c.quiz->add_option("kind", o.kind, ex::kind_list());
  c.quiz->add_option("--seed", o.seed, "any non-negative integer; required with KIND")
      ->check([](const std::string& s) {
        // CLI11 would wrap "-1" around to 2^64 - 1.
        const bool digits = !s.empty() && s.find_first_not_of("0123456789") == std::string::npos;
        return digits ? std::string() : "must be a non-negative integer, got " + s;
      })
      ->each([&o](const std::string&) { o.seed_given = true; });
  c.quiz->add_option("--level", o.level, "1 (default), 2 or 3")->each([&o](const std::string&) {
    o.level_given = true;
  });
  c.quiz->add_flag("--with-answer,--with_answer", o.with_answer, "add \"answer\"");
  c.quiz->add_option("--count", o.count, "questions for seeds S, S+1, ..., one JSON per line")
      ->check(CLI::Range(1, 10000))
      ->each([&o](const std::string&) { o.count_given = true; });
  c.quiz->add_option("--sheet", o.sheet, "a teacher sheet (assets/exercises/*.json)");
  c.quiz->add_flag("--key", o.key, "with --sheet: add the answer key");
  c.quiz->add_flag("--json", o.json, "with --sheet: one question JSON per line instead");
  c.grade = app.add_subcommand(
      "grade", "Grade ANSWER against QUESTION: exit 0 right, 1 wrong (explained on stdout)");
  c.grade->add_option("question", question_path, "a question file (tconv quiz's output)")
      ->required();
  c.grade->add_option("answer", answer_path, "the answer in the kind's format, or '-'")->required();
  return c;
}

std::string run_quiz(const QuizOptions& o) {
  if (!o.sheet.empty()) {
    if (!o.kind.empty()) throw SpecError("give a KIND or --sheet, not both");
    if (o.seed_given || o.level_given || o.with_answer || o.count_given)
      throw SpecError("--seed, --level, --with-answer and --count go with a KIND, not --sheet");
    return run_sheet(o.sheet, o.key, o.json);
  }
  if (o.key || o.json) throw SpecError("--key and --json go with --sheet FILE");
  if (o.kind.empty()) throw SpecError("give a KIND (" + ex::kind_list() + ") or --sheet FILE");
  const auto kind = ex::parse_kind(o.kind);
  if (!kind) throw SpecError("unknown kind '" + o.kind + "' (expected " + ex::kind_list() + ")");
  if (!o.seed_given)
    throw SpecError("--seed is required: the same kind, level and seed give the same question");
  std::string out;
  for (int64_t i = 0; i < o.count; ++i) {
    const ex::Question q = ex::generate(*kind, o.level, o.seed + static_cast<uint64_t>(i));
    out += question_to_json(q, o.with_answer).dump() + "\n";
  }
  return out;
}

GradeResult run_grade(const std::string& question_path, const std::string& answer_path) {
  if (question_path == "-" && answer_path == "-")
    throw SpecError("only one of QUESTION and ANSWER can be '-' (stdin)");
  const std::string qp = source_label(question_path), ap = source_label(answer_path);
  const json qj = within(qp, [&] { return read_json(question_path); });
  const json aj = within(ap, [&] { return read_json(answer_path); });
  const ex::Question q = within(qp, [&] { return question_from_json(qj); });
  const ex::Answer a = within(ap, [&] { return answer_from_json(q, aj); });
  const ex::Verdict v = ex::check(q, a);
  return {v.right ? 0 : 1, v.explanation + "\n"};
}

std::string run_sheet(const std::string& path, bool key, bool as_json) {
  return within(source_label(path), [&] { return render_sheet(read_json(path), key, as_json); });
}

std::string render_sheet(const json& sheet, bool key, bool as_json) {
  check_object_keys(sheet, {"title", "description", "comment", "questions"}, "a sheet");
  text_field(sheet, "title");
  text_field(sheet, "description");
  const json& list = sheet.contains("questions") ? sheet["questions"] : json();
  if (!list.is_array() || list.empty())
    throw SpecError("a sheet needs \"questions\": a non-empty list of questions");
  std::vector<ex::Question> qs;
  for (size_t i = 0; i < list.size(); ++i)
    within("questions[" + std::to_string(i) + "]", [&] {
      text_field(list[i], "note");
      qs.push_back(question_from_json(list[i]));
    });
  if (!as_json) return markdown(sheet, qs, key);
  std::string out;
  for (const ex::Question& q : qs) out += question_to_json(q, key).dump() + "\n";
  return out;
}

}  // namespace cli
