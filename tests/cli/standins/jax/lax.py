"""Stand-in for jax.lax (see ../README.md)."""
import enum

import numpy as np
import torch

import framework_refs as _ref


class Precision(enum.Enum):
    DEFAULT = 0
    HIGH = 1
    HIGHEST = 2


def _t(a):
    return torch.from_numpy(np.ascontiguousarray(a, dtype=np.float32))


def conv_transpose(lhs, rhs, strides, padding, rhs_dilation=None, dimension_numbers=None,
                   transpose_kernel=False, precision=None, preferred_element_type=None,
                   use_consistent_padding=False):
    dn = tuple(dimension_numbers or ("NHWC", "HWIO", "NHWC"))
    y = _ref.jax_conv_transpose(_t(lhs), _t(rhs), tuple(strides), padding, rhs_dilation, dn,
                                transpose_kernel, use_consistent_padding)
    return y.numpy()


def conv_general_dilated(lhs, rhs, window_strides, padding, lhs_dilation=None, rhs_dilation=None,
                         dimension_numbers=None, feature_group_count=1, batch_group_count=1,
                         precision=None, preferred_element_type=None):
    assert tuple(dimension_numbers) == ("NCHW", "OIHW", "NCHW"), dimension_numbers
    assert tuple(window_strides) == (1, 1) and batch_group_count == 1
    y = _ref.lhs_dilated_conv(_t(lhs), _t(rhs), tuple(lhs_dilation or (1, 1)),
                              [tuple(p) for p in padding], tuple(rhs_dilation or (1, 1)),
                              feature_group_count)
    return y.numpy()
