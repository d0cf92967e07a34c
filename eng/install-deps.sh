#!/usr/bin/env bash
# Installs the Debian packages MLNet.Gan builds and runs on. Idempotent: quick when all are present.
#   libtorch-dev          the tensor engine (headers, CMake config, shared libraries)
#   libopenblas0-pthread  fast BLAS for libtorch (Debian's reference BLAS is ~6x slower)
#   libstb-dev            stb_image / stb_image_write, compiled into the native shim
#   cmake g++             build the native shim
#   dataset-fashion-mnist the default training data set
set -euo pipefail

packages=(libtorch-dev libopenblas0-pthread libstb-dev cmake g++ dataset-fashion-mnist)
missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all packages present (${packages[*]})"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
  else
    echo "install-deps : error MG0001: missing Debian packages: ${missing[*]}. Install them once with: sudo bash eng/install-deps.sh" >&2
    exit 2
  fi
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
echo "install-deps: done"
