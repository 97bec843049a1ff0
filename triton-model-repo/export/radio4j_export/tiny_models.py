"""Small PyTorch stand-ins with the tensor contracts of the real RADIO models.

Each class keeps the structure that matters to a client (names, dtypes, token layout, patch size,
prefix tokens, summary made of cls tokens, RADIO1D's 2x2 merge and nested tokens, two CLIP towers
into one L2-normalised space) at widths small enough to run on a CPU in milliseconds.
"""
import torch
from torch import nn
import torch.nn.functional as F

from .preprocess import Uint8HwcToNchw
from .wrappers import trim_tokens

PATCH = 16
NUM_CLS = 3
NUM_REGISTERS = 7
NUM_PREFIX = NUM_CLS + NUM_REGISTERS
# C-RADIOv4 builds its summary from cls tokens 0 and 1 (summary_idxs [0, 1]); token 2 (SAM) is unused.
SUMMARY_IDXS = (0, 1)
# RADIO's CPE table is 128x128 for 2048 px; the stand-in keeps the idea (a learned grid resized to
# the input's grid) with a small table.
POS_GRID = 8
TEXT_LENGTH = 64


class Attention(nn.Module):
    def __init__(self, dim: int, heads: int):
        super().__init__()
        self.heads = heads
        self.qkv = nn.Linear(dim, dim * 3)
        self.proj = nn.Linear(dim, dim)

    def forward(self, x):
        b, n, c = x.shape
        qkv = self.qkv(x).reshape(b, n, 3, self.heads, c // self.heads).permute(2, 0, 3, 1, 4)
        q, k, v = qkv[0], qkv[1], qkv[2]
        attn = (q @ k.transpose(-2, -1)) * (c // self.heads) ** -0.5
        x = (attn.softmax(dim=-1) @ v).transpose(1, 2).reshape(b, n, c)
        return self.proj(x)


class Block(nn.Module):
    """A pre-norm transformer block, as in timm's ViT."""

    def __init__(self, dim: int, heads: int, mlp_ratio: int = 2):
        super().__init__()
        self.norm1 = nn.LayerNorm(dim, eps=1e-6)
        self.attn = Attention(dim, heads)
        self.norm2 = nn.LayerNorm(dim, eps=1e-6)
        self.mlp = nn.Sequential(nn.Linear(dim, dim * mlp_ratio), nn.GELU(), nn.Linear(dim * mlp_ratio, dim))

    def forward(self, x):
        x = x + self.attn(self.norm1(x))
        return x + self.mlp(self.norm2(x))


class PatchStage(nn.Module):
    """Pre-processing, 16x16 patch embedding, resized position table and the prefix tokens.

    Returns the token sequence [B, 10 + h*w, C] and the patch grid (h, w) as traced sizes.
    """

    def __init__(self, width: int):
        super().__init__()
        self.pre = Uint8HwcToNchw()
        self.embed = nn.Conv2d(3, width, kernel_size=PATCH, stride=PATCH)
        self.pos = nn.Parameter(torch.randn(1, width, POS_GRID, POS_GRID) * 0.02)
        self.prefix = nn.Parameter(torch.randn(1, NUM_PREFIX, width) * 0.02)

    def forward(self, image):
        x = self.embed(self.pre(image))
        h, w = x.shape[-2], x.shape[-1]
        # Resizing the table straight to the grid mirrors the last step of RADIO's CPE lookup.
        pos = F.interpolate(self.pos, size=(h, w), mode="bilinear", align_corners=False)
        x = (x + pos).flatten(2).transpose(1, 2)
        prefix = self.prefix.expand(x.shape[0], -1, -1)
        return torch.cat([prefix, x], dim=1), h, w


class TinyCRadio(nn.Module):
    """C-RADIOv4 stand-in: image [B, H, W, 3] uint8 -> summary [B, 2C], features [B, H/16*W/16, C]."""

    def __init__(self, width: int, depth: int = 2, heads: int = 4):
        super().__init__()
        self.patches = PatchStage(width)
        self.blocks = nn.Sequential(*[Block(width, heads) for _ in range(depth)])
        self.norm = nn.LayerNorm(width, eps=1e-6)

    def forward(self, image):
        x, _, _ = self.patches(image)
        x = self.norm(self.blocks(x))
        summary = x[:, list(SUMMARY_IDXS)].flatten(1)
        features = x[:, NUM_PREFIX:]
        return summary, features


class PatchMerge(nn.Module):
    """2x2 patch merging (4x shorter sequence, 2x wider), zero-padding odd grids first."""

    def __init__(self, width: int):
        super().__init__()
        self.norm = nn.LayerNorm(4 * width, eps=1e-6)
        self.reduce = nn.Linear(4 * width, 2 * width)

    def forward(self, tokens, h, w):
        b, _, c = tokens.shape
        grid = tokens.transpose(1, 2).reshape(b, c, h, w)
        # Pad by one then cut back to the even size: keeps the pad amount out of Python control
        # flow, so the exported graph handles odd and even grids alike.
        h2 = (h + 1) // 2
        w2 = (w + 1) // 2
        grid = F.pad(grid, (0, 1, 0, 1))[:, :, : 2 * h2, : 2 * w2]
        grid = grid.reshape(b, c, h2, 2, w2, 2).permute(0, 2, 4, 3, 5, 1).reshape(b, h2 * w2, 4 * c)
        return self.reduce(self.norm(grid))


class TinyRadio1D(nn.Module):
    """RADIO1D stand-in: image -> tokens [B, 10 + n, 2C], n = ceil(h/2)*ceil(w/2) global tokens.

    num_tokens [B, 1] int32 (optional in the config) trims the output to 10 + max(num_tokens),
    clamped to the available count; the first n global tokens never depend on how many are kept.
    """

    def __init__(self, width: int, depth_before: int = 2, depth_after: int = 1, heads: int = 4):
        super().__init__()
        self.patches = PatchStage(width)
        self.before = nn.Sequential(*[Block(width, heads) for _ in range(depth_before)])
        self.merge = PatchMerge(width)
        self.prefix_proj = nn.Linear(width, 2 * width)
        self.after = nn.Sequential(*[Block(2 * width, heads) for _ in range(depth_after)])
        self.norm = nn.LayerNorm(2 * width, eps=1e-6)

    def forward(self, image, num_tokens):
        x, h, w = self.patches(image)
        x = self.before(x)
        prefix = self.prefix_proj(x[:, :NUM_PREFIX])
        merged = self.merge(x[:, NUM_PREFIX:], h, w)
        x = self.norm(self.after(torch.cat([prefix, merged], dim=1)))
        return trim_tokens(x, num_tokens, NUM_PREFIX)


class TinyClipVision(nn.Module):
    """RADIO-CLIP image tower stand-in: image [B, 224, 224, 3] -> embedding [B, D], L2-normalised.

    Like the siglip2-g adaptor, the embedding is an MLP head on a cls token of the backbone.
    """

    def __init__(self, width: int, dim: int, depth: int = 2, heads: int = 4):
        super().__init__()
        self.backbone = TinyCRadio(width, depth, heads)
        self.head = nn.Sequential(nn.Linear(width, width * 2), nn.GELU(), nn.Linear(width * 2, dim))

    def forward(self, image):
        x, _, _ = self.backbone.patches(image)
        x = self.backbone.norm(self.backbone.blocks(x))
        return F.normalize(self.head(x[:, 0]), dim=-1)


class TinyClipText(nn.Module):
    """SigLIP text tower stand-in: input_ids [B, 64] int64 -> embedding [B, D], L2-normalised.

    Pools the LAST position (padding included) as SigLIP does, so pad id and length matter here
    exactly as they do for the real tower.
    """

    def __init__(self, vocab_size: int, width: int, dim: int, depth: int = 2, heads: int = 4):
        super().__init__()
        self.tokens = nn.Embedding(vocab_size, width)
        self.pos = nn.Parameter(torch.randn(1, TEXT_LENGTH, width) * 0.02)
        self.blocks = nn.Sequential(*[Block(width, heads) for _ in range(depth)])
        self.norm = nn.LayerNorm(width, eps=1e-6)
        self.head = nn.Linear(width, dim)

    def forward(self, input_ids):
        x = self.tokens(input_ids) + self.pos
        x = self.norm(self.blocks(x))
        return F.normalize(self.head(x[:, -1]), dim=-1)
