// The evaluation classifier learns Fashion-MNIST from a small subset, survives a save/load round trip, and
// ConditionalSampleAccuracy counts exactly the generated images the classifier assigns to the requested class.
using MLNet.Gan.Data;
using MLNet.Gan.Evaluation;
using MLNet.Gan.Torch;

namespace MLNet.Gan.Tests;

using Torch = MLNet.Gan.Torch.Torch;

[TestClass]
public sealed class ClassifierTests
{
    private static ImageClassifier s_classifier = null!;
    private static Tensor s_testImages = null!;
    private static Tensor s_testLabels = null!;

    [ClassInitialize]
    public static void TrainOnSubset(TestContext _)
    {
        var (trainImages, trainLabels) = FashionMnistClassifier.Read(FashionMnistSplit.Train);
        using (trainImages)
        using (trainLabels)
        using (var images = trainImages.Slice(0, 0, 3000))
        using (var labels = trainLabels.Slice(0, 0, 3000))
        {
            s_classifier = ImageClassifier.Train(images, labels, FashionMnist.ClassNames, new ImageClassifier.Options { Epochs = 3, Seed = 5 });
        }

        var (testImages, testLabels) = FashionMnistClassifier.Read(FashionMnistSplit.Test);
        s_testImages = testImages.Slice(0, 0, 2000).Contiguous();
        s_testLabels = testLabels.Slice(0, 0, 2000).Contiguous();
        testImages.Dispose();
        testLabels.Dispose();
    }

    [ClassCleanup]
    public static void Cleanup()
    {
        s_classifier.Dispose();
        s_testImages.Dispose();
        s_testLabels.Dispose();
    }

    [TestMethod]
    public void BeatsChanceClearlyOnHeldOutRealImages()
    {
        var accuracy = s_classifier.Accuracy(s_testImages, s_testLabels);
        Assert.IsGreaterThan(0.6, accuracy, $"accuracy {accuracy:P1} on 2000 test images (chance is 10%)");
    }

    [TestMethod]
    public void SaveAndLoadGiveIdenticalPredictions()
    {
        var path = Path.Combine(Path.GetTempPath(), $"classifier-{Guid.NewGuid():N}.safetensors");
        s_classifier.Save(path);
        using var loaded = ImageClassifier.Load(path);
        CollectionAssert.AreEqual(FashionMnist.ClassNames.ToArray(), loaded.ClassNames.ToArray());
        Assert.AreEqual(s_classifier.Shape, loaded.Shape);
        using var a = s_classifier.Predict(s_testImages);
        using var b = loaded.Predict(s_testImages);
        CollectionAssert.AreEqual(a.ToArray<long>(), b.ToArray<long>());
        File.Delete(path);
    }

    [TestMethod]
    public void AccuracyOfAGeneratorThatReturnsRealImagesOfTheClass()
    {
        var labels = s_testLabels.ToArray<long>();
        var predicted = s_classifier.Predict(s_testImages).ToArray<long>();
        const int perClass = 20;
        using var keep = Torch.NewScope();

        // The fake generator hands back the first perClass test images of the requested class.
        Tensor Generate(int count, int label, int seed)
        {
            var rows = Enumerable.Range(0, labels.Length).Where(i => labels[i] == label).Take(count).Select(i => (long)i).ToArray();
            return s_testImages.IndexSelect(0, Tensor.From(rows, rows.Length));
        }

        var result = ConditionalSampleAccuracy.Evaluate(Generate, s_classifier, FashionMnist.ClassNames, perClass);
        Assert.HasCount(10, result.PerClass);
        var totalCorrect = 0;
        for (var c = 0; c < 10; c++)
        {
            var rows = Enumerable.Range(0, labels.Length).Where(i => labels[i] == c).Take(perClass);
            var expected = rows.Count(i => predicted[i] == c);
            totalCorrect += expected;
            Assert.AreEqual(expected, result.PerClass[c].Correct, $"class {c}");
            Assert.AreEqual(perClass, result.PerClass[c].Samples);
            Assert.AreEqual(expected / (double)perClass, result.PerClass[c].Accuracy, 1e-12);
            Assert.AreEqual(FashionMnist.ClassNames[c], result.PerClass[c].ClassName);
        }

        Assert.AreEqual(totalCorrect / (10.0 * perClass), result.Overall, 1e-12);
        Assert.IsGreaterThan(0.6, result.Overall, "real images of the class are mostly recognised");
        Assert.Contains("Ankle boot", result.ToTable());
    }

    [TestMethod]
    public void GeneratorThatIgnoresTheLabelScoresLow()
    {
        var labels = s_testLabels.ToArray<long>();
        using var keep = Torch.NewScope();
        var trousers = Enumerable.Range(0, labels.Length).Where(i => labels[i] == 1).Take(20).Select(i => (long)i).ToArray();
        var result = ConditionalSampleAccuracy.Evaluate(
            (count, label, seed) => s_testImages.IndexSelect(0, Tensor.From(trousers, trousers.Length)), s_classifier, FashionMnist.ClassNames, 20);
        Assert.IsGreaterThan(0.6, result.PerClass[1].Accuracy, "trousers are trousers");
        Assert.IsLessThan(0.25, result.Overall, $"always drawing trousers should score near 1/10, got {result.Overall:P1}");
    }

    [TestMethod]
    public void WrongImageShapeIsRejectedWithBothShapes()
    {
        using var wrong = Torch.Zeros(new long[] { 2, 1, 32, 32 });
        var e = Assert.ThrowsExactly<ArgumentException>(() => s_classifier.Predict(wrong));
        Assert.Contains("(N, 1, 28, 28)", e.Message);
        Assert.Contains("[2, 1, 32, 32]", e.Message);
    }

    [TestMethod]
    public void NonClassifierFileIsRejected()
    {
        var path = Path.Combine(Path.GetTempPath(), $"other-{Guid.NewGuid():N}.safetensors");
        using (var t = Torch.Zeros(new long[] { 2 }))
        {
            Safetensors.Save(path, new Dictionary<string, Tensor> { ["w"] = t });
        }

        var e = Assert.ThrowsExactly<InvalidDataException>(() => ImageClassifier.Load(path));
        Assert.Contains("not an image classifier file", e.Message);
        File.Delete(path);
    }
}
