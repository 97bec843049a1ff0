import json
import os
import tempfile
import unittest
from dataclasses import replace

import numpy as np

from radio4j_export import validate
from radio4j_export.specs import default_specs


class CosineTest(unittest.TestCase):

    def test_identical_and_scaled_rows_have_cosine_one(self):
        a = np.random.default_rng(0).normal(size=(4, 7)).astype(np.float32)
        np.testing.assert_allclose(validate.cosine_rows(a, a * 3), np.ones(4), atol=1e-12)

    def test_opposite_rows_have_cosine_minus_one(self):
        a = np.ones((1, 3))
        self.assertAlmostEqual(float(validate.cosine_rows(a, -a)[0]), -1.0)

    def test_zero_rows_agree_only_with_zero_rows(self):
        z, o = np.zeros((1, 3)), np.ones((1, 3))
        self.assertEqual(float(validate.cosine_rows(z, z)[0]), 1.0)
        self.assertEqual(float(validate.cosine_rows(z, o)[0]), 0.0)

    def test_should_refuse_different_shapes(self):
        with self.assertRaises(ValueError):
            validate.cosine_rows(np.ones((2, 3)), np.ones((3, 2)))

    def test_dense_outputs_are_compared_per_token(self):
        ref = np.ones((2, 5, 4))
        eng = ref.copy()
        eng[1, 3] = -1  # one flipped token
        self.assertAlmostEqual(float(validate.cosine_rows(eng, ref).min()), -1.0)


class CompareTest(unittest.TestCase):

    def test_a_perturbed_summary_fails_and_a_close_one_passes(self):
        spec = default_specs()["c_radio_v4_h"]
        rng = np.random.default_rng(1)
        ref = {"summary": rng.normal(size=(2, 2560)), "features": rng.normal(size=(2, 4, 1280))}
        close = {k: v + rng.normal(scale=1e-3, size=v.shape) for k, v in ref.items()}
        far = {k: v + rng.normal(scale=0.5, size=v.shape) for k, v in ref.items()}
        self.assertTrue(all(c.passed for c in validate.compare(spec, "x", close, ref)))
        self.assertFalse(any(c.passed for c in validate.compare(spec, "x", far, ref)))

    def test_should_name_a_missing_engine_output(self):
        spec = default_specs()["radio_clip_text"]
        with self.assertRaises(KeyError):
            validate.compare(spec, "x", {}, {"embedding": np.ones((1, 3))})


class ValidationInputsTest(unittest.TestCase):

    def test_profiled_models_are_checked_at_portrait_landscape_and_square_sizes(self):
        shapes = validate.validation_shapes(default_specs()["c_radio_v4_h"])
        self.assertIn((384, 640), shapes)
        self.assertIn((640, 384), shapes)
        self.assertIn((224, 224), shapes)
        self.assertIn((1024, 1024), shapes)

    def test_shapes_stay_inside_the_profile(self):
        spec = default_specs()["c_radio_v4_h"]
        small = replace(spec, resolution=replace(spec.resolution, max_hw=(512, 512)))
        self.assertNotIn((1024, 1024), validate.validation_shapes(small))

    def test_fixed_models_are_checked_at_their_size_as_uint8(self):
        cases = list(validate.validation_inputs(default_specs()["radio1d_h"], batches=(2,)))
        self.assertEqual([c for c, _ in cases], ["512x512 b2"])
        self.assertEqual(cases[0][1]["image"].dtype, np.uint8)
        self.assertEqual(cases[0][1]["image"].shape, (2, 512, 512, 3))

    def test_default_batches_avoid_the_trace_batch(self):
        cases = list(validate.validation_inputs(default_specs()["c_radio_v4_h"]))
        self.assertEqual(sorted({f["image"].shape[0] for _, f in cases}), [1, 3])
        self.assertEqual(len(cases), 10)

    def test_requested_shapes_are_filtered_by_the_profile(self):
        spec = default_specs()["c_radio_v4_h"]
        self.assertEqual(validate.validation_shapes(spec, [(224, 224), (640, 384), (2048, 2048)]), ((224, 224), (640, 384)))

    def test_text_needs_real_token_ids(self):
        with self.assertRaises(ValueError):
            list(validate.validation_inputs(default_specs()["radio_clip_text"]))


class RunTest(unittest.TestCase):

    def test_a_failing_case_is_reported_and_the_others_still_run(self):
        spec = default_specs()["c_radio_v4_h"]
        feeds = list(validate.validation_inputs(spec, batches=(1,), shapes=[(224, 224), (640, 384)]))

        def engine(f):
            if f["image"].shape[1] == 640:
                raise RuntimeError("Add node: Attempting to broadcast an axis by a dimension other than 1")
            return reference(f)

        def reference(f):
            n = f["image"].shape[0]
            return {"summary": np.ones((n, 4)), "features": np.ones((n, 2, 3))}

        checks = validate.run(spec, engine, reference, feeds)
        self.assertEqual([c.result for c in checks], ["pass", "pass", "error", "error"])
        self.assertIn("broadcast", checks[2].error)
        with tempfile.TemporaryDirectory() as d:
            self.assertFalse(validate.write_report(checks, d))
            with open(os.path.join(d, "validation.md")) as f:
                text = f.read()
            self.assertIn("| 640x384 b1 | summary |", text)
            self.assertIn("error: RuntimeError: Add node", text)

    def test_completed_cases_survive_an_interrupted_run(self):
        spec = default_specs()["c_radio_v4_h"]
        feeds = list(validate.validation_inputs(spec, batches=(1,), shapes=[(224, 224), (640, 384)]))
        calls = []

        def reference(f):
            n = f["image"].shape[0]
            return {"summary": np.ones((n, 4)), "features": np.ones((n, 2, 3))}

        def engine(f):
            calls.append(1)
            if len(calls) == 2:
                raise KeyboardInterrupt
            return reference(f)

        done = []
        with self.assertRaises(KeyboardInterrupt):
            validate.run(spec, engine, reference, feeds, into=done)
        self.assertEqual([(c.case, c.result) for c in done], [("224x224 b1", "pass"), ("224x224 b1", "pass")])

    def test_an_empty_report_does_not_pass(self):
        with tempfile.TemporaryDirectory() as d:
            self.assertFalse(validate.write_report([], d))
            self.assertTrue(os.path.exists(os.path.join(d, "validation.md")))


class ReportTest(unittest.TestCase):

    def test_report_lists_every_check_and_fails_on_one_failure(self):
        checks = [validate.Check("m", "224x224", "summary", 0.9995, 0.9999, 0.999),
                  validate.Check("m", "512x512", "summary", 0.98, 0.99, 0.999)]
        with tempfile.TemporaryDirectory() as d:
            self.assertFalse(validate.write_report(checks, d))
            with open(os.path.join(d, "validation.json")) as f:
                data = json.load(f)
            self.assertEqual([c["passed"] for c in data], [True, False])
            with open(os.path.join(d, "validation.md")) as f:
                self.assertIn("| m | FAIL |", f.read())
            self.assertTrue(validate.write_report(checks[:1], d))


if __name__ == "__main__":
    unittest.main()
