import unittest
from dataclasses import replace

from radio4j_export import trtexec
from radio4j_export.specs import ModelSpec, default_specs


class TrtexecCommandTest(unittest.TestCase):

    def test_should_give_min_opt_max_shapes_of_the_spec(self):
        spec = default_specs()["c_radio_v4_h"]
        argv = trtexec.command(spec, "in.onnx", "repo/c_radio_v4_h/1/model.plan")
        self.assertEqual(argv[:3], ["trtexec", "--onnx=in.onnx", "--saveEngine=repo/c_radio_v4_h/1/model.plan"])
        self.assertIn("--minShapes=image:1x224x224x3", argv)
        self.assertIn("--optShapes=image:4x512x512x3", argv)
        self.assertIn("--maxShapes=image:8x1024x1024x3", argv)
        self.assertIn("--fp16", argv)

    def test_should_list_every_input_in_each_shape_flag(self):
        spec = default_specs()["radio1d_h"]
        spec = replace(spec, num_tokens_input=True)
        argv = trtexec.command(spec, "a.onnx", "b.plan")
        self.assertIn("--maxShapes=image:16x512x512x3,num_tokens:16x1", argv)

    def test_precision_flags(self):
        base = default_specs()["radio_clip_text"]
        flags = {}
        for p in ("fp16", "bf16", "fp32", "strongly-typed"):
            argv = trtexec.command(replace(base, precision=p), "a", "b")
            flags[p] = [a for a in argv if a in ("--fp16", "--bf16", "--stronglyTyped")]
        self.assertEqual(flags, {"fp16": ["--fp16"], "bf16": ["--bf16"], "fp32": [], "strongly-typed": ["--stronglyTyped"]})

    def test_optional_flags_and_quoting(self):
        argv = trtexec.command(default_specs()["radio_clip_text"], "my dir/a.onnx", "b.plan",
                               workspace_mib=4096, timing_cache="t.cache")
        self.assertIn("--memPoolSize=workspace:4096", argv)
        self.assertIn("--timingCacheFile=t.cache", argv)
        self.assertIn("'--onnx=my dir/a.onnx'", trtexec.printable(argv))

    def test_plan_goes_into_the_models_version_folder(self):
        self.assertEqual(trtexec.plan_path("models", default_specs()["radio1d_h"]), "models/radio1d_h/1/model.plan")


if __name__ == "__main__":
    unittest.main()
