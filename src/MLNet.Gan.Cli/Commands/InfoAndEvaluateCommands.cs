// `mlnet-gan info` and `mlnet-gan evaluate`, the commands that look at a trained model: what the file holds (kind,
// classes, shape, architecture, steps, size), and per-class accuracy of its samples under a real-data classifier.
using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using MLNet.Gan.Data;
using MLNet.Gan.Evaluation;
using MLNet.Gan.Networks;

namespace MLNet.Gan.Cli.Commands;

/// <summary>The info subcommand.</summary>
internal static class InfoCommand
{
    public static Command Create(CliConsole console)
    {
        Option<string?> model = new("--model") { Description = "The model.zip to describe" };
        var command = new Command("info", "Describe a trained model") { model };
        command.SetAction(parse => CliApp.Guard(console, () => Describe(console, parse.GetValue(model))));
        return command;
    }

    private static int Describe(CliConsole console, string? path)
    {
        using var model = ModelFiles.Load(path);
        var info = model.Info;
        var o = console.Output;
        var parameters = model.Generator.parameters().Sum(p => p.numel());
        o.WriteLine($"model          {Path.GetFullPath(path!)}");
        o.WriteLine($"kind           GAN generator ({(model.IsConditional ? "conditional GAN" : "unconditional GAN")})");
        o.WriteLine($"conditional    {(model.IsConditional ? "yes" : "no")}");
        if (model.IsConditional)
        {
            o.WriteLine($"classes        {model.ClassNames.Count}: {string.Join(", ", model.ClassNames.Select((n, i) => $"{i}={n}"))}");
        }

        o.WriteLine($"image shape    {info.Channels} channel(s), {info.Height}x{info.ImageWidth} ({info.ValueKind})");
        o.WriteLine($"latent size    {model.LatentSize}");
        o.WriteLine($"architecture   {info.CustomGenerator ?? info.Architecture.ToString()}, width {info.Width}");
        o.WriteLine($"loss           {info.Loss}");
        o.WriteLine($"weights        {(info.UsesMovingAverage ? "moving average of the generator (EMA)" : "last generator step")}");
        o.WriteLine($"parameters     {parameters.ToString("N0", CultureInfo.InvariantCulture)}");
        o.WriteLine($"trained steps  {info.Steps}");
        o.WriteLine($"precision      {info.Precision} (training arithmetic; weights are float32)");
        o.WriteLine($"columns        {info.ImageColumnName} -> {info.OutputColumnName}" + (info.LabelColumnName is null ? string.Empty : $", label {info.LabelColumnName}"));
        o.WriteLine($"device         {model.Device}");
        o.WriteLine($"file size      {new FileInfo(path!).Length.ToString("N0", CultureInfo.InvariantCulture)} bytes");
        return CliApp.Success;
    }
}

// Evaluate: the Fashion-MNIST classifier (trained once and cached next to the model) or --classifier judges the samples;
// the table is printed and saved as evaluation.json beside the model.
/// <summary>The evaluate subcommand.</summary>
internal static class EvaluateCommand
{
    public const string ReportFileName = "evaluation.json";

    private static readonly ImageShape FashionMnistShape = new(1, FashionMnist.ImageSize, FashionMnist.ImageSize);

    public static Command Create(CliConsole console)
    {
        Option<string?> model = new("--model") { Description = "The conditional model.zip to evaluate (Fashion-MNIST shaped, 1x28x28 and 10 classes, unless --classifier names a classifier for its data)" };
        Option<int> perClass = new("--per-class") { Description = "Images generated per class", DefaultValueFactory = _ => 500 };
        Option<string?> classifier = new("--classifier") { Description = $"Classifier file (or folder holding {FashionMnistClassifier.DefaultFileName}); when missing, one is trained on Fashion-MNIST and cached there. Default: next to the model" };
        Option<int> seed = new("--seed") { Description = "Generation seed", DefaultValueFactory = _ => 0 };
        var command = new Command("evaluate", "Score a conditional model: how often a classifier of real images sees the requested class")
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
            if (model.ImageShape != FashionMnistShape || model.ClassNames.Count != FashionMnist.ClassNames.Count)
            {
                throw new CliUsageException(
                    $"evaluate trains its classifier on Fashion-MNIST ({FashionMnistShape}, {FashionMnist.ClassNames.Count} classes), but {modelPath} generates " +
                    $"{model.ImageShape} images of {model.ClassNames.Count} classes; pass --classifier with a classifier for this data");
            }

            console.Output.WriteLine($"training the Fashion-MNIST classifier (once; cached at {classifierPath}) ...");
        }

        using var judge = LoadClassifier(classifierPath, console.Output);
        double? testAccuracy = null;
        if (judge.Shape == FashionMnistShape && judge.ClassNames.SequenceEqual(FashionMnist.ClassNames))
        {
            testAccuracy = FashionMnistClassifier.TestAccuracy(judge);
            console.Output.WriteLine($"classifier accuracy on the real Fashion-MNIST test set: {testAccuracy:P1}");
        }

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

    // A cached classifier, or one trained on Fashion-MNIST and cached; a file that is not a classifier names the flag.
    private static ImageClassifier LoadClassifier(string path, TextWriter output)
    {
        if (!File.Exists(path))
        {
            return FashionMnistClassifier.LoadOrTrain(path, new ImageClassifier.Options { Progress = new LineProgress(output) });
        }

        try
        {
            return ImageClassifier.Load(path);
        }
        catch (InvalidDataException e)
        {
            throw new CliUsageException($"--classifier: {path} is not a readable classifier file: {CliApp.OneLine(e.Message)}");
        }
    }

    private sealed class LineProgress(TextWriter output) : IProgress<string>
    {
        public void Report(string value) => output.WriteLine(value);
    }
}
