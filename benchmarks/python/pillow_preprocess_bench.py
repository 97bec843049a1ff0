#!/usr/bin/python3
"""The Python reference preprocessing pipeline, timed: images/s on one core.

Pipeline per image (the radio4j preprocessing contract, as the RADIO / open_clip / transformers
examples do it with Pillow + numpy):

    im = ImageOps.exif_transpose(Image.open(io.BytesIO(data))).convert("RGB")
    resize with Image.BICUBIC (SQUASH / CENTER_CROP / SNAP16), crop, np.asarray(..., uint8)

Usage (Debian's interpreter has python3-pil and python3-numpy):

    /usr/bin/python3 benchmarks/python/pillow_preprocess_bench.py --images DIR [--seconds 3] [--make-images]

Throughput is counted in process CPU time (time.process_time), i.e. images per CPU-second of one
core, so other load on a shared machine does not distort it. --make-images writes the benchmark JPEGs (640x480 and 1920x1080, quality 90, synthetic fractal
noise with sensor-like grain) into DIR first. Prints one TSV row per case:
image, mode, size, images_per_second, ms_per_image.
"""
import argparse
import io
import os
import time

import numpy as np
from PIL import Image, ImageOps

BENCH_IMAGES = {"img_640x480.jpg": (480, 640), "img_1920x1080.jpg": (1080, 1920)}


def fractal(h, w, seed):
    """Multi-octave value noise plus mild grain: a photo-like bitrate (~0.5 bit/pixel at q90)."""
    rng = np.random.RandomState(seed)
    out = np.zeros((h, w, 3))
    for octave in range(2, 9):
        s = 2 ** octave
        small = rng.uniform(-1, 1, (h // s + 2, w // s + 2, 3))
        out += np.kron(small, np.ones((s, s, 1)))[:h, :w] * (96.0 / (9 - octave))
    out = (out - out.min()) / (out.max() - out.min()) * 255
    out += rng.normal(0, 1.5, (h, w, 3))
    return np.clip(out, 0, 255).astype(np.uint8)


def make_images(folder):
    os.makedirs(folder, exist_ok=True)
    for name, (h, w) in BENCH_IMAGES.items():
        Image.fromarray(fractal(h, w, h)).save(os.path.join(folder, name), quality=90)


def resized_size(mode, s, h, w):
    portrait = h > w
    short, long_ = (w, h) if portrait else (h, w)
    if mode == "center_crop":
        new_long = (2 * long_ * s + short) // (2 * short)
    else:
        new_long = max(16, (2 * long_ * s + 16 * short) // (32 * short) * 16)
    new_long = max(new_long, s)
    return (new_long, s) if portrait else (s, new_long)


def preprocess(data, mode, s):
    im = ImageOps.exif_transpose(Image.open(io.BytesIO(data))).convert("RGB")
    if mode == "squash":
        return np.asarray(im.resize((s, s), Image.BICUBIC), dtype=np.uint8)
    h, w = resized_size(mode, s, im.height, im.width)
    im = im.resize((w, h), Image.BICUBIC)
    if mode == "center_crop":
        top, left = (h - s) // 2, (w - s) // 2
        im = im.crop((left, top, left + s, top + s))
    return np.asarray(im, dtype=np.uint8)


def bench(data, mode, s, seconds):
    """Images per second of this process's CPU time: robust to other load on a shared machine."""
    for _ in range(3):
        preprocess(data, mode, s)
    n = 0
    start = time.process_time()
    while True:
        preprocess(data, mode, s)
        n += 1
        elapsed = time.process_time() - start
        if elapsed >= seconds and n >= 5:
            return n / elapsed


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--images", required=True)
    ap.add_argument("--seconds", type=float, default=3.0)
    ap.add_argument("--modes", default="squash,center_crop,snap16")
    ap.add_argument("--sizes", default="224,512")
    ap.add_argument("--make-images", action="store_true")
    args = ap.parse_args()
    if args.make_images:
        make_images(args.images)
    print("image\tmode\tsize\timages_per_second\tms_per_image")
    for name in BENCH_IMAGES:
        with open(os.path.join(args.images, name), "rb") as f:
            data = f.read()
        for mode in args.modes.split(","):
            for s in (int(v) for v in args.sizes.split(",")):
                ips = bench(data, mode, s, args.seconds)
                print(f"{name}\t{mode}\t{s}\t{ips:.2f}\t{1000 / ips:.3f}", flush=True)


if __name__ == "__main__":
    main()
