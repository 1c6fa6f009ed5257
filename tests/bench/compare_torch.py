#!/usr/bin/python3
"""tconv's gemm method against PyTorch 1.13 on the CPU, shape by shape, on
every instruction set path of tconv's kernels this CPU has (TCONV_ISA).

Both are timed in steady state and ALTERNATELY, so that a noisy shared
machine (other builds, other benchmarks) slows both sides alike:

  each round, for each shape:  TCONV_ISA=<path> tconv bench --repeat R, for
                               each path (its median of R runs, after its
                               own warm-up run)
                               torch: R runs (median, after one warm-up run)
  each round, once:            torch.matmul on 2048 x 2048 float32 (SGEMM),
                               the machine's own reference throughput
  the order flips every round (tconv first, then torch first, ...)

and the figures are the medians over the rounds. Prints one block per path,
one row per shape: both medians, ratio = torch_ms / tconv_ms (> 1: tconv is
faster), GFLOP/s (2 · MACs / time) of both, and tconv's GFLOP/s as a share of
the SGEMM reference.

Torch runs in worker processes (this script with --worker). With --torch-cap,
each path is also compared with a torch limited to that path's instruction
set (oneDNN's DNNL_MAX_CPU_ISA, OpenBLAS's OPENBLAS_CORETYPE, ATen's
ATEN_CPU_CAPABILITY): generic = SSE4.1 / Nehalem / default, avx2 = AVX2 /
Haswell / avx2. That is what a CPU with only that instruction set gives
torch; the plain comparison keeps torch on this CPU's best.

Run it with Debian's python3-torch and libopenblas0-pthread installed
(scripts/setup.sh does with TCONV_WITH_TORCH=1):

  /usr/bin/python3 tests/bench/compare_torch.py --tconv build/bin/tconv
  /usr/bin/python3 tests/bench/compare_torch.py --isa avx2 --shapes d   # one path, one shape
"""
import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time

# name: (input, weight, keyword arguments of F.conv_transpose2d)
SHAPES = {
    "a": ((16, 512, 8, 8), (512, 256, 4, 4), dict(stride=2, padding=1)),
    "b": ((16, 128, 32, 32), (128, 64, 4, 4), dict(stride=2, padding=1)),
    "c": ((4, 64, 64, 64), (64, 32, 2, 2), dict(stride=2)),
    "d": ((4, 64, 32, 32), (64, 8, 3, 3),
          dict(stride=2, padding=1, output_padding=1, groups=8, dilation=2)),
}

FLAGS = {"stride": "--stride", "padding": "--padding", "output_padding": "--output-padding",
         "groups": "--groups", "dilation": "--dilation"}

# Environment limiting torch's libraries to one instruction set.
TORCH_CAPS = {
    "generic": {"DNNL_MAX_CPU_ISA": "SSE41", "ONEDNN_MAX_CPU_ISA": "SSE41",
                "OPENBLAS_CORETYPE": "Nehalem", "ATEN_CPU_CAPABILITY": "default"},
    "avx2": {"DNNL_MAX_CPU_ISA": "AVX2", "ONEDNN_MAX_CPU_ISA": "AVX2",
             "OPENBLAS_CORETYPE": "Haswell", "ATEN_CPU_CAPABILITY": "avx2"},
}

SGEMM_N = 2048


# [SECTION] torch worker: a process with its own environment, fed JSON lines.

def median_ms(f, repeat):
    f()  # warm-up: allocator, oneDNN primitive creation
    ms = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        f()
        ms.append((time.perf_counter() - t0) * 1e3)
    return statistics.median(ms)


def worker(threads):
    import torch

    torch.set_num_threads(threads)
    gen = torch.Generator().manual_seed(0)
    tensors = {s: (torch.randn(x, generator=gen), torch.randn(w, generator=gen))
               for s, (x, w, _) in SHAPES.items()}
    a, b = (torch.randn(SGEMM_N, SGEMM_N, generator=gen) for _ in range(2))
    conv = torch.nn.functional.conv_transpose2d
    for line in sys.stdin:
        req = json.loads(line)
        if "shape" in req:
            x, w = tensors[req["shape"]]
            kw = SHAPES[req["shape"]][2]
            with torch.no_grad():
                reply = {"ms": median_ms(lambda: conv(x, w, **kw), req["repeat"])}
        elif "output_shape" in req:  # of one batch element
            x, w = tensors[req["output_shape"]]
            with torch.no_grad():
                reply = {"shape": list(conv(x[:1], w, **SHAPES[req["output_shape"]][2]).shape[1:])}
        elif "sgemm" in req:
            reply = {"ms": median_ms(lambda: torch.matmul(a, b), req["sgemm"])}
        else:
            reply = {"version": torch.__version__, "threads": torch.get_num_threads()}
        print(json.dumps(reply), flush=True)


class Torch:
    """One worker process; cap: None (torch as installed) or a TORCH_CAPS key."""

    def __init__(self, threads, cap=None):
        env = dict(os.environ, **TORCH_CAPS.get(cap, {}))
        self.proc = subprocess.Popen([sys.executable, os.path.abspath(__file__), "--worker",
                                      str(threads)], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True, env=env)

    def ask(self, req):
        self.proc.stdin.write(json.dumps(req) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            sys.exit("compare_torch: the torch worker died (is python3-torch installed?)")
        return json.loads(line)

    def close(self):
        self.proc.stdin.close()
        self.proc.wait()


# [SECTION] tconv.

def csv(values):
    return ",".join(str(v) for v in values)


def tconv_args(x, w, kw):
    args = ["--input", csv(x), "--weight", csv(w)]
    for key, value in kw.items():
        args += [FLAGS[key], str(value)]
    return args


def run_tconv(binary, isa, args):
    env = dict(os.environ, TCONV_ISA=isa) if isa else os.environ
    return subprocess.run([binary, *args], capture_output=True, text=True, env=env)


def time_tconv(binary, isa, x, w, kw, threads, repeat):
    cmd = ["bench", *tconv_args(x, w, kw), "--method", "gemm", "--threads", str(threads),
           "--repeat", str(repeat)]
    out = run_tconv(binary, isa, cmd)
    if out.returncode != 0:
        sys.exit(f"compare_torch: TCONV_ISA={isa} {binary} {' '.join(cmd)} failed: "
                 f"{out.stderr.strip()}")
    res = json.loads(out.stdout)
    if isa and res.get("isa") != isa:
        sys.exit(f"compare_torch: TCONV_ISA={isa} ran on {res.get('isa')!r}")
    return res


def available_isas(binary):
    """The paths this CPU runs: tconv refuses the others with status 2."""
    probe = ["bench", "--input", "1,1,2,2", "--weight", "1,1,1,1", "--repeat", "1"]
    return [isa for isa in ("generic", "avx2", "avx512")
            if run_tconv(binary, isa, probe).returncode == 0]


def macs(x, w, kw):
    n, cin, h, wd = x
    return n * cin * h * wd * w[1] * w[2] * w[3]


def cpu_name():
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
        for line in out.splitlines():
            if line.startswith("Model name:"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


# [SECTION] The alternating run and its report.

def measure(a, isas, names, torches):
    """times[shape][side] lists one median per round; side: a tconv path,
    "torch", or "torch@<path>" (capped)."""
    times = {s: {} for s in names}
    sgemm, seen_isa = [], {}
    expected = {s: torches["torch"].ask({"output_shape": s})["shape"] for s in names}
    for r in range(a.rounds):
        for s in names:
            xs, ws, kw = SHAPES[s]
            sides = isas + list(torches)
            if r % 2:
                sides.reverse()
            for side in sides:
                if side in torches:
                    res = torches[side].ask({"shape": s, "repeat": a.repeat})
                    times[s].setdefault(side, []).append(res["ms"])
                    continue
                res = time_tconv(a.tconv, side, xs, ws, kw, a.threads, a.repeat)
                seen_isa[side] = res.get("isa", "?")
                if res["output_shape"][1:] != expected[s]:
                    sys.exit(f"compare_torch: shape {s}: tconv gives {res['output_shape']}, "
                             f"torch [N, {expected[s]}]")
                times[s].setdefault(side, []).append(res["median_ms"])
        sgemm.append(torches["torch"].ask({"sgemm": max(3, a.repeat // 2)})["ms"])
    return times, sgemm, seen_isa


def report(a, isas, names, times, sgemm, seen_isa, info):
    sgemm_ms = statistics.median(sgemm)
    sgemm_gf = 2.0 * SGEMM_N ** 3 / sgemm_ms / 1e6
    print(f"machine: {cpu_name()}, {os.cpu_count()} CPUs; load average "
          f"{os.getloadavg()[0]:.1f}; torch {info['version']} ({info['threads']} threads); "
          f"tconv {a.threads} threads; {a.rounds} alternating rounds x {a.repeat} runs, medians")
    print(f"SGEMM reference: torch.matmul {SGEMM_N}x{SGEMM_N} float32, {sgemm_ms:.2f} ms = "
          f"{sgemm_gf:.1f} GFLOP/s")
    worst = {}
    for isa in isas:
        label = seen_isa.get(isa, "?") if isa else f"default ({seen_isa.get(isa, '?')})"
        cap = f"torch@{isa}" if f"torch@{isa}" in times[names[0]] else None
        print(f"\n[{label}]")
        print(f"{'shape':<5} {'input':<17} {'weight':<16} {'tconv ms':>9} {'torch ms':>9} "
              f"{'ratio':>6} " + (f"{'torch@' + isa + ' ms':>14} {'ratio':>6} " if cap else "") +
              f"{'tconv GF/s':>10} {'torch GF/s':>10} {'of SGEMM':>8}")
        for s in names:
            xs, ws, kw = SHAPES[s]
            t_ms = statistics.median(times[s][isa])
            p_ms = statistics.median(times[s]["torch"])
            ratio = p_ms / t_ms
            worst[isa] = min(worst.get(isa, ratio), ratio)
            flop = 2.0 * macs(xs, ws, kw)
            t_gf = flop / t_ms / 1e6
            capped = ""
            if cap:
                c_ms = statistics.median(times[s][cap])
                capped = f"{c_ms:14.3f} {c_ms / t_ms:6.2f} "
            print(f"{s:<5} {'x'.join(map(str, xs)):<17} {'x'.join(map(str, ws)):<16} {t_ms:9.3f} "
                  f"{p_ms:9.3f} {ratio:6.2f} {capped}{t_gf:10.1f} {flop / p_ms / 1e6:10.1f} "
                  f"{100 * t_gf / sgemm_gf:7.1f}%")
            if a.json:
                print(json.dumps({"isa": label, "shape": s, "input": xs, "weight": ws, "args": kw,
                                  "tconv_ms": t_ms, "torch_ms": p_ms, "ratio": ratio,
                                  "tconv_gflops": t_gf, "sgemm_gflops": sgemm_gf,
                                  "rounds": {k: v for k, v in times[s].items()
                                             if k in (isa, "torch", cap)}}))
    print()
    for isa in isas:
        print(f"worst ratio torch/tconv [{seen_isa.get(isa, isa)}]: {worst[isa]:.2f} "
              "(goal >= 1.0)")
    if a.json:
        print(json.dumps({"sgemm_ms": sgemm_ms, "sgemm_gflops": sgemm_gf,
                          "sgemm_ms_rounds": sgemm}))


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--worker":
        return worker(int(sys.argv[2]))
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--tconv", default="build/bin/tconv", help="the tconv binary")
    p.add_argument("--threads", type=int, default=2, help="threads for both (default 2)")
    p.add_argument("--rounds", type=int, default=7, help="alternating rounds (default 7)")
    p.add_argument("--repeat", type=int, default=10, help="timed runs per round (default 10)")
    p.add_argument("--shapes", default=",".join(SHAPES), help="subset, e.g. a,d")
    p.add_argument("--isa", default="all",
                   help="tconv paths (TCONV_ISA), comma-separated, 'all' (every path this CPU "
                        "has, the default) or 'default' (TCONV_ISA unset)")
    p.add_argument("--torch-cap", action="store_true",
                   help="also time torch limited to each path's instruction set")
    p.add_argument("--json", action="store_true", help="also print one JSON line per shape")
    a = p.parse_args()
    if not os.access(a.tconv, os.X_OK):
        sys.exit(f"compare_torch: no tconv binary at {a.tconv} (build it, or pass --tconv)")
    if a.isa == "all":
        isas = available_isas(a.tconv)
    elif a.isa == "default":
        isas = [""]
    else:
        isas = [i for i in a.isa.split(",") if i]
    names = [s for s in a.shapes.split(",") if s]
    for s in names:
        if s not in SHAPES:
            sys.exit(f"compare_torch: unknown shape {s!r} (expected some of {','.join(SHAPES)})")

    torches = {"torch": Torch(a.threads)}
    if a.torch_cap:
        for isa in isas:
            if isa in TORCH_CAPS:
                torches[f"torch@{isa}"] = Torch(a.threads, isa)
    try:
        info = torches["torch"].ask({})
        times, sgemm, seen_isa = measure(a, isas, names, torches)
        report(a, isas, names, times, sgemm, seen_isa, info)
    finally:
        for t in torches.values():
            t.close()


if __name__ == "__main__":
    main()
