// Data augmentation, end to end with a real ML.NET trainer: from N labelled Fashion-MNIST images per class, an ML.NET
// multiclass trainer on pixels with and without the conditional GAN's synthetic rows, scored on the 10,000 real test images.
using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Gan.Data;
using MLNet.Gan.Runtime;

namespace MLNet.Gan.Benchmarks;

public sealed class AugmentationBenchmark : IBenchmarkSuite
{
    public string Name => "augmentation";

    public string Description =>
        "SdcaMaximumEntropy on --per-class=50,500 real images/class, alone and with 1x and 4x cGAN rows (cGAN --time=S, 120); accuracy on the real test set";

    public void Run(string[] args)
    {
        TorchRuntime.EnsureLoaded();
        var sizes = BenchmarkArgs.Ints(args, "--per-class", [50, 500]);
        var seconds = BenchmarkArgs.Int(args, "--time", 120);
        var seed = BenchmarkArgs.Int(args, "--seed", 0);
        var ctx = new MLContext(seed);
        var test = ctx.Data.LoadFromEnumerable(Rows(FashionMnist.LoadPixels(FashionMnistSplit.Test), int.MaxValue, seed));
        var train = FashionMnist.LoadPixels(FashionMnistSplit.Train);
        Console.WriteLine($"ML.NET SdcaMaximumEntropy on 784 pixels in [0, 1]; cGAN: default options on the same pixels, {seconds} s; test: 10,000 real images");
        Console.WriteLine("| real images per class | real only | + 1x synthetic | + 4x synthetic | cGAN steps |");
        Console.WriteLine("| ---: | ---: | ---: | ---: | ---: |");
        foreach (var n in sizes)
        {
            var real = ctx.Data.LoadFromEnumerable(Rows(train, n, seed));
            var options = new GanTrainer.Options { ImageColumnName = "Pixels", TimeBudget = TimeSpan.FromSeconds(seconds), Seed = seed };
            using var gan = ctx.Gan().Trainers.ConditionalGan(options).Fit(real);
            var accuracy = new[] { 0, 1, 4 }
                .Select(k => Accuracy(ctx, k == 0 ? real : gan.AppendSyntheticRows(real, k * n, seed), test))
                .ToArray();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {n} | {accuracy[0]:P1} | {accuracy[1]:P1} | {accuracy[2]:P1} | {gan.History!.Steps} |"));
        }
    }

    private static double Accuracy(MLContext ctx, IDataView train, IDataView test)
    {
        var clock = Stopwatch.StartNew();
        var cached = ctx.Data.Cache(train);
        var model = ctx.MulticlassClassification.Trainers.SdcaMaximumEntropy("Label", "Pixels").Fit(cached);
        var metrics = ctx.MulticlassClassification.Evaluate(model.Transform(test), "Label");
        Console.Error.WriteLine($"  ({train.GetRowCount()} training rows, {clock.Elapsed.TotalSeconds:0} s)");
        return metrics.MicroAccuracy;
    }

    // The first n images of each class (in a seeded shuffle of the split) as pixels in [0, 1] with a zero-based key label.
    private static List<PixelRow> Rows(IdxImageSet set, int perClass, int seed)
    {
        var labels = set.Labels ?? throw new InvalidDataException("Fashion-MNIST has no labels");
        var order = Enumerable.Range(0, set.Count).OrderBy(_ => 0).ToArray();
        new Random(seed).Shuffle(order);
        var taken = new int[10];
        var rows = new List<PixelRow>();
        foreach (var i in order)
        {
            var label = labels[i];
            if (taken[label]++ >= perClass)
            {
                continue;
            }

            var pixels = set.GetPixels(i);
            var values = new float[pixels.Length];
            for (var p = 0; p < values.Length; p++)
            {
                values[p] = pixels[p] / 255f;
            }

            rows.Add(new PixelRow { Pixels = values, Label = label });
        }

        return rows;
    }

    private sealed class PixelRow
    {
        [VectorType(28 * 28)]
        public float[] Pixels { get; set; } = Array.Empty<float>();

        [KeyType(10)]
        public uint Label { get; set; } // zero-based: LoadFromEnumerable maps 0..9 to keys 1..10
    }
}
