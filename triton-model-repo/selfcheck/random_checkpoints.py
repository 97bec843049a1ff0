"""Writes RADIO checkpoint files with random weights, in the layout hubconf.radio_model loads.

NVlabs/RADIO hubconf.py `radio_model(version=<file>)` reads {'args': Namespace, 'state_dict': ...}
from a local file, builds the backbone with radio/radio_model.py `create_model_from_args`
(timm ViT + radio/enable_cpe_support.py CPE, cls tokens per teacher, registers), and loads the
weights under 'base_model.' and 'input_conditioner.'. This module builds the same architecture
from RADIO's own code, fills it with seeded random weights and saves it that way, so the export
path that loads a real checkpoint runs unchanged. Needs a RADIO checkout and timm/einops on
sys.path (selfcheck.py arranges both).

Architectures (see ../README.md and the RADIO notes): C-RADIOv4-H = timm vit_huge_patch16_224
(1280 wide, 32 blocks); C-RADIOv4-SO400M = vit_so400m_patch16_224 (1152 wide, 27 blocks); both
with a 2048 px CPE table (128 x 128), 3 cls tokens (one per teacher: siglip2-g, dino_v3, sam3;
summary from the first two) and 7 registers.

RADIO1D (radio/radio1d.py `radio1d_huge_patch16_224`, the encoder of nvidia/C-RADIOv4-1D-H) is
built the same way, but the released checkpoint's own constructor arguments are not published in
the RADIO repository, so RADIO1D_KWARGS are assumptions, chosen to match what is known: the same
CPE table, cls tokens and registers as C-RADIOv4-H, and one 2x2 patch merge (so 512x512 gives
the model card's 256 tokens, 2560 wide). The merge sits before block 19 as in the docstring
example of radio1d.py, scaled to the depth; the decoder, never exported, gets 2 blocks. What the
self-check proves for RADIO1D is that the export path handles RADIO1D's real code (its CPE
generator, patch merge and per-item token slicing) at every batch size, not that these are the
released model's values.
"""
import argparse
import math
from argparse import Namespace

import torch

ARCHS = {
    "c-radio_v4-h": "vit_huge_patch16_224",
    "c-radio_v4-so400m": "vit_so400m_patch16_224",
    "c-radio_v4-1d-h": "radio1d_huge_patch16_224",
}
RADIO1D_DEPTH = 32
# Assumed, see the module docstring: RADIO1D takes its CPE and prefix settings as constructor
# arguments (enable_cpe leaves RADIO1D alone), plus where the patch merge sits.
RADIO1D_KWARGS = {"cpe_max_size": 2048, "num_cls_tokens": 3, "num_registers": 7, "decoder_depth": 2}
RADIO1D_MERGE_BEFORE = 19
TEACHERS = [
    # 'generic' is not a registered adaptor type, so RADIO builds its GenericAdaptor (the MLP heads
    # SigLIP2Adaptor inherits) without fetching the SigLIP2 text tower from Hugging Face.
    {"name": "siglip2-g", "type": "generic", "use_summary": True},
    {"name": "dino_v3", "type": "generic", "use_summary": True},
    {"name": "sam3", "type": "generic", "use_summary": False},
]


def _model_kwargs(version: str, depth: int) -> dict:
    kwargs = {"depth": depth} if depth else {}
    if ARCHS[version].startswith("radio1d"):
        blocks = depth or RADIO1D_DEPTH
        merge = max(1, min(blocks - 1, round(RADIO1D_MERGE_BEFORE * blocks / RADIO1D_DEPTH)))
        kwargs.update(RADIO1D_KWARGS, downscale_levels=[merge])
    return kwargs


def checkpoint_args(version: str, depth: int) -> Namespace:
    kwargs = _model_kwargs(version, depth)
    return Namespace(
        model=ARCHS[version], model_kwargs=kwargs, in_chans=None, input_size=None, pretrained=False, num_classes=0,
        drop=0.0, drop_path=None, drop_block=None, gp=None, bn_momentum=None, bn_eps=None, torchscript=False,
        initial_checkpoint="", model_norm=False, cpe_max_size=2048, teachers=TEACHERS, cls_token_per_teacher=True,
        register_multiple=None, cpe_num_registers=7, spectral_reparam=False, dtype=torch.float32,
        mlp_version="v2", spectral_heads=False,
    )


def _init_(model: torch.nn.Module, seed: int):
    """Deterministic weights: N(0, 0.02) matrices, unit norms, zero biases (timm's ViT scheme)."""
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in model.named_parameters():
            if name.endswith("bias"):
                p.zero_()
            elif p.ndim == 1:
                p.fill_(1.0)
            else:
                p.copy_(torch.randn(p.shape, generator=g) * 0.02)


def _adaptor_state(width: int, out_dim: int, seed: int):
    """A summary/feature MLP of RADIO's 'v2' layout (radio/adaptor_module_factory.py create_mlp_from_config) for one teacher."""
    from radio.adaptor_module_factory import create_mlp_from_config

    states = {}
    for part, is_summary in (("summary", True), ("feature", False)):
        mlp = create_mlp_from_config("v2", width, width, out_dim, 1, is_summary=is_summary)
        _init_(mlp, seed)
        states.update({f"{part}.{k}": v for k, v in mlp.state_dict().items()})
    return states


def write(version: str, path: str, depth: int = 0, seed: int = 0, clip_dim: int = 1536):
    from radio.input_conditioner import get_default_conditioner
    from radio.radio_model import create_model_from_args

    args = checkpoint_args(version, depth)
    model = create_model_from_args(Namespace(**{**vars(args), "model_kwargs": dict(args.model_kwargs)}))
    _init_(model, seed)
    state = {"base_model." + k: v.half() for k, v in model.state_dict().items()}
    state.update({"input_conditioner." + k: v for k, v in get_default_conditioner().state_dict().items()})
    width = model.embed_dim
    # RADIO1D is exported encoder-only, without adaptor heads.
    teachers = [] if ARCHS[version].startswith("radio1d") else TEACHERS[:1]
    for i, t in enumerate(teachers):
        for k, v in _adaptor_state(width, clip_dim, seed + 1).items():
            part, rest = k.split(".", 1)
            prefix = "_heads" if part == "summary" else "_feature_projections"
            state[f"{prefix}.{t['name']}.{rest}"] = v.half()
    torch.save({"args": args, "state_dict": state}, path)
    blocks = len(model.blocks)
    params = sum(p.numel() for p in model.parameters())
    del model
    return blocks, params


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("version", choices=sorted(ARCHS))
    p.add_argument("path")
    p.add_argument("--depth", type=int, default=0, help="blocks (0 = the real depth)")
    a = p.parse_args()
    print(write(a.version, a.path, a.depth))


if __name__ == "__main__":
    main()
