// tconv's command line: one argument per line of the input, parsed by the
// real CLI (run_command_line in ParseOnly mode: every flag and value is
// checked, `shape` runs, no spec file is read and no benchmark timed).
// Holds, for any argv:
//   - the exit status is 0 or 2, and the CLI never throws or exits;
//   - status 2 prints exactly one line "tconv: error: ..." and nothing on stdout;
//   - status 0 prints nothing on stderr; `shape --json` prints one JSON object
//     whose output_size is what the shape function gives for its own echo;
//     `quiz KIND` prints one question per line that reads back as one.
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "command_line.h"
#include "fuzz.h"
#include "quiz.h"
#include "tconv/shape.h"

namespace {

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> args;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) args.push_back(line);
  return args;
}

void check_shape_json(const std::string& out) {
  const auto j = nlohmann::json::parse(out);  // throws (a finding) when it is not JSON
  for (const char* axis : {"h", "w"}) {
    const int i = axis[0] == 'h' ? 0 : 1;
    const int64_t expect = tconv::transposed_output_size(
        j.at("input_size")[i], j.at("kernel_size")[i], j.at("stride")[i], j.at("padding")[i],
        j.at("output_padding")[i], j.at("dilation")[i]);
    FUZZ_CHECK(j.at("output_size")[i] == expect, out);
  }
}

// Each line a question object `tconv grade` reads back.
void check_quiz(const std::string& out) {
  std::istringstream in(out);
  size_t n = 0;
  for (std::string line; std::getline(in, line); ++n)
    cli::question_from_json(nlohmann::json::parse(line));  // throws (a finding) when not
  FUZZ_CHECK(n > 0, "quiz printed nothing");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::vector<std::string> args = split_lines(fuzz::text(data, size));
  if (args.size() > 64) return 0;  // longer command lines add nothing new
  args.insert(args.begin(), "tconv");
  std::vector<const char*> argv;
  for (const std::string& a : args) argv.push_back(a.c_str());
  argv.push_back(nullptr);

  std::ostringstream out, err;
  const int rc = cli::run_command_line(static_cast<int>(args.size()), argv.data(), out, err,
                                       cli::Mode::ParseOnly);
  const std::string o = out.str(), e = err.str();
  FUZZ_CHECK(rc == 0 || rc == cli::kUserError, "exit status " + std::to_string(rc));
  if (rc == cli::kUserError) {
    FUZZ_CHECK(o.empty(), "stdout with an error: " + o);
    FUZZ_CHECK(e.rfind("tconv: error: ", 0) == 0 && e.back() == '\n', "stderr: " + e);
    FUZZ_CHECK_MESSAGE(e.substr(0, e.size() - 1));
    return 0;
  }
  FUZZ_CHECK(e.empty(), "stderr with status 0: " + e);
  // Help, however it was asked for (CLI11 also reads "-hx" as -h -x).
  const bool help = o.find("Usage: ") != std::string::npos;
  bool json = false;
  for (const std::string& a : args) json |= a == "--json";
  const bool shape = args.size() > 1 && args[1] == "shape";
  if (shape && json && !help) check_shape_json(o);
  if (shape || help) FUZZ_CHECK(!o.empty(), "no output");
  bool sheet = false;
  for (const std::string& a : args) sheet |= a.rfind("--sheet", 0) == 0;
  if (!help && !sheet && args.size() > 1 && args[1] == "quiz") check_quiz(o);
  return 0;
}
