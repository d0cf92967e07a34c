// The measured ceiling for achieved GFLOP/s: one large oneDNN convolution, forward, on the same threads, float32 and bfloat16.
using System.Globalization;
using MLNet.Gan.Runtime;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace MLNet.Gan.Benchmarks;

public sealed class CeilingBenchmark : IBenchmarkSuite
{
    public string Name => "ceiling";

    public string Description => "GFLOP/s of one large convolution (batch 64, 128->128 channels, 3x3, 28x28) in float32 and bfloat16 (--runs 5)";

    public void Run(string[] args)
    {
        TorchRuntime.EnsureLoaded();
        TorchRuntime.RetainFreedMemory(); // as the trainers do
        var runs = BenchmarkArgs.Int(args, "--runs", 5);
        foreach (var (name, value) in Measure(runs))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ceiling {name}: {value:0.0} GFLOP/s ({get_num_threads()} threads)"));
        }
    }

    /// <summary>GFLOP/s of the convolution in float32 and bfloat16 (median of <paramref name="runs"/> after a warm-up).</summary>
    public static IReadOnlyList<(string Precision, double GflopPerSecond)> Measure(int runs)
    {
        const long batch = 64, channels = 128, size = 28, k = 3;
        var flops = 2.0 * batch * channels * size * size * channels * k * k; // 2 x outputs x (in x k x k)
        var result = new List<(string, double)>();
        foreach (var type in new[] { ScalarType.Float32, ScalarType.BFloat16 })
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            random.manual_seed(1);
            var x = randn(batch, channels, size, size).to(type); // (64, 128, 28, 28)
            var w = (randn(channels, channels, k, k) * 0.05).to(type); // (128, 128, 3, 3)
            var ms = Timing.MedianMs(() =>
            {
                using var inner = NewDisposeScope();
                F.conv2d(x, w, padding: [1, 1]);
            }, runs);
            result.Add((type.ToString(), flops / ms / 1e6));
        }

        return result;
    }
}
