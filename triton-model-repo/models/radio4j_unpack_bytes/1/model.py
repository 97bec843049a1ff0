"""Triton Python-backend model radio4j_unpack_bytes: BYTES image_bytes [batch, 1] -> UINT8 encoded
[batch, longest], each item's bytes followed by zeros.

Triton's DALI backend reads fixed-size tensors only and needs one shape per batch (dali_backend
README, "Known limitations"), while radio4j clients send one BYTES element per image. The zeros
after an image's end are ignored by the decoders (a JPEG ends at its EOI marker, a PNG at IEND).
An item larger than the model's `max_encoded_bytes` parameter, or an empty one, fails the request
with an error naming the item.

The Python-backend API used (triton_python_backend_utils: get_input_tensor_by_name, as_numpy,
Tensor, InferenceResponse, TritonError) is the one of triton-inference-server/python_backend
README "Usage". `pad_encoded` holds the logic and is unit-tested without Triton.
"""
import json

import numpy as np


def pad_encoded(items, max_bytes):
    """The [n, longest] UINT8 array of the encoded items (bytes objects), zero-padded.

    Raises ValueError naming the first empty or oversized item.
    """
    lengths = [len(bytes(item)) for item in items]
    for i, n in enumerate(lengths):
        if n == 0:
            raise ValueError(f"image {i} of the batch: no bytes at all")
        if n > max_bytes:
            raise ValueError(f"image {i} of the batch: {n} encoded bytes exceed the limit of {max_bytes}")
    out = np.zeros((len(lengths), max(lengths) if lengths else 0), dtype=np.uint8)
    for i, item in enumerate(items):
        out[i, :lengths[i]] = np.frombuffer(bytes(item), dtype=np.uint8)
    return out


class TritonPythonModel:
    """Glue between Triton and pad_encoded; one request = one batch."""

    def initialize(self, args):
        config = json.loads(args["model_config"])
        self.max_bytes = int(config.get("parameters", {}).get("max_encoded_bytes", {}).get("string_value", 64 << 20))

    def execute(self, requests):
        import triton_python_backend_utils as pb_utils
        responses = []
        for request in requests:
            items = pb_utils.get_input_tensor_by_name(request, "image_bytes").as_numpy().reshape(-1)
            try:
                padded = pad_encoded(items, self.max_bytes)
                responses.append(pb_utils.InferenceResponse(output_tensors=[pb_utils.Tensor("encoded", padded)]))
            except ValueError as e:
                responses.append(pb_utils.InferenceResponse(error=pb_utils.TritonError(str(e))))
        return responses
