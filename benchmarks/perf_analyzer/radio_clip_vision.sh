#!/usr/bin/env bash
# perf_analyzer sweeps for Triton's radio_clip_vision: UINT8 [224, 224, 3] center-cropped images
# Usage and options: radio_clip_vision.sh --help. Needs a GPU machine with Triton serving the model repository.
set -euo pipefail
MODEL=radio_clip_vision
KIND=image
MAX_BATCH=64
DEFAULT_BATCHES="1 2 4 8 16 32 64"
DEFAULT_SIZE=224
DYNAMIC_SHAPE=no
NUM_TOKENS=0
source "$(dirname "$0")/lib.sh"
pa_main "$@"
