// Transposed convolutions of the built-in and the TF-tutorial generators, forward + backward: libtorch 2.10's own
// kernel against an exact re-expression as one ordinary convolution (phase sub-kernels, pixel shuffle, crop).
using System.Globalization;
using MLNet.Gan.Runtime;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace MLNet.Gan.Benchmarks;

public sealed class ConvTransposeBenchmark : IBenchmarkSuite
{
    private static readonly (string Layer, int Batch, int In, int Out, int Size, int K, int S, int P, int Op)[] Shapes =
    [
        ("cGAN default G, 64->32, 7->14", 64, 64, 32, 7, 4, 2, 1, 0),
        ("cGAN default G, 32->1, 14->28", 64, 32, 1, 14, 4, 2, 1, 0),
        ("cGAN default G, 64->32, 7->14", 256, 64, 32, 7, 4, 2, 1, 0),
        ("cGAN default G, 32->1, 14->28", 256, 32, 1, 14, 4, 2, 1, 0),
        ("TF tutorial G, 256->128, 7->7", 256, 256, 128, 7, 5, 1, 2, 0),
        ("TF tutorial G, 128->64, 7->14", 256, 128, 64, 7, 5, 2, 2, 1),
        ("TF tutorial G, 64->1, 14->28", 256, 64, 1, 14, 5, 2, 2, 1),
        ("colorizer U-Net, 64->2, 32->64", 16, 64, 2, 32, 4, 2, 1, 0),
    ];

    public string Name => "convtranspose";

    public string Description => "transposed convs of the generators, fwd+bwd: libtorch's kernel vs the exact sub-pixel re-expression";

    public void Run(string[] args)
    {
        TorchRuntime.EnsureLoaded();
        TorchRuntime.RetainFreedMemory(); // as the trainers do
        var runs = BenchmarkArgs.Int(args, "--runs", 7);
        Console.WriteLine($"threads {get_num_threads()}, median of {runs} runs after a warm-up");
        Console.WriteLine("| layer | batch | libtorch ConvTranspose2d | re-expressed | speed-up | max abs diff | matmul + fold | speed-up | max abs diff |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var (layer, batch, cin, cout, size, k, s, p, op) in Shapes)
        {
            random.manual_seed(1);
            var x = randn(batch, cin, size, size).requires_grad_();
            var w = (randn(cin, cout, k, k) * 0.05).requires_grad_();
            var b = randn(cout).requires_grad_();
            Tensor Native() => F.conv_transpose2d(x, w, b, [s, s], [p, p], [op, op]);
            Tensor Reexpressed() => SubPixel(x, w, b, s, p, op);
            Tensor Scattered() => Folded(x, w, b, s, p, op);
            double diff, foldDiff;
            using (no_grad())
            {
                diff = (Native() - Reexpressed()).abs().max().item<float>();
                foldDiff = (Native() - Scattered()).abs().max().item<float>();
            }

            var native = Timing.MedianMs(() => Step(Native), runs);
            var sub = Timing.MedianMs(() => Step(Reexpressed), runs);
            var fold = Timing.MedianMs(() => Step(Scattered), runs);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {layer} | {batch} | {native:0.00} ms | {sub:0.00} ms | {native / sub:0.00}x | {diff:0.0e+0} | {fold:0.00} ms | {native / fold:0.00}x | {foldDiff:0.0e+0} |"));
        }
    }

    private static void Step(Func<Tensor> forward)
    {
        using var scope = NewDisposeScope();
        var y = forward();
        y.sum().backward(); // gradient of ones
    }

    /// <summary>
    /// conv_transpose2d(x, w, b, s, p, op) as one convolution: with M = ceil(k / s) taps per phase, output phase (ry, rx)
    /// at position q is sum_m x[q - m] w[r + s m], a correlation of the padded input with the phase's flipped sub-kernel;
    /// the s*s phases are output channels of one conv, interleaved by pixel shuffle, then cropped by p.
    /// </summary>
    internal static Tensor SubPixel(Tensor x, Tensor w, Tensor? b, int s, int p, int op)
    {
        long cin = w.shape[0], cout = w.shape[1], k = w.shape[2], size = x.shape[2];
        var m = (k + s - 1) / s;
        var outSize = ((size - 1) * s) - (2 * p) + k + op;
        // (in, out, k, k) -> zero-padded (in, out, M s, M s) -> (in, out, My, ry, Mx, rx), taps flipped
        var wp = F.pad(w, [0, (m * s) - k, 0, (m * s) - k]).view(cin, cout, m, s, m, s).flip(2, 4);
        var kernel = wp.permute(1, 3, 5, 0, 2, 4).reshape(cout * s * s, cin, m, m); // (out s s, in, M, M)
        var extra = Math.Max(0, outSize + p - ((size + m - 1) * s)); // positions the crop needs beyond the phases
        var right = m - 1 + ((extra + s - 1) / s);
        var xp = F.pad(x, [m - 1, right, m - 1, right]); // (B, in, I + M - 1 + extra, ...)
        var phases = F.conv2d(xp, kernel); // (B, out s s, Q, Q)
        var y = F.pixel_shuffle(phases, s).narrow(2, p, outSize).narrow(3, p, outSize); // (B, out, O, O)
        return b is null ? y : y + b.view(1, -1, 1, 1);
    }

    /// <summary>
    /// conv_transpose2d(x, w, b, s, p, op) as one matrix product and a fold: every input pixel times the (in, out k k)
    /// weight gives its k x k contribution to each output channel, and fold (col2im) adds them up at their places, cropped by p.
    /// </summary>
    internal static Tensor Folded(Tensor x, Tensor w, Tensor? b, int s, int p, int op)
    {
        long batch = x.shape[0], cin = w.shape[0], cout = w.shape[1], k = w.shape[2], size = x.shape[2];
        var outSize = ((size - 1) * s) - (2 * p) + k + op;
        var columns = x.flatten(2).transpose(1, 2).matmul(w.reshape(cin, cout * k * k)).transpose(1, 2); // (B, out k k, I*I)
        var y = F.fold(columns, (outSize, outSize), (k, k), padding: (p, p), stride: (s, s)); // (B, out, O, O)
        return b is null ? y : y + b.view(1, -1, 1, 1);
    }
}
