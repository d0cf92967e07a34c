using MLNet.Gan.Data;
using MLNet.Gan.Networks;
using MLNet.Gan.Training;

namespace MLNet.Gan.Tests;

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
        var ctx = new GanContext(1);
        var options = ToyData.TinyOptions(conditional);
        options.Loss = loss;
        using var model = new GanTrainer(options, ctx).Fit(ToyData.Quadrants(ctx));
        Assert.AreEqual(conditional, model.IsConditional);
        Assert.AreEqual(loss, model.Info.Loss);
        var h = model.History!;
        Assert.AreEqual(20L, h.Steps);
        Assert.HasCount(20, h.GeneratorLoss);
        Assert.IsTrue(h.GeneratorLoss.Concat(h.DiscriminatorLoss).All(float.IsFinite), $"non-finite loss with {loss}");
        Assert.AreNotEqual(h.DiscriminatorLoss[0], h.DiscriminatorLoss[^1], "the discriminator loss never changed");
        Assert.AreNotEqual(h.GeneratorLoss[0], h.GeneratorLoss[^1], "the generator loss never changed");
    }

    [TestMethod]
    public void OnePassIsTheEpochLimitOnlyWhenNoOtherLimitIsSet()
    {
        var ctx = new GanContext(1);
        var data = ToyData.Quadrants(ctx); // 256 rows, 8 batches of 32 per epoch

        var nothingSet = ToyData.TinyOptions();
        nothingSet.MaxSteps = null;
        using (var model = new GanTrainer(nothingSet, ctx).Fit(data))
        {
            Assert.AreEqual(8L, model.History!.Steps);
            Assert.AreEqual(1, model.History.Epochs);
        }

        var stepsOnly = ToyData.TinyOptions(); // MaxSteps = 20, Epochs unset
        using (var model = new GanTrainer(stepsOnly, ctx).Fit(data))
        {
            Assert.AreEqual(20L, model.History!.Steps);
            Assert.AreEqual(2, model.History.Epochs);
        }

        var timeOnly = ToyData.TinyOptions();
        timeOnly.MaxSteps = null;
        timeOnly.TimeBudget = TimeSpan.FromSeconds(0.5);
        using (var model = new GanTrainer(timeOnly, ctx).Fit(data))
        {
            Assert.IsGreaterThan(1, model.History!.Epochs, "a time budget alone is not cut short by a one-pass epoch limit");
            Assert.IsGreaterThanOrEqualTo(0.5, model.History.Elapsed.TotalSeconds);
        }

        var both = ToyData.TinyOptions();
        both.Epochs = 1;
        using (var model = new GanTrainer(both, ctx).Fit(data))
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
        var ctx = new GanContext(1);
        var options = ToyData.TinyOptions();
        change(options);
        using var model = new GanTrainer(options, ctx).Fit(ToyData.Quadrants(ctx));
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
        var shape = new ImageShape(channels, size, size);
        using var g = new DcganGenerator(shape, latentSize: 8, numClasses: 3, width: 4);
        using var d = new DcganDiscriminator(shape, numClasses: 3, width: 4);
        using var scope = Torch.Torch.NewScope();
        var z = Torch.Torch.Randn(new long[] { 2, 8 });
        var y = Torch.Tensor.From(new long[] { 0, 2 }, 2);
        var images = g.Forward(z, y);
        CollectionAssert.AreEqual(shape.BatchShape(2), images.Shape);
        Assert.IsLessThanOrEqualTo(1.0, images.Abs().Max().ToDouble(), "tanh output");
        CollectionAssert.AreEqual(new long[] { 2 }, d.Forward(images, y).Shape);
    }

    [TestMethod]
    public void CustomNetworksAreUsedAndCheckedUpFront()
    {
        var ctx = new GanContext(1);
        var options = ToyData.TinyOptions(conditional: false);
        var built = 0;
        options.Generator = c => { built++; return new MlpGenerator(c.Shape, c.LatentSize, 0, 4); };
        options.Discriminator = c => new MlpDiscriminator(c.Shape, 0, 4);
        using (var model = ctx.Gan.Trainers.Gan(options).Fit(ToyData.Quadrants(ctx)))
        {
            Assert.IsGreaterThanOrEqualTo(1, built);
            Assert.HasCount(3, model.Generate(3));
        }

        var wrong = ToyData.TinyOptions(conditional: false);
        wrong.Generator = c => new MlpGenerator(new ImageShape(1, 4, 4), c.LatentSize, 0, 4);
        var e = Assert.ThrowsExactly<ArgumentException>(() => ctx.Gan.Trainers.Gan(wrong).Fit(ToyData.Quadrants(ctx)));
        StringAssert.Contains(e.Message, "[2, 1, 8, 8]");
        StringAssert.Contains(e.Message, "[2, 1, 4, 4]");
    }
}
