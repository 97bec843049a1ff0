"""`<model>_bytes` ensembles: encoded images (JPEG, PNG, ...) in, the engine's outputs out.

A client that sends encoded bytes (radio4j's PASSTHROUGH speed mode) needs a model that decodes
and resizes on the server. For every image engine the repository holds an ensemble named
`<model>_bytes` whose input is `image_bytes` (BYTES, one encoded image per batch item, Triton's
4-byte length-prefixed layout on the wire) and whose outputs are the engine's:

  models/ (Triton, GPU)   <model>_bytes = radio4j_unpack_bytes (python: BYTES -> zero-padded UINT8 [-1])
                                        -> <model>_dali (DALI: nvJPEG decode, EXIF, resize -> UINT8 HWC)
                                        -> <model>
  tiny/   (embedded)      <model>_bytes = <model>_preprocess (backend "radio4j": radio4j's own
                                          ImagePreprocessor, EXACT or FAST) -> <model>

Triton's DALI backend takes no BYTES (TYPE_STRING) input, only fixed-size types (dali_backend
src/config_tools/config_tools.cc to_triton_config; dali_backend issue #176), and "Triton accepts
only homogeneous batch shape" (dali_backend README, Known limitations), so the GPU ensemble
unpacks the BYTES elements into one zero-padded UINT8 [batch, longest] tensor first.

The geometry (resize mode and size, DESIGN.md "Preprocessing contract") is fixed per ensemble and
published as config parameters `resize_mode` and `resize_hw` on the ensemble and on its
preprocessing step, so a client can check that the server resizes as it would.
The ensemble_scheduling field names follow Triton's model_config.proto (ModelEnsembling.Step:
model_name, model_version, input_map, output_map; the map key is the step model's tensor, the
value the ensemble-scoped tensor).
"""
import os
import re
from dataclasses import dataclass
from typing import Dict, List, Optional, Tuple

# One renderer of tensor lists for every config this package writes.
from .pbtxt import _tensors

BYTES_INPUT = "image_bytes"
ENCODED = "encoded"
PIXELS = "pixels"
IMAGE = "image"
UNPACK_MODEL = "radio4j_unpack_bytes"
MODES = ("SQUASH", "CENTER_CROP", "SNAP16")
# The limits the server enforces before decoding (radio4j ImageLimits defaults: 64 MiB, Pillow's
# decompression-bomb limit of 89,478,485 pixels, 1024 animation frames).
DEFAULT_LIMITS = {"max_encoded_bytes": "67108864", "max_pixels": "89478485", "max_frames": "1024"}


def bytes_model(name: str) -> str:
    return name + "_bytes"


def dali_model(name: str) -> str:
    return name + "_dali"


def preprocess_model(name: str) -> str:
    return name + "_preprocess"


@dataclass(frozen=True)
class Geometry:
    """How the server resizes: SQUASH to exactly height x width, or CENTER_CROP / SNAP16 with the
    shortest edge to S (height == width == S)."""
    mode: str
    height: int
    width: int

    def __post_init__(self):
        if self.mode not in MODES:
            raise ValueError(f"resize mode must be one of {MODES}, got {self.mode!r}")
        if self.height <= 0 or self.width <= 0:
            raise ValueError(f"sizes must be positive, got {self.height}x{self.width}")
        if self.mode != "SQUASH" and self.height != self.width:
            raise ValueError(f"{self.mode} takes one shortest-edge size, got {self.height}x{self.width}")
        if self.mode == "SNAP16" and self.height % 16:
            raise ValueError(f"SNAP16 needs a multiple of 16, got {self.height}")

    def output_dims(self) -> Tuple[int, int, int]:
        """Per-item dims of the UINT8 HWC output: fixed except for SNAP16, whose long edge follows the image."""
        return (-1, -1, 3) if self.mode == "SNAP16" else (self.height, self.width, 3)

    def parameters(self) -> Dict[str, str]:
        return {"resize_mode": self.mode, "resize_hw": f"{self.height}x{self.width}"}


def default_geometry(spec) -> Geometry:
    """The encoders' defaults: C-RADIOv4 and RADIO1D SQUASH to 512x512 (the engines' opt/fixed size,
    the transformers example), RADIO-CLIP CENTER_CROP 224 (open_clip's val transform)."""
    if spec.family == "clip_vision":
        return Geometry("CENTER_CROP", *spec.resolution.max_hw)
    if spec.family == "c_radio":
        return Geometry("SQUASH", *spec.resolution.opt_hw)
    if spec.family == "radio1d":
        return Geometry("SQUASH", *spec.resolution.max_hw)
    raise ValueError(f"{spec.name}: no image input, so no _bytes ensemble")


# --- a small reader for the config.pbtxt files pbtxt.render writes ---------------------------

@dataclass(frozen=True)
class Io:
    name: str
    data_type: str
    dims: Tuple[int, ...]
    optional: bool = False


@dataclass(frozen=True)
class EngineIo:
    name: str
    max_batch_size: int
    inputs: Tuple[Io, ...]
    outputs: Tuple[Io, ...]


_BLOCK = re.compile(r'\{\s*name:\s*"([^"]+)"\s*data_type:\s*(\w+)\s*dims:\s*\[([^\]]*)\](\s*optional:\s*true)?\s*\}')


def _section(text: str, key: str) -> str:
    start = re.search(r"^" + key + r" \[", text, re.M)
    if not start:
        raise ValueError(f"no '{key} [' section")
    depth, i = 0, start.end() - 1
    for j in range(i, len(text)):
        depth += {"[": 1, "]": -1}.get(text[j], 0)
        if depth == 0:
            return text[i:j + 1]
    raise ValueError(f"unterminated '{key}' section")


def read_engine_io(text: str) -> EngineIo:
    """Name, max_batch_size, inputs and outputs of a config rendered by pbtxt.render."""
    name = re.search(r'^name: "([^"]+)"', text, re.M).group(1)
    mbs = int(re.search(r"^max_batch_size: (\d+)", text, re.M).group(1))

    def tensors(key):
        return tuple(Io(m.group(1), m.group(2), tuple(int(d) for d in m.group(3).replace(" ", "").split(",") if d),
                        bool(m.group(4))) for m in _BLOCK.finditer(_section(text, key)))
    return EngineIo(name, mbs, tensors("input"), tensors("output"))


def engine_io_of_spec(spec) -> EngineIo:
    cfg = spec.config()
    return EngineIo(cfg.name, cfg.max_batch_size,
                    tuple(Io(t.name, t.data_type, t.dims, t.optional) for t in cfg.inputs),
                    tuple(Io(t.name, t.data_type, t.dims, t.optional) for t in cfg.outputs))


# --- rendering ------------------------------------------------------------------------------

def _parameters(params: Dict[str, str]) -> List[str]:
    return [f'parameters {{\n  key: "{k}"\n  value: {{ string_value: "{params[k]}" }}\n}}' for k in sorted(params)]


def _map(kind: str, pairs) -> str:
    return "\n".join(f'      {kind} {{ key: "{k}" value: "{v}" }}' for k, v in pairs)


@dataclass(frozen=True)
class Step:
    model_name: str
    input_map: Tuple[Tuple[str, str], ...]
    output_map: Tuple[Tuple[str, str], ...]


def _render(name, comment, head, max_batch, inputs, outputs, tail=(), params=None) -> str:
    out = [f"# {line}".rstrip() for line in comment.splitlines()]
    out.append(f'name: "{name}"')
    out += head
    out.append(f"max_batch_size: {max_batch}")
    out.append(f"input {_tensors(inputs)}")
    out.append(f"output {_tensors(outputs)}")
    out += list(tail)
    out += _parameters(params or {})
    return "\n".join(out) + "\n"


def ensemble_steps(engine: EngineIo, preprocessing: List[Step]) -> List[Step]:
    """The preprocessing steps, then the engine fed with the pixels (and every other engine input
    passed through under its own name)."""
    inputs = tuple((t.name, PIXELS if t.name == IMAGE else t.name) for t in engine.inputs)
    return preprocessing + [Step(engine.name, inputs, tuple((t.name, t.name) for t in engine.outputs))]


def ensemble_inputs(engine: EngineIo) -> Tuple[Io, ...]:
    """`image_bytes` in place of the engine's `image`; the engine's other inputs as they are."""
    if IMAGE not in [t.name for t in engine.inputs]:
        raise ValueError(f"{engine.name}: an image engine needs an input named '{IMAGE}'")
    return (Io(BYTES_INPUT, "TYPE_STRING", (1,)),) + tuple(t for t in engine.inputs if t.name != IMAGE)


def render_ensemble(engine: EngineIo, geometry: Geometry, preprocessing: List[Step], comment: str) -> str:
    steps = ensemble_steps(engine, preprocessing)
    body = []
    for s in steps:
        body.append("    {\n"
                    f'      model_name: "{s.model_name}"\n'
                    "      model_version: -1\n"
                    f"{_map('input_map', s.input_map)}\n"
                    f"{_map('output_map', s.output_map)}\n"
                    "    }")
    scheduling = "ensemble_scheduling {\n  step [\n" + ",\n".join(body) + "\n  ]\n}"
    return _render(bytes_model(engine.name), comment, ['platform: "ensemble"'], engine.max_batch_size,
                   ensemble_inputs(engine), engine.outputs, [scheduling], geometry.parameters())


def _batching(delay_us: int) -> str:
    return f"dynamic_batching {{\n  max_queue_delay_microseconds: {delay_us}\n}}"


def _instances(kind: str, count: int) -> str:
    return f"instance_group [\n  {{\n    kind: {kind}\n    count: {count}\n  }}\n]"


def render_unpack(max_batch: int) -> str:
    comment = ("radio4j_unpack_bytes: BYTES image_bytes [1] per item -> UINT8 encoded [-1], zero-padded to the\n"
               "longest item of the batch, because DALI's Triton backend reads no BYTES input. Refuses an item\n"
               "over max_encoded_bytes. Python backend, CPU; 1/model.py. Shared by every <model>_bytes ensemble.\n"
               "Generated by export/radio4j_repo.py configs; edit export/radio4j_export/ensembles.py, not this file.")
    return _render(UNPACK_MODEL, comment, ['backend: "python"'], max_batch,
                   (Io(BYTES_INPUT, "TYPE_STRING", (1,)),), (Io(ENCODED, "TYPE_UINT8", (-1,)),),
                   [_batching(100), _instances("KIND_CPU", 2)], {"max_encoded_bytes": DEFAULT_LIMITS["max_encoded_bytes"]})


def render_dali(engine: EngineIo, geometry: Geometry) -> str:
    comment = (f"{dali_model(engine.name)}: DALI pipeline, encoded UINT8 [-1] -> UINT8 HWC RGB {geometry.mode} "
               f"{geometry.height}x{geometry.width}.\n"
               "1/model.dali is serialized on the GPU machine by export/radio4j_ensembles.py serialize (nvJPEG decode,\n"
               "EXIF orientation, bicubic antialiased resize); the parameters say which geometry it was built with.\n"
               "Generated by export/radio4j_repo.py configs; edit export/radio4j_export/ensembles.py, not this file.")
    return _render(dali_model(engine.name), comment, ['backend: "dali"'], engine.max_batch_size,
                   (Io(ENCODED, "TYPE_UINT8", (-1,)),), (Io(IMAGE, "TYPE_UINT8", geometry.output_dims()),),
                   [_batching(100), _instances("KIND_GPU", 1)], geometry.parameters())


def render_preprocess(engine: EngineIo, geometry: Geometry) -> str:
    comment = (f"{preprocess_model(engine.name)}: radio4j's ImagePreprocessor as a model of the embedded backend:\n"
               f"BYTES image_bytes [1] per item -> UINT8 HWC RGB, {geometry.mode} {geometry.height}x{geometry.width}.\n"
               "speed EXACT is byte-identical to Pillow; FAST may differ slightly. Limits are checked from the\n"
               "header before decoding. Backend \"radio4j\": served by radio4j only, not by a stock Triton.\n"
               "Generated by export/radio4j_ensembles.py; edit export/radio4j_export/ensembles.py, not this file.")
    params = dict(geometry.parameters(), speed="EXACT", **DEFAULT_LIMITS)
    return _render(preprocess_model(engine.name), comment, ['backend: "radio4j"'], engine.max_batch_size,
                   (Io(BYTES_INPUT, "TYPE_STRING", (1,)),), (Io(IMAGE, "TYPE_UINT8", geometry.output_dims()),),
                   [_instances("KIND_CPU", 1)], params)


def gpu_steps(engine: EngineIo) -> List[Step]:
    return [Step(UNPACK_MODEL, ((BYTES_INPUT, BYTES_INPUT),), ((ENCODED, ENCODED),)),
            Step(dali_model(engine.name), ((ENCODED, ENCODED),), ((IMAGE, PIXELS),))]


def embedded_steps(engine: EngineIo) -> List[Step]:
    return [Step(preprocess_model(engine.name), ((BYTES_INPUT, BYTES_INPUT),), ((IMAGE, PIXELS),))]


def gpu_configs(engine: EngineIo, geometry: Geometry) -> Dict[str, str]:
    """model name -> config.pbtxt text of the Triton (GPU) ensemble and its DALI step."""
    comment = (f"{bytes_model(engine.name)}: encoded images in (BYTES, one per item), {engine.name}'s outputs out.\n"
               f"unpack -> DALI ({geometry.mode} {geometry.height}x{geometry.width}, GPU decode) -> {engine.name}.\n"
               "Generated by export/radio4j_repo.py configs; edit export/radio4j_export/ensembles.py, not this file.")
    return {bytes_model(engine.name): render_ensemble(engine, geometry, gpu_steps(engine), comment),
            dali_model(engine.name): render_dali(engine, geometry)}


def embedded_configs(engine: EngineIo, geometry: Geometry) -> Dict[str, str]:
    """model name -> config.pbtxt text of the embedded ensemble and its radio4j preprocessing step."""
    comment = (f"{bytes_model(engine.name)}: encoded images in (BYTES, one per item), {engine.name}'s outputs out.\n"
               f"radio4j preprocessing ({geometry.mode} {geometry.height}x{geometry.width}) -> {engine.name}.\n"
               "Generated by export/radio4j_ensembles.py; edit export/radio4j_export/ensembles.py, not this file.")
    return {bytes_model(engine.name): render_ensemble(engine, geometry, embedded_steps(engine), comment),
            preprocess_model(engine.name): render_preprocess(engine, geometry)}


def image_specs(specs) -> list:
    return [s for s in specs if s.resolution is not None]


def gpu_repository(specs) -> Dict[str, str]:
    """Every GPU config of the ensembles for these specs (the shared unpack model included)."""
    out = {}
    images = image_specs(specs)
    for spec in images:
        out.update(gpu_configs(engine_io_of_spec(spec), default_geometry(spec)))
    if images:
        out[UNPACK_MODEL] = render_unpack(max(s.batch.max for s in images))
    return out


def tiny_repository(tiny_dir: str, specs) -> Dict[str, str]:
    """Every embedded config of the ensembles, built over the committed tiny engine configs."""
    out = {}
    for spec in image_specs(specs):
        with open(os.path.join(tiny_dir, spec.name, "config.pbtxt")) as f:
            engine = read_engine_io(f.read())
        out.update(embedded_configs(engine, default_geometry(spec)))
    return out


def write(repo: str, configs: Dict[str, str]) -> List[str]:
    written = []
    for name, text in configs.items():
        model_dir = os.path.join(repo, name)
        os.makedirs(model_dir, exist_ok=True)
        with open(os.path.join(model_dir, "config.pbtxt"), "w") as f:
            f.write(text)
        written.append(model_dir)
    return written


# --- agreement between an ensemble and its steps (Triton's ensemble validation, in short) ------

def check_ensemble(ensemble_text: str, step_texts: Dict[str, str]) -> None:
    """Raises ValueError unless every step exists, every mapped tensor is a step tensor, types and
    dims agree along each edge, every ensemble input is consumed and every output produced."""
    ens = read_engine_io(ensemble_text)
    available = {t.name: t for t in ens.inputs}
    steps = re.findall(r'model_name: "([^"]+)"\s*model_version: -?\d+\s*((?:input_map \{[^}]*\}\s*)+)((?:output_map \{[^}]*\}\s*)+)',
                       ensemble_text)
    if not steps:
        raise ValueError(f"{ens.name}: no ensemble steps")
    pair = re.compile(r'key: "([^"]+)" value: "([^"]+)"')
    consumed = set()
    for model, inputs, outputs in steps:
        if model not in step_texts:
            raise ValueError(f"{ens.name}: step model '{model}' is not in the repository")
        step = read_engine_io(step_texts[model])
        if step.max_batch_size < ens.max_batch_size:
            raise ValueError(f"{ens.name}: step '{model}' batches up to {step.max_batch_size} < {ens.max_batch_size}")
        step_in = {t.name: t for t in step.inputs}
        for key, value in pair.findall(inputs):
            if key not in step_in:
                raise ValueError(f"{ens.name}: '{model}' has no input '{key}'")
            if value not in available:
                raise ValueError(f"{ens.name}: tensor '{value}' is used by '{model}' before any step produces it")
            _agree(ens.name, value, available[value], step_in[key])
            consumed.add(value)
        mapped = {k for k, _ in pair.findall(inputs)}
        missing = [t.name for t in step.inputs if not t.optional and t.name not in mapped]
        if missing:
            raise ValueError(f"{ens.name}: '{model}' needs inputs {missing} that no mapping feeds")
        step_out = {t.name: t for t in step.outputs}
        for key, value in pair.findall(outputs):
            if key not in step_out:
                raise ValueError(f"{ens.name}: '{model}' has no output '{key}'")
            available[value] = step_out[key]
    for t in ens.inputs:
        if t.name not in consumed:
            raise ValueError(f"{ens.name}: input '{t.name}' feeds no step")
    for t in ens.outputs:
        if t.name not in available:
            raise ValueError(f"{ens.name}: output '{t.name}' is produced by no step")
        _agree(ens.name, t.name, available[t.name], t)


def _agree(ensemble: str, tensor: str, a: Io, b: Io) -> None:
    if a.data_type != b.data_type:
        raise ValueError(f"{ensemble}: tensor '{tensor}' is {a.data_type} on one side, {b.data_type} on the other")
    if len(a.dims) != len(b.dims) or any(x != y and x != -1 and y != -1 for x, y in zip(a.dims, b.dims)):
        raise ValueError(f"{ensemble}: tensor '{tensor}' has dims {list(a.dims)} on one side, {list(b.dims)} on the other")


def load_texts(repo: str) -> Dict[str, str]:
    out = {}
    for name in sorted(os.listdir(repo)):
        path = os.path.join(repo, name, "config.pbtxt")
        if os.path.isfile(path):
            with open(path) as f:
                out[name] = f.read()
    return out


def check_repository(repo: str) -> List[str]:
    """Checks every ensemble of a repository folder; returns their names."""
    texts = load_texts(repo)
    names = [n for n in texts if re.search(r'^platform: "ensemble"', texts[n], re.M)]
    for name in names:
        check_ensemble(texts[name], texts)
    return names


def geometry_of(text: str) -> Optional[Geometry]:
    mode = re.search(r'key: "resize_mode"\s*value: \{ string_value: "(\w+)" \}', text)
    hw = re.search(r'key: "resize_hw"\s*value: \{ string_value: "(\d+)x(\d+)" \}', text)
    return Geometry(mode.group(1), int(hw.group(1)), int(hw.group(2))) if mode and hw else None
