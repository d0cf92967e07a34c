// The evaluation classifier learns Fashion-MNIST from a small subset, survives a save/load round trip, and
// ConditionalSampleAccuracy counts exactly the generated images the classifier assigns to the requested class.
using System.IO.Compression;
using Microsoft.ML;
using MLNet.Gan.Data;
using MLNet.Gan.Evaluation;
using TorchSharp;
using static TorchSharp.torch;

namespace MLNet.Gan.Tests.Gan;

[TestClass]
public sealed class ClassifierTests
{
    private static ImageClassifier s_classifier = null!;
    private static Tensor s_testImages = null!;
    private static Tensor s_testLabels = null!;

    [ClassInitialize]
    public static void TrainOnSubset(TestContext _)
    {
        Runtime.TorchRuntime.EnsureLoaded();
        var (trainImages, trainLabels) = FashionMnistClassifier.Read(FashionMnistSplit.Train);
        using (trainImages)
        using (trainLabels)
        using (var images = trainImages.narrow(0, 0, 3000))
        using (var labels = trainLabels.narrow(0, 0, 3000))
        {
            s_classifier = ImageClassifier.Train(images, labels, FashionMnist.ClassNames, new ImageClassifier.Options { Epochs = 3, Seed = 5 });
        }

        var (testImages, testLabels) = FashionMnistClassifier.Read(FashionMnistSplit.Test);
        s_testImages = testImages.narrow(0, 0, 2000).contiguous().DetachFromDisposeScope();
        s_testLabels = testLabels.narrow(0, 0, 2000).contiguous().DetachFromDisposeScope();
        testImages.Dispose();
        testLabels.Dispose();
    }

    [ClassCleanup]
    public static void Cleanup()
    {
        s_classifier?.Dispose();
        s_testImages?.Dispose();
        s_testLabels?.Dispose();
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
        using var folder = new TempFolder();
        var path = folder.File("classifier.zip");
        s_classifier.Save(path);
        CollectionAssert.AreEqual(new[] { "classifier.zip" }, folder.FileNames(), "no temporary file left behind");
        using var loaded = ImageClassifier.Load(path);
        CollectionAssert.AreEqual(FashionMnist.ClassNames.ToArray(), loaded.ClassNames.ToArray());
        Assert.AreEqual(s_classifier.Shape, loaded.Shape);
        using var a = s_classifier.Predict(s_testImages);
        using var b = loaded.Predict(s_testImages);
        CollectionAssert.AreEqual(a.data<long>().ToArray(), b.data<long>().ToArray());
    }

    [TestMethod]
    public void AccuracyOfAGeneratorThatReturnsRealImagesOfTheClass()
    {
        var labels = s_testLabels.data<long>().ToArray();
        using var predictedTensor = s_classifier.Predict(s_testImages);
        var predicted = predictedTensor.data<long>().ToArray();
        const int perClass = 20;

        // The stand-in generator hands back the first perClass test images of the requested class.
        Tensor Generate(int count, int label, int seed)
        {
            var rows = Enumerable.Range(0, labels.Length).Where(i => labels[i] == label).Take(count).Select(i => (long)i).ToArray();
            return s_testImages.index_select(0, tensor(rows));
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
        var labels = s_testLabels.data<long>().ToArray();
        var trousers = Enumerable.Range(0, labels.Length).Where(i => labels[i] == 1).Take(20).Select(i => (long)i).ToArray();
        var result = ConditionalSampleAccuracy.Evaluate(
            (count, label, seed) => s_testImages.index_select(0, tensor(trousers)), s_classifier, FashionMnist.ClassNames, 20);
        Assert.IsGreaterThan(0.6, result.PerClass[1].Accuracy, "trousers are trousers");
        Assert.IsLessThan(0.25, result.Overall, $"always drawing trousers should score near 1/10, got {result.Overall:P1}");
    }

    [TestMethod]
    public void AModelOfAnotherShapeOrClassCountIsRefused()
    {
        var ml = new MLContext(seed: 1);
        var options = ToyData.TinyOptions();
        options.MaxSteps = 1;
        using var model = ml.Gan().Trainers.ConditionalGan(options).Fit(ToyData.Quadrants(ml));
        var e = Assert.ThrowsExactly<ArgumentException>(() => ConditionalSampleAccuracy.Evaluate(model, s_classifier, perClass: 2));
        StringAssert.Contains(e.Message, "1x8x8");
        StringAssert.Contains(e.Message, "1x28x28");
    }

    [TestMethod]
    public void WrongImageShapeIsRejectedWithBothShapes()
    {
        using var wrong = zeros(new long[] { 2, 1, 32, 32 });
        var e = Assert.ThrowsExactly<ArgumentException>(() => s_classifier.Predict(wrong));
        Assert.Contains("(N, 1, 28, 28)", e.Message);
        Assert.Contains("[2, 1, 32, 32]", e.Message);
    }

    [TestMethod]
    public void NonClassifierFilesAreRejectedNamingTheFile()
    {
        using var folder = new TempFolder();
        var text = folder.File("other.zip");
        File.WriteAllText(text, "not a zip");
        var e = Assert.ThrowsExactly<InvalidDataException>(() => ImageClassifier.Load(text));
        Assert.Contains(text, e.Message);
        Assert.Contains("not an image classifier file", e.Message);

        var otherKind = folder.File("kind.zip");
        using (var zip = ZipFile.Open(otherKind, ZipArchiveMode.Create))
        using (var writer = new StreamWriter(zip.CreateEntry("classifier.json").Open()))
        {
            writer.Write("{\"Kind\":\"something else\",\"Channels\":1,\"Height\":28,\"Width\":28,\"ClassNames\":[\"a\",\"b\"]}");
        }

        e = Assert.ThrowsExactly<InvalidDataException>(() => ImageClassifier.Load(otherKind));
        Assert.Contains("kind 'something else'", e.Message);
    }
}
