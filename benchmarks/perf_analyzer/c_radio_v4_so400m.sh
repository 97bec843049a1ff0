#!/usr/bin/env bash
# perf_analyzer sweeps for Triton's c_radio_v4_so400m: UINT8 [H, W, 3] images, as c_radio_v4_h
# Usage and options: c_radio_v4_so400m.sh --help. Needs a GPU machine with Triton serving the model repository.
set -euo pipefail
MODEL=c_radio_v4_so400m
KIND=image
MAX_BATCH=8
DEFAULT_BATCHES="1 2 4 8"
DEFAULT_SIZE=512
DYNAMIC_SHAPE=yes
NUM_TOKENS=0
source "$(dirname "$0")/lib.sh"
pa_main "$@"
