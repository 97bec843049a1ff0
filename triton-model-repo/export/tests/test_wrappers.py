import os
import tempfile
import unittest

import numpy as np
import torch

from radio4j_export.consistency import check_io, onnx_io
from radio4j_export.onnx_export import export
from radio4j_export.specs import BatchProfile, ModelSpec, Resolution
from radio4j_export.wrappers import ClipTextExport, ClipVisionExport, CRadioExport, Radio1DExport, trim_tokens
from tests.toys import ToyRadio, ToyText


def _image(b=2, h=48, w=64):
    g = torch.Generator().manual_seed(1)
    return torch.randint(0, 256, (b, h, w, 3), dtype=torch.uint8, generator=g)


class CRadioExportTest(unittest.TestCase):

    def test_should_hand_radio_a_0_1_nchw_float_image_without_normalising(self):
        toy = ToyRadio()
        image = _image()
        CRadioExport(toy)(image)
        expected = image.permute(0, 3, 1, 2).float() / 255
        self.assertTrue(torch.equal(toy.seen, expected))

    def test_should_return_summary_and_nlc_features_of_the_backbone(self):
        summary, features = CRadioExport(ToyRadio(adaptor="siglip2-g"))(_image(h=48, w=64))
        self.assertEqual(tuple(summary.shape), (2, 16))
        self.assertEqual(tuple(features.shape), (2, 3 * 4, 8))
        self.assertEqual(summary.dtype, torch.float32)


class ClipExportTest(unittest.TestCase):

    def test_vision_should_give_the_adaptor_summary_l2_normalised(self):
        toy = ToyRadio(adaptor="siglip2-g")
        emb = ClipVisionExport(toy, "siglip2-g")(_image())
        with torch.no_grad():
            raw = toy(_image().permute(0, 3, 1, 2).float() / 255)["siglip2-g"].summary
        self.assertTrue(torch.allclose(emb.norm(dim=-1), torch.ones(2)))
        self.assertTrue(torch.allclose(emb, raw / raw.norm(dim=-1, keepdim=True)))

    def test_text_should_normalise_the_pooled_output(self):
        ids = torch.tensor([[5] * 63 + [1], [7] * 64])
        emb = ClipTextExport(ToyText())(ids)
        self.assertTrue(torch.allclose(emb.norm(dim=-1), torch.ones(2)))


class TrimTokensTest(unittest.TestCase):

    def setUp(self):
        self.tokens = torch.arange(2 * 16 * 3, dtype=torch.float32).reshape(2, 16, 3)  # 10 prefix + 6

    def test_should_keep_prefix_plus_the_largest_request(self):
        out = trim_tokens(self.tokens, torch.tensor([[2], [4]], dtype=torch.int32))
        self.assertEqual(out.shape[1], 14)
        self.assertTrue(torch.equal(out, self.tokens[:, :14]))

    def test_should_clamp_to_available_and_to_zero(self):
        self.assertEqual(trim_tokens(self.tokens, torch.tensor([[99], [1]])).shape[1], 16)
        self.assertEqual(trim_tokens(self.tokens, torch.tensor([[-5], [0]])).shape[1], 10)

    def test_radio1d_wrapper_trims_only_when_asked(self):
        encode = lambda x: self.tokens[: x.shape[0]]
        self.assertEqual(Radio1DExport(encode)(_image()).shape[1], 16)
        self.assertEqual(Radio1DExport(encode, with_num_tokens=True)(_image(), torch.tensor([[3], [1]])).shape[1], 13)


class OnnxExportTest(unittest.TestCase):
    """The export path on toy models: graph I/O must agree with the config the spec renders."""

    def test_profiled_c_radio_export_agrees_with_its_config_and_measures_dims(self):
        spec = ModelSpec("toy_c_radio", "c_radio", "hub toy", BatchProfile(2, 4), (2, 4), 100, width=999,
                         summary_dim=999, resolution=Resolution((32, 32), (48, 64), (128, 128)))
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "m.onnx")
            measured = export(spec, CRadioExport(ToyRadio()), (_image(),), path)
            self.assertEqual((measured.width, measured.summary_dim), (8, 16))
            self.assertEqual(check_io(measured.config(), *onnx_io(path)), [])
            # The unmeasured spec (wrong widths) must be caught.
            self.assertTrue(check_io(spec.config(), *onnx_io(path)))

    def test_text_export_agrees_with_its_config(self):
        spec = ModelSpec("toy_text", "clip_text", "hub toy", BatchProfile(2, 4), (), 100, width=6)
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "t.onnx")
            measured = export(spec, ClipTextExport(ToyText()), (torch.zeros(2, 64, dtype=torch.int64),), path)
            self.assertEqual(check_io(measured.config(), *onnx_io(path)), [])

    def test_radio1d_export_with_num_tokens_agrees_with_its_config(self):
        tokens = torch.randn(1, 16, 4)
        spec = ModelSpec("toy_1d", "radio1d", "hf toy", BatchProfile(2, 4), (), 100, width=4,
                         resolution=Resolution.fixed(64), num_tokens_input=True)
        module = Radio1DExport(lambda x: tokens.expand(x.shape[0], -1, -1) * x.mean(), with_num_tokens=True)
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "r.onnx")
            measured = export(spec, module, (_image(h=64, w=64), torch.tensor([[3], [5]], dtype=torch.int32)), path)
            self.assertEqual(check_io(measured.config(), *onnx_io(path)), [])

    def test_should_refuse_a_radio1d_encoder_without_prefix_tokens(self):
        spec = ModelSpec("toy_1d", "radio1d", "hf toy", BatchProfile(2, 4), (), 100, width=4, resolution=Resolution.fixed(64))
        module = Radio1DExport(lambda x: torch.zeros(x.shape[0], 4, 4))
        with tempfile.TemporaryDirectory() as d, self.assertRaises(RuntimeError):
            export(spec, module, (_image(h=64, w=64),), os.path.join(d, "r.onnx"))


if __name__ == "__main__":
    unittest.main()
