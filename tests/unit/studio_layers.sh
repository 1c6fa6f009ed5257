#!/usr/bin/env bash
# The studio's layers (app/studio/README.md), bottom to top:
#   platform < model < ui < views < panels < export < shell
# A file includes headers of its own folder and of folders below it, never
# of one above (each library's include path already stops most of that; this
# also catches "../" paths and a header moved to the wrong folder). Also:
# header names are unique across folders (includes are by name), the model
# uses no GL, GLFW or ImGui, and the top folder holds only main.cpp.
# Usage: studio_layers.sh APP_STUDIO_DIR
set -euo pipefail
root=${1:?usage: studio_layers.sh APP_STUDIO_DIR}
layers=(platform model ui views panels export shell)
declare -A rank owner
status=0
complain() {
  echo "$*"
  status=1
}

for i in "${!layers[@]}"; do rank[${layers[$i]}]=$i; done
for d in "${layers[@]}"; do
  [[ -d $root/$d ]] || continue
  while IFS= read -r h; do
    name=$(basename "$h")
    [[ -n ${owner[$name]:-} ]] && complain "$name is in both ${owner[$name]}/ and $d/"
    owner[$name]=$d
  done < <(find "$root/$d" -name '*.h')
done

for d in "${layers[@]}"; do
  [[ -d $root/$d ]] || continue
  while IFS= read -r f; do
    rel=${f#"$root"/}
    while IFS= read -r inc; do
      [[ $inc == *../* ]] && complain "$rel: #include \"$inc\" climbs out of its folder"
      o=${owner[$(basename "$inc")]:-}
      [[ -z $o ]] && continue  # core (tconv/...) or a library
      if ((rank[$o] > rank[$d])); then
        complain "$rel includes $inc from $o/, a layer above $d/"
      fi
    done < <(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$f")
    if [[ $d == model ]] && grep -Eq '^[[:space:]]*#[[:space:]]*include[[:space:]]*<(imgui|GLFW/|glad/|GL/|GLES)' "$f"; then
      complain "$rel: the model includes GL, GLFW or ImGui"
    fi
  done < <(find "$root/$d" -name '*.h' -o -name '*.cpp')
done

while IFS= read -r f; do
  case $(basename "$f") in
    main.cpp | CMakeLists.txt | README.md) ;;
    *) complain "${f#"$root"/}: only main.cpp belongs at the top of app/studio (a file goes in its layer's folder)" ;;
  esac
done < <(find "$root" -maxdepth 1 -type f)
for d in "$root"/*/; do
  name=$(basename "$d")
  [[ -n ${rank[$name]:-} ]] || complain "app/studio/$name/ is not a layer (${layers[*]})"
done

((status == 0)) && echo "studio layers: ok (${layers[*]})"
exit $status
