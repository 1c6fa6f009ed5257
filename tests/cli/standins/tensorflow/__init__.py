"""Stand-in for tensorflow: tf.nn.conv2d_transpose only (see ../README.md)."""
import types

import numpy as np
import torch

import framework_refs as _ref


class _Tensor(np.ndarray):
    def numpy(self):
        return np.asarray(self)


def _conv2d_transpose(input, filters, output_shape, strides, padding="SAME",  # noqa: A002
                      data_format="NHWC", dilations=None, name=None):
    y = _ref.tf_conv2d_transpose(torch.from_numpy(np.asarray(input)),
                                 torch.from_numpy(np.asarray(filters)), list(output_shape),
                                 strides, padding, data_format, 1 if dilations is None else dilations)
    return y.detach().numpy().view(_Tensor)


nn = types.SimpleNamespace(conv2d_transpose=_conv2d_transpose)
