#!/usr/bin/env bash
# Installs the Debian packages MLNet.Gan needs beyond NuGet. Idempotent: quick when all are present.
#   dataset-fashion-mnist the default training data set (IDX gz files in /usr/share/datasets/fashion-mnist)
# The engine comes from NuGet (TorchSharp-cpu bundles libtorch); on Debian 12 the build marks
# libLibTorchSharp.so's GLIBCXX_3.4.32 requirement weak (eng/TorchSharp.Debian.targets), so no
# compiler, CMake or system libtorch is needed.
set -euo pipefail

packages=(dataset-fashion-mnist)
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
