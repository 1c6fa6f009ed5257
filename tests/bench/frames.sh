#!/usr/bin/env bash
# Studio frame time (issue #5): `tconv-studio --view all --bench-frames N` on
# d2l-basic, big-64 and big-128, alternating K rounds in one run so that a
# busy machine slows every preset alike, then the medians over the rounds of
# each preset's p50 and p99 and the ratio big-64 p99 / d2l-basic p99.
#
#   tests/bench/frames.sh [STUDIO] [K=5] [N=300] [BASELINE]
#
# STUDIO defaults to build/bin/tconv-studio. BASELINE, another build of the
# studio (say of an older commit), runs right after STUDIO on each preset of
# each round, so the two are compared under the same load. Without a display
# the script reruns itself under tests/xvfb_run.sh (one Xvfb for all rounds). The
# renderer is whatever a user gets by default: under Xvfb that is Mesa's
# llvmpipe with one thread per core; nothing here sets LIBGL_*, GALLIUM_* or
# LP_*. Figures are read, never asserted: the exit status only says whether
# every run worked.
set -euo pipefail

studio=${1:-build/bin/tconv-studio}
rounds=${2:-5}
frames=${3:-300}
baseline=${4:-}
presets=(d2l-basic big-64 big-128)
builds=(now)
[[ -n $baseline ]] && builds+=(baseline)

for b in "$studio" ${baseline:+"$baseline"}; do
  if [[ ! -x $b ]]; then
    echo "frames.sh: no studio binary at $b (build it, or pass its path)" >&2
    exit 2
  fi
done
if [[ -z ${DISPLAY:-} && -z ${WAYLAND_DISPLAY:-} ]]; then
  exec bash "$(dirname "$0")/../xvfb_run.sh" 1280x1024x24 bash "$0" "$studio" "$rounds" "$frames" "$baseline"
fi

# The environment the figures belong to.
echo "# $(date -u +%Y-%m-%dT%H:%MZ)  $(nproc) cores  load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# LIBGL_ALWAYS_SOFTWARE=${LIBGL_ALWAYS_SOFTWARE:-unset}" \
  "GALLIUM_DRIVER=${GALLIUM_DRIVER:-unset} LP_NUM_THREADS=${LP_NUM_THREADS:-unset}"
if command -v glxinfo > /dev/null; then
  echo "# $(glxinfo -B 2> /dev/null | grep -m1 'OpenGL renderer' || true)"
fi
echo "# now: $studio${baseline:+, baseline: $baseline}; --view all --bench-frames $frames," \
  "$rounds rounds"

declare -A p50s p99s
for ((k = 1; k <= rounds; k++)); do
  for p in "${presets[@]}"; do
    for b in "${builds[@]}"; do
      bin=$studio
      [[ $b == baseline ]] && bin=$baseline
      json=$("$bin" --preset "$p" --view all --bench-frames "$frames")
      p50=$(sed -n 's/.*"p50_ms":\([0-9.]*\).*/\1/p' <<< "$json")
      p99=$(sed -n 's/.*"p99_ms":\([0-9.]*\).*/\1/p' <<< "$json")
      if [[ -z $p50 || -z $p99 ]]; then
        echo "frames.sh: $b $p printed no frame times: $json" >&2
        exit 1
      fi
      echo "round $k  $b  $p  $json"
      p50s[$b,$p]+="$p50 "
      p99s[$b,$p]+="$p99 "
    done
  done
done

median() { tr ' ' '\n' | grep . | sort -g | awk '{v[NR] = $1} END {
  print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }

for b in "${builds[@]}"; do
  echo
  printf '%-10s %-9s %12s %12s\n' preset build "p50 ms" "p99 ms"
  declare -A m99=()
  for p in "${presets[@]}"; do
    m50=$(median <<< "${p50s[$b,$p]}")
    m99[$p]=$(median <<< "${p99s[$b,$p]}")
    printf '%-10s %-9s %12.2f %12.2f\n' "$p" "$b" "$m50" "${m99[$p]}"
  done
  awk -v b="$b" -v a="${m99[big-64]}" -v d="${m99[d2l-basic]}" -v c="${m99[big-128]}" 'BEGIN {
    r = a / d
    printf "%s: big-64 p99 / d2l-basic p99 = %.2f (goal <= 2: %s), ", b, r, r <= 2 ? "met" : "NOT met"
    printf "big-64 p99 < 16.7 ms: %s, big-128 p99 < 33 ms: %s\n", a < 16.7 ? "met" : "NOT met",
      c < 33 ? "met" : "NOT met"
  }'
done
