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
