#!/usr/bin/env bash
# Installs the npm packages the test suite uses (pinned by package-lock.json files):
#   quarkus-app/src/test/node   the official OpenAI Node SDK, run against the service by OpenAiNodeSdkTest
# Needs node and npm (Debian's nodejs and npm packages); installs them when missing and root.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    missing=()
    command -v node >/dev/null 2>&1 || missing+=(nodejs)
    command -v npm >/dev/null 2>&1 || missing+=(npm)
    echo "radio4j: installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  else
    echo "radio4j: node and npm are missing (install Debian's nodejs and npm as root)" >&2
    exit 0
  fi
fi
for dir in quarkus-app/src/test/node; do
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
done
