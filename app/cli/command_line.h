// The tconv command line as a function: main() is one call to it, and tests
// and the flags fuzz target call it in-process, since it never exits.
#pragma once

#include <ostream>

namespace cli {

inline constexpr int kUserError = 2;  // exit status for any problem with the input

enum class Mode {
  Run,        // parse, read the spec, compute, print: tconv itself
  ParseOnly,  // parse and check every argument, run only `shape` (pure and quick);
              // no spec is read and no benchmark timed (for the flags fuzz target)
};

// Runs `tconv argv[1..]`. Prints the result (or --help) on `out`, or exactly
// one line "tconv: error: ..." on `err`. Returns the exit status: 0, 1 for
// a wrong answer to `tconv grade`, or kUserError for every problem with the
// input; never a crash or half-printed output.
int run_command_line(int argc, const char* const* argv, std::ostream& out, std::ostream& err,
                     Mode mode = Mode::Run);

}  // namespace cli
