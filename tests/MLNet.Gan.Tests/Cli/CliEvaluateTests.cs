// `mlnet-gan evaluate` with a tiny classifier of the tiny data (a Fashion-MNIST one would take minutes to train):
// the per-class table, the metrics table and JSON (--json and evaluation.json beside the model), agreement with the
// library's own scoring, a classifier trained on --data when none is given, and mismatches.
using System.Text.Json;
using Microsoft.ML;
using MLNet.Gan.Data;
using MLNet.Gan.Evaluation;
using static TorchSharp.torch;

namespace MLNet.Gan.Tests.Cli;

[TestClass]
public sealed class CliEvaluateTests
{
    private static TempFolder s_root = null!;
    private static string s_model = null!;
    private static string s_unconditional = null!;
    private static string s_classifier = null!;
    private static string s_images = null!;

    [ClassInitialize]
    public static void TrainModelAndClassifier(TestContext _)
    {
        s_root = new TempFolder();
        s_images = CliHarness.WriteImageFolder(s_root.Path, perClass: 8);
        CliHarness.Ok("train", "--data", s_images, "--image-size", "8", "--steps", "2", "--batch-size", "8", "--device", "cpu", "--out", Path.Combine(s_root.Path, "cgan"));
        CliHarness.Ok("train", "--data", s_images, "--unconditional", "--image-size", "8", "--steps", "2", "--batch-size", "8", "--device", "cpu", "--out", Path.Combine(s_root.Path, "gan"));
        s_model = Path.Combine(s_root.Path, "cgan", "model.zip");
        s_unconditional = Path.Combine(s_root.Path, "gan", "model.zip");
        s_classifier = Path.Combine(s_root.Path, "left-right.zip");
        using var classifier = TrainClassifier(8, ["left", "right"]);
        classifier.Save(s_classifier);
    }

    [ClassCleanup]
    public static void Cleanup() => s_root.Dispose();

    // Images (N, 1, size, size) in [-1, 1]: class 0 bright on the left half, class 1 on the right half.
    internal static ImageClassifier TrainClassifier(int size, string[] classes)
    {
        using var scope = NewDisposeScope();
        var left = (arange(size) < size / 2).to_type(ScalarType.Float32).reshape(1, 1, 1, size).expand(8, 1, size, size);
        var x = cat([left, 1 - left], 0) * 2 - 1; // (16, 1, size, size)
        var y = cat([zeros(8, ScalarType.Int64), ones(8, ScalarType.Int64)], 0);
        return ImageClassifier.Train(x, y, classes, new ImageClassifier.Options { Epochs = 2, BatchSize = 8 });
    }

    [TestMethod]
    public void PrintsTheTableWritesEvaluationJsonAndAgreesWithTheLibrary()
    {
        var run = CliHarness.Ok("evaluate", "--model", s_model, "--data", s_images, "--classifier", s_classifier, "--per-class", "4", "--seed", "2");
        Assert.DoesNotContain("Fashion-MNIST test set", run.Output, "a classifier of other data is not tested on Fashion-MNIST");
        Assert.Contains("(4 per class, seed 2)", run.Output);

        using var model = GanTransformer.Load(new MLContext(), s_model);
        using var judge = ImageClassifier.Load(s_classifier);
        var expected = ConditionalSampleAccuracy.Evaluate(model, judge, 4, 2);
        Assert.Contains(expected.ToTable(), run.Output.Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", Environment.NewLine, StringComparison.Ordinal));

        var reportPath = Path.Combine(s_root.Path, "cgan", "evaluation.json");
        Assert.Contains($"wrote {reportPath}", run.Output);
        using var report = JsonDocument.Parse(File.ReadAllText(reportPath));
        var root = report.RootElement;
        Assert.AreEqual(4, root.GetProperty("samplesPerClass").GetInt32());
        Assert.AreEqual(2, root.GetProperty("seed").GetInt32());
        Assert.AreEqual(JsonValueKind.Null, root.GetProperty("classifierTestAccuracy").ValueKind);
        Assert.AreEqual(expected.Overall, root.GetProperty("overallAccuracy").GetDouble(), 1e-12);
        var perClass = root.GetProperty("perClass").EnumerateArray().ToList();
        CollectionAssert.AreEqual(new[] { "left", "right" }, perClass.Select(c => c.GetProperty("name").GetString()).ToArray());
        CollectionAssert.AreEqual(expected.PerClass.Select(c => c.Correct).ToArray(), perClass.Select(c => c.GetProperty("correct").GetInt32()).ToArray());
        Assert.IsTrue(perClass.All(c => c.GetProperty("samples").GetInt32() == 4));
        Assert.AreEqual(16, root.GetProperty("metrics").GetProperty("n").GetInt32(), "all 16 real images, as many generated");
    }

    [TestMethod]
    public void JsonHoldsTheMetricsTheTableShowsAndTheLibraryComputes()
    {
        var json = Path.Combine(s_root.Path, "reports", "metrics.json");
        var run = CliHarness.Ok("evaluate", "--model", s_model, "--data", s_images, "--classifier", s_classifier, "--count", "12", "--json", json);
        Assert.Contains($"wrote {json}", run.Output);
        using var report = JsonDocument.Parse(File.ReadAllText(json));
        var root = report.RootElement;
        foreach (var key in new[] { "n", "fd", "kid", "kid_std", "precision", "recall", "density", "coverage", "accuracy", "per_class_fd", "generated_histogram", "real_histogram" })
        {
            Assert.IsTrue(root.TryGetProperty(key, out _), $"key '{key}' in {json}");
        }

        Assert.AreEqual(12, root.GetProperty("n").GetInt32());
        Assert.AreEqual(12, root.GetProperty("generated_histogram").EnumerateArray().Sum(e => e.GetInt32()));
        Assert.Contains(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{root.GetProperty("fd").GetDouble():0.000}"), run.Output);

        using var scope = NewDisposeScope();
        var ml = new MLContext();
        using var model = GanTransformer.Load(ml, s_model);
        using var judge = ImageClassifier.Load(s_classifier);
        var data = ml.Transforms.LoadImages("Image", null, "ImagePath") // as the CLI decodes a folder
            .Append(ml.Transforms.ResizeImages("Image", 8, 8))
            .Append(ml.Transforms.ConvertToGrayscale("Image"))
            .Append(ml.Transforms.Conversion.MapValueToKey("Label", keyOrdinality: Microsoft.ML.Transforms.ValueToKeyMappingEstimator.KeyOrdinality.ByValue));
        var files = ml.Data.LoadImageFolder(s_images, out _);
        var metrics = ml.Gan().Evaluate(model, data.Fit(files).Transform(files), judge, new SampleQualityOptions { Count = 12 });
        Assert.AreEqual(metrics.Fd, root.GetProperty("fd").GetDouble(), 1e-6 * (1 + metrics.Fd), "the catalog's Evaluate on the same images and seed");
        Assert.AreEqual(metrics.Manifold.Recall, root.GetProperty("recall").GetDouble(), 1e-12);
        Assert.AreEqual(metrics.Accuracy!.Value, root.GetProperty("accuracy").GetDouble(), 1e-12);
    }

    [TestMethod]
    public void UnconditionalModelGetsMetricsWithoutAccuracy()
    {
        var json = Path.Combine(s_root.Path, "gan", "metrics.json");
        var run = CliHarness.Ok("evaluate", "--model", s_unconditional, "--data", s_images, "--classifier", s_classifier, "--json", json);
        Assert.DoesNotContain("per class", run.Output, "no accuracy table without classes");
        using var report = JsonDocument.Parse(File.ReadAllText(json));
        Assert.AreEqual(JsonValueKind.Null, report.RootElement.GetProperty("accuracy").ValueKind);
        Assert.AreEqual(0, report.RootElement.GetProperty("per_class_fd").GetArrayLength());
    }

    [TestMethod]
    public void WithoutAClassifierOneIsTrainedOnTheLabelledDataAndCached()
    {
        var folder = Path.Combine(s_root.Path, "own");
        Directory.CreateDirectory(folder);
        var model = Path.Combine(folder, "model.zip");
        File.Copy(s_model, model);
        var run = CliHarness.Ok("evaluate", "--model", model, "--data", s_images, "--per-class", "2");
        var cached = Path.Combine(folder, "classifier-data.zip");
        Assert.Contains($"cached at {cached}", run.Output);
        Assert.Contains("classifier accuracy on real test images", run.Output);
        Assert.IsTrue(File.Exists(cached));
        var again = CliHarness.Ok("evaluate", "--model", model, "--data", s_images, "--per-class", "2");
        Assert.DoesNotContain("training a classifier", again.Output, "the cached classifier is used");
    }

    [TestMethod]
    public void ClassifierFolderMeansTheDefaultFileNameInIt()
    {
        var folder = Path.Combine(s_root.Path, "judges");
        Directory.CreateDirectory(folder);
        File.Copy(s_classifier, Path.Combine(folder, "classifier-data.zip"));
        var run = CliHarness.Ok("evaluate", "--model", s_model, "--data", s_images, "--classifier", folder, "--per-class", "2");
        Assert.Contains("total", run.Output);
        Assert.DoesNotContain("training", run.Output, "the classifier in the folder is used");
    }

    [TestMethod]
    public void ClassifierOfAnotherImageSizeIsBadInput()
    {
        var path = Path.Combine(s_root.Path, "four.zip");
        using (var classifier = TrainClassifier(4, ["left", "right"]))
        {
            classifier.Save(path);
        }

        CliBadInputTests.AssertBadInput(["evaluate", "--model", s_model, "--data", s_images, "--classifier", path, "--per-class", "2"], "1x8x8", "1x4x4");
    }

    [TestMethod]
    public void ClassifierFileThatIsNotAClassifierIsBadInput() =>
        CliBadInputTests.AssertBadInput(["evaluate", "--model", s_model, "--data", s_images, "--classifier", s_model, "--per-class", "2"], "--classifier", "model.zip", "not a readable classifier file");

    [TestMethod]
    public void PerClassOfZeroIsBadInput() =>
        CliBadInputTests.AssertBadInput(["evaluate", "--model", s_model, "--per-class", "0"], "--per-class");
}
