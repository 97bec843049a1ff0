#!/usr/bin/env bash
# Runs every model's perf_analyzer sweep with the same endpoint and data.
# Usage: all.sh --images DIR --texts FILE --tokenizer FILE [--url HOST:PORT] [--dry-run] [other options
# of the model scripts, applied to each]. Text options go to radio_clip_text only, image options to the others.
set -euo pipefail
here=$(dirname "$0")
image_args=() text_args=()
while [ "$#" -gt 0 ]; do
  case "$1" in
    --texts|--tokenizer) text_args+=("$1" "$2"); shift 2 ;;
    --images|--size|--input-format|--num-tokens|--batch-sizes) image_args+=("$1" "$2"); shift 2 ;;
    --dry-run) image_args+=("$1"); text_args+=("$1"); shift ;;
    --out) echo "all.sh: --out is per model; each model writes to results/perf_analyzer/<model>" >&2; exit 2 ;;
    *) [ "$#" -ge 2 ] || { echo "all.sh: option $1 needs a value" >&2; exit 2; }
       image_args+=("$1" "$2"); text_args+=("$1" "$2"); shift 2 ;;
  esac
done
for model in c_radio_v4_h c_radio_v4_so400m radio_clip_vision; do
  "$here/$model.sh" "${image_args[@]}"
done
# RADIO1D's engine takes 512x512 only, whatever --size says for the others.
radio1d_args=()
skip=no
for a in "${image_args[@]}"; do
  if [ "$skip" = yes ]; then skip=no; continue; fi
  if [ "$a" = --size ]; then skip=yes; continue; fi
  radio1d_args+=("$a")
done
"$here/radio1d_h.sh" "${radio1d_args[@]}"
"$here/radio_clip_text.sh" "${text_args[@]}"
