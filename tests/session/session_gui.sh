#!/usr/bin/env bash
# Drives the Session popup, F11 and the presenter settings in a visible
# studio under Xvfb (xdotool), with settings.json in a temp folder:
#   1. "Copy as PyTorch" puts the --export-python script on the clipboard.
#      Save from the popup writes the same file as --save-session; opening a
#      broken file shows its message and changes nothing; Ctrl + is saved to
#      settings.json with the recent list; F11 fills the screen and back.
#   2. A new run starts with the saved text size; opening the recent entry
#      brings the session back (view, step, look).
#   3. A corrupt settings.json: one message on stderr, the defaults.
# Usage: session_gui.sh STUDIO CLIPBOARD_READ
set -euo pipefail
if [[ -z ${SESSION_GUI_INNER:-} ]]; then
  exec env SESSION_GUI_INNER=1 bash "$(dirname "$0")/../xvfb_run.sh" 1600x1000x24 bash "$0" "$@"
fi
studio=$1 clipboard=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export TCONV_CONFIG_DIR=$tmp/config
settings=$TCONV_CONFIG_DIR/settings.json
fail=0
check() {  # check WHAT GOT EXPECTED
  if [[ $2 != "$3" ]]; then
    echo "FAIL $1: got '$2', expected '$3'"
    fail=1
  else
    echo "ok   $1"
  fi
}

# ImGui 1.86 samples keys and buttons once per frame: with x11_probe
# ($TCONV_X11_PROBE), each press and click waits for the window's frames
# (xkeys.sh), however slow they are; without it, fixed holds.
source "$(dirname "$0")/../gui/xkeys.sh"
press() { xkeys_press "$1"; }
ctrl() { xkeys_press "ctrl+$1"; }
click() { xkeys_click "$1" "$2"; }
# Positions at 1280x800, text 1.0: the Session button, then in its popup
# (placed under the mouse, pushed inside the window) the path field, Open,
# Save, and the first recent entry.
session_button() { click 962 23; }
type_path() {
  click 1015 69  # the path field (a button click took its focus)
  ctrl a
  xdotool type --delay 20 "$1"
  sleep 0.3
}
open_button() { click 791 101; }
save_button() { click 851 101; }
start() {  # start ARGS...: the studio in the background, stdout to $tmp/out
  "$studio" --size 1280x800 --dump-state-on-exit "$@" >"$tmp/out" 2>"$tmp/err" &
  pid=$!
  xdotool search --sync --onlyvisible --name '^tconv-studio' >/dev/null
  wid=$(xdotool search --onlyvisible --name '^tconv-studio' | head -1)
  XKEYS_WINDOW=$wid
  # Without a window manager, X sends keys to the window under the pointer.
  xdotool mousemove 900 600
  sleep 1
}
quit() {
  xdotool mousemove 900 600
  ctrl q
  wait "$pid"
}

# [1] Copy, save, a broken file, Ctrl +, F11.
start --preset dcgan --view matrix --step 3
click 852 23  # Copy as PyTorch
"$clipboard" >"$tmp/clip.py" || true
session_button
type_path "$tmp/gui.json"
save_button
printf '{"tconv_studio_session": 1, oops' >"$tmp/bad.json"
type_path "$tmp/bad.json"
open_button
click 900 600  # close the popup
ctrl equal
press F11
sleep 0.5
check "full screen geometry" "$(xdotool getwindowgeometry "$wid" | grep -o 'Geometry: .*')" \
  "Geometry: 1600x1000"
press F11
sleep 0.5
check "windowed geometry" "$(xdotool getwindowgeometry "$wid" | grep -o 'Geometry: .*')" \
  "Geometry: 1280x800"
quit
check "state after run 1" "$(cat "$tmp/out")" \
  '{"preset":"dcgan","view":"matrix","step":3,"playing":false,"font_scale":1.25,"dark":true,"colorblind":true}'
check "stderr of run 1" "$(cat "$tmp/err")" ""
"$studio" --preset dcgan --view matrix --step 3 --save-session "$tmp/ref.json"
if cmp -s "$tmp/gui.json" "$tmp/ref.json"; then
  echo "ok   popup Save wrote the same file as --save-session"
else
  echo "FAIL popup Save differs from --save-session:"
  diff "$tmp/gui.json" "$tmp/ref.json" | head -20 || true
  fail=1
fi
"$studio" --preset dcgan --export-python "$tmp/ref.py"
if cmp -s "$tmp/clip.py" "$tmp/ref.py"; then
  echo "ok   Copy as PyTorch put the --export-python script on the clipboard"
else
  echo "FAIL clipboard ($(wc -c <"$tmp/clip.py") bytes) differs from --export-python:"
  diff "$tmp/clip.py" "$tmp/ref.py" | head -10 || true
  fail=1
fi
check "settings font_scale" "$(grep -o '"font_scale": [0-9.]*' "$settings")" '"font_scale": 1.25'
check "settings fullscreen" "$(grep -o '"fullscreen": [a-z]*' "$settings")" '"fullscreen": false'
check "settings recent" "$(tr -d ' \n' <"$settings" | grep -o '"recent_sessions":\[[^]]*\]')" \
  "\"recent_sessions\":[\"$tmp/gui.json\"]"

# [2] The look persists; the recent entry opens the session (and its look).
start --preset d2l-basic
quit
check "text size restored" "$(grep -o '"font_scale":[0-9.]*' "$tmp/out")" '"font_scale":1.25'
start --preset d2l-basic --view flip --light
ctrl 0  # text back to 1.0, where the clicks are measured
sleep 0.3
session_button
click 900 160  # first recent entry
quit
check "state after opening the recent entry" "$(cat "$tmp/out")" \
  '{"preset":"dcgan","view":"matrix","step":3,"playing":false,"font_scale":1.00,"dark":true,"colorblind":true}'

# [3] A corrupt settings file: defaults and one line naming it.
printf '{"tconv_studio_settings": 1, "font_scale": 2.5, "theme": "sepia"}' >"$settings"
start --preset d2l-basic
quit
check "state with corrupt settings" "$(grep -o '"font_scale":[0-9.]*,"dark":[a-z]*' "$tmp/out")" \
  '"font_scale":1.00,"dark":true'
check "corrupt settings message" "$(cat "$tmp/err")" \
  "tconv-studio: $settings: \"theme\" must be \"dark\" or \"light\", got \"sepia\"; using the default settings"
exit $fail
