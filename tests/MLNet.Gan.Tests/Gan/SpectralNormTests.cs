// The spectrally normalised layers on their own: built with PyTorch's parameter names, trainable through several
// forwards before one backward (as a discriminator step scores real and fake batches), and dividing the weight by its
// largest singular value once the power iteration has settled.
using MLNet.Gan.Networks;
using MLNet.Gan.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace MLNet.Gan.Tests.Gan;

[TestClass]
public sealed class SpectralNormTests
{
    [TestInitialize]
    public void LoadTorch() => TorchRuntime.EnsureLoaded();

    [TestMethod]
    public void LayersAreBuiltWithPyTorchsNamesAndShapes()
    {
        using var linear = new SpectralLinear(5, 3);
        CollectionAssert.AreEqual(new[] { "weight_orig", "bias", "weight_u", "weight_v" }, linear.state_dict().Keys.ToArray());
        CollectionAssert.AreEqual(new long[] { 3, 5 }, linear.weight_orig.shape);
        CollectionAssert.AreEqual(new long[] { 3 }, linear.weight_u.shape);
        CollectionAssert.AreEqual(new long[] { 5 }, linear.weight_v.shape);

        using var conv = new SpectralConv2d(2, 4, 4, stride: 2, padding: 1, hasBias: false);
        CollectionAssert.AreEqual(new[] { "weight_orig", "weight_u", "weight_v" }, conv.state_dict().Keys.ToArray());
        CollectionAssert.AreEqual(new long[] { 4, 2, 4, 4 }, conv.weight_orig.shape);
        CollectionAssert.AreEqual(new long[] { 2 * 4 * 4 }, conv.weight_v.shape, "in channels x kernel area");
        using var scope = NewDisposeScope();
        CollectionAssert.AreEqual(new long[] { 3, 4, 4, 4 }, conv.call(randn(3, 2, 8, 8)).shape, "stride 2 halves H and W");
    }

    [TestMethod]
    public void TwoForwardsThenOneBackwardTrains()
    {
        // A discriminator step scores the real batch and the fake batch, then calls backward once on the sum.
        using var layer = new SpectralLinear(6, 4);
        layer.train();
        using var scope = NewDisposeScope();
        var real = layer.call(randn(8, 6)).sum();
        var fake = layer.call(randn(8, 6)).sum();
        (real - fake).backward();
        Assert.IsNotNull(layer.weight_orig.grad, "the weight got a gradient");
        Assert.IsTrue(layer.weight_orig.grad!.abs().sum().item<float>() > 0);
        Assert.IsNull(layer.weight_u.grad, "the singular vectors are buffers, not trained");
    }

    [TestMethod]
    public void InEvalModeTheWeightIsDividedByItsLargestSingularValue()
    {
        // Seeded: power iteration converges at the rate sigma2 / sigma1 of the drawn weight, so the state other tests left
        // in the global generator must not decide how close 300 steps get.
        random.manual_seed(7);
        using var layer = new SpectralLinear(6, 4, hasBias: false);
        using var scope = NewDisposeScope();
        layer.train();
        using (no_grad())
        {
            for (var i = 0; i < 300; i++)
            {
                layer.call(randn(2, 6)); // each training forward takes one power-iteration step
            }
        }

        layer.eval();
        var sigma = linalg.svdvals(layer.weight_orig.detach()).max().item<float>();
        var x = randn(5, 6);
        var expected = nn.functional.linear(x, layer.weight_orig.detach() / sigma);
        using (no_grad())
        {
            var worst = (layer.call(x) - expected).abs().max().item<float>();
            Assert.IsLessThan(1e-4f, worst, $"largest singular value {sigma}");
        }

        var u = layer.weight_u.clone();
        using (no_grad())
        {
            layer.call(x);
        }

        Assert.AreEqual(0f, (u - layer.weight_u).abs().max().item<float>(), "eval mode does not move the estimate");
    }

    [TestMethod]
    public void AConvolutionIsNormalisedByTheLargestSingularValueOfItsFlattenedWeight()
    {
        // PyTorch's spectral_norm views a conv weight (out, in, k, k) as a matrix (out, in * k * k).
        using var conv = new SpectralConv2d(3, 5, 4, stride: 2, padding: 1);
        using var scope = NewDisposeScope();
        conv.train();
        using (no_grad())
        {
            for (var i = 0; i < 60; i++)
            {
                conv.call(randn(1, 3, 8, 8));
            }
        }

        conv.eval();
        var weight = conv.weight_orig.detach();
        var sigma = linalg.svdvals(weight.flatten(1)).max().item<float>();
        var x = randn(2, 3, 8, 8);
        var expected = nn.functional.conv2d(x, weight / sigma, conv.bias!.detach(), strides: new long[] { 2, 2 }, padding: new long[] { 1, 1 });
        using (no_grad())
        {
            var worst = (conv.call(x) - expected).abs().max().item<float>();
            Assert.IsLessThan(1e-4f, worst, $"largest singular value {sigma}");
        }
    }
}
