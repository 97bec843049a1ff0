#!/usr/bin/env bash
# Installs the Debian packages the test suite uses, when they are missing:
#   libturbojpeg0, libwebp7       native JPEG and WebP decode (tests run with and without them)
#   python3-pil, python3-numpy    the reference preprocessing pipeline (parity goldens, side-by-side runs)
#   python3-onnx, python3-torch   the model-repository checks, export-script tests and tiny-model generation
#   python3-grpcio, python3-grpc-tools  a Python KServe v2 client cross-checking the embedded server
#   chromium, chromium-driver     the web page's browser test
# Without root or apt it only reports what is missing; the tests that need a package say so.
set -euo pipefail
packages=(libturbojpeg0 libwebp7 python3-pil python3-numpy python3-onnx python3-torch python3-grpcio python3-grpc-tools chromium chromium-driver)
packages+=(python3-torchvision) # CENTER_CROP parity goldens: torchvision's Resize + CenterCrop (open_clip's transform)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "radio4j: missing Debian packages (install them as root): ${missing[*]}" >&2
  exit 0
fi
echo "radio4j: installing ${missing[*]}"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
