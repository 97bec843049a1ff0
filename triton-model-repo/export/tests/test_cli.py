import contextlib
import io
import os
import tempfile
import unittest

import radio4j_repo

MODULE = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


class CliTest(unittest.TestCase):

    def test_configs_writes_what_is_committed(self):
        with tempfile.TemporaryDirectory() as d, contextlib.redirect_stdout(io.StringIO()):
            radio4j_repo.main(["configs", "--repo", d])
            for name in os.listdir(os.path.join(MODULE, "models")):
                with open(os.path.join(d, name, "config.pbtxt")) as a, open(os.path.join(MODULE, "models", name, "config.pbtxt")) as b:
                    self.assertEqual(a.read(), b.read(), name)

    def test_options_change_the_configs(self):
        with tempfile.TemporaryDirectory() as d, contextlib.redirect_stdout(io.StringIO()):
            radio4j_repo.main(["configs", "--repo", d, "--models", "c_radio_v4_h,radio1d_h",
                               "--c-radio-fixed-size", "512", "--radio1d-num-tokens", "--precision", "bf16"])
            with open(os.path.join(d, "c_radio_v4_h", "config.pbtxt")) as f:
                text = f.read()
            self.assertIn("dims: [ 512, 512, 3 ]", text)
            self.assertIn("dims: [ 1024, 1280 ]", text)
            self.assertIn("bf16", text)
            with open(os.path.join(d, "radio1d_h", "config.pbtxt")) as f:
                self.assertIn('name: "num_tokens"', f.read())
            self.assertFalse(os.path.exists(os.path.join(d, "radio_clip_text")))

    def test_build_dry_run_prints_one_trtexec_per_model(self):
        out = io.StringIO()
        with tempfile.TemporaryDirectory() as d, contextlib.redirect_stdout(out):
            radio4j_repo.main(["build", "--dry-run", "--repo", d, "--onnx-dir", "onnx", "--timing-cache", os.path.join(d, "t", "c"),
                               "--trtexec", "/usr/src/tensorrt/bin/trtexec"])
        lines = out.getvalue().splitlines()
        self.assertEqual(len(lines), 5)
        self.assertTrue(all(l.startswith("/usr/src/tensorrt/bin/trtexec --onnx=onnx/") for l in lines))

    def test_onnxruntime_target_writes_cpu_configs_without_warmup(self):
        with tempfile.TemporaryDirectory() as d, contextlib.redirect_stdout(io.StringIO()):
            radio4j_repo.main(["configs", "--repo", d, "--target", "onnxruntime", "--models", "c_radio_v4_h,radio1d_h"])
            with open(os.path.join(d, "c_radio_v4_h", "config.pbtxt")) as f:
                text = f.read()
        self.assertIn('platform: "onnxruntime_onnx"', text)
        self.assertIn("kind: KIND_CPU", text)
        self.assertNotIn("model_warmup", text)
        self.assertNotIn("tensorrt", text.lower())
        # The arena is shrunk after each run, so a CPU host does not keep every model's peak memory.
        self.assertIn('key: "memory.enable_memory_arena_shrinkage"\n  value: { string_value: "cpu:0" }', text)

    def test_build_refuses_the_onnxruntime_target(self):
        with self.assertRaises(SystemExit) as e:
            radio4j_repo.main(["build", "--dry-run", "--target", "onnxruntime"])
        self.assertIn("onnxruntime", str(e.exception))

    def test_validate_writes_the_report_and_fails_when_a_model_cannot_load(self):
        with tempfile.TemporaryDirectory() as d, contextlib.redirect_stdout(io.StringIO()), \
                contextlib.redirect_stderr(io.StringIO()):
            with self.assertRaises(SystemExit) as e:
                radio4j_repo.main(["validate", "--models", "c_radio_v4_h", "--runner", "kserve", "--url", "127.0.0.1:1",
                                   "--radio-repo", os.path.join(d, "no-such-checkout"), "--report", os.path.join(d, "report")])
            with open(os.path.join(d, "report", "validation.md")) as f:
                text = f.read()
        self.assertIn("FAILED", str(e.exception))
        self.assertIn("| c_radio_v4_h | setup |", text)
        self.assertIn("error", text)

    def test_unknown_model_is_a_clear_error(self):
        with self.assertRaises(SystemExit) as e:
            radio4j_repo.main(["configs", "--models", "c_radio_v5"])
        self.assertIn("c_radio_v5", str(e.exception))


if __name__ == "__main__":
    unittest.main()
