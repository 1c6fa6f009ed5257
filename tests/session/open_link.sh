#!/usr/bin/env bash
# tconv-studio --open: a readable link opens its state, and the s= link of
# that state (the session JSON in base64url, as the browser's "Share link"
# makes it) reopens it byte for byte. No window: --save-session writes and exits.
#   open_link.sh STUDIO OUT_DIR
set -euo pipefail
studio=$1 out=$2
mkdir -p "$out"
"$studio" --open 'https://example.org/tconv/#preset=d2l-stride&stride=2,1&padding=1&view=matrix&step=2' \
  --save-session "$out/link-a.json"
grep -q '"stride": \[2, 1\], "padding": \[1, 1\]' "$out/link-a.json"
grep -q '"view": "matrix",' "$out/link-a.json"
grep -q '"step": 1,' "$out/link-a.json"  # step=2 on screen: index 1 in the file
s=$(basenc --base64url -w0 <"$out/link-a.json" | tr -d '=')
"$studio" --open "#s=$s" --save-session "$out/link-b.json"
cmp "$out/link-a.json" "$out/link-b.json"
echo "OK: --open reopens the s= link of its own state"
