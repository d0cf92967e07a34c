// `mlnet-gan evaluate` with a tiny classifier of the tiny data (a Fashion-MNIST one would take minutes to train):
// the per-class table, evaluation.json beside the model, agreement with the library's own scoring, and mismatches.
using System.Text.Json;
using Microsoft.ML;
using MLNet.Gan.Evaluation;
using static TorchSharp.torch;

namespace MLNet.Gan.Tests.Cli;

[TestClass]
public sealed class CliEvaluateTests
{
    private static TempFolder s_root = null!;
    private static string s_model = null!;
    private static string s_classifier = null!;

    [ClassInitialize]
    public static void TrainModelAndClassifier(TestContext _)
    {
        s_root = new TempFolder();
        var images = CliHarness.WriteImageFolder(s_root.Path, perClass: 8);
        CliHarness.Ok("train", "--data", images, "--image-size", "8", "--steps", "2", "--batch-size", "8", "--device", "cpu", "--out", Path.Combine(s_root.Path, "cgan"));
        s_model = Path.Combine(s_root.Path, "cgan", "model.zip");
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
        var run = CliHarness.Ok("evaluate", "--model", s_model, "--classifier", s_classifier, "--per-class", "4", "--seed", "2");
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
    }

    [TestMethod]
    public void ClassifierFolderMeansTheDefaultFileNameInIt()
    {
        var folder = Path.Combine(s_root.Path, "judges");
        Directory.CreateDirectory(folder);
        File.Copy(s_classifier, Path.Combine(folder, FashionMnistClassifier.DefaultFileName));
        var run = CliHarness.Ok("evaluate", "--model", s_model, "--classifier", folder, "--per-class", "2");
        Assert.Contains("total", run.Output);
        Assert.DoesNotContain("training the Fashion-MNIST classifier", run.Output, "the cached classifier is used");
    }

    [TestMethod]
    public void ClassifierOfAnotherImageSizeIsBadInput()
    {
        var path = Path.Combine(s_root.Path, "four.zip");
        using (var classifier = TrainClassifier(4, ["left", "right"]))
        {
            classifier.Save(path);
        }

        CliBadInputTests.AssertBadInput(["evaluate", "--model", s_model, "--classifier", path, "--per-class", "2"], "1x8x8", "1x4x4");
    }

    [TestMethod]
    public void ClassifierFileThatIsNotAClassifierIsBadInput() =>
        CliBadInputTests.AssertBadInput(["evaluate", "--model", s_model, "--classifier", s_model, "--per-class", "2"], "--classifier", "model.zip", "not a readable classifier file");

    [TestMethod]
    public void PerClassOfZeroIsBadInput() =>
        CliBadInputTests.AssertBadInput(["evaluate", "--model", s_model, "--per-class", "0"], "--per-class");
}
