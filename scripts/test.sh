#!/usr/bin/env bash
# Set up (install missing Debian packages), build, and run the whole test suite.
#   bash scripts/test.sh              Release build in build/, the browser tests
#                                     included (TCONV_WEB=0 does not build the site:
#                                     the web.* tests then use whatever build-web/
#                                     holds, or report SKIP without one)
#   bash scripts/test.sh --sanitize   the same suite built with ASan + UBSan in build-asan/:
#                                     GUI and monkey tests under Xvfb, fuzz seeds replayed,
#                                     benchmarks as smoke runs; not the browser tests (the
#                                     site is emscripten's build, nothing of it is sanitized)
set -euo pipefail
cd "$(dirname "$0")/.."
case ${1:-} in
  "") build=build ;;
  --sanitize) build=build-asan ;;
  *) echo "usage: bash scripts/test.sh [--sanitize]" >&2; exit 2 ;;
esac
if [[ $build == build ]]; then
  bash scripts/setup.sh --web
  cmake -S . -B build -DCMAKE_BUILD_TYPE=Release
else
  bash scripts/setup.sh
  # GCC's sanitizers (Debian's libasan8/libubsan1); -O1 keeps it quick and
  # the stack traces readable; -g1: line tables are all a report's stack
  # trace reads, and full debug info made Eigen-heavy files compile ~40%
  # slower. No -DNDEBUG, so the asserts run too. Every report is fatal:
  # UBSan does not recover, ASan halts on the first error.
  san="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
  cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1" -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -g1" \
    -DCMAKE_CXX_FLAGS="$san" -DCMAKE_C_FLAGS="$san" -DCMAKE_EXE_LINKER_FLAGS="$san"
fi
cmake --build "$build" -j"$(nproc)"
ctest_args=(--output-on-failure -j"$(nproc)")
if [[ $build == build ]]; then
  # The static site (build-web/) that ctest's web.* tests drive in headless Chromium.
  if [[ ${TCONV_WEB:-1} != 0 ]]; then
    bash scripts/web.sh --build
  fi
else
  # verify_asan_link_order=0: the preload below comes before libasan.
  export ASAN_OPTIONS=halt_on_error=1:detect_leaks=1:check_initialization_order=1:strict_init_order=1:verify_asan_link_order=0
  export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
  # Leaks proven to be inside system libraries only: see the file.
  export LSAN_OPTIONS=suppressions=$PWD/tests/sanitize/lsan.supp:print_suppressions=0
  # Keeps Mesa's driver loaded so its memory is not misreported as leaked
  # (tests/sanitize/keep_dri_loaded.c).
  export LD_PRELOAD=$PWD/build-asan/lib/libtconv_keep_dri_loaded.so
  # Mesa's llvmpipe draws in the calling thread: no render threads coming and
  # going while LeakSanitizer stops the world at exit (its tracer crashed once
  # with "Tracer caught signal 11" in gui.exercise), and on 2 cores, with
  # ctest running two tests at once, no slower.
  export LP_NUM_THREADS=0
  # And no shader disk cache: its thread ("disk$0") ends as the studio
  # exits, right before the leak check stops the world. If the tracer
  # still crashes, rerun_tracer_crashes.sh below reruns those tests once.
  export MESA_SHADER_CACHE_DISABLE=true
  # Every third golden fixture through the tconv binary (tests/cli): each
  # ASan process start costs ~0.15 s; the golden tests check them all
  # in-process here.
  export TCONV_CLI_GOLDEN_EVERY=3
  ctest_args+=(-E '^web\.')
fi
if ! (cd "$build" && ctest "${ctest_args[@]}"); then
  [[ $build == build-asan ]] || exit 1
  bash tests/sanitize/rerun_tracer_crashes.sh "$build" "${ctest_args[@]}"
fi
