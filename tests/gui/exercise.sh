#!/usr/bin/env bash
# Exercise mode headless: every kind's question and reveal as a screenshot
# (--exercise KIND --seed S --level L [--reveal] --screenshot), at font
# scale 1, and at 2 the reveals and the clicked questions; each PNG checked for size and content, and the same
# question twice giving the same pixels (seeded). exercise_keys.sh drives
# the mode in a window.
# Usage: exercise.sh STUDIO PNG_CHECK DIR
set -euo pipefail
if [[ -z ${EXERCISE_INNER:-} ]]; then
  exec env EXERCISE_INNER=1 bash "$(dirname "$0")/../xvfb_run.sh" 2560x1600x24 bash "$0" "$@"
fi
studio=$1 check=$2 dir=$3
rm -rf "$dir" && mkdir -p "$dir"
export TCONV_CONFIG_DIR=$(mktemp -d)
trap 'rm -rf "$TCONV_CONFIG_DIR"' EXIT
status=0
kinds="shape value feeders output_padding params matrix checkerboard"
for scale in 1 2; do
  size=1280x800 level=2
  [[ $scale == 2 ]] && size=1920x1080 level=3
  w=${size%x*} h=${size#*x}
  for kind in $kinds; do
    modes="question reveal"
    # At scale 2, the questions with grids to click and every reveal.
    [[ $scale == 2 && $kind != feeders && $kind != matrix ]] && modes=reveal
    for mode in $modes; do
      png=$dir/$kind-$mode-x$scale.png
      flags=()
      [[ $mode == reveal ]] && flags=(--reveal)
      "$studio" --exercise "$kind" --seed 3 --level "$level" --font-scale "$scale" \
        --size "$size" "${flags[@]}" --screenshot "$png"
      # The tile right of the panel holds the question or the view.
      "$check" "$png" "$w" "$h" colours=6 fg=1 \
        region=$((w * 35 / 100)),$((h / 10)),$((w - 20)),$((h * 8 / 10)) || status=1
    done
  done
done
# Seeded: the same flags draw the same question.
"$studio" --exercise matrix --seed 3 --level 2 --screenshot "$dir/again.png"
cmp -s "$dir/again.png" "$dir/matrix-question-x1.png" || {
  echo "matrix seed 3 drew different pixels twice"
  status=1
}
exit $status
