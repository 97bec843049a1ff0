"""Writes the small model repository the KServe conformance suite serves (ONNX graphs + config.pbtxt).

usage: make_models.py OUT_DIR

Every model is tiny and its result is easy to compute independently (the reference server
computes it with numpy): `simple` is Triton's own example (INT32 sum and difference), the
`identity_*` models echo one tensor of each datatype, `nobatch` has no batch dimension,
`optional_in` has an optional input, `scores` has a label file for classification, `lazy` is a
copy of `simple` that is not loaded at start (repository control), `broken` names an input the
graph does not have (a model that fails to load).
"""
import os
import sys

import onnx
from onnx import TensorProto, helper

# Element types the embedded backend (ONNX Runtime's Java API) can feed, and the Triton name of each.
IDENTITY_TYPES = {
    "BOOL": TensorProto.BOOL, "UINT8": TensorProto.UINT8, "INT8": TensorProto.INT8, "INT16": TensorProto.INT16,
    "INT32": TensorProto.INT32, "INT64": TensorProto.INT64, "FP16": TensorProto.FLOAT16, "FP32": TensorProto.FLOAT,
    "FP64": TensorProto.DOUBLE,
    # ONNX Runtime's Java API cannot make tensors of these; the models exist so requests reach the checks.
    "UINT16": TensorProto.UINT16, "UINT32": TensorProto.UINT32, "UINT64": TensorProto.UINT64, "BYTES": TensorProto.STRING,
}
CONFIG_TYPES = {"BOOL": "TYPE_BOOL", "UINT8": "TYPE_UINT8", "INT8": "TYPE_INT8", "INT16": "TYPE_INT16", "INT32": "TYPE_INT32",
                "INT64": "TYPE_INT64", "FP16": "TYPE_FP16", "FP32": "TYPE_FP32", "FP64": "TYPE_FP64", "UINT16": "TYPE_UINT16",
                "UINT32": "TYPE_UINT32", "UINT64": "TYPE_UINT64", "BYTES": "TYPE_STRING"}


def save(out, name, graph, config, extra_files=None):
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 7
    os.makedirs(os.path.join(out, name, "1"), exist_ok=True)
    onnx.save(model, os.path.join(out, name, "1", "model.onnx"))
    with open(os.path.join(out, name, "config.pbtxt"), "w") as f:
        f.write(config)
    for file_name, text in (extra_files or {}).items():
        with open(os.path.join(out, name, file_name), "w") as f:
            f.write(text)


def simple_graph(batch_dim):
    shape = [batch_dim, 16]
    return helper.make_graph(
        [helper.make_node("Add", ["INPUT0", "INPUT1"], ["OUTPUT0"]), helper.make_node("Sub", ["INPUT0", "INPUT1"], ["OUTPUT1"])],
        "simple",
        [helper.make_tensor_value_info("INPUT0", TensorProto.INT32, shape), helper.make_tensor_value_info("INPUT1", TensorProto.INT32, shape)],
        [helper.make_tensor_value_info("OUTPUT0", TensorProto.INT32, shape), helper.make_tensor_value_info("OUTPUT1", TensorProto.INT32, shape)])


SIMPLE_CONFIG = """name: "%s"
platform: "onnxruntime_onnx"
max_batch_size: 8
input [ { name: "INPUT0" data_type: TYPE_INT32 dims: [ 16 ] }, { name: "INPUT1" data_type: TYPE_INT32 dims: [ 16 ] } ]
output [ { name: "OUTPUT0" data_type: TYPE_INT32 dims: [ 16 ] }, { name: "OUTPUT1" data_type: TYPE_INT32 dims: [ 16 ] } ]
"""


def identity(out, triton_type, onnx_type):
    name = "identity_" + triton_type.lower()
    graph = helper.make_graph([helper.make_node("Identity", ["INPUT0"], ["OUTPUT0"])], name,
                              [helper.make_tensor_value_info("INPUT0", onnx_type, ["batch", "n"])],
                              [helper.make_tensor_value_info("OUTPUT0", onnx_type, ["batch", "n"])])
    config = ('name: "%s"\nbackend: "onnxruntime"\nmax_batch_size: 4\n'
              'input [ { name: "INPUT0" data_type: %s dims: [ -1 ] } ]\n'
              'output [ { name: "OUTPUT0" data_type: %s dims: [ -1 ] } ]\n') % (name, CONFIG_TYPES[triton_type], CONFIG_TYPES[triton_type])
    save(out, name, graph, config)


def main(out):
    save(out, "simple", simple_graph("batch"), SIMPLE_CONFIG % "simple")
    save(out, "lazy", simple_graph("batch"), SIMPLE_CONFIG % "lazy")
    for t, o in IDENTITY_TYPES.items():
        identity(out, t, o)
    save(out, "nobatch",
         helper.make_graph([helper.make_node("Identity", ["IN"], ["OUT"])], "nobatch",
                           [helper.make_tensor_value_info("IN", TensorProto.FLOAT, [2, 3])],
                           [helper.make_tensor_value_info("OUT", TensorProto.FLOAT, [2, 3])]),
         'name: "nobatch"\nplatform: "onnxruntime_onnx"\nmax_batch_size: 0\n'
         'input [ { name: "IN" data_type: TYPE_FP32 dims: [ 2, 3 ] } ]\n'
         'output [ { name: "OUT" data_type: TYPE_FP32 dims: [ 2, 3 ] } ]\n'
         'dynamic_batching { }\n')
    save(out, "optional_in",
         helper.make_graph([helper.make_node("Identity", ["A"], ["OUT"])], "optional_in",
                           [helper.make_tensor_value_info("A", TensorProto.INT32, ["batch", 4]),
                            helper.make_tensor_value_info("B", TensorProto.INT32, ["batch", 4])],
                           [helper.make_tensor_value_info("OUT", TensorProto.INT32, ["batch", 4])]),
         'name: "optional_in"\nplatform: "onnxruntime_onnx"\nmax_batch_size: 2\n'
         'input [ { name: "A" data_type: TYPE_INT32 dims: [ 4 ] }, { name: "B" data_type: TYPE_INT32 dims: [ 4 ] optional: true } ]\n'
         'output [ { name: "OUT" data_type: TYPE_INT32 dims: [ 4 ] } ]\n'
         'dynamic_batching { priority_levels: 2 default_priority_level: 2 }\n'
         'instance_group [ { kind: KIND_CPU count: 1 } ]\n')
    save(out, "scores",
         helper.make_graph([helper.make_node("Identity", ["X"], ["P"])], "scores",
                           [helper.make_tensor_value_info("X", TensorProto.FLOAT, ["batch", 4])],
                           [helper.make_tensor_value_info("P", TensorProto.FLOAT, ["batch", 4])]),
         'name: "scores"\nplatform: "onnxruntime_onnx"\nmax_batch_size: 2\n'
         'input [ { name: "X" data_type: TYPE_FP32 dims: [ 4 ] } ]\n'
         'output [ { name: "P" data_type: TYPE_FP32 dims: [ 4 ] label_filename: "labels.txt" } ]\n',
         {"labels.txt": "cat\ndog\nbird\nfish\n"})
    save(out, "broken",
         helper.make_graph([helper.make_node("Identity", ["REAL"], ["OUT"])], "broken",
                           [helper.make_tensor_value_info("REAL", TensorProto.FLOAT, ["batch", 2])],
                           [helper.make_tensor_value_info("OUT", TensorProto.FLOAT, ["batch", 2])]),
         'name: "broken"\nplatform: "onnxruntime_onnx"\nmax_batch_size: 2\n'
         'input [ { name: "WRONG" data_type: TYPE_FP32 dims: [ 2 ] } ]\n'
         'output [ { name: "OUT" data_type: TYPE_FP32 dims: [ 2 ] } ]\n')


if __name__ == "__main__":
    main(sys.argv[1])
