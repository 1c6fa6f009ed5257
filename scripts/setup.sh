#!/usr/bin/env bash
# Installs every Debian 12 package tconv-studio needs, and only what is missing,
# so running it again is quick and harmless. Run as root (or with sudo available).
set -euo pipefail

PKGS=(
  build-essential cmake pkg-config git
  libeigen3-dev
  libimgui-dev libglfw3-dev python3-glad libstb-dev libgif-dev
  nlohmann-json3-dev libcli11-dev
  libgtest-dev libbenchmark-dev
  xvfb xauth xdotool fonts-dejavu-core
  qemu-user
  # Robustness: libFuzzer and the sanitizers (scripts/fuzz.sh, test.sh --sanitize),
  # Xlib and strace for the GUI monkey test.
  clang libclang-rt-14-dev libx11-dev strace
)
# The browser build and its tests (scripts/setup-web.sh passes --web): Debian's
# emscripten, dpkg-dev and the archive keyring to fetch and unpack Dear ImGui's
# source package, and a headless browser driven by selenium.
if [[ " $* " == *" --web "* ]]; then
  PKGS+=(emscripten dpkg-dev debian-archive-keyring chromium chromium-driver python3-selenium)
fi
# Optional extras: the PyTorch oracle (golden generator, export check, bench comparison).
if [[ "${TCONV_WITH_TORCH:-0}" == 1 ]]; then
  PKGS+=(python3-torch libopenblas0-pthread)
fi

missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]} == 0)); then
  echo "setup: all ${#PKGS[@]} packages present"
  exit 0
fi

SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
