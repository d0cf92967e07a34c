// The quality claim, measured: the default conditional GAN trained for a wall-clock budget on Fashion-MNIST,
// then scored by a separately trained Fashion-MNIST classifier (how often it sees the requested class).
using System.Globalization;
using MLNet.Gan.Data;
using MLNet.Gan.Evaluation;

namespace MLNet.Gan.Benchmarks;

using Torch = MLNet.Gan.Torch.Torch;

/// <summary>Per-class accuracy of generated samples after a timed default training run, for one or more seeds.</summary>
public sealed class QualityBenchmark : IBenchmarkSuite
{
    private const string OutputRoot = "artifacts/quality";

    /// <inheritdoc/>
    public string Name => "quality";

    /// <inheritdoc/>
    public string Description =>
        "default cGAN trained --time=S (300) per --seeds=a,b (0) on Fashion-MNIST, scored by a real-data classifier (--per-class=N, 500)";

    /// <inheritdoc/>
    public void Run(string[] args)
    {
        var seconds = BenchmarkArgs.Int(args, "--time", 300);
        var perClass = BenchmarkArgs.Int(args, "--per-class", 500);
        var seeds = BenchmarkArgs.Ints(args, "--seeds", [0]);
        Directory.CreateDirectory(OutputRoot);
        var classifierFile = Path.Combine(OutputRoot, FashionMnistClassifier.DefaultFileName);
        using var judge = FashionMnistClassifier.LoadOrTrain(classifierFile);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"classifier: {classifierFile}, accuracy on the real test set {FashionMnistClassifier.TestAccuracy(judge):P1}"));
        Console.WriteLine($"threads {Torch.Threads}; default GanTrainer.Options (conditional, DCGAN 28 px, NonSaturating, batch 64), budget {seconds} s");

        var results = new List<(int Seed, long Steps, int Epochs, ConditionalSampleAccuracyResult Score)>();
        foreach (var seed in seeds)
        {
            var (steps, epochs, score) = TrainAndScore(seed, seconds, perClass, judge);
            results.Add((seed, steps, epochs, score));
            Console.WriteLine($"seed {seed}: {steps} steps, {epochs} epochs");
            Console.WriteLine(score.ToTable());
        }

        PrintSummary(results);
    }

    private static (long Steps, int Epochs, ConditionalSampleAccuracyResult Score) TrainAndScore(
        int seed, int seconds, int perClass, ImageClassifier judge)
    {
        var ctx = new GanContext(seed);
        var data = ctx.Data.LoadFashionMnist(FashionMnistSplit.Train);
        var folder = Path.Combine(OutputRoot, $"seed-{seed}");
        var options = new GanTrainer.Options
        {
            LabelColumnName = "Label",
            Epochs = 1_000_000,
            TimeBudget = TimeSpan.FromSeconds(seconds),
            Seed = seed,
            SampleDirectory = folder,
        };
        using var model = ctx.Gan.Trainers.ConditionalGan(options).Fit(data);
        ctx.Model.Save(model, data.Schema, Path.Combine(folder, "model.zip"));
        var history = model.History!;
        return (history.Steps, history.Epochs, ConditionalSampleAccuracy.Evaluate(model, judge, perClass, seed));
    }

    private static void PrintSummary(List<(int Seed, long Steps, int Epochs, ConditionalSampleAccuracyResult Score)> results)
    {
        var classes = results[0].Score.PerClass;
        Console.WriteLine();
        Console.WriteLine("| class | " + string.Join(" | ", results.Select(r => $"seed {r.Seed}")) + " |");
        Console.WriteLine("| --- | " + string.Join(" | ", results.Select(_ => "---:")) + " |");
        for (var c = 0; c < classes.Count; c++)
        {
            Console.WriteLine($"| {classes[c].ClassName} | " +
                string.Join(" | ", results.Select(r => Percent(r.Score.PerClass[c].Accuracy))) + " |");
        }

        Console.WriteLine("| **all classes** | " + string.Join(" | ", results.Select(r => $"**{Percent(r.Score.Overall)}**")) + " |");
        Console.WriteLine("| steps (epochs) | " + string.Join(" | ", results.Select(r => $"{r.Steps} ({r.Epochs})")) + " |");
        var overall = results.Select(r => r.Score.Overall).ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"overall accuracy: mean {overall.Average():P1}, min {overall.Min():P1}, max {overall.Max():P1} over {overall.Count} seed(s)"));
    }

    private static string Percent(double value) => value.ToString("P1", CultureInfo.InvariantCulture);
}
