"""Stand-in for onnx.reference: ConvTranspose by the spec's formulas (see ../README.md)."""
import numpy as np
import torch

import framework_refs as _ref


class ReferenceEvaluator:
    def __init__(self, model):
        (self.node,) = model["graph"]["nodes"]
        assert self.node["op_type"] == "ConvTranspose"

    def run(self, outputs, feeds):
        t = [torch.from_numpy(np.asarray(feeds[n])) for n in self.node["inputs"]]
        y = _ref.onnx_conv_transpose(*t, **self.node["attrs"])
        return [y.numpy()]
