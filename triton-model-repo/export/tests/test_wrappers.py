import os
import tempfile
import unittest

import numpy as np
import torch

from radio4j_export.consistency import check_io, onnx_io
from radio4j_export.onnx_export import export, exporter_options, install_onnx
from radio4j_export.specs import BatchProfile, ModelSpec, Resolution
from radio4j_export.wrappers import (ClipTextExport, ClipVisionExport, CRadioExport, Radio1DEncoder, Radio1DExport,
                                     pos_embed_for_grid, trim_tokens)
from tests.toy_radio1d import ToyConditioner, ToyRadio1DVit
from tests.toys import ToyCRadio, ToyCpeGenerator, ToyRadio, ToyText


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
        encoder = _Fixed(self.tokens)
        self.assertEqual(Radio1DExport(encoder)(_image()).shape[1], 16)
        self.assertEqual(Radio1DExport(encoder, with_num_tokens=True)(_image(), torch.tensor([[3], [1]])).shape[1], 13)


class _Fixed(torch.nn.Module):
    """An encoder returning fixed tokens, scaled by the image mean so the graph depends on it."""

    def __init__(self, tokens):
        super().__init__()
        self.register_buffer("tokens", tokens)

    def forward(self, x):
        return self.tokens[:1].expand(x.shape[0], -1, -1) * x.mean()


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
        module = Radio1DExport(_Fixed(tokens), with_num_tokens=True)
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "r.onnx")
            measured = export(spec, module, (_image(h=64, w=64), torch.tensor([[3], [5]], dtype=torch.int32)), path)
            self.assertEqual(check_io(measured.config(), *onnx_io(path)), [])

    def test_should_refuse_a_radio1d_encoder_without_prefix_tokens(self):
        spec = ModelSpec("toy_1d", "radio1d", "hf toy", BatchProfile(2, 4), (), 100, width=4, resolution=Resolution.fixed(64))
        module = Radio1DExport(_Fixed(torch.zeros(1, 4, 4)))
        with tempfile.TemporaryDirectory() as d, self.assertRaises(RuntimeError):
            export(spec, module, (_image(h=64, w=64),), os.path.join(d, "r.onnx"))


class ExporterOptionsTest(unittest.TestCase):

    def test_should_pin_the_tracing_exporter_where_torch_offers_dynamo(self):
        def newer(model, args, f, dynamo=True, **kwargs):
            pass

        def older(model, args, f, **kwargs):
            pass

        self.assertEqual(exporter_options(newer), {"dynamo": False})
        self.assertEqual(exporter_options(older), {})


class InstallOnnxTest(unittest.TestCase):

    def _graph(self, path, external):
        import onnx
        from onnx import TensorProto, helper, numpy_helper

        w = numpy_helper.from_array(np.arange(4096, dtype=np.float32).reshape(64, 64), "w")
        graph = helper.make_graph([helper.make_node("MatMul", ["x", "w"], ["y"])], "g",
                                  [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 64])],
                                  [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 64])], [w])
        model = helper.make_model(graph)
        if external:
            onnx.save_model(model, path, save_as_external_data=True, all_tensors_to_one_file=False, size_threshold=0)
        else:
            onnx.save_model(model, path)

    def test_a_small_graph_becomes_version_1_model_onnx(self):
        with tempfile.TemporaryDirectory() as d:
            src = os.path.join(d, "src.onnx")
            self._graph(src, external=False)
            installed = install_onnx(src, os.path.join(d, "m"))
            self.assertEqual(installed, os.path.join(d, "m", "1", "model.onnx"))
            self.assertTrue(os.path.isfile(installed))

    def test_a_graph_with_external_weights_uses_the_directory_form_with_one_data_file(self):
        import onnx

        with tempfile.TemporaryDirectory() as d:
            os.makedirs(os.path.join(d, "export"))
            src = os.path.join(d, "export", "model.onnx")
            self._graph(src, external=True)
            installed = install_onnx(src, os.path.join(d, "m"))
            folder = os.path.join(d, "m", "1", "model.onnx")
            self.assertEqual(installed, os.path.join(folder, "model.onnx"))
            self.assertEqual(sorted(os.listdir(folder)), ["model.onnx", "model.onnx.data"])
            w = onnx.numpy_helper.to_array(onnx.load(installed).graph.initializer[0])
            np.testing.assert_array_equal(w, np.arange(4096, dtype=np.float32).reshape(64, 64))


def _trace(module, *example):
    """The TorchScript tracer torch.onnx.export runs: what it freezes, the ONNX graph freezes."""
    import warnings

    # The tracer warns at every frozen branch; the toys freeze branches on purpose.
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore", torch.jit.TracerWarning)
        return torch.jit.trace(module, example, check_trace=False)


class PositionLookupTest(unittest.TestCase):
    """The trace-safe CPE lookup against a RADIO-style lookup with Python shape branches."""

    SIZES = [(3, 5), (5, 3), (4, 4), (8, 8), (2, 12), (12, 2), (11, 7), (16, 16), (1, 1)]

    def test_should_equal_the_branching_lookup_at_every_grid_size(self):
        gen = ToyCpeGenerator(width=5, table=8).eval()
        for h, w in self.SIZES:
            with self.subTest(grid=(h, w)), torch.no_grad():
                expected = gen._get_pos_embeddings(1, (h, w))
                actual = pos_embed_for_grid(gen.pos_embed, 8, 8, h, w)
                self.assertEqual(tuple(actual.shape), (1, h * w, 5))
                torch.testing.assert_close(actual, expected, rtol=0, atol=1e-6)

    def test_wrapper_traced_landscape_should_serve_portrait_square_and_other_batches(self):
        wrapper = CRadioExport(ToyCRadio()).eval()
        traced = _trace(wrapper, _image(2, 48, 80))
        for b, h, w in [(1, 80, 48), (3, 80, 48), (2, 64, 64), (3, 128, 128), (1, 48, 160), (2, 176, 32)]:
            image = _image(b, h, w)
            with self.subTest(shape=(b, h, w)), torch.no_grad(), wrapper.upstream():
                expected = wrapper(image)
            for got, want in zip(traced(image), expected):
                torch.testing.assert_close(got, want, rtol=1e-5, atol=1e-5)

    def test_the_branching_lookup_itself_is_frozen_by_the_tracer(self):
        # Guards the test above: the toy reproduces the failure, so the fix is what makes it pass.
        wrapper = CRadioExport(ToyCRadio()).eval()
        with wrapper.upstream():
            traced = _trace(wrapper, _image(2, 48, 80))
        with self.assertRaises(RuntimeError):
            traced(_image(1, 80, 48))

    def test_upstream_switch_restores_the_models_own_lookup(self):
        wrapper = CRadioExport(ToyCRadio()).eval()
        gen = wrapper.radio.patch_generator
        wrapper(_image())
        self.assertNotIn("_get_pos_embeddings", gen.__dict__)
        with wrapper.upstream():
            self.assertEqual(wrapper._replacements.enabled, False)
        self.assertTrue(wrapper._replacements.enabled)


class Radio1DBatchTest(unittest.TestCase):
    """RADIO1D: weights are parameters of the exported module, the batch size stays symbolic."""

    def _wrapper(self, with_num_tokens=False):
        return Radio1DExport(Radio1DEncoder(ToyConditioner(), ToyRadio1DVit()), with_num_tokens).eval()

    def test_weights_export_as_graph_initializers(self):
        import onnx

        spec = ModelSpec("toy_1d", "radio1d", "toy", BatchProfile(2, 4), (), 100, width=6, resolution=Resolution.fixed(64))
        wrapper = self._wrapper()
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "r.onnx")
            export(spec, wrapper, (_image(2, 64, 64),), path)
            stored = sum(int(np.prod(i.dims)) for i in onnx.load(path).graph.initializer)
        # Every weight is in the graph (the exporter may fold a transpose into a renamed copy).
        self.assertGreaterEqual(stored, sum(p.numel() for p in wrapper.parameters()))

    def test_traced_at_batch_two_should_serve_batches_one_and_three(self):
        wrapper = self._wrapper()
        traced = _trace(wrapper, _image(2, 64, 64))
        for b in (1, 2, 3):
            image = _image(b, 64, 64)
            with self.subTest(batch=b), torch.no_grad(), wrapper.upstream():
                expected = wrapper(image)
            got = traced(image)
            self.assertEqual(tuple(got.shape), tuple(expected.shape))
            torch.testing.assert_close(got, expected, rtol=1e-5, atol=1e-5)
            self.assertTrue(bool((got[:, 10:].abs().sum(-1) > 0).all()), "an item came back with empty tokens")

    def test_the_upstream_loop_itself_is_frozen_by_the_tracer(self):
        wrapper = self._wrapper()
        with wrapper.upstream():
            traced = _trace(wrapper, _image(2, 64, 64))
            expected = wrapper(_image(3, 64, 64))
        got = traced(_image(3, 64, 64))
        self.assertFalse(torch.allclose(got, expected), "the toy no longer reproduces the frozen loop")

    def test_num_tokens_graph_serves_other_batches(self):
        wrapper = self._wrapper(with_num_tokens=True)
        traced = _trace(wrapper, _image(2, 64, 64), torch.tensor([[2], [3]], dtype=torch.int32))
        got = traced(_image(3, 64, 64), torch.tensor([[1], [4], [2]], dtype=torch.int32))
        with torch.no_grad(), wrapper.upstream():
            expected = wrapper(_image(3, 64, 64), torch.tensor([[1], [4], [2]], dtype=torch.int32))
        self.assertEqual(tuple(got.shape), (3, 14, 6))
        torch.testing.assert_close(got, expected, rtol=1e-5, atol=1e-5)

    def test_should_refuse_an_encoder_that_is_not_a_module(self):
        with self.assertRaises(TypeError):
            Radio1DExport(lambda x: x)


if __name__ == "__main__":
    unittest.main()
