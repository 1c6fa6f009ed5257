#!/usr/bin/env bash
# Set-up for the browser build: the Debian packages it needs (through
# setup.sh --web), then the sources of the libraries the desktop links from
# Debian's binary packages, from Debian's own source packages of exactly the
# installed versions: Dear ImGui (libimgui-dev) and giflib (libgif-dev). apt's
# own client fetches them into the build tree with a private configuration
# there (deb-src entries, its own lists and cache), so the system's sources stay
# as they are. A second run finds the unpacked trees and fetches nothing.
#
#   bash scripts/setup-web.sh [WASM_BUILD_DIR]   (default: build-wasm)
#
# Prints on stdout one CMake cache definition per library, NAME=PATH
# (TCONV_IMGUI_SOURCE_DIR=…, TCONV_GIFLIB_SOURCE_DIR=…); all else goes to stderr.
set -euo pipefail
cd "$(dirname "$0")/.."
tree=${1:-build-wasm}
mkdir -p "$tree/_deps"
deps=$(cd "$tree/_deps" && pwd)

bash scripts/setup.sh --web >&2

# source package, binary package whose version it must match, version when
# that binary package is not installed, CMake variable, a file the tree has.
LIBS=(
  "imgui libimgui-dev 1.86+ds-1 TCONV_IMGUI_SOURCE_DIR backends/imgui_impl_glfw.cpp"
  "giflib libgif-dev 5.2.1-2.5 TCONV_GIFLIB_SOURCE_DIR gif_lib.h"
)

# The source version of the installed binary package (1.86+ds-1 for Debian
# 12's 1.86+ds-1+b1 binNMU).
source_version() {
  local v
  v=$(dpkg-query -W -f='${source:Version}' "$1" 2>/dev/null || true)
  echo "${v:-$2}"
}

# dpkg-source unpacks <source>-<upstream version without epoch and revision>.
unpacked_dir() {
  local upstream=${2#*:}
  echo "$deps/$1-${upstream%-*}"
}

# "URI SUITE" of the archive that carries the installed binary package (apt's
# own view of the system's sources); Debian's main mirror and this release's
# codename where apt has no lists (a container with its lists removed).
origin() {
  local o
  o=$(apt-cache policy "$1" 2>/dev/null |
    awk '$1 ~ /^[0-9]+$/ && $2 ~ /^(https?|file):/ && $3 ~ /\/main$/ { print $2, $3; exit }')
  if [[ -n $o ]]; then
    echo "${o%/main}"
  else
    (. /etc/os-release && echo "http://deb.debian.org/debian ${VERSION_CODENAME:-bookworm}")
  fi
}

missing=()
for lib in "${LIBS[@]}"; do
  read -r src bin fallback var probe <<<"$lib"
  version=$(source_version "$bin" "$fallback")
  dir=$(unpacked_dir "$src" "$version")
  if [[ -f $dir/$probe && $(cat "$deps/$src.version" 2>/dev/null) == "$version" ]]; then
    echo "setup-web: $src $version sources present in $dir" >&2
  else
    missing+=("$lib")
  fi
done

if ((${#missing[@]})); then
  apt_dir=$deps/apt
  rm -rf "$apt_dir"
  mkdir -p "$apt_dir/sources.list.d" "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial"
  for lib in "${missing[@]}"; do
    read -r src bin fallback var probe <<<"$lib"
    echo "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $(origin "$bin") main"
  done | sort -u >"$apt_dir/sources.list"
  opts=(
    -o "Dir::Etc::SourceList=$apt_dir/sources.list"
    -o "Dir::Etc::SourceParts=$apt_dir/sources.list.d"
    -o "Dir::State::Lists=$apt_dir/lists"
    -o "Dir::Cache=$apt_dir/cache"
    # apt's download sandbox user (_apt) may not be able to enter the build
    # tree (a home directory); files are checked against the signed index anyway.
    -o "APT::Sandbox::User=$(id -un)"
  )
  echo "setup-web: apt-get update with $apt_dir/sources.list:" >&2
  sed 's/^/  /' "$apt_dir/sources.list" >&2
  apt-get "${opts[@]}" -qq update >&2
  for lib in "${missing[@]}"; do
    read -r src bin fallback var probe <<<"$lib"
    version=$(source_version "$bin" "$fallback")
    dir=$(unpacked_dir "$src" "$version")
    rm -rf "$dir"
    echo "setup-web: apt-get source $src=$version" >&2
    (cd "$deps" && apt-get "${opts[@]}" -qq source "$src=$version" >&2)
    if [[ ! -f $dir/$probe ]]; then
      echo "setup-web: apt-get source $src=$version did not unpack $dir/$probe" >&2
      exit 1
    fi
    echo "$version" >"$deps/$src.version"
  done
  # Only the unpacked trees are needed from now on.
  rm -rf "$apt_dir" "$deps"/*.dsc "$deps"/*.tar.*
fi

for lib in "${LIBS[@]}"; do
  read -r src bin fallback var probe <<<"$lib"
  echo "$var=$(unpacked_dir "$src" "$(source_version "$bin" "$fallback")")"
done
