#!/usr/bin/env bash
# perf_analyzer sweeps for Triton's radio_clip_text: INT64 input_ids [64] from the SigLIP2 tokenizer
# Usage and options: radio_clip_text.sh --help. Needs a GPU machine with Triton serving the model repository.
set -euo pipefail
MODEL=radio_clip_text
KIND=text
MAX_BATCH=64
DEFAULT_BATCHES="1 2 4 8 16 32 64"
DEFAULT_SIZE=64
DYNAMIC_SHAPE=no
NUM_TOKENS=0
source "$(dirname "$0")/lib.sh"
pa_main "$@"
