// A model's life: saved and loaded with identical images, resumed from a checkpoint bit for bit, sample grids per
// epoch, cancelled with a usable model, and unconditional data augmentation.
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Gan.Generation;
using MLNet.Gan;
using MLNet.Gan.IO;
using MLNet.Gan.Training;
using static TorchSharp.torch;

namespace MLNet.Gan.Tests.Gan;

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
        var ml = new MLContext(seed: 1);
        var data = ToyData.Quadrants(ml);
        var dir = TempDir();
        var path = Path.Combine(dir, "model.zip");
        using var model = ml.Gan().Trainers.ConditionalGan(ToyData.TinyOptions()).Fit(data);
        ml.Model.SaveWithGan(model, data.Schema, path);
        Assert.IsTrue(File.Exists(path));
        CollectionAssert.AreEqual(new[] { path }, Directory.GetFiles(dir), "no temporary file left behind");

        var loaded = (GanTransformer)ml.Model.LoadWithGan(path, out var schema);
        CollectionAssert.AreEqual(data.Schema.Select(c => (c.Name, c.Type)).ToList(), schema.Select(c => (c.Name, c.Type)).ToList(), "the input schema is kept");
        Assert.AreEqual(model.Info.Steps, loaded.Info.Steps);
        Assert.AreEqual(model.OutputType, loaded.OutputType);
        Assert.IsNull(loaded.History);
        CollectionAssert.AreEqual(model.ClassNames.ToArray(), loaded.ClassNames.ToArray());
        for (var label = 0; label < ToyData.Classes; label++)
        {
            var a = model.Generate(3, label, seed: 42);
            var b = loaded.Generate(3, label, seed: 42);
            for (var i = 0; i < 3; i++)
            {
                CollectionAssert.AreEqual(a[i].Pixels.ToArray(), b[i].Pixels.ToArray(), $"label {label}, image {i}");
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
    [DataRow(GanLoss.NonSaturating, 1, 0.0)]
    [DataRow(GanLoss.WassersteinGp, 2, 0.3)]
    [DataRow(GanLoss.Hinge, 1, 0.5)]
    public void ResumingFromACheckpointContinuesBitForBit(GanLoss loss, int discriminatorSteps, double instanceNoise)
    {
        var ml = new MLContext(seed: 1);
        var data = ToyData.Quadrants(ml);
        var dir = TempDir();
        GanTrainer.Options Options(long steps)
        {
            var o = ToyData.TinyOptions();
            o.Loss = loss;
            o.DiscriminatorSteps = discriminatorSteps;
            o.InstanceNoise = instanceNoise;
            o.MaxSteps = steps;
            return o;
        }

        // 32 steps straight, against 16 steps of the same 32-step run stopped by cancellation (instance noise anneals over
        // the run's budget, so the interrupted run must have the same budget) and resumed for the other 16.
        using var full = ml.Gan().Trainers.ConditionalGan(Options(32)).Fit(data);

        using var cts = new CancellationTokenSource();
        var firstHalf = Options(32);
        firstHalf.CheckpointDirectory = dir;
        firstHalf.CheckpointInterval = 5;
        firstHalf.CancellationToken = cts.Token;
        firstHalf.Progress = new CancelAfter(cts, steps: 16); // an epoch ends at step 16, so a report comes then
        using (var interrupted = ml.Gan().Trainers.ConditionalGan(firstHalf).Fit(data))
        {
            Assert.IsTrue(interrupted.History!.Cancelled);
            Assert.AreEqual(16L, interrupted.History.Steps);
        }

        var checkpoint = Path.Combine(dir, "checkpoint.zip");
        CollectionAssert.AreEqual(new[] { checkpoint }, Directory.GetFiles(dir), "one checkpoint, replaced in place, no temporary file");

        // A fresh trainer and context: everything needed to continue comes from the checkpoint.
        var otherContext = new MLContext(seed: 99);
        var secondHalf = Options(32);
        secondHalf.ResumeFrom = checkpoint;
        using var resumed = otherContext.Gan().Trainers.ConditionalGan(secondHalf).Fit(ToyData.Quadrants(otherContext));

        Assert.AreEqual(32L, resumed.History!.Steps);
        Assert.AreEqual(32L, resumed.Info.Steps);
        Assert.HasCount(16, resumed.History.GeneratorLoss, "the resumed run did only the remaining steps");
        CollectionAssert.AreEqual(full.History!.GeneratorLoss.Skip(16).ToList(), resumed.History.GeneratorLoss);
        CollectionAssert.AreEqual(full.History.DiscriminatorLoss.Skip(16).ToList(), resumed.History.DiscriminatorLoss);
        TrainingRig.AssertSameWeights(TrainingRig.State(full.Generator), TrainingRig.State(resumed.Generator), "generator (moving average)");
        Directory.Delete(dir, true);
    }

    [TestMethod]
    public void ResumingRestoresBothNetworksTheSamplerAndTheStep()
    {
        // 13 steps straight vs 7 + checkpoint + 6 in a fresh session: the raw G, D and the batch position all agree.
        var options = ToyData.TinyOptions();
        options.EmaDecay = 0;
        var dir = TempDir();
        var checkpoint = Path.Combine(dir, "checkpoint.zip");
        using var straight = new TrainingRig(ToyData.Quadrants(new MLContext(seed: 1)), options);
        for (var i = 0; i < 13; i++)
        {
            straight.Step();
        }

        using (var first = new TrainingRig(ToyData.Quadrants(new MLContext(seed: 1)), options))
        {
            for (var i = 0; i < 7; i++)
            {
                first.Step();
            }

            first.Session.SaveCheckpoint(checkpoint);
        }

        using var second = new TrainingRig(ToyData.Quadrants(new MLContext(seed: 1)), options);
        second.Session.LoadCheckpoint(checkpoint);
        Assert.AreEqual(7L, second.Session.Step);
        Assert.AreEqual(7L, second.Session.Sampler.Cursor);
        for (var i = 0; i < 6; i++)
        {
            second.Step();
        }

        Assert.AreEqual(straight.Session.Sampler.Epoch, second.Session.Sampler.Epoch);
        Assert.AreEqual(straight.Session.Sampler.Cursor, second.Session.Sampler.Cursor);
        TrainingRig.AssertSameWeights(TrainingRig.State(straight.Session.Generator), TrainingRig.State(second.Session.Generator), "generator");
        TrainingRig.AssertSameWeights(TrainingRig.State(straight.Session.Discriminator), TrainingRig.State(second.Session.Discriminator), "discriminator");
        Directory.Delete(dir, true);
    }

    [TestMethod]
    public void ACheckpointOfOtherOptionsOrAnotherFileIsRefusedWithThePath()
    {
        var dir = TempDir();
        var checkpoint = Path.Combine(dir, "checkpoint.zip");
        using (var rig = new TrainingRig(ToyData.Quadrants(new MLContext(seed: 1)), ToyData.TinyOptions()))
        {
            rig.Step();
            rig.Session.SaveCheckpoint(checkpoint);
        }

        var wider = ToyData.TinyOptions();
        wider.Width = 16;
        using (var rig = new TrainingRig(ToyData.Quadrants(new MLContext(seed: 1)), wider))
        {
            var e = Assert.ThrowsExactly<InvalidDataException>(() => rig.Session.LoadCheckpoint(checkpoint));
            StringAssert.Contains(e.Message, checkpoint);
            StringAssert.Contains(e.Message, "does not match these options");
        }

        var text = Path.Combine(dir, "notes.zip");
        File.WriteAllText(text, "not a zip");
        using (var rig = new TrainingRig(ToyData.Quadrants(new MLContext(seed: 1)), ToyData.TinyOptions()))
        {
            var e = Assert.ThrowsExactly<InvalidDataException>(() => rig.Session.LoadCheckpoint(text));
            StringAssert.Contains(e.Message, text);
            StringAssert.Contains(e.Message, "not an MLNet.Gan checkpoint");
        }

        Directory.Delete(dir, true);
    }

    [TestMethod]
    public void SampleDirectoryGetsAGridPerEpochAFinalGridAndALossCurve()
    {
        var ml = new MLContext(seed: 1);
        var dir = TempDir();
        var options = ToyData.TinyOptions();
        options.MaxSteps = null;
        options.Epochs = 2;
        options.SampleDirectory = dir;
        using var model = ml.Gan().Trainers.ConditionalGan(options).Fit(ToyData.Quadrants(ml));
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
        var ml = new MLContext(seed: 1);
        using var cts = new CancellationTokenSource();
        var options = ToyData.TinyOptions();
        options.MaxSteps = 100_000;
        options.CancellationToken = cts.Token;
        options.Progress = new CancelAfter(cts, steps: 15);
        using var model = ml.Gan().Trainers.ConditionalGan(options).Fit(ToyData.Quadrants(ml));
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
        var ml = new MLContext(seed: 1);
        var options = ToyData.TinyOptions(conditional: false);
        options.MaxSteps = 5;
        using var model = ml.Gan().Trainers.Gan(options).Fit(ToyData.Quadrants(ml));
        var data = ToyData.Quadrants(ml, rows: 12, seed: 4);
        var augmented = model.AppendSyntheticRows(data, rowsPerClass: 7, seed: 1);
        CollectionAssert.AreEqual(data.Schema.Select(c => (c.Name, c.Type)).ToList(), augmented.Schema.Select(c => (c.Name, c.Type)).ToList());
        Assert.AreEqual(12L + 7, augmented.GetRowCount(), "no classes: rowsPerClass rows in total");

        var original = ml.Data.CreateEnumerable<ToyData.QuadrantRow>(data, reuseRowObject: false).ToList();
        var rows = ml.Data.CreateEnumerable<ToyData.QuadrantRow>(augmented, reuseRowObject: false).ToList();
        Assert.HasCount(19, rows);
        for (var i = 0; i < 12; i++)
        {
            CollectionAssert.AreEqual(original[i].Image, rows[i].Image, $"input row {i} is kept as it was");
            Assert.AreEqual(original[i].Label, rows[i].Label);
        }

        var synthetic = rows.Skip(12).ToList();
        Assert.IsTrue(synthetic.All(r => r.Label == 0), "a plain GAN fills the image column only: the label is the missing key");
        // Synthetic row i of seed s is drawn from its own latent seed (s << 32) + i, so rows do not depend on batching.
        using var scope = NewDisposeScope();
        var seeds = Enumerable.Range(0, 7).Select(i => (1L << 32) + i).ToArray();
        var expected = model.Run(LatentSampler.SamplePerSeed(seeds, model.LatentSize), 7, null).data<float>().ToArray();
        for (var i = 0; i < 7; i++)
        {
            // Equal up to float rounding: libtorch's threads may sum in another order from one call to the next.
            var difference = TrainingRig.MaxDifference(expected.AsSpan(i * 64, 64), synthetic[i].Image);
            Assert.IsLessThan(1e-5f, difference, $"synthetic row {i} is the generator's sample for its seed");
        }

        Assert.AreEqual(7, synthetic.Select(r => string.Join(',', r.Image)).Distinct().Count(), "every synthetic row is a different sample");
        var again = ml.Data.CreateEnumerable<ToyData.QuadrantRow>(model.AppendSyntheticRows(data, 7, seed: 1), reuseRowObject: false).Skip(12).ToList();
        var other = ml.Data.CreateEnumerable<ToyData.QuadrantRow>(model.AppendSyntheticRows(data, 7, seed: 2), reuseRowObject: false).Skip(12).ToList();
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
