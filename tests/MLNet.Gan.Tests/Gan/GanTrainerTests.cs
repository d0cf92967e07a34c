// The trainer end to end on tiny data: every loss with and without labels, the epoch/step/time limits, every option,
// the DCGAN networks at each supported size, and custom networks taken from the options.
using Microsoft.ML;
using MLNet.Gan.Networks;
using MLNet.Gan.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace MLNet.Gan.Tests.Gan;

[TestClass]
public sealed class GanTrainerTests
{
    [TestMethod]
    [DataRow(GanLoss.Minimax, true)]
    [DataRow(GanLoss.NonSaturating, true)]
    [DataRow(GanLoss.LeastSquares, true)]
    [DataRow(GanLoss.Hinge, true)]
    [DataRow(GanLoss.WassersteinGp, true)]
    [DataRow(GanLoss.Minimax, false)]
    [DataRow(GanLoss.NonSaturating, false)]
    [DataRow(GanLoss.LeastSquares, false)]
    [DataRow(GanLoss.Hinge, false)]
    [DataRow(GanLoss.WassersteinGp, false)]
    public void EveryLossTrainsWithFiniteLosses(GanLoss loss, bool conditional)
    {
        var ml = new MLContext(seed: 1);
        var options = ToyData.TinyOptions(conditional);
        options.Loss = loss;
        using var model = new GanTrainer(ml, options).Fit(ToyData.Quadrants(ml));
        Assert.AreEqual(conditional, model.IsConditional);
        Assert.AreEqual(loss, model.Info.Loss);
        var h = model.History!;
        Assert.AreEqual(20L, h.Steps);
        Assert.AreEqual(20L, model.Info.Steps);
        Assert.HasCount(20, h.GeneratorLoss);
        Assert.IsTrue(h.GeneratorLoss.Concat(h.DiscriminatorLoss).All(float.IsFinite), $"non-finite loss with {loss}");
        Assert.AreNotEqual(h.DiscriminatorLoss[0], h.DiscriminatorLoss[^1], "the discriminator loss never changed");
        Assert.AreNotEqual(h.GeneratorLoss[0], h.GeneratorLoss[^1], "the generator loss never changed");
    }

    [TestMethod]
    public void OnePassIsTheEpochLimitOnlyWhenNoOtherLimitIsSet()
    {
        var ml = new MLContext(seed: 1);
        var data = ToyData.Quadrants(ml); // 256 rows, 8 batches of 32 per epoch

        var nothingSet = ToyData.TinyOptions();
        nothingSet.MaxSteps = null;
        Assert.AreEqual(1, nothingSet.EpochLimit);
        using (var model = new GanTrainer(ml, nothingSet).Fit(data))
        {
            Assert.AreEqual(8L, model.History!.Steps);
            Assert.AreEqual(1, model.History.Epochs);
        }

        var stepsOnly = ToyData.TinyOptions(); // MaxSteps = 20, Epochs unset
        Assert.IsNull(stepsOnly.EpochLimit);
        using (var model = new GanTrainer(ml, stepsOnly).Fit(data))
        {
            Assert.AreEqual(20L, model.History!.Steps);
            Assert.AreEqual(2, model.History.Epochs);
        }

        var timeOnly = ToyData.TinyOptions();
        timeOnly.MaxSteps = null;
        timeOnly.TimeBudget = TimeSpan.FromSeconds(0.5);
        Assert.IsNull(timeOnly.EpochLimit, "a time budget alone is not cut short by a one-pass epoch limit");
        using (var model = new GanTrainer(ml, timeOnly).Fit(data))
        {
            Assert.IsGreaterThanOrEqualTo(0.5, model.History!.Elapsed.TotalSeconds, "the whole budget is used");
            Assert.AreEqual(model.History.Steps, (long)model.History.GeneratorLoss.Count);
        }

        var both = ToyData.TinyOptions();
        both.Epochs = 1;
        using (var model = new GanTrainer(ml, both).Fit(data))
        {
            Assert.AreEqual(8L, model.History!.Steps, "an explicit epoch limit still applies beside MaxSteps");
        }
    }

    public static IEnumerable<object[]> OptionVariants()
    {
        yield return new object[] { "k=3 discriminator steps", (Action<GanTrainer.Options>)(o => o.DiscriminatorSteps = 3) };
        yield return new object[] { "label smoothing", (Action<GanTrainer.Options>)(o => o.LabelSmoothing = 0.1) };
        yield return new object[] { "instance noise", (Action<GanTrainer.Options>)(o => o.InstanceNoise = 0.2) };
        yield return new object[] { "no moving average", (Action<GanTrainer.Options>)(o => o.EmaDecay = 0) };
        yield return new object[] { "spectral norm", (Action<GanTrainer.Options>)(o => o.SpectralNorm = true) };
        yield return new object[] { "separate rates and betas", (Action<GanTrainer.Options>)(o => { o.GeneratorLearningRate = 1e-3; o.DiscriminatorLearningRate = 1e-4; o.GeneratorBeta1 = 0.0; o.DiscriminatorBeta2 = 0.9; }) };
        yield return new object[] { "unconditional", (Action<GanTrainer.Options>)(o => o.LabelColumnName = null) };
        yield return new object[] { "width", (Action<GanTrainer.Options>)(o => o.Width = 3) };
        yield return new object[] { "latent size", (Action<GanTrainer.Options>)(o => o.LatentSize = 5) };
        yield return new object[] { "gradient penalty weight", (Action<GanTrainer.Options>)(o => { o.Loss = GanLoss.WassersteinGp; o.GradientPenaltyWeight = 1; }) };
        yield return new object[] { "MLP architecture", (Action<GanTrainer.Options>)(o => o.Architecture = GanArchitecture.Mlp) };
        yield return new object[] { "batch size", (Action<GanTrainer.Options>)(o => o.BatchSize = 10) };
        yield return new object[] { "time budget", (Action<GanTrainer.Options>)(o => { o.MaxSteps = null; o.TimeBudget = TimeSpan.FromSeconds(1); }) };
        yield return new object[] { "epochs", (Action<GanTrainer.Options>)(o => { o.MaxSteps = null; o.Epochs = 2; }) };
    }

    [TestMethod]
    [DynamicData(nameof(OptionVariants))]
    public void EveryOptionTrainsWithFiniteLosses(string name, Action<GanTrainer.Options> change)
    {
        var ml = new MLContext(seed: 1);
        var options = ToyData.TinyOptions();
        change(options);
        using var model = new GanTrainer(ml, options).Fit(ToyData.Quadrants(ml));
        var h = model.History!;
        Assert.IsGreaterThan(0L, h.Steps, name);
        Assert.IsTrue(h.GeneratorLoss.Concat(h.DiscriminatorLoss).All(float.IsFinite), $"non-finite loss with {name}");
        if (name == "epochs")
        {
            Assert.AreEqual(2 * (256 / 32), (int)h.Steps, "two epochs of 8 batches");
        }
    }

    [TestMethod]
    [DataRow(28, 1)]
    [DataRow(32, 3)]
    [DataRow(64, 1)]
    public void DcganBuildsForEachSupportedSize(int size, int channels)
    {
        Runtime.TorchRuntime.EnsureLoaded();
        var shape = new ImageShape(channels, size, size);
        using var g = new DcganGenerator(shape, latentSize: 8, numClasses: 3, width: 4);
        using var d = new DcganDiscriminator(shape, numClasses: 3, width: 4);
        using var scope = NewDisposeScope();
        var z = randn(new long[] { 2, 8 });
        var y = tensor(new long[] { 0, 2 });
        var images = g.forward(z, y);
        CollectionAssert.AreEqual(shape.BatchShape(2), images.shape);
        Assert.IsLessThanOrEqualTo(1.0, images.abs().max().item<float>(), "tanh output");
        CollectionAssert.AreEqual(new long[] { 2 }, d.forward(images, y).shape);
    }

    [TestMethod]
    public void CustomNetworksAreUsedAndCheckedUpFront()
    {
        var ml = new MLContext(seed: 1);
        var options = ToyData.TinyOptions(conditional: false);
        var built = 0;
        options.Generator = c => { built++; return new MlpGenerator(c.Shape, c.LatentSize, 0, 4); };
        options.Discriminator = c => new MlpDiscriminator(c.Shape, 0, 4);
        using (var model = ml.Gan().Trainers.Gan(options).Fit(ToyData.Quadrants(ml)))
        {
            Assert.IsGreaterThanOrEqualTo(1, built);
            Assert.IsInstanceOfType<MlpGenerator>(model.Generator);
            Assert.AreEqual(4 * 8L, model.Generator.named_parameters().First().parameter.shape[0], "the custom width (4) was built, not the options' (8)");
            Assert.HasCount(3, model.Generate(3));
        }

        var wrong = ToyData.TinyOptions(conditional: false);
        wrong.Generator = c => new MlpGenerator(new ImageShape(1, 4, 4), c.LatentSize, 0, 4);
        var e = Assert.ThrowsExactly<ArgumentException>(() => ml.Gan().Trainers.Gan(wrong).Fit(ToyData.Quadrants(ml)));
        StringAssert.Contains(e.Message, "[2, 1, 8, 8]");
        StringAssert.Contains(e.Message, "[2, 1, 4, 4]");
    }

    [TestMethod]
    public void CatalogOverloadsSetTheColumnsAndLimits()
    {
        var ml = new MLContext(seed: 1);
        var plain = ml.Gan().Trainers.Gan("Pixels", "Fake", TimeSpan.FromSeconds(3), epochs: 2, loss: GanLoss.Hinge).TrainerOptions;
        Assert.AreEqual("Pixels", plain.ImageColumnName);
        Assert.AreEqual("Fake", plain.OutputColumnName);
        Assert.AreEqual(TimeSpan.FromSeconds(3), plain.TimeBudget);
        Assert.AreEqual(2, plain.Epochs);
        Assert.AreEqual(GanLoss.Hinge, plain.Loss);
        Assert.IsNull(plain.LabelColumnName);

        var conditional = ml.Gan().Trainers.ConditionalGan("Class", "Pixels").TrainerOptions;
        Assert.AreEqual("Class", conditional.LabelColumnName);
        Assert.AreEqual("GeneratedImage", conditional.OutputColumnName);
        Assert.AreEqual("Label", ml.Gan().Trainers.ConditionalGan(new GanTrainer.Options()).TrainerOptions.LabelColumnName, "the options overload defaults the label");
        Assert.IsNull(ml.Gan().Trainers.Gan(new GanTrainer.Options { LabelColumnName = "Label" }).TrainerOptions.LabelColumnName, "a plain GAN ignores a label column");
    }
}
