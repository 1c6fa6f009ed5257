#!/usr/bin/env bash
# Exports through the real app under Xvfb, read back by export_check.
# Usage: export.sh STUDIO EXPORT_CHECK EXPECT_ERROR MODE DIR
#   scales       --screenshot at --scale 1..4 is W·s × H·s and not blank
#   transparent  --transparent: alpha 0 where the background shows, 255 elsewhere
#   gif          --export-gif: one frame per step of the range, loops, delay
#   frames       --export-frames: frame_0001.png ... (step numbers) in a new or empty folder
#   views        each view's own steps: one frame per output cell for arithmetic,
#                per input element for scatter and matrix, one for flip
#   failures     unwritable folders and a full disk: exit 2, one line, no file
#   noscroll     exports lay out for their size: no scrollbar baked in (960x540 at
#                font scale 2, a 1280x720 GIF); what cannot fit fails naming the size;
#                values it cannot print are a warning on stderr
#   gui          Ctrl+S and Ctrl+Shift+S in the window; quitting mid-export
set -euo pipefail
if [[ -z ${EXPORT_INNER:-} ]]; then
  exec env EXPORT_INNER=1 bash "$(dirname "$0")/../xvfb_run.sh" 1280x800x24 bash "$0" "$@"
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
    run --size 320x240 --transparent --export-gif "$dir/t.gif" --from 1 --to 2
    "$check" gif "$dir/t.gif" 320 240 2 50
    ;;
  gif)
    run --size 320x240 --view scatter --only-view --export-gif "$dir/a.gif" --delay-ms 250 \
      --from 1 --to 3
    "$check" gif "$dir/a.gif" 320 240 3 25
    # Defaults: every step, 500 ms; the arithmetic view steps by output cell (3×3).
    run --size 320x240 --view arithmetic --scale 2 --export-gif "$dir/b.gif"
    "$check" gif "$dir/b.gif" 640 480 9 50
    only a.gif b.gif
    ;;
  frames)
    # Steps 2..4 of 4: named by step number, as the timeline counts them.
    run --size 320x240 --scale 2 --export-frames "$dir/fr" --from 2
    "$check" frames "$dir/fr" 3 640 480 2
    mkdir "$dir/empty"
    run --size 320x240 --export-frames "$dir/empty" --export-gif "$dir/both.gif"
    "$check" frames "$dir/empty" 4 320 240
    "$check" gif "$dir/both.gif" 320 240 4 50
    "$expect" "cannot write frames into .*/fr: the folder is not empty" \
      "$studio" --preset d2l-basic --export-frames "$dir/fr"
    only fr empty both.gif
    ;;
  views)
    # conv_arithmetic's transposed GIFs: one frame per output cell.
    frames() {  # PRESET VIEW COUNT [FIRST] [flags...]
      local preset=$1 view=$2 count=$3 first=${4:-1}
      shift 4 || shift $#
      "$studio" --preset "$preset" --view "$view" --size 320x240 --only-view \
        --export-frames "$dir/$preset-$view" "$@"
      "$check" frames "$dir/$preset-$view" "$count" 320 240 "$first"
    }
    frames ca-no-padding-no-strides arithmetic 16
    frames ca-padding-strides-odd arithmetic 36
    frames d2l-basic arithmetic 9
    frames d2l-basic scatter 4
    frames d2l-basic matrix 4
    frames d2l-basic flip 1  # no steps: its one picture
    frames d2l-padding arithmetic 1
    frames dcgan overlap 2 5 --from 5 --to 6
    "$expect" "--step 10 is out of range: this state has 9 steps \\(output cells, 1..9\\)" \
      "$studio" --preset d2l-basic --view arithmetic --step 10 --screenshot "$dir/x.png"
    "$expect" "--to 17 is out of range: this state has 16 steps \\(output cells, 1..16\\)" \
      "$studio" --preset ca-no-padding-no-strides --view arithmetic --export-gif "$dir/x.gif" --to 17
    ;;
  noscroll)
    # ImGui's ScrollbarGrab in the dark theme: (0.31, 0.31, 0.31).
    for v in scatter arithmetic flip overlap matrix; do
      "$studio" --preset ca-padding-strides --view "$v" --only-view --size 960x540 --scale 2 \
        --font-scale 2 --screenshot "$dir/$v.png"
      "$check" png "$dir/$v.png" 1920 1080
      "$check" noscrollbar "$dir/$v.png" 79 79 79
    done
    "$studio" --preset ca-padding-strides --size 1280x720 --export-gif "$dir/a.gif" --from 8 --to 8 \
      --view scatter
    "$check" gif "$dir/a.gif" 1280 720 1 50 "$dir/a"
    "$check" noscrollbar "$dir/a0.png" 79 79 79
    # Text that cannot fit: exit 2, the size it needs, no file.
    "$expect" "the shape view does not fit 320x240 at font scale 3: it needs about [0-9]+x[0-9]+" \
      "$studio" --preset dcgan --view shape --only-view --size 320x240 --font-scale 3 \
      --screenshot "$dir/unfit.png"
    [[ ! -e $dir/unfit.png ]] || { echo "unfit.png was written"; exit 1; }
    # Values a picture cannot print are said on stderr (one warning line);
    # the picture is still written, with status 0. Nothing is said when all show.
    "$studio" --preset big-64 --view scatter --only-view --size 960x540 --font-scale 2 \
      --screenshot "$dir/small.png" 2>"$dir/small.err"
    grep -Eq "^tconv-studio: warning: the scatter view at 960x540, font scale 2: [0-9]+ values not printed" \
      "$dir/small.err" || { echo "no warning: $(cat "$dir/small.err")"; exit 1; }
    [[ $(wc -l <"$dir/small.err") -eq 1 ]] || { echo "more than one line: $(cat "$dir/small.err")"; exit 1; }
    "$check" png "$dir/small.png" 960 540
    "$studio" --preset d2l-basic --view scatter --only-view --size 1920x1080 --font-scale 2 \
      --screenshot "$dir/fits.png" 2>"$dir/fits.err"
    [[ ! -s $dir/fits.err ]] || { echo "a warning where every value shows: $(cat "$dir/fits.err")"; exit 1; }
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
    full "cannot write .*/big/frame_0001.png: File too large" \
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
    # Seen by exactly one frame however slow frames are (xkeys.sh), else
    # held 0.5 s (a loaded llvmpipe frame can take 0.2 s); these keys do not
    # repeat.
    source "$(dirname "$0")/xkeys.sh"
    key() { xkeys_press "$1" 0.5; }
    wait_for() {
      for _ in $(seq 100); do [[ -e $1 ]] && return 0; sleep 0.1; done
      echo "$1 did not appear"
      ls -lA "$out" || true
      exit 1
    }
    "$studio" --preset d2l-basic --size 640x400 &
    pid=$!
    XKEYS_WINDOW=$(xdotool search --sync --name '^tconv-studio' | head -1)
    xdotool mousemove 400 300
    sleep 1
    key ctrl+s
    wait_for "$out/d2l-basic-scatter-step1-1.png"
    "$check" png "$out/d2l-basic-scatter-step1-1.png" 1280 800  # the popup's default 2×
    key ctrl+shift+s
    wait_for "$out/d2l-basic-scatter-steps1-4-1.gif"
    "$check" gif "$out/d2l-basic-scatter-steps1-4-1.gif" 1280 800 4 50
    key ctrl+q
    wait "$pid"
    # Quit while a long export runs: it is cancelled and leaves nothing.
    "$studio" --preset dcgan --size 1280x800 &
    pid=$!
    XKEYS_WINDOW=$(xdotool search --sync --name '^tconv-studio' | head -1)
    xdotool mousemove 400 300
    sleep 1
    key ctrl+shift+s
    # Its temporary is there: the export is under way.
    for _ in $(seq 50); do compgen -G "$out/.dcgan-*" >/dev/null && break; sleep 0.1; done
    compgen -G "$out/.dcgan-*" >/dev/null || { echo "the dcgan export did not start"; exit 1; }
    key ctrl+q
    wait "$pid"
    dir=$out only d2l-basic-scatter-step1-1.png d2l-basic-scatter-steps1-4-1.gif
    ;;
  *)
    echo "unknown mode $mode"
    exit 2
    ;;
esac
echo "export.sh $mode: ok"
