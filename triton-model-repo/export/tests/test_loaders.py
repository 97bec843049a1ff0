import unittest
from types import SimpleNamespace

import torch

from radio4j_export.loaders import radio1d_encoder


class Radio1DEncoderTest(unittest.TestCase):

    def _model(self, with_encoder=True):
        calls = []
        conditioner = lambda x: calls.append("condition") or x * 2
        vit = SimpleNamespace()
        if with_encoder:
            vit.forward_encoder = lambda x: calls.append("encode") or {"encoder": x + 1, "global_tokens": None}
        return SimpleNamespace(radio_model=SimpleNamespace(input_conditioner=conditioner, model=vit)), calls

    def test_should_condition_then_run_only_the_encoder_neck(self):
        model, calls = self._model()
        out = radio1d_encoder(model)(torch.ones(1, 2))
        self.assertEqual(calls, ["condition", "encode"])
        self.assertTrue(torch.equal(out, torch.full((1, 2), 3.0)))

    def test_should_accept_the_hub_model_without_the_hf_wrapper(self):
        model, _ = self._model()
        self.assertTrue(torch.equal(radio1d_encoder(model.radio_model)(torch.zeros(1)), torch.ones(1)))

    def test_should_refuse_a_checkpoint_without_an_encoder_only_path(self):
        model, _ = self._model(with_encoder=False)
        with self.assertRaises(RuntimeError):
            radio1d_encoder(model)


if __name__ == "__main__":
    unittest.main()
