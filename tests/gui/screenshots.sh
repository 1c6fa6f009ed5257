#!/usr/bin/env bash
# One preset, every view: a single studio process writes DIR/<view>.png for
# each view (--screenshot-all-views), then each PNG is checked for size and
# content. Usage: screenshots.sh STUDIO PNG_CHECK PRESET DIR [WxH] [extra flags...]
set -euo pipefail
studio=$1 check=$2 preset=$3 dir=$4 size=${5:-1280x800}
shift 5 || shift $#
rm -rf "$dir" && mkdir -p "$dir"
# The Xvfb screen is larger than any window we ask for, so GLFW never clips it.
bash "$(dirname "$0")/../xvfb_run.sh" 2560x1600x24 \
  "$studio" --preset "$preset" --size "$size" --screenshot-all-views "$dir" "$@"
w=${size%x*} h=${size#*x}
status=0
for view in scatter arithmetic matrix flip shape overlap frameworks all; do
  "$check" "$dir/$view.png" "$w" "$h" || status=1
done
# At the default size and font, a single view fills x 341..1280, y 42..725:
# the middle of that must hold the view's own drawing, not just background.
if [[ $size == 1280x800 && $# -eq 0 ]]; then
  for view in scatter arithmetic matrix flip shape overlap frameworks; do
    "$check" "$dir/$view.png" "$w" "$h" colours=8 fg=1 region=360,80,1260,700 || status=1
  done
fi
exit $status
