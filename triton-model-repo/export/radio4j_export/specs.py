"""What each production model of the repository looks like: tensors, shape profiles, batching.

One ModelSpec drives the ONNX export (dynamic axes), the trtexec shape profile, the config.pbtxt
and the consistency checks, so a config can only disagree with its engine if the engine was built
from something else.

Dimensions are the published ones (DESIGN.md "Model contracts"; NVlabs/RADIO and the HF model
cards): C-RADIOv4-H summary 2560 / features 1280, SO400M 2304 / 1152, RADIO1D-H tokens 2560 wide
with 10 prefix tokens, SigLIP2-g joint embedding 1536. After an export the dimensions are taken
from the exported graph instead (`with_dims`), because the engine is the authority.
"""
from dataclasses import dataclass, field, replace
from typing import Dict, Optional, Tuple

from .pbtxt import DynamicBatching, ModelConfig, Tensor, Warmup

NUM_PREFIX = 10
TEXT_LENGTH = 64
PATCH = 16
FAMILIES = ("c_radio", "radio1d", "clip_vision", "clip_text")
PRECISIONS = ("fp16", "bf16", "fp32", "strongly-typed")
# Where the repository runs: TensorRT plans on a GPU, or the ONNX graphs themselves on a CPU
# (Triton's onnxruntime backend, or radio4j's embedded ONNX Runtime backend).
TARGETS = ("tensorrt", "onnxruntime")


@dataclass(frozen=True)
class Resolution:
    """Image height/width the engine accepts: a TensorRT profile (min, opt, max) or one fixed size."""
    min_hw: Tuple[int, int]
    opt_hw: Tuple[int, int]
    max_hw: Tuple[int, int]

    def __post_init__(self):
        for hw in (self.min_hw, self.opt_hw, self.max_hw):
            if len(hw) != 2 or any(v <= 0 or v % PATCH for v in hw):
                raise ValueError(f"image sizes must be positive multiples of {PATCH}, got {hw}")
        if not (self.min_hw[0] <= self.opt_hw[0] <= self.max_hw[0] and self.min_hw[1] <= self.opt_hw[1] <= self.max_hw[1]):
            raise ValueError(f"need min <= opt <= max per side, got {self.min_hw}, {self.opt_hw}, {self.max_hw}")

    @classmethod
    def fixed(cls, height: int, width: Optional[int] = None):
        hw = (height, width or height)
        return cls(hw, hw, hw)

    @property
    def is_fixed(self) -> bool:
        return self.min_hw == self.max_hw

    def dims(self) -> Tuple[int, int, int]:
        """Per-item config dims of the UINT8 HWC image input."""
        return (self.min_hw[0], self.min_hw[1], 3) if self.is_fixed else (-1, -1, 3)


@dataclass(frozen=True)
class BatchProfile:
    opt: int
    max: int
    min: int = 1

    def __post_init__(self):
        if not 1 <= self.min <= self.opt <= self.max:
            raise ValueError(f"need 1 <= min <= opt <= max batch, got {self.min}, {self.opt}, {self.max}")


@dataclass(frozen=True)
class ModelSpec:
    name: str
    family: str
    source: str
    batch: BatchProfile
    preferred_batch_sizes: Tuple[int, ...]
    max_queue_delay_microseconds: int
    width: int
    summary_dim: int = 0
    resolution: Optional[Resolution] = None
    adaptor: Optional[str] = None
    num_tokens_input: bool = False
    precision: str = "fp16"
    target: str = "tensorrt"
    instance_count: int = 1
    parameters: Dict[str, str] = field(default_factory=dict)

    def __post_init__(self):
        if self.family not in FAMILIES:
            raise ValueError(f"{self.name}: unknown family {self.family!r}")
        if self.target not in TARGETS:
            raise ValueError(f"{self.name}: target must be one of {TARGETS}")
        if self.precision not in PRECISIONS:
            raise ValueError(f"{self.name}: precision must be one of {PRECISIONS}")
        if (self.family == "clip_text") != (self.resolution is None):
            raise ValueError(f"{self.name}: image models need a resolution, the text tower none")
        if self.num_tokens_input and self.family != "radio1d":
            raise ValueError(f"{self.name}: only radio1d takes num_tokens")
        if self.family == "clip_vision" and not self.resolution.is_fixed:
            raise ValueError(f"{self.name}: the CLIP image tower takes one fixed size")
        if any(b > self.batch.max for b in self.preferred_batch_sizes):
            raise ValueError(f"{self.name}: preferred batch sizes exceed the engine's max batch {self.batch.max}")
        object.__setattr__(self, "parameters", dict(self.parameters))

    # --- tensors -------------------------------------------------------------------------
    def max_global_tokens(self) -> int:
        """RADIO1D: ceil(H/32) * ceil(W/32) global tokens at the largest size (-1 if it varies)."""
        if not self.resolution.is_fixed:
            return -1
        h, w = self.resolution.max_hw
        return -(-h // (2 * PATCH)) * -(-w // (2 * PATCH))

    def inputs(self) -> Tuple[Tensor, ...]:
        if self.family == "clip_text":
            return (Tensor("input_ids", "TYPE_INT64", (TEXT_LENGTH,)),)
        image = Tensor("image", "TYPE_UINT8", self.resolution.dims())
        if self.num_tokens_input:
            # Required, not optional: a TensorRT engine has to be given every binding, and Triton's
            # backends refuse optional inputs on batching models.
            return image, Tensor("num_tokens", "TYPE_INT32", (1,))
        return (image,)

    def outputs(self) -> Tuple[Tensor, ...]:
        if self.family == "c_radio":
            n = -1 if not self.resolution.is_fixed else (self.resolution.max_hw[0] // PATCH) * (self.resolution.max_hw[1] // PATCH)
            return (Tensor("summary", "TYPE_FP32", (self.summary_dim,)), Tensor("features", "TYPE_FP32", (n, self.width)))
        if self.family == "radio1d":
            n = -1 if self.num_tokens_input or not self.resolution.is_fixed else NUM_PREFIX + self.max_global_tokens()
            return (Tensor("tokens", "TYPE_FP32", (n, self.width)),)
        return (Tensor("embedding", "TYPE_FP32", (self.width,)),)

    # --- derived artefacts ---------------------------------------------------------------
    def with_dims(self, width: int, summary_dim: int = 0):
        """The same spec with dimensions read from an exported graph."""
        return replace(self, width=width, summary_dim=summary_dim or self.summary_dim)

    def config(self) -> ModelConfig:
        params = dict(self.parameters)
        if self.resolution is not None:
            params.setdefault("image_min_hw", "%dx%d" % self.resolution.min_hw)
            params.setdefault("image_max_hw", "%dx%d" % self.resolution.max_hw)
        cpu = self.target == "onnxruntime"
        if cpu:
            # ONNX Runtime's CPU arena keeps the largest working set a session ever needed (a ViT-H at
            # 1024x1024, batch 3, holds many GB per model); shrinking it after each run returns that
            # memory for a few allocations per multi-second request. Triton's onnxruntime backend and
            # radio4j's embedded backend both read this run option from the config.
            params.setdefault(ARENA_SHRINKAGE, "cpu:0")
        return ModelConfig(
            name=self.name, platform="onnxruntime_onnx" if cpu else "tensorrt_plan", max_batch_size=self.batch.max,
            inputs=self.inputs(), outputs=self.outputs(),
            dynamic_batching=DynamicBatching(self.preferred_batch_sizes, self.max_queue_delay_microseconds),
            instance_kind="KIND_CPU" if cpu else "KIND_GPU", instance_count=self.instance_count, parameters=params,
            # A warm-up pays for TensorRT's lazy initialisation; on a CPU it would only delay loading.
            warmup=None if cpu else self.warmup(), comment=self._comment())

    def warmup(self) -> Warmup:
        """A zero-filled request at the profile's opt shape, so the first real request does not pay
        for TensorRT's lazy initialisation."""
        shapes = self.profile_shapes()
        feeds = tuple(Tensor(t.name, t.data_type, shapes[t.name]["opt"][1:]) for t in self.inputs())
        return Warmup("opt_shape", self.batch.opt, feeds)

    def _comment(self) -> str:
        adaptor = f" (adaptor {self.adaptor})" if self.adaptor else ""
        if self.target == "onnxruntime":
            lines = [f"{self.name}: ONNX graph exported from {self.source}{adaptor}, FP32, run by ONNX Runtime on the CPU."]
        else:
            lines = [f"{self.name}: TensorRT engine built from {self.source}{adaptor}, {self.precision}."]
        if self.resolution is not None:
            r = self.resolution
            lines.append("Image: UINT8 HWC, fixed %dx%d." % r.max_hw if r.is_fixed else
                         "Image: UINT8 HWC, H and W multiples of 16 from %dx%d to %dx%d (%s, opt %dx%d)."
                         % (r.min_hw + r.max_hw + ("engine profile" if self.target == "tensorrt" else "validated range",) + r.opt_hw))
        lines.append("Generated by export/radio4j_repo.py configs; edit the spec, not this file.")
        return "\n".join(lines)

    def profile_shapes(self) -> Dict[str, Dict[str, Tuple[int, ...]]]:
        """min/opt/max shape per input, batch first, as trtexec and the consistency check use them."""
        b = self.batch
        if self.family == "clip_text":
            return {"input_ids": {"min": (b.min, TEXT_LENGTH), "opt": (b.opt, TEXT_LENGTH), "max": (b.max, TEXT_LENGTH)}}
        r = self.resolution
        shapes = {"image": {"min": (b.min,) + r.min_hw + (3,), "opt": (b.opt,) + r.opt_hw + (3,), "max": (b.max,) + r.max_hw + (3,)}}
        if self.num_tokens_input:
            shapes["num_tokens"] = {"min": (b.min, 1), "opt": (b.opt, 1), "max": (b.max, 1)}
        return shapes

    def dynamic_axes(self) -> Dict[str, Dict[int, str]]:
        """torch.onnx.export dynamic axes: batch always, H/W when the resolution is profiled."""
        axes = {}
        for t in self.inputs():
            axes[t.name] = {0: "batch"}
        if self.resolution is not None and not self.resolution.is_fixed:
            axes["image"].update({1: "height", 2: "width"})
        for t in self.outputs():
            axes[t.name] = {0: "batch"}
            if len(t.dims) == 2 and t.dims[0] == -1:
                axes[t.name][1] = "tokens"
        return axes


# Triton onnxruntime backend's model parameter for ONNX Runtime's run option of that name
# (triton-inference-server/onnxruntime_backend src/onnxruntime.cc).
ARENA_SHRINKAGE = "memory.enable_memory_arena_shrinkage"

# SigLIP logit scale/bias start as TAO RADIO-CLIP's initial values (ln 10 and -10); the export
# replaces them with the trained values read from the SigLIP2 checkpoint.
DEFAULT_LOGITS = {"logit_scale": "2.302585", "logit_bias": "-10.0"}

# Profiled C-RADIOv4 engines trace at a non-square, non-table size and are validated at several
# aspect ratios (see validate.py), because RADIO's position-embedding lookup takes Python branches
# on the input shape. 1024 keeps a batch-8 profile within a single 80 GB GPU's activation memory;
# raise it (and lower the batch) for 2048.
C_RADIO_RESOLUTION = Resolution((224, 224), (512, 512), (1024, 1024))


def default_specs() -> Dict[str, ModelSpec]:
    specs = [
        ModelSpec("c_radio_v4_h", "c_radio", "NVlabs/RADIO c-radio_v4-h", BatchProfile(4, 8), (4, 8), 2000,
                  width=1280, summary_dim=2560, resolution=C_RADIO_RESOLUTION),
        ModelSpec("c_radio_v4_so400m", "c_radio", "NVlabs/RADIO c-radio_v4-so400m", BatchProfile(4, 8), (4, 8), 2000,
                  width=1152, summary_dim=2304, resolution=C_RADIO_RESOLUTION),
        # RADIO1D at its trained 512x512 (1..256 tokens per the model card): fixed, so the CPE
        # lookup and the merge grid are traced exactly as they will run.
        ModelSpec("radio1d_h", "radio1d", "nvidia/C-RADIOv4-1D-H", BatchProfile(8, 16), (8, 16), 2000,
                  width=2560, resolution=Resolution.fixed(512)),
        ModelSpec("radio_clip_vision", "clip_vision", "NVlabs/RADIO c-radio_v4-h", BatchProfile(32, 64), (16, 32, 64), 1000,
                  width=1536, resolution=Resolution.fixed(224), adaptor="siglip2-g", parameters=DEFAULT_LOGITS),
        ModelSpec("radio_clip_text", "clip_text", "NVlabs/RADIO c-radio_v4-h siglip2-g text tower", BatchProfile(32, 64),
                  (16, 32, 64), 1000, width=1536, adaptor="siglip2-g", parameters=DEFAULT_LOGITS),
    ]
    return {s.name: s for s in specs}
