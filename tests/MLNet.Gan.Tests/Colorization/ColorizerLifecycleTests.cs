// A colorizer's life: training controls (progress, cancellation, checkpoints, the L1-only baseline) and model files,
// alone (Save / Load) and inside a fitted ML.NET chain (SaveWithGan / LoadWithGan), with outputs identical byte for byte.
using Microsoft.ML.Data;
using Microsoft.ML;
using MLNet.Gan.Colorization;
using MLNet.Gan.Training;

namespace MLNet.Gan.Tests.Colorization;

[TestClass]
public sealed class ColorizerLifecycleTests
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

    [TestMethod]
    public void MixedPrecisionTrainsInBFloat16AndTheModelColorizesInFloat32KeepingTheLuma()
    {
        var ml = new MLContext(seed: 1);
        using var folder = new TempFolder();
        ColorizerFixtures.WriteShapes(folder.Path, count: 16);
        var data = ColorizerFixtures.LoadColorAndGray(ml, folder.Path);
        var exact = ColorizerFixtures.Tiny(steps: 4);
        var mixed = ColorizerFixtures.Tiny(steps: 4);
        mixed.Precision = GanPrecision.BFloat16;
        using var fp32 = ml.Gan().Colorizers.Colorizer(exact).Fit(data);
        using var bf16 = ml.Gan().Colorizers.Colorizer(mixed).Fit(data);

        Assert.IsTrue(bf16.History!.GeneratorLoss.Concat(bf16.History.DiscriminatorLoss).All(float.IsFinite), "finite losses in bfloat16");
        CollectionAssert.AreNotEqual(fp32.History!.GeneratorLoss.ToArray(), bf16.History.GeneratorLoss.ToArray(),
            "same seed, same data: only the arithmetic differs, so the losses do");
        Assert.AreEqual(fp32.History.GeneratorLoss[0], bf16.History.GeneratorLoss[0], 0.05 * fp32.History.GeneratorLoss[0],
            "the first step's loss agrees within bfloat16's rounding");

        var layers = bf16.Generator.modules().OfType<MLNet.Gan.Networks.IMixedPrecisionLayer>().ToList();
        Assert.IsNotEmpty(layers);
        Assert.IsTrue(layers.All(l => l.ComputeType == TorchSharp.torch.ScalarType.Float32), "the fitted U-Net is back in float32");
        using var input = ColorizerFixtures.RandomImage(40, 24, 9, gray: true);
        using var colored = bf16.Colorize(input);
        Assert.IsLessThanOrEqualTo(0.5 + 1e-9, ColorizerFixtures.MaxLumaError(input, colored), "the luma is kept");
        using var again = bf16.Colorize(input);
        CollectionAssert.AreEqual(colored.Pixels.ToArray(), again.Pixels.ToArray(), "colorizing is deterministic (float32, eval mode)");
    }

    [TestMethod]
    public void SavedAndLoadedColorizerGivesTheSameBytes()
    {
        using var folder = new TempFolder();
        var model = ColorizerFixtures.Trained;
        var path = folder.File("colorizer.zip");
        model.Save(path);
        using var loaded = ColorizerTransformer.Load(new MLContext(seed: 9), path);
        Assert.IsNull(loaded.History);
        Assert.AreEqual(model.Info.Steps, loaded.Info.Steps);
        Assert.AreEqual("Gray", loaded.Info.InputColumnName);
        foreach (var (w, h, seed) in new[] { (32, 32, 1), (45, 17, 2), (128, 96, 3) })
        {
            using var input = ColorizerFixtures.RandomImage(w, h, seed, gray: true);
            using var before = model.Colorize(input);
            using var after = loaded.Colorize(input);
            CollectionAssert.AreEqual(before.Pixels.ToArray(), after.Pixels.ToArray(), $"{w}x{h}");
        }
    }

    [TestMethod]
    public void AChainOfLoadImagesGrayscaleAndColorizerRoundTripsThroughSaveWithGan()
    {
        var ml = new MLContext(seed: 1);
        using var folder = new TempFolder();
        var images = Path.Combine(folder.Path, "images");
        ColorizerFixtures.WriteShapes(images, count: 10, size: 40);
        var files = ml.Data.LoadFromEnumerable(Directory.GetFiles(images).Order(StringComparer.Ordinal)
            .Select(f => new ColorizerFixtures.PathRow { ImagePath = f }).ToList());
        var chain = ml.Transforms.LoadImages("Color", null, "ImagePath")
            .Append(ml.Transforms.ConvertToGrayscale("Gray", "Color"))
            .Append(ml.Gan().Colorizers.Colorizer(ColorizerFixtures.Tiny(steps: 2)))
            .Fit(files);
        var path = folder.File("chain.zip");
        ml.Model.SaveWithGan(chain, files.Schema, path);

        var loaded = ml.Model.LoadWithGan(path, out var schema);
        Assert.IsNotNull(schema.GetColumnOrNull("ImagePath"));
        var before = ColorizerFixtures.Column(chain.Transform(files), "Colorized");
        var after = ColorizerFixtures.Column(loaded.Transform(files), "Colorized");
        Assert.HasCount(10, after);
        for (var i = 0; i < before.Count; i++)
        {
            Assert.AreEqual((40, 40), (after[i].Width, after[i].Height));
            CollectionAssert.AreEqual(before[i].Pixels.ToArray(), after[i].Pixels.ToArray(), $"row {i}");
        }
    }

    [TestMethod]
    public void LoadingAGanFileAsAColorizerSaysWhatTheFileHolds()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Gan", "Fixtures", "dcgan32-rgb.zip");
        var e = Assert.ThrowsExactly<InvalidDataException>(() => ColorizerTransformer.Load(new MLContext(), path));
        StringAssert.Contains(e.Message, path);
        StringAssert.Contains(e.Message, "no single colorizer");
    }

    [TestMethod]
    public void MlNetsOwnSaveIsRefusedWithTheWayThatWorks()
    {
        var ml = new MLContext();
        using var stream = new MemoryStream();
        var schema = new DataViewSchema.Builder().ToSchema();
        var e = Assert.ThrowsExactly<NotSupportedException>(() => ml.Model.Save(ColorizerFixtures.Trained, schema, stream));
        StringAssert.Contains(e.Message, "SaveWithGan");
    }

    private sealed class Sink(Action<GanProgress> report) : IProgress<GanProgress>
    {
        public void Report(GanProgress value) => report(value);
    }
}
