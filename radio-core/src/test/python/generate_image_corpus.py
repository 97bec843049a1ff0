#!/usr/bin/python3
"""Generates the image parity corpus of radio-core and its Pillow reference outputs.

Run with Debian's interpreter (python3-pil 9.4, python3-numpy, python3-torchvision 0.14):

    /usr/bin/python3 radio-core/src/test/python/generate_image_corpus.py radio-core/src/test/resources/image

Inputs are synthetic and deterministic (fixed seeds); they are written to <out>/corpus/. The
reference is the preprocessing contract of radio4j:

    ImageOps.exif_transpose(Image.open(f)).convert("RGB")   # first frame of animations
    then SQUASH / SNAP16 with Image.resize(..., Image.BICUBIC), and CENTER_CROP with torchvision
    itself: transforms.Resize(S, InterpolationMode.BICUBIC) + transforms.CenterCrop(S), open_clip's
    validation transform (the one RADIO-CLIP was trained with).

ICC-tagged inputs (Adobe RGB, Display P3 and CMYK JPEGs, PNG iCCP) carry profiles built here with
littlecms (liblcms2, which Pillow links), and PNGs with gAMA/cHRM chunks are written by hand:
Pillow ignores all of them in convert("RGB"), so the references are the raw samples.

<out>/geometry.tsv records torchvision's CENTER_CROP geometry (resized size and crop offsets) for
sizes where rounding rules differ, so the Java geometry is checked against torchvision directly.

Reference outputs are stored compactly as SHA-256 of the raw UINT8 HWC bytes in <out>/golden.tsv
(one row per case and mode, plus a "decode" row for the oriented RGB image before resizing), with
the Pillow version in a header comment. A few full outputs are stored as PNG in <out>/full/ so a
mismatch can be inspected pixel by pixel.
"""
import hashlib
import io
import os
import struct
import sys
import zlib

import numpy as np
import PIL
from PIL import Image, ImageOps

SIZES = (224, 512)


# ---------------------------------------------------------------- geometry

def snap16_size(s, h, w):
    """(height, width) of SNAP16: shortest edge to s, long edge to the nearest multiple of 16
    (half up, exact integer maths, mirrors ResizeSpec.java), at least s."""
    portrait = h > w
    short, long_ = (w, h) if portrait else (h, w)
    new_long = max(16, (2 * long_ * s + 16 * short) // (32 * short) * 16)
    new_long = max(new_long, s)
    return (new_long, s) if portrait else (s, new_long)


def open_clip_val(s):
    """open_clip's image_transform(is_train=False) for a square size: Resize(s) on the shortest edge
    with bicubic interpolation, then CenterCrop(s), both torchvision's, applied to the PIL image."""
    from torchvision import transforms
    return transforms.Compose([
        transforms.Resize(s, interpolation=transforms.InterpolationMode.BICUBIC),
        transforms.CenterCrop(s)])


def reference(im, mode, s):
    if mode == "squash":
        return im.resize((s, s), Image.BICUBIC)
    if mode == "center_crop":
        return open_clip_val(s)(im)
    h, w = snap16_size(s, im.height, im.width)
    return im.resize((w, h), Image.BICUBIC)


def torchvision_geometry(h, w, s):
    """torchvision's own CENTER_CROP geometry for an h x w image: the size Resize(s) produces and the
    offsets CenterCrop(s) takes, read back from images whose pixels encode their coordinates."""
    from torchvision import transforms
    import torch
    resized = transforms.Resize(s, interpolation=transforms.InterpolationMode.BICUBIC)(Image.new("L", (w, h)))
    rh, rw = resized.height, resized.width
    ys = torch.arange(rh, dtype=torch.int32).view(1, rh, 1).expand(1, rh, rw)
    xs = torch.arange(rw, dtype=torch.int32).view(1, 1, rw).expand(1, rh, rw)
    crop = transforms.CenterCrop(s)(torch.cat([ys, xs]))
    return rh, rw, int(crop[0, 0, 0]), int(crop[1, 0, 0])


# (height, width) pairs for geometry.tsv: the corpus sizes, common photo and video sizes, odd and
# portrait sizes, and sizes where truncation and half-up rounding of the long edge, or floor and
# half-even rounding of the offset, give different answers.
GEOMETRY_SIZES = [(480, 640), (640, 480), (1080, 1920), (1920, 1080), (769, 513), (513, 769), (120, 160),
                  (97, 131), (90, 120), (16, 4000), (4000, 16), (5, 3), (1, 1), (600, 512), (3000, 4000),
                  (4032, 3024), (1365, 2048), (333, 500), (375, 500), (500, 333), (427, 640), (612, 612),
                  (224, 224), (223, 225), (225, 301), (301, 225), (1001, 667), (667, 1001), (719, 1280),
                  (768, 1366), (2, 3), (3, 2), (7, 11), (1023, 1025)]


def load_reference(path):
    im = Image.open(path)
    im.seek(0)
    return ImageOps.exif_transpose(im).convert("RGB")


# ---------------------------------------------------------------- synthetic content

def photo_like(h, w, seed, channels=3):
    """Smooth gradients and blobs plus mild noise: compresses like a photo, exercises every value."""
    rng = np.random.RandomState(seed)
    y, x = np.mgrid[0:h, 0:w].astype(np.float64)
    out = np.zeros((h, w, channels))
    for c in range(channels):
        fx, fy = rng.uniform(1, 6, 2)
        px, py = rng.uniform(0, 6.28, 2)
        base = 127 + 90 * np.sin(fx * 6.28 * x / max(w, 1) + px) * np.cos(fy * 6.28 * y / max(h, 1) + py)
        out[..., c] = base + 40 * (x / max(w - 1, 1) - 0.5) * (c - 1) + rng.normal(0, 6, (h, w))
    # a few hard edges, where resampling kernels ring
    for _ in range(4):
        y0, x0 = rng.randint(0, max(h, 1)), rng.randint(0, max(w, 1))
        out[y0:y0 + h // 4 + 1, x0:x0 + w // 5 + 1] = rng.uniform(0, 255, channels)
    return np.clip(out, 0, 255).astype(np.uint8)


def exif_with_orientation(n):
    exif = Image.Exif()
    exif[0x0112] = n
    return exif.tobytes()


def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


ADAM7 = ((0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2))


def raw_png(samples, bit_depth, color_type, extra_chunks=(), interlace=False):
    """A PNG written by hand for the variants Pillow cannot save (16-bit colour, 2/4-bit gray, Adam7)."""
    h, w = samples.shape[:2]
    if interlace:
        passes = [samples[ys::dy, xs::dx] for xs, ys, dx, dy in ADAM7]
        data = b"".join(png_rows(p, bit_depth) for p in passes if p.shape[0] and p.shape[1])
    else:
        data = png_rows(samples, bit_depth)
    ihdr = struct.pack(">IIBBBBB", w, h, bit_depth, color_type, 0, 0, 1 if interlace else 0)
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr) + b"".join(extra_chunks)
            + png_chunk(b"IDAT", zlib.compress(data, 9)) + png_chunk(b"IEND", b""))


def png_rows(samples, bit_depth):
    """Filter-type-0 scanlines of one (sub)image."""
    rows = []
    for r in range(samples.shape[0]):
        row = samples[r]
        if bit_depth == 16:
            data = row.astype(">u2").tobytes()
        elif bit_depth == 8:
            data = row.astype(np.uint8).tobytes()
        else:
            flat = row.reshape(-1).astype(np.uint8)
            per_byte = 8 // bit_depth
            pad = (-len(flat)) % per_byte
            flat = np.concatenate([flat, np.zeros(pad, np.uint8)]).reshape(-1, per_byte)
            packed = np.zeros(len(flat), np.uint8)
            for i in range(per_byte):
                packed |= (flat[:, i] << (8 - bit_depth * (i + 1))).astype(np.uint8)
            data = packed.tobytes()
        rows.append(b"\x00" + data)
    return b"".join(rows)


def ycck_jpeg(h, w, seed):
    """A YCCK JPEG (Adobe transform 2), which Pillow cannot write: libturbojpeg's tjCompress2 makes
    one from CMYK pixels. None when the library is not installed."""
    import ctypes
    try:
        tj = ctypes.CDLL("libturbojpeg.so.0")
    except OSError:
        return None
    tj.tjInitCompress.restype = ctypes.c_void_p
    handle = tj.tjInitCompress()
    cmyk = np.ascontiguousarray(np.concatenate([photo_like(h, w, seed), photo_like(h, w, seed + 1)[..., :1]], axis=2))
    buf = ctypes.POINTER(ctypes.c_ubyte)()
    size = ctypes.c_ulong(0)
    tjpf_cmyk, tjsamp_420 = 11, 2
    rc = tj.tjCompress2(ctypes.c_void_p(handle), cmyk.ctypes.data_as(ctypes.c_void_p), w, w * 4, h, tjpf_cmyk,
                        ctypes.byref(buf), ctypes.byref(size), tjsamp_420, 90, 0)
    if rc != 0:
        return None
    data = bytes(bytearray(buf[:size.value]))
    tj.tjFree(buf)
    tj.tjDestroy(ctypes.c_void_p(handle))
    return data


def lcms_profile(kind):
    """A small ICC profile built with littlecms 2: "adobe_rgb" (Adobe RGB (1998) primaries, D65,
    gamma 563/256), "display_p3" (P3 primaries, D65, the sRGB curve) or "cmyk" (a v2 CMYK output
    profile with 2-point CLUTs). The header date is fixed and the profile ID left zero, so the bytes
    are reproducible."""
    import ctypes
    lcms = ctypes.CDLL("liblcms2.so.2")
    vp, dbl = ctypes.c_void_p, ctypes.c_double
    for name, res, args in (
            ("cmsBuildGamma", vp, [vp, dbl]), ("cmsBuildParametricToneCurve", vp, [vp, ctypes.c_int, vp]),
            ("cmsCreateRGBProfile", vp, [vp, vp, vp]), ("cmsCreateProfilePlaceholder", vp, [vp]),
            ("cmsMLUalloc", vp, [vp, ctypes.c_uint]), ("cmsMLUsetASCII", ctypes.c_int, [vp, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p]),
            ("cmsWriteTag", ctypes.c_int, [vp, ctypes.c_uint, vp]), ("cmsSaveProfileToMem", ctypes.c_int, [vp, vp, vp]),
            ("cmsSetProfileVersion", None, [vp, dbl]), ("cmsSetDeviceClass", None, [vp, ctypes.c_uint]),
            ("cmsSetColorSpace", None, [vp, ctypes.c_uint]), ("cmsSetPCS", None, [vp, ctypes.c_uint]),
            ("cmsPipelineAlloc", vp, [vp, ctypes.c_uint, ctypes.c_uint]),
            ("cmsStageAllocCLut16bit", vp, [vp, ctypes.c_uint, ctypes.c_uint, ctypes.c_uint, vp]),
            ("cmsPipelineInsertStage", ctypes.c_int, [vp, ctypes.c_int, vp]), ("cmsD50_XYZ", vp, []),
            ("cmsCloseProfile", ctypes.c_int, [vp])):
        getattr(lcms, name).restype = res
        getattr(lcms, name).argtypes = args

    def sig(text):
        return int.from_bytes(text.encode("ascii"), "big")

    xyy = ctypes.c_double * 3
    white = xyy(0.3127, 0.3290, 1.0)
    if kind in ("adobe_rgb", "display_p3"):
        if kind == "adobe_rgb":
            primaries = (ctypes.c_double * 9)(0.64, 0.33, 1.0, 0.21, 0.71, 1.0, 0.15, 0.06, 1.0)
            curve = lcms.cmsBuildGamma(None, 563 / 256)
            description = b"radio4j test Adobe RGB (1998)"
        else:
            primaries = (ctypes.c_double * 9)(0.680, 0.320, 1.0, 0.265, 0.690, 1.0, 0.150, 0.060, 1.0)
            params = (ctypes.c_double * 5)(2.4, 1 / 1.055, 0.055 / 1.055, 1 / 12.92, 0.04045)
            curve = lcms.cmsBuildParametricToneCurve(None, 4, params)
            description = b"radio4j test Display P3"
        curves = (ctypes.c_void_p * 3)(curve, curve, curve)
        h = lcms.cmsCreateRGBProfile(white, primaries, curves)
    else:
        h = lcms.cmsCreateProfilePlaceholder(None)
        lcms.cmsSetProfileVersion(h, 2.1)
        lcms.cmsSetDeviceClass(h, sig("prtr"))
        lcms.cmsSetColorSpace(h, sig("CMYK"))
        lcms.cmsSetPCS(h, sig("Lab "))
        # AToB0: CMYK -> Lab, a 2-point grid from paper white (L 100) to K black (L 0)
        a2b = (ctypes.c_uint16 * 48)()
        for i in range(16):
            c, m, y, k = (i >> 3) & 1, (i >> 2) & 1, (i >> 1) & 1, i & 1
            a2b[3 * i] = 0 if k else int(0xFFFF * (1 - 0.25 * (c + m + y)))
            a2b[3 * i + 1] = 0x8080 + (0x2000 * (m - c) if not k else 0)
            a2b[3 * i + 2] = 0x8080 + (0x2000 * (y - m) if not k else 0)
        pipe = lcms.cmsPipelineAlloc(None, 4, 3)
        lcms.cmsPipelineInsertStage(pipe, 0, lcms.cmsStageAllocCLut16bit(None, 2, 4, 3, a2b))
        lcms.cmsWriteTag(h, sig("A2B0"), pipe)
        # BToA0: Lab -> CMYK, lightness to K only
        b2a = (ctypes.c_uint16 * 32)()
        for i in range(8):
            b2a[4 * i + 3] = 0 if (i >> 2) & 1 else 0xFFFF
        pipe = lcms.cmsPipelineAlloc(None, 3, 4)
        lcms.cmsPipelineInsertStage(pipe, 0, lcms.cmsStageAllocCLut16bit(None, 2, 3, 4, b2a))
        lcms.cmsWriteTag(h, sig("B2A0"), pipe)
        lcms.cmsWriteTag(h, sig("wtpt"), lcms.cmsD50_XYZ())
        description = b"radio4j test CMYK"
    mlu = lcms.cmsMLUalloc(None, 1)
    lcms.cmsMLUsetASCII(mlu, b"en", b"US", description)
    lcms.cmsWriteTag(h, sig("desc"), mlu)
    lcms.cmsWriteTag(h, sig("cprt"), mlu)
    size = ctypes.c_uint32(0)
    lcms.cmsSaveProfileToMem(h, None, ctypes.byref(size))
    buf = ctypes.create_string_buffer(size.value)
    lcms.cmsSaveProfileToMem(h, buf, ctypes.byref(size))
    lcms.cmsCloseProfile(h)
    data = bytearray(buf.raw[:size.value])
    data[24:36] = struct.pack(">6H", 2026, 1, 1, 0, 0, 0)  # creation date
    data[84:100] = bytes(16)  # profile ID: not computed
    return bytes(data)


def save(im, fmt, **kw):
    buf = io.BytesIO()
    im.save(buf, fmt, **kw)
    return buf.getvalue()


def cases():
    """(name, bytes, modes) for every corpus entry; modes None means all."""
    photo = photo_like(480, 640, 1)
    rgb = Image.fromarray(photo)
    yield "jpeg_420_640x480", save(rgb, "JPEG", quality=90), None
    yield "jpeg_444_640x480", save(rgb, "JPEG", quality=90, subsampling=0), None
    yield "jpeg_422_640x480", save(rgb, "JPEG", quality=85, subsampling=1), None
    yield "jpeg_progressive", save(rgb, "JPEG", quality=85, progressive=True), None
    yield "jpeg_gray", save(rgb.convert("L"), "JPEG", quality=90), None
    yield "jpeg_cmyk", save(rgb.convert("CMYK"), "JPEG", quality=90), None
    ycck = ycck_jpeg(120, 160, 11)
    if ycck is not None:
        yield "jpeg_ycck", ycck, None
    # Embedded colour profiles, which Pillow's convert("RGB") ignores: the references are raw samples.
    tagged = Image.fromarray(photo_like(120, 160, 12))
    yield "jpeg_icc_adobe_rgb", save(tagged, "JPEG", quality=90, icc_profile=lcms_profile("adobe_rgb")), None
    yield "jpeg_icc_display_p3", save(tagged, "JPEG", quality=90, icc_profile=lcms_profile("display_p3")), None
    yield "jpeg_icc_cmyk", save(tagged.convert("CMYK"), "JPEG", quality=90, icc_profile=lcms_profile("cmyk")), None
    # an APP2 ICC_PROFILE marker whose content is no profile: Pillow keeps the bytes and decodes
    yield "jpeg_icc_invalid", save(tagged, "JPEG", quality=90, icc_profile=b"\x00\x00\x01\x00" + b"not a profile" * 20), None
    yield "jpeg_large_1920x1080", save(Image.fromarray(photo_like(1080, 1920, 2)), "JPEG", quality=85), None
    small = Image.fromarray(photo_like(120, 160, 3))
    for n in range(1, 9):
        yield f"jpeg_exif_{n}", save(small, "JPEG", quality=90, exif=exif_with_orientation(n)), None
    for h, w in ((1, 1), (5, 3), (769, 513), (16, 4000), (4000, 16)):
        data = save(Image.fromarray(photo_like(h, w, h * 7 + w)), "JPEG", quality=90)
        # a 56000- or 128000-pixel long edge is not a useful SNAP16 case; the crop and squash are
        modes = None if max(h, w) < 4000 else ("squash", "center_crop", "snap16_224")
        yield f"jpeg_{w}x{h}", data, modes

    # PNG: every bit depth and colour type
    p = photo_like(97, 131, 4, 4)
    yield "png_rgb8", save(Image.fromarray(p[..., :3]), "PNG"), None
    yield "png_rgba8", save(Image.fromarray(p, "RGBA"), "PNG"), None
    yield "png_gray8", save(Image.fromarray(p[..., 0]), "PNG"), None
    yield "png_la8", save(Image.fromarray(p[..., :2].copy(), "LA"), "PNG"), None
    wide = p.astype(np.uint16) * 257 + np.arange(131, dtype=np.uint16)[None, :, None]
    yield "png_rgb16", raw_png(wide[..., :3], 16, 2), None
    yield "png_rgba16", raw_png(wide, 16, 6), None
    yield "png_la16", raw_png(wide[..., :2], 16, 4), None
    # 16-bit gray opens as Pillow mode "I" and convert("RGB") clips it at 255: keep values low too
    yield "png_gray16", raw_png((wide[..., 0] // 200), 16, 0), None
    yield "png_gray4", raw_png(p[..., 0] >> 4, 4, 0), None
    yield "png_gray2", raw_png(p[..., 0] >> 6, 2, 0), None
    yield "png_1bit", save(Image.fromarray(p[..., 0]).convert("1"), "PNG"), None
    pal = Image.fromarray(p[..., :3]).quantize(colors=200, method=Image.Quantize.MEDIANCUT)
    yield "png_palette", save(pal, "PNG"), None
    yield "png_palette_trns", save(pal, "PNG", transparency=bytes(range(200))), None
    pal16 = Image.fromarray(p[..., :3]).quantize(colors=16, method=Image.Quantize.MEDIANCUT)
    yield "png_palette_4bit", save(pal16, "PNG", bits=4), None
    yield "png_gray_trns", save(Image.fromarray(p[..., 1]), "PNG", transparency=7), None
    exif = exif_with_orientation(6)
    yield "png_exif_6", raw_png(p[..., :3], 8, 2, [png_chunk(b"eXIf", exif[6:] if exif.startswith(b"Exif") else exif)]), None
    yield "png_adam7_rgb8", raw_png(p[..., :3], 8, 2, interlace=True), None
    yield "png_adam7_gray16", raw_png(wide[..., 0] // 300, 16, 0, interlace=True), None
    yield "png_iccp_adobe_rgb", save(Image.fromarray(p[..., :3]), "PNG", icc_profile=lcms_profile("adobe_rgb")), None
    yield "png_iccp_display_p3_rgba", save(Image.fromarray(p, "RGBA"), "PNG", icc_profile=lcms_profile("display_p3")), None
    gama = png_chunk(b"gAMA", struct.pack(">I", 45455))  # 1/2.2
    chrm = png_chunk(b"cHRM", struct.pack(">8I", 31270, 32900, 64000, 33000, 30000, 60000, 15000, 6000))
    yield "png_gama_chrm", raw_png(p[..., :3], 8, 2, [gama, chrm]), None
    yield "png_gama_rgb16", raw_png(wide[..., :3], 16, 2, [png_chunk(b"gAMA", struct.pack(">I", 100000))]), None
    yield "png_3x5", save(Image.fromarray(photo_like(5, 3, 5)), "PNG"), None
    yield "png_1x1", save(Image.fromarray(photo_like(1, 1, 6)), "PNG"), None

    # GIF: still and animated (first frame only)
    g = photo_like(90, 120, 7)
    frames = [Image.fromarray(g).quantize(colors=64)] + [
        Image.fromarray(np.roll(g, 9 * i, axis=1)).quantize(colors=64) for i in range(1, 3)]
    yield "gif_still", save(frames[0], "GIF"), None
    yield "gif_animated", save(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=50, loop=0), None

    # BMP
    yield "bmp_rgb24", save(Image.fromarray(g), "BMP"), None
    yield "bmp_palette8", save(frames[0], "BMP"), None
    yield "bmp_gray8", save(Image.fromarray(g[..., 0]), "BMP"), None

    # WebP
    yield "webp_lossy", save(Image.fromarray(g), "WEBP", quality=80, method=4), None
    yield "webp_lossless", save(Image.fromarray(g), "WEBP", lossless=True), None
    yield "webp_alpha", save(Image.fromarray(photo_like(90, 120, 8, 4), "RGBA"), "WEBP", quality=80), None


def sha(im):
    return hashlib.sha256(np.asarray(im, dtype=np.uint8).tobytes()).hexdigest()


MODES = [(m, s) for m in ("squash", "center_crop", "snap16") for s in SIZES]
FULL = {("jpeg_420_640x480", "center_crop", 224), ("png_rgb16", "snap16", 224), ("jpeg_exif_6", "squash", 224)}


def main(out):
    corpus = os.path.join(out, "corpus")
    full = os.path.join(out, "full")
    os.makedirs(corpus, exist_ok=True)
    os.makedirs(full, exist_ok=True)
    rows = []
    for name, data, allowed in cases():
        ext = {b"\xff\xd8": "jpg", b"\x89P": "png", b"GI": "gif", b"BM": "bmp", b"RI": "webp"}[data[:2]]
        fname = f"{name}.{ext}"
        with open(os.path.join(corpus, fname), "wb") as f:
            f.write(data)
        im = load_reference(os.path.join(corpus, fname))
        rows.append((fname, "decode", 0, im.height, im.width, sha(im)))
        for mode, s in MODES:
            if allowed is not None and mode not in allowed and f"{mode}_{s}" not in allowed:
                continue
            r = reference(im, mode, s)
            rows.append((fname, mode, s, r.height, r.width, sha(r)))
            if (name, mode, s) in FULL:
                r.save(os.path.join(full, f"{name}.{mode}_{s}.png"))
    import torchvision
    with open(os.path.join(out, "geometry.tsv"), "w") as f:
        f.write(f"# torchvision {torchvision.__version__} Resize(S) + CenterCrop(S); generated by generate_image_corpus.py\n")
        f.write("# height\twidth\tS\tresized height\tresized width\tcrop top\tcrop left\n")
        for h, w in GEOMETRY_SIZES:
            for s in (224, 256, 384, 512):
                f.write("\t".join(str(v) for v in (h, w, s) + torchvision_geometry(h, w, s)) + "\n")
    with open(os.path.join(out, "golden.tsv"), "w") as f:
        f.write(f"# Pillow {PIL.__version__}, numpy {np.__version__}, torchvision {torchvision.__version__} (center_crop);"
                " generated by generate_image_corpus.py\n")
        f.write("# file\tmode\tsize\theight\twidth\tsha256 of UINT8 HWC RGB\n")
        for row in rows:
            f.write("\t".join(str(v) for v in row) + "\n")
    print(f"{len(rows)} reference outputs for {len({r[0] for r in rows})} inputs in {out}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "resources", "image"))
