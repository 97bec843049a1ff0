"""Loading the published checkpoints and wrapping them for export.

The entry points follow NVlabs/RADIO's hubconf.py (`radio_model`, which also takes a local
checkpoint file as `version`), radio/radio1d.py and radio/siglip2_adaptor.py. By default the code
and weights come through torch.hub; `Sources` points at a local RADIO checkout and local checkpoint
files instead (a machine without access to the hubs, or the random-weight self-check). Every
loader checks what it got, so an upstream API change fails with a message, not with a wrong graph.
"""
from dataclasses import dataclass, field
from typing import Dict, Optional

import torch
from torch import nn

from .specs import ModelSpec
from .wrappers import ClipTextExport, ClipVisionExport, CRadioExport, Radio1DEncoder, Radio1DExport

HUB_REPO = "NVlabs/RADIO"
# siglip2-g's text tower comes from this Hugging Face model (RADIO's _VERSION_MAP); its SigLIP
# logit scale and bias live there too, and RADIO drops them.
SIGLIP2_G = "google/siglip2-giant-opt-patch16-384"
# The two C-RADIO shapes every export traces at: landscape, neither RADIO's table size nor a profile
# corner. The wrappers make the graph independent of it; validation checks the other aspects.
TRACE_HW = (432, 560)
TRACE_BATCH = 2


@dataclass(frozen=True)
class Sources:
    """Where model code and weights come from.

    radio_repo: a local NVlabs/RADIO checkout (torch.hub source='local') instead of the hub.
    checkpoints: RADIO version (e.g. 'c-radio_v4-h') -> local .pth.tar, passed to hubconf's
    radio_model as `version`, which loads a file path instead of downloading.
    """
    radio_repo: Optional[str] = None
    checkpoints: Dict[str, str] = field(default_factory=dict)


def _hub_version(spec: ModelSpec) -> str:
    return spec.source.split()[1]


def load_radio(version: str, adaptor_names=None, sources: Sources = Sources()):
    version = sources.checkpoints.get(version, version)
    if sources.radio_repo:
        model = torch.hub.load(sources.radio_repo, "radio_model", source="local", version=version, progress=False,
                               adaptor_names=adaptor_names)
    else:
        model = torch.hub.load(HUB_REPO, "radio_model", version=version, progress=True, skip_validation=True,
                               adaptor_names=adaptor_names)
    # The checkpoints are stored in half precision; export in FP32 and let TensorRT pick precisions.
    return model.float().eval()


def radio1d_encoder(model) -> nn.Module:
    """The encoder-only path of a RADIO1D model (HF wrapper or hub model) as one module:
    x [B, 3, H, W] in [0, 1] -> the encoder neck's [B, 10 + n, D] (the decoder never runs)."""
    inner = getattr(model, "radio_model", model)
    return Radio1DEncoder(inner.input_conditioner, inner.model)


def load_radio1d(repo: str, sources: Sources = Sources()):
    if repo in sources.checkpoints:
        return load_radio(repo, sources=sources)
    from transformers import AutoModel

    return AutoModel.from_pretrained(repo, trust_remote_code=True).float().eval()


def export_module(spec: ModelSpec, sources: Sources = Sources()):
    """(wrapper module, example inputs) ready for torch.onnx.export."""
    if spec.family == "c_radio":
        return CRadioExport(load_radio(_hub_version(spec), sources=sources)).eval(), example_inputs(spec)
    if spec.family == "radio1d":
        wrapper = Radio1DExport(radio1d_encoder(load_radio1d(spec.source, sources)), spec.num_tokens_input)
        return wrapper.eval(), example_inputs(spec)
    if spec.family == "clip_vision":
        model = load_radio(_hub_version(spec), [spec.adaptor], sources)
        return ClipVisionExport(model, spec.adaptor).eval(), example_inputs(spec)
    model = load_radio(_hub_version(spec), [spec.adaptor], sources)
    adaptor = model.adaptors[spec.adaptor]
    ids = adaptor.tokenizer(["a photo of a cat", "a diagram"])["input_ids"]
    return ClipTextExport(adaptor.text_model.float().eval()), (ids.to(torch.int64),)


def example_inputs(spec: ModelSpec):
    r = spec.resolution
    h, w = r.max_hw if r.is_fixed else TRACE_HW
    image = torch.randint(0, 256, (TRACE_BATCH, h, w, 3), dtype=torch.uint8)
    if spec.num_tokens_input:
        return image, torch.full((TRACE_BATCH, 1), 2**31 - 1, dtype=torch.int32)
    return (image,)


def save_tokenizer(spec: ModelSpec, model_dir: str, sources: Sources = Sources()):
    """Writes the SigLIP2 tokenizer.json beside the text tower's config.pbtxt."""
    import os

    model = load_radio(_hub_version(spec), [spec.adaptor], sources)
    proc = model.adaptors[spec.adaptor].tokenizer._proc
    proc.tokenizer.backend_tokenizer.save(os.path.join(model_dir, "tokenizer.json"))


def siglip_logits():
    """The trained SigLIP2-g logit scale (log value, as the checkpoint stores it) and bias."""
    from transformers import AutoModel

    m = AutoModel.from_pretrained(SIGLIP2_G)
    return {"logit_scale": f"{m.logit_scale.item():.6f}", "logit_bias": f"{m.logit_bias.item():.6f}"}
