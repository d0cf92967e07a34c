// Colorizer training controls: progress reports, cancellation, checkpoint files, and the L1-only baseline.
using Microsoft.ML;
using MLNet.Gan.Colorization;
using MLNet.Gan.Training;

namespace MLNet.Gan.Tests.Colorization;

[TestClass]
public sealed class ColorizerTrainingTests
{
    [TestMethod]
    public void ProgressReportsEpochsAndCancellationReturnsTheModelSoFar()
    {
        var ml = new MLContext(seed: 1);
        using var folder = new TempFolder();
        ColorizerFixtures.WriteShapes(folder.Path);
        using var cancel = new CancellationTokenSource();
        var reports = new List<GanProgress>();
        var options = ColorizerFixtures.Tiny(steps: 50);
        options.CancellationToken = cancel.Token;
        options.Progress = new Sink(p =>
        {
            reports.Add(p);
            if (p.EpochCompleted)
            {
                cancel.Cancel();
            }
        });

        using var model = ml.Gan().Colorizers.Colorizer(options).Fit(ColorizerFixtures.LoadColorAndGray(ml, folder.Path));
        Assert.IsTrue(model.History!.Cancelled);
        Assert.AreEqual(3, model.History.Steps, "24 images in batches of 8: the first epoch ends at step 3, where the token was cancelled");
        var last = reports[^1];
        Assert.IsTrue(last.EpochCompleted);
        Assert.AreEqual(3, last.Step);
        Assert.AreEqual(50, last.TotalSteps);
        Assert.IsTrue(last.DiscriminatorLoss > 0 && last.GeneratorLoss > 0);
        Assert.HasCount(3, model.History.GeneratorLoss);
    }

    [TestMethod]
    public void CheckpointsAreLoadableModelFilesOfTheStepsDone()
    {
        var ml = new MLContext(seed: 1);
        using var folder = new TempFolder();
        ColorizerFixtures.WriteShapes(Path.Combine(folder.Path, "data"), count: 16);
        var options = ColorizerFixtures.Tiny(steps: 3);
        options.CheckpointDirectory = Path.Combine(folder.Path, "checkpoints");
        options.CheckpointInterval = 2;
        using var model = ml.Gan().Colorizers.Colorizer(options).Fit(ColorizerFixtures.LoadColorAndGray(ml, Path.Combine(folder.Path, "data")));
        using var checkpoint = ColorizerTransformer.Load(ml, Path.Combine(options.CheckpointDirectory, "checkpoint.zip"));
        Assert.AreEqual(3, checkpoint.Info.Steps, "the last checkpoint is written when training ends");
        using var input = ColorizerFixtures.RandomImage(32, 32, 9, gray: true);
        using var a = model.Colorize(input);
        using var b = checkpoint.Colorize(input);
        CollectionAssert.AreEqual(a.Pixels.ToArray(), b.Pixels.ToArray());
    }

    [TestMethod]
    public void L1OnlyTrainsWithoutADiscriminator()
    {
        var ml = new MLContext(seed: 1);
        using var folder = new TempFolder();
        ColorizerFixtures.WriteShapes(folder.Path, count: 16);
        var options = ColorizerFixtures.Tiny(steps: 4);
        options.L1Only = true;
        using var model = ml.Gan().Colorizers.Colorizer(options).Fit(ColorizerFixtures.LoadColorAndGray(ml, folder.Path));
        Assert.IsTrue(model.Info.L1Only);
        Assert.IsNull(model.Info.Loss);
        CollectionAssert.AreEqual(new float[4], model.History!.DiscriminatorLoss.ToArray(), "no PatchGAN, no discriminator loss");
        Assert.IsTrue(model.History.GeneratorLoss.All(l => l > 0), "the L1 loss is reported as the generator loss");
    }

    private sealed class Sink(Action<GanProgress> report) : IProgress<GanProgress>
    {
        public void Report(GanProgress value) => report(value);
    }
}
