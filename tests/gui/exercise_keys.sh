#!/usr/bin/env bash
# Exercise mode in a window, driven by xdotool: a hint, an answer typed into
# the shape fields, Check (a point, the reveal in the shape view), Next (seed
# + 1), E (mode off); --dump-state-on-exit says what happened.
# Usage: exercise_keys.sh STUDIO
set -euo pipefail
if [[ -z ${EXKEYS_INNER:-} ]]; then
  exec env EXKEYS_INNER=1 bash "$(dirname "$0")/../xvfb_run.sh" 1280x800x24 bash "$0" "$@"
fi
studio=$1
out=$(mktemp)
export TCONV_CONFIG_DIR=$(mktemp -d)
trap 'rm -rf "$out" "$TCONV_CONFIG_DIR"' EXIT

# shape, level 1, seed 1: x [1, 1, 4, 4], weight [1, 1, 2, 2], stride 2 -> [1, 1, 8, 8].
"$studio" --exercise shape --seed 1 --level 1 --size 1280x800 --dump-state-on-exit >"$out" &
pid=$!
xdotool search --sync --name '^tconv-studio' >/dev/null
sleep 1
# Held for several frames, with room for slow frames on a loaded machine:
# ImGui 1.86 samples buttons and keys once per frame. Typed characters are
# queued, so they need no holding.
click() {
  xdotool mousemove "$1" "$2" mousedown 1
  sleep 0.4
  xdotool mouseup 1
  sleep 0.4
}
press() {
  xdotool keydown "$1"
  sleep 0.4
  xdotool keyup "$1"
  sleep 0.4
}
click 110 247                     # Hint (3)
x=40
for v in 1 1 8 8; do              # the four shape fields at the default size and font
  click "$x" 215                  # (a click selects the field's text)
  xdotool type --delay 100 "$v"
  sleep 0.3
  press Return
  x=$((x + 68))
done
xdotool mousemove 800 600; sleep 0.3
click 37 247                      # Check
click 249 215                     # Next (the revealed panel puts the buttons first)
xdotool mousemove 800 600; sleep 0.3
press e                           # leave exercise mode
xdotool keydown ctrl; press q; xdotool keyup ctrl
wait "$pid"

state=$(cat "$out")
echo "state: $state"
expect='"view":"shape".*"exercise":\{"active":false,"kind":"shape","level":1,"seed":2,"revealed":false,"right":1,"asked":1,"hints":0\}'
if ! [[ $state =~ $expect ]]; then
  echo "expected to match: $expect"
  exit 1
fi
