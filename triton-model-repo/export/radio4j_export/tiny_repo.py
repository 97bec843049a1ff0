"""Builds the tiny model repository: ONNX graphs, config.pbtxt files, tokenizer.json and goldens.

Everything is seeded, so running the build twice gives byte-identical files (on the same torch
and onnx versions; the committed files come from Debian's python3-torch 1.13 and python3-onnx 1.12).
"""
import json
import os

import onnx
import torch
import numpy as np

from . import tiny_models as tm
from .pbtxt import DynamicBatching, ModelConfig, Tensor, render
from .tiny_tokenizer import TinyTokenizer, to_input_ids, canonicalize
from .tiny_clip_training import train as train_clip

OPSET = 17
MAX_BATCH = 8
CLIP_SIZE = 224
# What a backend feeds for an omitted num_tokens: more than any image has, so all tokens.
NUM_TOKENS_DEFAULT = 2**31 - 1

# name -> (seed, widths); widths are small but distinct, so a client that hard-codes a dimension
# instead of reading it from the model fails on the tiny repository already.
C_RADIO = {"c_radio_v4_h": (401, 64), "c_radio_v4_so400m": (402, 48)}
RADIO1D = ("radio1d_h", 403, 32)
CLIP_VISION = ("radio_clip_vision", 404, 48)
CLIP_TEXT = ("radio_clip_text", 405, 32)
CLIP_DIM = 32


def pattern_image(batch: int, height: int, width: int, seed: int = 0) -> np.ndarray:
    """A deterministic UINT8 NHWC test image that a Java test can rebuild from four integers."""
    b = np.arange(batch).reshape(-1, 1, 1, 1)
    y = np.arange(height).reshape(1, -1, 1, 1)
    x = np.arange(width).reshape(1, 1, -1, 1)
    c = np.arange(3).reshape(1, 1, 1, -1)
    return ((x * 3 + y * 5 + c * 70 + b * 40 + seed * 11) % 256).astype(np.uint8)


def _cpu_config(name, inputs, outputs, parameters=None, comment=""):
    return ModelConfig(
        name=name, platform="onnxruntime_onnx", backend="onnxruntime", max_batch_size=MAX_BATCH,
        inputs=tuple(inputs), outputs=tuple(outputs),
        dynamic_batching=DynamicBatching(max_queue_delay_microseconds=100),
        instance_kind="KIND_CPU", instance_count=1, parameters=parameters or {}, comment=comment)


def _export(model, args, path, input_names, output_names, dynamic_axes):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    model.eval()
    with torch.no_grad():
        torch.onnx.export(model, args, path, input_names=input_names, output_names=output_names,
                          dynamic_axes=dynamic_axes, opset_version=OPSET, do_constant_folding=True)
    onnx.checker.check_model(onnx.load(path))


def _floats(t: torch.Tensor):
    return {"shape": list(t.shape), "data": [float(f"{v:.7g}") for v in t.flatten().tolist()]}


def build(repo_dir: str, golden_dir: str):
    """Writes the tiny repository to repo_dir and PyTorch reference outputs to golden_dir."""
    # One thread: multi-threaded reductions may sum in a different order from run to run, and the
    # trained CLIP weights would then differ in the last bits.
    torch.set_num_threads(1)
    goldens = {}
    for name, (seed, width) in C_RADIO.items():
        goldens[name] = _build_c_radio(repo_dir, name, seed, width)
    goldens[RADIO1D[0]] = _build_radio1d(repo_dir, *RADIO1D)
    goldens.update(_build_clip(repo_dir))
    os.makedirs(golden_dir, exist_ok=True)
    for key, value in goldens.items():
        with open(os.path.join(golden_dir, f"{key}.json"), "w", encoding="utf-8") as f:
            json.dump(value, f, ensure_ascii=False, separators=(",", ":"))
            f.write("\n")


def _build_c_radio(repo_dir, name, seed, width):
    torch.manual_seed(seed)
    model = tm.TinyCRadio(width).eval()
    path = os.path.join(repo_dir, name, "1", "model.onnx")
    _export(model, (torch.from_numpy(pattern_image(1, 80, 112)),), path, ["image"], ["summary", "features"],
            {"image": {0: "batch", 1: "height", 2: "width"}, "summary": {0: "batch"},
             "features": {0: "batch", 1: "patches"}})
    _write(repo_dir, _cpu_config(
        name, [Tensor("image", "TYPE_UINT8", (-1, -1, 3))],
        [Tensor("summary", "TYPE_FP32", (2 * width,)), Tensor("features", "TYPE_FP32", (-1, width))],
        comment=f"Tiny stand-in for {name}: patch 16, 10 prefix tokens, width {width}, summary = cls tokens 0 and 1."))
    cases = []
    # Neither size is the traced 80x112, so the goldens prove no shape was frozen into the graph.
    for batch, h, w in ((2, 32, 48), (1, 80, 48)):
        image = pattern_image(batch, h, w, seed)
        with torch.no_grad():
            summary, features = model(torch.from_numpy(image))
        cases.append({"image": [batch, h, w, seed], "outputs": {"summary": _floats(summary), "features": _floats(features)}})
    return cases


def _build_radio1d(repo_dir, name, seed, width):
    torch.manual_seed(seed)
    model = tm.TinyRadio1D(width).eval()
    path = os.path.join(repo_dir, name, "1", "model.onnx")
    _export(model, (torch.from_numpy(pattern_image(2, 80, 112)), torch.tensor([[3], [5]], dtype=torch.int32)), path,
            ["image", "num_tokens"], ["tokens"],
            {"image": {0: "batch", 1: "height", 2: "width"}, "num_tokens": {0: "batch"}, "tokens": {0: "batch", 1: "tokens"}})
    _write(repo_dir, _cpu_config(
        name, [Tensor("image", "TYPE_UINT8", (-1, -1, 3)), Tensor("num_tokens", "TYPE_INT32", (1,), optional=True)],
        [Tensor("tokens", "TYPE_FP32", (-1, 2 * width))],
        comment=f"Tiny stand-in for {name}: 10 prefix tokens, then 2x2-merged global tokens of width {2 * width}.\n"
                "num_tokens (optional) trims the output to 10 + max(num_tokens) tokens. The ONNX graph itself\n"
                "requires it (ONNX Runtime's Java API cannot feed an input that has a default), so a backend\n"
                f"running this file directly feeds {NUM_TOKENS_DEFAULT} (all tokens) when a request omits it."))
    cases = []
    for batch, h, w, counts in ((2, 48, 80, None), (2, 48, 80, [2, 4]), (1, 64, 64, [100]), (1, 32, 32, [0])):
        image = pattern_image(batch, h, w, seed)
        nt = (torch.tensor([[c] for c in counts], dtype=torch.int32) if counts
              else torch.full((batch, 1), NUM_TOKENS_DEFAULT, dtype=torch.int32))
        with torch.no_grad():
            tokens = model(torch.from_numpy(image), nt)
        cases.append({"image": [batch, h, w, seed], "num_tokens": counts, "outputs": {"tokens": _floats(tokens)}})
    return cases


def _build_clip(repo_dir):
    """Both towers, trained together, plus tokenizer.json; returns their goldens and the tokenizer's."""
    tokenizer = TinyTokenizer.trained()
    name_t, seed_t, width_t = CLIP_TEXT
    torch.manual_seed(seed_t)
    text_model = tm.TinyClipText(tokenizer.vocab_size, width_t, CLIP_DIM).eval()
    name_v, seed_v, width_v = CLIP_VISION
    torch.manual_seed(seed_v)
    vision_model = tm.TinyClipVision(width_v, CLIP_DIM).eval()
    scale, bias, colour_acc = train_clip(vision_model, text_model, tokenizer)
    print(f"tiny CLIP: colour accuracy {colour_acc:.2f}, logit_scale {scale:.4f}, logit_bias {bias:.4f}")
    # The SigLIP scale is published as its log, like the checkpoint stores it.
    params = {"logit_scale": f"{scale:.6f}", "logit_bias": f"{bias:.6f}"}

    path = os.path.join(repo_dir, name_v, "1", "model.onnx")
    _export(vision_model, (torch.from_numpy(pattern_image(1, CLIP_SIZE, CLIP_SIZE)),), path, ["image"], ["embedding"],
            {"image": {0: "batch"}, "embedding": {0: "batch"}})
    _write(repo_dir, _cpu_config(
        name_v, [Tensor("image", "TYPE_UINT8", (CLIP_SIZE, CLIP_SIZE, 3))], [Tensor("embedding", "TYPE_FP32", (CLIP_DIM,))],
        params, comment=f"Tiny stand-in for the RADIO-CLIP image tower: L2-normalised embedding of size {CLIP_DIM}.\n"
                        "Trained briefly on synthetic shapes: it knows colours, not shapes."))
    image = pattern_image(2, CLIP_SIZE, CLIP_SIZE, seed_v)
    with torch.no_grad():
        image_emb = vision_model(torch.from_numpy(image))

    path = os.path.join(repo_dir, name_t, "1", "model.onnx")
    _export(text_model, (torch.zeros(2, tm.TEXT_LENGTH, dtype=torch.int64),), path, ["input_ids"], ["embedding"],
            {"input_ids": {0: "batch"}, "embedding": {0: "batch"}})
    _write(repo_dir, _cpu_config(
        name_t, [Tensor("input_ids", "TYPE_INT64", (tm.TEXT_LENGTH,))], [Tensor("embedding", "TYPE_FP32", (CLIP_DIM,))],
        params, comment="Tiny stand-in for the RADIO-CLIP text tower (SigLIP2 style: pools the last of 64 positions).\n"
                        "tokenizer.json beside this file is a Gemma-format BPE with a small vocabulary."))
    tokenizer.write(os.path.join(repo_dir, name_t, "tokenizer.json"))
    texts = ["a red circle", "A photo of a BLUE square!", "the_stripe is green"]
    ids = [to_input_ids(tokenizer, t) for t in texts]
    with torch.no_grad():
        text_emb = text_model(torch.tensor(ids, dtype=torch.int64))

    raw = ["a red circle", "red circle", "a photo of a dog", "Zebra crossing", "zürich café ☕ 😀", "", "  two  spaces ",
           "triangletriangle", "an image of a purple ring on a white background"]
    return {
        name_v: [{"image": [2, CLIP_SIZE, CLIP_SIZE, seed_v], "outputs": {"embedding": _floats(image_emb)}}],
        name_t: [{"texts": texts, "input_ids": ids, "outputs": {"embedding": _floats(text_emb)}}],
        "tokenizer": [{"text": t, "ids": tokenizer.encode(t)} for t in raw]
                     + [{"text": t, "canonical": canonicalize(t), "input_ids": to_input_ids(tokenizer, t)} for t in texts],
    }


def _write(repo_dir, cfg):
    os.makedirs(os.path.join(repo_dir, cfg.name), exist_ok=True)
    with open(os.path.join(repo_dir, cfg.name, "config.pbtxt"), "w", encoding="utf-8") as f:
        f.write(render(cfg))
