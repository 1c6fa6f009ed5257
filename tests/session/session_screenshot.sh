#!/usr/bin/env bash
# Sessions reproduce what was on screen, and saved settings never leak into
# screenshots:
#   1. --save-session of a state, then --screenshot from that session, gives
#      the same PNG bytes as --screenshot of the state itself.
#   2. A hand-made session (unbatched, bias, groups, a selection no flag can
#      set) re-saved and shot again gives the same bytes.
#   3. A settings.json with large light text changes nothing in a screenshot
#      unless --use-settings asks for it.
# Usage: session_screenshot.sh STUDIO DATA_DIR
set -euo pipefail
if [[ -z ${SESSION_SHOT_INNER:-} ]]; then
  exec env SESSION_SHOT_INNER=1 bash "$(dirname "$0")/../xvfb_run.sh" 2560x1600x24 bash "$0" "$@"
fi
studio=$1 data=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export TCONV_CONFIG_DIR=$tmp/config  # empty: no user settings
fail=0
same() {  # same WHAT A.png B.png
  if cmp -s "$2" "$3"; then
    echo "ok   $1"
  else
    echo "FAIL $1: $2 and $3 differ"
    fail=1
  fi
}
differ() {
  if cmp -s "$2" "$3"; then
    echo "FAIL $1: $2 and $3 are identical"
    fail=1
  else
    echo "ok   $1"
  fi
}

# [1] A preset state with every presenter setting away from its default.
state=(--preset dcgan --step 5 --font-scale 1.5 --light --palette standard)
"$studio" "${state[@]}" --view all --save-session "$tmp/s.json"
"$studio" "${state[@]}" --view all --screenshot "$tmp/state.png"
"$studio" --session "$tmp/s.json" --screenshot "$tmp/session.png"
same "screenshot from the saved session" "$tmp/state.png" "$tmp/session.png"
# --view on top of --session picks another view of the same state.
"$studio" "${state[@]}" --view matrix --screenshot "$tmp/state_matrix.png"
"$studio" --session "$tmp/s.json" --view matrix --screenshot "$tmp/session_matrix.png"
same "--view over --session" "$tmp/state_matrix.png" "$tmp/session_matrix.png"

# [2] A state only a session can describe.
"$studio" --session "$data/unbatched_bias.json" --save-session "$tmp/again.json"
"$studio" --session "$data/unbatched_bias.json" --screenshot "$tmp/hand.png"
"$studio" --session "$tmp/again.json" --screenshot "$tmp/again.png"
same "hand-made session re-saved" "$tmp/hand.png" "$tmp/again.png"
if cmp -s "$data/unbatched_bias.json" "$tmp/again.json"; then
  echo "ok   re-saving a saved session gives the same file"
else
  echo "FAIL re-saved session differs:"
  diff "$data/unbatched_bias.json" "$tmp/again.json" | head -20 || true
  fail=1
fi

# [3] Saved settings do not reach screenshots, unless asked.
mkdir -p "$TCONV_CONFIG_DIR"
printf '{"tconv_studio_settings": 1, "font_scale": 2.0, "theme": "light", "fullscreen": true}\n' \
  >"$TCONV_CONFIG_DIR/settings.json"
"$studio" --preset d2l-basic --screenshot "$tmp/with_settings.png"
env -u TCONV_CONFIG_DIR HOME="$tmp/nohome" XDG_CONFIG_HOME= \
  "$studio" --preset d2l-basic --screenshot "$tmp/no_settings.png"
same "settings ignored by --screenshot" "$tmp/with_settings.png" "$tmp/no_settings.png"
"$studio" --preset d2l-basic --use-settings --screenshot "$tmp/used.png"
"$studio" --preset d2l-basic --font-scale 2 --light --screenshot "$tmp/flags.png"
same "--use-settings applies them" "$tmp/used.png" "$tmp/flags.png"
differ "--use-settings changes the picture" "$tmp/used.png" "$tmp/no_settings.png"
exit $fail
