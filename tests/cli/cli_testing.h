// Runs the real tconv binary the way a user or a script does, so these tests
// hold the whole contract: arguments, JSON in and out, exit status, stderr.
#pragma once

#include <fcntl.h>
#include <gtest/gtest.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

extern char** environ;

namespace cli_test {

using nlohmann::json;

struct Result {
  int status = -1;  // exit status; 128 + signal when killed (a crash)
  std::string out, err;
};

// A temporary file removed when it goes out of scope.
class TempFile {
 public:
  TempFile() {
    const char* dir = std::getenv("TMPDIR");
    path_ = std::string(dir && *dir ? dir : "/tmp") + "/tconv_cli_test_XXXXXX";
    fd_ = mkstemp(path_.data());
  }
  ~TempFile() {
    if (fd_ >= 0) close(fd_);
    unlink(path_.c_str());
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  int fd() const { return fd_; }
  const std::string& path() const { return path_; }
  std::string read() const {
    std::ifstream f(path_, std::ios::binary);
    std::ostringstream s;
    s << f.rdbuf();
    return s.str();
  }

 private:
  std::string path_;
  int fd_ = -1;
};

// Files, not pipes, for stdin/stdout/stderr: no deadlock however much the
// binary prints, and no threads in the test.
inline Result run(const std::vector<std::string>& args, const std::string& stdin_text = "") {
  TempFile in, out, err;
  {
    std::ofstream f(in.path(), std::ios::binary);
    f << stdin_text;
  }
  std::vector<std::string> argv_s{TCONV_BIN};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, in.path().c_str(), O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out.fd(), 1);
  posix_spawn_file_actions_adddup2(&actions, err.fd(), 2);
  pid_t pid = 0;
  Result r;
  const int rc = posix_spawn(&pid, TCONV_BIN, &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    r.err = "posix_spawn failed for " + std::string(TCONV_BIN);
    return r;
  }
  int status = 0;
  waitpid(pid, &status, 0);
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = out.read();
  r.err = err.read();
  return r;
}

// `tconv COMMAND [extra...] -` with the spec on stdin.
inline Result run_spec(const std::string& command, const json& spec,
                       const std::vector<std::string>& extra = {}) {
  std::vector<std::string> args{command};
  args.insert(args.end(), extra.begin(), extra.end());
  args.push_back("-");
  return run(args, spec.dump());
}

inline std::string data_path(const std::string& name) {
  return std::string(TCONV_CLI_DATA) + "/" + name;
}

// The fixtures run through the binary: all of them, or every Nth with
// $TCONV_CLI_GOLDEN_EVERY=N. The sanitizer run sets 3: there each process
// start costs ASan's ~0.15 s (833 in CliGolden alone), and the golden tests
// (golden_test, frameworks_golden_test) check every fixture in-process there.
inline std::vector<json> sampled(const json& cases) {
  const char* env = std::getenv("TCONV_CLI_GOLDEN_EVERY");
  const size_t every = env ? std::max(1, std::atoi(env)) : 1;
  std::vector<json> out;
  for (size_t i = 0; i < cases.size(); i += every) out.push_back(cases[i]);
  return out;
}

// Success: status 0, nothing on stderr, stdout one JSON document.
inline json ok_json(const Result& r) {
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.err, "");
  try {
    return json::parse(r.out);
  } catch (const std::exception& e) {
    ADD_FAILURE() << "stdout is not JSON: " << e.what() << "\n" << r.out.substr(0, 500);
    return json();
  }
}

// The error contract: status 2, nothing on stdout, exactly one stderr line
// "tconv: error: ..." containing every expected piece.
inline void expect_error(const Result& r, std::initializer_list<std::string> pieces) {
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_EQ(r.out, "");
  ASSERT_FALSE(r.err.empty());
  EXPECT_EQ(r.err.rfind("tconv: error: ", 0), 0u) << r.err;
  EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << "not exactly one line: " << r.err;
  for (const auto& p : pieces) EXPECT_NE(r.err.find(p), std::string::npos) << r.err;
}

// Nested lists of numbers, flattened row-major, and their shape.
inline void flatten(const json& j, std::vector<double>& out) {
  if (j.is_array()) {
    for (const auto& e : j) flatten(e, out);
  } else {
    out.push_back(j.get<double>());
  }
}
inline std::vector<double> flat(const json& j) {
  std::vector<double> v;
  flatten(j, v);
  return v;
}

// d2l's worked examples (section 14.10): X and K below.
inline const json kX = {{0, 1}, {2, 3}};
inline const json kK = {{0, 1}, {2, 3}};

// d2l's example as a spec (X = K = [[0, 1], [2, 3]]), with `extra` keys.
inline json d2l_spec(const json& extra = json::object()) {
  json s = extra;
  s["input"] = {kX};
  s["weight"] = {{kK}};
  return s;
}

}  // namespace cli_test
