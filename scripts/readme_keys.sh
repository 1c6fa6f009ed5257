#!/usr/bin/env bash
# README.md's key list is generated from the studio's key table
# (app/studio/shell/keymap.cpp) through `tconv-studio --print-keys`:
#
#   scripts/readme_keys.sh [STUDIO] [README]           rewrite the list
#   scripts/readme_keys.sh --check [STUDIO] [README]   exit 1 (with a diff) when it differs
#
# The list sits between the lines "<!-- keys:begin ... -->" and
# "<!-- keys:end -->". STUDIO defaults to build/bin/tconv-studio.
set -euo pipefail
check=0
if [[ ${1:-} == --check ]]; then
  check=1
  shift
fi
root=$(cd "$(dirname "$0")/.." && pwd)
studio=${1:-$root/build/bin/tconv-studio}
readme=${2:-$root/README.md}
if ! grep -q '^<!-- keys:begin' "$readme" || ! grep -q '^<!-- keys:end -->' "$readme"; then
  echo "readme_keys.sh: $readme has no <!-- keys:begin --> / <!-- keys:end --> markers" >&2
  exit 2
fi
keys=$(mktemp)
new=$(mktemp)
trap 'rm -f "$keys" "$new"' EXIT
"$studio" --print-keys >"$keys"
# Everything up to the begin marker, the generated list, the end marker on.
awk -v keys="$keys" '
  /^<!-- keys:begin/ { print; while ((getline line < keys) > 0) print line; skip = 1; next }
  /^<!-- keys:end -->/ { skip = 0 }
  !skip { print }
' "$readme" >"$new"
if ((check)); then
  if ! diff -u "$readme" "$new"; then
    echo "README.md's key list differs from the key table: run scripts/readme_keys.sh" >&2
    exit 1
  fi
  exit 0
fi
cp "$new" "$readme"
