// Custom TorchSharp networks passed through the options: ones that do not fit are rejected before training with the
// shape that was expected; a custom conditional generator trains and its model loads once its factory is registered.
// The small test networks used here and by the health and progress tests are at the end.
using System.Runtime.InteropServices;
using Microsoft.ML;
using MLNet.Gan.Networks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MLNet.Gan.Tests.Gan;

[TestClass]
public sealed class CustomNetworkTests
{
    private static ArgumentException Rejected(Action<GanTrainer.Options> customise, bool conditional = false)
    {
        var ml = new MLContext(seed: 1);
        var options = ToyData.TinyOptions(conditional);
        customise(options);
        return Assert.ThrowsExactly<ArgumentException>(() => new GanTrainer(ml, options).Fit(ToyData.Quadrants(ml)));
    }

    [TestMethod]
    public void DiscriminatorWithTwoScoresPerImageNamesTheScoresExpected()
    {
        var e = Rejected(o => o.Discriminator = c => new TwoScoreDiscriminator(c.Shape));
        StringAssert.Contains(e.Message, "images [2, 1, 8, 8] to scores [2] or [2, 1]");
        StringAssert.Contains(e.Message, "produced [2, 2]");
    }

    [TestMethod]
    public void GeneratorBuiltForAnotherLatentSizeNamesTheShapeOfZ()
    {
        var e = Rejected(o => o.Generator = c => new MlpGenerator(c.Shape, c.LatentSize + 5, 0, 4));
        StringAssert.Contains(e.Message, "the generator failed on z of shape [2, 16]");
        StringAssert.Contains(e.Message, "images [2, 1, 8, 8]");
        Assert.IsInstanceOfType<ExternalException>(e.InnerException, "libtorch's own message is kept as the cause");
    }

    [TestMethod]
    [DataRow(true, "the generator failed on z of shape [2, 16]", "images [2, 1, 8, 8]")]
    [DataRow(false, "the discriminator failed on images of shape [2, 1, 8, 8]", "scores [2] or [2, 1]")]
    public void AnyExceptionFromACustomForwardGetsTheExpectedShapes(bool generator, string input, string output)
    {
        var e = Rejected(o =>
        {
            if (generator)
            {
                o.Generator = _ => new RefusingNetwork();
            }
            else
            {
                o.Discriminator = _ => new RefusingNetwork();
            }
        });
        StringAssert.Contains(e.Message, input);
        StringAssert.Contains(e.Message, output);
        StringAssert.Contains(e.Message, RefusingNetwork.Reason);
        Assert.IsInstanceOfType<InvalidOperationException>(e.InnerException, "the network's own exception is kept as the cause");
    }

    [TestMethod]
    public void UnconditionalCustomGeneratorInAConditionalGanSaysWhatItLacks()
    {
        var e = Rejected(o => o.Generator = c => new ConstantGenerator(c.Shape), conditional: true);
        StringAssert.Contains(e.Message, "ConstantGenerator");
        StringAssert.Contains(e.Message, "IConditionalModule");
        StringAssert.Contains(e.Message, "z of shape [2, 16]");
    }

    [TestMethod]
    public void ADivergedRunStopsWithAnErrorNamingTheStepInsteadOfReturningANaNModel()
    {
        var ml = new MLContext(seed: 1);
        var options = ToyData.TinyOptions(conditional: false);
        options.MaxSteps = 20;
        options.Discriminator = c => new DivergingDiscriminator(c.Shape, from: 7); // D runs 3 times a step: NaN from step 3
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => ml.Gan().Trainers.Gan(options).Fit(ToyData.Quadrants(ml)));
        StringAssert.Contains(e.Message, "training diverged at step 3");
        StringAssert.Contains(e.Message, "NaN");
    }

    [TestMethod]
    public void AnUpdateWithNonFiniteGradientsIsDroppedAndCountedWhileTrainingGoesOn()
    {
        var ml = new MLContext(seed: 1);
        var options = ToyData.TinyOptions(conditional: false);
        options.MaxSteps = 12;
        options.Discriminator = c => new GradientSpoilingDiscriminator(c.Shape, from: 4, to: 4); // one call's backward is NaN
        using var model = ml.Gan().Trainers.Gan(options).Fit(ToyData.Quadrants(ml));
        Assert.AreEqual(12, model.History!.Steps);
        Assert.IsTrue(model.History.DiscriminatorLoss.All(float.IsFinite), "the weights stayed finite");
        Assert.IsTrue(model.GenerateTensor(4, null, seed: 1).isfinite().all().item<bool>(), "the generator stayed finite");
        Assert.IsTrue(model.History.Warnings.Any(w => w.StartsWith("1 optimizer updates in 12 steps were dropped for non-finite gradients", StringComparison.Ordinal)),
            string.Join(" | ", model.History.Warnings));
    }

    [TestMethod]
    public void GradientsThatStayNonFiniteStopTrainingAsDiverged()
    {
        var ml = new MLContext(seed: 1);
        var options = ToyData.TinyOptions(conditional: false);
        options.MaxSteps = 40;
        options.Discriminator = c => new GradientSpoilingDiscriminator(c.Shape, from: 1, to: int.MaxValue);
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => ml.Gan().Trainers.Gan(options).Fit(ToyData.Quadrants(ml)));
        StringAssert.Contains(e.Message, "training diverged");
        StringAssert.Contains(e.Message, "10 steps in a row with non-finite gradients");
    }

    [TestMethod]
    public void ACustomConditionalGeneratorTrainsAndItsModelLoadsOnceItsFactoryIsRegistered()
    {
        var ml = new MLContext(seed: 1);
        var options = ToyData.TinyOptions();
        options.MaxSteps = 5;
        options.Generator = c => new TinyConditionalGenerator(c);
        using var folder = new TempFolder();
        var path = folder.File("custom.zip");
        using (var model = ml.Gan().Trainers.ConditionalGan(options).Fit(ToyData.Quadrants(ml)))
        {
            Assert.IsInstanceOfType<TinyConditionalGenerator>(model.Generator);
            Assert.IsNotNull(model.Info.CustomGenerator, "the model records that its generator is a custom one");
            model.Save(path);
            var expected = model.Generate(2, label: 3, seed: 11);

            var e = Assert.ThrowsExactly<InvalidDataException>(() => GanTransformer.Load(ml, path));
            StringAssert.Contains(e.Message, path);
            StringAssert.Contains(e.Message, model.Info.CustomGenerator!);
            StringAssert.Contains(e.Message, "GanTransformer.RegisterGenerator");

            GanTransformer.RegisterGenerator(model.Info.CustomGenerator!, c => new TinyConditionalGenerator(c));
            using var loaded = GanTransformer.Load(ml, path);
            Assert.IsInstanceOfType<TinyConditionalGenerator>(loaded.Generator);
            var again = loaded.Generate(2, label: 3, seed: 11);
            for (var i = 0; i < 2; i++)
            {
                CollectionAssert.AreEqual(expected[i].Pixels.ToArray(), again[i].Pixels.ToArray(), $"image {i}");
            }
        }
    }
}

/// <summary>A discriminator whose scores turn NaN from its <c>from</c>-th training call on, as a diverged one's do.</summary>
internal sealed class DivergingDiscriminator : nn.Module<Tensor, Tensor>
{
    private readonly Linear score;
    private readonly int _from;
    private int _calls;

    public DivergingDiscriminator(ImageShape shape, int from)
        : base(nameof(DivergingDiscriminator))
    {
        score = nn.Linear(shape.Size, 1);
        _from = from;
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        var s = score.call(input.flatten(1)).squeeze(1); // (B)
        return training && ++_calls >= _from ? s * double.NaN : s;
    }
}

/// <summary>
/// A linear critic whose forward stays finite but whose backward is NaN on calls <c>from</c>..<c>to</c> (1-based, training
/// calls only): it adds 0 * sqrt(0 * w), whose derivative at 0 is 0 * inf.
/// </summary>
internal sealed class GradientSpoilingDiscriminator : nn.Module<Tensor, Tensor>
{
    private readonly Linear score;
    private readonly int _from;
    private readonly int _last;
    private int _calls;

    public GradientSpoilingDiscriminator(ImageShape shape, int from, int to)
        : base(nameof(GradientSpoilingDiscriminator))
    {
        score = nn.Linear(shape.Size, 1);
        (_from, _last) = (from, to);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        var s = score.call(input.flatten(1)).squeeze(1); // (B)
        if (!training)
        {
            return s;
        }

        _calls++;
        return _calls >= _from && _calls <= _last ? s + (0 * (score.weight!.sum() * 0).sqrt()) : s;
    }
}

/// <summary>A generator that ignores z: every sample is the same learned image (B, C, H, W).</summary>
internal sealed class ConstantGenerator : nn.Module<Tensor, Tensor>
{
    private readonly Parameter image;
    private readonly ImageShape _shape;

    public ConstantGenerator(ImageShape shape)
        : base(nameof(ConstantGenerator))
    {
        _shape = shape;
        using (no_grad())
        {
            image = new Parameter(randn(shape.BatchShape(1)).mul_(0.1));
        }

        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        // (1, C, H, W) -> (B, C, H, W), the same for every z
        return image.tanh().expand(input.shape[0], _shape.Channels, _shape.Height, _shape.Width).MoveToOuterDisposeScope();
    }
}

/// <summary>A discriminator with two scores per image (B, 2) instead of one.</summary>
internal sealed class TwoScoreDiscriminator : nn.Module<Tensor, Tensor>
{
    private readonly Linear linear;

    public TwoScoreDiscriminator(ImageShape shape)
        : base(nameof(TwoScoreDiscriminator))
    {
        linear = nn.Linear(shape.Size, 2);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        return linear.call(input.flatten(1)).MoveToOuterDisposeScope(); // (B, C*H*W) -> (B, 2)
    }
}

/// <summary>A network whose forward refuses to run, with an exception that is not libtorch's.</summary>
internal sealed class RefusingNetwork : nn.Module<Tensor, Tensor>
{
    public const string Reason = "this network is not ready";

    public RefusingNetwork()
        : base(nameof(RefusingNetwork))
    {
    }

    public override Tensor forward(Tensor input) => throw new InvalidOperationException(Reason);
}

/// <summary>A discriminator that records the spread (std) of every batch it scores while training.</summary>
internal sealed class NoiseProbe : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> inner;

    public NoiseProbe(nn.Module<Tensor, Tensor> network)
        : base(nameof(NoiseProbe))
    {
        inner = network;
        RegisterComponents();
    }

    public List<double> Spreads { get; } = new();

    public override Tensor forward(Tensor input)
    {
        if (training)
        {
            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            Spreads.Add(input.detach().std().item<float>());
        }

        return inner.call(input);
    }
}

/// <summary>A conditional generator of one's own: z (B, latent) and labels (B) -> linear -> tanh images (B, C, H, W).</summary>
internal sealed class TinyConditionalGenerator : nn.Module<Tensor, Tensor>, IConditionalModule
{
    private readonly Embedding embedding;
    private readonly Linear linear;
    private readonly ImageShape _shape;

    public TinyConditionalGenerator(NetworkContext context)
        : base(nameof(TinyConditionalGenerator))
    {
        _shape = context.Shape;
        embedding = nn.Embedding(Math.Max(1, context.NumClasses), 4);
        linear = nn.Linear(context.LatentSize + 4, context.Shape.Size);
        RegisterComponents();
    }

    /// <summary>Without labels every image is drawn as class 0.</summary>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        return forward(input, zeros(new[] { input.shape[0] }, ScalarType.Int64, input.device)).MoveToOuterDisposeScope();
    }

    public Tensor forward(Tensor input, Tensor labels)
    {
        using var scope = NewDisposeScope();
        var h = cat(new[] { input, embedding.call(labels) }, 1); // (B, latent + 4)
        return linear.call(h).tanh().reshape(_shape.BatchShape(input.shape[0])).MoveToOuterDisposeScope(); // (B, C, H, W)
    }
}
