"""ONNX export of a wrapped model for its spec, and the spec as the exported graph really is."""
import os

import torch

from .consistency import onnx_io
from .specs import ModelSpec, NUM_PREFIX

OPSET = 17  # LayerNormalization is an ONNX op from 17, which lets TensorRT keep it in FP32


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
                          dynamic_axes=spec.dynamic_axes(), opset_version=OPSET, do_constant_folding=True)
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
