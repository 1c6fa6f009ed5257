#!/usr/bin/env bash
# Drives a visible studio window under Xvfb with xdotool and checks what the
# keys and clicks did through --dump-state-on-exit.
# Usage: keys.sh STUDIO
set -euo pipefail
if [[ -z ${KEYS_INNER:-} ]]; then
  exec env KEYS_INNER=1 xvfb-run -a -s "-screen 0 1280x800x24" bash "$0" "$@"
fi
studio=$1
out=$(mktemp)
# Interactive runs read and write settings.json: a fresh folder, so neither
# the user's settings nor an earlier run's Ctrl + reach this test.
export TCONV_CONFIG_DIR=$(mktemp -d)
trap 'rm -rf "$out" "$TCONV_CONFIG_DIR"' EXIT

"$studio" --preset d2l-basic --view all --size 1280x800 --dump-state-on-exit >"$out" &
pid=$!
xdotool search --sync --name '^tconv-studio' >/dev/null
# Without a window manager, X sends keys to the window under the pointer.
xdotool mousemove 900 600
sleep 1
# ImGui 1.86 samples key state once per frame, so a press and release
# handled in the same frame is lost: hold each key for several frames, but
# under ImGui's key-repeat delay (0.275 s), or ←/→ would repeat.
press() {
  xdotool keydown "$1"
  sleep 0.2
  xdotool keyup "$1"
  sleep 0.2
}
press space; press space                               # play, pause
press Right; press Right; press End; press Left        # step 1, 2, last (3), 2
xdotool mousemove 290 23 click 1; sleep 0.3            # the Matrix tab
xdotool keydown ctrl; press equal; press equal; xdotool keyup ctrl   # text 150%
xdotool keydown ctrl; press q; xdotool keyup ctrl      # quit
wait "$pid"

state=$(cat "$out")
echo "state: $state"
expect='{"preset":"d2l-basic","view":"matrix","step":2,"playing":false,"font_scale":1.50,"dark":true,"colorblind":true}'
if [[ $state != "$expect" ]]; then
  echo "expected: $expect"
  exit 1
fi
