#!/usr/bin/env bash
# What a presenter's clicker and keyboard do (issue #14): PgDn/PgUp and the
# arrow keys step, B blanks the screen and the next key only brings it back.
# Keys are sent as quick taps (press and release at once, as a clicker does),
# which ImGui 1.86's once-per-frame key state alone would miss.
# Usage: presenter_keys.sh STUDIO
set -euo pipefail
if [[ -z ${PKEYS_INNER:-} ]]; then
  exec env PKEYS_INNER=1 bash "$(dirname "$0")/../xvfb_run.sh" 1280x800x24 bash "$0" "$@"
fi
studio=$1
out=$(mktemp)
export TCONV_CONFIG_DIR=$(mktemp -d)
trap 'rm -rf "$out" "$TCONV_CONFIG_DIR"' EXIT

"$studio" --preset d2l-basic --view scatter --size 1280x800 --dump-state-on-exit >"$out" &
pid=$!
xdotool search --sync --name '^tconv-studio' >/dev/null
xdotool mousemove 900 600  # without a window manager, keys go to the window under the pointer
sleep 1
tap() {
  xdotool key "$1"
  sleep 0.4
}
tap Next; tap Next; tap Prior    # PgDn, PgDn, PgUp: step 2, 3, 2 (numbered from 1)
tap Down; tap Down; tap Up       # 3, 4, 3
tap b; tap space                 # blank; Space only brings the studio back (no playing)
tap b; tap b; tap Left           # blank and back; ← steps again: 2
xdotool keydown ctrl; sleep 0.5; xdotool keydown q; sleep 0.5; xdotool keyup q; xdotool keyup ctrl
wait "$pid"

state=$(cat "$out")
echo "state: $state"
expect='{"preset":"d2l-basic","view":"scatter","step":2,"playing":false,"font_scale":1.00,"dark":true,"colorblind":true}'
if [[ $state != "$expect" ]]; then
  echo "expected: $expect"
  exit 1
fi
