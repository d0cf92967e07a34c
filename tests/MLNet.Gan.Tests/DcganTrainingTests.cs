// The DCGAN networks (the default for Fashion-MNIST-sized images) trained for a few real steps at every supported
// size, with each loss family that changes them (WGAN-GP drops batch norm, spectral norm wraps D's layers).
using MLNet.Gan.Data;
using MLNet.Gan.Networks;
using MLNet.Gan.Torch.NN;
using MLNet.Gan.Training;

namespace MLNet.Gan.Tests;

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
            pixels[i] = (inBand ? 0.7f : -0.7f) + (float)(random.NextDouble() - 0.5) * 0.4f;
        }

        return pixels;
    }

    /// <summary>16 rows of banded images of 3 classes, as a float-vector column (C, H, W) and a key label.</summary>
    internal static IDataView Images(GanContext ctx, int size, int channels)
    {
        var random = new Random(size + channels);
        var shape = new ImageShape(channels, size, size);
        var rows = Enumerable.Range(0, Rows)
            .Select(i => new BandedRow { Image = Banded(i % Classes, shape, random), Label = (uint)(i % Classes) + 1 })
            .ToList();
        var definition = SchemaDefinition.Create(typeof(BandedRow));
        definition["Image"].ColumnType = new VectorDataViewType(NumberDataViewType.Single, channels, size, size);
        return ctx.Data.LoadFromEnumerable(rows, definition);
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
    private static DcganDiscriminator TrainAndCheck(int size, int channels, GanTrainer.Options options)
    {
        var ctx = new GanContext(1);
        using var rig = new TrainingRig(Images(ctx, size, channels), options);
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
        using var scope = Torch.Torch.NewScope();
        var z = Torch.Torch.Randn(new long[] { 2, options.LatentSize });
        var images = NetworkCalls.Run(rig.Session.Generator, z, options.LabelColumnName is null ? null : Torch.Tensor.From(new long[] { 0, 2 }, 2));
        CollectionAssert.AreEqual(new long[] { 2, channels, size, size }, images.Shape);
        return discriminator;
    }

    [TestMethod]
    [DataRow(28, 1, true)]
    [DataRow(32, 3, false)]
    [DataRow(64, 3, true)]
    public void DcganTrainsAtEverySupportedSize(int size, int channels, bool conditional)
    {
        var d = TrainAndCheck(size, channels, Tiny(conditional));
        Assert.IsNotEmpty(d.Modules().OfType<BatchNorm2d>().ToList(), "the default DCGAN discriminator uses batch norm");
        Assert.IsEmpty(d.Modules().OfType<SpectralNorm>().ToList());
    }

    [TestMethod]
    [DataRow(28, 1, true)]
    [DataRow(32, 3, false)]
    public void WassersteinGpTrainsDcganWithoutBatchNormInTheCritic(int size, int channels, bool conditional)
    {
        var d = TrainAndCheck(size, channels, Tiny(conditional, GanLoss.WassersteinGp));
        Assert.IsEmpty(d.Modules().OfType<BatchNorm2d>().ToList(), "batch norm would couple the samples the gradient penalty sees");
    }

    [TestMethod]
    [DataRow(28, 1, true, 3)]
    [DataRow(32, 3, false, 4)]
    public void SpectralNormWrapsEveryDcganDiscriminatorWeightLayer(int size, int channels, bool conditional, int weightLayers)
    {
        var d = TrainAndCheck(size, channels, Tiny(conditional, spectralNorm: true));
        var wrapped = d.Modules().OfType<SpectralNorm>().ToList();
        Assert.HasCount(weightLayers, wrapped, "each stride-2 conv and the linear head");
        Assert.IsTrue(wrapped.All(w => w.Wrapped is Conv2d or Linear));
        Assert.IsEmpty(d.Modules().OfType<BatchNorm2d>().ToList(), "spectral norm replaces batch norm");
    }

    [TestMethod]
    public void FitOn28PxImagesPicksDcganAndGeneratesForAClass()
    {
        var ctx = new GanContext(1);
        var options = Tiny(conditional: true);
        options.MaxSteps = 2;
        using var model = ctx.Gan.Trainers.ConditionalGan(options).Fit(Images(ctx, 28, 1));
        Assert.AreEqual(GanArchitecture.Dcgan, model.Info.Architecture);
        Assert.IsInstanceOfType<DcganGenerator>(model.Generator);
        Assert.AreEqual(2L, model.History!.Steps);
        using var scope = Torch.Torch.NewScope();
        var images = model.GenerateTensor(3, new[] { 0, 1, 2 }, seed: 1);
        CollectionAssert.AreEqual(new long[] { 3, 1, 28, 28 }, images.Shape);
        Assert.IsLessThanOrEqualTo(1.0, images.Abs().Max().ToDouble());
    }
}
