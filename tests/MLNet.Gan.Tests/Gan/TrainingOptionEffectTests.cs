// Each trainer option shows where it is cheap to see: in the networks built, in the first losses for the same seed,
// in the batches a step consumes, or in the weights the model generates with.
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Gan.Networks;
using MLNet.Gan.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MLNet.Gan.Tests.Gan;

[TestClass]
public sealed class TrainingOptionEffectTests
{
    private static GanTrainer.Options Tiny(Action<GanTrainer.Options>? change, bool conditional = true)
    {
        var o = ToyData.TinyOptions(conditional);
        change?.Invoke(o);
        return o;
    }

    private static TrainingRig Rig(Action<GanTrainer.Options>? change = null, bool conditional = true) =>
        new(ToyData.Quadrants(new MLContext(seed: 1)), Tiny(change, conditional));

    private static GanTransformer Fit(GanTrainer.Options o)
    {
        var ml = new MLContext(seed: 1);
        return new GanTrainer(ml, o).Fit(ToyData.Quadrants(ml));
    }

    /// <summary>The discriminator loss of the first step of a one-step run through Fit.</summary>
    private static float FirstDiscriminatorLoss(Action<GanTrainer.Options>? change)
    {
        using var model = Fit(Tiny(o =>
        {
            change?.Invoke(o);
            o.MaxSteps = 1;
        }));
        return model.History!.DiscriminatorLoss[0];
    }

    /// <summary>The first fully connected layer's weight shape: (out features, in features).</summary>
    private static long[] FirstLinear(nn.Module m) => m.modules().OfType<MixedLinear>().First().weight!.shape;

    [TestMethod]
    public void SpectralNormWrapsTheDiscriminatorsLayersOnly()
    {
        using (var plain = Rig())
        {
            Assert.IsEmpty(plain.Session.Discriminator.modules().OfType<SpectrallyNormalized>().ToList());
        }

        using var rig = Rig(o => o.SpectralNorm = true);
        var wrapped = rig.Session.Discriminator.modules().OfType<SpectrallyNormalized>().ToList();
        Assert.HasCount(3, wrapped, "the MLP discriminator's three linear layers");
        Assert.IsTrue(wrapped.All(w => w is SpectralLinear));
        Assert.IsEmpty(rig.Session.Discriminator.modules().OfType<MixedLinear>().ToList(), "no plain linear layer is left in D");
        Assert.IsEmpty(rig.Session.Generator.modules().OfType<SpectrallyNormalized>().ToList(), "the generator is left alone");
        var names = rig.Session.Discriminator.state_dict().Keys.ToList();
        CollectionAssert.Contains(names, "body.0.weight_orig", "PyTorch's spectral_norm names");
        CollectionAssert.Contains(names, "body.0.weight_u");
        CollectionAssert.Contains(names, "body.0.weight_v");
    }

    [TestMethod]
    public void WidthScalesBothNetworks()
    {
        using var narrow = Rig(o => o.Width = 8);
        using var wide = Rig(o => o.Width = 16);
        Assert.AreEqual(8 * 8L, FirstLinear(narrow.Session.Generator)[0], "MLP hidden units are 8 x Width");
        Assert.AreEqual(16 * 8L, FirstLinear(wide.Session.Generator)[0]);
        Assert.AreEqual(16 * 16L, FirstLinear(wide.Session.Discriminator)[0], "D's first layer has 16 x Width units");
        Assert.IsGreaterThan(2 * TrainingRig.ParameterCount(narrow.Session.Generator), TrainingRig.ParameterCount(wide.Session.Generator));
        Assert.IsGreaterThan(2 * TrainingRig.ParameterCount(narrow.Session.Discriminator), TrainingRig.ParameterCount(wide.Session.Discriminator));
    }

    [TestMethod]
    public void LatentSizeIsTheGeneratorsInput()
    {
        using var model = Fit(Tiny(o => { o.LatentSize = 24; o.MaxSteps = 2; }, conditional: false));
        Assert.AreEqual(24, model.LatentSize);
        Assert.AreEqual(24L, FirstLinear(model.Generator)[1], "unconditional: G's first layer takes z alone");
        using (var scope = NewDisposeScope())
        {
            CollectionAssert.AreEqual(new long[] { 3, 1, 8, 8 }, model.GenerateTensor(3, null, seed: 1).shape);
        }

        using var other = Rig(o => o.LatentSize = 5, conditional: false);
        Assert.AreEqual(5L, FirstLinear(other.Session.Generator)[1]);
    }

    [TestMethod]
    public void TheSameSeedGivesTheSameFirstLoss() =>
        Assert.AreEqual(FirstDiscriminatorLoss(null), FirstDiscriminatorLoss(null), "runs must be repeatable for the comparisons below to mean anything");

    [TestMethod]
    [DataRow(GanLoss.NonSaturating, true)]
    [DataRow(GanLoss.LeastSquares, true)]
    [DataRow(GanLoss.Hinge, false)]
    public void LabelSmoothingChangesTheDiscriminatorLossOfTheLossesItAppliesTo(GanLoss loss, bool applies)
    {
        var plain = FirstDiscriminatorLoss(o => o.Loss = loss);
        var smoothed = FirstDiscriminatorLoss(o => { o.Loss = loss; o.LabelSmoothing = 0.2; });
        if (applies)
        {
            Assert.AreNotEqual(plain, smoothed, $"label smoothing had no effect on {loss}");
        }
        else
        {
            Assert.AreEqual(plain, smoothed, $"label smoothing is documented to apply to the BCE and least-squares losses, not {loss}");
        }
    }

    [TestMethod]
    public void InstanceNoiseChangesTheFirstDiscriminatorLoss() =>
        Assert.AreNotEqual(FirstDiscriminatorLoss(null), FirstDiscriminatorLoss(o => o.InstanceNoise = 0.5));

    [TestMethod]
    public void GradientPenaltyWeightScalesThePenaltyInTheCriticLoss()
    {
        // Same seed: same batch, z and interpolates, so L(w) = critic loss + w * penalty, linear in w.
        float Loss(double w) => FirstDiscriminatorLoss(o => { o.Loss = GanLoss.WassersteinGp; o.GradientPenaltyWeight = w; });
        var none = Loss(0);
        var one = Loss(1);
        var ten = Loss(10);
        var penalty = one - none;
        Assert.IsGreaterThan(1e-3, Math.Abs(penalty), $"the penalty term should not be ~0 at initialisation (L0 {none}, L1 {one})");
        Assert.AreEqual(10 * penalty, ten - none, (1e-3 * Math.Abs(10 * penalty)) + 1e-5, $"L0 {none}, L1 {one}, L10 {ten}");
    }

    [TestMethod]
    public void DiscriminatorStepsConsumeKBatchesPerGeneratorStep()
    {
        using (var one = Rig())
        {
            one.Step();
            Assert.AreEqual(1L, one.Session.Sampler.Cursor);
        }

        using (var three = Rig(o => o.DiscriminatorSteps = 3))
        {
            three.Step();
            Assert.AreEqual(3L, three.Session.Sampler.Cursor, "k = 3 real batches for one generator step");
            three.Step();
            Assert.AreEqual(6L, three.Session.Sampler.Cursor);
        }

        // One epoch of 256 rows in batches of 32 is 8 batches: 4 generator steps with k = 2.
        using var model = Fit(Tiny(o => { o.DiscriminatorSteps = 2; o.MaxSteps = null; o.Epochs = 1; }));
        Assert.AreEqual(4L, model.History!.Steps);
        Assert.AreEqual(1, model.History.Epochs);
    }

    [TestMethod]
    public void EmaDecayZeroGeneratesWithTheRawGeneratorWeights()
    {
        static void Short(GanTrainer.Options o) => o.MaxSteps = 6;
        Dictionary<string, float[]> raw;
        using (var rig = Rig(o => { Short(o); o.EmaDecay = 0; }))
        {
            Assert.IsNull(rig.Session.Average);
            Assert.AreSame(rig.Session.Generator, rig.Session.GenerationNetwork);
            rig.Run();
            raw = TrainingRig.Weights(rig.Session.Generator);
        }

        using (var model = Fit(Tiny(o => { Short(o); o.EmaDecay = 0; })))
        {
            Assert.IsFalse(model.Info.UsesMovingAverage);
            Assert.IsTrue(TrainingRig.SameWeights(raw, TrainingRig.Weights(model.Generator)), "EmaDecay = 0: the model is the trained G itself");
        }

        using var averaged = Fit(Tiny(Short));
        Assert.IsTrue(averaged.Info.UsesMovingAverage);
        Assert.IsFalse(TrainingRig.SameWeights(raw, TrainingRig.Weights(averaged.Generator)), "the default generates with the moving average");
    }

    [TestMethod]
    public void TheMovingAverageBlendsEachStepsWeightsWithItsWarmUpDecay()
    {
        using var rig = Rig(o => o.EmaDecay = 0.99);
        var average = rig.Session.Average!;
        var live0 = TrainingRig.Weights(rig.Session.Generator);
        TrainingRig.AssertSameWeights(live0, TrainingRig.Weights(average.Average), "the average starts as G");
        for (var step = 0; step < 3; step++)
        {
            var before = TrainingRig.Weights(average.Average);
            rig.Step();
            var live = TrainingRig.Weights(rig.Session.Generator);
            var after = TrainingRig.Weights(average.Average);
            var d = Math.Min(0.99, (1.0 + step) / (10.0 + step)); // warm-up: 0.1, 0.18, 0.25
            foreach (var (name, values) in after)
            {
                var expected = before[name].Zip(live[name], (a, l) => (float)((d * a) + ((1 - d) * l))).ToArray();
                Assert.IsLessThan(1e-5f, TrainingRig.MaxDifference(expected, values), $"step {step}: {name}");
            }
        }

        Assert.IsFalse(TrainingRig.SameWeights(TrainingRig.Weights(rig.Session.Generator), TrainingRig.Weights(average.Average)));
        Assert.IsFalse(average.Average.training, "the average generates in eval mode");
        Assert.IsTrue(average.Average.parameters().All(p => !p.requires_grad), "the average is never trained directly");
    }

    [TestMethod]
    public void EachNetworkHasItsOwnLearningRate()
    {
        // D steps before G within a step, so after one step G's rate cannot have touched D.
        static (Dictionary<string, float[]> G, Dictionary<string, float[]> D) OneStep(Action<GanTrainer.Options>? change)
        {
            using var rig = Rig(change);
            rig.Step();
            return (TrainingRig.Weights(rig.Session.Generator), TrainingRig.Weights(rig.Session.Discriminator));
        }

        var baseline = OneStep(null);
        var fasterG = OneStep(o => o.GeneratorLearningRate = 2e-3);
        Assert.IsTrue(TrainingRig.SameWeights(baseline.D, fasterG.D), "the generator's rate changed D");
        Assert.IsFalse(TrainingRig.SameWeights(baseline.G, fasterG.G), "the generator's rate did not reach G");
        var fasterD = OneStep(o => o.DiscriminatorLearningRate = 2e-3);
        Assert.IsFalse(TrainingRig.SameWeights(baseline.D, fasterD.D), "the discriminator's rate did not reach D");
    }

    [TestMethod]
    public void EachNetworkHasItsOwnAdamBetas()
    {
        // Adam's first update does not depend on the betas (bias correction), so compare after three steps.
        static (Dictionary<string, float[]> G, Dictionary<string, float[]> FirstD, Dictionary<string, float[]> D) ThreeSteps(Action<GanTrainer.Options>? change)
        {
            using var rig = Rig(change);
            rig.Step();
            var d1 = TrainingRig.Weights(rig.Session.Discriminator);
            rig.Step();
            rig.Step();
            return (TrainingRig.Weights(rig.Session.Generator), d1, TrainingRig.Weights(rig.Session.Discriminator));
        }

        var baseline = ThreeSteps(null);
        Assert.IsTrue(TrainingRig.SameWeights(baseline.D, ThreeSteps(null).D), "three steps are repeatable");
        var generatorBetas = ThreeSteps(o => { o.GeneratorBeta1 = 0.0; o.GeneratorBeta2 = 0.9; });
        Assert.IsTrue(TrainingRig.SameWeights(baseline.FirstD, generatorBetas.FirstD), "G's betas changed D's first step");
        Assert.IsFalse(TrainingRig.SameWeights(baseline.G, generatorBetas.G), "G's betas had no effect");
        var discriminatorBetas = ThreeSteps(o => { o.DiscriminatorBeta1 = 0.0; o.DiscriminatorBeta2 = 0.9; });
        Assert.IsFalse(TrainingRig.SameWeights(baseline.D, discriminatorBetas.D), "D's betas had no effect");
    }

    [TestMethod]
    public void VectorImageShapeSetsTheShapeOfAFlatColumn()
    {
        var ml = new MLContext(seed: 1);
        var random = new Random(2);
        var data = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 64).Select(i => new FlatRow { Image = ToyData.QuadrantImage(i % 4, random) }).ToList());
        GanTrainer.Options Flat(ImageShape? shape) => Tiny(o => { o.MaxSteps = 2; o.BatchSize = 16; o.VectorImageShape = shape; }, conditional: false);
        using (var square = new GanTrainer(ml, Flat(null)).Fit(data))
        {
            Assert.AreEqual(new ImageShape(1, 8, 8), square.ImageShape, "64 values read as a square gray image by default");
            Assert.AreEqual(new VectorDataViewType(NumberDataViewType.Single, 64), square.OutputType, "generated vectors keep the column's dimensions");
        }

        using (var wide = new GanTrainer(ml, Flat(new ImageShape(1, 4, 16))).Fit(data))
        {
            Assert.AreEqual(new ImageShape(1, 4, 16), wide.ImageShape);
            Assert.AreEqual(GanArchitecture.Mlp, wide.Info.Architecture, "not square: MLP");
            using var scope = NewDisposeScope();
            CollectionAssert.AreEqual(new long[] { 2, 1, 4, 16 }, wide.GenerateTensor(2, null, seed: 3).shape);
        }

        var e = Assert.ThrowsExactly<ArgumentException>(() => new GanTrainer(ml, Flat(new ImageShape(1, 4, 4))).Fit(data));
        StringAssert.Contains(e.Message, "VectorImageShape 1x4x4 has 16 values");
        StringAssert.Contains(e.Message, "'Image' has [64]");
    }

    [TestMethod]
    public void ArchitectureOverridesTheAutomaticChoice()
    {
        using (var rig = new TrainingRig(DcganTrainingTests.Images(new MLContext(seed: 1), 28, 1), Tiny(o => { o.Architecture = GanArchitecture.Mlp; o.BatchSize = 8; })))
        {
            Assert.IsInstanceOfType<MlpGenerator>(rig.Session.Generator, "28 px would be DCGAN under Auto");
            Assert.IsInstanceOfType<MlpDiscriminator>(rig.Session.Discriminator);
        }

        var e = Assert.ThrowsExactly<ArgumentException>(() => Fit(Tiny(o => o.Architecture = GanArchitecture.Dcgan)));
        StringAssert.Contains(e.Message, "28, 32 or 64");
        StringAssert.Contains(e.Message, "8x8");
    }

    public sealed class FlatRow
    {
        [VectorType(64)]
        public float[] Image { get; set; } = Array.Empty<float>();
    }
}
