"""The DALI pipeline of the `<model>_dali` steps: encoded bytes -> UINT8 HWC RGB at the model's size.

    encoded (UINT8 [-1], zero-padded)
      -> fn.peek_image_shape(adjust_orientation=True)      size after EXIF orientation, on the CPU
      -> fn.decoders.image(device="mixed", output_type=RGB, adjust_orientation=True)   nvJPEG on the GPU
      -> fn.resize(resize_y, resize_x, INTERP_CUBIC, antialias=True)
      -> fn.slice(start=[top, left], shape=[S, S])             CENTER_CROP only
      -> image (UINT8 HWC)

Operator names and arguments: DALI's operator reference (nvidia.dali.fn.decoders.image:
adjust_orientation default True, output_type RGB, HWC output; fn.peek_image_shape: adjust_orientation,
dtype; fn.resize: resize_x/resize_y, interp_type, antialias "when scaling down"; fn.slice: start,
shape, axis_names). Triton's DALI backend maps the pipeline's external_source names to the config's
inputs and its outputs, in order, to the config's outputs (dali_backend README / docs/config.md).

The output size is computed by `geometry` in float64 arithmetic that DALI runs per sample, with
the same expression the tests evaluate in plain Python against DESIGN.md's definitions:
  SQUASH       exactly H x W
  CENTER_CROP  torchvision Resize(S) + CenterCrop(S): long edge int(S * long / short) (truncated),
               crop at round-half-even((h' - S) / 2), round-half-even((w' - S) / 2)
  SNAP16       short edge S, long edge to the nearest multiple of 16 (half up), at least 16 and S
Resampling is DALI's antialiased cubic filter, not Pillow's: pixels differ slightly from radio4j's
EXACT mode, so `validate` measures the PSNR against it on the parity corpus.

Nothing here imports DALI at module level: the geometry and the graph wiring are unit-tested with
a stand-in for `fn`, and the real pipeline is built only on the GPU machine.
"""
import math

from .ensembles import Geometry


class PyMath:
    """The operations `geometry` needs, on Python floats."""

    @staticmethod
    def floor(x):
        return float(math.floor(x))

    @staticmethod
    def max(a, b):
        return a if a >= b else b

    @staticmethod
    def as_float(flag):
        return 1.0 if flag else 0.0


def geometry(g: Geometry, h, w, m=PyMath):
    """Resize size and crop start of one image of oriented size h x w.

    Returns (resize_h, resize_w, top, left, out_h, out_w); top/left are 0 and out = resize unless
    CENTER_CROP. Works on floats or on DALI DataNodes (with m = the DALI math namespace).
    """
    if g.mode == "SQUASH":
        return float(g.height), float(g.width), 0.0, 0.0, float(g.height), float(g.width)
    s = float(g.height)
    portrait = m.as_float(h > w)
    landscape = 1.0 - portrait
    short = portrait * w + landscape * h
    long_ = portrait * h + landscape * w
    if g.mode == "CENTER_CROP":
        new_long = m.floor(s * long_ / short)
    else:
        new_long = m.max(m.max(m.floor(long_ * s / (16.0 * short) + 0.5) * 16.0, 16.0), s)
    rh = portrait * new_long + landscape * s
    rw = portrait * s + landscape * new_long
    if g.mode != "CENTER_CROP":
        return rh, rw, 0.0, 0.0, rh, rw
    return rh, rw, _half_even_half(rh - s, m), _half_even_half(rw - s, m), s, s


def _half_even_half(d, m):
    """round-half-even(d / 2) for a non-negative integer-valued d, with floor only."""
    k = m.floor(d / 2.0)
    odd = d - 2.0 * k
    k_odd = k - 2.0 * m.floor(k / 2.0)
    return k + odd * k_odd


def define(g: Geometry, fn, types, dmath):
    """Wires the pipeline's graph with the given DALI namespaces; returns the output node.

    Call inside a pipeline definition; `fn`, `types` and `dmath` are nvidia.dali.fn,
    nvidia.dali.types and nvidia.dali.math (or stand-ins in the tests).
    """
    encoded = fn.external_source(device="cpu", name="encoded")
    images = fn.decoders.image(encoded, device="mixed", output_type=types.RGB, adjust_orientation=True)
    if g.mode == "SQUASH":
        return fn.resize(images, resize_y=float(g.height), resize_x=float(g.width),
                         interp_type=types.INTERP_CUBIC, antialias=True)
    shape = fn.peek_image_shape(encoded, adjust_orientation=True, dtype=types.FLOAT64)

    class DaliMath:
        floor = staticmethod(dmath.floor)
        max = staticmethod(dmath.max)

        @staticmethod
        def as_float(flag):
            return fn.cast(flag, dtype=types.FLOAT64)

    rh, rw, top, left, out_h, out_w = geometry(g, shape[0], shape[1], DaliMath)
    images = fn.resize(images, resize_y=fn.cast(rh, dtype=types.FLOAT), resize_x=fn.cast(rw, dtype=types.FLOAT),
                       interp_type=types.INTERP_CUBIC, antialias=True)
    if g.mode == "CENTER_CROP":
        start = fn.stack(fn.cast(top, dtype=types.FLOAT), fn.cast(left, dtype=types.FLOAT))
        images = fn.slice(images, start=start, shape=[g.height, g.width], axis_names="HW", out_of_bounds_policy="error")
    return images


def build(g: Geometry, max_batch_size: int, num_threads: int = 4, device_id: int = 0):
    """The DALI Pipeline object (needs nvidia.dali; GPU machine only)."""
    import nvidia.dali as dali
    import nvidia.dali.fn as fn
    import nvidia.dali.math as dmath
    import nvidia.dali.types as types

    @dali.pipeline_def(batch_size=max_batch_size, num_threads=num_threads, device_id=device_id)
    def pipeline():
        return define(g, fn, types, dmath)

    return pipeline()
