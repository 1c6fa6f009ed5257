#!/usr/bin/env bash
# Writes the scripts `tconv translate --code FRAMEWORK` gives for each spec and
# runs them all in one Python (run_scripts.py): the PyTorch ones with Debian's
# python3-torch (each asserts PyTorch's result matches tconv's output), the
# TensorFlow, ONNX and JAX ones against the stand-ins in tests/cli/standins
# (each framework's definition computed with torch: the real frameworks are
# not installable here). A framework with no equivalent layer writes a
# comment instead, which is shown. Exits 77 (CTest's SKIP_RETURN_CODE) when
# that Python has no torch, so a normal run never needs it.
# Usage: python_translate.sh TCONV OUT_DIR SPEC.json...
set -euo pipefail
tconv=$1 out=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
python=${TCONV_PYTHON:-/usr/bin/python3}
if ! "$python" -c 'import torch, numpy' >/dev/null 2>&1; then
  echo "SKIPPED: $python cannot import torch and numpy (apt install python3-torch)"
  exit 77
fi
mkdir -p "$out"
scripts=()
for spec in "$@"; do
  name=$(basename "$spec" .json)
  for fw in pytorch tensorflow onnx jax; do
    script="$out/$name.$fw.py"
    "$tconv" translate --code "$fw" "$spec" >"$script"
    if grep -q '^# .*: no equivalent layer' "$script"; then
      echo "$name.$fw.py: $(sed -n 2p "$script")"
    else
      scripts+=("$script")
    fi
  done
done
# Without values: seeded random tensors, the layer alone (one spec is enough).
for fw in pytorch tensorflow onnx jax; do
  script="$out/no_values.$fw.py"
  "$tconv" translate --no-values --code "$fw" "$here/data/frameworks/tf_same_k3_s2.json" >"$script"
  scripts+=("$script")
done
"$python" "$here/run_scripts.py" "${scripts[@]}"
