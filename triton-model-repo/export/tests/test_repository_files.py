"""The committed files are what the generators produce (no hand edits drifting from the specs)."""
import os
import unittest

from radio4j_export.pbtxt import render
from radio4j_export.specs import default_specs

MODULE = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


class CommittedRealConfigsTest(unittest.TestCase):

    def test_each_real_config_is_the_rendered_default_spec(self):
        for name, spec in default_specs().items():
            with open(os.path.join(MODULE, "models", name, "config.pbtxt")) as f:
                self.assertEqual(f.read(), render(spec.config()), name)


class CommittedTinyRepositoryTest(unittest.TestCase):

    def test_every_tiny_model_has_config_and_graph_under_5_mb(self):
        for name in default_specs():
            self.assertTrue(os.path.exists(os.path.join(MODULE, "tiny", name, "config.pbtxt")), name)
            size = os.path.getsize(os.path.join(MODULE, "tiny", name, "1", "model.onnx"))
            self.assertLess(size, 5 * 1024 * 1024, name)

    def test_tokenizer_sits_beside_the_text_config(self):
        self.assertTrue(os.path.exists(os.path.join(MODULE, "tiny", "radio_clip_text", "tokenizer.json")))
        self.assertFalse(os.path.exists(os.path.join(MODULE, "tiny", "radio_clip_text", "1", "tokenizer.json")))


if __name__ == "__main__":
    unittest.main()
