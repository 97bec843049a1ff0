import unittest
from dataclasses import replace

from radio4j_export.specs import BatchProfile, ModelSpec, Resolution, default_specs


class ResolutionTest(unittest.TestCase):

    def test_should_refuse_sizes_that_are_not_multiples_of_16(self):
        with self.assertRaises(ValueError):
            Resolution.fixed(500)

    def test_should_refuse_min_above_max(self):
        with self.assertRaises(ValueError):
            Resolution((512, 512), (256, 256), (1024, 1024))

    def test_profiled_images_have_variable_dims(self):
        self.assertEqual(Resolution((224, 224), (512, 512), (1024, 1024)).dims(), (-1, -1, 3))
        self.assertEqual(Resolution.fixed(224).dims(), (224, 224, 3))


class DefaultSpecsTest(unittest.TestCase):

    def setUp(self):
        self.specs = default_specs()

    def test_should_cover_the_five_models_of_the_contract(self):
        self.assertEqual(sorted(self.specs), ["c_radio_v4_h", "c_radio_v4_so400m", "radio1d_h",
                                              "radio_clip_text", "radio_clip_vision"])

    def test_c_radio_outputs_follow_the_published_dims(self):
        h = self.specs["c_radio_v4_h"].config()
        self.assertEqual(h.output("summary").dims, (2560,))
        self.assertEqual(h.output("features").dims, (-1, 1280))
        so = self.specs["c_radio_v4_so400m"].config()
        self.assertEqual(so.output("summary").dims, (2304,))
        self.assertEqual(so.output("features").dims, (-1, 1152))

    def test_radio1d_at_512_gives_10_prefix_plus_256_tokens(self):
        cfg = self.specs["radio1d_h"].config()
        self.assertEqual(cfg.output("tokens").dims, (266, 2560))
        self.assertEqual([t.name for t in cfg.inputs], ["image"])

    def test_radio1d_with_num_tokens_has_a_variable_token_count(self):
        spec = self.specs["radio1d_h"]
        spec = replace(spec, num_tokens_input=True)
        cfg = spec.config()
        self.assertEqual(cfg.input("num_tokens").data_type, "TYPE_INT32")
        self.assertEqual(cfg.output("tokens").dims, (-1, 2560))
        self.assertEqual(spec.profile_shapes()["num_tokens"]["max"], (16, 1))

    def test_clip_towers_share_one_embedding_size_and_publish_logits(self):
        v, t = self.specs["radio_clip_vision"].config(), self.specs["radio_clip_text"].config()
        self.assertEqual(v.output("embedding").dims, t.output("embedding").dims)
        self.assertEqual(v.input("image").dims, (224, 224, 3))
        self.assertEqual(t.input("input_ids").dims, (64,))
        for cfg in (v, t):
            self.assertIn("logit_scale", cfg.parameters)
            self.assertIn("logit_bias", cfg.parameters)

    def test_configs_are_tensorrt_on_gpu_with_dynamic_batching(self):
        for spec in self.specs.values():
            cfg = spec.config()
            self.assertEqual(cfg.platform, "tensorrt_plan")
            self.assertEqual(cfg.instance_kind, "KIND_GPU")
            self.assertLessEqual(max(cfg.dynamic_batching.preferred_batch_sizes), cfg.max_batch_size)
            self.assertEqual(cfg.max_batch_size, spec.profile_shapes()[cfg.inputs[0].name]["max"][0])

    def test_warmup_runs_the_opt_shape_of_every_input(self):
        spec = replace(self.specs["radio1d_h"], num_tokens_input=True)
        w = spec.config().warmup
        self.assertEqual(w.batch_size, 8)
        self.assertEqual({t.name: t.dims for t in w.inputs}, {"image": (512, 512, 3), "num_tokens": (1,)})
        self.assertEqual(self.specs["c_radio_v4_h"].config().warmup.inputs[0].dims, (512, 512, 3))

    def test_profile_shapes_follow_the_resolution_and_batch(self):
        shapes = self.specs["c_radio_v4_h"].profile_shapes()["image"]
        self.assertEqual(shapes, {"min": (1, 224, 224, 3), "opt": (4, 512, 512, 3), "max": (8, 1024, 1024, 3)})

    def test_dynamic_axes_cover_height_and_width_only_when_profiled(self):
        self.assertEqual(self.specs["c_radio_v4_h"].dynamic_axes()["image"], {0: "batch", 1: "height", 2: "width"})
        self.assertEqual(self.specs["radio_clip_vision"].dynamic_axes()["image"], {0: "batch"})
        self.assertEqual(self.specs["c_radio_v4_h"].dynamic_axes()["features"], {0: "batch", 1: "tokens"})

    def test_should_refuse_a_profiled_clip_image_tower(self):
        with self.assertRaises(ValueError):
            ModelSpec("v", "clip_vision", "a b", BatchProfile(1, 2), (), 0, width=4,
                      resolution=Resolution((224, 224), (224, 224), (448, 448)))

    def test_should_refuse_preferred_batches_above_the_engine_max(self):
        with self.assertRaises(ValueError):
            ModelSpec("t", "clip_text", "a b", BatchProfile(1, 2), (4,), 0, width=4)


if __name__ == "__main__":
    unittest.main()
