#!/usr/bin/env bash
# Same pixels: render a fixed set of pictures with one tconv-studio binary, and
# compare two such sets pixel for pixel (for refactors that must not change
# what the studio draws).
#   same_pixels.sh render STUDIO DIR      every preset × view (--screenshot),
#                                         steps, presenter looks, exports at
#                                         scales 1-4, --only-view,
#                                         --transparent, a GIF, frames
#   same_pixels.sh compare TOOL DIR_A DIR_B
#                                         TOOL is build/bin/tconv_same_pixels;
#                                         prints each differing file, exits 1
#                                         if any differs
# Both renders read this checkout's assets and no user settings, so only the
# binaries differ. Example (baseline from main, then this branch):
#   bash tests/gui/same_pixels.sh render /work/main/build/bin/tconv-studio /tmp/before
#   bash tests/gui/same_pixels.sh render build/bin/tconv-studio /tmp/after
#   bash tests/gui/same_pixels.sh compare build/bin/tconv_same_pixels /tmp/before /tmp/after
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

case ${1:-} in
  compare)
    [[ $# -eq 4 ]] || { echo "usage: same_pixels.sh compare TOOL DIR_A DIR_B" >&2; exit 2; }
    exec "$2" "$3" "$4"
    ;;
  render) ;;
  *)
    echo "usage: same_pixels.sh render STUDIO DIR | compare TOOL DIR_A DIR_B" >&2
    exit 2
    ;;
esac
[[ $# -eq 3 ]] || { echo "usage: same_pixels.sh render STUDIO DIR" >&2; exit 2; }
studio=$(realpath "$2") dir=$3

# One Xvfb for the whole set, larger than any window asked for.
if [[ -z ${SAME_PIXELS_INNER:-} ]]; then
  exec env SAME_PIXELS_INNER=1 bash "$(dirname "$0")/../xvfb_run.sh" 2560x1600x24 bash "$0" "$@"
fi
rm -rf "$dir"
mkdir -p "$dir"/views "$dir"/steps "$dir"/looks "$dir"/export
export TCONV_ASSETS=$here/../../assets TCONV_CONFIG_DIR=$dir/.config
views=(scatter arithmetic matrix flip shape overlap frameworks all)
shot() {  # shot FILE FLAGS...: one picture; a failure is reported, not fatal
  local file=$1
  shift
  "$studio" "$@" --screenshot "$file" >/dev/null 2>"$file.err" || echo "FAILED: $* ($(cat "$file.err"))"
  rm -f "$file.err"
}

mapfile -t presets < <("$studio" --list-presets | awk '{print $1}')
for p in "${presets[@]}"; do
  for v in "${views[@]}"; do
    shot "$dir/views/$p-$v.png" --preset "$p" --view "$v"
  done
  # A later step: the running sum, highlights and the arithmetic cell move.
  for v in scatter arithmetic matrix flip all; do
    shot "$dir/steps/$p-$v-step2.png" --preset "$p" --view "$v" --step 2
  done
done
# Presenter looks: large text, light theme, the standard palette, sizes.
for v in "${views[@]}"; do
  shot "$dir/looks/dcgan-$v-light-fs2.5.png" --preset dcgan --view "$v" --size 1920x1080 \
    --font-scale 2.5 --light
  shot "$dir/looks/groups-$v-standard-fs1.5.png" --preset groups --view "$v" --size 1024x768 \
    --font-scale 1.5 --palette standard --step 3
done
# Exports: each scale, the view alone, transparent, a GIF and frames.
for s in 1 2 3 4; do
  shot "$dir/export/d2l-basic-all-scale$s.png" --preset d2l-basic --size 640x400 --scale "$s"
  shot "$dir/export/dcgan-matrix-only-scale$s.png" --preset dcgan --view matrix --only-view \
    --size 480x360 --scale "$s" --step 5
done
shot "$dir/export/dcgan-scatter-only-transparent.png" --preset dcgan --view scatter --only-view \
  --size 800x600 --scale 2 --transparent --light
shot "$dir/export/d2l-stride-all-transparent.png" --preset d2l-stride --size 640x400 --transparent
"$studio" --preset ca-padding-strides --view arithmetic --only-view --size 640x480 \
  --export-gif "$dir/export/ca-padding-strides-arithmetic.gif" --delay-ms 400 >/dev/null ||
  echo "FAILED: the GIF"
"$studio" --preset dcgan --export-frames "$dir/export/dcgan-frames" --from 0 --to 5 --scale 2 \
  --size 640x400 >/dev/null || echo "FAILED: the frames"
echo "$(find "$dir" -name '*.png' -o -name '*.gif' | wc -l) pictures in $dir"
