// `mlnet-gan evaluate`: per-class accuracy of generated Fashion-MNIST samples under a real-data classifier,
// printed as a table and written to evaluation.json next to the model.
using System.CommandLine;
using System.Text.Json;
using MLNet.Gan.Evaluation;

namespace MLNet.Gan.Cli.Commands;

/// <summary>The evaluate subcommand.</summary>
internal static class EvaluateCommand
{
    public const string ReportFileName = "evaluation.json";

    public static Command Create(CliConsole console)
    {
        var model = new Option<string?>("--model") { Description = "The conditional model.zip to evaluate (Fashion-MNIST shaped: 1x28x28, 10 classes)" };
        var perClass = new Option<int>("--per-class") { Description = "Images generated per class", DefaultValueFactory = _ => 500 };
        var classifier = new Option<string?>("--classifier") { Description = "Classifier cache file (trained on Fashion-MNIST and saved there when missing); default next to the model" };
        var seed = new Option<int>("--seed") { Description = "Generation seed", DefaultValueFactory = _ => 0 };
        var command = new Command("evaluate", "Score a conditional model: how often a Fashion-MNIST classifier sees the requested class")
        {
            model, perClass, classifier, seed,
        };
        command.SetAction(parse => CliApp.Guard(console, () =>
            Evaluate(console, parse.GetValue(model), parse.GetValue(perClass), parse.GetValue(classifier), parse.GetValue(seed))));
        return command;
    }

    private static int Evaluate(CliConsole console, string? modelPath, int perClass, string? classifierPath, int seed)
    {
        if (perClass <= 0)
        {
            throw new CliUsageException($"--per-class must be positive, got {perClass}");
        }

        using var model = ModelFiles.Load(modelPath);
        ModelFiles.RequireConditional(model, modelPath!, "evaluate");
        var folder = Path.GetDirectoryName(Path.GetFullPath(modelPath!))!;
        classifierPath ??= Path.Combine(folder, FashionMnistClassifier.DefaultFileName);
        if (Directory.Exists(classifierPath))
        {
            classifierPath = Path.Combine(classifierPath, FashionMnistClassifier.DefaultFileName);
        }

        if (!File.Exists(classifierPath))
        {
            var shape = model.ImageShape;
            if (shape.Channels != 1 || shape.Height != 28 || shape.Width != 28 || model.ClassNames.Count != 10)
            {
                throw new CliUsageException(
                    $"evaluate trains its classifier on Fashion-MNIST (1x28x28, 10 classes), but {modelPath} generates {shape} images of " +
                    $"{model.ClassNames.Count} classes; pass --classifier with a classifier for this data");
            }

            console.Output.WriteLine($"training the Fashion-MNIST classifier (once; cached at {classifierPath}) ...");
        }

        using var judge = FashionMnistClassifier.LoadOrTrain(classifierPath, new ImageClassifier.Options
        {
            Progress = new LineProgress(console.Output),
        });
        var testAccuracy = FashionMnistClassifier.TestAccuracy(judge);
        console.Output.WriteLine($"classifier accuracy on the real Fashion-MNIST test set: {testAccuracy:P1}");
        var result = ConditionalSampleAccuracy.Evaluate(model, judge, perClass, seed);
        console.Output.WriteLine($"accuracy of generated samples for the requested class ({perClass} per class, seed {seed}):");
        console.Output.WriteLine(result.ToTable());

        var reportPath = Path.Combine(folder, ReportFileName);
        var report = new
        {
            model = Path.GetFullPath(modelPath!),
            classifier = Path.GetFullPath(classifierPath),
            samplesPerClass = perClass,
            seed,
            classifierTestAccuracy = testAccuracy,
            overallAccuracy = result.Overall,
            perClass = result.PerClass.Select(c => new { index = c.ClassIndex, name = c.ClassName, samples = c.Samples, correct = c.Correct, accuracy = c.Accuracy }),
        };
        File.WriteAllText(reportPath, JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }));
        console.Output.WriteLine($"wrote {reportPath}");
        return CliApp.Success;
    }

    private sealed class LineProgress(TextWriter output) : IProgress<string>
    {
        public void Report(string value) => output.WriteLine(value);
    }
}
