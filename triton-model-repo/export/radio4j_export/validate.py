"""Engine-vs-PyTorch validation: cosine similarity per item, a pass/fail report per model.

Summaries and embeddings must reach cosine >= 0.999 against the FP32 PyTorch model (FP16
overflow in RADIO's large activations shows up here first). Dense outputs (features, tokens) are
reported per token with a looser default floor, since they are compared row by row.
"""
import json
import os
from dataclasses import asdict, dataclass
from typing import Callable, Dict, List, Sequence, Tuple

import numpy as np

from .specs import ModelSpec

SUMMARY_MIN_COSINE = 0.999
DENSE_MIN_COSINE = 0.99
# Aspect ratios exercised for profiled engines: RADIO's position-embedding lookup branches on the
# trace-time shape (max side, crop), so portrait, landscape and square inputs are all checked.
VALIDATION_SHAPES_PROFILED = ((224, 224), (512, 512), (384, 640), (640, 384), (1024, 1024))


@dataclass(frozen=True)
class Check:
    model: str
    case: str
    output: str
    min_cosine: float
    mean_cosine: float
    threshold: float

    @property
    def passed(self) -> bool:
        return self.min_cosine >= self.threshold


def cosine_rows(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Cosine similarity of matching rows (last axis is the vector), in float64."""
    if a.shape != b.shape:
        raise ValueError(f"shape mismatch: engine {a.shape} vs reference {b.shape}")
    a = a.astype(np.float64).reshape(-1, a.shape[-1])
    b = b.astype(np.float64).reshape(-1, b.shape[-1])
    na = np.linalg.norm(a, axis=1)
    nb = np.linalg.norm(b, axis=1)
    # Two zero vectors agree; one zero vector against a non-zero one does not.
    both_zero = (na == 0) & (nb == 0)
    cos = np.sum(a * b, axis=1) / np.maximum(na * nb, 1e-30)
    return np.where(both_zero, 1.0, cos)


def thresholds(spec: ModelSpec) -> Dict[str, float]:
    if spec.family == "c_radio":
        return {"summary": SUMMARY_MIN_COSINE, "features": DENSE_MIN_COSINE}
    if spec.family == "radio1d":
        return {"tokens": DENSE_MIN_COSINE}
    return {"embedding": SUMMARY_MIN_COSINE}


def compare(spec: ModelSpec, case: str, engine: Dict[str, np.ndarray], reference: Dict[str, np.ndarray]) -> List[Check]:
    checks = []
    for name, threshold in thresholds(spec).items():
        if name not in engine:
            raise KeyError(f"{spec.name}: the engine returned no '{name}' (got {sorted(engine)})")
        cos = cosine_rows(engine[name], reference[name])
        checks.append(Check(spec.name, case, name, float(cos.min()), float(cos.mean()), threshold))
    return checks


def validation_shapes(spec: ModelSpec) -> Sequence[Tuple[int, int]]:
    if spec.resolution is None:
        return ()
    if spec.resolution.is_fixed:
        return (spec.resolution.max_hw,)
    lo, hi = spec.resolution.min_hw, spec.resolution.max_hw
    return tuple(hw for hw in VALIDATION_SHAPES_PROFILED if lo[0] <= hw[0] <= hi[0] and lo[1] <= hw[1] <= hi[1])


def validation_inputs(spec: ModelSpec, batch: int = 2, seed: int = 0, token_ids: Sequence[Sequence[int]] = ()):
    """(case name, feeds) pairs: random natural-ish images per shape, or the given token rows."""
    rng = np.random.default_rng(seed)
    if spec.family == "clip_text":
        if not token_ids:
            raise ValueError("the text tower is validated on real tokenized captions; pass token_ids")
        yield "captions", {"input_ids": np.asarray(token_ids, dtype=np.int64)}
        return
    for h, w in validation_shapes(spec):
        # Smooth gradients plus noise: closer to photographs than uniform noise, which drives
        # ViT activations into ranges real images never reach.
        yy, xx = np.mgrid[0:h, 0:w]
        base = np.stack([(xx * 255 // max(w - 1, 1)), (yy * 255 // max(h - 1, 1)), ((xx + yy) * 127 // max(h + w - 2, 1))], -1)
        images = np.clip(base[None] + rng.normal(0, 20, (batch, h, w, 3)), 0, 255).astype(np.uint8)
        feeds = {"image": images}
        if spec.num_tokens_input:
            feeds["num_tokens"] = np.full((batch, 1), 2**31 - 1, dtype=np.int32)
        yield f"{h}x{w}", feeds


def run(spec: ModelSpec, engine_fn: Callable, reference_fn: Callable, inputs) -> List[Check]:
    """engine_fn/reference_fn map feeds (numpy) to {output name: numpy array}."""
    checks = []
    for case, feeds in inputs:
        checks += compare(spec, case, engine_fn(feeds), reference_fn(feeds))
    return checks


def write_report(checks: List[Check], out_dir: str) -> bool:
    """Writes validation.json and validation.md; returns True when every check passed."""
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, "validation.json"), "w") as f:
        json.dump([dict(asdict(c), passed=c.passed) for c in checks], f, indent=1)
    lines = ["| model | case | output | min cosine | mean cosine | threshold | result |", "|---|---|---|---|---|---|---|"]
    for c in checks:
        lines.append(f"| {c.model} | {c.case} | {c.output} | {c.min_cosine:.6f} | {c.mean_cosine:.6f} | {c.threshold} | "
                     f"{'pass' if c.passed else 'FAIL'} |")
    lines += ["", "| model | result |", "|---|---|"]
    for model in dict.fromkeys(c.model for c in checks):
        ok = all(c.passed for c in checks if c.model == model)
        lines.append(f"| {model} | {'pass' if ok else 'FAIL'} |")
    with open(os.path.join(out_dir, "validation.md"), "w") as f:
        f.write("\n".join(lines) + "\n")
    return all(c.passed for c in checks)


class TensorRTRunner:
    """Runs a serialized engine on the GPU with torch-owned buffers (needs tensorrt and CUDA).

    Outputs whose size depends on input values (RADIO1D's num_tokens) get their memory from an
    output allocator that TensorRT calls once it knows the size.
    """

    def __init__(self, plan_path: str):
        import tensorrt as trt
        import torch

        self._trt, self._torch = trt, torch
        with open(plan_path, "rb") as f:
            self.engine = trt.Runtime(trt.Logger(trt.Logger.WARNING)).deserialize_cuda_engine(f.read())
        if self.engine is None:
            raise RuntimeError(f"{plan_path}: TensorRT could not deserialize the engine")
        self.context = self.engine.create_execution_context()

    def __call__(self, feeds: Dict[str, np.ndarray]) -> Dict[str, np.ndarray]:
        trt, torch = self._trt, self._torch
        stream = torch.cuda.current_stream()
        keep = {}
        for name, array in feeds.items():
            t = torch.from_numpy(np.ascontiguousarray(array)).cuda()
            keep[name] = t
            self.context.set_input_shape(name, tuple(t.shape))
            self.context.set_tensor_address(name, t.data_ptr())
        fixed, dynamic = {}, {}
        for i in range(self.engine.num_io_tensors):
            name = self.engine.get_tensor_name(i)
            if self.engine.get_tensor_mode(name) != trt.TensorIOMode.OUTPUT:
                continue
            dtype = {trt.DataType.FLOAT: torch.float32, trt.DataType.HALF: torch.float16}[self.engine.get_tensor_dtype(name)]
            shape = tuple(self.context.get_tensor_shape(name))
            if any(d < 0 for d in shape):
                dynamic[name] = _OutputAllocator(trt, torch, dtype)
                self.context.set_output_allocator(name, dynamic[name])
            else:
                fixed[name] = torch.empty(shape, dtype=dtype, device="cuda")
                self.context.set_tensor_address(name, fixed[name].data_ptr())
        if not self.context.execute_async_v3(stream.cuda_stream):
            raise RuntimeError("TensorRT execution failed")
        stream.synchronize()
        outputs = {k: v.float().cpu().numpy() for k, v in fixed.items()}
        outputs.update({k: a.result().float().cpu().numpy() for k, a in dynamic.items()})
        return outputs


class _OutputAllocator:
    """TensorRT IOutputAllocator backed by a torch buffer; created lazily so tensorrt stays optional."""

    def __new__(cls, trt, torch, dtype):
        class Allocator(trt.IOutputAllocator):
            def __init__(self):
                super().__init__()
                self.buffer = None
                self.shape = None

            def reallocate_output(self, tensor_name, memory, size, alignment):
                if self.buffer is None or self.buffer.numel() < size:
                    self.buffer = torch.empty(max(size, 1), dtype=torch.uint8, device="cuda")
                return self.buffer.data_ptr()

            def reallocate_output_async(self, tensor_name, memory, size, alignment, stream):
                return self.reallocate_output(tensor_name, memory, size, alignment)

            def notify_shape(self, tensor_name, shape):
                self.shape = tuple(shape)

            def result(self):
                count = int(np.prod(self.shape))
                return self.buffer[: count * torch.tensor([], dtype=dtype).element_size()].view(dtype).reshape(self.shape)

        return Allocator()
