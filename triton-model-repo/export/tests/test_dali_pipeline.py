"""The DALI pipeline definition without DALI: its geometry against DESIGN.md's definitions, its
graph wiring through a stand-in for nvidia.dali.fn, and the validation's Pillow reference against
radio4j's EXACT goldens (radio-core's parity corpus)."""
import math
import os
import random
import tempfile
import unittest

import numpy as np

from radio4j_export import dali_pipeline, dali_validate
from radio4j_export.ensembles import Geometry

MODULE = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
IMAGES = os.path.join(MODULE, "..", "radio-core", "src", "test", "resources", "image")


def torchvision_center_crop(h, w, s):
    """DESIGN.md's CENTER_CROP, spelled as torchvision writes it (Resize: int(size * long / short);
    CenterCrop: int(round((h - size) / 2.0))), Python's round being half-even."""
    short, long_ = (w, h) if w <= h else (h, w)
    new_short, new_long = s, int(s * long_ / short)
    nh, nw = (new_long, new_short) if w <= h else (new_short, new_long)
    return nh, nw, int(round((nh - s) / 2.0)), int(round((nw - s) / 2.0))


def snap16(h, w, s):
    """DESIGN.md's SNAP16 in exact integers: long edge to the nearest multiple of 16, half up, >= 16 and >= S."""
    short, long_ = min(h, w), max(h, w)
    new_long = max(16, (2 * long_ * s + 16 * short) // (32 * short) * 16, s)
    return (new_long, s) if h > w else (s, new_long)


SIZES = [(1, 1), (3, 5), (5, 3), (480, 640), (640, 480), (769, 513), (513, 769), (16, 4000), (4000, 16),
         (225, 224), (224, 225), (299, 300), (1080, 1920)] + [(random.Random(7 + i).randint(1, 3000),
                                                               random.Random(99 + i).randint(1, 3000)) for i in range(400)]


class GeometryTest(unittest.TestCase):

    def test_center_crop_is_torchvision_resize_then_center_crop(self):
        for s in (224, 384, 512):
            for h, w in SIZES:
                rh, rw, top, left, oh, ow = dali_pipeline.geometry(Geometry("CENTER_CROP", s, s), float(h), float(w))
                self.assertEqual((int(rh), int(rw), int(top), int(left)), torchvision_center_crop(h, w, s), (h, w, s))
                self.assertEqual((oh, ow), (s, s))

    def test_center_crop_offsets_round_half_to_even(self):
        # 224 x 229 -> (229 - 224) / 2 = 2.5 -> 2; 224 x 231 -> 3.5 -> 4
        self.assertEqual(dali_pipeline.geometry(Geometry("CENTER_CROP", 224, 224), 224.0, 229.0)[3], 2.0)
        self.assertEqual(dali_pipeline.geometry(Geometry("CENTER_CROP", 224, 224), 224.0, 231.0)[3], 4.0)

    def test_snap16_rounds_the_long_edge_to_sixteen(self):
        for s in (224, 512):
            for h, w in SIZES:
                rh, rw, top, left, oh, ow = dali_pipeline.geometry(Geometry("SNAP16", s, s), float(h), float(w))
                self.assertEqual((int(rh), int(rw)), snap16(h, w, s), (h, w, s))
                self.assertEqual((top, left, oh, ow), (0.0, 0.0, rh, rw))

    def test_squash_ignores_the_image(self):
        self.assertEqual(dali_pipeline.geometry(Geometry("SQUASH", 512, 384), 3.0, 5000.0),
                         (512.0, 384.0, 0.0, 0.0, 512.0, 384.0))


class Node:
    """A stand-in DataNode for one sample: arithmetic evaluates eagerly; calls are recorded."""

    def __init__(self, value=None, op=None, args=(), kwargs=None):
        self.value, self.op, self.args, self.kwargs = value, op, args, kwargs or {}

    def _bin(self, other, f):
        return Node(f(self.value, other.value if isinstance(other, Node) else other))

    def __add__(self, o): return self._bin(o, lambda a, b: a + b)
    def __radd__(self, o): return self._bin(o, lambda a, b: b + a)
    def __sub__(self, o): return self._bin(o, lambda a, b: a - b)
    def __rsub__(self, o): return self._bin(o, lambda a, b: b - a)
    def __mul__(self, o): return self._bin(o, lambda a, b: a * b)
    def __rmul__(self, o): return self._bin(o, lambda a, b: b * a)
    def __truediv__(self, o): return self._bin(o, lambda a, b: a / b)
    def __rtruediv__(self, o): return self._bin(o, lambda a, b: b / a)
    def __gt__(self, o): return self._bin(o, lambda a, b: a > b)
    def __getitem__(self, i): return Node(self.value[i])


class FakeDali:
    """nvidia.dali.fn / types / math stand-ins for an image of a given oriented size."""

    RGB, FLOAT64, FLOAT, INTERP_CUBIC = "RGB", "FLOAT64", "FLOAT", "INTERP_CUBIC"

    def __init__(self, h, w):
        self.calls = []
        self.shape = (float(h), float(w), 3.0)
        fake = self

        class Decoders:
            @staticmethod
            def image(*a, **k):
                return fake._record("decoders.image", a, k)
        self.decoders = Decoders

    def _record(self, op, args, kwargs, value=None):
        node = Node(value, op, args, kwargs)
        self.calls.append(node)
        return node

    def external_source(self, **k): return self._record("external_source", (), k)
    def peek_image_shape(self, *a, **k): return self._record("peek_image_shape", a, k, self.shape)
    def cast(self, x, dtype): return Node(float(x.value) if isinstance(x, Node) else float(x))
    def resize(self, *a, **k): return self._record("resize", a, k)
    def stack(self, *a): return Node([x.value for x in a])
    def slice(self, *a, **k): return self._record("slice", a, k)

    @staticmethod
    def floor(x): return Node(float(math.floor(x.value if isinstance(x, Node) else x)))

    @staticmethod
    def max(a, b):
        av, bv = (v.value if isinstance(v, Node) else v for v in (a, b))
        return Node(max(av, bv))

    def ops(self, name):
        return [c for c in self.calls if c.op == name]


def _value(v):
    return v.value if isinstance(v, Node) else v


class PipelineWiringTest(unittest.TestCase):

    def test_decodes_on_the_gpu_with_exif_orientation_to_rgb(self):
        fake = FakeDali(480, 640)
        dali_pipeline.define(Geometry("SQUASH", 512, 512), fake, fake, fake)
        (src,) = fake.ops("external_source")
        self.assertEqual(src.kwargs, {"device": "cpu", "name": "encoded"})
        (dec,) = fake.ops("decoders.image")
        self.assertIs(dec.args[0], src)
        self.assertEqual((dec.kwargs["device"], dec.kwargs["output_type"], dec.kwargs["adjust_orientation"]),
                         ("mixed", "RGB", True))

    def test_squash_resizes_to_the_configured_size_with_antialiased_cubic(self):
        fake = FakeDali(480, 640)
        out = dali_pipeline.define(Geometry("SQUASH", 512, 384), fake, fake, fake)
        self.assertEqual(out.op, "resize")
        self.assertEqual((out.kwargs["resize_y"], out.kwargs["resize_x"]), (512.0, 384.0))
        self.assertEqual((out.kwargs["interp_type"], out.kwargs["antialias"]), ("INTERP_CUBIC", True))
        self.assertEqual(fake.ops("peek_image_shape"), [])

    def test_center_crop_resizes_then_slices_at_the_torchvision_offsets(self):
        for h, w in ((480, 640), (769, 513), (224, 229)):
            fake = FakeDali(h, w)
            out = dali_pipeline.define(Geometry("CENTER_CROP", 224, 224), fake, fake, fake)
            (peek,) = fake.ops("peek_image_shape")
            self.assertTrue(peek.kwargs["adjust_orientation"])
            (resize,) = fake.ops("resize")
            nh, nw, top, left = torchvision_center_crop(h, w, 224)
            self.assertEqual((_value(resize.kwargs["resize_y"]), _value(resize.kwargs["resize_x"])), (nh, nw))
            self.assertEqual(out.op, "slice")
            self.assertIs(out.args[0], resize)
            self.assertEqual(_value(out.kwargs["start"]), [top, left])
            self.assertEqual((out.kwargs["shape"], out.kwargs["axis_names"]), ([224, 224], "HW"))

    def test_snap16_resizes_to_the_patch_aligned_size(self):
        fake = FakeDali(769, 513)
        out = dali_pipeline.define(Geometry("SNAP16", 224, 224), fake, fake, fake)
        self.assertEqual(out.op, "resize")
        self.assertEqual((_value(out.kwargs["resize_y"]), _value(out.kwargs["resize_x"])), snap16(769, 513, 224))


def _goldens():
    rows = {}
    with open(os.path.join(IMAGES, "golden.tsv")) as f:
        for line in f:
            if line.startswith("#"):
                continue
            name, mode, size, h, w, digest = line.rstrip("\n").split("\t")
            rows[(name, mode, int(size))] = (int(h), int(w), digest)
    return rows


class PillowReferenceTest(unittest.TestCase):
    """The validation's reference is radio4j's EXACT output: same SHA-256 as radio-core's goldens."""

    def test_matches_the_exact_goldens_for_squash_and_snap16(self):
        goldens = _goldens()
        checked = 0
        for (name, mode, size), (h, w, digest) in goldens.items():
            if mode not in ("squash", "snap16") or size != 224:
                continue
            arr = dali_validate.pillow_reference(os.path.join(IMAGES, "corpus", name), Geometry(mode.upper(), size, size))
            self.assertEqual(arr.shape, (h, w, 3), name)
            self.assertEqual(dali_validate.sha256(arr), digest, f"{name} {mode}")
            checked += 1
        self.assertGreater(checked, 60)

    def test_psnr(self):
        a = np.zeros((2, 2, 3), np.uint8)
        self.assertEqual(dali_validate.psnr(a, a), math.inf)
        b = a.copy()
        b[0, 0, 0] = 255  # mse = 255^2 / 12
        self.assertAlmostEqual(dali_validate.psnr(a, b), 10 * math.log10(12), places=9)
        with self.assertRaises(ValueError):
            dali_validate.psnr(a, np.zeros((2, 3, 3), np.uint8))

    def test_report_rows_and_verdict(self):
        corpus = os.path.join(IMAGES, "corpus")
        g = Geometry("SQUASH", 64, 64)

        def candidate(encoded, calls=[]):
            calls.append(1)
            if len(calls) == 2:
                raise RuntimeError("nvjpeg refused it")
            return np.zeros((64, 64, 3), np.uint8)

        rows = dali_validate.compare(corpus, g, candidate, 30.0)
        self.assertEqual(len(rows), len(os.listdir(corpus)))
        self.assertEqual(sum(r["status"] == "failed" for r in rows), 1)
        with tempfile.TemporaryDirectory() as out:
            self.assertFalse(dali_validate.write_report(rows, "m", g, 30.0, out))
            self.assertIn("| file | status | PSNR (dB) |", dali_validate_read(os.path.join(out, "dali-m.md")))
            exact = dali_validate.compare(corpus, g, lambda enc: None, 30.0)  # noqa: E731 - refused everywhere
            self.assertTrue(all(r["status"] in ("failed", "skipped") for r in exact))


if __name__ == "__main__":
    unittest.main()


def dali_validate_read(path):
    with open(path) as f:
        return f.read()
