"""Triton config.pbtxt rendering from a small, validated description of a model.

One description renders both the tiny (ONNX Runtime) and the real (TensorRT) configs, and the
consistency checks compare engines and ONNX graphs against the same description, so the three
cannot drift apart silently. Field names follow Triton's model_config.proto.
"""
from dataclasses import dataclass, field
from typing import Dict, Optional, Tuple

DATA_TYPES = ("TYPE_BOOL", "TYPE_UINT8", "TYPE_INT32", "TYPE_INT64", "TYPE_FP16", "TYPE_FP32", "TYPE_BF16")
KINDS = ("KIND_GPU", "KIND_CPU")


@dataclass(frozen=True)
class Tensor:
    """One input or output, per item (the batch dimension is implicit when max_batch_size > 0)."""
    name: str
    data_type: str
    dims: Tuple[int, ...]
    optional: bool = False

    def __post_init__(self):
        if not self.name:
            raise ValueError("tensor name must not be empty")
        if self.data_type not in DATA_TYPES:
            raise ValueError(f"unsupported data_type {self.data_type!r} for {self.name!r}")
        if not self.dims or any(d == 0 or d < -1 for d in self.dims):
            raise ValueError(f"dims of {self.name!r} must be positive or -1, got {self.dims}")
        object.__setattr__(self, "dims", tuple(int(d) for d in self.dims))


@dataclass(frozen=True)
class DynamicBatching:
    preferred_batch_sizes: Tuple[int, ...] = ()
    max_queue_delay_microseconds: int = 0

    def __post_init__(self):
        if any(b <= 0 for b in self.preferred_batch_sizes):
            raise ValueError(f"preferred batch sizes must be positive: {self.preferred_batch_sizes}")
        if self.max_queue_delay_microseconds < 0:
            raise ValueError("max_queue_delay_microseconds must not be negative")
        object.__setattr__(self, "preferred_batch_sizes", tuple(self.preferred_batch_sizes))


@dataclass(frozen=True)
class Warmup:
    """One model_warmup entry: zero-filled inputs of the given per-item dims, at batch_size."""
    name: str
    batch_size: int
    inputs: Tuple[Tensor, ...]

    def __post_init__(self):
        if self.batch_size <= 0:
            raise ValueError("warmup batch_size must be positive")
        if any(d < 0 for t in self.inputs for d in t.dims):
            raise ValueError(f"warmup {self.name!r} needs concrete dims, got {[t.dims for t in self.inputs]}")
        object.__setattr__(self, "inputs", tuple(self.inputs))


@dataclass(frozen=True)
class ModelConfig:
    name: str
    platform: str
    max_batch_size: int
    inputs: Tuple[Tensor, ...]
    outputs: Tuple[Tensor, ...]
    backend: Optional[str] = None
    dynamic_batching: Optional[DynamicBatching] = None
    instance_kind: str = "KIND_GPU"
    instance_count: int = 1
    parameters: Dict[str, str] = field(default_factory=dict)
    cuda_graphs: bool = False
    warmup: Optional[Warmup] = None
    comment: str = ""

    def __post_init__(self):
        if self.max_batch_size <= 0:
            raise ValueError(f"{self.name}: radio4j models batch, max_batch_size must be > 0")
        if self.instance_kind not in KINDS:
            raise ValueError(f"{self.name}: unknown instance kind {self.instance_kind!r}")
        if self.instance_count <= 0:
            raise ValueError(f"{self.name}: instance_count must be > 0")
        if not self.inputs or not self.outputs:
            raise ValueError(f"{self.name}: a model needs inputs and outputs")
        names = [t.name for t in self.inputs + self.outputs]
        if len(set(names)) != len(names):
            raise ValueError(f"{self.name}: duplicate tensor names {names}")
        if self.dynamic_batching and any(b > self.max_batch_size
                                         for b in self.dynamic_batching.preferred_batch_sizes):
            raise ValueError(f"{self.name}: a preferred batch size exceeds max_batch_size {self.max_batch_size}")
        if self.warmup is not None:
            if self.warmup.batch_size > self.max_batch_size:
                raise ValueError(f"{self.name}: warmup batch exceeds max_batch_size {self.max_batch_size}")
            if sorted(t.name for t in self.warmup.inputs) != sorted(t.name for t in self.inputs):
                raise ValueError(f"{self.name}: warmup must feed every input")
        object.__setattr__(self, "inputs", tuple(self.inputs))
        object.__setattr__(self, "outputs", tuple(self.outputs))
        object.__setattr__(self, "parameters", dict(self.parameters))

    def input(self, name: str) -> Tensor:
        return next(t for t in self.inputs if t.name == name)

    def output(self, name: str) -> Tensor:
        return next(t for t in self.outputs if t.name == name)


def _dims(dims) -> str:
    return "[ " + ", ".join(str(d) for d in dims) + " ]"


def _tensors(tensors) -> str:
    items = []
    for t in tensors:
        lines = [f'    name: "{t.name}"', f"    data_type: {t.data_type}", f"    dims: {_dims(t.dims)}"]
        if t.optional:
            lines.append("    optional: true")
        items.append("  {\n" + "\n".join(lines) + "\n  }")
    return "[\n" + ",\n".join(items) + "\n]"


def render(config: ModelConfig) -> str:
    """The config.pbtxt text for one model (protobuf text format, Triton's ModelConfig)."""
    out = []
    if config.comment:
        out += [f"# {line}".rstrip() for line in config.comment.splitlines()]
    out.append(f'name: "{config.name}"')
    if config.backend:
        out.append(f'backend: "{config.backend}"')
    out.append(f'platform: "{config.platform}"')
    out.append(f"max_batch_size: {config.max_batch_size}")
    out.append(f"input {_tensors(config.inputs)}")
    out.append(f"output {_tensors(config.outputs)}")
    if config.dynamic_batching is not None:
        db = config.dynamic_batching
        body = []
        if db.preferred_batch_sizes:
            body.append(f"  preferred_batch_size: {_dims(db.preferred_batch_sizes)}")
        body.append(f"  max_queue_delay_microseconds: {db.max_queue_delay_microseconds}")
        out.append("dynamic_batching {\n" + "\n".join(body) + "\n}")
    out.append(f"instance_group [\n  {{\n    kind: {config.instance_kind}\n    count: {config.instance_count}\n  }}\n]")
    if config.cuda_graphs:
        out.append("optimization { cuda { graphs: true } }")
    if config.warmup is not None:
        w = config.warmup
        feeds = "\n".join(f'    inputs {{\n      key: "{t.name}"\n      value: {{ data_type: {t.data_type} dims: {_dims(t.dims)} zero_data: true }}\n    }}'
                          for t in w.inputs)
        out.append(f'model_warmup [\n  {{\n    name: "{w.name}"\n    batch_size: {w.batch_size}\n{feeds}\n  }}\n]')
    for key in sorted(config.parameters):
        value = config.parameters[key].replace("\\", "\\\\").replace('"', '\\"')
        out.append(f'parameters {{\n  key: "{key}"\n  value: {{ string_value: "{value}" }}\n}}')
    return "\n".join(out) + "\n"
