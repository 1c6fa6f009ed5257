#!/usr/bin/env bash
# Runs a command on its own Xvfb screen, like xvfb-run -a -s "-screen 0 SCREEN",
# with two differences. The display number comes from Xvfb -displayfd, which
# takes the first free number itself, locking it atomically, and writes it to
# us once the server accepts connections: xvfb-run -a looks for a free number
# and starts Xvfb on it afterwards, so two runs starting together on a shared
# machine can pick the same one. And -noreset: an X server resets when its
# last client leaves, and a test's last client is often the studio quitting
# while x11_probe connects to see that it has gone; CI saw that connection
# refused ("x11_probe: cannot open the display" right after Ctrl+Q).
# Usage: xvfb_run.sh SCREEN COMMAND [ARG...]     (SCREEN: WxHxDEPTH)
set -uo pipefail
screen=$1
shift
dir=$(mktemp -d "${TMPDIR:-/tmp}/tconv-xvfb.XXXXXX")
Xvfb -displayfd 3 -screen 0 "$screen" -nolisten tcp -noreset 3>"$dir/display" 2>"$dir/xvfb.log" &
xvfb=$!
stop() {
  kill "$xvfb" 2>/dev/null
  wait "$xvfb" 2>/dev/null
  rm -rf "$dir"
}
trap stop EXIT
trap 'exit 143' TERM INT HUP

# The number arrives newline-terminated; 30 s covers a loaded sanitizer run.
for ((i = 0; i < 300; i++)); do
  [[ $(tail -c 1 "$dir/display" 2>/dev/null | od -An -c) == *'\n'* ]] && break
  if ! kill -0 "$xvfb" 2>/dev/null; then
    echo "xvfb_run: Xvfb -screen 0 $screen exited before it opened a display: $(tail -1 "$dir/xvfb.log")" >&2
    exit 1
  fi
  sleep 0.1
done
number=$(head -1 "$dir/display")
if [[ ! $number =~ ^[0-9]+$ ]]; then
  echo "xvfb_run: Xvfb -screen 0 $screen gave no display number within 30 s" >&2
  exit 1
fi
export DISPLAY=:$number
unset WAYLAND_DISPLAY
"$@"
