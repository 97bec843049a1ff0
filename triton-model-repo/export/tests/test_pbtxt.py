import unittest

from radio4j_export.pbtxt import DynamicBatching, ModelConfig, Tensor, Warmup, render


def _config(**overrides):
    args = dict(name="m", platform="tensorrt_plan", max_batch_size=8,
                inputs=(Tensor("image", "TYPE_UINT8", (-1, -1, 3)),),
                outputs=(Tensor("summary", "TYPE_FP32", (16,)),),
                dynamic_batching=DynamicBatching((4, 8), 500))
    args.update(overrides)
    return ModelConfig(**args)


class TensorTest(unittest.TestCase):

    def test_should_refuse_zero_and_negative_dims_other_than_minus_one(self):
        for dims in ((0,), (-2,), ()):
            with self.assertRaises(ValueError):
                Tensor("x", "TYPE_FP32", dims)

    def test_should_refuse_unknown_types(self):
        with self.assertRaises(ValueError):
            Tensor("x", "TYPE_FLOAT", (1,))


class ModelConfigTest(unittest.TestCase):

    def test_should_refuse_unbatched_models(self):
        with self.assertRaises(ValueError):
            _config(max_batch_size=0)

    def test_should_refuse_preferred_batch_above_max(self):
        with self.assertRaises(ValueError):
            _config(dynamic_batching=DynamicBatching((16,), 100))

    def test_should_refuse_duplicate_tensor_names(self):
        with self.assertRaises(ValueError):
            _config(outputs=(Tensor("image", "TYPE_FP32", (1,)),))


class WarmupTest(unittest.TestCase):

    def test_should_need_concrete_dims(self):
        with self.assertRaises(ValueError):
            Warmup("w", 1, (Tensor("image", "TYPE_UINT8", (-1, -1, 3)),))

    def test_should_feed_every_input_within_max_batch(self):
        good = Warmup("w", 4, (Tensor("image", "TYPE_UINT8", (64, 64, 3)),))
        self.assertIsNotNone(_config(warmup=good).warmup)
        with self.assertRaises(ValueError):
            _config(warmup=Warmup("w", 16, good.inputs))
        with self.assertRaises(ValueError):
            _config(warmup=Warmup("w", 1, (Tensor("other", "TYPE_UINT8", (1,)),)))

    def test_should_render_zero_data_per_input(self):
        text = render(_config(warmup=Warmup("opt", 2, (Tensor("image", "TYPE_UINT8", (64, 48, 3)),))))
        self.assertIn('name: "opt"', text)
        self.assertIn("batch_size: 2", text)
        self.assertIn('key: "image"', text)
        self.assertIn("value: { data_type: TYPE_UINT8 dims: [ 64, 48, 3 ] zero_data: true }", text)


class RenderTest(unittest.TestCase):

    def test_should_render_the_fields_triton_reads(self):
        text = render(_config(parameters={"logit_bias": "-10.0"}, cuda_graphs=True))
        self.assertIn('name: "m"', text)
        self.assertIn('platform: "tensorrt_plan"', text)
        self.assertIn("max_batch_size: 8", text)
        self.assertIn("dims: [ -1, -1, 3 ]", text)
        self.assertIn("preferred_batch_size: [ 4, 8 ]", text)
        self.assertIn("max_queue_delay_microseconds: 500", text)
        self.assertIn("kind: KIND_GPU", text)
        self.assertIn("graphs: true", text)
        self.assertIn('key: "logit_bias"', text)
        self.assertIn('string_value: "-10.0"', text)

    def test_should_mark_optional_inputs(self):
        cfg = _config(inputs=(Tensor("image", "TYPE_UINT8", (-1, -1, 3)), Tensor("n", "TYPE_INT32", (1,), optional=True)))
        self.assertEqual(render(cfg).count("optional: true"), 1)

    def test_comment_lines_should_be_protobuf_comments(self):
        text = render(_config(comment="first\nsecond"))
        self.assertTrue(text.startswith("# first\n# second\n"))


if __name__ == "__main__":
    unittest.main()
