#!/usr/bin/env bash
# The gemm method compiled to WebAssembly SIMD128 (Emscripten) and run under
# Node, against the same program built natively on the generic (baseline
# x86-64) path: the README's four shapes, one thread each, in alternating
# rounds. Prints both medians per shape and wasm ms / native ms.
#
#   tests/bench/wasm_bench.sh [NATIVE_BUILD_DIR] [ROUNDS]
#
# NATIVE_BUILD_DIR (default build) holds bin/tconv_gemm_shapes (the
# tconv_gemm_shapes target). The wasm side is configured with core's own
# CMakeLists.txt through emcmake (which adds -msimd128 for core), in
# build-wasm-bench/, and linked with emcc; Debian's emscripten 3.1.6 and Node
# (/usr/bin/node) are used. Not a test: the figures are for the README.
set -euo pipefail
cd "$(dirname "$0")/../.."
native_dir=${1:-build}
rounds=${2:-5}
wasm_dir=build-wasm-bench
node=/usr/bin/node

native=$native_dir/bin/tconv_gemm_shapes
[[ -x $native ]] || {
  echo "wasm_bench: no $native (cmake --build $native_dir --target tconv_gemm_shapes)" >&2
  exit 2
}
for tool in emcmake emcc "$node"; do
  command -v "$tool" >/dev/null || {
    echo "wasm_bench: $tool not found (Debian: emscripten, nodejs)" >&2
    exit 2
  }
done
# Emscripten's JS optimizer needs Debian's node modules when another node
# comes first on PATH.
export NODE_PATH=${NODE_PATH:-/usr/share/nodejs}

emcmake cmake -S . -B "$wasm_dir" -DCMAKE_BUILD_TYPE=Release -DTCONV_BUILD_STUDIO=OFF \
  -DTCONV_BUILD_TESTS=OFF -DCMAKE_FIND_ROOT_PATH_MODE_PACKAGE=BOTH \
  -DCMAKE_FIND_ROOT_PATH_MODE_INCLUDE=BOTH >/dev/null
cmake --build "$wasm_dir" --target tconv_core -j2 >/dev/null
grep -q -- '-msimd128' "$wasm_dir/compile_commands.json" || {
  echo "wasm_bench: core was not compiled with -msimd128" >&2
  exit 1
}
# Single-threaded (no -pthread): the native side runs one thread too. The
# pre-js hides Node's fetch from Emscripten 3.1.6's loader, which would try
# to fetch the .wasm file as a URL under Node 18+.
echo 'var fetch;' >"$wasm_dir/no_fetch.js"
emcc -O3 -msimd128 -std=c++20 -Icore/include -isystem /usr/include/eigen3 \
  tests/bench/gemm_shapes.cpp "$wasm_dir/libtconv_core.a" -sENVIRONMENT=node \
  -sALLOW_MEMORY_GROWTH=1 --pre-js "$wasm_dir/no_fetch.js" -o "$wasm_dir/gemm_shapes.js"

echo "native: $native (TCONV_ISA=generic), $(lscpu | sed -n 's/^Model name: *//p')"
echo "wasm:   emcc $(emcc --version 2>/dev/null | head -1 | grep -o -E '[0-9]+\.[0-9]+\.[0-9]+' | tail -1), node $($node --version)" \
  "($(dpkg-query -W -f='${Package} ${Version}' nodejs 2>/dev/null || echo "$node"))"
out=$(mktemp)
trap 'rm -f "$out"' EXIT
for ((r = 0; r < rounds; ++r)); do
  if ((r % 2 == 0)); then sides="native wasm"; else sides="wasm native"; fi
  for side in $sides; do
    if [[ $side == native ]]; then
      TCONV_ISA=generic "$native" --repeat 5 --threads 1 | sed 's/^/native /' >>"$out"
    else
      "$node" "$wasm_dir/gemm_shapes.js" --repeat 5 --threads 1 | sed 's/^/wasm /' >>"$out"
    fi
  done
done
python3 - "$out" "$rounds" <<'EOF'
import json, statistics, sys
rows = {}
for line in open(sys.argv[1]):
    side, rec = line.split(" ", 1)
    r = json.loads(rec)
    rows.setdefault(r["shape"], {}).setdefault(side, []).append(r)
print(f"{sys.argv[2]} alternating rounds of 5 runs after a warm-up: median over rounds of each "
      "round's median, and the fastest run")
print(f"{'shape':<6}{'native ms':>10}{'GF/s':>7}{'wasm ms':>10}{'GF/s':>7}{'wasm/native':>13}"
      f"{'native min':>12}{'wasm min':>10}{'ratio':>7}")
for s in sorted(rows):
    nat, was = rows[s]["native"], rows[s]["wasm"]
    n = statistics.median(r["median_ms"] for r in nat)
    w = statistics.median(r["median_ms"] for r in was)
    gn = statistics.median(r["gflops"] for r in nat)
    gw = statistics.median(r["gflops"] for r in was)
    nmin = min(r["min_ms"] for r in nat)
    wmin = min(r["min_ms"] for r in was)
    print(f"{s:<6}{n:10.2f}{gn:7.1f}{w:10.2f}{gw:7.1f}{w / n:13.2f}{nmin:12.2f}{wmin:10.2f}"
          f"{wmin / nmin:7.2f}   ({nat[0]['isa']} vs {was[0]['isa']})")
EOF
