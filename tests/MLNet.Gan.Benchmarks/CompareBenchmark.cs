// Training-step speed, side by side in one run: MLNet.Gan's trainer, the same model in plain TorchSharp (same engine),
// and PyTorch eager (Debian's python3-torch 1.13, an older libtorch), for the default cGAN and the TF-tutorial DCGAN.
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Gan.Runtime;

namespace MLNet.Gan.Benchmarks;

public sealed class CompareBenchmark : IBenchmarkSuite
{
    public string Name => "compare";

    public string Description =>
        "ms/step and img/s: default cGAN (batch 64, 256) and TF-tutorial DCGAN (batch 256), ours vs plain TorchSharp vs PyTorch eager (--steps=N)";

    public void Run(string[] args)
    {
        TorchRuntime.EnsureLoaded();
        var steps = BenchmarkArgs.Int(args, "--steps", 40);
        var threads = TorchSharp.torch.get_num_threads();
        Console.WriteLine($"threads {threads}, {steps} measured steps after warm-up; ours from the trainer's own clock (data already in memory)");
        Console.WriteLine("engines: MLNet.Gan and plain TorchSharp run TorchSharp 0.107 on libtorch 2.10; PyTorch eager is Debian's python3-torch 1.13 (an older libtorch, OpenBLAS)");
        var rows = new List<(string Model, int Batch, double Ours, double Plain, double PyTorch)>();
        foreach (var batch in new[] { 64, 256 })
        {
            rows.Add(("cGAN default (28 px DCGAN, D+G+EMA)", batch, CganOurs(batch, steps), PlainTorchSharp.DefaultCganStepMs(batch, steps), double.NaN));
        }

        var tutorialSteps = Math.Max(3, steps / 4);
        rows.Add(("TF-tutorial DCGAN (D+G)", 256, TutorialOurs(256, tutorialSteps), PlainTorchSharp.TutorialStepMs(256, tutorialSteps), double.NaN));

        string[] pythonArgs = ["--threads", threads.ToString(CultureInfo.InvariantCulture), "--steps", steps.ToString(CultureInfo.InvariantCulture),
            "--tutorial-steps", tutorialSteps.ToString(CultureInfo.InvariantCulture)];
        var py = PythonReference.Run("bench_train_step.py", pythonArgs, threads);
        rows = rows.Select(r => r with
        {
            PyTorch = py is not null && py.TryGetValue((r.Model.StartsWith("cGAN", StringComparison.Ordinal) ? "cgan" : "tutorial") + $"_batch{r.Batch}", out var ms) ? ms : double.NaN,
        }).ToList();

        Console.WriteLine("| model | batch | MLNet.Gan | plain TorchSharp | PyTorch 1.13 eager | vs plain TorchSharp | vs PyTorch |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var r in rows)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Model} | {r.Batch} | {r.Ours:0.0} ms ({r.Batch / r.Ours * 1000:0} img/s) | {r.Plain:0.0} ms | {r.PyTorch:0.0} ms | {r.Plain / r.Ours:0.00}x | {r.PyTorch / r.Ours:0.00}x |"));
        }
    }

    private static double CganOurs(int batch, int steps)
    {
        var ctx = new MLContext(1);
        var random = new Random(1);
        var data = ctx.Data.LoadFromEnumerable(Enumerable.Range(0, batch * 8).Select(i => new LabelledRow
        {
            Image = Enumerable.Range(0, 28 * 28).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray(),
            Label = (uint)(i % 10), // LoadFromEnumerable reads [KeyType] values as zero-based
        }).ToList());
        var options = new GanTrainer.Options { BatchSize = batch, Device = "cpu", Seed = 1 };
        return TimeOurs(ctx, data, options, steps, conditional: true);
    }

    private static double TutorialOurs(int batch, int steps)
    {
        var ctx = new MLContext(1);
        var random = new Random(1);
        var data = ctx.Data.LoadFromEnumerable(Enumerable.Range(0, batch * 4).Select(_ => new PlainRow
        {
            Image = Enumerable.Range(0, 28 * 28).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray(),
        }).ToList());
        var options = new GanTrainer.Options
        {
            BatchSize = batch, Device = "cpu", Seed = 1, LatentSize = 100, EmaDecay = 0,
            GeneratorLearningRate = 1e-4, DiscriminatorLearningRate = 1e-4, GeneratorBeta1 = 0.9, DiscriminatorBeta1 = 0.9,
            Generator = _ => new TutorialGenerator(), Discriminator = _ => new TutorialDiscriminator(),
        };
        return TimeOurs(ctx, data, options, steps, conditional: false);
    }

    private static double TimeOurs(MLContext ctx, IDataView data, GanTrainer.Options options, int steps, bool conditional)
    {
        var trainers = ctx.Gan().Trainers;
        options.MaxSteps = 3; // warm-up: first-touch allocations, oneDNN primitive caches
        using (conditional ? trainers.ConditionalGan(options).Fit(data) : trainers.Gan(options).Fit(data))
        {
        }

        options.MaxSteps = steps;
        using var model = conditional ? trainers.ConditionalGan(options).Fit(data) : trainers.Gan(options).Fit(data);
        return model.History!.Elapsed.TotalMilliseconds / model.History.Steps;
    }

    private sealed class LabelledRow
    {
        [VectorType(1, 28, 28)]
        public float[] Image { get; set; } = Array.Empty<float>();

        [KeyType(10)]
        public uint Label { get; set; }
    }

    private sealed class PlainRow
    {
        [VectorType(1, 28, 28)]
        public float[] Image { get; set; } = Array.Empty<float>();
    }
}
