// What every fuzz target shares: the libFuzzer entry point's signature and
// checks that abort with a readable line, so a broken promise (not only a
// crash) is a finding libFuzzer saves.
//
// A target is one file, fuzz_<name>.cpp, defining LLVMFuzzerTestOneInput;
// its seeds live in corpus/<name>/, fixed findings in regressions/<name>/,
// an optional dictionary in dict/<name>.dict (see CMakeLists.txt).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace fuzz {

[[noreturn]] inline void fail(const char* file, int line, const char* what,
                              const std::string& detail) {
  std::fprintf(stderr, "\n%s:%d: fuzz check failed: %s\n  %s\n", file, line, what,
               detail.substr(0, 2000).c_str());
  std::abort();
}

// CHECK(condition, detail): detail is built only when the check fails.
#define FUZZ_CHECK(cond, detail)                                               \
  do {                                                                         \
    if (!(cond)) ::fuzz::fail(__FILE__, __LINE__, #cond, std::string(detail)); \
  } while (0)

// How many elements a shape holds, in double: the targets' work limits
// compare it, and a fuzzed shape's product overflows int64_t.
inline double count(const std::vector<int64_t>& shape) {
  double n = 1;
  for (int64_t d : shape) n *= static_cast<double>(d);
  return n;
}

inline std::string text(const uint8_t* data, size_t size) {
  return std::string(reinterpret_cast<const char*>(data), size);
}

// What a refusal must be: a sentence, on one line (the CLI prints it as its
// one stderr line; the studio shows it in a status line).
inline bool one_line_message(std::string_view m) {
  return !m.empty() && m.find_first_of("\n\r") == std::string_view::npos &&
         m.find_first_not_of(" \t") != std::string_view::npos;
}

#define FUZZ_CHECK_MESSAGE(message)                                                    \
  do {                                                                                 \
    const std::string fuzz_m_(message);                                                \
    FUZZ_CHECK(::fuzz::one_line_message(fuzz_m_), "refused with \"" + fuzz_m_ + "\""); \
  } while (0)

}  // namespace fuzz
