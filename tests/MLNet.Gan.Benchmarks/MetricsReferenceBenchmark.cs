// The two ends of the sample-quality scale on Fashion-MNIST, to read `mlnet-gan evaluate` against: real training images
// standing in for a perfect conditional generator, and a collapsed one that repeats one training image per class.
using System.Globalization;
using MLNet.Gan.Data;
using MLNet.Gan.Evaluation;
using static TorchSharp.torch;

namespace MLNet.Gan.Benchmarks;

/// <summary>Scores real training images and a one-image-per-class generator against the test set.</summary>
public sealed class MetricsReferenceBenchmark : IBenchmarkSuite
{
    /// <inheritdoc/>
    public string Name => "metrics-reference";

    /// <inheritdoc/>
    public string Description =>
        "FD, KID, precision, recall, density, coverage of real training images and of a collapsed generator against the Fashion-MNIST test set (--count=N, 5000)";

    /// <inheritdoc/>
    public void Run(string[] args)
    {
        Runtime.TorchRuntime.EnsureLoaded();
        var count = BenchmarkArgs.Int(args, "count", 5000);
        Directory.CreateDirectory("artifacts/quality");
        var classifierFile = Path.Combine("artifacts/quality", FashionMnistClassifier.DefaultFileName); // shared with the quality benchmark
        using var judge = FashionMnistClassifier.LoadOrTrain(classifierFile);
        using var scope = NewDisposeScope();
        var (trainImages, trainLabels) = FashionMnistClassifier.Read(FashionMnistSplit.Train);
        var (testImages, testLabels) = FashionMnistClassifier.Read(FashionMnistSplit.Test);
        var byClass = Enumerable.Range(0, FashionMnist.ClassNames.Count)
            .Select(c => nonzero(trainLabels.eq(c)).squeeze(1)) // training rows of class c
            .ToArray();
        var next = new int[byClass.Length];

        // A perfect generator: the next unused training image of each requested class.
        Tensor Real(int n, IReadOnlyList<int>? labels, int seed) =>
            trainImages.index_select(0, cat(labels!.Select(l => byClass[l].narrow(0, next[l]++, 1)).ToList(), 0));

        // A collapsed generator: the first training image of the requested class, every time.
        Tensor Collapsed(int n, IReadOnlyList<int>? labels, int seed) =>
            trainImages.index_select(0, cat(labels!.Select(l => byClass[l].narrow(0, 0, 1)).ToList(), 0));

        var options = new SampleQualityOptions { Count = count };
        Console.WriteLine("| generator | n | FD | KID (± std) | precision | recall | density | coverage | accuracy |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var (name, generate) in new (string, Func<int, IReadOnlyList<int>?, int, Tensor>)[]
                 { ("real training images", Real), ("one training image per class", Collapsed) })
        {
            var m = SampleQuality.Evaluate(generate, conditional: true, testImages, testLabels, judge, options);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {m.N} | {m.Fd:0.00} | {m.Kid.Mean:0.00} ± {m.Kid.Std:0.00} | {m.Manifold.Precision:0.000} | {m.Manifold.Recall:0.000} | " +
                $"{m.Manifold.Density:0.000} | {m.Manifold.Coverage:0.000} | {m.Accuracy:P1} |"));
        }
    }
}
