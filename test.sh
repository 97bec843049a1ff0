#!/usr/bin/env bash
# Runs every test of every module (Java, and the Python checks of triton-model-repo).
set -euo pipefail
cd "$(dirname "$0")"
source scripts/java-home.sh
scripts/install-system-packages.sh
scripts/install-node-packages.sh
exec ./mvnw -B -ntp verify "$@"
