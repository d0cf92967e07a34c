// The evaluation pipeline with a tiny classifier of 8x8 left/right images: generated images get the real sample's
// labels, accuracy and the histograms count what the classifier sees; weights from safetensors load or are refused by name.
using System.IO.Compression;
using MLNet.Gan.Evaluation;
using MLNet.Gan.Networks;
using MLNet.Gan.Tests.Cli;
using static TorchSharp.torch;

namespace MLNet.Gan.Tests.Evaluation;

[TestClass]
public sealed class SampleQualityTests
{
    private static ImageClassifier s_classifier = null!;

    [ClassInitialize]
    public static void TrainClassifier(TestContext _) => s_classifier = CliEvaluateTests.TrainClassifier(8, ["left", "right"]);

    [ClassCleanup]
    public static void Cleanup() => s_classifier?.Dispose();

    // 20 images (20, 1, 8, 8): class 0 bright on the left, class 1 on the right, with a little noise; labels 0 x 12, 1 x 8.
    private static (Tensor Images, Tensor Labels) Real()
    {
        random.manual_seed(11);
        var left = (arange(8) < 4).to_type(ScalarType.Float32).reshape(1, 1, 1, 8).expand(12, 1, 8, 8);
        var right = 1 - left.narrow(0, 0, 8);
        var images = (cat([left, right], 0) * 2 - 1 + (0.05 * randn(20, 1, 8, 8))).clamp(-1, 1);
        return (images, cat([zeros(12, ScalarType.Int64), ones(8, ScalarType.Int64)], 0));
    }

    private static Tensor Draw(IReadOnlyList<int> labels)
    {
        var side = (arange(8) < 4).to_type(ScalarType.Float32).reshape(1, 1, 1, 8);
        return cat(labels.Select(l => (l == 0 ? side : 1 - side) * 2 - 1 + (0.05 * randn(1, 1, 8, 8))).ToList(), 0).clamp(-1, 1);
    }

    [TestMethod]
    public void AFaithfulConditionalGeneratorGetsTheRealClassMixAndFullAccuracy()
    {
        using var scope = NewDisposeScope();
        var (images, labels) = Real();
        var requested = new List<int>();
        var m = SampleQuality.Evaluate((count, l, seed) =>
        {
            requested.AddRange(l!);
            return Draw(l!);
        }, conditional: true, images, labels, s_classifier, new SampleQualityOptions { Count = 16, BatchSize = 5, KidSubsets = 5 });

        Assert.AreEqual(16, m.N);
        Assert.HasCount(16, requested);
        Assert.AreEqual(1.0, m.Accuracy);
        CollectionAssert.AreEqual(new[] { requested.Count(l => l == 0), requested.Count(l => l == 1) }, m.GeneratedHistogram.ToArray());
        Assert.AreEqual(16, m.RealHistogram.Sum());
        CollectionAssert.AreEqual(m.RealHistogram.ToArray(), m.GeneratedHistogram.ToArray(), "same labels, and the classifier is right on both sides");
        Assert.HasCount(2, m.PerClassFd);
        Assert.IsTrue(m.PerClassFd.All(c => c.Fd is not null && c.RealCount == c.GeneratedCount), string.Join("; ", m.PerClassFd));
    }

    [TestMethod]
    public void AGeneratorThatIgnoresItsLabelDropsAModeInTheHistogram()
    {
        using var scope = NewDisposeScope();
        var (images, labels) = Real();
        var m = SampleQuality.Evaluate((count, _, _) => Draw(new int[count]), conditional: true, images, labels, s_classifier,
            new SampleQualityOptions { Count = 16, KidSubsets = 5 });
        Assert.AreEqual(0, m.GeneratedHistogram[1], "no generated image looks like class 1");
        Assert.AreEqual(m.GeneratedHistogram[0] / 16.0 - (m.RealHistogram[1] / 16.0), m.Accuracy!.Value, 0.2);
        Assert.IsLessThan(1.0, m.Accuracy!.Value);
        StringAssert.Contains(m.ToTable(), "right");
    }

    [TestMethod]
    public void SafetensorsWeightsLoadWithTheSameFeaturesAndWrongShapesAreNamed()
    {
        using var folder = new TempFolder();
        var zip = folder.File("classifier.zip");
        s_classifier.Save(zip);
        var weights = folder.File("weights.safetensors");
        using (var archive = ZipFile.OpenRead(zip))
        {
            archive.GetEntry("classifier.safetensors")!.ExtractToFile(weights);
        }

        using var scope = NewDisposeScope();
        var (images, _) = Real();
        using (var loaded = ImageClassifier.FromSafetensors(weights, new ImageShape(1, 8, 8)))
        {
            CollectionAssert.AreEqual(new[] { "0", "1" }, loaded.ClassNames.ToArray(), "class count read from 8.weight");
            Assert.IsTrue(loaded.Features(images).allclose(s_classifier.Features(images)));
            Assert.AreEqual(ImageClassifier.FeatureSize, loaded.Features(images).shape[1]);
        }

        var e = Assert.ThrowsExactly<InvalidDataException>(() => ImageClassifier.FromSafetensors(weights, new ImageShape(3, 8, 8)));
        Assert.Contains("'0.weight' has shape [32, 1, 5, 5], expected [32, 3, 5, 5]", e.Message);
        Assert.Contains(weights, e.Message);
    }
}
