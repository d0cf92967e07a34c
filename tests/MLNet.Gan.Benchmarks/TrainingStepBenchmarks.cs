// Training speed of one model per command: `dcgan-tutorial --steps N`, `cgan-default --steps N` (and the colorizer's slot),
// each ending in one summary line with img/s, ms/step and the GFLOP/s its convolutions and linear layers achieve;
// `colorizer --steps N` times the pix2pix colorizer's trainer the same way.
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Image;
using MLNet.Gan.Colorization;
using MLNet.Gan.Imaging;
using MLNet.Gan.Runtime;
using static TorchSharp.torch;

namespace MLNet.Gan.Benchmarks;

/// <summary>Trains one model for --steps N (after a warm-up) and prints its speed; --batch N, --precision Auto|Float32|BFloat16.</summary>
public abstract class TrainingStepBenchmark : IBenchmarkSuite
{
    /// <summary>The model this command trains.</summary>
    protected abstract BenchmarkModel Model { get; }

    public string Name => Model.Name;

    public string Description =>
        $"{Model.Title}: img/s, ms/step, achieved GFLOP/s of MLNet.Gan's trainer (--steps N, --batch {Model.DefaultBatch}, --precision Auto)";

    public void Run(string[] args)
    {
        TorchRuntime.EnsureLoaded();
        var steps = BenchmarkArgs.Int(args, "--steps", 20);
        var batch = BenchmarkArgs.Int(args, "--batch", Model.DefaultBatch);
        var precision = BenchmarkArgs.Enum(args, "--precision", GanPrecision.Auto);
        double flops;
        using (var session = BenchmarkModels.Session(Model, batch, precision))
        using (var profile = StepProfile.Record(session))
        {
            flops = profile.Flops;
        }

        var (ms, used) = BenchmarkModels.TimeTrainer(Model, batch, steps, precision);
        Console.WriteLine(Summary(Model.Name, batch, ms, flops, used, steps));
    }

    /// <summary>The one summary line: img/s, ms/step, GFLOP/s achieved, and what was run.</summary>
    public static string Summary(string name, int batch, double msPerStep, double flopsPerStep, GanPrecision precision, int steps) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{name}: {batch / msPerStep * 1000:0.0} img/s, {msPerStep:0.0} ms/step, {flopsPerStep / msPerStep / 1e6:0.0} GFLOP/s achieved " +
            $"({flopsPerStep / 1e9:0.00} GFLOP/step in convolutions and linear layers, forward and backward); batch {batch}, {precision}, " +
            $"{get_num_threads()} threads, {steps} steps from the trainer's clock");
}

public sealed class DcganTutorialBenchmark : TrainingStepBenchmark
{
    protected override BenchmarkModel Model => BenchmarkModels.Tutorial;
}

public sealed class CganDefaultBenchmark : TrainingStepBenchmark
{
    protected override BenchmarkModel Model => BenchmarkModels.CganDefault;
}

/// <summary>The pix2pix colorizer with its default options (64 px, U-Net depth 5, width 32, PatchGAN of 2 layers, batch 16).</summary>
public sealed class ColorizerBenchmark : IBenchmarkSuite
{
    public string Name => "colorizer";

    public string Description => "pix2pix colorizer, default options: img/s and ms/step of its trainer (--steps N, --batch 16, --precision Auto)";

    public void Run(string[] args)
    {
        TorchRuntime.EnsureLoaded();
        var steps = BenchmarkArgs.Int(args, "--steps", 20);
        var batch = BenchmarkArgs.Int(args, "--batch", 16);
        var precision = BenchmarkArgs.Enum(args, "--precision", GanPrecision.Auto);
        var ctx = new MLContext(1);
        var random = new Random(1);
        var rows = Enumerable.Range(0, batch * 4).Select(_ =>
        {
            var rgb = new byte[64 * 64 * 3];
            random.NextBytes(rgb);
            return new ColorRow { Image = ImagePixels.FromRgb(rgb, 64, 64) };
        }).ToList();
        var data = ctx.Data.LoadFromEnumerable(rows);
        var options = new ColorizerTrainer.Options { BatchSize = batch, Device = "cpu", Seed = 1, MaxSteps = 2, Precision = precision }; // warm-up
        using (ctx.Gan().Colorizers.Colorizer(options).Fit(data))
        {
        }

        options.MaxSteps = steps;
        using var model = ctx.Gan().Colorizers.Colorizer(options).Fit(data);
        var ms = model.History!.Elapsed.TotalMilliseconds / model.History.Steps;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"colorizer: {batch / ms * 1000:0.0} img/s, {ms:0.0} ms/step (GFLOP/s not counted: the step recorder hooks the GAN trainer's session, " +
            $"not the colorizer's); batch {batch}, 64 px, {precision}, {get_num_threads()} threads, {model.History.Steps} steps from the trainer's clock"));
    }

    private sealed class ColorRow
    {
        [ImageType(64, 64)]
        public MLImage Image { get; set; } = null!;
    }
}

/// <summary>Where one step's time goes: every layer call replayed alone, forward and backward, against the whole step.</summary>
public sealed class ProfileBenchmark : IBenchmarkSuite
{
    public string Name => "profile";

    public string Description => "per-layer time and FLOPs of one training step (--model cgan-default|dcgan-tutorial, --batch, --precision, --runs 5)";

    public void Run(string[] args)
    {
        TorchRuntime.EnsureLoaded();
        TorchRuntime.RetainFreedMemory(); // as the trainer does
        var model = BenchmarkModels.Find(BenchmarkArgs.String(args, "--model") ?? BenchmarkModels.Tutorial.Name);
        var batch = BenchmarkArgs.Int(args, "--batch", model.DefaultBatch);
        var precision = BenchmarkArgs.Enum(args, "--precision", GanPrecision.Auto);
        var runs = BenchmarkArgs.Int(args, "--runs", 5);
        using var session = BenchmarkModels.Session(model, batch, precision);
        var stepMs = StepProfile.StepMs(session, runs);
        using var profile = StepProfile.Record(session);
        var rows = profile.Replay(runs);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{model.Title}, batch {batch}, {session.ComputeType}, {get_num_threads()} threads: whole step {stepMs:0.0} ms (median of {runs}); " +
            $"each layer call replayed alone, median of {runs}"));
        Console.WriteLine("| net | layer | kind | input | gradients | calls | forward ms | backward ms | share of step | GFLOP | GFLOP/s |");
        Console.WriteLine("| --- | --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        var groups = rows.GroupBy(r => (r.Call.Network, r.Call.Layer, r.Call.Kind, Shape: string.Join("x", r.Call.Input.shape) + " " + r.Call.Input.dtype,
            Grads: r.Call.GradEnabled ? string.Join("+", new[] { r.Call.InputGrad ? "input" : null, r.Call.WeightGrad ? "weights" : null }.Where(x => x is not null)) : "no grad"));
        foreach (var g in groups.OrderByDescending(g => g.Sum(r => r.ForwardMs + r.BackwardMs)))
        {
            var (fwd, bwd, flops) = (g.Sum(r => r.ForwardMs), g.Sum(r => r.BackwardMs), g.Sum(r => r.Call.Flops));
            var rate = flops > 0 ? (flops / (fwd + bwd) / 1e6).ToString("0.0", CultureInfo.InvariantCulture) : string.Empty;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {g.Key.Network} | {g.Key.Layer} | {g.Key.Kind} | {g.Key.Shape} | {g.Key.Grads} | {g.Count()} | {fwd:0.00} | {bwd:0.00} | {(fwd + bwd) / stepMs:P1} | {flops / 1e9:0.000} | {rate} |"));
        }

        var layers = rows.Sum(r => r.ForwardMs + r.BackwardMs);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| | **all layer calls** | | | | {rows.Count} | {rows.Sum(r => r.ForwardMs):0.0} | {rows.Sum(r => r.BackwardMs):0.0} | {layers / stepMs:P1} | {profile.Flops / 1e9:0.000} | {profile.Flops / layers / 1e6:0.0} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| | rest of the step (losses, Adam, EMA, batch sampling, glue) | | | | | | | {Math.Max(0, stepMs - layers) / stepMs:P1} | | |"));
    }
}
