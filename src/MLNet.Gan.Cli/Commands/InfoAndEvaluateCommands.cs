// `mlnet-gan info` (what a model file holds) and `mlnet-gan evaluate`: sample-quality metrics against real images in a
// classifier's features (FD, KID, precision, recall, density, coverage, accuracy, per-class FD, histograms) and the per-class table.
using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.ML;
using MLNet.Gan.Data;
using MLNet.Gan.Evaluation;
using MLNet.Gan.Imaging;
using MLNet.Gan.IO;
using MLNet.Gan.Networks;
using MLNet.Gan.Training;
using static TorchSharp.torch;

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

/// <summary>The evaluate subcommand.</summary>
internal static class EvaluateCommand
{
    public const string ReportFileName = "evaluation.json";

    private static readonly ImageShape FashionMnistShape = new(1, FashionMnist.ImageSize, FashionMnist.ImageSize);

    private sealed record Arguments(string? Model, string? Data, int Count, string? Json, int PerClass, string? Classifier, int Seed, ImageReadOptions Decoding);

    // Real images (N, C, H, W) in [-1, 1], labels (N) or null, their class names, and a description for the console.
    private sealed record RealImages(Tensor Images, Tensor? Labels, IReadOnlyList<string> ClassNames, string Description);

    public static Command Create(CliConsole console)
    {
        Option<string?> model = new("--model") { Description = "The model.zip to evaluate" };
        Option<string?> data = new("--data") { Description = "Real images to compare with (folder, CSV/TSV list or IDX file, decoded at the model's size). Default: the Fashion-MNIST test set" };
        Option<int> count = new("--count") { Description = "Real and generated images each for the metrics (fewer when the data has fewer)", DefaultValueFactory = _ => 5000 };
        Option<string?> json = new("--json") { Description = "Also write the metrics as JSON to this file (keys n, fd, kid, kid_std, precision, recall, density, coverage, accuracy, ...)" };
        Option<int> perClass = new("--per-class") { Description = "Images generated per class for the accuracy table of a conditional model", DefaultValueFactory = _ => 500 };
        Option<string?> classifier = new("--classifier") { Description = $"Feature extractor: a classifier file (or a folder holding one), or .safetensors weights of the documented architecture; when missing, one is trained on the real data and cached there. Default: {FashionMnistClassifier.DefaultFileName} (or classifier-<data>.zip with --data) next to the model" };
        Option<int> seed = new("--seed") { Description = "Seed of the real sample, the generated images and the KID subsets", DefaultValueFactory = _ => 0 };
        var command = new Command("evaluate", "Score a model against real images: FD, KID, precision, recall, density, coverage and class accuracy in a classifier's features")
        {
            model, data, count, json, perClass, classifier, seed,
        };
        ImageDecodingOptions.AddTo(command);
        command.SetAction(parse => CliApp.Guard(console, () => Evaluate(console, new Arguments(parse.GetValue(model), parse.GetValue(data),
            parse.GetValue(count), parse.GetValue(json), parse.GetValue(perClass), parse.GetValue(classifier), parse.GetValue(seed),
            ImageDecodingOptions.Read(parse)))));
        return command;
    }

    private static int Evaluate(CliConsole console, Arguments a)
    {
        if (a.PerClass <= 0)
        {
            throw new CliUsageException($"--per-class must be positive, got {a.PerClass}");
        }

        var options = new SampleQualityOptions { Count = a.Count, Seed = a.Seed, CancellationToken = console.CancellationToken };
        if (a.Count <= options.NearestNeighbours)
        {
            throw new CliUsageException($"--count must be more than k = {options.NearestNeighbours} (the nearest neighbours of precision and recall), got {a.Count}");
        }

        using var model = ModelFiles.Load(a.Model);
        using var scope = NewDisposeScope();
        var real = ReadReal(model, a.Data, a.Decoding, console.Output);
        var folder = Path.GetDirectoryName(Path.GetFullPath(a.Model!))!;
        var defaultName = a.Data is null ? FashionMnistClassifier.DefaultFileName : $"classifier-{Path.GetFileNameWithoutExtension(Path.TrimEndingDirectorySeparator(a.Data))}.zip";
        var classifierPath = a.Classifier ?? Path.Combine(folder, defaultName);
        if (Directory.Exists(classifierPath))
        {
            classifierPath = Path.Combine(classifierPath, defaultName);
        }

        var (judge, testAccuracy) = LoadOrTrainClassifier(classifierPath, model, real, a.Data is null, console.Output);
        using (judge)
        {
            if (testAccuracy is { } t)
            {
                console.Output.WriteLine($"classifier accuracy on real test images: {t.ToString("P1", CultureInfo.InvariantCulture)}");
            }

            ConditionalSampleAccuracyResult? accuracy = null;
            if (model.IsConditional)
            {
                accuracy = ConditionalSampleAccuracy.Evaluate(model, judge, a.PerClass, a.Seed);
                console.Output.WriteLine($"accuracy of generated samples for the requested class ({a.PerClass} per class, seed {a.Seed}):");
                console.Output.WriteLine(accuracy.ToTable());
                console.Output.WriteLine();
            }

            options.ExtractorTestAccuracy = testAccuracy;
            options.Progress = new LineProgress(console.Output);
            var metrics = SampleQuality.Evaluate(model, real.Images, real.Labels, judge, options);
            console.Output.WriteLine($"sample quality against {real.Description} ({metrics.N} real and {metrics.N} generated images, seed {a.Seed}):");
            console.Output.WriteLine(metrics.ToTable());
            WriteReports(console, a, classifierPath, folder, accuracy, metrics);
        }

        return CliApp.Success;
    }

    private static RealImages ReadReal(GanTransformer model, string? dataPath, ImageReadOptions decoding, TextWriter notes)
    {
        RealImages real;
        if (dataPath is null)
        {
            if (model.ImageShape != FashionMnistShape)
            {
                throw new CliUsageException(
                    $"evaluate compares with the Fashion-MNIST test set ({FashionMnistShape}) unless --data names real images, but {model.ImageShape} images are generated; pass --data");
            }

            var (images, labels) = FashionMnistClassifier.Read(FashionMnistSplit.Test);
            real = new RealImages(images, labels, FashionMnist.ClassNames, "the Fashion-MNIST test set");
        }
        else
        {
            var ml = new MLContext(seed: 0);
            using var source = TrainingData.Load(ml, dataPath, model.ImageShape.Height, model.ImageShape.Channels == 1, decoding);
            foreach (var note in source.Notes)
            {
                notes.WriteLine(note);
            }

            var hasLabels = source.Data.Schema.GetColumnOrNull("Label") is not null;
            var read = new GanTrainer.Options { ImageColumnName = "Image", LabelColumnName = hasLabels ? "Label" : null, Background = decoding.Background };
            var set = TrainingDataReader.Read(source.Data, read, new GanModelInfo());
            real = new RealImages(set.Images, set.Labels, set.ClassNames, source.Description);
            if (set.Shape != model.ImageShape)
            {
                throw new CliUsageException($"--data: {dataPath} gives {set.Shape} images but the model generates {model.ImageShape}");
            }
        }

        if (model.IsConditional && (real.Labels is null || real.ClassNames.Count != model.ClassNames.Count))
        {
            throw new CliUsageException(real.Labels is null
                ? $"--data: {dataPath} has no labels, but the conditional model needs labelled real images (one sub-folder per class, or path,label rows)"
                : $"--data: {real.Description} has {real.ClassNames.Count} classes but the model has {model.ClassNames.Count} ({string.Join(", ", model.ClassNames)})");
        }

        return real;
    }

    // A classifier file, safetensors weights, or a classifier trained on the real data (90 %, tested on the other 10 %) and cached.
    private static (ImageClassifier Classifier, double? TestAccuracy) LoadOrTrainClassifier(string path, GanTransformer model, RealImages real,
        bool fashionMnist, TextWriter output)
    {
        ImageClassifier classifier;
        double? accuracy = null;
        if (File.Exists(path))
        {
            try
            {
                classifier = path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase)
                    ? ImageClassifier.FromSafetensors(path, model.ImageShape, model.IsConditional ? model.ClassNames : null)
                    : ImageClassifier.Load(path);
            }
            catch (InvalidDataException e)
            {
                throw new CliUsageException($"--classifier: {path} is not a readable classifier file: {CliApp.OneLine(e.Message)}");
            }

            if (fashionMnist && classifier.Shape == FashionMnistShape && classifier.ClassNames.SequenceEqual(FashionMnist.ClassNames))
            {
                accuracy = FashionMnistClassifier.TestAccuracy(classifier);
            }
        }
        else if (path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase))
        {
            throw new CliUsageException($"--classifier: file not found: {path}");
        }
        else if (fashionMnist)
        {
            output.WriteLine($"training the Fashion-MNIST classifier (once; cached at {path}) ...");
            classifier = FashionMnistClassifier.LoadOrTrain(path, new ImageClassifier.Options { Progress = new LineProgress(output) });
            accuracy = FashionMnistClassifier.TestAccuracy(classifier);
        }
        else if (real.Labels is null)
        {
            throw new CliUsageException($"no classifier at {path}, and the real images have no labels to train one on; pass --classifier");
        }
        else
        {
            output.WriteLine($"training a classifier of {real.Description} (once; cached at {path}) ...");
            (classifier, accuracy) = TrainOnData(real, output);
            classifier.Save(path);
        }

        if (classifier.Shape != model.ImageShape)
        {
            classifier.Dispose();
            throw new CliUsageException($"--classifier: {path} takes {classifier.Shape} images but the model generates {model.ImageShape}");
        }

        return (classifier, accuracy);
    }

    private static (ImageClassifier, double) TrainOnData(RealImages real, TextWriter output)
    {
        using var scope = NewDisposeScope();
        var n = real.Images.shape[0];
        var order = tensor(FeatureDistances.Subset(new Random(0), (int)n, (int)n));
        var test = Math.Max(1, n / 10);
        var train = order.slice(0, test, n, 1);
        var held = order.slice(0, 0, test, 1);
        var classifier = ImageClassifier.Train(real.Images.index_select(0, train), real.Labels!.index_select(0, train), real.ClassNames,
            new ImageClassifier.Options { Progress = new LineProgress(output) });
        return (classifier, classifier.Accuracy(real.Images.index_select(0, held), real.Labels!.index_select(0, held)));
    }

    private static void WriteReports(CliConsole console, Arguments a, string classifierPath, string folder,
        ConditionalSampleAccuracyResult? accuracy, SampleQualityMetrics metrics)
    {
        var report = new JsonObject
        {
            ["model"] = Path.GetFullPath(a.Model!),
            ["classifier"] = Path.GetFullPath(classifierPath),
            ["samplesPerClass"] = accuracy is null ? null : a.PerClass,
            ["seed"] = a.Seed,
            ["classifierTestAccuracy"] = metrics.ExtractorTestAccuracy,
            ["overallAccuracy"] = accuracy?.Overall,
            ["perClass"] = accuracy is null ? null : new JsonArray(accuracy.PerClass.Select(c => (JsonNode)new JsonObject
            {
                ["index"] = c.ClassIndex,
                ["name"] = c.ClassName,
                ["samples"] = c.Samples,
                ["correct"] = c.Correct,
                ["accuracy"] = c.Accuracy,
            }).ToArray()),
            ["metrics"] = JsonNode.Parse(metrics.ToJson()),
        };
        var reportPath = Path.Combine(folder, ReportFileName);
        AtomicFile.WriteAllBytes(reportPath, Encoding.UTF8.GetBytes(report.ToJsonString(new JsonSerializerOptions { WriteIndented = true })));
        console.Output.WriteLine($"wrote {reportPath}");
        if (a.Json is { } json)
        {
            var full = Path.GetFullPath(json);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            AtomicFile.WriteAllBytes(full, Encoding.UTF8.GetBytes(metrics.ToJson()));
            console.Output.WriteLine($"wrote {full}");
        }
    }

    private sealed class LineProgress(TextWriter output) : IProgress<string>
    {
        public void Report(string value) => output.WriteLine(value);
    }
}
