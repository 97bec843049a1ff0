import unittest
from dataclasses import replace

from radio4j_export.consistency import IoDesc, check_io, check_profile
from radio4j_export.pbtxt import ModelConfig, Tensor
from radio4j_export.specs import default_specs


def _config(**kw):
    args = dict(name="m", platform="tensorrt_plan", max_batch_size=8,
                inputs=(Tensor("image", "TYPE_UINT8", (-1, -1, 3)),),
                outputs=(Tensor("summary", "TYPE_FP32", (16,)), Tensor("features", "TYPE_FP32", (-1, 8))))
    args.update(kw)
    return ModelConfig(**args)


GOOD_IN = [IoDesc("image", "TYPE_UINT8", (-1, -1, -1, 3))]
GOOD_OUT = [IoDesc("summary", "TYPE_FP32", (-1, 16)), IoDesc("features", "TYPE_FP32", (-1, -1, 8))]


class CheckIoTest(unittest.TestCase):

    def test_agreeing_config_has_no_problems(self):
        self.assertEqual(check_io(_config(), GOOD_IN, GOOD_OUT), [])

    def test_config_may_pin_a_dimension_the_graph_leaves_open(self):
        cfg = _config(inputs=(Tensor("image", "TYPE_UINT8", (224, 224, 3)),))
        self.assertEqual(check_io(cfg, GOOD_IN, GOOD_OUT), [])

    def test_should_report_a_wrong_data_type(self):
        problems = check_io(_config(), GOOD_IN, [IoDesc("summary", "TYPE_FP16", (-1, 16)), GOOD_OUT[1]])
        self.assertEqual(len(problems), 1)
        self.assertIn("TYPE_FP16", problems[0])

    def test_should_report_a_wrong_width(self):
        problems = check_io(_config(), GOOD_IN, [GOOD_OUT[0], IoDesc("features", "TYPE_FP32", (-1, -1, 1280))])
        self.assertTrue(any("1280" in p for p in problems))

    def test_should_report_a_config_claiming_variable_size_the_graph_fixes(self):
        problems = check_io(_config(), [IoDesc("image", "TYPE_UINT8", (-1, 512, 512, 3))], GOOD_OUT)
        self.assertEqual(len(problems), 2)

    def test_should_report_missing_and_unexpected_tensors(self):
        problems = check_io(_config(), GOOD_IN + [IoDesc("num_tokens", "TYPE_INT32", (-1, 1))], GOOD_OUT[:1])
        self.assertTrue(any("'num_tokens' is in the graph but not in config.pbtxt" in p for p in problems))
        self.assertTrue(any("'features' is not in the graph" in p for p in problems))

    def test_should_report_a_fixed_batch_dimension(self):
        problems = check_io(_config(), [IoDesc("image", "TYPE_UINT8", (1, -1, -1, 3))], GOOD_OUT)
        self.assertTrue(any("fixed batch" in p for p in problems))

    def test_should_report_a_rank_mismatch(self):
        problems = check_io(_config(), [IoDesc("image", "TYPE_UINT8", (-1, 3, -1, -1, 1))], GOOD_OUT)
        self.assertTrue(any("plus the batch dimension" in p for p in problems))


class CheckProfileTest(unittest.TestCase):

    def setUp(self):
        self.spec = default_specs()["c_radio_v4_h"]

    def test_engine_built_from_the_spec_agrees(self):
        p = self.spec.profile_shapes()["image"]
        self.assertEqual(check_profile(self.spec, self.spec.config(), {"image": (p["min"], p["opt"], p["max"])}), [])

    def test_should_report_a_smaller_engine_batch_than_the_config(self):
        profiles = {"image": ((1, 224, 224, 3), (4, 512, 512, 3), (4, 1024, 1024, 3))}
        problems = check_profile(self.spec, self.spec.config(), profiles)
        self.assertTrue(any("exceeds the engine's max batch 4" in p for p in problems))

    def test_should_report_a_different_resolution_profile(self):
        other = replace(self.spec, resolution=replace(self.spec.resolution, max_hw=(2048, 2048)))
        p = other.profile_shapes()["image"]
        problems = check_profile(self.spec, self.spec.config(), {"image": (p["min"], p["opt"], p["max"])})
        self.assertTrue(any("max shape" in p for p in problems))

    def test_should_report_an_input_without_profile(self):
        self.assertTrue(check_profile(self.spec, self.spec.config(), {}))


if __name__ == "__main__":
    unittest.main()
