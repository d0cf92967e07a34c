#!/usr/bin/python3
# PyTorch eager timings of conv_transpose2d forward+backward, the reference column of the C#
# "convtranspose" benchmark (tests/MLNet.Gan.Benchmarks/ConvTransposeBenchmark.cs), which passes the
# layer list, thread count and run counts so both sides time exactly the same work.
#
# usage: bench_conv_transpose.py --threads 2 --runs 5 --warmup 1 --budget-ms 4000 \
#            --layers "name:N,Cin,Cout,H,K,S,P,OP;..."
# prints one line per layer: "<name> <median ms>"
import argparse
import statistics
import time

import torch
import torch.nn.functional as F


def parse_layers(text):
    layers = []
    for item in text.split(";"):
        name, dims = item.split(":")
        n, c_in, c_out, h, k, s, p, op = (int(v) for v in dims.split(","))
        layers.append((name, n, c_in, c_out, h, k, s, p, op))
    return layers


def median_ms(step, runs, warmup, budget_ms):
    start = time.perf_counter()
    for _ in range(warmup):
        step()
    per_run = (time.perf_counter() - start) * 1000.0 / max(1, warmup)
    runs = max(1, min(runs, int(budget_ms / max(per_run, 1e-3))))  # as the C# side: fewer runs for slow layers
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        step()
        times.append((time.perf_counter() - start) * 1000.0)
    return statistics.median(times)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, required=True)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--warmup", type=int, default=1)
    ap.add_argument("--budget-ms", type=float, default=4000.0)
    ap.add_argument("--layers", required=True)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    for name, n, c_in, c_out, h, k, s, p, op in parse_layers(args.layers):
        # (N, C_in, H, H) with weight (C_in, C_out, k, k) -> (N, C_out, H_out, H_out); no bias, as in DCGAN
        x = torch.randn(n, c_in, h, h, requires_grad=True)
        w = (torch.randn(c_in, c_out, k, k) * 0.02).requires_grad_(True)
        out = (h - 1) * s - 2 * p + k + op
        upstream = torch.randn(n, c_out, out, out)

        def step():
            x.grad = None
            w.grad = None
            y = F.conv_transpose2d(x, w, None, stride=s, padding=p, output_padding=op)
            y.backward(upstream)

        print(f"{name} {median_ms(step, args.runs, args.warmup, args.budget_ms):.3f}", flush=True)


if __name__ == "__main__":
    main()
