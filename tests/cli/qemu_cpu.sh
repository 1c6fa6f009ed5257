#!/usr/bin/env bash
# The default tconv on older x86-64 CPUs, emulated by qemu-user (Debian's
# qemu-user): a Nehalem (SSE4.2, no AVX) must run the generic path, a Haswell
# (AVX2 + FMA, no AVX-512) the avx2 one, both without an illegal instruction,
# and both kernels of the gemm method (direct and GEMM + col2im) must give the
# scatter method's output exactly (the specs hold small integers, so every
# summation order gives the same floats).
#
# Usage: qemu_cpu.sh TCONV_BINARY DATA_DIR
# Prints "SKIPPED: ..." and exits 0 when qemu-x86_64 is missing or the binary
# is sanitized (CTest reports the test as skipped on that line).
set -euo pipefail
tconv=$1
data=$2

if ! command -v qemu-x86_64 >/dev/null; then
  echo "SKIPPED: qemu-x86_64 not found (install Debian's qemu-user)"
  exit 0
fi
if [[ $(uname -m) != x86_64 ]]; then
  echo "SKIPPED: not an x86-64 host"
  exit 0
fi
# The instruction sets are the release build's question; an ASan binary
# under qemu-user hangs (LeakSanitizer's stop-the-world at exit needs ptrace,
# which qemu-user does not emulate).
# (nm's output is read whole: grep -q would stop reading it, and pipefail
# would then count nm's SIGPIPE as a failure.)
dynsyms=$(nm -D "$tconv" 2>/dev/null || true)
if [[ $dynsyms == *" __asan_init"* ]]; then
  echo "SKIPPED: $tconv is built with AddressSanitizer (the release build runs this test)"
  exit 0
fi

fail() {
  echo "FAIL: $*" >&2
  exit 1
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The reference: scatter, run natively.
for spec in isa_direct isa_gemm; do
  sed 's/}$/,"method":"scatter"}/' "$data/$spec.json" >"$tmp/$spec.scatter.json"
  "$tconv" forward "$tmp/$spec.scatter.json" >"$tmp/$spec.expected"
done

bench_args=(bench --input 2,8,6,6 --weight 8,2,3,3 --stride 2 --padding 1 --groups 4 --repeat 1)
for cpu_isa in Nehalem:generic Haswell:avx2; do
  cpu=${cpu_isa%%:*} isa=${cpu_isa#*:}
  run=(qemu-x86_64 -cpu "$cpu" "$tconv")
  for spec in isa_direct isa_gemm; do
    "${run[@]}" forward "$data/$spec.json" >"$tmp/$spec.$cpu" ||
      fail "$cpu: tconv forward $spec.json exited with $?"
    cmp -s "$tmp/$spec.expected" "$tmp/$spec.$cpu" ||
      fail "$cpu: tconv forward $spec.json differs from the scatter method's output"
  done
  out=$("${run[@]}" "${bench_args[@]}") || fail "$cpu: tconv bench exited with $?"
  [[ $out == *"\"isa\":\"$isa\""* ]] || fail "$cpu: tconv bench chose another path than $isa: $out"
  echo "$cpu: isa $isa, both kernels match scatter"
done

# A path the CPU lacks: one stderr line, status 2.
set +e
err=$(TCONV_ISA=avx2 qemu-x86_64 -cpu Nehalem "$tconv" "${bench_args[@]}" 2>&1 >/dev/null)
rc=$?
set -e
[[ $rc == 2 ]] || fail "TCONV_ISA=avx2 on a Nehalem: status $rc, expected 2"
[[ $err == "tconv: error: TCONV_ISA=avx2: this CPU lacks AVX2 and FMA (paths here: generic)" ]] ||
  fail "TCONV_ISA=avx2 on a Nehalem: stderr '$err'"
echo "Nehalem: TCONV_ISA=avx2 refused: $err"
