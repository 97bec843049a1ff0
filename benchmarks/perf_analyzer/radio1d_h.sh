#!/usr/bin/env bash
# perf_analyzer sweeps for Triton's radio1d_h: UINT8 [512, 512, 3] images plus INT32 num_tokens [1]
# Usage and options: radio1d_h.sh --help. Needs a GPU machine with Triton serving the model repository.
set -euo pipefail
MODEL=radio1d_h
KIND=image
MAX_BATCH=16
DEFAULT_BATCHES="1 2 4 8 16"
DEFAULT_SIZE=512
DYNAMIC_SHAPE=no
NUM_TOKENS=256
source "$(dirname "$0")/lib.sh"
pa_main "$@"
