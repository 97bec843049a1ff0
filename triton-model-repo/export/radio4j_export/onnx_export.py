"""ONNX export of a wrapped model for its spec, and the spec as the exported graph really is."""
import inspect
import os
import shutil

import torch

from .consistency import onnx_io
from .specs import ModelSpec, NUM_PREFIX

OPSET = 17  # LayerNormalization is an ONNX op from 17, which lets TensorRT keep it in FP32
# ONNX's protobuf limit: a graph whose weights are larger keeps them in an external-data file.
PROTOBUF_LIMIT = 2 * 1024 ** 3
EXTERNAL_DATA = "model.onnx.data"


def exporter_options(onnx_export=None) -> dict:
    """Keyword arguments that select the TorchScript (tracing) exporter on every torch version.

    PyTorch 2.9 made the dynamo exporter the default of torch.onnx.export; the wrappers are
    written for the tracer (see wrappers.py), so the choice is pinned wherever torch has it.
    torch 1.13 (Debian's) has no `dynamo` argument and only the tracer.
    """
    fn = onnx_export or torch.onnx.export
    return {"dynamo": False} if "dynamo" in inspect.signature(fn).parameters else {}


def export(spec: ModelSpec, module: torch.nn.Module, example, path: str) -> ModelSpec:
    """Exports module to path and returns spec with the dimensions read back from the graph."""
    module.eval()
    with torch.no_grad():
        outputs = module(*example)
    outputs = outputs if isinstance(outputs, tuple) else (outputs,)
    names = [t.name for t in spec.outputs()]
    if len(outputs) != len(names):
        raise RuntimeError(f"{spec.name}: the wrapper returns {len(outputs)} outputs, the contract has {names}")
    if spec.family == "radio1d" and outputs[0].shape[1] <= NUM_PREFIX:
        raise RuntimeError(f"{spec.name}: tokens {tuple(outputs[0].shape)} lack the {NUM_PREFIX} prefix tokens")

    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with torch.no_grad():
        torch.onnx.export(module, tuple(example), path,
                          input_names=[t.name for t in spec.inputs()], output_names=names,
                          dynamic_axes=spec.dynamic_axes(), opset_version=OPSET, do_constant_folding=True,
                          **exporter_options())
    shapes = {n: tuple(o.shape) for n, o in zip(names, outputs)}
    _pin_static_output_dims(path, spec.dynamic_axes(), shapes)
    return measured_spec(spec, shapes)


def _pin_static_output_dims(path: str, dynamic_axes, shapes):
    """Writes the traced size into every output dim that is not a dynamic axis.

    The TorchScript exporter loses static sizes behind shape-computed Reshapes (a flatten is
    enough) and declares them unknown; the consistency checks and TensorRT both read them.
    """
    import onnx

    # External data (weights over 2 GB, as C-RADIOv4-H's are in FP32) stays where the exporter
    # wrote it; only the graph proto is rewritten.
    model = onnx.load(path, load_external_data=False)
    for out in model.graph.output:
        dynamic = dynamic_axes.get(out.name, {})
        for i, dim in enumerate(out.type.tensor_type.shape.dim):
            if i not in dynamic:
                dim.Clear()
                dim.dim_value = int(shapes[out.name][i])
    onnx.save(model, path)
    onnx.checker.check_model(path)


def install_onnx(src: str, model_dir: str) -> str:
    """Puts an exported graph into a Triton model folder as version 1 for ONNX Runtime.

    A graph up to 2 GB becomes `1/model.onnx`. A larger one (its weights were written as external
    data beside src) becomes Triton's directory form, `1/model.onnx/model.onnx` with all weights
    in one `model.onnx.data` next to it, which ONNX Runtime resolves relative to the graph.
    Returns the path of the installed graph file.
    """
    import onnx

    version_dir = os.path.join(model_dir, "1")
    target = os.path.join(version_dir, "model.onnx")
    if os.path.isdir(target):
        shutil.rmtree(target)
    elif os.path.exists(target):
        os.remove(target)
    os.makedirs(version_dir, exist_ok=True)
    proto = onnx.load(src, load_external_data=False)
    external = any(t.data_location == onnx.TensorProto.EXTERNAL for t in proto.graph.initializer)
    if not external:
        shutil.copyfile(src, target)
        return target
    del proto
    os.makedirs(target)
    graph = os.path.join(target, "model.onnx")
    model = onnx.load(src)  # reads every external tensor back
    onnx.save_model(model, graph, save_as_external_data=True, all_tensors_to_one_file=True, location=EXTERNAL_DATA,
                    size_threshold=1024)
    return graph


def measured_spec(spec: ModelSpec, shapes) -> ModelSpec:
    """spec with width/summary taken from real output shapes (the model is the authority).

    shapes maps output name -> shape with the batch first; a -1 (a graph whose exporter could not
    infer the size) keeps the spec's value.
    """
    def last(name, default):
        d = shapes[name][-1]
        return default if d is None or d < 0 else int(d)

    if spec.family == "c_radio":
        return spec.with_dims(width=last("features", spec.width), summary_dim=last("summary", spec.summary_dim))
    if spec.family == "radio1d":
        return spec.with_dims(width=last("tokens", spec.width))
    return spec.with_dims(width=last("embedding", spec.width))


def measured_spec_from_onnx(spec: ModelSpec, path: str) -> ModelSpec:
    _, outputs = onnx_io(path)
    return measured_spec(spec, {o.name: o.shape for o in outputs})
