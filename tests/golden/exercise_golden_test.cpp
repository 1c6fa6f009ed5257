// Exercise questions against PyTorch: exercises.json holds, for 100 seeds of
// every kind and level and every question of the shipped sheets, the
// question tconv generated (spec and ask: generation must never drift, on any
// platform) and the answer torch computed from it alone (gen_exercises.py).
// Read through the CLI's own JSON layer, so the quiz/grade formats are held
// too. No torch needed here.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "quiz.h"
#include "tconv/exercise.h"

namespace {

using nlohmann::json;
namespace ex = tconv::exercise;

json read(const std::string& path) {
  std::ifstream f(path);
  EXPECT_TRUE(f) << path;
  std::stringstream s;
  s << f.rdbuf();
  return json::parse(s.str());
}

const json& fixture() {
  static const json j = read(std::string(TCONV_GOLDEN_DIR) + "/exercises.json");
  return j;
}

json plain(const nlohmann::ordered_json& j) {
  return json::parse(j.dump());
}

// The question's answer is torch's, and the grader takes torch's answer as right.
void expect_torch_answer(const ex::Question& q, const json& e, const std::string& id) {
  const json ours = plain(cli::answer_to_json(q, q.answer));
  if (q.kind == ex::Kind::Value) {
    EXPECT_NEAR(q.answer.value, e["answer"].get<double>(), ex::value_tolerance(q)) << id;
    EXPECT_GT(ex::value_tolerance(q), 0) << id;
  } else if (q.kind == ex::Kind::Params) {
    const json& all = e["answers"];
    EXPECT_NE(std::find(all.begin(), all.end(), ours), all.end()) << id << ": " << ours;
    EXPECT_EQ(all.size(), 1u) << id << ": generated params questions have one answer";
  } else {
    EXPECT_EQ(ours, e["answer"]) << id;
  }
  const json& torch_answers =
      q.kind == ex::Kind::Params ? e["answers"] : json::array({e["answer"]});
  for (const json& a : torch_answers) {
    const ex::Verdict v = ex::check(q, cli::answer_from_json(q, a));
    EXPECT_TRUE(v.right) << id << ": " << v.explanation;
  }
}

// What `tconv grade` does with a question file: the question read back from
// its JSON has the same answer.
void expect_round_trip(const ex::Question& q, const std::string& id) {
  const ex::Question back = cli::question_from_json(plain(cli::question_to_json(q, true)));
  EXPECT_EQ(plain(cli::question_to_json(back, true)), plain(cli::question_to_json(q, true))) << id;
}

TEST(ExerciseGolden, FixtureCoversEveryKindAndLevel) {
  std::map<std::string, int> per_kind;
  for (const json& e : fixture()["generated"]) ++per_kind[e["kind"].get<std::string>()];
  EXPECT_EQ(per_kind.size(), std::size(ex::kAllKinds));
  for (const auto& [kind, n] : per_kind) EXPECT_GE(n, 300) << kind;
  EXPECT_GE(fixture()["sheets"].size(), 50u);
}

TEST(ExerciseGolden, GeneratedQuestionsAreTheSameAndTorchAgrees) {
  for (const json& e : fixture()["generated"]) {
    const auto kind = ex::parse_kind(e["kind"].get<std::string>());
    ASSERT_TRUE(kind);
    const int level = e["level"].get<int>();
    const uint64_t seed = e["seed"].get<uint64_t>();
    const std::string id = e["kind"].get<std::string>() + " level " + std::to_string(level) +
                           " seed " + std::to_string(seed);
    const ex::Question q = ex::generate(*kind, level, seed);
    const json j = plain(cli::question_to_json(q, false));
    EXPECT_EQ(j["spec"], e["spec"]) << id;
    EXPECT_EQ(j["ask"], e["ask"]) << id;
    expect_torch_answer(q, e, id);
    expect_round_trip(q, id);
  }
}

TEST(ExerciseGolden, SheetQuestionsTorchAgrees) {
  std::map<std::string, json> sheets;
  for (const json& e : fixture()["sheets"]) {
    const std::string name = e["sheet"].get<std::string>();
    if (!sheets.count(name))
      sheets[name] = read(std::string(TCONV_ASSETS_DIR) + "/exercises/" + name);
    const size_t i = e["position"].get<size_t>();
    const std::string id = name + " question " + std::to_string(i + 1);
    ASSERT_LT(i, sheets[name]["questions"].size()) << id;
    const ex::Question q = cli::question_from_json(sheets[name]["questions"][i]);
    const json j = plain(cli::question_to_json(q, false));
    EXPECT_EQ(j["spec"], e["spec"]) << id;
    EXPECT_EQ(j["ask"], e["ask"]) << id;
    expect_torch_answer(q, e, id);
    expect_round_trip(q, id);
  }
  EXPECT_GE(sheets.size(), 3u);
}

}  // namespace
