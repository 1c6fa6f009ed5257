#!/usr/bin/env bash
# Set up, build, and start the studio. Without a display it runs under Xvfb
# (the window is then invisible; use --screenshot to see what it draws).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release
cmake --build build -j"$(nproc)" --target tconv-studio tconv
if [[ -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" ]]; then
  echo "note: no display found; starting tconv-studio under xvfb-run (a virtual display)." >&2
  exec xvfb-run -a -s "-screen 0 1280x800x24" build/bin/tconv-studio "$@"
fi
exec build/bin/tconv-studio "$@"
