"""Engine-vs-PyTorch validation: cosine similarity per item, a pass/fail report per model.

Summaries and embeddings must reach cosine >= 0.999 against the FP32 PyTorch model (FP16
overflow in RADIO's large activations shows up here first). Dense outputs (features, tokens) are
reported per token with a looser default floor, since they are compared row by row.
"""
import json
import os
import sys
import tempfile
from dataclasses import asdict, dataclass
from typing import Callable, Dict, List, Optional, Sequence, Tuple

import numpy as np

from .specs import ModelSpec

SUMMARY_MIN_COSINE = 0.999
DENSE_MIN_COSINE = 0.99
# Aspect ratios exercised for profiled engines: RADIO's position-embedding lookup branches on the
# trace-time shape (max side, crop), so portrait, landscape and square inputs are all checked.
VALIDATION_SHAPES_PROFILED = ((224, 224), (512, 512), (384, 640), (640, 384), (1024, 1024))
# Batch sizes every case runs at: not the trace batch (2), so a graph frozen to it fails.
VALIDATION_BATCHES = (1, 3)


@dataclass(frozen=True)
class Check:
    model: str
    case: str
    output: str
    min_cosine: float
    mean_cosine: float
    threshold: float
    error: str = ""

    @property
    def passed(self) -> bool:
        return not self.error and self.min_cosine >= self.threshold

    @property
    def result(self) -> str:
        return "error" if self.error else ("pass" if self.passed else "FAIL")


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


def thresholds(spec: ModelSpec, min_cosine: Optional[float] = None) -> Dict[str, float]:
    """Per output: min_cosine when given (e.g. 0.9999 for FP32 ONNX Runtime), else the FP16 defaults."""
    if spec.family == "c_radio":
        t = {"summary": SUMMARY_MIN_COSINE, "features": DENSE_MIN_COSINE}
    elif spec.family == "radio1d":
        t = {"tokens": DENSE_MIN_COSINE}
    else:
        t = {"embedding": SUMMARY_MIN_COSINE}
    return {k: min_cosine for k in t} if min_cosine is not None else t


def compare(spec: ModelSpec, case: str, engine: Dict[str, np.ndarray], reference: Dict[str, np.ndarray],
            min_cosine: Optional[float] = None) -> List[Check]:
    checks = []
    for name, threshold in thresholds(spec, min_cosine).items():
        if name not in engine:
            raise KeyError(f"{spec.name}: the engine returned no '{name}' (got {sorted(engine)})")
        cos = cosine_rows(engine[name], reference[name])
        checks.append(Check(spec.name, case, name, float(cos.min()), float(cos.mean()), threshold))
    return checks


def validation_shapes(spec: ModelSpec, wanted: Optional[Sequence[Tuple[int, int]]] = None) -> Sequence[Tuple[int, int]]:
    """The five aspect-ratio cases inside the profile (or `wanted`, filtered the same way)."""
    if spec.resolution is None:
        return ()
    if spec.resolution.is_fixed:
        return (spec.resolution.max_hw,)
    lo, hi = spec.resolution.min_hw, spec.resolution.max_hw
    shapes = VALIDATION_SHAPES_PROFILED if wanted is None else tuple(wanted)
    return tuple(hw for hw in shapes if lo[0] <= hw[0] <= hi[0] and lo[1] <= hw[1] <= hi[1])


def validation_inputs(spec: ModelSpec, batches: Sequence[int] = VALIDATION_BATCHES, seed: int = 0,
                      token_ids: Sequence[Sequence[int]] = (), shapes: Optional[Sequence[Tuple[int, int]]] = None):
    """(case name, feeds) pairs: random natural-ish images per shape and batch size, or token rows."""
    for batch in batches:
        for case, feeds in _inputs(spec, batch, seed, token_ids, shapes):
            yield f"{case} b{batch}", feeds


def _inputs(spec, batch, seed, token_ids, shapes):
    rng = np.random.default_rng(seed)
    if spec.family == "clip_text":
        if not token_ids:
            raise ValueError("the text tower is validated on real tokenized captions; pass token_ids")
        rows = [token_ids[i % len(token_ids)] for i in range(batch)]
        yield "captions", {"input_ids": np.asarray(rows, dtype=np.int64)}
        return
    for h, w in validation_shapes(spec, shapes):
        # Smooth gradients plus noise: closer to photographs than uniform noise, which drives
        # ViT activations into ranges real images never reach.
        yy, xx = np.mgrid[0:h, 0:w]
        base = np.stack([(xx * 255 // max(w - 1, 1)), (yy * 255 // max(h - 1, 1)), ((xx + yy) * 127 // max(h + w - 2, 1))], -1)
        images = np.clip(base[None] + rng.normal(0, 20, (batch, h, w, 3)), 0, 255).astype(np.uint8)
        feeds = {"image": images}
        if spec.num_tokens_input:
            feeds["num_tokens"] = np.full((batch, 1), 2**31 - 1, dtype=np.int32)
        yield f"{h}x{w}", feeds


def run(spec: ModelSpec, engine_fn: Callable, reference_fn: Callable, inputs, min_cosine: Optional[float] = None,
        log: Callable[[str], None] = lambda line: None, into: Optional[List[Check]] = None) -> List[Check]:
    """engine_fn/reference_fn map feeds (numpy) to {output name: numpy array}.

    A case that raises (the engine refuses a shape, an output is missing, shapes differ) becomes an
    'error' check carrying the message, and the remaining cases still run. Checks are appended to
    `into` as they finish, so an interrupted run still reports the cases it completed.
    """
    checks = [] if into is None else into
    for case, feeds in inputs:
        try:
            got = compare(spec, case, engine_fn(feeds), reference_fn(feeds), min_cosine)
        except Exception as e:  # noqa: BLE001 - every failure belongs in the report
            message = f"{type(e).__name__}: {e}".replace("\n", " ")[:500]
            got = [Check(spec.name, case, name, float("nan"), float("nan"), t, error=message)
                   for name, t in thresholds(spec, min_cosine).items()]
        checks += got
        for c in got:
            log(f"{c.model} {c.case} {c.output}: {c.result} (min cosine {c.min_cosine:.10f})" + (f" {c.error}" if c.error else ""))
    return checks


def error_checks(model: str, message: str) -> List[Check]:
    """The report row of a model that could not be validated at all (load or export failed)."""
    return [Check(model, "setup", "-", float("nan"), float("nan"), float("nan"), error=message.replace("\n", " ")[:500])]


def write_report(checks: List[Check], out_dir: str, title: str = "") -> bool:
    """Writes validation.json and validation.md; returns True when there were checks and all passed."""
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, "validation.json"), "w") as f:
        json.dump([dict(asdict(c), passed=c.passed, result=c.result) for c in checks], f, indent=1)
    lines = [f"# {title}", ""] if title else []
    lines += ["| model | case | output | min cosine | mean cosine | threshold | result |", "|---|---|---|---|---|---|---|"]
    for c in checks:
        result = c.result + (f": {c.error}" if c.error else "")
        lines.append(f"| {c.model} | {c.case} | {c.output} | {c.min_cosine:.10f} | {c.mean_cosine:.10f} | {c.threshold} | "
                     f"{result.replace('|', '/')} |")
    if not checks:
        lines.append("| (none) | | | | | | FAIL: nothing was validated |")
    lines += ["", "| model | result |", "|---|---|"]
    for model in dict.fromkeys(c.model for c in checks):
        ok = all(c.passed for c in checks if c.model == model)
        lines.append(f"| {model} | {'pass' if ok else 'FAIL'} |")
    with open(os.path.join(out_dir, "validation.md"), "w") as f:
        f.write("\n".join(lines) + "\n")
    return bool(checks) and all(c.passed for c in checks)


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
        if self.context is None:
            raise RuntimeError(f"{plan_path}: TensorRT could not create an execution context (out of GPU memory?)")

    def __call__(self, feeds: Dict[str, np.ndarray]) -> Dict[str, np.ndarray]:
        trt, torch = self._trt, self._torch
        stream = torch.cuda.current_stream()
        keep = {}
        for name, array in feeds.items():
            t = torch.from_numpy(np.ascontiguousarray(array)).cuda()
            keep[name] = t
            _require(self.context.set_input_shape(name, tuple(t.shape)),
                     f"set_input_shape({name}, {tuple(t.shape)}) refused: outside the engine's profile?")
            _require(self.context.set_tensor_address(name, t.data_ptr()), f"set_tensor_address({name}) refused")
        missing = self.context.infer_shapes()
        _require(not missing, f"TensorRT could not infer the output shapes; inputs without a shape: {missing}")
        fixed, dynamic = {}, {}
        for i in range(self.engine.num_io_tensors):
            name = self.engine.get_tensor_name(i)
            if self.engine.get_tensor_mode(name) != trt.TensorIOMode.OUTPUT:
                continue
            trt_type = self.engine.get_tensor_dtype(name)
            dtype = {trt.DataType.FLOAT: torch.float32, trt.DataType.HALF: torch.float16}.get(trt_type)
            _require(dtype is not None, f"output {name} has type {trt_type}; expected FLOAT or HALF")
            shape = tuple(self.context.get_tensor_shape(name))
            if any(d < 0 for d in shape):
                dynamic[name] = _OutputAllocator(trt, torch, dtype)
                _require(self.context.set_output_allocator(name, dynamic[name]), f"set_output_allocator({name}) refused")
            else:
                fixed[name] = torch.empty(shape, dtype=dtype, device="cuda")
                _require(self.context.set_tensor_address(name, fixed[name].data_ptr()), f"set_tensor_address({name}) refused")
        _require(self.context.execute_async_v3(stream.cuda_stream), "TensorRT execution failed (execute_async_v3)")
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
                if self.shape is None or self.buffer is None:
                    raise RuntimeError("TensorRT never reported this output's shape")
                count = int(np.prod(self.shape))
                return self.buffer[: count * torch.tensor([], dtype=dtype).element_size()].view(dtype).reshape(self.shape)

        return Allocator()


def _require(ok, message: str):
    """TensorRT's Python API reports many failures as a False/None return value, not an exception."""
    if not ok:
        raise RuntimeError(message)


_KSERVE_TYPES = {"UINT8": (np.uint8, "u1"), "INT32": (np.int32, "<i4"), "INT64": (np.int64, "<i8"), "FP32": (np.float32, "<f4"),
                 "FP16": (np.float16, "<f2")}


def kserve_stubs(proto_dir: str, out_dir: Optional[str] = None):
    """(grpc_service_pb2, grpc_service_pb2_grpc) generated from Triton's protos with grpc_tools."""
    from grpc_tools import protoc

    out_dir = out_dir or tempfile.mkdtemp(prefix="kserve-stubs-")
    args = ["protoc", f"-I{proto_dir}", f"--python_out={out_dir}", f"--grpc_python_out={out_dir}",
            os.path.join(proto_dir, "grpc_service.proto"), os.path.join(proto_dir, "model_config.proto")]
    if protoc.main(args) != 0:
        raise RuntimeError(f"protoc failed on {proto_dir}")
    sys.path.insert(0, out_dir)
    import grpc_service_pb2
    import grpc_service_pb2_grpc

    return grpc_service_pb2, grpc_service_pb2_grpc


class KServeRunner:
    """Runs one model on a KServe v2 gRPC server: a CPU Triton (onnxruntime backend) or radio4j's
    embedded ONNX Runtime backend (io.radio4j.core.backend.ServeRepository). Raw little-endian
    tensors, as tritonclient sends them; every response is checked for its outputs."""

    def __init__(self, url: str, model: str, proto_dir: str, timeout_s: float = 3600.0):
        import grpc

        self.pb, rpc = kserve_stubs(proto_dir)
        options = [("grpc.max_receive_message_length", -1), ("grpc.max_send_message_length", -1)]
        self.stub = rpc.GRPCInferenceServiceStub(grpc.insecure_channel(url, options=options))
        self.model = model
        self.timeout_s = timeout_s
        meta = self.stub.ModelMetadata(self.pb.ModelMetadataRequest(name=model), timeout=60)
        self.inputs = {t.name: t.datatype for t in meta.inputs}
        self.outputs = [t.name for t in meta.outputs]

    def __call__(self, feeds: Dict[str, np.ndarray]) -> Dict[str, np.ndarray]:
        req = self.pb.ModelInferRequest(model_name=self.model)
        for name, array in feeds.items():
            if name not in self.inputs:
                raise KeyError(f"{self.model} has no input {name!r} (has {sorted(self.inputs)})")
            t = req.inputs.add()
            t.name, t.datatype = name, self.inputs[name]
            t.shape.extend(array.shape)
            req.raw_input_contents.append(np.ascontiguousarray(array, dtype=_KSERVE_TYPES[t.datatype][1]).tobytes())
        for name in self.outputs:
            req.outputs.add().name = name
        res = self.stub.ModelInfer(req, timeout=self.timeout_s)
        out = {}
        for i, o in enumerate(res.outputs):
            dtype = _KSERVE_TYPES[o.datatype][1]
            out[o.name] = np.frombuffer(res.raw_output_contents[i], dtype=dtype).reshape(tuple(o.shape)).astype(np.float32)
        missing = set(self.outputs) - set(out)
        if missing:
            raise KeyError(f"{self.model}: the server returned no {sorted(missing)}")
        return out
