// A conditional GAN trained once on the quadrant toy set: samples land in the requested class, through Generate,
// Transform (one image per row, for its label), Interpolate and AppendSyntheticRows; and the seed column, whose rows
// with the same seed and label get the same image wherever they fall in the batches.
using Microsoft.ML;
using Microsoft.ML.Data;
using static TorchSharp.torch;

namespace MLNet.Gan.Tests.Gan;

[TestClass]
public sealed class ConditionalGenerationTests
{
    private static GanTransformer? s_model;
    private static MLContext s_ml = null!;

    [ClassInitialize]
    public static void TrainOnce(TestContext _)
    {
        s_ml = new MLContext(seed: 3);
        var options = ToyData.TinyOptions();
        options.MaxSteps = 400;
        options.Width = 16;
        options.GeneratorLearningRate = 1e-3;
        options.DiscriminatorLearningRate = 1e-3;
        s_model = s_ml.Gan().Trainers.ConditionalGan(options).Fit(ToyData.Quadrants(s_ml, rows: 512));
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
            using var scope = NewDisposeScope();
            var images = model.GenerateTensor(50, Enumerable.Repeat(label, 50).ToArray(), seed: 100 + label);
            var pixels = images.data<float>().ToArray();
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
        var data = ToyData.Quadrants(s_ml, rows: 40, seed: 9);
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
        // A batch of 5 and a batch of 1 may round differently in the last float bit: allow one grey level.
        static int Largest(MLImage a, MLImage b) => a.Pixels.ToArray().Zip(b.Pixels.ToArray(), (x, y) => Math.Abs(x - y)).Max();
        Assert.IsLessThanOrEqualTo(1, Largest(first, walk[0]), "the walk starts at seed A's image");
        Assert.IsLessThanOrEqualTo(1, Largest(last, walk[^1]), "the walk ends at seed B's image");
        CollectionAssert.AreNotEqual(walk[0].Pixels.ToArray(), walk[2].Pixels.ToArray());
    }

    [TestMethod]
    public void AppendSyntheticRowsAddsKRowsPerClassWithTheSameSchema()
    {
        var model = s_model!;
        var data = ToyData.Quadrants(s_ml, rows: 12, seed: 4);
        var augmented = model.AppendSyntheticRows(data, rowsPerClass: 5, seed: 1);
        CollectionAssert.AreEqual(data.Schema.Select(c => (c.Name, c.Type)).ToList(), augmented.Schema.Select(c => (c.Name, c.Type)).ToList());
        Assert.AreEqual(12L + 20, augmented.GetRowCount());
        var rows = s_ml.Data.CreateEnumerable<ToyData.QuadrantRow>(augmented, reuseRowObject: false).ToList();
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

[TestClass]
public sealed class SeedColumnTests
{
    [TestMethod]
    public void SameSeedAndLabelGiveTheSameImageInAnyBatchAndAsADirectCall()
    {
        var ml = new MLContext(seed: 2);
        var options = ToyData.TinyOptions();
        options.SeedColumnName = "Seed";
        using var model = ml.Gan().Trainers.ConditionalGan(options).Fit(ToyData.Quadrants(ml));

        // 150 rows span three generation batches; rows i and i + 70 ask for the same (label, seed).
        var requests = Enumerable.Range(0, 150).Select(i => new SeededRequest { Label = (uint)(i % 70 % 4), Seed = 1000 + i % 70 }).ToList();
        var output = model.Transform(ml.Data.LoadFromEnumerable(requests));
        var images = output.GetColumn<VBuffer<float>>("GeneratedImage").Select(v => v.GetValues().ToArray()).ToList();
        Assert.HasCount(150, images);
        // Rows in different batches go through matrix products of other sizes, so equality is up to float rounding.
        for (var i = 0; i < 80; i++)
        {
            AssertClose(images[i], images[i + 70], $"rows {i} and {i + 70}");
        }

        Assert.IsGreaterThan(0.01f, images[0].Zip(images[4], (a, b) => Math.Abs(a - b)).Max(), "same label, other seed");
        var row5Class = (int)requests[5].Label;
        using var expected = model.GenerateTensor(1, new[] { row5Class }, seed: requests[5].Seed);
        AssertClose(expected.data<float>().ToArray(), images[5], "row 5 vs a direct call");
    }

    private static void AssertClose(float[] expected, float[] actual, string what)
    {
        Assert.HasCount(expected.Length, actual, what);
        var worst = expected.Zip(actual, (a, b) => Math.Abs(a - b)).Max();
        Assert.IsLessThan(1e-5f, worst, $"{what}: largest difference {worst}");
    }

    [TestMethod]
    public void SeedColumnOfTheWrongTypeIsRejected()
    {
        var ml = new MLContext(seed: 2);
        var options = ToyData.TinyOptions();
        options.SeedColumnName = "Label";
        options.MaxSteps = 2;
        using var model = ml.Gan().Trainers.ConditionalGan(options).Fit(ToyData.Quadrants(ml));
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => model.GetOutputSchema(ToyData.Quadrants(ml).Schema));
        StringAssert.Contains(e.Message, "seed column 'Label'");
        StringAssert.Contains(e.Message, "Int32 or Int64");
    }
}
