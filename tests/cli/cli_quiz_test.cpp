// tconv quiz and tconv grade as a homework script uses them: one JSON object
// per question, the same for the same seed; exit 0 right, 1 wrong with the
// explanation on stdout, 2 with one stderr line for every malformed file.
#include "cli_testing.h"

namespace cli_test {
namespace {

const char* kKinds[] = {"shape",  "value",  "feeders",     "output_padding",
                        "params", "matrix", "checkerboard"};

std::string sheet(const std::string& name) {
  return std::string(TCONV_GOLDEN_DIR) + "/../../assets/exercises/" + name;
}

json quiz(const std::string& kind, const std::string& seed, const std::string& level = "1",
          bool answer = true) {
  std::vector<std::string> args{"quiz", kind, "--seed", seed, "--level", level};
  if (answer) args.push_back("--with-answer");
  return ok_json(run(args));
}

// A file holding `text`, removed with the object.
struct File {
  TempFile file;
  explicit File(const std::string& text) {
    std::ofstream f(file.path(), std::ios::binary);
    f << text;
  }
  const std::string& path() const { return file.path(); }
};

Result grade(const json& question, const std::string& answer) {
  File q(question.dump());
  return run({"grade", q.path(), "-"}, answer);
}

void expect_grade_error(const json& question, const std::string& answer,
                        std::initializer_list<std::string> pieces) {
  const Result r = grade(question, answer);
  expect_error(r, pieces);
  EXPECT_NE(r.err.find("<stdin>: "), std::string::npos) << r.err;
}

void expect_question_error(const json& question, std::initializer_list<std::string> pieces) {
  File q(question.dump());
  const Result r = run({"grade", q.path(), "-"}, "[1, 1, 3, 3]");
  expect_error(r, pieces);
  EXPECT_NE(r.err.find(q.path() + ": "), std::string::npos) << r.err;
}

json d2l_shape_question() {
  return {{"kind", "shape"}, {"spec", {{"input", {{kX}}}, {"weight", {{kK}}}}}};
}

// [SECTION] quiz.
TEST(CliQuiz, OneJsonObjectWithTheDocumentedKeys) {
  for (const char* kind : kKinds) {
    const Result r = run({"quiz", kind, "--seed", "5", "--level", "2"});
    const json q = ok_json(r);
    EXPECT_EQ(r.out.find('\n'), r.out.size() - 1) << "one line";
    std::vector<std::string> keys;
    for (const auto& item : q.items()) keys.push_back(item.key());
    // nlohmann's json sorts keys; the order on stdout is checked on the text.
    EXPECT_LT(r.out.find("\"kind\""), r.out.find("\"text\""));
    EXPECT_LT(r.out.find("\"text\""), r.out.find("\"spec\""));
    EXPECT_LT(r.out.find("\"spec\""), r.out.find("\"ask\""));
    EXPECT_EQ(keys.size(), 6u) << r.out;
    EXPECT_EQ(q["kind"], kind);
    EXPECT_EQ(q["level"], 2);
    EXPECT_EQ(q["seed"], 5);
    EXPECT_FALSE(q.contains("answer"));
    EXPECT_TRUE(quiz(kind, "5", "2").contains("answer"));
  }
}

TEST(CliQuiz, SameSeedSameQuestionAndCountGivesConsecutiveSeeds) {
  const Result a = run({"quiz", "value", "--seed", "17", "--level", "3", "--with-answer"});
  const Result b = run({"quiz", "value", "--seed", "17", "--level", "3", "--with-answer"});
  EXPECT_EQ(a.out, b.out);
  const Result three =
      run({"quiz", "value", "--seed", "16", "--level", "3", "--with-answer", "--count", "3"});
  EXPECT_EQ(three.status, 0);
  std::istringstream lines(three.out);
  std::string line;
  std::vector<std::string> all;
  while (std::getline(lines, line)) all.push_back(line + "\n");
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[1], a.out);
  EXPECT_EQ(json::parse(all[2])["seed"], 18);
}

TEST(CliQuiz, SpecIsATconvForwardSpec) {
  for (const char* seed : {"0", "1", "2", "3"}) {
    const json s = quiz("shape", seed, "3");
    EXPECT_EQ(ok_json(run_spec("forward", s["spec"]))["shape"], s["answer"]) << s.dump();
    const json v = quiz("value", seed, "3");
    std::vector<int64_t> idx = v["ask"]["index"];
    const json y = ok_json(run_spec("forward", v["spec"]))["output"];
    json cell = y;
    for (int64_t i : idx) cell = cell[static_cast<size_t>(i)];
    EXPECT_EQ(cell.get<double>(), v["answer"].get<double>()) << v.dump();
  }
}

TEST(CliQuiz, RefusalsNameTheProblem) {
  expect_error(run({"quiz"}), {"give a KIND (shape, value, feeders, output_padding, params, "
                               "matrix or checkerboard) or --sheet FILE"});
  expect_error(run({"quiz", "shapes", "--seed", "1"}),
               {"unknown kind 'shapes' (expected shape, value, feeders"});
  expect_error(run({"quiz", "shape"}), {"--seed is required: the same kind, level and seed give "
                                        "the same question"});
  expect_error(run({"quiz", "shape", "--seed", "1", "--level", "4"}),
               {"level must be 1, 2 or 3, got 4"});
  expect_error(run({"quiz", "shape", "--seed", "-1"}),
               {"--seed", "must be a non-negative integer, got -1"});
  expect_error(run({"quiz", "shape", "--seed", "1", "--count", "0"}), {"--count"});
  expect_error(run({"quiz", "shape", "--seed", "1", "--sheet", sheet("seeds.json")}),
               {"give a KIND or --sheet, not both"});
  expect_error(run({"quiz", "--sheet", sheet("seeds.json"), "--seed", "1"}),
               {"--seed, --level, --with-answer and --count go with a KIND, not --sheet"});
  expect_error(run({"quiz", "shape", "--seed", "1", "--key"}),
               {"--key and --json go with --sheet FILE"});
  expect_error(run({"quizz"}), {"unknown subcommand 'quizz'", "quiz or grade)"});
}

// [SECTION] Sheets.
TEST(CliQuiz, ShippedSheetsPrintAsMarkdownWithAKey) {
  for (const char* name :
       {"seeds.json", "conv-arithmetic.json", "dcgan-unet.json", "warm-up.json"}) {
    std::ifstream f(sheet(name));
    const json s = json::parse(f);
    const size_t n = s["questions"].size();
    const Result md = run({"quiz", "--sheet", sheet(name)});
    ASSERT_EQ(md.status, 0) << md.err;
    EXPECT_EQ(md.out.rfind("# " + s["title"].get<std::string>() + "\n", 0), 0u) << name;
    std::ostringstream last;  // ostringstream: GCC 12 warns falsely (-Wrestrict) on "\n" + ...
    last << "\n" << n << ". **";
    EXPECT_NE(md.out.find(last.str()), std::string::npos) << name;
    EXPECT_EQ(md.out.find("## Answer key"), std::string::npos);
    const Result key = run({"quiz", "--sheet", sheet(name), "--key"});
    EXPECT_EQ(key.out.rfind(md.out, 0), 0u) << "the key comes after the questions";
    EXPECT_NE(key.out.find("## Answer key\n\n1. `"), std::string::npos);
    const Result lines = run({"quiz", "--sheet", sheet(name), "--json", "--key"});
    EXPECT_EQ(static_cast<size_t>(std::count(lines.out.begin(), lines.out.end(), '\n')), n);
  }
}

TEST(CliQuiz, SheetQuestionsGradeThroughTheirJson) {
  const Result lines = run({"quiz", "--sheet", sheet("seeds.json"), "--json", "--key"});
  std::istringstream in(lines.out);
  std::string line;
  while (std::getline(in, line)) {
    const json q = json::parse(line);
    const Result r = grade(q, q["answer"].dump());
    EXPECT_EQ(r.status, 0) << line << "\n" << r.out << r.err;
  }
}

TEST(CliQuiz, MalformedSheets) {
  expect_error(run({"quiz", "--sheet", "/nonexistent.json"}),
               {"/nonexistent.json: cannot open: No such file or directory"});
  File bad("{\"questions\": [");
  expect_error(run({"quiz", "--sheet", bad.path()}), {bad.path() + ": invalid JSON at byte"});
  File typo(R"({"title": "t", "question": []})");
  expect_error(run({"quiz", "--sheet", typo.path()}),
               {"unknown key 'question' in a sheet; did you mean 'questions'?"});
  File empty(R"({"title": "t", "questions": []})");
  expect_error(run({"quiz", "--sheet", empty.path()}),
               {"a sheet needs \"questions\": a non-empty list of questions"});
  File title(R"({"title": 3, "questions": [{"kind": "shape", "seed": 1}]})");
  expect_error(run({"quiz", "--sheet", title.path()}), {"title must be a string, got 3"});
  File entry(R"({"questions": [{"kind": "shape", "seed": 1}, {"kind": "shap", "seed": 1}]})");
  expect_error(run({"quiz", "--sheet", entry.path()}),
               {entry.path() + ": questions[1]: unknown kind \"shap\""});
  File invalid(R"({"questions": [{"kind": "shape", "spec": {"input_shape": [1, 1, 2, 2],
                  "weight_shape": [1, 1, 2, 2], "padding": 2}}]})");
  expect_error(run({"quiz", "--sheet", invalid.path()}),
               {"questions[0]: Given input size per channel: (2 x 2). Calculated output size "
                "per channel: (-1 x -1). Output size is too small"});
  File note(R"({"questions": [{"kind": "shape", "seed": 1, "note": 5}]})");
  expect_error(run({"quiz", "--sheet", note.path()}), {"questions[0]: note must be a string"});
}

// [SECTION] grade.
TEST(CliGrade, RightWrongAndTheQuizFileItself) {
  for (const char* kind : kKinds)
    for (const char* level : {"1", "2", "3"}) {
      const json q = quiz(kind, "9", level);
      File file(q.dump());
      // The --with-answer file as the answer: {"answer": ...} stands for it.
      const Result self = run({"grade", file.path(), file.path()});
      EXPECT_EQ(self.status, 0) << q.dump() << self.out << self.err;
      EXPECT_EQ(self.out.rfind("Right: ", 0), 0u) << self.out;
      EXPECT_EQ(self.err, "");
      const Result bare = grade(q, q["answer"].dump());
      EXPECT_EQ(bare.status, 0) << bare.out << bare.err;
    }
  const Result wrong = grade(d2l_shape_question(), "[1, 1, 4, 4]");
  EXPECT_EQ(wrong.status, 1);
  EXPECT_EQ(wrong.err, "");
  EXPECT_EQ(wrong.out.rfind("Wrong: y has shape [1, 1, 3, 3], not [1, 1, 4, 4]. C_out = ", 0), 0u)
      << wrong.out;
  EXPECT_EQ(wrong.out.back(), '\n');
}

TEST(CliGrade, WrongAnswersOfEveryKindAreExplained) {
  const std::pair<const char*, const char*> wrong[] = {
      {"shape", "[1]"},
      {"value", "1e9"},
      {"feeders", "[[0, 0, 99, 99]]"},
      {"output_padding", "[7, 7]"},
      {"params", R"({"stride": 9})"},
      {"matrix", R"([{"col": 0, "tap": [5, 5]}])"},
      {"checkerboard", "[9]"},
  };
  for (const auto& [kind, answer] : wrong) {
    const Result r = grade(quiz(kind, "4"), answer);
    EXPECT_EQ(r.status, 1) << kind << ": " << r.out << r.err;
    EXPECT_EQ(r.out.rfind("Wrong: ", 0), 0u) << r.out;
  }
}

TEST(CliGrade, MalformedAnswersOfEveryKind) {
  expect_grade_error(quiz("shape", "1"), "\"x\"",
                     {"a shape answer must be a list of integers (the output shape), got \"x\""});
  expect_grade_error(quiz("shape", "1"), "[1, 2.5]", {"a shape answer must be a list"});
  expect_grade_error(quiz("value", "1"), "[4]", {"a value answer must be a number, got [4]"});
  expect_grade_error(quiz("value", "1"), "null", {"a value answer must be a number, got null"});
  expect_grade_error(quiz("feeders", "1"), "3",
                     {"a feeders answer must be a list of full input indices ([[n, c, h, w], "
                      "...]), got 3"});
  expect_grade_error(quiz("feeders", "1"), "[[0, \"a\"]]", {"a feeders answer must be a list"});
  expect_grade_error(quiz("output_padding", "1"), "\"none\"",
                     {"an output_padding answer must be [oph, opw] or null (impossible), got "
                      "\"none\""});
  expect_grade_error(quiz("output_padding", "1"), "[1, 2, 3]", {"an output_padding answer"});
  expect_grade_error(quiz("params", "1", "2"), R"({"stride": 2})",
                     {"the answer: missing key 'padding' (an int or [h, w])"});
  expect_grade_error(quiz("params", "1", "1"), R"({"stride": 2, "dilation": 1})",
                     {"unknown key 'dilation' in a params answer (a params answer takes stride)"});
  expect_grade_error(quiz("params", "1", "1"), R"({"stride": [1, 2, 3]})",
                     {"expected stride to be a single integer value or a list of 2 values"});
  expect_grade_error(quiz("params", "1", "1"), "2", {"a params answer must be a JSON object"});
  expect_grade_error(quiz("matrix", "1"), R"({"col": 1})",
                     {"a matrix answer must be a list of {\"col\": column, \"tap\": [kh, kw]}"});
  expect_grade_error(quiz("matrix", "1"), R"([{"col": 1}])",
                     {"answer[0]: missing key 'tap' ([kh, kw])"});
  expect_grade_error(quiz("matrix", "1"), R"([{"col": 1, "tap": [1]}])",
                     {"answer[0].tap must be [kh, kw], got [1]"});
  expect_grade_error(quiz("matrix", "1"), R"([{"col": 1, "tap": [1, 1], "value": 2}])",
                     {"unknown key 'value' in answer[0]"});
  expect_grade_error(quiz("checkerboard", "1"), R"(["a"])",
                     {"a checkerboard answer must be a list of option numbers, got [\"a\"]"});
  expect_grade_error(quiz("checkerboard", "1"), "{", {"invalid JSON at byte 2"});
}

TEST(CliGrade, MissingOrMalformedQuestionFiles) {
  expect_error(run({"grade", "/nonexistent/q.json", "-"}, "[1]"),
               {"/nonexistent/q.json: cannot open: No such file or directory"});
  File q(d2l_shape_question().dump());
  expect_error(run({"grade", q.path(), "/nonexistent/a.json"}),
               {"/nonexistent/a.json: cannot open: No such file or directory"});
  expect_error(run({"grade", "-", "-"}), {"only one of QUESTION and ANSWER can be '-' (stdin)"});
  expect_error(run({"grade", q.path()}), {"answer is required"});
  json j = d2l_shape_question();
  j["kinds"] = 1;
  expect_question_error(j, {"unknown key 'kinds' in a question; did you mean 'kind'?"});
  expect_question_error({{"spec", j["spec"]}}, {"the question: missing key 'kind'"});
  expect_question_error({{"kind", "shape"}}, {"a question needs a spec (with an ask) or a seed"});
  expect_question_error({{"kind", "shape"}, {"seed", -1}},
                        {"seed must be a non-negative integer, got -1"});
  expect_question_error({{"kind", "shape"}, {"seed", 1}, {"level", 5}},
                        {"level must be 1, 2 or 3, got 5"});
  expect_question_error({{"kind", "value"}, {"seed", 1}, {"ask", {{"index", {0}}}}},
                        {"an ask goes with a spec; a seeded question makes its own"});
  json spec = j["spec"];
  expect_question_error({{"kind", "value"}, {"spec", spec}},
                        {"the question: missing key 'ask' (what is asked about the call)"});
  expect_question_error({{"kind", "value"}, {"spec", spec}, {"ask", {{"idx", {0}}}}},
                        {"unknown key 'idx' in ask"});
  expect_question_error({{"kind", "value"}, {"spec", spec}, {"ask", json::object()}},
                        {"ask: missing key 'index' (a full output index)"});
  expect_question_error({{"kind", "value"}, {"spec", spec}, {"ask", {{"index", {0, 0, 9, 9}}}}},
                        {"the asked index [0, 0, 9, 9] is not an element of y, whose shape is "
                         "[1, 1, 3, 3]"});
  expect_question_error({{"kind", "shape"}, {"spec", {{"input", {kX}}, {"weight", kK}}}},
                        {"weight should have at least three dimensions"});
  expect_question_error({{"kind", "shape"}, {"spec", spec}, {"ask", {{"index", {0}}}}},
                        {"a shape question's ask must be {} (it asks for the whole shape), got "
                         "{\"index\":[0]}"});
  expect_question_error({{"kind", "value"}, {"spec", spec}, {"ask", {0}}},
                        {"ask must be a JSON object (keys: index), got [0] (an array)"});
}

TEST(CliGrade, MalformedAsksOfEveryKind) {
  const json spec = {{"input_shape", {1, 1, 3, 3}}, {"weight_shape", {1, 1, 3, 3}}, {"stride", 2}};
  auto q = [&spec](const char* kind, const json& ask) {
    return json{{"kind", kind}, {"spec", spec}, {"ask", ask}};
  };
  expect_question_error(q("output_padding", {{"output_size", {6, 6, 6}}}),
                        {"expected ask.output_size to be a single integer value or a list of 2"});
  json with_op = q("output_padding", {{"output_size", {6, 6}}});
  with_op["spec"]["output_padding"] = 1;
  expect_question_error(with_op, {"an output_padding question's spec cannot give "
                                  "output_padding: it is the answer"});
  expect_question_error(q("params", json::object()),
                        {"ask: missing key 'find' (a list of stride, padding, dilation)"});
  expect_question_error(q("params", {{"find", json::array()}}),
                        {"ask.find must be a non-empty list of \"stride\", \"padding\", "
                         "\"dilation\", got []"});
  expect_question_error(q("params", {{"find", {"stride", "stride"}}}),
                        {"ask.find: \"stride\" is listed twice"});
  expect_question_error(q("params", {{"find", {"groups"}}}),
                        {"ask.find: \"groups\" is not stride, padding or dilation"});
  expect_question_error(q("params", {{"find", {"padding"}}, {"canvas", {7, 7}}}),
                        {"ask: missing key 'input_size' (a picture needs all five facts)"});
  expect_question_error(q("params", {{"find", {"padding"}},
                                     {"input_size", {3, 3}},
                                     {"kernel_size", {3, 3}},
                                     {"footprint", {3, 3}},
                                     {"canvas", {7}},
                                     {"output_size", {7, 7}}}),
                        {"ask.canvas must be [h, w], got [7]"});
  json picture = q("params", {{"find", {"stride"}},
                              {"input_size", {3, 3}},
                              {"kernel_size", {3, 3}},
                              {"footprint", {3, 3}},
                              {"canvas", {7, 7}},
                              {"output_size", {7, 7}}});
  expect_question_error(picture, {"the spec gives stride, which the question asks for"});
  expect_question_error(q("matrix", {{"row", "1"}}), {"ask.row must be an integer, got \"1\""});
  expect_question_error({{"kind", "value"},
                         {"spec", {{"input", {{kX}}}, {"weight", {{kK}}}, {"stride", 5000}}},
                         {"ask", {{"index", {0, 0, 0, 0}}}}},
                        {"the output's size is 25020004; exercises stop at 4194304"});
  const json cb_spec = {{"input_shape", {1, 1, 4, 4}}};
  auto cb = [&cb_spec](const json& ask) {
    return json{{"kind", "checkerboard"}, {"spec", cb_spec}, {"ask", ask}};
  };
  expect_question_error(cb({{"options", json::array()}}),
                        {"ask.options must be a non-empty list, got []"});
  expect_question_error(cb({{"options", {{{"stride", 2}}}}}),
                        {"ask.options[0]: missing key 'weight_shape' ([1, 1, kH, kW])"});
  expect_question_error(cb({{"options", {{{"weight_shape", {2, 1, 3, 3}}}}}}),
                        {"ask.options[0].weight_shape must be [1, 1, kH, kW] (one channel)"});
  expect_question_error(cb({{"options", {{{"weight_shape", {1, 1, 3, 3}}, {"padding", 1}}}}}),
                        {"unknown key 'padding' in ask.options[0]"});
  json cb_bad = cb({{"options", {{{"weight_shape", {1, 1, 3, 3}}}}}});
  cb_bad["spec"] = spec;
  expect_question_error(cb_bad, {"unknown key 'stride' in a checkerboard question's spec (a "
                                 "checkerboard question's spec takes input_shape)"});
  cb_bad["spec"] = {{"input_shape", {1, 2, 4, 4}}};
  expect_question_error(cb_bad, {"a checkerboard question's input_shape must be [1, 1, H, W] "
                                 "(one channel), got [1,2,4,4]"});
}

}  // namespace
}  // namespace cli_test
