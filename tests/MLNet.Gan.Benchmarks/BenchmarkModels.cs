// The benchmarked training setups, built one way for every suite: random images held in memory, trainer options,
// and the trainer's own clock (its history's elapsed time covers the steps, not the data reading).
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Gan.Training;
using static TorchSharp.torch;

namespace MLNet.Gan.Benchmarks;

/// <summary>A model trained by the step benchmarks: its command-line name, a title, its default batch and its options.</summary>
public sealed record BenchmarkModel(string Name, string Title, int DefaultBatch, bool Conditional, Func<int, GanTrainer.Options> CreateOptions);

/// <summary>The models and the ways to time them.</summary>
public static class BenchmarkModels
{
    /// <summary>The library's default conditional GAN: 28 px DCGAN, width 32, latent 64, 10 classes, Adam 2e-4, EMA.</summary>
    public static readonly BenchmarkModel CganDefault = new(
        "cgan-default", "cGAN default (28 px DCGAN, D+G+EMA)", 64, Conditional: true,
        batch => new GanTrainer.Options { LabelColumnName = "Label", BatchSize = batch, Device = "cpu", Seed = 1 });

    /// <summary>The TensorFlow DCGAN tutorial's MNIST model (batch 256, Adam 1e-4, no EMA) in MLNet.Gan's layers.</summary>
    public static readonly BenchmarkModel Tutorial = new(
        "dcgan-tutorial", "TF-tutorial DCGAN (D+G)", 256, Conditional: false,
        batch => new GanTrainer.Options
        {
            BatchSize = batch, Device = "cpu", Seed = 1, LatentSize = 100, EmaDecay = 0,
            GeneratorLearningRate = 1e-4, DiscriminatorLearningRate = 1e-4, GeneratorBeta1 = 0.9, DiscriminatorBeta1 = 0.9,
            Generator = _ => new TutorialGenerator(libraryLayers: true), Discriminator = _ => new TutorialDiscriminator(libraryLayers: true),
        });

    /// <summary>The models by name.</summary>
    public static readonly IReadOnlyList<BenchmarkModel> All = [CganDefault, Tutorial];

    /// <summary>The model called <paramref name="name"/>.</summary>
    public static BenchmarkModel Find(string name) =>
        All.FirstOrDefault(m => m.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"--model: expected one of {string.Join(", ", All.Select(m => m.Name))}, found '{name}'");

    /// <summary>
    /// ms per step of MLNet.Gan's trainer on <paramref name="model"/>, from the trainer's own clock after a 3-step warm-up
    /// fit; and the precision the trainer chose.
    /// </summary>
    public static (double MsPerStep, GanPrecision Precision) TimeTrainer(BenchmarkModel model, int batch, int steps, GanPrecision precision)
    {
        var ctx = new MLContext(1);
        var data = Data(ctx, model, batch);
        var options = model.CreateOptions(batch);
        options.Precision = precision;
        options.MaxSteps = 3; // warm-up: first-touch allocations, oneDNN primitive caches
        using (Fit(ctx, model, options, data))
        {
        }

        options.MaxSteps = steps;
        using var fitted = Fit(ctx, model, options, data);
        return (fitted.History!.Elapsed.TotalMilliseconds / fitted.History.Steps, fitted.Info.Precision);
    }

    /// <summary>A training session of <paramref name="model"/> on random in-memory images, as the trainer builds it.</summary>
    internal static GanTrainingSession Session(BenchmarkModel model, int batch, GanPrecision precision)
    {
        var options = model.CreateOptions(batch);
        options.Precision = precision;
        random.manual_seed(1);
        var count = batch * 4L;
        var images = rand(count, 1, 28, 28) * 2 - 1; // (N, 1, 28, 28)
        var labels = model.Conditional ? arange(count) % 10 : null; // (N)
        var classes = model.Conditional ? Enumerable.Range(0, 10).Select(i => $"class {i}").ToArray() : null;
        var dataset = new GanDataset(images.DetachFromDisposeScope(), labels?.DetachFromDisposeScope(), classes);
        return new GanTrainingSession(options, dataset, CPU);
    }

    private static GanTransformer Fit(MLContext ctx, BenchmarkModel model, GanTrainer.Options options, IDataView data) =>
        (model.Conditional ? ctx.Gan().Trainers.ConditionalGan(options) : ctx.Gan().Trainers.Gan(options)).Fit(data);

    private static IDataView Data(MLContext ctx, BenchmarkModel model, int batch)
    {
        var random = new Random(1);
        float[] Image() => Enumerable.Range(0, 28 * 28).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        var rows = batch * (model.Conditional ? 8 : 4);
        return model.Conditional
            ? ctx.Data.LoadFromEnumerable(Enumerable.Range(0, rows).Select(i => new LabelledRow { Image = Image(), Label = (uint)(i % 10) }).ToList())
            : ctx.Data.LoadFromEnumerable(Enumerable.Range(0, rows).Select(_ => new PlainRow { Image = Image() }).ToList());
    }

    private sealed class LabelledRow
    {
        [VectorType(1, 28, 28)]
        public float[] Image { get; set; } = Array.Empty<float>();

        [KeyType(10)]
        public uint Label { get; set; } // LoadFromEnumerable reads [KeyType] values as zero-based
    }

    private sealed class PlainRow
    {
        [VectorType(1, 28, 28)]
        public float[] Image { get; set; } = Array.Empty<float>();
    }
}
