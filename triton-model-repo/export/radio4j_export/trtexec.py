"""trtexec command lines for the repository's engines, built from the same specs as the configs.

Flags per NVIDIA/TensorRT samples/trtexec (README, sampleOptions.cpp): --minShapes/--optShapes/
--maxShapes take name:AxBxC lists; --fp16/--bf16 exist up to TensorRT 10.x, while TensorRT 11
builds strongly typed networks only (precision then comes from the ONNX types).
"""
import os
import shlex
from typing import List, Optional

from .specs import ModelSpec


def shape_arg(shapes, which: str) -> str:
    return ",".join(f"{name}:{'x'.join(str(d) for d in per[which])}" for name, per in shapes.items())


def command(spec: ModelSpec, onnx_path: str, plan_path: str, trtexec: str = "trtexec",
            workspace_mib: Optional[int] = None, timing_cache: Optional[str] = None) -> List[str]:
    """The argv that builds spec's engine from onnx_path into plan_path."""
    shapes = spec.profile_shapes()
    argv = [trtexec, f"--onnx={onnx_path}", f"--saveEngine={plan_path}",
            f"--minShapes={shape_arg(shapes, 'min')}",
            f"--optShapes={shape_arg(shapes, 'opt')}",
            f"--maxShapes={shape_arg(shapes, 'max')}"]
    if spec.precision == "fp16":
        argv.append("--fp16")
    elif spec.precision == "bf16":
        argv.append("--bf16")
    elif spec.precision == "strongly-typed":
        argv.append("--stronglyTyped")
    if workspace_mib:
        argv.append(f"--memPoolSize=workspace:{workspace_mib}")
    if timing_cache:
        argv.append(f"--timingCacheFile={timing_cache}")
    return argv


def plan_path(repo_dir: str, spec: ModelSpec) -> str:
    return os.path.join(repo_dir, spec.name, "1", "model.plan")


def onnx_path(onnx_dir: str, spec: ModelSpec) -> str:
    """One folder per model: graphs over 2 GB keep their weights in external files beside it."""
    return os.path.join(onnx_dir, spec.name, "model.onnx")


def printable(argv: List[str]) -> str:
    return " ".join(shlex.quote(a) for a in argv)
