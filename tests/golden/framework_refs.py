"""Each framework's transposed convolution by its own definition, computed with
real PyTorch (1.13), independently of tconv's C++ (which maps every
convention onto a window of PyTorch's full output instead):

- TensorFlow: tf.nn.conv2d_transpose is the gradient of conv2d with respect to
  its input (nn_ops.py: gen_nn_ops.conv2d_backprop_input). Here: conv2d over a
  tensor of output_shape, padded by TF's SAME/VALID rule (tf.nn's "Notes on
  padding"), differentiated by torch.autograd.
- ONNX: the ConvTranspose spec's formulas (onnx/defs/nn/defs.cc) over the full
  output F.conv_transpose2d gives with no padding: output_padding zeros at
  the end, then pads[start] / pads[end] cropped (negative pads add zeros).
- JAX: lax.conv_transpose is conv_general_dilated with lhs_dilation=strides
  and _conv_transpose_padding's (low, high) pads: here the stride-dilated
  input, F.pad'ed (negative amounts crop), correlated by F.conv2d.

Tensors are torch tensors in the framework's own layout; results too.
"""

import math

import torch
import torch.nn.functional as F


def pair(v):
    return (v, v) if isinstance(v, int) else tuple(v)


# ---------------------------------------------------------------- TensorFlow

class TFError(Exception):
    pass


def tf_sequence(v, nchw):
    """nn_ops._get_sequence for n = 2: the spatial (h, w)."""
    v = [v] if isinstance(v, int) else list(v)
    if len(v) == 4:
        return (v[2], v[3]) if nchw else (v[1], v[2])
    if len(v) == 1:
        return (v[0], v[0])
    return (v[0], v[1])


def tf_pads(out, k_eff, s, padding):
    """TF's forward padding of an axis of size `out`: (before, after)."""
    if padding == "VALID":
        return 0, 0
    fwd = -(-out // s)
    needed = max((fwd - 1) * s + k_eff - out, 0)
    return needed // 2, needed - needed // 2


def keras_size(n, k_eff, s, padding, op):
    """keras backend_utils._get_output_shape_given_tf_padding."""
    if padding == "VALID":
        op = max(k_eff, s) - k_eff if op is None else op
        return (n - 1) * s + k_eff + op
    return n * s if op is None else (n - 1) * s + k_eff % 2 + op


def tf_conv2d_transpose(x, filters, output_shape, strides, padding, data_format="NHWC",
                        dilations=1, bias=None, output_padding=None):
    """Raises TFError when the forward conv2d does not map output_shape back."""
    padding = padding.upper()
    nchw = data_format == "NCHW"
    s, d = tf_sequence(strides, nchw), tf_sequence(dilations, nchw)
    xc = x if nchw else x.permute(0, 3, 1, 2)
    w_fwd = filters.permute(3, 2, 0, 1)  # conv2d's (out = C_in here, in = C_out, kH, kW)
    k = filters.shape[:2]
    k_eff = [(k[i] - 1) * d[i] + 1 for i in range(2)]
    if output_shape is None:
        op = None if output_padding is None else pair(output_padding)
        hw = [keras_size(xc.shape[2 + i], k_eff[i], s[i], padding, None if op is None else op[i])
              for i in range(2)]
        out = [xc.shape[0], filters.shape[2]] + hw
    else:
        out = list(output_shape) if nchw else [output_shape[i] for i in (0, 3, 1, 2)]
    (t, b), (l, r) = (tf_pads(out[2 + i], k_eff[i], s[i], padding) for i in range(2))
    z = torch.zeros(out, dtype=torch.float64, requires_grad=True)
    try:
        y = F.conv2d(F.pad(z, (l, r, t, b)), w_fwd.double(), None, s, 0, d)
    except RuntimeError as e:  # kernel larger than the padded plane
        raise TFError(str(e).split("\n")[0])
    if tuple(y.shape) != tuple(xc.shape):
        raise TFError(f"conv2d maps output_shape {out} to {list(y.shape)}, not the input "
                      f"{list(xc.shape)}")
    (g,) = torch.autograd.grad(y, z, grad_outputs=xc.double())
    g = g.float()
    if bias is not None:
        g = g + bias.view(1, -1, 1, 1)
    return g if nchw else g.permute(0, 2, 3, 1)


# ---------------------------------------------------------------- ONNX

def onnx_conv_transpose(X, W, B=None, auto_pad="NOTSET", dilations=None, group=1,
                        kernel_shape=None, output_padding=None, output_shape=None, pads=None,
                        strides=None):
    s = tuple(strides or (1, 1))
    d = tuple(dilations or (1, 1))
    op = tuple(output_padding or (0, 0))
    full = F.conv_transpose2d(X, W, None, s, 0, 0, group, d)
    n_full = full.shape[2:]
    if output_shape is not None or auto_pad in ("SAME_UPPER", "SAME_LOWER"):
        out = list(output_shape) if output_shape is not None else [X.shape[2 + i] * s[i]
                                                                   for i in range(2)]
        total = [n_full[i] + op[i] - out[i] for i in range(2)]
        if auto_pad == "SAME_UPPER":
            begin = [t // 2 for t in total]
        else:
            begin = [t - t // 2 for t in total]
        end = [total[i] - begin[i] for i in range(2)]
    elif auto_pad == "VALID":
        begin, end = [0, 0], [0, 0]
    else:
        p = list(pads or (0, 0, 0, 0))
        begin, end = p[:2], p[2:]
    # output_padding zeros at the end, then crop pads (negative: more zeros).
    y = F.pad(full, (0, op[1], 0, op[0]))
    y = F.pad(y, (-begin[1], -end[1], -begin[0], -end[0]))
    if B is not None:
        y = y + B.view(1, -1, 1, 1)
    return y


# ---------------------------------------------------------------- JAX

def jax_permutations(dn):
    """lax.conv_general_permutations for string specs."""
    lhs_spec, rhs_spec, out_spec = dn

    def perm(spec, a, b):
        sp = sorted((i for i, c in enumerate(spec) if c not in (a, b)),
                    key=lambda i: rhs_spec.index(spec[i]))
        return [spec.index(a), spec.index(b)] + sp

    return perm(lhs_spec, "N", "C"), perm(rhs_spec, "O", "I"), perm(out_spec, "N", "C")


def jax_transpose_padding(k, s, padding):
    """lax._conv_transpose_padding."""
    if padding == "SAME":
        pad_len = k + s - 2
        pad_a = k - 1 if s > k - 1 else int(math.ceil(pad_len / 2))
    elif padding == "VALID":
        pad_len = k + s - 2 + max(k - s, 0)
        pad_a = k - 1
    else:
        pads = tuple(k - p - 1 for p in padding)
        pad_a, pad_len = pads[0], sum(pads)
    return pad_a, pad_len - pad_a


def lhs_dilated_conv(x, kernel, strides, pads, rhs_dilation, groups=1):
    """conv_general_dilated(window_strides=1, lhs_dilation=strides) in NCHW/OIHW."""
    n, c, h, w = x.shape
    s = pair(strides)
    xd = torch.zeros(n, c, (h - 1) * s[0] + 1, (w - 1) * s[1] + 1, dtype=x.dtype)
    xd[:, :, ::s[0], ::s[1]] = x
    (lo_h, hi_h), (lo_w, hi_w) = pads
    xp = F.pad(xd, (lo_w, hi_w, lo_h, hi_h))
    return F.conv2d(xp, kernel, None, 1, 0, pair(rhs_dilation), groups)


def jax_conv_transpose(lhs, rhs, strides, padding, rhs_dilation=None,
                       dimension_numbers=("NHWC", "HWIO", "NHWC"), transpose_kernel=False,
                       use_consistent_padding=False):
    lp, rp, op = jax_permutations(dimension_numbers)
    x = lhs.permute(*lp)
    k = rhs.permute(*rp)  # (O, I, kH, kW)
    d = tuple(rhs_dilation or (1, 1))
    k_eff = [(k.shape[2 + i] - 1) * d[i] + 1 for i in range(2)]
    if isinstance(padding, str) or use_consistent_padding:
        rep = [padding] * 2 if isinstance(padding, str) else [tuple(p) for p in padding]
        pads = [jax_transpose_padding(k_eff[i], strides[i], rep[i]) for i in range(2)]
    else:
        pads = [tuple(p) for p in padding]
    if transpose_kernel:
        k = k.flip(2, 3).transpose(0, 1)
    y = lhs_dilated_conv(x, k, strides, pads, d)
    inv = [op.index(j) for j in range(4)]
    return y.permute(*inv)
