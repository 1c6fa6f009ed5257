#!/usr/bin/env bash
# The Frameworks view for its presets at the looks a lecture uses (dark at
# 1920×1080, light with 2× text, a small window) and its PNG export alone at
# scale 2: each picture has the right size and is not blank.
# Usage: frameworks.sh STUDIO PNG_CHECK EXPORT_CHECK DIR
set -euo pipefail
if [[ -z ${FRAMEWORKS_INNER:-} ]]; then
  exec env FRAMEWORKS_INNER=1 bash "$(dirname "$0")/../xvfb_run.sh" 2560x1600x24 bash "$0" "$@"
fi
studio=$1 check=$2 export_check=$3 dir=$4
rm -rf "$dir"
mkdir -p "$dir"
status=0
shot() {  # shot PRESET NAME WxH FLAGS...: the view, then png_check on its region
  local preset=$1 name=$2 size=$3
  shift 3
  "$studio" --preset "$preset" --view frameworks --size "$size" --screenshot "$dir/$name.png" "$@"
  local w=${size%x*} h=${size#*x}
  # Right of the parameter panel and below the bar: the view's own drawing.
  "$check" "$dir/$name.png" "$w" "$h" colours=8 fg=1 \
    "region=$((w * 2 / 5)),$((h / 10)),$((w - 20)),$((h * 9 / 10))" || status=1
}
shot fw-tf-same-k3s2 k3s2-dark 1920x1080
shot fw-onnx-same-upper-lower onnx-presenter 1920x1080 --font-scale 2 --light
shot fw-tf-same-k4s2 k4s2-small 900x600
# Export PNG of the view alone, at scale 2.
"$studio" --preset fw-tf-same-k3s2 --view frameworks --only-view --size 800x600 --scale 2 \
  --screenshot "$dir/export.png"
"$export_check" png "$dir/export.png" 1600 1200 || status=1
exit $status
