#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz/fuzz_*.cpp) with Debian's clang,
# ASan and UBSan in build-fuzz/, then runs each for SECONDS (default 60; one
# target per core at a time),
# starting from its committed seeds, dictionary and regressions.
# Usage: bash scripts/fuzz.sh [SECONDS] [TARGET...]
# Prints libFuzzer's "Done N runs" line per target. A finding (crash, failed
# check, leak, timeout, out of memory) leaves its reproducer in
# build-fuzz/findings/<target>-<kind>-<hash>, prints its report and makes the
# script exit 1. Replay one with: build-fuzz/bin/fuzz_<target> FILE
# To keep one as a regression case: copy it to tests/fuzz/regressions/<target>/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
bash scripts/setup.sh

build=build-fuzz
san="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
# The code under test gets coverage instrumentation (fuzzer-no-link); only
# the targets link libFuzzer's main (tests/fuzz/CMakeLists.txt). Line
# tables (-g1) are all a report's stack trace reads.
cmake -S . -B "$build" -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1" \
  -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -g1" \
  -DCMAKE_CXX_FLAGS="$san -fsanitize=fuzzer-no-link" -DCMAKE_C_FLAGS="$san" \
  -DCMAKE_EXE_LINKER_FLAGS="$san" -DTCONV_FUZZ=ON -DTCONV_BUILD_BENCH=OFF >/dev/null
cmake --build "$build" -j"$(nproc)" --target fuzz_all

targets=("$@")
if ((${#targets[@]} == 0)); then mapfile -t targets <"$build/fuzz_targets.txt"; fi
mkdir -p "$build/findings" "$build/logs"
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
# One target per core at a time (each libFuzzer process is single-threaded),
# reported in order once all have run.
run_target() {
  local t=$1 corpus=$build/corpus/$1 # grows between runs; the committed seeds stay as they are
  mkdir -p "$corpus"
  local args=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048
    -artifact_prefix="$build/findings/$t-" "$corpus" "tests/fuzz/corpus/$t")
  [[ -d tests/fuzz/regressions/$t ]] && args+=("tests/fuzz/regressions/$t")
  [[ -f tests/fuzz/dict/$t.dict ]] && args=(-dict="tests/fuzz/dict/$t.dict" "${args[@]}")
  local rc=0
  "$build/bin/fuzz_$t" "${args[@]}" >"$build/logs/$t.log" 2>&1 || rc=$?
  echo "$rc" >"$build/logs/$t.rc"
}
jobs_max=$(nproc)
for t in "${targets[@]}"; do
  while (($(jobs -rp | wc -l) >= jobs_max)); do wait -n || true; done
  run_target "$t" &
done
wait

status=0
for t in "${targets[@]}"; do
  log=$build/logs/$t.log
  rc=$(cat "$build/logs/$t.rc")
  if ((rc == 0)); then
    echo "fuzz_$t: $(grep -E '^Done [0-9]+ runs' "$log" | tail -1)"
  else
    status=1
    echo "fuzz_$t: FINDING (exit $rc); log: $log"
    grep -E -A24 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error|fuzz check failed' \
      "$log" | head -40 || tail -40 "$log"
    grep -E '^artifact_prefix|Test unit written to' "$log" || true
  fi
done
if ((status)); then
  echo "fuzz: findings in $build/findings/ (replay: $build/bin/fuzz_<target> FILE)"
fi
exit $status
