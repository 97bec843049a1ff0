"""The <model>_bytes ensembles: rendering, agreement with their steps, committed files."""
import contextlib
import importlib.util
import io
import os
import tempfile
import unittest

import numpy as np

import radio4j_ensembles
from radio4j_export import ensembles
from radio4j_export.specs import default_specs

MODULE = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
def _read(*parts):
    with open(os.path.join(MODULE, *parts)) as f:
        return f.read()


IMAGE_MODELS = ["c_radio_v4_h", "c_radio_v4_so400m", "radio1d_h", "radio_clip_vision"]


class GeometryTest(unittest.TestCase):

    def test_defaults_follow_the_encoders(self):
        specs = default_specs()
        self.assertEqual(ensembles.default_geometry(specs["c_radio_v4_h"]), ensembles.Geometry("SQUASH", 512, 512))
        self.assertEqual(ensembles.default_geometry(specs["radio1d_h"]), ensembles.Geometry("SQUASH", 512, 512))
        self.assertEqual(ensembles.default_geometry(specs["radio_clip_vision"]), ensembles.Geometry("CENTER_CROP", 224, 224))
        with self.assertRaises(ValueError):
            ensembles.default_geometry(specs["radio_clip_text"])

    def test_refuses_what_the_resize_modes_cannot_do(self):
        for args in (("CROP", 224, 224), ("CENTER_CROP", 224, 256), ("SNAP16", 200, 200), ("SQUASH", 0, 5)):
            with self.assertRaises(ValueError, msg=str(args)):
                ensembles.Geometry(*args)
        self.assertEqual(ensembles.Geometry("SNAP16", 224, 224).output_dims(), (-1, -1, 3))


class RenderedRepositoryTest(unittest.TestCase):

    def test_every_image_model_has_a_bytes_ensemble_in_both_repositories(self):
        for repo in ("models", "tiny"):
            names = ensembles.check_repository(os.path.join(MODULE, repo))
            self.assertEqual(sorted(names), sorted(m + "_bytes" for m in IMAGE_MODELS), repo)

    def test_committed_files_are_what_the_tooling_renders(self):
        with tempfile.TemporaryDirectory() as models, tempfile.TemporaryDirectory() as tiny, \
                contextlib.redirect_stdout(io.StringIO()):
            for m in IMAGE_MODELS:  # the embedded ensembles read the tiny engine configs
                os.makedirs(os.path.join(tiny, m))
                with open(os.path.join(MODULE, "tiny", m, "config.pbtxt")) as src, \
                        open(os.path.join(tiny, m, "config.pbtxt"), "w") as dst:
                    dst.write(src.read())
            radio4j_ensembles.main(["configs", "--repo", models, "--tiny", tiny])
            for repo, written in (("models", models), ("tiny", tiny)):
                for name in os.listdir(written):
                    with open(os.path.join(written, name, "config.pbtxt")) as a, \
                            open(os.path.join(MODULE, repo, name, "config.pbtxt")) as b:
                        self.assertEqual(a.read(), b.read(), f"{repo}/{name}")

    def test_ensemble_contract_is_the_engines_with_bytes_in(self):
        text = _read("models", "c_radio_v4_h_bytes", "config.pbtxt")
        engine = ensembles.read_engine_io(_read("models", "c_radio_v4_h", "config.pbtxt"))
        ens = ensembles.read_engine_io(text)
        self.assertEqual(ens.inputs, (ensembles.Io("image_bytes", "TYPE_STRING", (1,)),))
        self.assertEqual(ens.outputs, engine.outputs)
        self.assertEqual(ens.max_batch_size, engine.max_batch_size)
        self.assertIn('platform: "ensemble"', text)
        self.assertEqual(ensembles.geometry_of(text), ensembles.Geometry("SQUASH", 512, 512))

    def test_gpu_steps_are_unpack_dali_engine_and_embedded_steps_preprocess_engine(self):
        gpu = _read("models", "radio_clip_vision_bytes", "config.pbtxt")
        self.assertEqual([l.split('"')[1] for l in gpu.splitlines() if "model_name:" in l],
                         ["radio4j_unpack_bytes", "radio_clip_vision_dali", "radio_clip_vision"])
        tiny = _read("tiny", "radio_clip_vision_bytes", "config.pbtxt")
        self.assertEqual([l.split('"')[1] for l in tiny.splitlines() if "model_name:" in l],
                         ["radio_clip_vision_preprocess", "radio_clip_vision"])
        dali = _read("models", "radio_clip_vision_dali", "config.pbtxt")
        self.assertIn('backend: "dali"', dali)
        self.assertEqual(ensembles.geometry_of(dali), ensembles.geometry_of(gpu))
        pre = _read("tiny", "radio_clip_vision_preprocess", "config.pbtxt")
        self.assertEqual(ensembles.geometry_of(pre), ensembles.Geometry("CENTER_CROP", 224, 224))

    def test_optional_engine_inputs_stay_optional_in_the_ensemble(self):
        ens = ensembles.read_engine_io(_read("tiny", "radio1d_h_bytes", "config.pbtxt"))
        self.assertEqual(ens.inputs[1], ensembles.Io("num_tokens", "TYPE_INT32", (1,), True))


class CheckEnsembleTest(unittest.TestCase):
    """The checker refuses each kind of disagreement Triton refuses at load time."""

    def setUp(self):
        self.texts = ensembles.load_texts(os.path.join(MODULE, "tiny"))
        self.ens = self.texts["c_radio_v4_h_bytes"]

    def _refused(self, ens_text=None, **step_overrides):
        texts = dict(self.texts, **step_overrides)
        with self.assertRaises(ValueError) as ctx:
            ensembles.check_ensemble(ens_text or self.ens, texts)
        return str(ctx.exception)

    def test_accepts_the_committed_one(self):
        ensembles.check_ensemble(self.ens, self.texts)

    def test_missing_step_model(self):
        texts = {k: v for k, v in self.texts.items() if k != "c_radio_v4_h_preprocess"}
        with self.assertRaises(ValueError):
            ensembles.check_ensemble(self.ens, texts)

    def test_wrong_step_tensor_name(self):
        self.assertIn("no input", self._refused(self.ens.replace('input_map { key: "image"', 'input_map { key: "img"')))

    def test_type_disagreement(self):
        pre = self.texts["c_radio_v4_h_preprocess"].replace("data_type: TYPE_UINT8", "data_type: TYPE_FP32")
        self.assertIn("TYPE_FP32", self._refused(c_radio_v4_h_preprocess=pre))

    def test_dims_disagreement(self):
        pre = self.texts["c_radio_v4_h_preprocess"].replace("dims: [ 512, 512, 3 ]", "dims: [ 512, 3 ]")
        self.assertIn("dims", self._refused(c_radio_v4_h_preprocess=pre))

    def test_output_nobody_produces(self):
        self.assertIn("produced by no step", self._refused(self.ens.replace('output_map { key: "summary" value: "summary" }', "")))

    def test_tensor_used_before_it_exists(self):
        self.assertIn("before any step", self._refused(self.ens.replace('value: "pixels" }\n      output_map { key: "summary"',
                                                                         'value: "pix" }\n      output_map { key: "summary"')))


def _load_unpack():
    path = os.path.join(MODULE, "models", "radio4j_unpack_bytes", "1", "model.py")
    spec = importlib.util.spec_from_file_location("unpack_model", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class UnpackModelTest(unittest.TestCase):

    def test_pads_each_item_with_zeros_to_the_longest(self):
        out = _load_unpack().pad_encoded([b"\xff\xd8ab", np.bytes_(b"xyz\x00z"), b"q"], 100)
        self.assertEqual(out.dtype, np.uint8)
        self.assertEqual(out.tolist(), [[255, 216, 97, 98, 0], [120, 121, 122, 0, 122], [113, 0, 0, 0, 0]])

    def test_refuses_empty_and_oversized_items_naming_them(self):
        unpack = _load_unpack()
        with self.assertRaisesRegex(ValueError, "image 1 of the batch: no bytes"):
            unpack.pad_encoded([b"a", b""], 10)
        with self.assertRaisesRegex(ValueError, "image 0 of the batch: 11 encoded bytes exceed the limit of 10"):
            unpack.pad_encoded([b"x" * 11], 10)

    def test_reads_its_limit_from_the_config_parameters(self):
        model = _load_unpack().TritonPythonModel()
        model.initialize({"model_config": '{"parameters": {"max_encoded_bytes": {"string_value": "1234"}}}'})
        self.assertEqual(model.max_bytes, 1234)


if __name__ == "__main__":
    unittest.main()
