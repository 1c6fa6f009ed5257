#!/usr/bin/python3
"""Writes the exercise fixtures from PyTorch 1.13 (run by hand, after a build).

    /usr/bin/python3 tests/golden/gen_exercises.py [--tconv build/bin/tconv] [--per-level 100]

For every kind and level it asks `tconv quiz KIND --level L --seed 0 --count N`
for the questions, and for every teacher sheet (assets/exercises/*.json)
`tconv quiz --sheet FILE --json`; then it answers each question from its spec
and ask with torch alone, never reading tconv's answer:

  shape           the shape of F.conv_transpose2d's output on zeros
  value           the output element itself
  feeders         the input gradient of the asked element (autograd), with
                  positive weights so no tap cancels
  output_padding  per axis, every output_padding from 0 to the size difference
                  that torch runs, kept if its output has the asked size (null
                  if none)
  params          per axis, every stride, padding and dilation (the asked ones
                  free) whose one-element output spans the footprint, whose
                  uncropped output is the canvas and whose output is the size
                  asked, torch running the call
  matrix          the Jacobian row of the asked input element: the output of a
                  one-hot input, with each weight tap holding 1 + its index so
                  the value names the tap
  checkerboard    the output on ones with a kernel of ones (tap counts), its
                  interior rows span-1 .. (in-1)*stride all equal or not

tests/golden/exercises.json keeps each question's kind, level, seed (or sheet
and position), spec and ask (so generation must stay the same everywhere) and
torch's answer; tests/golden/exercise_golden_test.cpp holds tconv to it. Normal
test runs read the JSON and never need torch.
"""

import argparse
import itertools
import json
import os
import subprocess
import sys

import numpy as np
import torch
import torch.nn.functional as F

assert torch.__version__.startswith("1.13"), torch.__version__
torch.set_num_threads(1)

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
KINDS = ["shape", "value", "feeders", "output_padding", "params", "matrix", "checkerboard"]


def f32(v):
    return float(str(np.float32(v)))


def two(v):
    return (v, v) if isinstance(v, int) else tuple(v)


def tensor(spec, name):
    if name in spec:
        return torch.tensor(spec[name], dtype=torch.float32)
    if name + "_shape" in spec:
        return torch.zeros(spec[name + "_shape"])
    return None


def args_of(spec, **override):
    a = {"stride": two(spec.get("stride", 1)), "padding": two(spec.get("padding", 0)),
         "output_padding": two(spec.get("output_padding", 0)), "groups": spec.get("groups", 1),
         "dilation": two(spec.get("dilation", 1))}
    a.update(override)
    return a


def call(x, w, b, a, output_size=None):
    if output_size is None:
        return F.conv_transpose2d(x, w, b, a["stride"], a["padding"], a["output_padding"],
                                  a["groups"], a["dilation"])
    m = torch.nn.ConvTranspose2d(1, 1, 1, bias=b is not None)
    m.in_channels, m.out_channels = w.shape[0], w.shape[1] * a["groups"]
    m.kernel_size = tuple(w.shape[2:])
    m.stride, m.padding, m.dilation = a["stride"], a["padding"], a["dilation"]
    m.output_padding, m.groups = a["output_padding"], a["groups"]
    m.weight = torch.nn.Parameter(w)
    m.bias = None if b is None else torch.nn.Parameter(b)
    return m(x, output_size=list(output_size))


def run_spec(spec, x=None, w=None, b="spec", **override):
    x = tensor(spec, "input") if x is None else x
    w = tensor(spec, "weight") if w is None else w
    b = tensor(spec, "bias") if isinstance(b, str) else b
    return call(x, w, b, args_of(spec, **override), spec.get("output_size"))


# ---------------------------------------------------------------- answers

def shape_answer(q):
    return list(run_spec(q["spec"]).shape)


def value_answer(q):
    with torch.no_grad():
        y = run_spec(q["spec"])
    return f32(y[tuple(q["ask"]["index"])].item())


def feeders_answer(q):
    spec = q["spec"]
    x = tensor(spec, "input").clone().requires_grad_(True)
    w = torch.rand(tensor(spec, "weight").shape) + 1  # positive: no tap cancels
    y = run_spec(spec, x=x, w=w, b=None)
    y[tuple(q["ask"]["index"])].backward()
    return sorted(x.grad.nonzero().tolist())


def output_padding_answer(q):
    """Per axis (the other at 0), every output_padding from 0 up to the one whose
    size would pass the target (sizes grow with it), kept if torch runs it and
    the size matches; then the pair is run once more."""
    spec, target = q["spec"], q["ask"]["output_size"]
    base = run_spec(spec).shape[-2:]
    found = []
    for axis in (0, 1):
        hits = []
        for op in range(0, target[axis] - base[axis] + 1):
            pair = (op, 0) if axis == 0 else (0, op)
            try:
                y = run_spec(spec, output_padding=pair)
            except RuntimeError:
                continue
            if y.shape[-2 + axis] == target[axis]:
                hits.append(op)
        assert len(hits) <= 1, hits
        found.append(hits[0] if hits else None)
    if None in found:
        return None
    assert list(run_spec(spec, output_padding=tuple(found)).shape[-2:]) == list(target)
    return found


def axis_call(n, k, s, p, op, d, axis):
    """One-channel call varying one axis; the other axis is neutral."""
    size, kernel = [1, 1], [1, 1]
    size[axis], kernel[axis] = n, k
    a = {"stride": [1, 1], "padding": [0, 0], "output_padding": [0, 0], "groups": 1,
         "dilation": [1, 1]}
    a["stride"][axis], a["padding"][axis] = s, p
    a["output_padding"][axis], a["dilation"][axis] = op, d
    a = {key: tuple(v) if isinstance(v, list) else v for key, v in a.items()}
    return call(torch.zeros(1, 1, *size), torch.ones(1, 1, *kernel), None, a).shape[2 + axis]


def params_axis(q, axis):
    spec, ask = q["spec"], q["ask"]
    n, k = ask["input_size"][axis], ask["kernel_size"][axis]
    foot, canvas, out = ask["footprint"][axis], ask["canvas"][axis], ask["output_size"][axis]
    op = two(spec.get("output_padding", 0))[axis]
    known = lambda key, default: [two(spec.get(key, default))[axis]]  # noqa: E731
    ds = range(1, foot + 1) if "dilation" in ask["find"] else known("dilation", 1)
    ss = range(1, canvas + 1) if "stride" in ask["find"] else known("stride", 1)
    ps = range(0, canvas + 1) if "padding" in ask["find"] else known("padding", 0)
    sols = []
    for d in ds:
        if axis_call(1, k, 1, 0, 0, d, axis) != foot:  # one element: its footprint
            continue
        for s in ss:
            if axis_call(n, k, s, 0, 0, d, axis) != canvas:  # nothing cropped
                continue
            for p in ps:
                try:
                    if axis_call(n, k, s, p, op, d, axis) == out:
                        sols.append((s, p, d))
                except RuntimeError:
                    pass
    return sols


def params_answers(q):
    """Every answer object that reproduces the picture (normally one)."""
    find = q["ask"]["find"]
    out = []
    for (sh, ph, dh), (sw, pw, dw) in itertools.product(params_axis(q, 0), params_axis(q, 1)):
        ans = {}
        for name, hv, wv in (("stride", sh, sw), ("padding", ph, pw), ("dilation", dh, dw)):
            if name in find:
                ans[name] = hv if hv == wv else [hv, wv]
        out.append(ans)
    return out


def matrix_answer(q):
    spec, r = q["spec"], q["ask"]["row"]
    x = torch.zeros(tensor(spec, "input").shape)
    w_shape = tensor(spec, "weight").shape
    kW = w_shape[3]
    plane = x.shape[-3:]
    c, h, wi = np.unravel_index(r, tuple(plane))
    x.view(-1, *plane)[0, c, h, wi] = 1  # batch element 0
    taps = torch.arange(w_shape[2] * kW, dtype=torch.float32).reshape(w_shape[2], kW) + 1
    w = taps.expand(*w_shape).contiguous()
    with torch.no_grad():
        y = run_spec(spec, x=x, w=w, b=None)
    row = y.reshape(-1, *y.shape[-3:])[0].flatten()
    out = []
    for col in row.nonzero().flatten().tolist():
        tap = int(row[col].item()) - 1
        out.append({"col": col, "tap": [tap // kW, tap % kW]})
    return out


def checkerboard_answer(q):
    H, W = q["spec"]["input_shape"][-2:]
    even = []
    for i, o in enumerate(q["ask"]["options"]):
        kh, kw = o["weight_shape"][2:]
        s, d = two(o.get("stride", 1)), two(o.get("dilation", 1))
        with torch.no_grad():
            counts = F.conv_transpose2d(torch.ones(1, 1, H, W), torch.ones(1, 1, kh, kw),
                                        stride=s, dilation=d)[0, 0]
        span = (d[0] * (kh - 1) + 1, d[1] * (kw - 1) + 1)
        inner = counts[span[0] - 1:(H - 1) * s[0] + 1, span[1] - 1:(W - 1) * s[1] + 1]
        assert inner.shape[0] >= s[0] and inner.shape[1] >= s[1], (q, i)
        if inner.min() == inner.max():
            even.append(i)
    return even


ANSWER = {"shape": shape_answer, "value": value_answer, "feeders": feeders_answer,
          "output_padding": output_padding_answer, "matrix": matrix_answer,
          "checkerboard": checkerboard_answer}


# ---------------------------------------------------------------- main

def quiz(tconv, *args):
    out = subprocess.run([tconv, "quiz", *args], check=True, capture_output=True, text=True)
    return [json.loads(line) for line in out.stdout.splitlines()]


def entry(q, extra):
    e = dict(extra)
    e["spec"], e["ask"] = q["spec"], q["ask"]
    if q["kind"] == "params":
        e["answers"] = params_answers(q)
    else:
        e["answer"] = ANSWER[q["kind"]](q)
    return e


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tconv", default=os.path.join(ROOT, "build", "bin", "tconv"))
    ap.add_argument("--per-level", type=int, default=100)
    opts = ap.parse_args()

    generated, sheets, mismatches = [], [], 0
    for kind in KINDS:
        for level in (1, 2, 3):
            for q in quiz(opts.tconv, kind, "--level", str(level), "--seed", "0", "--count",
                          str(opts.per_level), "--with-answer"):
                e = entry(q, {"kind": kind, "level": level, "seed": q["seed"]})
                theirs = e.get("answers", [e.get("answer")])
                mismatches += q["answer"] not in theirs and not (
                    kind == "value" and abs(q["answer"] - e["answer"]) <= 1e-5)
                generated.append(e)
    sheet_dir = os.path.join(ROOT, "assets", "exercises")
    for name in sorted(os.listdir(sheet_dir)):
        if not name.endswith(".json"):
            continue
        for i, q in enumerate(quiz(opts.tconv, "--sheet", os.path.join(sheet_dir, name), "--json",
                                   "--key")):
            e = entry(q, {"kind": q["kind"], "sheet": name, "position": i})
            theirs = e.get("answers", [e.get("answer")])
            mismatches += q["answer"] not in theirs and not (
                q["kind"] == "value" and abs(q["answer"] - e["answer"]) <= 1e-5)
            sheets.append(e)

    meta = {"torch": torch.__version__, "generator": "tests/golden/gen_exercises.py",
            "per_level": opts.per_level}
    path = os.path.join(HERE, "exercises.json")
    with open(path, "w") as f:
        json.dump({"meta": meta, "generated": generated, "sheets": sheets}, f,
                  separators=(",", ":"))
        f.write("\n")
    print(f"exercises.json: {len(generated)} generated + {len(sheets)} sheet questions, "
          f"{os.path.getsize(path) / 1024:.0f} KiB; tconv disagrees with torch on {mismatches}",
          file=sys.stderr)


if __name__ == "__main__":
    main()
