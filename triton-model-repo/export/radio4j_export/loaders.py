"""Loading the published checkpoints and wrapping them for export (run on the GPU machine).

Nothing here could be run where radio4j is developed (no weights, no network to the hubs); the
entry points follow NVlabs/RADIO's hubconf.py, radio/radio1d.py and radio/siglip2_adaptor.py.
Every loader checks what it got, so an upstream API change fails with a message, not with a
wrong engine.
"""
import torch

from .specs import ModelSpec
from .wrappers import ClipTextExport, ClipVisionExport, CRadioExport, Radio1DExport

HUB_REPO = "NVlabs/RADIO"
# siglip2-g's text tower comes from this Hugging Face model (RADIO's _VERSION_MAP); its SigLIP
# logit scale and bias live there too, and RADIO drops them.
SIGLIP2_G = "google/siglip2-giant-opt-patch16-384"


def _hub_version(spec: ModelSpec) -> str:
    return spec.source.split()[1]


def load_radio(version: str, adaptor_names=None):
    model = torch.hub.load(HUB_REPO, "radio_model", version=version, progress=True, skip_validation=True,
                           adaptor_names=adaptor_names)
    # The checkpoints are stored in half precision; export in FP32 and let TensorRT pick precisions.
    return model.float().eval()


def radio1d_encoder(model):
    """x [B, 3, H, W] in [0, 1] -> the encoder neck's [B, 10 + n, D] (decoder never runs)."""
    inner = getattr(model, "radio_model", model)
    conditioner, vit = inner.input_conditioner, inner.model
    if not hasattr(vit, "forward_encoder"):
        raise RuntimeError("this RADIO1D checkpoint has no forward_encoder(); the export needs the encoder-only path")

    def encode(x):
        return vit.forward_encoder(conditioner(x))["encoder"]

    return encode


def load_radio1d(repo: str):
    from transformers import AutoModel

    return AutoModel.from_pretrained(repo, trust_remote_code=True).float().eval()


def export_module(spec: ModelSpec):
    """(wrapper module, example inputs) ready for torch.onnx.export."""
    if spec.family == "c_radio":
        return CRadioExport(load_radio(_hub_version(spec))), _example_image(spec)
    if spec.family == "radio1d":
        wrapper = Radio1DExport(radio1d_encoder(load_radio1d(spec.source)), spec.num_tokens_input)
        return wrapper, _example_image(spec)
    if spec.family == "clip_vision":
        return ClipVisionExport(load_radio(_hub_version(spec), [spec.adaptor]), spec.adaptor), _example_image(spec)
    model = load_radio(_hub_version(spec), [spec.adaptor])
    adaptor = model.adaptors[spec.adaptor]
    ids = adaptor.tokenizer(["a photo of a cat", "a diagram"])["input_ids"]
    return ClipTextExport(adaptor.text_model.float().eval()), (ids.to(torch.int64),)


def _example_image(spec: ModelSpec):
    r = spec.resolution
    if r.is_fixed:
        h, w = r.max_hw
    else:
        # Trace at a non-square size that is not RADIO's CPE table size and not a corner of the
        # profile, so no shape branch is frozen at a degenerate value.
        h, w = 432, 560
    image = torch.randint(0, 256, (2, h, w, 3), dtype=torch.uint8)
    if spec.num_tokens_input:
        return image, torch.full((2, 1), 2**31 - 1, dtype=torch.int32)
    return (image,)


def save_tokenizer(spec: ModelSpec, model_dir: str):
    """Writes the SigLIP2 tokenizer.json beside the text tower's config.pbtxt."""
    import os

    model = load_radio(_hub_version(spec), [spec.adaptor])
    proc = model.adaptors[spec.adaptor].tokenizer._proc
    proc.tokenizer.backend_tokenizer.save(os.path.join(model_dir, "tokenizer.json"))


def siglip_logits():
    """The trained SigLIP2-g logit scale (log value, as the checkpoint stores it) and bias."""
    from transformers import AutoModel

    m = AutoModel.from_pretrained(SIGLIP2_G)
    return {"logit_scale": f"{m.logit_scale.item():.6f}", "logit_bias": f"{m.logit_bias.item():.6f}"}

