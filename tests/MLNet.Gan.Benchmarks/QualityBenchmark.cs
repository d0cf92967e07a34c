// The quality claims, measured: the default cGAN trained for a budget and scored by a real-data classifier (quality), and
// the ends of the sample-quality metrics' scale, real training images and a collapsed generator (metrics-reference).
using System.Globalization;
using Microsoft.ML;
using MLNet.Gan.Data;
using MLNet.Gan.Evaluation;
using MLNet.Gan.Runtime;
using static TorchSharp.torch;

namespace MLNet.Gan.Benchmarks;

/// <summary>Per-class accuracy of generated samples after a timed default training run, for one or more seeds.</summary>
public sealed class QualityBenchmark : IBenchmarkSuite
{
    private const string OutputRoot = "artifacts/quality";

    /// <inheritdoc/>
    public string Name => "quality";

    /// <inheritdoc/>
    public string Description =>
        "default cGAN trained --time=S (300) per --seeds=a,b (0) on Fashion-MNIST at --precision (the default), or for --steps N instead, scored by a real-data classifier (--per-class=N, 500)";

    /// <inheritdoc/>
    public void Run(string[] args)
    {
        TorchRuntime.EnsureLoaded();
        var seconds = BenchmarkArgs.Int(args, "--time", 300);
        var perClass = BenchmarkArgs.Int(args, "--per-class", 500);
        var seeds = BenchmarkArgs.Ints(args, "--seeds", [0]);
        var precision = BenchmarkArgs.Enum(args, "--precision", new GanTrainer.Options().Precision);
        var stepLimit = BenchmarkArgs.String(args, "--steps") is null ? (int?)null : BenchmarkArgs.Int(args, "--steps", 0);
        Directory.CreateDirectory(OutputRoot);
        var classifierFile = Path.Combine(OutputRoot, FashionMnistClassifier.DefaultFileName);
        using var judge = FashionMnistClassifier.LoadOrTrain(classifierFile);
        var realPerClass = RealTestAccuracyPerClass(judge);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"classifier: {classifierFile}, accuracy on the real test set {realPerClass.Overall:P1}"));
        Console.WriteLine($"threads {TorchSharp.torch.get_num_threads()}; default GanTrainer.Options (conditional, DCGAN 28 px, NonSaturating, batch 64), precision {precision}, budget {(stepLimit is { } n ? $"{n} steps" : $"{seconds} s")}");

        var results = new List<(int Seed, long Steps, int Epochs, ConditionalSampleAccuracyResult Score)>();
        foreach (var seed in seeds)
        {
            var (steps, epochs, score) = TrainAndScore(seed, seconds, stepLimit, perClass, judge, precision);
            results.Add((seed, steps, epochs, score));
            Console.WriteLine($"seed {seed}: {steps} steps, {epochs} epochs");
            Console.WriteLine(score.ToTable());
        }

        PrintSummary(results, realPerClass);
    }

    private static (long Steps, int Epochs, ConditionalSampleAccuracyResult Score) TrainAndScore(
        int seed, int seconds, int? steps, int perClass, ImageClassifier judge, GanPrecision precision)
    {
        var ctx = new MLContext(seed);
        var data = ctx.Data.LoadFashionMnist(FashionMnistSplit.Train);
        var suffix = precision == GanPrecision.Float32 ? string.Empty : "-" + precision.ToString().ToLowerInvariant();
        var folder = Path.Combine(OutputRoot, $"seed-{seed}{suffix}"); // float32 runs keep the folder they always had
        var options = new GanTrainer.Options
        {
            LabelColumnName = "Label",
            TimeBudget = steps is null ? TimeSpan.FromSeconds(seconds) : null,
            MaxSteps = steps,
            Seed = seed,
            SampleDirectory = folder,
            Precision = precision,
        };
        using var model = ctx.Gan().Trainers.ConditionalGan(options).Fit(data);
        model.Save(Path.Combine(folder, "model.zip"));
        var history = model.History!;
        Console.WriteLine($"seed {seed}: trained in {model.Info.Precision}");
        return (history.Steps, history.Epochs, ConditionalSampleAccuracy.Evaluate(model, judge, perClass, seed));
    }

    // The classifier's own accuracy per class on real test images: the ceiling a perfect generator would reach.
    private static (double[] PerClass, double Overall) RealTestAccuracyPerClass(ImageClassifier judge)
    {
        var (images, labels) = FashionMnistClassifier.Read(FashionMnistSplit.Test);
        using (images)
        using (labels)
        using (var predicted = judge.Predict(images))
        {
            var p = predicted.data<long>().ToArray();
            var l = labels.data<long>().ToArray();
            var perClass = Enumerable.Range(0, judge.ClassNames.Count)
                .Select(c => l.Zip(p).Where(x => x.First == c).Average(x => x.First == x.Second ? 1.0 : 0.0)).ToArray();
            return (perClass, l.Zip(p).Average(x => x.First == x.Second ? 1.0 : 0.0));
        }
    }

    private static void PrintSummary(List<(int Seed, long Steps, int Epochs, ConditionalSampleAccuracyResult Score)> results,
        (double[] PerClass, double Overall) real)
    {
        var classes = results[0].Score.PerClass;
        Console.WriteLine();
        Console.WriteLine("| class | real test images | " + string.Join(" | ", results.Select(r => $"generated, seed {r.Seed}")) + " |");
        Console.WriteLine("| --- | ---: | " + string.Join(" | ", results.Select(_ => "---:")) + " |");
        for (var c = 0; c < classes.Count; c++)
        {
            Console.WriteLine($"| {classes[c].ClassName} | {Percent(real.PerClass[c])} | " +
                string.Join(" | ", results.Select(r => Percent(r.Score.PerClass[c].Accuracy))) + " |");
        }

        Console.WriteLine($"| **all classes** | **{Percent(real.Overall)}** | " +
            string.Join(" | ", results.Select(r => $"**{Percent(r.Score.Overall)}**")) + " |");
        Console.WriteLine("| steps (epochs) | | " + string.Join(" | ", results.Select(r => $"{r.Steps} ({r.Epochs})")) + " |");
        var overall = results.Select(r => r.Score.Overall).ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"overall accuracy: mean {overall.Average():P1}, min {overall.Min():P1}, max {overall.Max():P1} over {overall.Count} seed(s)"));
    }

    private static string Percent(double value) => value.ToString("P1", CultureInfo.InvariantCulture);
}

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
