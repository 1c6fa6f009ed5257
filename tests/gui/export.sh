#!/usr/bin/env bash
# Exports through the real app under Xvfb, read back by export_check.
# Usage: export.sh STUDIO EXPORT_CHECK EXPECT_ERROR MODE DIR
#   scales       --screenshot at --scale 1..4 is W·s × H·s and not blank
#   transparent  --transparent: alpha 0 where the background shows, 255 elsewhere
#   gif          --export-gif: one frame per step of the range, loops, delay
#   frames       --export-frames: frame_0000.png ... in a new or empty folder
#   failures     unwritable folders and a full disk: exit 2, one line, no file
#   gui          Ctrl+S and Ctrl+Shift+S in the window; quitting mid-export
set -euo pipefail
if [[ -z ${EXPORT_INNER:-} ]]; then
  exec env EXPORT_INNER=1 xvfb-run -a -s "-screen 0 1280x800x24" bash "$0" "$@"
fi
studio=$1 check=$2 expect=$3 mode=$4 dir=$5
rm -rf "$dir"
mkdir -p "$dir"
run() { "$studio" --preset d2l-basic "$@"; }
# Nothing but the names given may be in DIR, hidden temporaries included.
only() {
  local got want
  got=$(cd "$dir" && ls -A | sort | tr '\n' ' ')
  want=$(printf '%s\n' "$@" | sed '/^$/d' | sort | tr '\n' ' ')
  if [[ $got != "$want" ]]; then
    echo "$dir holds '$got', expected '$want'"
    exit 1
  fi
}

case $mode in
  scales)
    for s in 1 2 3 4; do
      run --size 400x300 --scale "$s" --screenshot "$dir/s$s.png"
      "$check" png "$dir/s$s.png" $((400 * s)) $((300 * s))
    done
    run --size 320x240 --view matrix --only-view --scale 2 --screenshot "$dir/matrix.png"
    "$check" png "$dir/matrix.png" 640 480
    ;;
  transparent)
    run --size 400x300 --view scatter --only-view --light --scale 2 --transparent \
      --screenshot "$dir/t.png"
    "$check" png "$dir/t.png" 800 600 alpha
    run --size 320x240 --transparent --export-gif "$dir/t.gif" --from 0 --to 1
    "$check" gif "$dir/t.gif" 320 240 2 50
    ;;
  gif)
    run --size 320x240 --view scatter --only-view --export-gif "$dir/a.gif" --delay-ms 250 \
      --from 1 --to 3
    "$check" gif "$dir/a.gif" 320 240 3 25
    # Defaults: every step, 500 ms; the arithmetic view counts the same steps.
    run --size 320x240 --view arithmetic --scale 2 --export-gif "$dir/b.gif"
    "$check" gif "$dir/b.gif" 640 480 4 50
    only a.gif b.gif
    ;;
  frames)
    run --size 320x240 --scale 2 --export-frames "$dir/fr" --from 1
    "$check" frames "$dir/fr" 3 640 480
    mkdir "$dir/empty"
    run --size 320x240 --export-frames "$dir/empty" --export-gif "$dir/both.gif"
    "$check" frames "$dir/empty" 4 320 240
    "$check" gif "$dir/both.gif" 320 240 4 50
    "$expect" "cannot write frames into .*/fr: the folder is not empty" \
      "$studio" --preset d2l-basic --export-frames "$dir/fr"
    only fr empty both.gif
    ;;
  failures)
    touch "$dir/file"
    "$expect" "cannot write .*/missing/a.png: the folder .*/missing does not exist" \
      "$studio" --preset d2l-basic --screenshot "$dir/missing/a.png"
    "$expect" "cannot write /dev/full: it exists and is not a regular file" \
      "$studio" --preset d2l-basic --screenshot /dev/full
    "$expect" "cannot write .*/file/a.gif: .*/file is not a folder" \
      "$studio" --preset d2l-basic --export-gif "$dir/file/a.gif"
    # A full disk, as the kernel reports a file size limit: writes fail
    # part-way (EFBIG where a full disk says ENOSPC).
    full() { (trap '' XFSZ && ulimit -f 16 && "$expect" "$@"); }
    full "cannot write .*/big.png: File too large" \
      "$studio" --preset d2l-basic --scale 2 --screenshot "$dir/big.png"
    full "cannot write .*/big.gif: File too large" \
      "$studio" --preset d2l-basic --size 640x400 --export-gif "$dir/big.gif"
    full "cannot write .*/big/frame_0000.png: File too large" \
      "$studio" --preset d2l-basic --scale 2 --export-frames "$dir/big"
    if [[ $(id -u) -ne 0 ]]; then  # root writes into read-only folders
      mkdir "$dir/ro" && chmod 555 "$dir/ro"
      "$expect" "cannot write .*/ro/a.png: Permission denied" \
        "$studio" --preset d2l-basic --screenshot "$dir/ro/a.png"
      [[ -z $(ls -A "$dir/ro") ]] || { echo "ro/ is not empty"; exit 1; }
      chmod 755 "$dir/ro"
      only file ro
    else
      only file
    fi
    ;;
  gui)
    export HOME=$dir/home
    out=$HOME/Pictures/tconv-studio
    key() {  # held for several frames (ImGui samples keys once a frame, and
      # a loaded llvmpipe frame can take 0.2 s); these keys do not repeat
      xdotool keydown "$@"
      sleep 0.5
      xdotool keyup "$@"
      sleep 0.2
    }
    wait_for() {
      for _ in $(seq 100); do [[ -e $1 ]] && return 0; sleep 0.1; done
      echo "$1 did not appear"
      ls -lA "$out" || true
      exit 1
    }
    "$studio" --preset d2l-basic --size 640x400 &
    pid=$!
    xdotool search --sync --name '^tconv-studio' >/dev/null
    xdotool mousemove 400 300
    sleep 1
    key ctrl s
    wait_for "$out/d2l-basic-scatter-step0-1.png"
    "$check" png "$out/d2l-basic-scatter-step0-1.png" 1280 800  # the popup's default 2×
    key ctrl shift s
    wait_for "$out/d2l-basic-scatter-steps0-3-1.gif"
    "$check" gif "$out/d2l-basic-scatter-steps0-3-1.gif" 1280 800 4 50
    key ctrl q
    wait "$pid"
    # Quit while a long export runs: it is cancelled and leaves nothing.
    "$studio" --preset dcgan --size 1280x800 &
    pid=$!
    xdotool search --sync --name '^tconv-studio' >/dev/null
    xdotool mousemove 400 300
    sleep 1
    key ctrl shift s
    # Its temporary is there: the export is under way.
    for _ in $(seq 50); do compgen -G "$out/.dcgan-*" >/dev/null && break; sleep 0.1; done
    compgen -G "$out/.dcgan-*" >/dev/null || { echo "the dcgan export did not start"; exit 1; }
    key ctrl q
    wait "$pid"
    dir=$out only d2l-basic-scatter-step0-1.png d2l-basic-scatter-steps0-3-1.gif
    ;;
  *)
    echo "unknown mode $mode"
    exit 2
    ;;
esac
echo "export.sh $mode: ok"
