#!/usr/bin/env bash
# Drives a visible studio window under Xvfb with xdotool and checks what the
# keys and clicks did through --dump-state-on-exit.
# Usage: keys.sh STUDIO
set -euo pipefail
if [[ -z ${KEYS_INNER:-} ]]; then
  exec env KEYS_INNER=1 bash "$(dirname "$0")/../xvfb_run.sh" 1280x800x24 bash "$0" "$@"
fi
studio=$1
out=$(mktemp)
# Interactive runs read and write settings.json: a fresh folder, so neither
# the user's settings nor an earlier run's Ctrl + reach this test.
export TCONV_CONFIG_DIR=$(mktemp -d)
trap 'rm -rf "$out" "$TCONV_CONFIG_DIR"' EXIT

"$studio" --preset d2l-basic --view all --size 1280x800 --dump-state-on-exit >"$out" &
pid=$!
XKEYS_WINDOW=$(xdotool search --sync --name '^tconv-studio' | head -1)
# Without a window manager, X sends keys to the window under the pointer.
xdotool mousemove 900 600
sleep 1
# Each key reaches exactly one frame (xkeys.sh): ←/→ must not repeat.
source "$(dirname "$0")/xkeys.sh"
press() { xkeys_press "$1"; }
press space; press space                               # play, pause
press Right; press Right; press End; press Left        # steps 2, 3, last (4), 3
xkeys_click 290 23                                     # the Matrix tab
press ctrl+equal; press ctrl+equal                     # text 150%
press ctrl+q                                           # quit
wait "$pid"

state=$(cat "$out")
echo "state: $state"
expect='{"preset":"d2l-basic","view":"matrix","step":3,"playing":false,"font_scale":1.50,"dark":true,"colorblind":true}'
if [[ $state != "$expect" ]]; then
  echo "expected: $expect"
  exit 1
fi
