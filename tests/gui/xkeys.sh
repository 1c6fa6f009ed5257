# Key presses the studio cannot miss, for the scripts that drive it with
# xdotool (sourced by keys.sh, export.sh, monkey.sh and session_gui.sh).
#
# ImGui 1.86 samples key state once a frame, so a press and a release handled
# in the same frame are lost, and a frame can take longer than any fixed hold
# (a sanitizer build, a loaded machine). With $TCONV_X11_PROBE (x11_probe)
# and $XKEYS_WINDOW set, a press is: key down, wait until the window answers
# a ping (its frame loop has polled the key), key up, ping again. Exactly one
# frame sees the key down, so keys neither get lost nor repeat, at any speed.
# A window that closes on the key (Ctrl+Q) is fine; one that stops
# answering for 60 s fails the press (status 1).
# Without the probe a key is held for HOLD seconds (default 0.2).
# Usage: xkeys_press KEY [HOLD]     KEY as xdotool names it: q, ctrl+shift+s
#        xkeys_click X Y            a left click at window pixel (X, Y)

# x11_probe's status 2 (it could not connect) is retried: twice, in loaded
# full runs, the connect right after Ctrl+Q was refused, the moment the
# studio, the server's last client, left (tests/xvfb_run.sh now runs Xvfb
# with -noreset, which was the likely cause).
xkeys_frame() {  # 0: a frame went by; 3: the window is gone
  local rc try
  for try in 1 2 3 4 5; do
    rc=0
    "$TCONV_X11_PROBE" ping "$XKEYS_WINDOW" 60 >/dev/null 2>"${TMPDIR:-/tmp}/xkeys.$$" || rc=$?
    ((rc == 2)) || break
    sleep 0.5
  done
  ((rc == 2)) && cat "${TMPDIR:-/tmp}/xkeys.$$" >&2
  rm -f "${TMPDIR:-/tmp}/xkeys.$$"
  return $rc
}

xkeys_press() {
  local key=$1 hold=${2:-0.2} rc=0
  xdotool keydown "$key"
  if [[ -n ${TCONV_X11_PROBE:-} && -n ${XKEYS_WINDOW:-} ]]; then
    xkeys_frame || rc=$?
    xdotool keyup "$key"
    ((rc == 0)) && { xkeys_frame || rc=$?; }
    ((rc == 0 || rc == 3)) || echo "xkeys: the window did not answer after '$key'" >&2
    ((rc == 0 || rc == 3))
  else
    sleep "$hold"
    xdotool keyup "$key"
    sleep 0.2
  fi
}

# A click the same way: one frame sees the pointer there, one the button
# down, one it up. A pointer that jumps and clicks within one frame can lose
# the click (it did when it left a hovered grid cell for a tab).
xkeys_click() {
  local rc=0
  xdotool mousemove "$1" "$2"
  if [[ -n ${TCONV_X11_PROBE:-} && -n ${XKEYS_WINDOW:-} ]]; then
    xkeys_frame || rc=$?
    xdotool mousedown 1
    ((rc == 0)) && { xkeys_frame || rc=$?; }
    xdotool mouseup 1
    ((rc == 0)) && { xkeys_frame || rc=$?; }
    ((rc == 0 || rc == 3)) || echo "xkeys: the window did not answer after a click at $1,$2" >&2
    ((rc == 0 || rc == 3))
  else
    xdotool click 1
    sleep 0.4
  fi
}
