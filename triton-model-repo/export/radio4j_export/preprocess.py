"""The in-graph image pre-processing every radio4j vision model starts with.

Clients send UINT8 NHWC (a quarter of the bytes of FP32 NCHW); the graph casts, scales to [0, 1],
moves channels first and applies the OpenAI CLIP mean/std that RADIO's input conditioner uses.
"""
import torch
from torch import nn

# OpenAI CLIP normalisation constants, as used by RADIO's input conditioner
# (NVlabs/RADIO radio/input_conditioner.py).
CLIP_MEAN = (0.48145466, 0.4578275, 0.40821073)
CLIP_STD = (0.26862954, 0.26130258, 0.27577711)


class Uint8HwcToNchw(nn.Module):
    """UINT8 [B, H, W, 3] -> FP32 [B, 3, H, W] in [0, 1], optionally CLIP-normalised.

    normalize=False is for wrapping a RADIO model that keeps its own input conditioner, so the
    normalisation is applied exactly once.
    """

    def __init__(self, normalize: bool = True):
        super().__init__()
        self.normalize = normalize
        self.register_buffer("mean", torch.tensor(CLIP_MEAN).view(1, 3, 1, 1), persistent=False)
        self.register_buffer("std", torch.tensor(CLIP_STD).view(1, 3, 1, 1), persistent=False)

    def forward(self, image: torch.Tensor) -> torch.Tensor:
        x = image.to(torch.float32).permute(0, 3, 1, 2) / 255.0
        if self.normalize:
            x = (x - self.mean) / self.std
        return x
