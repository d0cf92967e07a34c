// Dropout on the TF tutorial discriminator's activations, forward and backward: libtorch's (nn.Dropout) against PackedDropout.
using System.Globalization;
using MLNet.Gan.Networks;
using MLNet.Gan.Runtime;
using static TorchSharp.torch;

namespace MLNet.Gan.Benchmarks;

public sealed class DropoutBenchmark : IBenchmarkSuite
{
    public string Name => "dropout";

    public string Description => "dropout (p 0.3) on the tutorial discriminator's activations, forward + backward: nn.Dropout vs PackedDropout (--runs 9)";

    public void Run(string[] args)
    {
        TorchRuntime.EnsureLoaded();
        TorchRuntime.RetainFreedMemory(); // as the trainers do
        var runs = BenchmarkArgs.Int(args, "--runs", 9);
        Console.WriteLine($"threads {get_num_threads()}, median of {runs} runs after a warm-up");
        Console.WriteLine("| activations | dtype | nn.Dropout | PackedDropout | speed-up |");
        Console.WriteLine("| --- | --- | ---: | ---: | ---: |");
        using var libtorch = nn.Dropout(0.3);
        using var packed = new PackedDropout(0.3);
        foreach (var shape in new long[][] { [256, 64, 14, 14], [256, 128, 7, 7] })
        {
            foreach (var type in new[] { ScalarType.Float32, ScalarType.BFloat16 })
            {
                random.manual_seed(1);
                using var x = randn(shape).to(type).requires_grad_();
                double Time(nn.Module<Tensor, Tensor> dropout) => Timing.MedianMs(
                    () =>
                    {
                        using var scope = NewDisposeScope();
                        var y = dropout.call(x);
                        y.backward(new[] { ones_like(y) });
                        x.grad!.zero_();
                    }, runs);
                var (plain, ours) = (Time(libtorch), Time(packed));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {string.Join("x", shape)} | {type} | {plain:0.00} ms | {ours:0.00} ms | {plain / ours:0.00}x |"));
            }
        }
    }
}
