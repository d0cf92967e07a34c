#!/usr/bin/env bash
# Produces every speed and quality figure of the README's "Speed" section in one go, on a quiet machine.
# Usage: eng/bench-all.sh [output-folder]   (default artifacts/bench; about 30 minutes on 2 cores)
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-artifacts/bench}"
mkdir -p "$out"
load=$(cut -d' ' -f1 /proc/loadavg)
echo "load average before the run: $load (figures are trustworthy only on a quiet machine, below about 1.5 on 2 cores)" | tee "$out/load.txt"

dotnet build -c Release tests/MLNet.Gan.Benchmarks
bench() { dotnet run -c Release --no-build --project tests/MLNet.Gan.Benchmarks -- "$@"; }

# 1. One summary line per model (img/s, ms/step, achieved GFLOP/s), precision Auto.          ~3 min
bench dcgan-tutorial --steps 20 | tee "$out/dcgan-tutorial.txt"
bench cgan-default --steps 200 | tee "$out/cgan-default.txt"
bench colorizer --steps 20 | tee "$out/colorizer.txt"
# 2. The ceiling: one large convolution in float32 and bfloat16 on the same threads.         ~10 s
bench ceiling | tee "$out/ceiling.txt"
# 3. Ours (Auto and Float32) vs plain TorchSharp (and + retain) vs PyTorch eager, in turns.  ~8 min
bench compare --steps 45 --rounds 3 | tee "$out/compare.txt"
# 4. Transposed convolutions against two exact re-expressions; dropout against PackedDropout. ~1 min
bench convtranspose | tee "$out/convtranspose.txt"
bench dropout | tee "$out/dropout.txt"
# 5. Where one step's time goes, per layer call.                                              ~2 min
bench profile --model dcgan-tutorial | tee "$out/profile-dcgan-tutorial.txt"
bench profile --model cgan-default --batch 64 | tee "$out/profile-cgan-default.txt"
# 6. Sample quality of the default cGAN after 300 s, with mixed precision and without.       ~2 x 11 min
bench quality --time 300 --precision BFloat16 | tee "$out/quality-bfloat16.txt"
bench quality --time 300 --precision Float32 | tee "$out/quality-float32.txt"
echo "all figures in $out"
