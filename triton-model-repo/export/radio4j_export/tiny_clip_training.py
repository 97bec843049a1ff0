"""A short SigLIP-style training of the tiny CLIP towers on synthetic coloured shapes.

So the tiny image and text towers mean something: "a red circle" lands next to a picture of a red
circle. Images are drawn with numpy (a shape of one of 8 colours on a grey background), captions
come from the same templates the tiny tokenizer was trained on. Single-threaded and seeded, so a
rerun on the same machine and torch version gives the same weights.
"""
import math

import numpy as np
import torch
import torch.nn.functional as F

from .tiny_tokenizer import COLOURS, SHAPES, TEMPLATES, TinyTokenizer, to_input_ids

RGB = {"red": (220, 30, 30), "green": (30, 170, 50), "blue": (30, 60, 220), "yellow": (240, 220, 30),
       "white": (250, 250, 250), "black": (10, 10, 10), "orange": (245, 140, 20), "purple": (140, 40, 180)}


def draw(colour: str, shape: str, size: int = 224, cx=None, cy=None, r=None, background=128, noise=None):
    """UINT8 [size, size, 3]: one filled shape on a flat background."""
    cx = size / 2 if cx is None else cx
    cy = size / 2 if cy is None else cy
    r = size / 4 if r is None else r
    y, x = np.mgrid[0:size, 0:size].astype(np.float32) + 0.5
    dx, dy = np.abs(x - cx), np.abs(y - cy)
    dist = np.hypot(x - cx, y - cy)
    if shape == "circle":
        mask = dist < r
    elif shape == "square":
        mask = (dx < r) & (dy < r)
    elif shape == "triangle":
        mask = (y > cy - r) & (y < cy + r) & (dx < (y - (cy - r)) / 2)
    elif shape == "cross":
        mask = ((dx < r / 3) & (dy < r)) | ((dy < r / 3) & (dx < r))
    elif shape == "stripe":
        mask = (dy < r / 4) & (dx < 1.6 * r)
    elif shape == "ring":
        mask = (dist < r) & (dist > 0.6 * r)
    else:
        raise ValueError(f"unknown shape {shape!r}")
    image = np.full((size, size, 3), background, dtype=np.float32)
    image[mask] = RGB[colour]
    if noise is not None:
        image += noise
    return np.clip(image, 0, 255).astype(np.uint8)


def _batch(rng, n, size):
    labels = rng.integers(0, len(COLOURS) * len(SHAPES), n)
    images = np.empty((n, size, size, 3), dtype=np.uint8)
    for i, label in enumerate(labels):
        r = rng.uniform(0.15, 0.33) * size
        images[i] = draw(COLOURS[label // len(SHAPES)], SHAPES[label % len(SHAPES)], size,
                         cx=rng.uniform(r, size - r), cy=rng.uniform(r, size - r), r=r,
                         background=int(rng.integers(90, 170)), noise=rng.normal(0, 6, (size, size, 1)))
    return images, labels


def class_captions():
    return [(c, s) for c in COLOURS for s in SHAPES]


def train(vision, text, tokenizer: TinyTokenizer, steps: int = 200, batch: int = 32, size: int = 64, seed: int = 7):
    """Trains both towers in place; returns (logit_scale as its log, logit_bias, colour accuracy).

    Contrastive over the 48 class captions (one random template per class and step) converges in
    a few hundred CPU steps where the pairwise sigmoid loss, at this batch size, does not. Training
    runs at 64 px (the towers take any multiple of 16; colour transfers to 224 px, measured below);
    at 16 px patches that is too coarse to learn the shapes, so only colour is meaningful.
    The SigLIP scale and bias are then fitted to the trained towers, so the published
    sigmoid(exp(scale) * cos + bias) is a calibrated match probability for them.
    """
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    classes = class_captions()
    caption_ids = torch.tensor([[to_input_ids(tokenizer, t.format(c=c, s=s)) for t in TEMPLATES] for c, s in classes])
    opt = torch.optim.AdamW(list(vision.parameters()) + list(text.parameters()), lr=2e-3, weight_decay=0.01)
    schedule = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=2e-3, total_steps=steps, pct_start=0.1)
    vision.train()
    text.train()
    for _ in range(steps):
        images, labels = _batch(rng, batch, size)
        ids = caption_ids[torch.arange(len(classes)), torch.from_numpy(rng.integers(0, len(TEMPLATES), len(classes)))]
        logits = vision(torch.from_numpy(images)) @ text(ids).T * 20.0
        loss = F.cross_entropy(logits, torch.from_numpy(labels))
        opt.zero_grad()
        loss.backward()
        opt.step()
        schedule.step()
    vision.eval()
    text.eval()
    scale, bias = _fit_siglip_logits(vision, text, tokenizer, rng)
    return scale, bias, colour_accuracy(vision, text, tokenizer, seed=seed + 1)


def _class_text(text, tokenizer):
    with torch.no_grad():
        return text(torch.tensor([to_input_ids(tokenizer, f"a {c} {s}") for c, s in class_captions()]))


def _fit_siglip_logits(vision, text, tokenizer, rng, n=96, size=224):
    """Logistic regression of "this caption's class" on cosine, in SigLIP's parameterisation."""
    images, labels = _batch(rng, n, size)
    with torch.no_grad():
        cos = vision(torch.from_numpy(images)) @ _class_text(text, tokenizer).T
    target = torch.from_numpy(labels[:, None] == np.arange(cos.shape[1])[None, :]).float()
    scale = torch.tensor(math.log(10.0), requires_grad=True)
    bias = torch.tensor(-10.0, requires_grad=True)
    opt = torch.optim.LBFGS([scale, bias], max_iter=200, line_search_fn="strong_wolfe")

    def closure():
        opt.zero_grad()
        loss = F.binary_cross_entropy_with_logits(cos * scale.exp() + bias, target)
        loss.backward()
        return loss

    opt.step(closure)
    return scale.item(), bias.item()


def colour_accuracy(vision, text, tokenizer, size=224, seed=8, n=96):
    """How often the best of the 48 "a {colour} {shape}" captions has the image's colour."""
    rng = np.random.default_rng(seed)
    images, labels = _batch(rng, n, size)
    with torch.no_grad():
        predicted = (vision(torch.from_numpy(images)) @ _class_text(text, tokenizer).T).argmax(1).numpy()
    return float(np.mean(predicted // len(SHAPES) == labels // len(SHAPES)))
