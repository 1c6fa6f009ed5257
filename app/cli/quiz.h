// tconv quiz / tconv grade: exercise questions, answers and teacher sheets as
// JSON (the core's tconv/exercise.h does the generating, answering and
// checking). Malformed files throw SpecError naming the value.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "tconv/exercise.h"

namespace cli {

// [SECTION] JSON <-> exercise structures.
// {"kind", "level", "seed", "text", "spec", "ask"[, "answer"]}; level and
// seed only for generated questions.
nlohmann::ordered_json question_to_json(const tconv::exercise::Question& q, bool with_answer);
nlohmann::ordered_json answer_to_json(const tconv::exercise::Question& q,
                                      const tconv::exercise::Answer& a);
// A question object: kind + spec + ask (answered by core), or kind + seed
// [+ level] (generated). "text" and "answer" are ignored: they are recomputed.
tconv::exercise::Question question_from_json(const nlohmann::json& j);
// An answer in the kind's format (README), or {"answer": ...} around it.
// Throws SpecError when it is not of that format; a well-formed wrong answer
// is for check() to explain.
tconv::exercise::Answer answer_from_json(const tconv::exercise::Question& q,
                                         const nlohmann::json& j);

// [SECTION] Commands.
struct QuizOptions {
  std::string kind;  // empty with --sheet
  uint64_t seed = 0;
  bool seed_given = false;
  int level = 1;
  bool level_given = false;
  bool with_answer = false;
  int64_t count = 1;
  bool count_given = false;
  std::string sheet;  // --sheet FILE
  bool key = false;   // --key
  bool json = false;  // --json (with --sheet)
};
// Adds `quiz` and `grade` to the app; main dispatches on their parsed().
struct QuizCommands {
  CLI::App* quiz = nullptr;
  CLI::App* grade = nullptr;
};
QuizCommands add_quiz_commands(CLI::App& app, QuizOptions& quiz, std::string& question_path,
                               std::string& answer_path);

std::string run_quiz(const QuizOptions& o);
// Exit status (0 right, 1 wrong) and stdout (the explanation). Files that
// cannot be read or are malformed throw SpecError prefixed with their path.
struct GradeResult {
  int status = 0;
  std::string out;
};
GradeResult run_grade(const std::string& question_path, const std::string& answer_path);

// A teacher sheet as Markdown (with the answer key), or as JSON lines.
std::string run_sheet(const std::string& path, bool key, bool json);
// The same for a sheet already read (throws SpecError without the file's name).
std::string render_sheet(const nlohmann::json& sheet, bool key, bool json);

}  // namespace cli
