"""Stand-in for onnx.helper (see ../README.md)."""


def make_node(op_type, inputs, outputs, name=None, **attrs):
    return {"op_type": op_type, "inputs": list(inputs), "outputs": list(outputs), "attrs": attrs}


def make_tensor_value_info(name, elem_type, shape):
    return (name, elem_type, shape)


def make_graph(nodes, name, inputs, outputs):
    return {"nodes": nodes, "inputs": inputs, "outputs": outputs}


def make_opsetid(domain, version):
    return (domain, version)


class _Model(dict):
    def SerializeToString(self):  # noqa: N802 (onnx's name)
        raise NotImplementedError("the stand-in has no protobuf")


def make_model(graph, opset_imports=None):
    return _Model(graph=graph, opset_imports=opset_imports)
