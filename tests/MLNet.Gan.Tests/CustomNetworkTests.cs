// Custom networks that do not fit are rejected before training, with the shape that was expected.
using MLNet.Gan.Data;
using MLNet.Gan.Networks;
using MLNet.Gan.Torch;

namespace MLNet.Gan.Tests;

[TestClass]
public sealed class CustomNetworkTests
{
    private static ArgumentException Rejected(Action<GanTrainer.Options> customise, bool conditional = false)
    {
        var ctx = new GanContext(1);
        var options = ToyData.TinyOptions(conditional);
        customise(options);
        return Assert.ThrowsExactly<ArgumentException>(() => new GanTrainer(options, ctx).Fit(ToyData.Quadrants(ctx)));
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
        Assert.IsInstanceOfType<TorchException>(e.InnerException, "libtorch's own message is kept as the cause");
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
}
