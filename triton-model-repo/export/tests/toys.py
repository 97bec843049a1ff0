"""Toy stand-ins for RADIO's Python API (RadioOutput, adaptor dicts, HF text model outputs)."""
from collections import namedtuple
from types import SimpleNamespace

import torch
from torch import nn

RadioOutput = namedtuple("RadioOutput", ["summary", "features"])


class ToyRadio(nn.Module):
    """Takes [0, 1] NCHW float like RADIO; returns RadioOutput, or a dict when an adaptor is loaded."""

    def __init__(self, width=8, adaptor=None):
        super().__init__()
        torch.manual_seed(0)
        self.embed = nn.Conv2d(3, width, 16, 16)
        self.adaptor = adaptor
        self.seen = None

    def forward(self, x):
        self.seen = x
        f = self.embed(x).flatten(2).transpose(1, 2)
        out = RadioOutput(torch.cat([f.mean(1), f.amax(1)], -1), f)
        if self.adaptor:
            return {"backbone": out, self.adaptor: RadioOutput(out.summary * 3 + 1, f)}
        return out


class ToyText(nn.Module):
    def __init__(self, vocab=50, width=6):
        super().__init__()
        torch.manual_seed(0)
        self.emb = nn.Embedding(vocab, width)

    def forward(self, input_ids, return_dict=True):
        hidden = self.emb(input_ids)
        return SimpleNamespace(pooler_output=hidden[:, -1] * 5)


class ToyCpeGenerator(nn.Module):
    """Patch embedding plus a learned position table looked up the way RADIO's CPE does at eval
    (NVlabs/RADIO radio/vit_patch_generator.py ViTPatchGenerator._get_pos_embeddings): Python
    branches on the grid size, max() of the sides, a bilinear resize to a square and a crop. Written
    for these tests from that description; the branches are what a tracer freezes."""

    def __init__(self, width=8, table=8, patch=16):
        super().__init__()
        torch.manual_seed(3)
        self.patch_size, self.num_rows, self.num_cols, self.cpe_mode = patch, table, table, True
        self.embed = nn.Conv2d(3, width, patch, patch)
        self.pos_embed = nn.Parameter(torch.randn(1, table * table, width))

    def _get_pos_embeddings(self, batch_size, input_dims, flatten=True):
        if (self.num_rows, self.num_cols) == tuple(input_dims):
            return self.pos_embed
        grid = self.pos_embed.reshape(1, self.num_rows, self.num_cols, -1).permute(0, 3, 1, 2)
        side = max(input_dims)
        grid = nn.functional.interpolate(grid, size=(side, side), mode="bilinear", align_corners=False)
        if input_dims[0] < grid.shape[-2]:
            grid = grid[..., : input_dims[0], :]
        if input_dims[1] < grid.shape[-1]:
            grid = grid[..., : input_dims[1]]
        return grid.flatten(2).permute(0, 2, 1) if flatten else grid

    def forward(self, x):
        patches = self.embed(x).flatten(2).transpose(1, 2)
        dims = tuple(d // self.patch_size for d in x.shape[2:])
        return patches + self._get_pos_embeddings(x.shape[0], dims)


class ToyCRadio(nn.Module):
    """RADIO-shaped model around ToyCpeGenerator: summary = mean and max token, NLC features."""

    def __init__(self, width=8, table=8):
        super().__init__()
        self.patch_generator = ToyCpeGenerator(width, table)
        self.mix = nn.Linear(width, width)

    def forward(self, x):
        f = self.mix(self.patch_generator(x))
        return RadioOutput(torch.cat([f.mean(1), f.amax(1)], -1), f)
