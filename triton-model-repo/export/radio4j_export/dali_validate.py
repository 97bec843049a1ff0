"""DALI output against radio4j's EXACT preprocessing (= Pillow, DESIGN.md) on the parity corpus.

EXACT is byte-identical to `ImageOps.exif_transpose(Image.open(f)).convert("RGB")` followed by
Pillow's bicubic resize (and, for CENTER_CROP, torchvision's crop), so the reference here is Pillow
itself, at the sizes `dali_pipeline.geometry` gives. DALI decodes JPEG with nvJPEG and resamples
with its own cubic filter, so pixels differ slightly: the report gives the PSNR per corpus image.
"""
import hashlib
import json
import math
import os

import numpy as np

from .dali_pipeline import geometry
from .ensembles import Geometry


def pillow_reference(path: str, g: Geometry) -> np.ndarray:
    """UINT8 HWC RGB of one file, the way radio4j's EXACT mode preprocesses it."""
    from PIL import Image, ImageOps
    with Image.open(path) as im:
        im.seek(0)
        rgb = ImageOps.exif_transpose(im).convert("RGB")
    h, w = rgb.height, rgb.width
    rh, rw, top, left, oh, ow = (int(v) for v in geometry(g, float(h), float(w)))
    resized = rgb.resize((rw, rh), Image.BICUBIC)
    arr = np.asarray(resized, dtype=np.uint8)
    return np.ascontiguousarray(arr[top:top + oh, left:left + ow])


def psnr(a: np.ndarray, b: np.ndarray) -> float:
    """Peak signal-to-noise ratio in dB of two UINT8 arrays of one shape (inf when equal)."""
    if a.shape != b.shape:
        raise ValueError(f"shapes differ: {a.shape} vs {b.shape}")
    mse = float(np.mean((a.astype(np.float64) - b.astype(np.float64)) ** 2))
    return math.inf if mse == 0 else 10.0 * math.log10(255.0 ** 2 / mse)


def sha256(arr: np.ndarray) -> str:
    return hashlib.sha256(np.ascontiguousarray(arr, dtype=np.uint8).tobytes()).hexdigest()


def compare(corpus_dir: str, g: Geometry, run, min_psnr: float):
    """One row per corpus file: the candidate `run(encoded_bytes) -> UINT8 HWC` against Pillow.

    A file Pillow cannot read is skipped (the corpus also holds formats DALI does not read, such
    as WebP animations); a file the candidate refuses is a failed row.
    """
    rows = []
    for name in sorted(os.listdir(corpus_dir)):
        path = os.path.join(corpus_dir, name)
        try:
            expected = pillow_reference(path, g)
        except Exception as e:  # noqa: BLE001 - the reference's own refusal is reported, not fatal
            rows.append({"file": name, "status": "skipped", "detail": f"reference: {e}"})
            continue
        with open(path, "rb") as f:
            encoded = f.read()
        try:
            actual = np.asarray(run(encoded), dtype=np.uint8)
            value = psnr(actual, expected)
            rows.append({"file": name, "status": "ok" if value >= min_psnr else "low", "psnr_db": value,
                         "shape": list(expected.shape)})
        except Exception as e:  # noqa: BLE001 - every file gets a row
            rows.append({"file": name, "status": "failed", "detail": str(e)})
    return rows


def write_report(rows, model: str, g: Geometry, min_psnr: float, out_dir: str) -> bool:
    """Writes dali-<model>.md and .json; True when no row is low or failed."""
    os.makedirs(out_dir, exist_ok=True)
    passed = all(r["status"] in ("ok", "skipped") for r in rows)
    with open(os.path.join(out_dir, f"dali-{model}.json"), "w") as f:
        json.dump({"model": model, "geometry": g.parameters(), "min_psnr_db": min_psnr, "passed": passed,
                   "rows": [dict(r, psnr_db=("inf" if r.get("psnr_db") == math.inf else r.get("psnr_db"))) for r in rows]},
                  f, indent=1)
    lines = [f"# DALI vs radio4j EXACT: {model} ({g.mode} {g.height}x{g.width})", "",
             f"PSNR per parity-corpus image; threshold {min_psnr} dB; {'PASSED' if passed else 'FAILED'}.", "",
             "| file | status | PSNR (dB) | detail |", "|---|---|---|---|"]
    for r in rows:
        value = r.get("psnr_db")
        shown = "" if value is None else ("inf" if value == math.inf else f"{value:.2f}")
        lines.append(f"| {r['file']} | {r['status']} | {shown} | {r.get('detail', '')} |")
    with open(os.path.join(out_dir, f"dali-{model}.md"), "w") as f:
        f.write("\n".join(lines) + "\n")
    return passed
