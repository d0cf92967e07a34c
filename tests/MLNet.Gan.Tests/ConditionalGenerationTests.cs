using MLNet.Gan.Data;
using MLNet.Gan.Training;

namespace MLNet.Gan.Tests;

[TestClass]
public sealed class ConditionalGenerationTests
{
    private static GanTransformer? s_model;
    private static GanContext s_ctx = null!;

    [ClassInitialize]
    public static void TrainOnce(TestContext _)
    {
        s_ctx = new GanContext(3);
        var options = ToyData.TinyOptions();
        options.MaxSteps = 400;
        options.Width = 16;
        options.GeneratorLearningRate = 1e-3;
        options.DiscriminatorLearningRate = 1e-3;
        s_model = s_ctx.Gan.Trainers.ConditionalGan(options).Fit(ToyData.Quadrants(s_ctx, rows: 512));
    }

    [ClassCleanup]
    public static void Cleanup() => s_model?.Dispose();

    [TestMethod]
    public void GeneratedSamplesBelongToTheRequestedClass()
    {
        var model = s_model!;
        var correct = 0;
        var total = 0;
        for (var label = 0; label < ToyData.Classes; label++)
        {
            using var scope = Torch.Torch.NewScope();
            var images = model.GenerateTensor(50, Enumerable.Repeat(label, 50).ToArray(), seed: 100 + label);
            var pixels = images.ToArray<float>();
            for (var i = 0; i < 50; i++)
            {
                correct += ToyData.ClassifyQuadrant(pixels.AsSpan(i * 64, 64)) == label ? 1 : 0;
                total++;
            }
        }

        var accuracy = correct / (double)total;
        Console.WriteLine($"conditional accuracy on the quadrant toy set: {accuracy:P1}");
        Assert.IsGreaterThanOrEqualTo(0.9, accuracy, $"only {accuracy:P1} of samples landed in the requested quadrant");
    }

    [TestMethod]
    public void TransformAppendsOneGeneratedImagePerRowForItsLabel()
    {
        var model = s_model!;
        var data = ToyData.Quadrants(s_ctx, rows: 40, seed: 9);
        var output = model.Transform(data);
        var column = output.Schema["GeneratedImage"];
        Assert.AreEqual(new VectorDataViewType(NumberDataViewType.Single, 1, 8, 8), column.Type);
        var labels = output.GetColumn<uint>("Label").ToList();
        var images = output.GetColumn<VBuffer<float>>("GeneratedImage").ToList();
        Assert.HasCount(40, images);
        var agree = labels.Zip(images).Count(p => ToyData.ClassifyQuadrant(p.Second.GetValues()) == p.First - 1);
        Assert.IsGreaterThanOrEqualTo(36, agree, $"{agree}/40 rows got an image of their own label");

        // Lazy and reproducible: a second pass gives the same values.
        var again = output.GetColumn<VBuffer<float>>("GeneratedImage").ToList();
        for (var i = 0; i < images.Count; i++)
        {
            CollectionAssert.AreEqual(images[i].GetValues().ToArray(), again[i].GetValues().ToArray());
        }
    }

    [TestMethod]
    public void GenerateRejectsLabelsOutsideTheClasses()
    {
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => s_model!.Generate(2, label: 4));
        StringAssert.Contains(e.Message, "0..3");
        Assert.ThrowsExactly<ArgumentException>(() => s_model!.ResolveLabel("Sneaker"));
        Assert.AreEqual(2, s_model!.ResolveLabel("2"));
    }

    [TestMethod]
    public void InterpolationStartsAndEndsAtTheSeedsImages()
    {
        var model = s_model!;
        var walk = model.Interpolate(seedA: 5, seedB: 6, steps: 5, label: 1);
        Assert.HasCount(5, walk);
        var first = model.Generate(1, label: 1, seed: 5)[0];
        var last = model.Generate(1, label: 1, seed: 6)[0];
        CollectionAssert.AreEqual(first.Pixels, walk[0].Pixels);
        CollectionAssert.AreEqual(last.Pixels, walk[^1].Pixels);
        CollectionAssert.AreNotEqual(walk[0].Pixels, walk[2].Pixels);
    }

    [TestMethod]
    public void AppendSyntheticRowsAddsKRowsPerClassWithTheSameSchema()
    {
        var model = s_model!;
        var data = ToyData.Quadrants(s_ctx, rows: 12, seed: 4);
        var augmented = model.AppendSyntheticRows(data, rowsPerClass: 5, seed: 1);
        Assert.AreEqual(data.Schema.Describe(), augmented.Schema.Describe());
        Assert.AreEqual(12L + 20, augmented.GetRowCount());
        var rows = s_ctx.Data.CreateEnumerable<ToyData.QuadrantRow>(augmented).ToList();
        Assert.HasCount(32, rows);
        var synthetic = rows.Skip(12).ToList();
        for (var c = 0; c < ToyData.Classes; c++)
        {
            Assert.AreEqual(5, synthetic.Count(r => r.Label == c + 1), $"class {c}");
        }

        var agree = synthetic.Count(r => ToyData.ClassifyQuadrant(r.Image) == r.Label - 1);
        Assert.IsGreaterThanOrEqualTo(18, agree, $"{agree}/20 synthetic rows look like their label");
    }
}
