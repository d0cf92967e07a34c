// One timed configuration in a process of its own, for `compare`: what one process sets up (the allocator's settings the
// trainer applies, oneDNN's caches, the managed heap) then cannot reach the configuration measured after it.
using System.Globalization;
using MLNet.Gan.NotebookRunner;
using MLNet.Gan.Runtime;

namespace MLNet.Gan.Benchmarks;

/// <summary>The configurations `compare` times, each in a fresh process.</summary>
public enum StepConfiguration
{
    /// <summary>MLNet.Gan's trainer with <see cref="GanPrecision.Auto"/>.</summary>
    OursAuto,

    /// <summary>MLNet.Gan's trainer with <see cref="GanPrecision.Float32"/>.</summary>
    OursFloat32,

    /// <summary>The same model in plain TorchSharp, as a user writes it, with the C library's allocator settings.</summary>
    Plain,

    /// <summary>The plain TorchSharp loop after <see cref="TorchRuntime.RetainFreedMemory"/>: how much of the gain is the allocator's.</summary>
    PlainRetained,
}

/// <summary>`step --config C --model M --batch B --steps N`: prints "ms_per_step X" and "precision P" for one configuration.</summary>
public sealed class StepWorker : IBenchmarkSuite
{
    public string Name => "step";

    public string Description => "one configuration of compare in this process: --config OursAuto|OursFloat32|Plain|PlainRetained --model cgan-default|dcgan-tutorial --batch B --steps N";

    public void Run(string[] args)
    {
        TorchRuntime.EnsureLoaded();
        var config = BenchmarkArgs.Enum(args, "--config", StepConfiguration.OursAuto);
        var model = BenchmarkModels.Find(BenchmarkArgs.String(args, "--model") ?? BenchmarkModels.CganDefault.Name);
        var batch = BenchmarkArgs.Int(args, "--batch", model.DefaultBatch);
        var steps = BenchmarkArgs.Int(args, "--steps", 20);
        if (config == StepConfiguration.PlainRetained && !TorchRuntime.RetainFreedMemory())
        {
            throw new InvalidOperationException("the allocator settings could not be applied here (not glibc, or MLNETGAN_ALLOCATOR=system)");
        }

        var (ms, precision) = config switch
        {
            StepConfiguration.Plain or StepConfiguration.PlainRetained => (model == BenchmarkModels.CganDefault
                ? PlainTorchSharp.DefaultCganStepMs(batch, steps)
                : PlainTorchSharp.TutorialStepMs(batch, steps), GanPrecision.Float32),
            _ => BenchmarkModels.TimeTrainer(model, batch, steps, config == StepConfiguration.OursAuto ? GanPrecision.Auto : GanPrecision.Float32),
        };
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ms_per_step {ms:R}"));
        Console.WriteLine($"precision {precision}");
    }

    /// <summary>Runs one configuration in a child process of this benchmark program; its ms per step and precision.</summary>
    public static (double MsPerStep, GanPrecision Precision) InChild(StepConfiguration config, BenchmarkModel model, int batch, int steps)
    {
        string[] args = [typeof(StepWorker).Assembly.Location, "step", "--config", config.ToString(), "--model", model.Name,
            "--batch", batch.ToString(CultureInfo.InvariantCulture), "--steps", steps.ToString(CultureInfo.InvariantCulture)];
        var (commandLine, exitCode, output) = ChildProcess.Run(ChildProcess.DotnetHost(), args, TimeSpan.FromMinutes(30), Environment.CurrentDirectory);
        var lines = output.Split('\n', StringSplitOptions.TrimEntries);
        string? Value(string key) => lines.FirstOrDefault(l => l.StartsWith(key + " ", StringComparison.Ordinal))?[(key.Length + 1)..];
        var ms = Value("ms_per_step");
        if (exitCode != 0 || ms is null)
        {
            throw new ChildProcessException($"$ {commandLine}\nexit code {exitCode}\n{output.Trim()}");
        }

        return (double.Parse(ms, CultureInfo.InvariantCulture), Enum.Parse<GanPrecision>(Value("precision")!));
    }
}
