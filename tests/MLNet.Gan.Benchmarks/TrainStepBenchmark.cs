// One full conditional-GAN training step (k=1 D step + G step + EMA) of the default 28-px DCGAN,
// through the real trainer, beside the same step in PyTorch eager on the same libtorch.
using System.Globalization;
using MLNet.Gan.Data;

namespace MLNet.Gan.Benchmarks;

using Torch = MLNet.Gan.Torch.Torch;

/// <summary>Milliseconds per training step, ours vs PyTorch, for a few batch sizes.</summary>
public sealed class TrainStepBenchmark : IBenchmarkSuite
{
    private const int Classes = 10;

    /// <inheritdoc/>
    public string Name => "trainstep";

    /// <inheritdoc/>
    public string Description => "ms per cGAN training step (default 28-px DCGAN, D+G+EMA) vs PyTorch eager, same libtorch";

    /// <inheritdoc/>
    public void Run(string[] args)
    {
        var quick = args.Contains("--quick");
        var steps = quick ? 20 : 60;
        var batches = quick ? new[] { 64 } : new[] { 64, 256 };
        var threads = Torch.Threads;
        Console.WriteLine($"threads {threads}, {steps} measured steps after warm-up, time per step from the trainer's own clock");
        var ours = batches.ToDictionary(b => b, b => MeasureOurs(b, steps));
        string[] pythonArgs =
        [
            "--threads", threads.ToString(CultureInfo.InvariantCulture), "--steps", steps.ToString(CultureInfo.InvariantCulture),
            "--batches", string.Join(',', batches),
        ];
        var same = PythonReference.Run("bench_train_step.py", pythonArgs, threads, PythonEnvironment.SameAsOurs);
        var plain = quick ? null : PythonReference.Run("bench_train_step.py", pythonArgs, threads, PythonEnvironment.Default);

        Console.WriteLine("PyTorch: same env = OMP_WAIT_POLICY=PASSIVE as MLNet.Gan sets it; default env = a plain python3 run" +
            (quick ? " (not run with --quick)" : string.Empty));
        Console.WriteLine($"{"batch",6} {"MLNet.Gan ms",13} {"PyTorch ms",11} {"PyTorch/ours",13} {"PyTorch ms",11} {"PyTorch/ours",13} {"images/s",9}");
        Console.WriteLine($"{"",6} {"",13} {"(same env)",11} {"",13} {"(default)",11} {"",13} {"(ours)",9}");
        foreach (var b in batches)
        {
            var sameMs = Lookup(same, b);
            var plainMs = Lookup(plain, b);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{b,6} {ours[b],13:0.0} {sameMs,11:0.0} {sameMs / ours[b],12:0.00}x {plainMs,11:0.0} {plainMs / ours[b],12:0.00}x {b / ours[b] * 1000,9:0}"));
        }
    }

    private static double Lookup(Dictionary<string, double>? python, int batch) =>
        python is not null && python.TryGetValue($"batch{batch}", out var ms) ? ms : double.NaN;

    private static double MeasureOurs(int batch, int steps)
    {
        var ctx = new GanContext(1);
        var random = new Random(1);
        var rows = Enumerable.Range(0, batch * 8).Select(i => new Row
        {
            Image = Enumerable.Range(0, 28 * 28).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray(),
            Label = (uint)(i % Classes) + 1,
        }).ToList();
        var data = ctx.Data.LoadFromEnumerable(rows);
        var options = new GanTrainer.Options { LabelColumnName = "Label", BatchSize = batch, Device = "cpu", Seed = 1 };

        // Warm-up: first-touch allocations and the per-shape transposed-convolution choice.
        options.MaxSteps = 5;
        using (ctx.Gan.Trainers.ConditionalGan(options).Fit(data))
        {
        }

        options.MaxSteps = steps;
        using var model = ctx.Gan.Trainers.ConditionalGan(options).Fit(data);
        return model.History!.Elapsed.TotalMilliseconds / steps;
    }

    private sealed class Row
    {
        [VectorType(1, 28, 28)]
        public float[] Image { get; set; } = Array.Empty<float>();

        [KeyType(Classes)]
        public uint Label { get; set; }
    }
}
