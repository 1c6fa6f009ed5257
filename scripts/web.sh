#!/usr/bin/env bash
# tconv-studio in the browser: install what is missing, build the static site
# into build-web/ (index.html, tconv.js, tconv.wasm, tconv.data) and serve it
# on http://127.0.0.1:${PORT:-8080}/.
#
#   bash scripts/web.sh           set up, build, serve
#   bash scripts/web.sh --build   set up and build only
#
# build-web/ holds the site and nothing else, so it can be published as it
# is; the emscripten CMake tree and the fetched library sources live in
# build-wasm/.
set -euo pipefail
cd "$(dirname "$0")/.."
build_only=0
for arg in "$@"; do
  case $arg in
    --build) build_only=1 ;;
    *) echo "usage: bash scripts/web.sh [--build]" >&2; exit 2 ;;
  esac
done

tree=build-wasm
site=$PWD/build-web
# NAME=PATH lines: where Dear ImGui's and giflib's sources were unpacked.
sources_out=$(bash scripts/setup-web.sh "$tree")
mapfile -t sources <<<"$sources_out"

# emcc's JS optimizer needs acorn, which Debian's node finds by itself and a
# node installed elsewhere (first on PATH) finds only through NODE_PATH.
export NODE_PATH=${NODE_PATH:+$NODE_PATH:}/usr/share/nodejs
# Debian's emscripten ships its system libraries prebuilt (a frozen cache) and
# GLFW as JavaScript: nothing is downloaded or built outside the tree.
start=$(date +%s)
emcmake cmake -S . -B "$tree" -DCMAKE_BUILD_TYPE=Release "${sources[@]/#/-D}" \
  -DTCONV_WEB_SITE_DIR="$site" >/dev/null
# The studio, as the site.
target=tconv-studio
cmake --build "$tree" -j"$(nproc)" --target "$target"
echo "web: built $site in $(($(date +%s) - start)) s (KiB, gzip -9 KiB):"
gz_total=0
for f in "$site"/*; do
  gz=$(gzip -9c "$f" | wc -c)
  gz_total=$((gz_total + gz))
  printf '  %6d %6d  %s\n' $(($(stat -c %s "$f") / 1024)) $((gz / 1024)) "${f##*/}"
done
printf '  %6s %6d  all, as a static host would serve them compressed\n' "" $((gz_total / 1024))

if ((build_only)); then exit 0; fi
port=${PORT:-8080}
echo "web: serving $site at http://127.0.0.1:$port/ (Ctrl+C stops)"
exec python3 -m http.server "$port" --bind 127.0.0.1 --directory "$site"
