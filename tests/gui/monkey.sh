#!/usr/bin/env bash
# GUI monkey test: random clicks, drags, wheel turns and keys (xdotool, fixed
# seed) on the real studio window under Xvfb. Passes when
#   - the app stays alive and answers: every 10 s, and at the end, it
#     answers an X ping (x11_probe ping: GLFW replies from its frame loop);
#   - the final picture of the window (taken from the X server) shows the
#     studio: its size, and text, grids and fills (png_check);
#   - Ctrl+Q at the end quits with status 0, nothing on stderr from a
#     sanitizer, and the state dump printed;
#   - every file the app created, wrote, renamed, removed or chmod-ed (strace)
#     lies in its temporary HOME (also its cwd, TMPDIR and XDG folders) or its
#     config folder ($TCONV_CONFIG_DIR).
# Keys that quit (Ctrl+Q) are never sent; '/', '~' and '.' are never typed
# and nothing is pasted, so paths typed into the export and session fields
# stay relative to the cwd, HOME, and cannot climb out of it.
# Usage: monkey.sh STUDIO PNG_CHECK X11_PROBE [SECONDS=60] [SEED=1013]
# $MONKEY_SHOT, when set, receives a copy of the final picture.
set -euo pipefail
if [[ -z ${MONKEY_INNER:-} ]]; then
  exec env MONKEY_INNER=1 bash "$(dirname "$0")/../xvfb_run.sh" 1280x800x24 bash "$0" "$@"
fi
studio=$(realpath "$1") check=$(realpath "$2") probe=$(realpath "$3")
seconds=${4:-60} seed=${5:-1013}

root=$(mktemp -d "${TMPDIR:-/tmp}/tconv-monkey.XXXXXX")
home=$root/home config=$root/config
mkdir -p "$home/tmp" "$config"
keep=1
trap '((keep)) && echo "monkey: kept $root for inspection" || rm -rf "$root"' EXIT
fail() {
  echo "monkey: FAIL: $*"
  [[ -s $root/stderr.txt ]] && { echo "--- app stderr (tail):"; tail -40 "$root/stderr.txt"; }
  [[ -n ${pid:-} ]] && kill "$pid" 2>/dev/null
  exit 1
}

# [SECTION] Start the app under strace, everything private to $root.
# -y prints the path behind each file descriptor, so a file opened relative
# to a folder's descriptor still shows where it is.
tracer=()
if strace -f -qq -o /dev/null true 2>/dev/null; then
  tracer=(strace -f -qq -y -o "$root/strace.txt" -e "trace=$(echo open openat openat2 creat \
    mkdir mkdirat rename renameat renameat2 unlink unlinkat rmdir link linkat symlink symlinkat \
    truncate chmod fchmodat chown lchown fchownat utimensat mknod mknodat | tr ' ' ,)")
else
  echo "monkey: NOTE: strace cannot trace here (ptrace refused?): the file check is skipped"
fi
# LeakSanitizer cannot work under ptrace, so a traced sanitizer build skips
# only the leak check here (the other GUI tests run the app untraced and check
# leaks); ASan and UBSan stay on.
leaks=()
((${#tracer[@]})) && leaks=(ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0")
(cd "$home" && exec env "${leaks[@]}" HOME="$home" TCONV_CONFIG_DIR="$config" TMPDIR="$home/tmp" \
  XDG_CONFIG_HOME="$home/.config" XDG_CACHE_HOME="$home/.cache" XDG_DATA_HOME="$home/.local/share" \
  XDG_STATE_HOME="$home/.local/state" XDG_RUNTIME_DIR="$home/tmp" \
  "${tracer[@]}" "$studio" --size 1280x800 --dump-state-on-exit >"$root/stdout.txt" 2>"$root/stderr.txt") &
pid=$!
win=
for _ in $(seq 240); do
  kill -0 "$pid" 2>/dev/null || fail "the app exited before its window opened"
  win=$(xdotool search --name '^tconv-studio' 2>/dev/null | head -1) && [[ -n $win ]] && break
  sleep 0.5
done
[[ -n $win ]] || fail "no window within 120 s"
eval "$(xdotool getwindowgeometry --shell "$win")"  # WIDTH, HEIGHT
echo "monkey: window $win ${WIDTH}x${HEIGHT}, seed $seed, ${seconds}s"
"$probe" ping "$win" 60 || fail "the window never answered"

# [SECTION] Random input. $R is set by r() (not $(...), which would fork
# RANDOM and repeat the same numbers).
RANDOM=$seed
r() { R=$((RANDOM % $1)); }
xy() { r "$WIDTH"; X=$R; r "$HEIGHT"; Y=$R; }
nap() { r 70; sleep "0.$(printf %03d $((R + 10)))"; }
# Held for a frame or more (ImGui 1.86 samples key state once per frame).
KEYS=(Left Right Up Down Home End space Tab Return Escape BackSpace Delete
      0 1 2 3 4 5 6 p t a b c x y z q s m f g 7 8 9 minus equal F11 F12 Prior Next)
MODS=("" "" "" "" "ctrl" "shift" "ctrl+shift" "alt")
source "$(dirname "$0")/xkeys.sh"  # each key seen by exactly one frame
export TCONV_X11_PROBE=$probe XKEYS_WINDOW=$win
press() {
  local combo=$1
  [[ $combo == *ctrl* && $combo == *+q ]] && combo=${combo%q}w  # never quit
  xkeys_press "$combo"
}
release_all() {
  xdotool keyup ctrl shift alt 2>/dev/null || true
  xdotool mouseup 1 2>/dev/null || true
  xdotool mouseup 3 2>/dev/null || true
}
events=0 probes=0
end=$((SECONDS + seconds)) next_probe=$((SECONDS + 10))
while ((SECONDS < end)); do
  kill -0 "$pid" 2>/dev/null || fail "the app died after $events events"
  r 100
  if ((R < 35)); then
    xy; xdotool mousemove "$X" "$Y" click 1
  elif ((R < 42)); then
    xy; xdotool mousemove "$X" "$Y" click 3
  elif ((R < 47)); then
    xy; xdotool mousemove "$X" "$Y" click --repeat 2 1
  elif ((R < 62)); then
    xy; xdotool mousemove "$X" "$Y" mousedown 1
    for _ in 1 2 3 4; do xy; xdotool mousemove "$X" "$Y"; sleep 0.03; done
    xdotool mouseup 1
  elif ((R < 77)); then
    xy; r 2; b=$((R + 4)); r 5
    xdotool mousemove "$X" "$Y" click --repeat $((R + 1)) --delay 30 "$b"
  else
    r ${#MODS[@]}; mod=${MODS[$R]}; r ${#KEYS[@]}; key=${KEYS[$R]}
    press "${mod:+$mod+}$key"
  fi
  events=$((events + 1))
  nap
  if ((SECONDS >= next_probe)); then
    release_all
    "$probe" ping "$win" 20 >/dev/null || fail "no answer after $events events"
    probes=$((probes + 1)) next_probe=$((SECONDS + 10))
  fi
done
release_all
echo "monkey: $events events, $probes pings answered"

# [SECTION] Still alive, still the studio; then quit cleanly.
for _ in 1 2 3; do press Escape; sleep 0.2; done
"$probe" ping "$win" 20 || fail "no answer after the monkey"
sleep 1  # a few frames after the last event, so the picture is settled
eval "$(xdotool getwindowgeometry --shell "$win")"
"$probe" shot "$win" "$root/final.png" || fail "cannot take the final picture"
"$check" "$root/final.png" "$WIDTH" "$HEIGHT" colours=16 fg=2 || fail "the final picture is not the studio"
[[ -n ${MONKEY_SHOT:-} ]] && cp "$root/final.png" "$MONKEY_SHOT"  # kept for a look
xdotool mousemove $((WIDTH / 2)) $((HEIGHT / 2))  # keys go to the window under the pointer
xkeys_press ctrl+q
for _ in $(seq 600); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
kill -0 "$pid" 2>/dev/null && fail "Ctrl+Q did not quit within 60 s"
rc=0; wait "$pid" || rc=$?
((rc == 0)) || fail "exit status $rc"
if grep -Eq 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$root/stderr.txt"; then
  fail "a sanitizer report"
fi
grep -q '"preset":' "$root/stdout.txt" || fail "no state dump on exit"
echo "monkey: final state $(cat "$root/stdout.txt")"

# [SECTION] Files: only under $home and $config.
if ((${#tracer[@]})); then
  # Every call that creates, writes, renames, removes or chmods (opens only
  # with a write flag), unless it failed; then every absolute path in it.
  # Relative paths are relative to the cwd ($home) or to a descriptor whose
  # path -y printed. Unfinished calls (threads) count as successful.
  changes=$(grep -E '^[0-9]+ +((open|openat|openat2|creat)\(.*(O_WRONLY|O_RDWR|O_CREAT|O_TRUNC|O_APPEND)|(mkdir|mkdirat|rename|renameat|renameat2|unlink|unlinkat|rmdir|link|linkat|symlink|symlinkat|truncate|chmod|fchmodat|chown|lchown|fchownat|utimensat|mknod|mknodat)\()' \
    "$root/strace.txt" | grep -Ev '\) += -1 ' || true)
  outside=$(grep -oE '"/[^"]*"|<(/[^>]*)>' <<<"$changes" | tr -d '"<>' | sort -u |
    grep -Ev "^($home|$config)(/|$)|^/dev/(null|tty|pts/)" || true)
  if [[ -n $outside ]]; then
    grep -F "$(head -1 <<<"$outside")" <<<"$changes" | head -3
    fail "wrote outside its HOME and config folder: $(echo $outside)"
  fi
  echo "monkey: $(wc -l <<<"$changes") file changes traced, all under HOME or the config folder"
fi
echo "monkey: written inside: $(cd "$root" && find home config -type f | head -20 | tr '\n' ' ')"
keep=0
echo "monkey: OK"
