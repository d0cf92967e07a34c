// Training-step speed, side by side in one run: MLNet.Gan's trainer, the same model in plain TorchSharp (same engine),
// and PyTorch eager (Debian's python3-torch 1.13, an older libtorch), for the default cGAN and the TF-tutorial DCGAN.
using System.Globalization;
using MLNet.Gan.Runtime;

namespace MLNet.Gan.Benchmarks;

public sealed class CompareBenchmark : IBenchmarkSuite
{
    public string Name => "compare";

    public string Description =>
        "ms/step and img/s: default cGAN (batch 64, 256) and TF-tutorial DCGAN (batch 256), ours (Auto and Float32) vs plain TorchSharp (and with the allocator setting) vs PyTorch eager (--steps N, --rounds R)";

    public void Run(string[] args)
    {
        TorchRuntime.EnsureLoaded();
        var steps = BenchmarkArgs.Int(args, "--steps", 40);
        var rounds = BenchmarkArgs.Int(args, "--rounds", 3);
        var threads = TorchSharp.torch.get_num_threads();
        Console.WriteLine($"threads {threads}, {steps} measured steps after warm-up ({Math.Max(3, steps / 4)} for the tutorial model); ours from the trainer's own clock (data already in memory)");
        Console.WriteLine($"the four TorchSharp configurations take turns over {rounds} rounds of a share of the steps each, each run in a fresh process " +
            "(so that no setting or cache of one reaches another), and each shows its median round, so that a slow spell of the machine falls on all of them");
        Console.WriteLine("engines: MLNet.Gan and plain TorchSharp run TorchSharp 0.107 on libtorch 2.10; PyTorch eager is Debian's python3-torch 1.13 (an older libtorch, OpenBLAS)");
        Console.WriteLine("MLNet.Gan runs with Precision = Auto (bfloat16 where the CPU has it) and again with Float32 (the default); plain TorchSharp and PyTorch run float32, as a user writes them, " +
            "with the C library's allocator settings; 'plain + retain' is the plain loop after TorchRuntime.RetainFreedMemory(), which MLNet.Gan's trainers apply");
        var rows = new List<Row>();
        foreach (var batch in new[] { 64, 256 })
        {
            rows.Add(Measure(BenchmarkModels.CganDefault, batch, steps, rounds));
        }

        var tutorialSteps = Math.Max(3, steps / 4);
        rows.Add(Measure(BenchmarkModels.Tutorial, 256, tutorialSteps, rounds));

        string[] pythonArgs = ["--threads", threads.ToString(CultureInfo.InvariantCulture), "--steps", steps.ToString(CultureInfo.InvariantCulture),
            "--tutorial-steps", tutorialSteps.ToString(CultureInfo.InvariantCulture)];
        var py = PythonReference.Run("bench_train_step.py", pythonArgs, threads);
        rows = rows.Select(r => r with
        {
            PyTorch = py is not null && py.TryGetValue((r.Model == BenchmarkModels.CganDefault ? "cgan" : "tutorial") + $"_batch{r.Batch}", out var ms) ? ms : double.NaN,
        }).ToList();

        Console.WriteLine("| model | batch | MLNet.Gan (Auto) | MLNet.Gan Float32 | plain TorchSharp | plain + retain | PyTorch 1.13 eager | vs plain TorchSharp | vs PyTorch | Float32 vs plain | vs plain + retain |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var r in rows)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Model.Title} | {r.Batch} | {r.Ours:0.0} ms ({r.Batch / r.Ours * 1000:0} img/s, {r.Precision}) | {r.OursFloat32:0.0} ms | {r.Plain:0.0} ms | {r.PlainRetained:0.0} ms | {r.PyTorch:0.0} ms | " +
                $"{r.Plain / r.Ours:0.00}x | {r.PyTorch / r.Ours:0.00}x | {r.Plain / r.OursFloat32:0.00}x | {r.PlainRetained / r.Ours:0.00}x |"));
        }
    }

    // The configurations in turn, round after round, each in a fresh process (each round measures steps / rounds steps,
    // at least 2); the median round of each.
    private static Row Measure(BenchmarkModel model, int batch, int steps, int rounds)
    {
        rounds = Math.Max(1, rounds);
        var perRound = Math.Max(2, (steps + rounds - 1) / rounds);
        var times = Enum.GetValues<StepConfiguration>().ToDictionary(c => c, _ => new List<double>());
        var precision = GanPrecision.Auto;
        for (var round = 0; round < rounds; round++)
        {
            foreach (var config in times.Keys)
            {
                var (ms, used) = StepWorker.InChild(config, model, batch, perRound);
                times[config].Add(ms);
                precision = config == StepConfiguration.OursAuto ? used : precision;
            }
        }

        return new Row(model, batch, Timing.Median(times[StepConfiguration.OursAuto]), precision, Timing.Median(times[StepConfiguration.OursFloat32]),
            Timing.Median(times[StepConfiguration.Plain]), Timing.Median(times[StepConfiguration.PlainRetained]), double.NaN);
    }

    private sealed record Row(BenchmarkModel Model, int Batch, double Ours, GanPrecision Precision, double OursFloat32, double Plain, double PlainRetained, double PyTorch);
}
