#!/usr/bin/python3
"""Writes tconv-studio's golden fixtures from PyTorch 1.13 (run by hand).

    /usr/bin/python3 tests/golden/gen_golden.py

Debian's python3-torch lives under /usr/bin/python3 only. The output is
deterministic (fixed seeds, single thread) and committed, so the C++ tests
never need torch.

Schema (shared with the CLI's spec format): a case's keys are
F.conv_transpose2d's argument names -- input, weight, bias (null for none),
stride, padding, output_padding, groups, dilation (int or [h, w]) -- plus an
optional output_size (nn.ConvTranspose2d.forward). Tensors are nested lists;
`input_shape`/`weight_shape` are added where a list cannot carry the shape (a
zero-size dimension), `output_shape` always. Invalid cases carry only
`<name>_shape` (their values do not matter), the message PyTorch gives
(`error`, `error_type`) and, where nn.ConvTranspose2d's constructor would
refuse first, `module_constructor_error`. F.conv2d cases use F.conv2d's names
(padding may also be "same" or "valid").

Files: conv_transpose2d_valid.json, conv_transpose2d_invalid.json (plus
pair_from_list and module_constructor lists), round_trip_sweep.json (test_nn's
sweep, shapes only), conv2d.json (valid and invalid).
"""

import json
import os
import random
import sys
import warnings

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

assert torch.__version__.startswith("1.13"), torch.__version__
torch.set_num_threads(1)
torch.use_deterministic_algorithms(True)
warnings.simplefilter("ignore")  # 'same' with even kernels warns; not part of the contract

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = 20240613
# Random fault combinations per op (raise locally for a deeper order check).
RANDOM_INVALID = int(os.environ.get("TCONV_GOLDEN_RANDOM_INVALID", "160"))


# ---------------------------------------------------------------- encoding

def f32(v):
    """Shortest decimal that reads back as the same float32 (numpy's str of a
    float32 is that), so the C++ side's float parse gives torch's value."""
    return float(str(np.float32(v)))


def tensor_json(t):
    if t is None:
        return None
    if t.dim() == 0:
        return f32(t.item())
    return [tensor_json(x) for x in t]


def pair_json(v):
    if isinstance(v, int):
        return v
    v = list(v)
    return v[0] if len(v) == 2 and v[0] == v[1] else v


def rnd(*shape):
    # Two decimals keep the fixture small; torch rounds them to float32 and
    # f32() writes back exactly that float32.
    return torch.round(torch.randn(*shape) * 100) / 100


def message(e):
    return str(e).split("\n")[0]


def run(fn):
    try:
        return fn(), None
    except Exception as e:  # noqa: BLE001 -- any PyTorch error is a fixture
        return None, e


# ------------------------------------------------------ conv_transpose2d

def ct_call(x, w, b, a):
    """Functional call, or the module's forward when output_size is given."""
    if a.get("output_size") is None:
        return F.conv_transpose2d(x, w, b, a["stride"], a["padding"], a["output_padding"],
                                  a["groups"], a["dilation"])
    m = module_for(w, b, a)
    return m(x, output_size=list(a["output_size"]))


def module_for(w, b, a):
    """nn.ConvTranspose2d holding w and b. Attributes are set after a valid
    construction so that the forward path sees exactly our arguments."""
    m = nn.ConvTranspose2d(1, 1, 1, bias=b is not None)
    m.in_channels, m.out_channels = w.shape[0], w.shape[1] * max(a["groups"], 1)
    m.kernel_size = tuple(w.shape[2:])
    two = lambda v: (v, v) if isinstance(v, int) else tuple(v)  # noqa: E731
    m.stride, m.padding = two(a["stride"]), two(a["padding"])
    m.output_padding, m.dilation = two(a["output_padding"]), two(a["dilation"])
    m.groups = a["groups"]
    m.weight = nn.Parameter(w)
    m.bias = None if b is None else nn.Parameter(b)
    return m


def constructor_error(cin, cout, k, a):
    """What nn.ConvTranspose2d's constructor says about the same call."""
    _, e = run(lambda: nn.ConvTranspose2d(cin, cout, k, a["stride"], a["padding"],
                                          a["output_padding"], a["groups"], True,
                                          a["dilation"]))
    return None if e is None else message(e)


def args_json(a):
    out = {k: pair_json(a[k]) for k in ("stride", "padding", "output_padding", "dilation")}
    out["groups"] = a["groups"]
    if a.get("output_size") is not None:
        out["output_size"] = list(a["output_size"])
    return out


def valid_case(cid, source, x, w, b, a, note=None):
    y = ct_call(x, w, b, a)
    case = {"id": cid, "source": source}
    if note:
        case["note"] = note
    case["input"] = tensor_json(x)
    case["weight"] = tensor_json(w)
    case["bias"] = tensor_json(b)
    case.update(args_json(a))
    if a.get("output_size") is not None:
        # The output_padding the module's _output_padding chose.
        mins = [(x.shape[-2 + d] - 1) * p2(a["stride"])[d] - 2 * p2(a["padding"])[d]
                + p2(a["dilation"])[d] * (w.shape[2 + d] - 1) + 1 for d in range(2)]
        case["resolved_output_padding"] = [y.shape[-2] - mins[0], y.shape[-1] - mins[1]]
    for name, t in (("input", x), ("weight", w), ("output", y)):
        if t.numel() == 0:
            case[name + "_shape"] = list(t.shape)
    case["output_shape"] = list(y.shape)
    case["output"] = tensor_json(y)
    return case


def p2(v):
    return (v, v) if isinstance(v, int) else tuple(v)


def ct_args(stride=1, padding=0, output_padding=0, groups=1, dilation=1, output_size=None):
    return dict(stride=stride, padding=padding, output_padding=output_padding, groups=groups,
                dilation=dilation, output_size=output_size)


def random_valid(rng, n_cases):
    """Random valid calls covering every parameter per axis."""
    cases = []
    kinds = ["plain", "output_size", "op_below_dilation", "unbatched", "no_bias", "batch"]
    i = 0
    while len(cases) < n_cases:
        kind = kinds[i % len(kinds)]
        i += 1
        g = rng.choice([1, 1, 1, 2, 3])
        cin = g * rng.choice([1, 2])
        cout = g * rng.choice([1, 2, 3])
        k = (rng.randint(1, 4), rng.randint(1, 4))
        s = (rng.randint(1, 3), rng.randint(1, 3))
        d = (rng.randint(1, 3), rng.randint(1, 3))
        p = (rng.randint(0, 3), rng.randint(0, 3))
        op = tuple(rng.randint(0, max(s[j], d[j]) - 1) for j in range(2))
        if kind == "op_below_dilation":
            d = (rng.randint(2, 4), rng.randint(2, 4))
            s = (rng.randint(1, d[0] - 1), rng.randint(1, d[1] - 1))
            op = (rng.randint(s[0], d[0] - 1), rng.randint(s[1], d[1] - 1))
        hw = (rng.randint(1, 6), rng.randint(1, 6))
        n = {"unbatched": None, "batch": rng.choice([2, 3])}.get(kind, rng.choice([None, 1, 1, 2]))
        bias = kind != "no_bias" and rng.random() < 0.7
        out = [(hw[j] - 1) * s[j] - 2 * p[j] + d[j] * (k[j] - 1) + op[j] + 1 for j in range(2)]
        if min(out) < 1 or (n or 1) * cout * out[0] * out[1] > 600:
            continue
        a = ct_args(s, p, op, g, d)
        if kind == "output_size":
            mins = [o - op[j] for j, o in enumerate(out)]
            size = [mins[j] + rng.randint(0, s[j] - 1) for j in range(2)]
            if min(size) < 1:
                continue
            lead = [n, cout] if n is not None else [cout]
            a["output_size"] = size if rng.random() < 0.6 else lead + size
            a["output_padding"] = (0, 0) if rng.random() < 0.5 else op  # ignored by forward
        x = rnd(*([n] if n is not None else []), cin, *hw)
        w = rnd(cin, cout // g, *k)
        b = rnd(cout) if bias else None
        cases.append(valid_case(f"random_{len(cases):03d}_{kind}", "random", x, w, b, a))
    return cases


def pytorch_configs():
    """PyTorch's own ConvTranspose2d tests (common_nn, common_methods_invocations,
    test_nn); see /work/shared/reference.md."""
    torch.manual_seed(SEED + 1)
    cases = []

    def module_case(cid, source, cin, cout, k, stride=1, padding=0, output_padding=0, groups=1,
                    bias=True, dilation=1, input_shape=None):
        m = nn.ConvTranspose2d(cin, cout, k, stride, padding, output_padding, groups, bias,
                               dilation)
        # Round the parameters so the fixture stays short.
        w = rnd(*m.weight.shape)
        b = rnd(cout) if bias else None
        a = ct_args(m.stride, m.padding, m.output_padding, groups, m.dilation)
        cases.append(valid_case(cid, source, rnd(*input_shape), w, b, a))

    module_case("common_nn_ConvTranspose2d", "common_nn", 3, 4, 3, (3, 2), 1, (1, 1),
                input_shape=(1, 3, 7, 6))
    module_case("common_nn_ConvTranspose2d_dilated", "common_nn", 3, 4, 3, (2, 3), 1, (1, 1), 1,
                False, (2, 2), input_shape=(1, 3, 6, 7))
    module_case("common_nn_ConvTranspose2d_no_bias", "common_nn", 3, 4, 3, (2, 3), 1, (1, 1), 1,
                False, input_shape=(1, 3, 6, 7))
    module_case("common_nn_ConvTranspose2d_groups", "common_nn", 2, 4, (2, 3), groups=2,
                input_shape=(1, 2, 4, 5))
    module_case("common_nn_ConvTranspose2d_batched", "common_nn", 4, 5, 3, input_shape=(2, 4, 3, 4))
    module_case("common_nn_ConvTranspose2d_no_batch_dim", "common_nn", 4, 5, 3,
                input_shape=(4, 3, 4))

    samples = [  # input, weight, bias, kwargs
        ((1, 3, 4, 4), (3, 3, 3, 3), (3,), dict(stride=2, padding=2, output_padding=(1, 1))),
        ((2, 2, 4, 4), (2, 2, 4, 5), (4,),
         dict(stride=(3, 2), padding=(1, 2), output_padding=(2, 3), groups=2, dilation=(4, 4))),
        ((1, 1, 4, 5), (1, 1, 4, 3), (1,),
         dict(stride=2, padding=1, output_padding=1, dilation=(2, 3))),
        ((1, 1, 4, 3), (1, 2, 3, 4), None, dict(stride=2, padding=1, output_padding=1)),
        ((2, 4, 4, 4), (4, 1, 3, 3), None, dict(groups=4)),
        ((1, 2, 5, 5), (2, 4, 3, 3), None, {}),
    ]
    for i, (xs, ws, bs, kw) in enumerate(samples):
        w = rnd(*ws)
        b = rnd(*bs) if bs else None
        a = ct_args(**kw)
        x = rnd(*xs)
        cases.append(valid_case(f"opinfo_conv_transpose2d_{i}", "common_methods_invocations",
                                x, w, b, a))
        cases.append(valid_case(f"opinfo_conv_transpose2d_{i}_unbatched",
                                "common_methods_invocations", x[0], w, b, a))

    # test_nn: ConvTranspose2d(3, 4, 3, 3, 0, 2) on (2, 3, 6, 6); output_size
    # valid for 18..20 per axis.
    m = nn.ConvTranspose2d(3, 4, 3, 3, 0, 2)
    w, b, x = rnd(*m.weight.shape), rnd(4), rnd(2, 3, 6, 6)
    for h in range(18, 21):
        for wd in range(18, 21):
            a = ct_args(3, 0, 2, 1, 1, output_size=[h, wd])
            cases.append(valid_case(f"test_nn_output_size_{h}x{wd}", "test_nn", x, w, b, a))
    a = ct_args(3, 0, 2, 1, 1, output_size=[2, 4, 19, 20])
    cases.append(valid_case("test_nn_output_size_full_2x4x19x20", "test_nn", x, w, b, a))

    # test_nn's downsample/upsample round trip, a representative subset with
    # values (the whole sweep is checked on shapes, see round_trip_sweep).
    rng = random.Random(SEED + 2)
    sweep = [(h, wd, k, d, s, p) for h in range(13, 24) for wd in range(13, 17)
             for k in range(2, 5) for d in range(1, 5) for s in range(1, 4) for p in range(3)]
    for h, wd, k, d, s, p in rng.sample(sweep, 40):
        x = rnd(1, 1, h, wd)
        down = rnd(1, 1, k, k)
        y = F.conv2d(x, down, None, s, p, d)
        up = rnd(1, 1, k, k)
        a = ct_args(s, p, 0, 1, d, output_size=list(x.shape))
        cases.append(valid_case(f"test_nn_round_trip_h{h}_w{wd}_k{k}_d{d}_s{s}_p{p}", "test_nn",
                                y, up, None, a, note="conv2d output; output_size = x.shape"))
    return cases


def round_trip_sweep():
    """The whole sweep, shapes only: [h, w, k, d, s, p, conv_h, conv_w]."""
    rows = []
    for h in range(13, 24):
        for wd in range(13, 17):
            for k in range(2, 5):
                for d in range(1, 5):
                    for s in range(1, 4):
                        for p in range(3):
                            x = torch.zeros(1, 1, h, wd)
                            y = F.conv2d(x, torch.zeros(1, 1, k, k), None, s, p, d)
                            m = nn.ConvTranspose2d(1, 1, k, s, p, dilation=d)
                            z = m(y, output_size=x.shape)
                            assert z.shape == x.shape
                            rows.append([h, wd, k, d, s, p, y.shape[2], y.shape[3]])
    return rows


def shape_examples():
    """Sizes in the shape docs and the seed blog (one channel, values too)."""
    torch.manual_seed(SEED + 3)
    cases = []
    specs = [  # name, in, k, s, p, op
        ("conv_arithmetic_no_padding_no_strides", 2, 3, 1, 0, 0),
        ("conv_arithmetic_arbitrary_padding_no_strides", 6, 4, 1, 2, 0),
        ("conv_arithmetic_same_padding_no_strides", 5, 3, 1, 1, 0),
        ("conv_arithmetic_full_padding_no_strides", 7, 3, 1, 2, 0),
        ("conv_arithmetic_no_padding_strides", 2, 3, 2, 0, 0),
        ("conv_arithmetic_padding_strides", 3, 3, 2, 1, 0),
        ("conv_arithmetic_padding_strides_odd", 3, 3, 2, 1, 1),
    ]
    for name, n, k, s, p, op in specs:
        cases.append(valid_case(name, "conv_arithmetic", rnd(1, 1, n, n), rnd(1, 1, k, k), None,
                                ct_args(s, p, op)))
    # d2l: Y = [[0, 1], [2, 3]], K = [[0, 1], [2, 3]] -> [[0, 0, 1], [0, 4, 6], [4, 12, 9]].
    x = torch.tensor([[[[0.0, 1.0], [2.0, 3.0]]]])
    cases.append(valid_case("d2l_trans_conv", "d2l", x, x.clone(), None, ct_args()))
    cases.append(valid_case("d2l_stride2", "d2l", x, x.clone(), None, ct_args(stride=2)))
    cases.append(valid_case("d2l_padding1", "d2l", x, x.clone(), None, ct_args(padding=1)))
    # d2l: conv 10 -> 20 channels, k5 p2 s3 on 16x16 gives 6x6; the transpose gives 16x16.
    cases.append(valid_case("d2l_round_trip_tconv", "d2l", rnd(1, 20, 6, 6), rnd(20, 10, 5, 5),
                            None, ct_args(stride=3, padding=2)))
    # Zero batch: PyTorch returns an empty tensor of the computed shape.
    cases.append(valid_case("zero_batch", "edge", torch.zeros(0, 2, 3, 3), rnd(2, 3, 2, 2),
                            rnd(3), ct_args(stride=2)))
    cases.append(valid_case("zero_batch_op_ge_stride", "edge", torch.zeros(0, 2, 3, 3),
                            rnd(2, 3, 2, 2), None, ct_args(output_padding=(2, 0), stride=(1, 2)),
                            note="PyTorch's empty-batch path skips the output_padding check"))
    return cases


# ------------------------------------------------------ invalid calls

def invalid_conv_transpose2d(rng):
    """Every class of invalid argument, with PyTorch's exact message."""
    cases = []
    seen = set()

    def add(cid, xs, ws, bs, a, expect_class=None, module_ctor=None, note=None):
        x = torch.zeros(tuple(xs))
        w = torch.zeros(tuple(ws))
        b = None if bs is None else torch.zeros(tuple(bs))
        _, e = run(lambda: ct_call(x, w, b, a))
        assert e is not None, (cid, xs, ws, bs, a)
        key = (tuple(xs), tuple(ws), None if bs is None else tuple(bs),
               json.dumps(args_json(a), sort_keys=True))
        if key in seen:
            return
        seen.add(key)
        case = {"id": cid,
                "call": "functional" if a.get("output_size") is None else "module_forward"}
        if note:
            case["note"] = note
        case.update({"input_shape": list(xs), "weight_shape": list(ws),
                     "bias_shape": None if bs is None else list(bs)})
        case.update(args_json(a))
        case["error_type"] = type(e).__name__
        case["error"] = message(e)
        if expect_class:
            assert expect_class in case["error"], (cid, case["error"])
        if module_ctor is not None:
            ctor = constructor_error(*module_ctor)
            if ctor:
                case["module_constructor_error"] = ctor
        cases.append(case)

    X, W, B = (2, 4, 5, 5), (4, 3, 3, 3), (6,)
    base = ct_args(2, 1, 1, 2, 1)

    def with_(**kw):
        a = dict(base)
        a.update(kw)
        return a

    # Input and weight rank.
    add("input_1d", (5,), W, B, base)
    add("input_2d", (4, 5), W, B, base)
    add("input_5d", (2, 4, 5, 5, 1), W, B, base)
    add("weight_0d", X, (), B, base)
    add("weight_1d", X, (4,), B, base)
    add("weight_2d", X, (4, 3), B, base)
    add("weight_3d", X, (4, 3, 3), B, base)
    add("weight_5d", X, (4, 3, 3, 3, 1), B, base)
    add("weight_3d_stride0", X, (4, 3, 3), B, with_(stride=0))
    add("weight_3d_groups0", X, (4, 3, 3), B, with_(groups=0))
    # groups.
    add("groups_0", X, W, B, with_(groups=0), "non-positive groups",
        module_ctor=(4, 6, 3, with_(groups=0)))
    add("groups_negative", X, W, B, with_(groups=-2), "non-positive groups",
        module_ctor=(4, 6, 3, with_(groups=-2)))
    add("groups_gt_in_channels", X, W, (24,), with_(groups=8), "at least",
        module_ctor=(4, 24, 3, with_(groups=8)))
    add("groups_not_dividing_in_channels", X, W, (9,), with_(groups=3), "divisible",
        module_ctor=(4, 9, 3, with_(groups=3)),
        note="the module's constructor says in_channels must be divisible by groups")
    # Channels and bias.
    add("input_channels", (2, 5, 5, 5), W, B, base, "channels instead")
    add("input_channels_unbatched", (5, 5, 5), W, B, base, "channels instead")
    add("input_channels_groups1", (1, 3, 5, 5), (2, 4, 3, 3), None, with_(groups=1))
    add("bias_length", X, W, (5,), base, "expected bias")
    add("bias_2d", X, W, (2, 3), base, "expected bias")
    add("bias_0d", X, W, (), base, "expected bias")
    add("bias_groups_out_channels", X, W, (3,), base, "expected bias",
        note="out channels are weight.size(1) * groups = 6")
    # Kernel, stride, dilation, padding.
    add("kernel_height_0", X, (4, 3, 0, 3), B, base, "kernel size")
    add("kernel_width_0", X, (4, 3, 3, 0), B, base, "kernel size")
    add("kernel_both_0", X, (4, 3, 0, 0), None, base, "kernel size")
    add("stride_0", X, W, B, with_(stride=0), "non-positive stride")
    add("stride_width_negative", X, W, B, with_(stride=(2, -1), output_padding=0),
        "non-positive stride")
    add("dilation_0", X, W, B, with_(dilation=0), "dilation should")
    add("dilation_height_negative", X, W, B, with_(dilation=(-1, 1)), "dilation should")
    add("dilation_width_0", X, W, B, with_(dilation=(1, 0)), "dilation should")
    add("padding_negative", X, W, B, with_(padding=-1), "negative padding")
    add("padding_width_negative", X, W, B, with_(padding=(1, -2)), "negative padding")
    add("output_padding_negative", X, W, B, with_(output_padding=(0, -1)),
        "negative output_padding")
    # output_padding must be smaller than stride or dilation (per axis).
    add("output_padding_eq_stride", X, W, B, with_(output_padding=2), "output padding must")
    add("output_padding_stride1", X, W, B, with_(stride=1, output_padding=1),
        "output padding must")
    add("output_padding_width_only", X, W, B, with_(stride=(2, 3), output_padding=(1, 3)),
        "output padding must")
    add("output_padding_height_ge_both", X, W, B,
        with_(stride=(2, 1), dilation=(2, 3), output_padding=(2, 2)), "output padding must")
    add("output_padding_width_ge_dilation", X, W, B,
        with_(stride=(3, 1), dilation=(1, 3), output_padding=(2, 3)), "output padding must")
    # Output too small.
    add("output_too_small", X, W, B, with_(padding=10), "too small")
    add("output_zero_height", (1, 4, 1, 1), (4, 3, 1, 1), None,
        ct_args(3, (1, 0), (1, 0)), "too small")
    add("output_negative_width", (1, 4, 1, 1), (4, 3, 1, 1), None, ct_args(1, (0, 1)),
        "too small")
    add("output_too_small_unbatched", (4, 5, 5), W, B, with_(padding=10), "too small")
    # Zero-size tensors.
    add("input_zero_height", (2, 4, 0, 5), W, B, base, "Only zero batch")
    add("input_zero_width_unbatched", (4, 5, 0), W, B, base, "Only zero batch")
    add("weight_zero_out_channels", X, (4, 0, 3, 3), (0,), base, "non-empty 2D or 4D weight")
    add("weight_zero_in_channels", (2, 0, 5, 5), (0, 3, 3, 3), (3,), with_(groups=1), "at least 1")
    add("zero_batch_output_negative", (0, 4, 5, 5), W, B, with_(padding=10),
        note="PyTorch's empty-batch path reshapes to the computed size")
    add("zero_batch_output_minus_one", (0, 4, 5, 5), W, B, with_(dilation=(-3, 1), padding=0, stride=1,
                                                                  output_padding=0))
    add("zero_batch_empty_weight", (0, 4, 5, 5), (4, 3, 0, 3), B, base)

    # output_size through nn.ConvTranspose2d.forward.
    OX = (2, 3, 6, 6)
    OW = (3, 4, 3, 3)
    oa = ct_args(3, 0, 2, 1, 1)

    def osz(size, **kw):
        a = dict(oa)
        a.update(kw)
        a["output_size"] = size
        return a

    for size in ([17, 18], [18, 21], [21, 20], [17, 21], [2, 4, 18, 21], [0, 0], [-1, 19]):
        add("output_size_range_" + "x".join(map(str, size)).replace("-", "m"), OX, OW, (4,),
            osz(size), "requested an output size")
    for size in ([18], [], [4, 18, 21], [3, 18, 19, 20, 21]):
        add(f"output_size_length_{len(size)}", OX, OW, (4,), osz(size), "output_size must have")
    add("output_size_unbatched_range", (3, 6, 6), OW, (4,), osz([4, 18, 21]),
        "requested an output size",
        note="PyTorch prints input.size()[2:], i.e. only W, for an unbatched input")
    add("output_size_unbatched_length_4", (3, 6, 6), OW, (4,), osz([2, 4, 18, 21]),
        "output_size must have")
    add("output_size_stride_0", OX, OW, (4,), osz([8, 8], stride=0), "requested an output size")
    add("output_size_then_channels", (2, 2, 6, 6), OW, (4,), osz([19, 19]), "channels instead")
    add("output_size_then_groups", OX, OW, (4,), osz([19, 19], groups=0), "non-positive groups")
    add("output_size_then_too_small", OX, OW, (4,), osz([-2, -2], stride=1, padding=5),
        "too small")
    add("output_size_before_groups", OX, OW, (4,), osz([30, 19], groups=0),
        "requested an output size")

    # Random combinations of one or two faults on random valid calls: checks
    # PyTorch's order, not just each message.
    faults = ["groups0", "groupsneg", "groups_big", "groups_nodiv", "pad", "op_neg", "stride",
              "channels", "bias", "bias_none_ok", "kernel0", "dilation", "op_big", "small",
              "zero_h", "weight_dim", "input_dim", "batch0", "unbatched"]
    n_random = 0
    tries = 0
    while n_random < RANDOM_INVALID and tries < 30 * RANDOM_INVALID:
        tries += 1
        g = rng.choice([1, 2, 3])
        cin, cout = g * rng.randint(1, 2), g * rng.randint(1, 2)
        k = [rng.randint(1, 3), rng.randint(1, 3)]
        s = [rng.randint(1, 3), rng.randint(1, 3)]
        d = [rng.randint(1, 3), rng.randint(1, 3)]
        p = [rng.randint(0, 2), rng.randint(0, 2)]
        op = [rng.randint(0, max(s[j], d[j]) - 1) for j in range(2)]
        xs = [rng.randint(1, 2), cin, rng.randint(1, 5), rng.randint(1, 5)]
        ws = [cin, cout // g] + k
        bs = [cout] if rng.random() < 0.6 else None
        chosen = rng.sample(faults, rng.choice([1, 2, 2]))
        ax = rng.randint(0, 1)
        for f in chosen:
            if f == "groups0":
                g = 0
            elif f == "groupsneg":
                g = -1
            elif f == "groups_big":
                g = ws[0] + rng.randint(1, 3)
            elif f == "groups_nodiv":
                g = rng.choice([q for q in (2, 3, 4, 5) if ws[0] % q] or [7])
                if g > ws[0]:
                    ws[0] = g + 1
                    xs[1] = ws[0]
            elif f == "pad":
                p[ax] = -rng.randint(1, 2)
            elif f == "op_neg":
                op[ax] = -1
            elif f == "stride":
                s[ax] = rng.choice([0, -1])
            elif f == "channels" and len(xs) >= 3:
                xs[-3] += rng.choice([-1, 1, 2]) if xs[-3] > 1 else 1
            elif f == "bias":
                bs = rng.choice([[cout + 1], [cout, 1], [], [max(cout - 1, 0)]])
            elif f == "kernel0" and len(ws) == 4:
                ws[2 + ax] = 0
            elif f == "dilation":
                d[ax] = rng.choice([0, -1, -2])
            elif f == "op_big":
                op[ax] = max(s[ax], d[ax]) + rng.randint(0, 1)
            elif f == "small":
                p[ax] = 6 + rng.randint(0, 4)
            elif f == "zero_h":
                xs[-2 + ax] = 0
            elif f == "weight_dim":
                ws = ws[:3] if rng.random() < 0.5 else ws + [1]
            elif f == "input_dim":
                xs = xs[1:3] if rng.random() < 0.5 else xs + [1]
            elif f == "batch0" and len(xs) == 4:
                xs[0] = 0
            elif f == "unbatched" and len(xs) == 4:
                xs = xs[1:]
        a = ct_args(tuple(s), tuple(p), tuple(op), g, tuple(d))
        if any(v < 0 for v in xs) or any(v < 0 for v in ws) or (bs and min(bs) < 0):
            continue
        x, w = torch.zeros(tuple(xs)), torch.zeros(tuple(ws))
        b = None if bs is None else torch.zeros(tuple(bs))
        _, e = run(lambda: ct_call(x, w, b, a))
        if e is None:
            continue
        before = len(cases)
        add(f"random_{n_random:03d}_" + "+".join(chosen), xs, ws, bs, a)
        n_random += len(cases) - before
    return cases


def module_constructor_cases():
    """Checks only nn.ConvTranspose2d's constructor makes. The functional has
    no out_channels (it is weight.size(1) * groups) nor padding_mode, so these
    have no functional twin; core reports the functional messages."""
    cases = []
    for cin, cout, k, kw in ((4, 6, 3, dict(groups=0)), (4, 6, 3, dict(groups=-1)),
                             (3, 4, 3, dict(groups=2)), (4, 3, 3, dict(groups=2)),
                             (4, 6, 3, dict(padding_mode="reflect"))):
        _, e = run(lambda: nn.ConvTranspose2d(cin, cout, k, **kw))
        case = {"in_channels": cin, "out_channels": cout, "kernel_size": k}
        case.update(kw)
        case["error_type"] = type(e).__name__
        case["error"] = message(e)
        cases.append(case)
    return cases


def pair_from_list_cases():
    """ATen's expand_param_if_needed, seen through F.conv_transpose2d."""
    x, w = torch.zeros(1, 1, 3, 3), torch.zeros(1, 1, 2, 2)
    cases = []
    for name in ("stride", "padding", "output_padding", "dilation"):
        for values in ([1, 2, 3], [], [1, 1, 1, 1]):
            _, e = run(lambda: F.conv_transpose2d(x, w, None, **{name: values}))
            cases.append({"name": name, "values": values, "error": message(e)})
        for values in ([2], [2, 1]):
            cases.append({"name": name, "values": values,
                          "pair": values * 2 if len(values) == 1 else values})
    return cases


# ------------------------------------------------------ conv2d

def conv2d_cases(rng):
    torch.manual_seed(SEED + 4)
    valid, invalid = [], []

    def call(x, w, b, a):
        return F.conv2d(x, w, b, a["stride"], a["padding"], a["dilation"], a["groups"])

    def ajson(a):
        out = {"stride": pair_json(a["stride"]),
               "padding": a["padding"] if isinstance(a["padding"], str) else pair_json(a["padding"]),
               "dilation": pair_json(a["dilation"]), "groups": a["groups"]}
        return out

    def add_valid(cid, x, w, b, a):
        y = call(x, w, b, a)
        case = {"id": cid, "input": tensor_json(x), "weight": tensor_json(w),
                "bias": tensor_json(b)}
        case.update(ajson(a))
        for name, t in (("input", x), ("output", y)):
            if t.numel() == 0:
                case[name + "_shape"] = list(t.shape)
        case["output_shape"] = list(y.shape)
        case["output"] = tensor_json(y)
        valid.append(case)

    def add_invalid(cid, xs, ws, bs, a, expect=None):
        x, w = torch.zeros(tuple(xs)), torch.zeros(tuple(ws))
        b = None if bs is None else torch.zeros(tuple(bs))
        _, e = run(lambda: call(x, w, b, a))
        assert e is not None, cid
        case = {"id": cid, "input_shape": list(xs), "weight_shape": list(ws),
                "bias_shape": None if bs is None else list(bs)}
        case.update(ajson(a))
        case["error_type"] = type(e).__name__
        case["error"] = message(e)
        if expect:
            assert expect in case["error"], (cid, case["error"])
        invalid.append(case)

    def c2(stride=1, padding=0, dilation=1, groups=1):
        return dict(stride=stride, padding=padding, dilation=dilation, groups=groups)

    n = 0
    while n < 60:
        g = rng.choice([1, 1, 2, 3])
        cin, cout = g * rng.randint(1, 2), g * rng.randint(1, 2)
        k = (rng.randint(1, 4), rng.randint(1, 4))
        d = (rng.randint(1, 3), rng.randint(1, 3))
        mode = ["int", "int", "same", "valid"][n % 4]
        s = (1, 1) if mode == "same" else (rng.randint(1, 3), rng.randint(1, 3))
        p = mode if mode != "int" else (rng.randint(0, 2), rng.randint(0, 2))
        hw = (rng.randint(3, 8), rng.randint(3, 8))
        pp = (0, 0) if mode != "int" else p
        if any(hw[j] + 2 * pp[j] < d[j] * (k[j] - 1) + 1 for j in range(2)) and mode != "same":
            continue
        batch = rng.choice([None, 1, 2])
        x = rnd(*([batch] if batch else []), cin, *hw)
        w = rnd(cout, cin // g, *k)
        b = rnd(cout) if rng.random() < 0.6 else None
        _, e = run(lambda: call(x, w, b, c2(s, p, d, g)))
        if e is not None:
            continue
        add_valid(f"conv2d_random_{n:02d}_{mode}", x, w, b, c2(s, p, d, g))
        n += 1
    add_valid("conv2d_same_even_kernel", rnd(1, 1, 5, 6), rnd(1, 1, 4, 2), None, c2(padding="same"))
    add_valid("conv2d_same_even_kernel_dilation", rnd(1, 2, 4, 4), rnd(2, 1, 2, 4), rnd(2),
              c2(padding="same", dilation=(3, 1), groups=2))
    add_valid("conv2d_d2l_down", rnd(1, 10, 16, 16), rnd(20, 10, 5, 5), None, c2(3, 2))
    add_valid("conv2d_zero_batch", torch.zeros(0, 2, 4, 4), rnd(3, 2, 3, 3), None, c2())

    X, W, B = (2, 4, 5, 5), (6, 2, 3, 3), (6,)
    add_invalid("input_2d", (4, 5), W, B, c2(groups=2), "Expected 3D")
    add_invalid("input_5d", (2, 4, 5, 5, 1), W, B, c2(groups=2), "Expected 3D")
    add_invalid("weight_2d", X, (6, 2), B, c2(groups=2), "at least three")
    add_invalid("weight_3d", X, (6, 2, 3), B, c2(groups=2), "list of 1 values")
    add_invalid("weight_3d_same", X, (6, 2, 3), B, c2(padding="same", groups=2),
                "3-dimensional weight")
    add_invalid("weight_5d_same_unbatched", (4, 5, 5), (6, 2, 3, 3, 3), B,
                c2(padding="same", groups=2), "5-dimensional weight")
    add_invalid("weight_3d_valid", X, (6, 2, 3), B, c2(padding="valid", groups=2),
                "list of 1 values")
    add_invalid("groups_0", X, W, B, c2(groups=0), "non-positive groups")
    add_invalid("groups_0_same", X, W, B, c2(padding="same", groups=0), "non-positive groups")
    add_invalid("groups_gt_out_channels", X, W, B, c2(groups=12), "at least")
    add_invalid("groups_not_dividing", X, W, B, c2(groups=4), "divisible")
    add_invalid("input_channels", X, W, B, c2(groups=1), "channels instead")
    add_invalid("input_channels_unbatched", (4, 5, 5), W, B, c2(groups=1), "channels instead")
    add_invalid("input_channels_same_even_kernel", (2, 5, 5, 5), (6, 2, 4, 3), B,
                c2(padding="same", groups=2), "channels instead")
    add_invalid("bias_length", X, W, (5,), c2(groups=2), "expected bias")
    add_invalid("padding_negative", X, W, B, c2(padding=(0, -1), groups=2), "negative padding")
    add_invalid("stride_0", X, W, B, c2(stride=0, groups=2), "non-positive stride")
    add_invalid("dilation_0", X, W, B, c2(dilation=0, groups=2), "non-positive dilation")
    add_invalid("dilation_negative_width", X, W, B, c2(dilation=(1, -1), groups=2),
                "non-positive dilation")
    add_invalid("dilation_negative_same", X, W, B, c2(padding="same", dilation=-1, groups=2),
                "negative padding")
    add_invalid("same_strided", X, W, B, c2(stride=2, padding="same", groups=2), "strided")
    add_invalid("same_strided_width", X, W, B, c2(stride=(1, 2), padding="same", groups=2),
                "strided")
    add_invalid("same_strided_before_groups", X, W, B, c2(stride=2, padding="same", groups=0),
                "strided")
    add_invalid("kernel_too_big", (1, 1, 3, 3), (1, 1, 5, 5), None, c2(), "can't be greater")
    add_invalid("kernel_too_big_dilated", X, W, B, c2(dilation=3, groups=2), "can't be greater")
    add_invalid("kernel_too_big_height", X, (6, 2, 7, 1), B, c2(groups=2), "can't be greater")
    add_invalid("kernel_too_big_valid", X, (6, 2, 9, 2), B, c2(padding="valid", groups=2),
                "can't be greater")
    add_invalid("kernel_too_big_padded", (1, 1, 2, 2), (1, 1, 5, 5), None, c2(padding=1),
                "can't be greater")
    add_invalid("kernel_0", X, (6, 2, 0, 3), B, c2(groups=2), "descriptor")
    add_invalid("kernel_0_same", X, (6, 2, 0, 3), B, c2(padding="same", groups=2),
                "negative padding")
    add_invalid("input_zero_height", (1, 4, 0, 5), (6, 2, 1, 1), B, c2(padding=(1, 0), groups=2),
                "Only zero batch")
    add_invalid("input_zero_height_kernel", (1, 4, 0, 5), W, B, c2(groups=2), "can't be greater")
    add_invalid("zero_batch_empty_weight", (0, 4, 5, 5), (6, 2, 0, 3), B, c2(groups=2))
    # One image, one group, small kernel and input: PyTorch skips oneDNN and
    # its slow kernels word the same checks differently.
    add_invalid("slow_kernel_0", (1, 2, 5, 5), (3, 2, 0, 3), None, c2(), "kernel_height")
    add_invalid("slow_kernel_0_unbatched", (2, 5, 5), (3, 2, 3, 0), None, c2(stride=2),
                "kernel_height")
    add_invalid("slow_dilated_kernel_0", (1, 2, 5, 5), (3, 2, 0, 3), None, c2(dilation=2),
                "but got [0, 3]")
    add_invalid("slow_dilated_dilation_0", (1, 2, 5, 5), (3, 2, 3, 3), None, c2(dilation=0),
                "but got [0, 0]")
    add_invalid("slow_dilated_dilation_negative", (1, 2, 5, 5), (3, 2, 1, 1), None,
                c2(dilation=(-1, 1)), "but got [-1, 1]")
    add_invalid("onednn_kernel_4x4_dilation_0", (1, 2, 5, 5), (3, 2, 4, 4), None,
                c2(dilation=(1, 0)), "non-positive dilation")
    add_invalid("onednn_large_input_dilation_0", (1, 1, 143, 144), (3, 1, 3, 3), None,
                c2(dilation=0), "non-positive dilation")
    add_invalid("slow_below_large_input_dilation_0", (1, 1, 143, 143), (3, 1, 3, 3), None,
                c2(dilation=0), "dilation should be greater")
    add_invalid("same_pads_empty_input", (2, 1, 6, 0), (1, 1, 2, 3), None,
                c2(padding="same", dilation=(1, 2)), "negative output size")

    # Random combinations of one or two faults, for the order of the checks.
    faults = ["groups0", "groups_big", "groups_nodiv", "pad", "stride", "channels", "bias",
              "kernel0", "dilation", "big_kernel", "zero_h", "weight_dim", "batch0", "same",
              "same_strided", "valid", "unbatched"]
    n_random = 0
    tries = 0
    while n_random < RANDOM_INVALID // 2 and tries < 30 * RANDOM_INVALID:
        tries += 1
        g = rng.choice([1, 2, 3])
        cin, cout = g * rng.randint(1, 2), g * rng.randint(1, 2)
        ws = [cout, cin // g, rng.randint(1, 3), rng.randint(1, 3)]
        xs = [rng.randint(1, 2), cin, rng.randint(2, 6), rng.randint(2, 6)]
        bs = [cout] if rng.random() < 0.6 else None
        a = c2((rng.randint(1, 2), rng.randint(1, 2)), (rng.randint(0, 1), rng.randint(0, 1)),
               (rng.randint(1, 2), rng.randint(1, 2)), g)
        chosen = rng.sample(faults, rng.choice([1, 2, 2]))
        ax = rng.randint(0, 1)
        for f in chosen:
            if f == "groups0":
                a["groups"] = 0
            elif f == "groups_big":
                a["groups"] = ws[0] + rng.randint(1, 3)
            elif f == "groups_nodiv":
                a["groups"] = rng.choice([q for q in (2, 3, 4, 5) if ws[0] % q] or [7])
            elif f == "pad" and not isinstance(a["padding"], str):
                a["padding"] = (-1, 0) if ax == 0 else (0, -1)
            elif f == "stride":
                a["stride"] = (0, 1) if ax == 0 else (1, -1)
            elif f == "channels":
                xs[-3] += 1
            elif f == "bias":
                bs = rng.choice([[cout + 1], [cout, 1], []])
            elif f == "kernel0" and len(ws) == 4:
                ws[2 + ax] = 0
            elif f == "dilation":
                a["dilation"] = rng.choice([(0, 1), (1, -1), (-1, -1)])
            elif f == "big_kernel" and len(ws) == 4:
                ws[2 + ax] = 7
            elif f == "zero_h":
                xs[-2 + ax] = 0
            elif f == "weight_dim":
                ws = ws[:3] if rng.random() < 0.5 else ws + [1]
            elif f == "batch0" and len(xs) == 4:
                xs[0] = 0
            elif f in ("same", "same_strided"):
                a["padding"] = "same"
                if f == "same_strided":
                    a["stride"] = (1, 2)
                elif a["stride"] in ((0, 1), (1, -1)):
                    pass
                else:
                    a["stride"] = 1
            elif f == "valid":
                a["padding"] = "valid"
            elif f == "unbatched" and len(xs) == 4:
                xs = xs[1:]
        if len(xs) == 3 and xs[0] == 0:
            continue
        x, w = torch.zeros(tuple(xs)), torch.zeros(tuple(ws))
        b = None if bs is None else torch.zeros(tuple(bs))
        _, e = run(lambda: call(x, w, b, a))
        if e is None:
            continue
        add_invalid(f"random_{n_random:03d}_" + "+".join(chosen), xs, ws, bs, a)
        n_random += 1
    return valid, invalid


# ------------------------------------------------------ main

def write(name, obj):
    path = os.path.join(HERE, name)
    with open(path, "w") as f:
        json.dump(obj, f, separators=(",", ":"))
        f.write("\n")
    print(f"{name}: {os.path.getsize(path) / 1024:.0f} KiB", file=sys.stderr)


def main():
    rng = random.Random(SEED)
    torch.manual_seed(SEED)
    meta = {"torch": torch.__version__, "seed": SEED, "generator": "tests/golden/gen_golden.py"}

    valid = random_valid(rng, 320)
    valid += pytorch_configs()
    valid += shape_examples()
    write("conv_transpose2d_valid.json", {"meta": meta, "cases": valid})

    invalid = invalid_conv_transpose2d(random.Random(SEED + 5))
    write("conv_transpose2d_invalid.json",
          {"meta": meta, "cases": invalid, "pair_from_list": pair_from_list_cases(),
           "module_constructor": module_constructor_cases()})

    write("round_trip_sweep.json",
          {"meta": meta, "columns": ["h", "w", "k", "d", "s", "p", "conv_h", "conv_w"],
           "rows": round_trip_sweep()})

    c2_valid, c2_invalid = conv2d_cases(random.Random(SEED + 6))
    write("conv2d.json", {"meta": meta, "valid": c2_valid, "invalid": c2_invalid})


if __name__ == "__main__":
    main()
