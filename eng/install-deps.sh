#!/usr/bin/env bash
# Installs the Debian packages MLNet.Gan needs beyond NuGet. Idempotent: quick when all are present.
#   dataset-fashion-mnist the default training data set (IDX gz files in /usr/share/datasets/fashion-mnist)
#   r-cran-modeldata, r-cran-cardata
#                         real tables for the tabular GAN, written as CSV to /usr/share/datasets/tables by
#                         eng/export-tables.R: lending_club.csv (9,857 loans, 5 % bad), gss_vocab.csv (28,867 rows
#                         with missing values), wa_churn.csv (7,043 customers)
#   npm (if no npm)       to fetch the colorizer's default data: the 3,786 64x64 color emoji PNGs of the npm package
#                         emoji-datasource-google@16.0.0 (Apache-2.0), unpacked to /usr/share/datasets/emoji-google-64
# The engine comes from NuGet (TorchSharp-cpu bundles libtorch); on Debian 12 the build marks
# libLibTorchSharp.so's GLIBCXX_3.4.32 requirement weak (eng/TorchSharp.Debian.targets), so no
# compiler, CMake or system libtorch is needed.
set -euo pipefail

packages=(dataset-fashion-mnist r-cran-modeldata r-cran-cardata)
missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
command -v npm >/dev/null 2>&1 || missing+=(npm)

emoji_dir=/usr/share/datasets/emoji-google-64
emoji_count() { find "$emoji_dir" -maxdepth 1 -name '*.png' 2>/dev/null | wc -l; }

tables_dir=/usr/share/datasets/tables
tables_present() { [ -s "$tables_dir/lending_club.csv" ] && [ -s "$tables_dir/gss_vocab.csv" ] && [ -s "$tables_dir/wa_churn.csv" ]; }

if [ ${#missing[@]} -eq 0 ] && [ "$(emoji_count)" -eq 3786 ] && tables_present; then
  echo "install-deps: all packages present (${packages[*]}); emoji in $emoji_dir; tables in $tables_dir"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
  else
    echo "install-deps : error MG0001: missing Debian packages (${missing[*]}) or the emoji data ($emoji_dir). Install them once with: sudo bash eng/install-deps.sh" >&2
    exit 2
  fi
fi

export DEBIAN_FRONTEND=noninteractive
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if [ "$(emoji_count)" -ne 3786 ]; then
  echo "install-deps: fetching emoji-datasource-google@16.0.0 into $emoji_dir"
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  (cd "$work" && npm pack emoji-datasource-google@16.0.0 --silent >/dev/null)
  tar -xzf "$work"/emoji-datasource-google-16.0.0.tgz -C "$work" --wildcards 'package/img/google/64/*.png'
  $SUDO mkdir -p "$emoji_dir"
  $SUDO cp "$work"/package/img/google/64/*.png "$emoji_dir"/
  echo "install-deps: $(emoji_count) emoji PNGs in $emoji_dir"
fi
if ! tables_present; then
  echo "install-deps: exporting the R packages' tables to $tables_dir"
  $SUDO Rscript --vanilla "$(dirname "$0")/export-tables.R" "$tables_dir"
fi
echo "install-deps: done"
