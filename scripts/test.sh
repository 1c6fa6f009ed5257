#!/usr/bin/env bash
# Set up (install missing Debian packages), build, and run the whole test suite,
# the browser tests included (TCONV_WEB=0 does not build the site: the web.*
# tests then use whatever build-web/ holds, or report SKIP without one).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --web
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release
cmake --build build -j"$(nproc)"
# The static site (build-web/) that ctest's web.* tests drive in headless Chromium.
if [[ ${TCONV_WEB:-1} != 0 ]]; then
  bash scripts/web.sh --build
fi
cd build && ctest --output-on-failure -j"$(nproc)"
