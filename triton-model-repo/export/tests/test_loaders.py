import unittest
from types import SimpleNamespace

import torch
from torch import nn

from radio4j_export.loaders import radio1d_encoder


class _Conditioner(nn.Module):
    def __init__(self, calls):
        super().__init__()
        self.calls = calls

    def forward(self, x):
        self.calls.append("condition")
        return x * 2


class _Vit(nn.Module):
    def __init__(self, calls):
        super().__init__()
        self.calls = calls
        self.weight = nn.Parameter(torch.ones(1))

    def forward_encoder(self, x):
        self.calls.append("encode")
        return {"encoder": x + self.weight, "global_tokens": None}


class Radio1DEncoderTest(unittest.TestCase):

    def _model(self, with_encoder=True):
        calls = []
        vit = _Vit(calls) if with_encoder else nn.Linear(1, 1)
        return SimpleNamespace(radio_model=SimpleNamespace(input_conditioner=_Conditioner(calls), model=vit)), calls

    def test_should_condition_then_run_only_the_encoder_neck(self):
        model, calls = self._model()
        out = radio1d_encoder(model)(torch.ones(1, 2))
        self.assertEqual(calls, ["condition", "encode"])
        self.assertTrue(torch.equal(out, torch.full((1, 2), 3.0)))

    def test_should_keep_the_weights_as_parameters_of_the_encoder(self):
        model, _ = self._model()
        self.assertEqual([n for n, _ in radio1d_encoder(model).named_parameters()], ["vit.weight"])

    def test_should_accept_the_hub_model_without_the_hf_wrapper(self):
        model, _ = self._model()
        self.assertTrue(torch.equal(radio1d_encoder(model.radio_model)(torch.zeros(1)), torch.ones(1)))

    def test_should_refuse_a_checkpoint_without_an_encoder_only_path(self):
        model, _ = self._model(with_encoder=False)
        with self.assertRaises(RuntimeError):
            radio1d_encoder(model)


if __name__ == "__main__":
    unittest.main()
