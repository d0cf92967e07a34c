using MLNet.Gan.Data;
using MLNet.Gan.Training;

namespace MLNet.Gan.Tests;

[TestClass]
public sealed class GanModelLifecycleTests
{
    private static string TempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "mlnet-gan-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    [TestMethod]
    public void SaveAndLoadGiveIdenticalImagesForTheSameSeeds()
    {
        var ctx = new GanContext(1);
        var data = ToyData.Quadrants(ctx);
        var dir = TempDir();
        var path = Path.Combine(dir, "model.zip");
        using var model = ctx.Gan.Trainers.ConditionalGan(ToyData.TinyOptions()).Fit(data);
        ctx.Model.Save(model, data.Schema, path);
        Assert.IsTrue(File.Exists(path));
        Assert.IsEmpty(Directory.GetFiles(dir, "*.tmp"), "no temporary file left behind");

        var loaded = (GanTransformer)ctx.Model.Load(path, out var schema);
        Assert.AreEqual(data.Schema.Describe(), schema.Describe());
        Assert.IsNull(loaded.History);
        CollectionAssert.AreEqual(model.ClassNames.ToArray(), loaded.ClassNames.ToArray());
        for (var label = 0; label < ToyData.Classes; label++)
        {
            var a = model.Generate(3, label, seed: 42);
            var b = loaded.Generate(3, label, seed: 42);
            for (var i = 0; i < 3; i++)
            {
                CollectionAssert.AreEqual(a[i].Pixels, b[i].Pixels, $"label {label}, image {i}");
            }
        }

        var before = model.Transform(data).GetColumn<VBuffer<float>>("GeneratedImage").Take(8).ToList();
        var after = loaded.Transform(data).GetColumn<VBuffer<float>>("GeneratedImage").Take(8).ToList();
        for (var i = 0; i < before.Count; i++)
        {
            CollectionAssert.AreEqual(before[i].GetValues().ToArray(), after[i].GetValues().ToArray());
        }

        loaded.Dispose();
        Directory.Delete(dir, true);
    }

    [TestMethod]
    public void ResumingFromACheckpointContinuesBitForBit()
    {
        var ctx = new GanContext(1);
        var data = ToyData.Quadrants(ctx);
        var dir = TempDir();

        var straight = ToyData.TinyOptions();
        straight.MaxSteps = 24;
        using var full = ctx.Gan.Trainers.ConditionalGan(straight).Fit(data);

        var firstHalf = ToyData.TinyOptions();
        firstHalf.MaxSteps = 12;
        firstHalf.CheckpointDirectory = dir;
        firstHalf.CheckpointInterval = 12;
        using (ctx.Gan.Trainers.ConditionalGan(firstHalf).Fit(data))
        {
        }

        var secondHalf = ToyData.TinyOptions();
        secondHalf.MaxSteps = 24;
        secondHalf.ResumeFrom = Path.Combine(dir, "checkpoint.safetensors");
        using var resumed = ctx.Gan.Trainers.ConditionalGan(secondHalf).Fit(data);

        Assert.AreEqual(24L, resumed.History!.Steps);
        Assert.HasCount(12, resumed.History.GeneratorLoss, "the resumed run did only the remaining steps");
        CollectionAssert.AreEqual(full.History!.GeneratorLoss.Skip(12).ToList(), resumed.History.GeneratorLoss);
        var expected = full.Generator.StateDict();
        foreach (var (name, tensor) in resumed.Generator.StateDict())
        {
            Assert.IsTrue(tensor.Equal(expected[name]), $"weight {name} differs after resume");
        }

        Directory.Delete(dir, true);
    }

    [TestMethod]
    public void SampleDirectoryGetsAGridPerEpochAFinalGridAndALossCurve()
    {
        var ctx = new GanContext(1);
        var dir = TempDir();
        var options = ToyData.TinyOptions();
        options.MaxSteps = null;
        options.Epochs = 2;
        options.SampleDirectory = dir;
        using var model = ctx.Gan.Trainers.ConditionalGan(options).Fit(ToyData.Quadrants(ctx));
        var names = Directory.GetFiles(dir).Select(Path.GetFileName).Order().ToList();
        CollectionAssert.AreEqual(new[] { "loss_curve.png", "samples_epoch_001.png", "samples_epoch_002.png", "samples_final.png" }, names);
        CollectionAssert.AreEqual(names.Where(n => n!.StartsWith("samples", StringComparison.Ordinal)).ToList(),
            model.History!.SampleFiles.Select(Path.GetFileName).ToList());
        Assert.AreEqual(Path.Combine(dir, "loss_curve.png"), model.History.LossCurveFile);
        var grid = MLImage.CreateFromFile(Path.Combine(dir, "samples_final.png"));
        var tiles = MLImage.CreateFromFile(Path.Combine(dir, "samples_epoch_001.png"));
        Assert.AreEqual(grid.Width, tiles.Width);
        Assert.IsGreaterThan(10 * 8, grid.Width, "ten 8-px samples per row plus the label column");
        Assert.IsGreaterThan(4 * 8, grid.Height, "one row per class");
        Directory.Delete(dir, true);
    }

    [TestMethod]
    public void CancellationStopsTrainingAndKeepsAUsableModel()
    {
        var ctx = new GanContext(1);
        using var cts = new CancellationTokenSource();
        var options = ToyData.TinyOptions();
        options.MaxSteps = 100_000;
        options.CancellationToken = cts.Token;
        options.Progress = new CancelAfter(cts, steps: 15);
        using var model = ctx.Gan.Trainers.ConditionalGan(options).Fit(ToyData.Quadrants(ctx));
        Assert.IsTrue(model.History!.Cancelled);
        Assert.IsLessThan(100_000L, model.History.Steps);
        Assert.IsGreaterThanOrEqualTo(15L, model.History.Steps);
        var images = model.Generate(4, label: 2, seed: 3);
        Assert.HasCount(4, images);
        Assert.AreEqual(8, images[0].Width);
    }

    [TestMethod]
    public void UnconditionalAppendSyntheticRowsAddsThatManyGeneratedRowsInTotal()
    {
        var ctx = new GanContext(1);
        var options = ToyData.TinyOptions(conditional: false);
        options.MaxSteps = 5;
        using var model = ctx.Gan.Trainers.Gan(options).Fit(ToyData.Quadrants(ctx));
        var data = ToyData.Quadrants(ctx, rows: 12, seed: 4);
        var augmented = model.AppendSyntheticRows(data, rowsPerClass: 7, seed: 1);
        Assert.AreEqual(data.Schema.Describe(), augmented.Schema.Describe());
        Assert.AreEqual(12L + 7, augmented.GetRowCount(), "no classes: rowsPerClass rows in total");

        var original = ctx.Data.CreateEnumerable<ToyData.QuadrantRow>(data).ToList();
        var rows = ctx.Data.CreateEnumerable<ToyData.QuadrantRow>(augmented).ToList();
        Assert.HasCount(19, rows);
        for (var i = 0; i < 12; i++)
        {
            CollectionAssert.AreEqual(original[i].Image, rows[i].Image, $"input row {i} is kept as it was");
            Assert.AreEqual(original[i].Label, rows[i].Label);
        }

        var synthetic = rows.Skip(12).ToList();
        Assert.IsTrue(synthetic.All(r => r.Label == 0), "a plain GAN fills the image column only: the label is the missing key");
        using var scope = Torch.Torch.NewScope();
        var expected = model.GenerateTensor(7, null, seed: 1).ToArray<float>();
        for (var i = 0; i < 7; i++)
        {
            CollectionAssert.AreEqual(expected.AsSpan(i * 64, 64).ToArray(), synthetic[i].Image, $"synthetic row {i} is the generator's sample {i} for seed 1");
        }

        Assert.AreEqual(7, synthetic.Select(r => string.Join(',', r.Image)).Distinct().Count(), "every synthetic row is a different sample");
        var again = ctx.Data.CreateEnumerable<ToyData.QuadrantRow>(model.AppendSyntheticRows(data, 7, seed: 1)).Skip(12).ToList();
        var other = ctx.Data.CreateEnumerable<ToyData.QuadrantRow>(model.AppendSyntheticRows(data, 7, seed: 2)).Skip(12).ToList();
        CollectionAssert.AreEqual(synthetic[3].Image, again[3].Image, "the same seed gives the same rows");
        CollectionAssert.AreNotEqual(synthetic[3].Image, other[3].Image, "another seed gives other rows");
    }

    private sealed class CancelAfter(CancellationTokenSource cts, int steps) : IProgress<GanProgress>
    {
        public void Report(GanProgress value)
        {
            if (value.Step >= steps)
            {
                cts.Cancel();
            }
        }
    }
}
