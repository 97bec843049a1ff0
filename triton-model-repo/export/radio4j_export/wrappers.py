"""Export wrappers: a RADIO model plus the radio4j wire contract, as one traceable module.

Every image wrapper takes UINT8 [B, H, W, 3] and leaves cast, scaling and layout to the graph.
RADIO keeps its input conditioner (CLIP mean/std) inside the model, so the wrappers only scale to
[0, 1]; normalising here as well would normalise twice.

torch.onnx.export (the TorchScript exporter, pinned in onnx_export.py) records one run of the
Python code: every `if`, `max()` or loop on a size becomes a constant of the traced shape. Two
places in RADIO's code branch on sizes, and the wrappers replace them while they run:

- the CPE position-embedding lookup, NVlabs/RADIO radio/vit_patch_generator.py
  `ViTPatchGenerator._get_pos_embeddings` (max(h, w), crops and interpolation chosen per size):
  `pos_embed_for_grid` computes the same bilinear resize with tensor ops only;
- RADIO1D's per-item token slicing, radio/radio1d.py `slice_1d_tokens` (`.tolist()` and a loop
  over the batch): `slice_tokens_per_item` does it with a mask, so the batch stays symbolic.

`upstream()` switches the replacements off, so validation compares the graph against RADIO's
own code, not against the replacement.
"""
import contextlib
import sys
from typing import Iterator

import torch
from torch import nn
import torch.nn.functional as F

from .preprocess import Uint8HwcToNchw
from .specs import NUM_PREFIX


def _as_long(v) -> torch.Tensor:
    # Under tracing a size is a 0-d tensor recorded in the graph; in eager mode it is an int.
    return v.to(torch.int64) if isinstance(v, torch.Tensor) else torch.tensor(v, dtype=torch.int64)


def _bilinear_taps(out_len: torch.Tensor, src_len: int, resized_len: torch.Tensor):
    """Indices and weights of the first out_len outputs of a bilinear resize src_len -> resized_len.

    Matches F.interpolate(mode='bilinear', align_corners=False) without antialias: source
    coordinate (i + 0.5) * src/resized - 0.5, clamped at 0, the upper neighbour clamped at the
    last row (PyTorch's aten/src/ATen/native/UpSample.h area_pixel_compute_source_index).
    """
    scale = torch.full((), float(src_len)) / resized_len.to(torch.float32)
    i = torch.arange(out_len).to(torch.float32)
    src = ((i + 0.5) * scale - 0.5).clamp(min=0.0)
    lo = src.floor().to(torch.int64).clamp(max=src_len - 1)
    hi = (lo + 1).clamp(max=src_len - 1)
    frac = src - lo.to(torch.float32)
    return lo, hi, frac


def pos_embed_for_grid(table: torch.Tensor, rows: int, cols: int, grid_h, grid_w) -> torch.Tensor:
    """RADIO's eval-mode CPE lookup for a grid_h x grid_w patch grid, with tensor ops only.

    table is the learned [1, rows*cols, C] embedding. Like upstream, it is resized bilinearly to
    max(grid_h, grid_w) squared and the top-left grid_h x grid_w window is kept; only the rows and
    columns of that window are computed. Returns [1, grid_h*grid_w, C].
    """
    h, w = _as_long(grid_h), _as_long(grid_w)
    side = torch.maximum(h, w)
    grid = table.reshape(rows, cols, -1).to(torch.float32)
    y0, y1, fy = _bilinear_taps(h, rows, side)
    x0, x1, fx = _bilinear_taps(w, cols, side)
    top, bottom = grid.index_select(0, y0), grid.index_select(0, y1)  # [h, cols, C]
    fx = fx.view(1, -1, 1)

    def lerp_cols(g):
        return g.index_select(1, x0) * (1 - fx) + g.index_select(1, x1) * fx

    fy = fy.view(-1, 1, 1)
    out = lerp_cols(top) * (1 - fy) + lerp_cols(bottom) * fy  # [h, w, C]
    return out.reshape(1, -1, out.shape[-1]).to(table.dtype)


def _is_cpe_generator(m: nn.Module) -> bool:
    return all(hasattr(m, a) for a in ("_get_pos_embeddings", "pos_embed", "num_rows", "num_cols", "cpe_mode"))


def cpe_generators(model: nn.Module):
    """The submodules that own a RADIO-style CPE position table (ViTPatchGenerator and look-alikes)."""
    return [m for m in model.modules() if _is_cpe_generator(m)]


def _trace_safe_lookup(gen: nn.Module):
    def lookup(batch_size, input_dims, flatten: bool = True):
        if gen.training:
            raise RuntimeError("the trace-safe position lookup is RADIO's eval path; call .eval() before exporting")
        if not gen.cpe_mode:
            raise RuntimeError("the trace-safe position lookup implements RADIO's CPE mode only (cpe_max_size set)")
        pos = pos_embed_for_grid(gen.pos_embed, gen.num_rows, gen.num_cols, input_dims[0], input_dims[1])
        if not flatten:
            pos = pos.reshape(1, _as_long(input_dims[0]), _as_long(input_dims[1]), -1).permute(0, 3, 1, 2)
        return pos

    return lookup


def slice_tokens_per_item(x, num_tokens, num_prefix_tokens, max_tokens=None, use_last_tokens=False, dynamic=False):
    """Loop-free stand-in for RADIO1D's slice_1d_tokens at inference (radio/radio1d.py).

    Same results as upstream: prefix tokens, the first n_i global tokens of each item padded with
    zeros to max(n), and the validity mask; the batch size and the counts stay graph values.
    """
    if use_last_tokens or dynamic:
        raise RuntimeError("export supports RADIO1D's first-n, fixed-rate token selection only")
    num_spatial = x.shape[1] - num_prefix_tokens
    n = num_tokens.to(x.device).to(torch.int64).clamp(max=num_spatial)
    keep = n.max() if max_tokens is None else _as_long(max_tokens)
    prefix, feats = x[:, :num_prefix_tokens], x[:, num_prefix_tokens:]
    mask = torch.arange(feats.shape[1], device=x.device).unsqueeze(0) < n.unsqueeze(1)
    feats = feats * mask.unsqueeze(-1).to(feats.dtype)
    keep_idx = torch.arange(keep, device=x.device)
    return prefix, feats.index_select(1, keep_idx), mask.index_select(1, keep_idx)


class _Replacements:
    """Swaps size-branching upstream code for trace-safe code while a wrapper runs."""

    def __init__(self):
        self.enabled = True

    @contextlib.contextmanager
    def applied(self, model: nn.Module) -> Iterator[None]:
        if not self.enabled:
            yield
            return
        gens = cpe_generators(model)
        modules = {sys.modules.get(type(m).__module__) for m in model.modules()}
        slicers = [mod for mod in modules if mod is not None and callable(getattr(mod, "slice_1d_tokens", None))]
        saved = [(mod, mod.slice_1d_tokens) for mod in slicers]
        try:
            for g in gens:
                g._get_pos_embeddings = _trace_safe_lookup(g)  # instance attribute shadows the method
            for mod in slicers:
                mod.slice_1d_tokens = slice_tokens_per_item
            yield
        finally:
            for g in gens:
                g.__dict__.pop("_get_pos_embeddings", None)
            for mod, fn in saved:
                mod.slice_1d_tokens = fn


class _TraceSafe(nn.Module):
    """Base of the image wrappers: runs the wrapped model with the trace-safe replacements."""

    def __init__(self):
        super().__init__()
        self._replacements = _Replacements()

    @contextlib.contextmanager
    def upstream(self) -> Iterator["_TraceSafe"]:
        """Within this block the wrapper runs RADIO's own code (the validation reference)."""
        self._replacements.enabled = False
        try:
            yield self
        finally:
            self._replacements.enabled = True

    def _run(self, model: nn.Module, *args, **kwargs):
        with self._replacements.applied(model):
            return model(*args, **kwargs)


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


class CRadioExport(_TraceSafe):
    """image UINT8 [B, H, W, 3] -> summary FP32 [B, S], features FP32 [B, H/16*W/16, C] (NLC)."""

    def __init__(self, radio: nn.Module):
        super().__init__()
        self.pre = Uint8HwcToNchw(normalize=False)
        self.radio = radio

    def forward(self, image):
        summary, features = _backbone(self._run(self.radio, self.pre(image)))
        return _f32(summary), _f32(features)


class Radio1DEncoder(nn.Module):
    """The RADIO1D encoder path as a module: conditioner, then forward_encoder's 'encoder' output.

    Holding both as submodules makes their weights parameters of the exported module (a closure
    would hide them from the exporter, which then refuses them as constants).
    """

    def __init__(self, conditioner: nn.Module, vit: nn.Module):
        super().__init__()
        if not hasattr(vit, "forward_encoder"):
            raise RuntimeError("this RADIO1D model has no forward_encoder(); the export needs the encoder-only path")
        self.conditioner = conditioner
        self.vit = vit

    def forward(self, x):
        return self.vit.forward_encoder(self.conditioner(x))["encoder"]


class Radio1DExport(_TraceSafe):
    """image [B, H, W, 3] (+ num_tokens [B, 1]) -> tokens FP32 [B, 10 + n, D].

    encoder must be an nn.Module returning the encoder neck's full sequence [B, 10 + n_max, D]
    (cls, registers, global tokens) for a [0, 1] NCHW float input, e.g. Radio1DEncoder.
    """

    def __init__(self, encoder: nn.Module, with_num_tokens: bool = False):
        super().__init__()
        if not isinstance(encoder, nn.Module):
            raise TypeError("the RADIO1D encoder must be an nn.Module, so its weights export as parameters "
                            f"(got {type(encoder).__name__})")
        self.pre = Uint8HwcToNchw(normalize=False)
        self.encoder = encoder
        self.with_num_tokens = with_num_tokens

    def forward(self, image, num_tokens=None):
        tokens = _f32(self._run(self.encoder, self.pre(image)))
        if self.with_num_tokens:
            return trim_tokens(tokens, num_tokens)
        return tokens


class ClipVisionExport(_TraceSafe):
    """image [B, 224, 224, 3] -> embedding FP32 [B, D]: the adaptor's summary, L2-normalised."""

    def __init__(self, radio: nn.Module, adaptor: str):
        super().__init__()
        self.pre = Uint8HwcToNchw(normalize=False)
        self.radio = radio
        self.adaptor = adaptor

    def forward(self, image):
        summary = self._run(self.radio, self.pre(image))[self.adaptor][0]
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
