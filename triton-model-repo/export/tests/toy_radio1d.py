"""A RADIO1D-shaped toy encoder whose module defines slice_1d_tokens the way upstream does.

NVlabs/RADIO radio/radio1d.py slices each item's tokens with `num_tokens.tolist()` and a Python
loop over the batch, so a trace records one copy per traced item. This module reproduces that
pattern (written for these tests) so the export wrapper's replacement can be shown to remove it.
"""
import torch
from torch import nn

NUM_PREFIX = 10


def slice_1d_tokens(x, num_tokens, num_prefix_tokens, max_tokens=None, use_last_tokens=False, dynamic=False):
    b, n, c = x.shape
    counts = num_tokens.clamp(max=n - num_prefix_tokens)
    if max_tokens is None:
        max_tokens = int(counts.max().item())
    prefix, feats = x[:, :num_prefix_tokens], x[:, num_prefix_tokens:]
    out = torch.zeros(b, max_tokens, c, dtype=x.dtype)
    mask = torch.arange(feats.shape[1]).unsqueeze(0) < counts.unsqueeze(1)
    for i, k in enumerate(counts.tolist()):
        out[i, :k] = feats[i, :k]
    return prefix, out, mask[:, :max_tokens]


class ToyRadio1DVit(nn.Module):
    """Patch embedding, 10 learned prefix tokens, 2x2 merge; forward_encoder like RADIO1D's."""

    def __init__(self, width=6):
        super().__init__()
        torch.manual_seed(5)
        self.embed = nn.Conv2d(3, width, 32, 32)
        self.prefix = nn.Parameter(torch.randn(1, NUM_PREFIX, width))
        self.proj = nn.Linear(width, width)

    def forward_encoder(self, x, num_tokens=None):
        b = x.shape[0]
        f = self.embed(x).flatten(2).transpose(1, 2)
        seq = self.proj(torch.cat([self.prefix.expand(b, -1, -1), f], 1))
        spatial = seq.shape[1] - NUM_PREFIX
        counts = torch.full((b,), spatial if num_tokens is None else num_tokens, dtype=torch.long)
        prefix, tokens, _ = slice_1d_tokens(seq, counts, NUM_PREFIX)
        return {"encoder": torch.cat([prefix, tokens], 1)}


class ToyConditioner(nn.Module):
    def forward(self, x):
        return (x - 0.5) / 0.25
