#!/usr/bin/python3
"""The Python reference preprocessing pipeline, timed: images/s on one core.

Pipeline per image (the radio4j preprocessing contract, as the RADIO / open_clip / transformers
examples do it with Pillow + numpy):

    im = ImageOps.exif_transpose(Image.open(io.BytesIO(data))).convert("RGB")
    SQUASH / SNAP16: im.resize(..., Image.BICUBIC); CENTER_CROP: open_clip's validation transform,
    torchvision Resize(S, BICUBIC) + CenterCrop(S) on the PIL image; then np.asarray(..., uint8)

With --draft, Image.draft("RGB", resized size) is called before the decode: libjpeg-turbo's
DCT-scaled decode, Pillow's own fast path for JPEGs (what a Python user who cares about speed runs).

Usage (Debian's interpreter has python3-pil, python3-numpy and python3-torchvision):

    /usr/bin/python3 benchmarks/python/pillow_preprocess_bench.py --images DIR [--seconds 3] [--make-images] [--draft]
    /usr/bin/python3 benchmarks/python/pillow_preprocess_bench.py --serve

--serve answers requests on stdin, one per line, "path<TAB>mode<TAB>size<TAB>plain|draft|decode<TAB>seconds",
with one line "ms_per_image" each (CPU time): the side-by-side benchmark drives two such workers,
one with glibc's default malloc thresholds and one with larger ones, interleaved with its own runs.

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
    """(height, width) before the crop: CENTER_CROP as torchvision's Resize(s) computes it
    (int(s * long / short)), SNAP16 to the nearest multiple of 16."""
    portrait = h > w
    short, long_ = (w, h) if portrait else (h, w)
    if mode == "center_crop":
        new_long = int(s * long_ / short)
    else:
        new_long = max(16, (2 * long_ * s + 16 * short) // (32 * short) * 16)
    new_long = max(new_long, s)
    return (new_long, s) if portrait else (s, new_long)


_OPEN_CLIP = {}


def open_clip_val(s):
    if s not in _OPEN_CLIP:
        from torchvision import transforms
        _OPEN_CLIP[s] = transforms.Compose([
            transforms.Resize(s, interpolation=transforms.InterpolationMode.BICUBIC), transforms.CenterCrop(s)])
    return _OPEN_CLIP[s]


def preprocess(data, mode, s, draft=False):
    im = Image.open(io.BytesIO(data))
    if draft:
        # the size the resize needs, in the file's orientation; draft keeps at least this much
        transposed = im.getexif().get(0x0112, 1) >= 5
        fh, fw = (im.width, im.height) if transposed else (im.height, im.width)
        h, w = (s, s) if mode == "squash" else resized_size(mode, s, fh, fw)
        im.draft("RGB", (h, w) if transposed else (w, h))
    im = ImageOps.exif_transpose(im).convert("RGB")
    if mode == "squash":
        return np.asarray(im.resize((s, s), Image.BICUBIC), dtype=np.uint8)
    if mode == "center_crop":
        return np.asarray(open_clip_val(s)(im), dtype=np.uint8)
    h, w = resized_size(mode, s, im.height, im.width)
    return np.asarray(im.resize((w, h), Image.BICUBIC), dtype=np.uint8)


def decode_only(data):
    """Pillow's full-size decode alone (libjpeg-turbo, default settings)."""
    Image.open(io.BytesIO(data)).load()


def bench(data, mode, s, seconds, draft=False, variant=None):
    """Images per second of this process's CPU time: robust to other load on a shared machine."""
    run = (lambda: decode_only(data)) if variant == "decode" else (lambda: preprocess(data, mode, s, draft))
    for _ in range(3):
        run()
    n = 0
    start = time.process_time()
    while True:
        run()
        n += 1
        elapsed = time.process_time() - start
        if elapsed >= seconds and n >= 5:
            return n / elapsed


def serve():
    """One request per stdin line, one answer (ms per image of CPU time) per stdout line."""
    import sys
    cache = {}
    for line in sys.stdin:
        path, mode, size, variant, seconds = line.rstrip("\n").split("\t")
        if path not in cache:
            with open(path, "rb") as f:
                cache[path] = f.read()
        ips = bench(cache[path], mode, int(size), float(seconds), draft=variant == "draft", variant=variant)
        print(f"{1000 / ips:.4f}", flush=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--images")
    ap.add_argument("--seconds", type=float, default=3.0)
    ap.add_argument("--modes", default="squash,center_crop,snap16")
    ap.add_argument("--sizes", default="224,512")
    ap.add_argument("--make-images", action="store_true")
    ap.add_argument("--draft", action="store_true")
    ap.add_argument("--serve", action="store_true")
    args = ap.parse_args()
    if args.serve:
        serve()
        return
    if not args.images:
        ap.error("--images is required")
    if args.make_images:
        make_images(args.images)
    print("image\tmode\tsize\timages_per_second\tms_per_image")
    for name in BENCH_IMAGES:
        with open(os.path.join(args.images, name), "rb") as f:
            data = f.read()
        for mode in args.modes.split(","):
            for s in (int(v) for v in args.sizes.split(",")):
                ips = bench(data, mode, s, args.seconds, args.draft)
                print(f"{name}\t{mode}\t{s}\t{ips:.2f}\t{1000 / ips:.3f}", flush=True)


if __name__ == "__main__":
    main()
