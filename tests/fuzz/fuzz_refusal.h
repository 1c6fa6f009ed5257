// The spec targets' promise about refusals: the CLI's parser and core's
// checks refuse a bad spec with a typed error (cli::SpecError,
// tconv::ArgumentError) whose message is one line, the line the CLI prints.
#pragma once

#include "fuzz.h"
#include "spec.h"
#include "tconv/errors.h"

namespace fuzz {

// Runs f: true when it returned; false when it refused as promised (the
// message checked). Any other exception escapes: libFuzzer saves the input.
template <class F>
bool accepted(F&& f) {
  try {
    f();
    return true;
  } catch (const cli::SpecError& e) {
    FUZZ_CHECK_MESSAGE(e.what());
  } catch (const tconv::ArgumentError& e) {
    FUZZ_CHECK_MESSAGE(e.what());
  }
  return false;
}

}  // namespace fuzz
