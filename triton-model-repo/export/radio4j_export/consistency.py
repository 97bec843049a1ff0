"""Does a config.pbtxt say what its ONNX graph or TensorRT engine really has?

Triton refuses to load a model whose config disagrees with its engine, and a config that claims
more than the engine profile allows fails only when such a request arrives. These checks find
both before deployment. The comparisons work on plain descriptions (IoDesc), so they are tested
without TensorRT; only `engine_io` needs the `tensorrt` package.
"""
from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence, Tuple

from .pbtxt import ModelConfig
from .specs import ModelSpec

# ONNX TensorProto element types -> Triton config types.
ONNX_TYPES = {1: "TYPE_FP32", 2: "TYPE_UINT8", 6: "TYPE_INT32", 7: "TYPE_INT64", 9: "TYPE_BOOL",
              10: "TYPE_FP16", 16: "TYPE_BF16"}
# tensorrt.DataType names -> Triton config types.
TRT_TYPES = {"FLOAT": "TYPE_FP32", "HALF": "TYPE_FP16", "BF16": "TYPE_BF16", "UINT8": "TYPE_UINT8",
             "INT32": "TYPE_INT32", "INT64": "TYPE_INT64", "BOOL": "TYPE_BOOL"}


@dataclass(frozen=True)
class IoDesc:
    """One graph or engine tensor: full shape with the batch dimension first, -1 where dynamic."""
    name: str
    data_type: str
    shape: Tuple[int, ...]


def check_io(config: ModelConfig, inputs: Sequence[IoDesc], outputs: Sequence[IoDesc]) -> List[str]:
    """Problems between a config and a graph's inputs/outputs; empty when they agree."""
    return (_check_side(config.name, "input", config.inputs, inputs)
            + _check_side(config.name, "output", config.outputs, outputs))


def _check_side(model, side, declared, actual) -> List[str]:
    problems = []
    by_name = {d.name: d for d in actual}
    declared_names = {t.name for t in declared}
    for name in sorted(set(by_name) - declared_names):
        problems.append(f"{model}: {side} '{name}' is in the graph but not in config.pbtxt")
    for t in declared:
        d = by_name.get(t.name)
        if d is None:
            problems.append(f"{model}: config {side} '{t.name}' is not in the graph")
            continue
        if d.data_type != t.data_type:
            problems.append(f"{model}: {side} '{t.name}' is {d.data_type} in the graph, {t.data_type} in config.pbtxt")
        if len(d.shape) != len(t.dims) + 1:
            problems.append(f"{model}: {side} '{t.name}' has shape {list(d.shape)} in the graph, "
                            f"config dims {list(t.dims)} plus the batch dimension")
            continue
        if d.shape[0] != -1:
            problems.append(f"{model}: {side} '{t.name}' has a fixed batch dimension {d.shape[0]}; Triton batches on it")
        for i, (g, c) in enumerate(zip(d.shape[1:], t.dims)):
            # A config may pin a dimension the graph leaves open, never the other way round.
            if g != -1 and g != c:
                problems.append(f"{model}: {side} '{t.name}' dim {i} is {g} in the graph, {c} in config.pbtxt")
    return problems


def check_profile(spec: ModelSpec, config: ModelConfig,
                  profiles: Dict[str, Tuple[Tuple[int, ...], Tuple[int, ...], Tuple[int, ...]]]) -> List[str]:
    """Problems between an engine's optimization profile 0 and the spec/config it was meant for."""
    problems = []
    wanted = spec.profile_shapes()
    for name, per in wanted.items():
        got = profiles.get(name)
        if got is None:
            problems.append(f"{spec.name}: the engine has no profile for input '{name}'")
            continue
        for which, shape in zip(("min", "opt", "max"), got):
            if tuple(shape) != tuple(per[which]):
                problems.append(f"{spec.name}: engine {which} shape of '{name}' is {list(shape)}, the spec says {list(per[which])}")
    max_batches = [got[2][0] for got in profiles.values() if got]
    if max_batches and config.max_batch_size > min(max_batches):
        problems.append(f"{spec.name}: max_batch_size {config.max_batch_size} exceeds the engine's max batch {min(max_batches)}")
    return problems


def onnx_io(path: str) -> Tuple[List[IoDesc], List[IoDesc]]:
    """Inputs (initializers excluded) and outputs of an ONNX file, symbolic dims as -1."""
    import onnx

    model = onnx.load(path, load_external_data=False)
    initializers = {i.name for i in model.graph.initializer}

    def desc(v):
        t = v.type.tensor_type
        dims = tuple(d.dim_value if d.HasField("dim_value") else -1 for d in t.shape.dim)
        return IoDesc(v.name, ONNX_TYPES.get(t.elem_type, f"ONNX_{t.elem_type}"), dims)

    return ([desc(v) for v in model.graph.input if v.name not in initializers],
            [desc(v) for v in model.graph.output])


def engine_io(path: str):
    """Inputs, outputs and profile-0 shapes of a serialized TensorRT engine (needs a GPU)."""
    import tensorrt as trt

    logger = trt.Logger(trt.Logger.WARNING)
    with open(path, "rb") as f:
        engine = trt.Runtime(logger).deserialize_cuda_engine(f.read())
    if engine is None:
        raise RuntimeError(f"{path}: TensorRT could not deserialize the engine (built with another TensorRT version?)")
    inputs, outputs, profiles = [], [], {}
    for i in range(engine.num_io_tensors):
        name = engine.get_tensor_name(i)
        d = IoDesc(name, TRT_TYPES.get(engine.get_tensor_dtype(name).name, str(engine.get_tensor_dtype(name))),
                   tuple(engine.get_tensor_shape(name)))
        if engine.get_tensor_mode(name) == trt.TensorIOMode.INPUT:
            inputs.append(d)
            profiles[name] = tuple(tuple(s) for s in engine.get_tensor_profile_shape(name, 0))
        else:
            outputs.append(d)
    return inputs, outputs, profiles


def check_model_dir(spec: ModelSpec, config: ModelConfig, onnx_file: Optional[str] = None,
                    plan_file: Optional[str] = None) -> List[str]:
    """All checks that the available artefacts allow."""
    problems = []
    if onnx_file:
        problems += check_io(config, *onnx_io(onnx_file))
    if plan_file:
        inputs, outputs, profiles = engine_io(plan_file)
        problems += check_io(config, inputs, outputs)
        problems += check_profile(spec, config, profiles)
    return problems
