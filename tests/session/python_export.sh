#!/usr/bin/env bash
# Writes the PyTorch script for one state (--preset NAME or --session FILE)
# and runs it with Debian's python3-torch: the script asserts that PyTorch's
# output matches the studio's. Exits 77 (CTest SKIP_RETURN_CODE) when that
# Python has no torch, so a normal test run never needs it.
# Usage: python_export.sh STUDIO OUT.py --preset NAME | --session FILE
set -euo pipefail
studio=$1 out=$2
shift 2
python=${TCONV_PYTHON:-/usr/bin/python3}
if ! "$python" -c 'import torch' >/dev/null 2>&1; then
  echo "SKIPPED: $python cannot import torch (apt install python3-torch)"
  exit 77
fi
mkdir -p "$(dirname "$out")"
rm -f "$out"
"$studio" "$@" --export-python "$out"
"$python" "$out" | tail -n 1
