#!/usr/bin/env bash
# Runs the studio with bad input and checks it fails cleanly: exit code 2,
# exactly one line on stderr, matching REGEX, nothing on stdout.
# Usage: expect_error.sh REGEX COMMAND [ARGS...]
set -uo pipefail
regex=$1
shift
out=$(mktemp) err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT
"$@" >"$out" 2>"$err"
rc=$?
lines=$(wc -l <"$err")
fail=0
if [[ $rc -ne 2 ]]; then echo "exit code $rc, expected 2"; fail=1; fi
if [[ $lines -ne 1 ]]; then echo "stderr has $lines lines, expected 1"; fail=1; fi
if ! grep -Eq -- "$regex" "$err"; then echo "stderr does not match /$regex/"; fail=1; fi
if [[ -s $out ]]; then echo "unexpected stdout:"; cat "$out"; fail=1; fi
echo "stderr: $(cat "$err")"
exit $fail
