#!/usr/bin/python3
"""Writes tests/golden/frameworks.json: TensorFlow, ONNX and JAX transposed
convolutions by their own definitions (framework_refs.py), with real PyTorch.

    /usr/bin/python3 tests/golden/gen_frameworks.py

TensorFlow, ONNX and JAX are not installed here (nor needed): each is computed
from its definition -- TF as the autograd gradient of conv2d with TF's padding,
ONNX by its spec's formulas, JAX as its lhs-dilated correlation -- and ONNX's
own backend test data for the 2-D ConvTranspose node tests (onnx/backend/test/
case/node/convtranspose.py, Apache-2.0) is checked against the ONNX formulas
before being written. Deterministic (fixed seeds), committed; the C++ tests
never need torch.

Each case is a spec with the `tconv forward` keys of its convention
("convention", the framework's tensor and argument names) plus "id",
"shape" and "output" (the result, in the framework's layout). Refused calls carry
shape-only tensors (`<name>_shape`) and "error": a fragment the message must
contain.
"""

import json
import os
import random
import sys

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import framework_refs as ref  # noqa: E402

assert torch.__version__.startswith("1.13"), torch.__version__
torch.set_num_threads(1)
HERE = os.path.dirname(os.path.abspath(__file__))
SEED = 20240713


def f32(v):
    return float(str(np.float32(v)))


def tj(t):
    if t is None:
        return None
    if t.dim() == 0:
        return f32(t.item())
    return [tj(x) for x in t]


def rnd(*shape):
    return torch.round(torch.randn(*shape) * 100) / 100


def arange(*shape):
    return torch.arange(float(np.prod(shape))).reshape(*shape)


def case(cid, spec, tensors, y):
    c = {"id": cid}
    c.update(spec)
    for name, t in tensors.items():
        if t is not None:
            c[name] = tj(t)
    c["shape"] = list(y.shape)
    c["output"] = tj(y)
    return c


# ---------------------------------------------------------------- TensorFlow

def tf_case(cid, x, filters, bias=None, **kw):
    y = ref.tf_conv2d_transpose(x, filters, kw.get("output_shape"), kw.get("strides", 1),
                                kw.get("padding", "SAME"), kw.get("data_format", "NHWC"),
                                kw.get("dilations", 1), bias, kw.get("output_padding"))
    spec = {"convention": "tensorflow"}
    spec.update(kw)
    return case(cid, spec, {"input": x, "filters": filters, "bias": bias}, y)


def tf_cases(rng):
    cases = []
    # The trap: SAME, k3 s2 keeps rows 0-7 of the full 9; k4 s2 matches PyTorch p1.
    x = arange(1, 4, 4, 1)
    cases.append(tf_case("trap_same_k3_s2", x, torch.ones(3, 3, 1, 1), strides=2, padding="SAME"))
    cases.append(tf_case("trap_same_k4_s2", x, torch.ones(4, 4, 1, 1), strides=2, padding="SAME"))
    cases.append(tf_case("valid_k3_s2", x, torch.ones(3, 3, 1, 1), strides=2, padding="VALID"))
    cases.append(tf_case("valid_k2_s3_stride_gt_kernel", x, torch.ones(2, 2, 1, 1), strides=3,
                         padding="VALID"))
    i = 0
    while len(cases) < 60:
        i += 1
        k = (rng.randint(1, 4), rng.randint(1, 4))
        s = (rng.randint(1, 3), rng.randint(1, 3))
        d = (1, 1) if max(s) > 1 else (rng.randint(1, 3), rng.randint(1, 3))
        hw = (rng.randint(1, 5), rng.randint(1, 5))
        n, cin, cout = rng.choice([1, 1, 2]), rng.choice([1, 2]), rng.choice([1, 2, 3])
        padding = rng.choice(["SAME", "VALID"])
        nchw = rng.random() < 0.4
        kw = {"strides": list(s) if s[0] != s[1] or rng.random() < 0.5 else s[0],
              "padding": padding}
        if d != (1, 1) or rng.random() < 0.3:
            kw["dilations"] = list(d)
        if nchw:
            kw["data_format"] = "NCHW"
        k_eff = [(k[j] - 1) * d[j] + 1 for j in range(2)]
        mode = rng.choice(["keras", "output_shape", "output_shape", "output_padding"])
        if mode == "output_shape":
            out = []
            for j in range(2):
                lo, hi = ((hw[j] - 1) * s[j] + 1, hw[j] * s[j]) if padding == "SAME" else \
                    ((hw[j] - 1) * s[j] + k_eff[j], (hw[j] - 1) * s[j] + k_eff[j] + s[j] - 1)
                out.append(rng.randint(lo, hi))
            kw["output_shape"] = [n, cout] + out if nchw else [n] + out + [cout]
        elif mode == "output_padding" and max(s) > 1:
            kw["output_padding"] = [rng.randint(0, s[0] - 1), rng.randint(0, s[1] - 1)]
        x = rnd(n, cin, *hw) if nchw else rnd(n, *hw, cin)
        bias = rnd(cout) if rng.random() < 0.4 else None
        try:
            cases.append(tf_case(f"random_{i:03d}_{padding.lower()}_{mode}", x,
                                 rnd(k[0], k[1], cout, cin), bias, **kw))
        except ref.TFError:
            continue  # Keras's own size that TF refuses: kept for the invalid list below
    return cases


def tf_invalid():
    """Refusals, each confirmed: the definition's conv2d does not map back."""
    cases = []

    def refused(cid, xs, fs, kw, fragment):
        x, f = torch.zeros(xs), torch.zeros(fs)
        try:
            ref.tf_conv2d_transpose(x, f, kw.get("output_shape"), kw.get("strides", 1),
                                    kw.get("padding", "SAME"), kw.get("data_format", "NHWC"),
                                    kw.get("dilations", 1), None, kw.get("output_padding"))
            if "dilation_rate" not in fragment and "NHWC" not in fragment:
                raise AssertionError(f"{cid}: the definition accepts it")
        except ref.TFError:
            pass
        c = {"id": cid, "convention": "tensorflow", "input_shape": list(xs),
             "filters_shape": list(fs)}
        c.update(kw)
        c["error"] = fragment
        cases.append(c)

    refused("output_shape_too_big", (1, 4, 4, 1), (3, 3, 1, 1),
            {"strides": 2, "padding": "SAME", "output_shape": [1, 9, 8, 1]},
            "Size of out_backprop doesn't match computed: actual = 4, computed = 5 spatial_dim: 1 "
            "input: 9 filter: 3 output: 4 stride: 2 dilation: 1")
    refused("output_shape_too_small_valid", (1, 4, 4, 1), (3, 3, 1, 1),
            {"strides": 2, "padding": "VALID", "output_shape": [1, 9, 8, 1]},
            "actual = 4, computed = 3 spatial_dim: 2 input: 8 filter: 3")
    refused("output_shape_nchw_spatial_dim", (1, 1, 4, 4), (3, 3, 1, 1),
            {"strides": 2, "padding": "SAME", "output_shape": [1, 1, 8, 10],
             "data_format": "NCHW"},
            "actual = 4, computed = 5 spatial_dim: 3 input: 10")
    refused("keras_same_even_kernel_output_padding", (1, 3, 3, 1), (2, 2, 1, 1),
            {"strides": 2, "padding": "SAME", "output_padding": 0},
            "Size of out_backprop doesn't match computed: actual = 3, computed = 2")
    refused("valid_negative", (1, 1, 1, 1), (5, 5, 1, 1),
            {"strides": 1, "padding": "VALID", "output_shape": [1, 2, 2, 1]},
            "Computed output size would be negative: -2 [input_size: 2, effective_filter_size: 5, "
            "stride: 1]")
    refused("stride_and_dilation", (1, 4, 4, 1), (3, 3, 1, 1),
            {"strides": 2, "padding": "SAME", "dilations": [1, 2]},
            "`strides > 1` not supported in conjunction with `dilation_rate > 1`. Received: "
            "strides=(2, 2) and dilation_rate=(1, 2)")
    return cases


# ---------------------------------------------------------------- ONNX

def onnx_case(cid, X, W, B=None, **attrs):
    y = ref.onnx_conv_transpose(X, W, B, **attrs)
    spec = {"convention": "onnx"}
    spec.update(attrs)
    return case(cid, spec, {"X": X, "W": W, "B": B}, y)


def onnx_backend_cases():
    """ONNX's 2-D ConvTranspose node tests: inputs, attributes and expected
    outputs from onnx/backend/test/case/node/convtranspose.py, checked here
    against the spec's formulas."""
    x = arange(1, 1, 3, 3)
    w = torch.ones(1, 2, 3, 3)
    expected = {}
    plane = torch.tensor([[0., 1., 3., 3., 2.], [3., 8., 15., 12., 7.], [9., 21., 36., 27., 15.],
                          [9., 20., 33., 24., 13.], [6., 13., 21., 15., 8.]])
    expected["test_convtranspose"] = plane.expand(1, 2, 5, 5)
    p10 = torch.tensor([[0., 0., 1., 1., 3., 2., 2., 0.]] * 3 + [[3., 3., 7., 4., 9., 5., 5., 0.]] * 3
                       + [[6., 6., 13., 7., 15., 8., 8., 0.]] * 3 + [[0.] * 8])
    for name in ("test_convtranspose_output_shape", "test_convtranspose_pad",
                 "test_convtranspose_kernel_shape"):
        expected[name] = p10.expand(1, 2, 10, 8)
    expected["test_convtranspose_pads"] = torch.tensor(
        [[1., 1., 3.], [1., 1., 3.], [7., 4., 9.], [7., 4., 9.], [7., 4., 9.], [13., 7., 15.],
         [13., 7., 15.]]).expand(1, 2, 7, 3)
    expected["test_convtranspose_autopad_same"] = torch.tensor(
        [[0., 0., 1., 1., 3., 2.], [0., 0., 1., 1., 3., 2.], [3., 3., 8., 5., 12., 7.],
         [3., 3., 7., 4., 9., 5.], [9., 9., 20., 11., 24., 13.], [6., 6., 13., 7., 15., 8.]]
    ).expand(1, 2, 6, 6)
    expected["test_convtranspose_dilations"] = torch.tensor(
        [[21., 56., 13., 16., 2.], [63., 35., 67., 10., 14.], [24., 22., 76., 76., 21.],
         [9., 5., 88., 45., 63.], [3., 2., 33., 18., 54.]]).view(1, 1, 5, 5)
    g1 = plane
    g2 = torch.tensor([[9., 19., 30., 21., 11.], [21., 44., 69., 48., 25.],
                       [36., 75., 117., 81., 42.], [27., 56., 87., 60., 31.],
                       [15., 31., 48., 33., 17.]])
    g3 = torch.tensor([[18., 37., 57., 39., 20.], [39., 80., 123., 84., 43.],
                       [63., 129., 198., 135., 69.], [45., 92., 141., 96., 49.],
                       [24., 49., 75., 51., 26.]])
    expected["test_convtranspose_group_2"] = torch.stack([g1, g2]).view(1, 2, 5, 5)
    expected["test_convtranspose_group_2_image_3"] = torch.stack(
        [torch.stack([g1, g2]), torch.stack([g3, g2]), torch.stack([g1, g2])])

    x2 = torch.cat([arange(1, 1, 3, 3), arange(1, 1, 3, 3) + 9], 1)
    x3 = torch.cat([x2, torch.cat([arange(1, 1, 3, 3) + 18, arange(1, 1, 3, 3) + 9], 1), x2])
    calls = [
        ("test_convtranspose", x, w, {}),
        ("test_convtranspose_output_shape", x, w, {"strides": [3, 2], "output_shape": [10, 8]}),
        ("test_convtranspose_pad", x, w, {"strides": [3, 2], "output_padding": [1, 1]}),
        ("test_convtranspose_kernel_shape", x, w,
         {"strides": [3, 2], "output_shape": [10, 8], "kernel_shape": [3, 3],
          "output_padding": [1, 1]}),
        ("test_convtranspose_pads", x, w, {"strides": [3, 2], "pads": [1, 2, 1, 2]}),
        ("test_convtranspose_dilations",
         torch.tensor([[[[3., 8., 1.], [9., 5., 7.], [3., 2., 6.]]]]),
         torch.tensor([[[[7., 2.], [1., 9.]]]]), {"dilations": [2, 2]}),
        ("test_convtranspose_autopad_same", x, w, {"auto_pad": "SAME_UPPER", "strides": [2, 2]}),
        ("test_convtranspose_group_2", x2, torch.ones(2, 1, 3, 3), {"group": 2}),
        ("test_convtranspose_group_2_image_3", x3, torch.ones(2, 1, 3, 3), {"group": 2}),
    ]
    cases = []
    for name, X, W, attrs in calls:
        c = onnx_case("onnx_backend_" + name[5:], X, W, **attrs)
        got = torch.tensor(c["output"])
        assert torch.equal(got, expected[name]), (name, got, expected[name])
        c["source"] = "onnx/backend/test/case/node/convtranspose.py " + name
        cases.append(c)
    return cases


def onnx_cases(rng):
    cases = onnx_backend_cases()
    x = arange(1, 1, 3, 3)
    # The trap: an odd total padding (k3 s2: 1) goes to the end for SAME_UPPER,
    # to the beginning for SAME_LOWER; and NOTSET + output_shape takes the
    # spec's Else branch (the beginning).
    for mode in ("SAME_UPPER", "SAME_LOWER"):
        cases.append(onnx_case(f"trap_{mode.lower()}_k3_s2_odd_total", x, torch.ones(1, 1, 3, 3),
                               auto_pad=mode, strides=[2, 2]))
        cases.append(onnx_case(f"{mode.lower()}_k4_s2_even_total", x, torch.ones(1, 1, 4, 4),
                               auto_pad=mode, strides=[2, 2]))
        cases.append(onnx_case(f"{mode.lower()}_k2_s3_negative_total", x, torch.ones(1, 1, 2, 2),
                               auto_pad=mode, strides=[3, 3]))
        cases.append(onnx_case(f"{mode.lower()}_output_padding", x, torch.ones(1, 1, 3, 3),
                               auto_pad=mode, strides=[2, 2], output_padding=[1, 0]))
    cases.append(onnx_case("notset_output_shape_odd_total", x, torch.ones(1, 1, 3, 3),
                           strides=[2, 2], output_shape=[6, 5]))
    cases.append(onnx_case("notset_output_shape_pads_ignored", x, torch.ones(1, 1, 3, 3),
                           strides=[2, 2], output_shape=[6, 5], pads=[2, 2, 0, 0]))
    cases.append(onnx_case("valid_output_padding", x, torch.ones(1, 1, 3, 3), auto_pad="VALID",
                           strides=[2, 2], output_padding=[1, 1]))
    i = 0
    while len(cases) < 75:
        i += 1
        g = rng.choice([1, 1, 1, 2])
        cin, m = g * rng.choice([1, 2]), g * rng.choice([1, 2])
        k = [rng.randint(1, 4), rng.randint(1, 4)]
        s = [rng.randint(1, 3), rng.randint(1, 3)]
        d = [rng.randint(1, 2), rng.randint(1, 2)]
        hw = [rng.randint(1, 4), rng.randint(1, 4)]
        attrs = {"strides": s}
        if d != [1, 1]:
            attrs["dilations"] = d
        if g > 1:
            attrs["group"] = g
        op = [rng.randint(0, max(s[j], d[j]) - 1) for j in range(2)]
        mode = rng.choice(["pads", "SAME_UPPER", "SAME_LOWER", "VALID", "output_shape"])
        full = [(hw[j] - 1) * s[j] + (k[j] - 1) * d[j] + 1 for j in range(2)]
        if mode == "pads":
            p = [rng.randint(0, 2) for _ in range(4)]
            if any(full[j] + op[j] - p[j] - p[j + 2] < 1 for j in range(2)):
                continue
            attrs["pads"] = p
        elif mode == "output_shape":
            attrs["output_shape"] = [max(1, full[j] + rng.randint(-3, 2)) for j in range(2)]
            if rng.random() < 0.3:
                attrs["auto_pad"] = rng.choice(["SAME_UPPER", "SAME_LOWER"])
        else:
            attrs["auto_pad"] = mode
        if any(op) and rng.random() < 0.6:
            attrs["output_padding"] = op
        B = rnd(m) if rng.random() < 0.5 else None
        cases.append(onnx_case(f"random_{i:03d}_{mode.lower()}", rnd(rng.choice([1, 2]), cin, *hw),
                               rnd(cin, m // g, *k), B, **attrs))
    return cases


# ---------------------------------------------------------------- JAX

def jax_case(cid, lhs, rhs, bias=None, **kw):
    y = ref.jax_conv_transpose(lhs, rhs, kw["strides"], kw["padding"], kw.get("rhs_dilation"),
                               tuple(kw.get("dimension_numbers", ("NHWC", "HWIO", "NHWC"))),
                               kw.get("transpose_kernel", False),
                               kw.get("use_consistent_padding", False))
    if bias is not None:
        out_c = kw.get("dimension_numbers", ("NHWC", "HWIO", "NHWC"))[2].index("C")
        shape = [1, 1, 1, 1]
        shape[out_c] = -1
        y = y + bias.view(*shape)
    spec = {"convention": "jax"}
    spec.update(kw)
    return case(cid, spec, {"lhs": lhs, "rhs": rhs, "bias": bias}, y)


def jax_cases(rng):
    x = arange(1, 4, 4, 1)
    cases = [
        jax_case("same_k3_s2", x, torch.ones(3, 3, 1, 1), strides=[2, 2], padding="SAME"),
        jax_case("same_k4_s2", x, torch.ones(4, 4, 1, 1), strides=[2, 2], padding="SAME"),
        jax_case("valid_k3_s2", x, torch.ones(3, 3, 1, 1), strides=[2, 2], padding="VALID"),
        jax_case("same_k2_s3", x, torch.ones(2, 2, 1, 1), strides=[3, 3], padding="SAME"),
    ]
    specs = [("NHWC", "HWIO", "NHWC"), ("NCHW", "OIHW", "NCHW"), ("NCHW", "IOHW", "NHWC"),
             ("NHWC", "HWOI", "NCHW"), ("NCWH", "OIWH", "NCHW")]
    i = 0
    while len(cases) < 70:
        i += 1
        dn = rng.choice(specs)
        cin, cout = rng.choice([1, 2]), rng.choice([1, 2, 3])
        k = [rng.randint(1, 4), rng.randint(1, 4)]
        s = [rng.randint(1, 3), rng.randint(1, 3)]
        d = [rng.randint(1, 2), rng.randint(1, 2)]
        hw = [rng.randint(1, 4), rng.randint(1, 4)]
        n = rng.choice([1, 2])
        tk = rng.random() < 0.5
        kw = {"strides": s}
        mode = rng.choice(["SAME", "VALID", "pairs", "consistent"])
        if mode in ("SAME", "VALID"):
            kw["padding"] = mode
        else:
            kw["padding"] = [[rng.randint(-1, 3), rng.randint(-1, 3)] for _ in range(2)]
            if mode == "consistent":
                kw["use_consistent_padding"] = True
        if d != [1, 1]:
            kw["rhs_dilation"] = d
        if dn != ("NHWC", "HWIO", "NHWC") or rng.random() < 0.3:
            kw["dimension_numbers"] = list(dn)
        if tk:
            kw["transpose_kernel"] = True
        # lhs in dn[0]'s layout: canonical (N, C, S0, S1) placed by the spec.
        lp, rp, _ = ref.jax_permutations(dn)
        lhs_shape = [0] * 4
        for j, size in zip(lp, [n, cin] + hw):
            lhs_shape[j] = size
        # rhs (O, I) as conv_general_dilated sees it after transpose_kernel's swap.
        o, ii = (cin, cout) if tk else (cout, cin)
        rhs_shape = [0] * 4
        for j, size in zip(rp, [o, ii] + k):
            rhs_shape[j] = size
        lhs, rhs = rnd(*lhs_shape), rnd(*rhs_shape)
        try:
            bias = rnd(cout) if rng.random() < 0.3 else None
            c = jax_case(f"random_{i:03d}_{mode.lower()}", lhs, rhs, bias, **kw)
        except (RuntimeError, IndexError):
            continue  # negative padding past the dilated input: an empty or invalid output
        if 0 in c["shape"]:
            continue
        cases.append(c)
    return cases


def check_grouped_jax_formula(rng):
    """The grouped-kernel rewrite tconv's JAX code uses for groups > 1 equals
    F.conv_transpose2d (the written code is not run here, its math is)."""
    for _ in range(20):
        g = rng.choice([2, 3])
        ci, co = g * rng.choice([1, 2]), g * rng.choice([1, 2])
        k = [rng.randint(1, 3), rng.randint(1, 3)]
        s = [rng.randint(1, 3), rng.randint(1, 3)]
        d = [rng.randint(1, 2), rng.randint(1, 2)]
        x, w = rnd(1, ci, 3, 4), rnd(ci, co // g, *k)
        kernel = w.reshape(g, ci // g, co // g, *k).transpose(1, 2).reshape(co, ci // g, *k)
        kernel = kernel.flip(2, 3)
        pads = [((k[j] - 1) * d[j], (k[j] - 1) * d[j]) for j in range(2)]
        y = ref.lhs_dilated_conv(x, kernel, s, pads, d, g)
        assert torch.allclose(y, F.conv_transpose2d(x, w, None, s, 0, 0, g, d), atol=1e-5)


def main():
    rng = random.Random(SEED)
    torch.manual_seed(SEED)
    check_grouped_jax_formula(rng)
    out = {
        "meta": {"torch": torch.__version__, "seed": SEED,
                 "generator": "tests/golden/gen_frameworks.py"},
        "tensorflow": {"valid": tf_cases(rng), "invalid": tf_invalid()},
        "onnx": {"valid": onnx_cases(rng)},
        "jax": {"valid": jax_cases(rng)},
    }
    path = os.path.join(HERE, "frameworks.json")
    with open(path, "w") as f:
        json.dump(out, f, separators=(",", ":"))
        f.write("\n")
    counts = {k: {kk: len(vv) for kk, vv in v.items()} for k, v in out.items() if k != "meta"}
    print(f"frameworks.json: {os.path.getsize(path) / 1024:.0f} KiB {counts}", file=sys.stderr)


if __name__ == "__main__":
    main()
