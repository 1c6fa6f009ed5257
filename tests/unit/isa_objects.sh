#!/usr/bin/env bash
# Checks one instruction set's kernel object (core/src/kernels/kernels_<isa>.cpp):
#
# 1. Symbols: everything it defines for the linker lives in its own
#    namespace (tconv::kernels::<isa>). A weak symbol outside it (a std:: or
#    Eigen template instantiated out of line) has the same name in every
#    object that uses it, and the linker keeps one copy for the whole
#    program: AVX-512 code could then run on the generic path or anywhere
#    else in the program, or SSE code on the AVX-512 path.
# 2. Instructions: the generic object has no VEX/EVEX instruction (nothing a
#    pre-AVX CPU lacks), the avx2 one uses ymm and FMA but no AVX-512
#    register, the avx512 one uses zmm.
#
# Usage: isa_objects.sh ISA OBJECT_FILE
set -euo pipefail
isa=$1
obj=$2

fail() {
  echo "FAIL ($isa): $*" >&2
  exit 1
}
[[ -f $obj ]] || fail "no object file $obj"

# Defined, externally visible symbols (not local ones: t, d, b, r lower case).
stray=$(nm --defined-only -C "$obj" | awk '$2 ~ /^[A-Z]$|^[uVvWw]$/ { $1 = ""; $2 = ""; print }' |
  grep -v -E "^ *tconv::kernels::$isa::|^ *tconv::kernels::${isa}_table\(\)$" |
  grep -v -E '^ *DW\.ref\.__gxx_personality_v0$' || true)
[[ -z $stray ]] || fail "symbols outside its namespace (the linker may merge them):
$stray"

asm=$(objdump -d --no-show-raw-insn "$obj" | awk -F'\t' 'NF >= 2 { print $2 }')
has() { grep -q -E "$1" <<<"$asm"; }
case $isa in
  generic)
    ! has '^v[a-z]' || fail "VEX/EVEX instructions: $(grep -E '^v[a-z]' <<<"$asm" | sort -u | head -5 | tr '\n' ' ')"
    ;;
  avx2)
    ! has '%zmm|%k[0-7]|\{1to' || fail "AVX-512 instructions in the avx2 object"
    has '%ymm' || fail "no ymm instruction"
    has '^vfmadd' || fail "no FMA instruction"
    ;;
  avx512)
    has '%zmm' || fail "no zmm instruction"
    has '^vfmadd' || fail "no FMA instruction"
    ;;
  *)
    fail "unknown isa"
    ;;
esac
echo "$isa: $(wc -l <<<"$asm") instructions, every symbol in tconv::kernels::$isa"
