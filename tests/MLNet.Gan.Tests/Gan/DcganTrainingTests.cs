// The DCGAN networks (the default for Fashion-MNIST-sized images) trained for a few real steps at every supported
// size, with each loss family that changes them (WGAN-GP drops batch norm, spectral norm wraps D's layers).
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Gan.Networks;
using MLNet.Gan.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MLNet.Gan.Tests.Gan;

[TestClass]
public sealed class DcganTrainingTests
{
    private const int Rows = 16;
    private const int Classes = 3;

    /// <summary>A banded image and its class; the image column's size is set per data set (<see cref="Images"/>).</summary>
    public sealed class BandedRow
    {
        [VectorType]
        public float[] Image { get; set; } = Array.Empty<float>();

        [KeyType(Classes)]
        public uint Label { get; set; }
    }

    /// <summary>Images in [-1, 1] whose class sets a bright horizontal band (one third of the rows), plus noise.</summary>
    private static float[] Banded(int label, ImageShape shape, Random random)
    {
        var pixels = new float[shape.Size];
        for (var i = 0; i < pixels.Length; i++)
        {
            var row = i / shape.Width % shape.Height;
            var inBand = row * Classes / shape.Height == label;
            pixels[i] = (inBand ? 0.7f : -0.7f) + ((float)(random.NextDouble() - 0.5) * 0.4f);
        }

        return pixels;
    }

    /// <summary>16 rows of banded images of 3 classes, as a float-vector column (C, H, W) and a key label.</summary>
    internal static IDataView Images(MLContext ml, int size, int channels)
    {
        var random = new Random(size + channels);
        var shape = new ImageShape(channels, size, size);
        var rows = Enumerable.Range(0, Rows)
            .Select(i => new BandedRow { Image = Banded(i % Classes, shape, random), Label = (uint)(i % Classes) })
            .ToList();
        var definition = SchemaDefinition.Create(typeof(BandedRow));
        definition["Image"].ColumnType = new VectorDataViewType(NumberDataViewType.Single, channels, size, size);
        return ml.Data.LoadFromEnumerable(rows, definition);
    }

    private static GanTrainer.Options Tiny(bool conditional, GanLoss loss = GanLoss.NonSaturating, bool spectralNorm = false) => new()
    {
        LabelColumnName = conditional ? "Label" : null,
        Width = 4,
        LatentSize = 8,
        BatchSize = 8,
        MaxSteps = 3,
        EmaDecay = 0,
        Loss = loss,
        SpectralNorm = spectralNorm,
        Seed = 5,
        Device = "cpu",
    };

    /// <summary>Trains 3 steps; checks the networks are DCGAN, the losses finite and every weight of G and D moved.</summary>
    private static void TrainAndCheck(int size, int channels, GanTrainer.Options options, Action<DcganDiscriminator> inspect)
    {
        using var rig = new TrainingRig(Images(new MLContext(seed: 1), size, channels), options);
        Assert.IsInstanceOfType<DcganGenerator>(rig.Session.Generator, "Auto picks DCGAN for square 28/32/64 px");
        var discriminator = (DcganDiscriminator)rig.Session.Discriminator;
        var g0 = TrainingRig.Weights(rig.Session.Generator);
        var d0 = TrainingRig.Weights(discriminator);
        var h = rig.Run();
        Assert.AreEqual(3L, h.Steps);
        Assert.IsTrue(h.GeneratorLoss.Concat(h.DiscriminatorLoss).All(float.IsFinite),
            $"non-finite loss: D {string.Join(", ", h.DiscriminatorLoss)}; G {string.Join(", ", h.GeneratorLoss)}");
        TrainingRig.AssertEveryWeightChanged(g0, TrainingRig.Weights(rig.Session.Generator), "generator");
        TrainingRig.AssertEveryWeightChanged(d0, TrainingRig.Weights(discriminator), "discriminator", biasesMayStay: options.Loss == GanLoss.WassersteinGp);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var z = randn(new long[] { 2, options.LatentSize });
        var images = NetworkCalls.Run(rig.Session.Generator, z, options.LabelColumnName is null ? null : tensor(new long[] { 0, 2 }));
        CollectionAssert.AreEqual(new long[] { 2, channels, size, size }, images.shape);
        inspect(discriminator);
    }

    private static List<T> Modules<T>(nn.Module m) => m.modules().OfType<T>().ToList();

    [TestMethod]
    [DataRow(28, 1, true)]
    [DataRow(32, 3, false)]
    [DataRow(64, 3, true)]
    public void DcganTrainsAtEverySupportedSize(int size, int channels, bool conditional)
    {
        TrainAndCheck(size, channels, Tiny(conditional), d =>
        {
            Assert.IsNotEmpty(Modules<BatchNorm2d>(d), "the default DCGAN discriminator uses batch norm");
            Assert.IsEmpty(Modules<SpectrallyNormalized>(d));
        });
    }

    [TestMethod]
    [DataRow(28, 1, true)]
    [DataRow(32, 3, false)]
    public void WassersteinGpTrainsDcganWithoutBatchNormInTheCritic(int size, int channels, bool conditional)
    {
        TrainAndCheck(size, channels, Tiny(conditional, GanLoss.WassersteinGp),
            d => Assert.IsEmpty(Modules<BatchNorm2d>(d), "batch norm would couple the samples the gradient penalty sees"));
    }

    [TestMethod]
    [DataRow(28, 1, true, 3)]
    [DataRow(32, 3, false, 4)]
    public void SpectralNormWrapsEveryDcganDiscriminatorWeightLayer(int size, int channels, bool conditional, int weightLayers)
    {
        TrainAndCheck(size, channels, Tiny(conditional, spectralNorm: true), d =>
        {
            var wrapped = Modules<SpectrallyNormalized>(d);
            Assert.HasCount(weightLayers, wrapped, "each stride-2 conv and the linear head");
            Assert.AreEqual(weightLayers - 1, wrapped.OfType<SpectralConv2d>().Count(), "the convolutions");
            Assert.AreEqual(1, wrapped.OfType<SpectralLinear>().Count(), "the head");
            Assert.IsEmpty(Modules<Conv2d>(d), "no plain convolution is left");
            Assert.IsEmpty(Modules<BatchNorm2d>(d), "spectral norm replaces batch norm");
        });
    }

    [TestMethod]
    public void FitOn28PxImagesPicksDcganAndGeneratesForAClass()
    {
        var ml = new MLContext(seed: 1);
        var options = Tiny(conditional: true);
        options.MaxSteps = 2;
        using var model = ml.Gan().Trainers.ConditionalGan(options).Fit(Images(ml, 28, 1));
        Assert.AreEqual(GanArchitecture.Dcgan, model.Info.Architecture);
        Assert.IsInstanceOfType<DcganGenerator>(model.Generator);
        Assert.AreEqual(2L, model.History!.Steps);
        using var scope = NewDisposeScope();
        var images = model.GenerateTensor(3, new[] { 0, 1, 2 }, seed: 1);
        CollectionAssert.AreEqual(new long[] { 3, 1, 28, 28 }, images.shape);
        Assert.IsLessThanOrEqualTo(1.0, images.abs().max().item<float>());
    }
}
