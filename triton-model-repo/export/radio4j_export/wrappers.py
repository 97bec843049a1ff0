"""Export wrappers: a RADIO model plus the radio4j wire contract, as one traceable module.

Every image wrapper takes UINT8 [B, H, W, 3] and leaves cast, scaling and layout to the graph.
RADIO keeps its input conditioner (CLIP mean/std) inside the model, so the wrappers only scale to
[0, 1]; normalising here as well would normalise twice.
"""
import torch
from torch import nn
import torch.nn.functional as F

from .preprocess import Uint8HwcToNchw
from .specs import NUM_PREFIX


def trim_tokens(tokens: torch.Tensor, num_tokens: torch.Tensor, num_prefix: int = NUM_PREFIX) -> torch.Tensor:
    """Keeps the prefix plus max(num_tokens) global tokens, clamped to [0, available].

    Written with tensor ops only, so the exported graph computes the count per request instead of
    freezing the trace-time value. Valid because RADIO1D's tokens are nested: the first n global
    tokens are the n-token answer.
    """
    available = torch.ones_like(tokens[0, num_prefix:, 0], dtype=torch.int64).sum()
    wanted = num_tokens.to(torch.int64).max().clamp(min=0)
    keep = torch.minimum(wanted, available) + num_prefix
    return tokens.index_select(1, torch.arange(keep))


def _f32(t: torch.Tensor) -> torch.Tensor:
    # Casting only when needed: a no-op Cast node leaves the exported output without a static
    # shape, and the consistency checks read widths from those shapes.
    return t if t.dtype == torch.float32 else t.float()


def _backbone(output):
    """RADIO returns RadioOutput(summary, features), or a dict with 'backbone' when adaptors load."""
    if isinstance(output, dict):
        output = output["backbone"]
    return output[0], output[1]


class CRadioExport(nn.Module):
    """image UINT8 [B, H, W, 3] -> summary FP32 [B, S], features FP32 [B, H/16*W/16, C] (NLC)."""

    def __init__(self, radio: nn.Module):
        super().__init__()
        self.pre = Uint8HwcToNchw(normalize=False)
        self.radio = radio

    def forward(self, image):
        summary, features = _backbone(self.radio(self.pre(image)))
        return _f32(summary), _f32(features)


class Radio1DExport(nn.Module):
    """image [B, H, W, 3] (+ num_tokens [B, 1]) -> tokens FP32 [B, 10 + n, D].

    encode(x) must return the encoder neck's full sequence [B, 10 + n_max, D] (cls, registers,
    global tokens) for a [0, 1] NCHW float input; radio4j_export.loaders supplies it for the
    released checkpoint.
    """

    def __init__(self, encode, with_num_tokens: bool = False):
        super().__init__()
        self.pre = Uint8HwcToNchw(normalize=False)
        self.encode = encode
        self.with_num_tokens = with_num_tokens

    def forward(self, image, num_tokens=None):
        tokens = _f32(self.encode(self.pre(image)))
        if self.with_num_tokens:
            return trim_tokens(tokens, num_tokens)
        return tokens


class ClipVisionExport(nn.Module):
    """image [B, 224, 224, 3] -> embedding FP32 [B, D]: the adaptor's summary, L2-normalised."""

    def __init__(self, radio: nn.Module, adaptor: str):
        super().__init__()
        self.pre = Uint8HwcToNchw(normalize=False)
        self.radio = radio
        self.adaptor = adaptor

    def forward(self, image):
        summary = self.radio(self.pre(image))[self.adaptor][0]
        return F.normalize(_f32(summary), dim=-1)


class ClipTextExport(nn.Module):
    """input_ids INT64 [B, 64] -> embedding FP32 [B, D]: the text tower's pooled output, L2-normalised.

    The attention mask is left out on purpose: SigLIP2 is trained with all-ones masks and pools the
    last position, padding included.
    """

    def __init__(self, text_model: nn.Module):
        super().__init__()
        self.text_model = text_model

    def forward(self, input_ids):
        pooled = self.text_model(input_ids=input_ids, return_dict=True).pooler_output
        return F.normalize(_f32(pooled), dim=-1)
