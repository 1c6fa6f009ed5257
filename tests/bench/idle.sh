#!/usr/bin/env bash
# An idle studio's CPU (issue #14): a visible 1920×1080 window at font scale
# 2 under Xvfb, the pointer resting on it, nothing playing. After a settling
# pause, the studio's CPU time (utime + stime from /proc) over SECONDS, as
# a percentage of one core; then the same while playing, for comparison.
#
#   tests/bench/idle.sh [STUDIO] [SECONDS=20] [LIMIT=3]
#
# Exits 1 when the idle figure is above LIMIT percent. Reruns itself under
# Xvfb (tests/xvfb_run.sh) with a 1920×1080 screen.
set -euo pipefail
studio=${1:-build/bin/tconv-studio}
seconds=${2:-20}
limit=${3:-3}
if [[ -z ${IDLE_INNER:-} ]]; then
  exec env IDLE_INNER=1 bash "$(dirname "$0")/../xvfb_run.sh" 1920x1080x24 bash "$0" "$studio" "$seconds" "$limit"
fi
TCONV_CONFIG_DIR=$(mktemp -d)
export TCONV_CONFIG_DIR
trap 'rm -rf "$TCONV_CONFIG_DIR"' EXIT
hz=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# Percent of a core the studio uses over $seconds, after $1 (keys to send).
measure() {
  "$studio" --preset d2l-basic --view all --size 1920x1080 --font-scale 2 >/dev/null 2>&1 &
  local pid=$!
  xdotool search --sync --name '^tconv-studio' >/dev/null
  xdotool mousemove 1000 500
  sleep 4
  if [[ -n $1 ]]; then xdotool key "$1"; fi
  sleep 2
  local a t0 b t1
  a=$(cpu_ticks $pid)
  t0=$(date +%s.%N)
  sleep "$seconds"
  b=$(cpu_ticks $pid)
  t1=$(date +%s.%N)
  kill $pid
  wait $pid 2>/dev/null || true
  awk -v a="$a" -v b="$b" -v t0="$t0" -v t1="$t1" -v hz="$hz" \
    'BEGIN { printf "%.1f", 100 * (b - a) / hz / (t1 - t0) }'
}

echo "# $(date -u +%Y-%m-%dT%H:%MZ)  $(nproc) cores  load $(cut -d' ' -f1-3 /proc/loadavg)" \
  " $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
idle=$(measure "")
playing=$(measure space)
echo "idle: ${idle}% of a core; playing: ${playing}% (over ${seconds} s each)"
awk -v v="$idle" -v l="$limit" 'BEGIN { exit !(v <= l) }' || {
  echo "idle.sh: the idle studio used ${idle}% of a core, above ${limit}%" >&2
  exit 1
}
