// Mixed precision: the bfloat16 layers keep float32 weights and gradients and agree with float32 within bfloat16's
// rounding; a tiny model trains the same way in both precisions; the precision is recorded in the model file.
using Microsoft.ML;
using MLNet.Gan.Networks;
using MLNet.Gan.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace MLNet.Gan.Tests.Gan;

[TestClass]
public sealed class MixedPrecisionTests
{
    // bfloat16 keeps 8 significant bits, so each cast input or weight is off by at most 2^-9 (0.2 %) relative, products are
    // summed in float32 inside the convolution, and the output is rounded once more (0.4 %). Over sums of up to a few
    // hundred terms the rounding errors partly cancel; 3 % of the largest magnitude bounds them with room, while a layer
    // that computed something else (weights transposed, bias lost, stride wrong) is off by tens of percent.
    private const double LayerTolerance = 0.03;

    public static IEnumerable<object[]> Layers() =>
    [
        // Channel counts that are not multiples of 16 (libtorch's bfloat16 convolutions get those wrong), which compute in
        // float32 (narrow: true; the input's gradient is asked for, so its channels count too), and some that are.
        ["conv 3->8", (Func<MixedPrecisionLayer>)(() => new MixedConv2d(3, 8, 4, stride: 2, padding: 1)), new long[] { 4, 3, 12, 12 }, true],
        ["conv 1->32", (Func<MixedPrecisionLayer>)(() => new MixedConv2d(1, 32, 4, stride: 2, padding: 1)), new long[] { 4, 1, 12, 12 }, true],
        ["conv 16->32", (Func<MixedPrecisionLayer>)(() => new MixedConv2d(16, 32, 3, stride: 1, padding: 1, hasBias: false)), new long[] { 2, 16, 6, 6 }, false],
        ["transposed conv 8->3", (Func<MixedPrecisionLayer>)(() => new MixedConvTranspose2d(8, 3, 5, stride: 2, padding: 2, outputPadding: 1)), new long[] { 4, 8, 6, 6 }, true],
        ["transposed conv 32->1", (Func<MixedPrecisionLayer>)(() => new MixedConvTranspose2d(32, 1, 4, stride: 2, padding: 1)), new long[] { 4, 32, 7, 7 }, true],
        ["transposed conv 32->16", (Func<MixedPrecisionLayer>)(() => new MixedConvTranspose2d(32, 16, 4, stride: 2, padding: 1)), new long[] { 4, 32, 7, 7 }, false],
        ["linear 40->16", (Func<MixedPrecisionLayer>)(() => new MixedLinear(40, 16)), new long[] { 4, 40 }, false],
        ["linear 40->1", (Func<MixedPrecisionLayer>)(() => new MixedLinear(40, 1)), new long[] { 4, 40 }, false],
    ];

    [TestMethod]
    [DynamicData(nameof(Layers))]
    public void BFloat16LayerMatchesFloat32AndSendsFloat32GradientsToFloat32Weights(string name, Func<MixedPrecisionLayer> create, long[] inputShape, bool narrow)
    {
        random.manual_seed(3);
        using var layer = create();
        var x = randn(inputShape).requires_grad_(); // its gradient too: libtorch computes it with a convolution of its own
        var (exact, exactGrads) = ForwardBackward(layer, x);
        layer.ComputeType = ScalarType.BFloat16;
        var (low, lowGrads) = ForwardBackward(layer, x);

        Assert.AreEqual(narrow ? ScalarType.Float32 : ScalarType.BFloat16, low.dtype,
            narrow ? $"{name}: a narrow convolution computes in float32" : $"{name}: a bfloat16 layer hands bfloat16 on to the next one");
        if (narrow)
        {
            Assert.IsTrue(low.allclose(exact, rtol: 0, atol: 0), $"{name}: in float32 it is the float32 layer exactly");
        }

        var outputError = RelativeError(low, exact);
        Assert.IsLessThan(LayerTolerance, outputError, $"{name}: output off by {outputError:P2} of its largest magnitude");
        Assert.AreEqual(exactGrads.Count, lowGrads.Count);
        foreach (var ((param, g32), (_, g16)) in exactGrads.Zip(lowGrads))
        {
            Assert.AreEqual(ScalarType.Float32, g16.dtype, $"{name}.{param}: the gradient reaches the float32 tensor as float32");
            var error = RelativeError(g16, g32);
            Assert.IsLessThan(LayerTolerance, error, $"{name}.{param}: gradient off by {error:P2} of its largest magnitude");
        }

        Assert.IsTrue(layer.parameters().All(p => p.dtype == ScalarType.Float32), $"{name}: the weights stay float32");
    }

    [TestMethod]
    public void AOneChannelConvolutionComputesInBFloat16WhenItsInputNeedsNoGradient()
    {
        // The discriminator's first layer on real images: 1 input channel, but only the 32 output channels are produced.
        random.manual_seed(4);
        using var layer = new MixedConv2d(1, 32, 4, stride: 2, padding: 1) { ComputeType = ScalarType.BFloat16 };
        using var real = randn(4, 1, 12, 12);
        using var fake = randn(4, 1, 12, 12).requires_grad_();
        Assert.AreEqual(ScalarType.BFloat16, layer.call(real).dtype, "no input gradient: bfloat16");
        Assert.AreEqual(ScalarType.Float32, layer.call(fake).dtype, "the input's 1-channel gradient: float32");
        Assert.IsTrue(MixedPrecisionLayer.IsNarrow(1, 32, inputGradient: true));
        Assert.IsFalse(MixedPrecisionLayer.IsNarrow(1, 32, inputGradient: false));
        Assert.IsTrue(MixedPrecisionLayer.IsNarrow(64, 24, inputGradient: false));
        Assert.IsFalse(MixedPrecisionLayer.IsNarrow(48, 64, inputGradient: true));
    }

    public static IEnumerable<object[]> FewChannelLayers() =>
    [
        // (in, out, kernel, stride, padding, output padding, bias, input shape): the DCGANs' first and last layers, and odd ones.
        // The convolutions (input gradient asked for, few input channels) compute by unfold; the transposed ones by libtorch.
        ["conv 1->32, 4x4 stride 2", false, 1L, 32L, 4L, 2L, 1L, 0L, true, new long[] { 5, 1, 28, 28 }],
        ["conv 3->8, 5x5 stride 2", false, 3L, 8L, 5L, 2L, 2L, 0L, false, new long[] { 2, 3, 13, 11 }],
        ["conv 2->16, 3x3 stride 1", false, 2L, 16L, 3L, 1L, 0L, 0L, true, new long[] { 3, 2, 9, 9 }],
        ["transposed conv 32->1, 4x4 stride 2", true, 32L, 1L, 4L, 2L, 1L, 0L, true, new long[] { 5, 32, 14, 14 }],
        ["transposed conv 64->1, 5x5 stride 2, output padding 1", true, 64L, 1L, 5L, 2L, 2L, 1L, false, new long[] { 2, 64, 7, 7 }],
        ["transposed conv 8->3, 5x5 stride 2, output padding 1", true, 8L, 3L, 5L, 2L, 2L, 1L, true, new long[] { 2, 8, 6, 5 }],
    ];

    [TestMethod]
    [DynamicData(nameof(FewChannelLayers))]
    public void ImageSideLayersMatchLibtorchsFloat64ConvolutionForwardAndBackward(
        string name, bool transposed, long inChannels, long outChannels, long kernel, long stride, long padding, long outputPadding, bool bias, long[] inputShape)
    {
        random.manual_seed(8);
        using var layer = transposed
            ? (MixedPrecisionLayer)new MixedConvTranspose2d(inChannels, outChannels, kernel, stride, padding, outputPadding, bias)
            : new MixedConv2d(inChannels, outChannels, kernel, stride, padding, bias);
        var x = randn(inputShape).requires_grad_();
        var (ours, ourGrads) = ForwardBackward(layer, x); // the parameters' gradients, then the input's

        // The reference: libtorch's own kernel in float64 on the same weights, under the same loss. (Not its float32 kernel:
        // on 2 threads that returned an input gradient 10 % off for "conv 3->8" here, while these layers agree with float64.)
        var x64 = x.detach().to(ScalarType.Float64).requires_grad_();
        var w64 = layer.weight.detach().to(ScalarType.Float64).requires_grad_();
        var b64 = layer.bias?.detach().to(ScalarType.Float64).requires_grad_();
        var reference = transposed
            ? nn.functional.conv_transpose2d(x64, w64, b64, [stride, stride], [padding, padding], [outputPadding, outputPadding])
            : nn.functional.conv2d(x64, w64, b64, [stride, stride], [padding, padding]);
        CollectionAssert.AreEqual(reference.shape, ours.shape, $"{name}: output shape");
        Assert.IsLessThan(1e-5, RelativeError(ours, reference.to(ScalarType.Float32)), $"{name}: output");
        (reference * linspace(-0.5, 1.5, reference.numel(), dtype: ScalarType.Float64).reshape(reference.shape)).sum().backward();
        var referenceGrads = new[] { ("weight", w64.grad!), ("bias", b64?.grad), ("input", x64.grad!) }
            .Where(g => g.Item2 is not null).Select(g => (g.Item1, g.Item2!.to(ScalarType.Float32))).ToList();
        Assert.HasCount(referenceGrads.Count, ourGrads);
        foreach (var ((param, mine), (referenceName, theirs)) in ourGrads.Zip(referenceGrads))
        {
            Assert.AreEqual(referenceName, param);
            Assert.IsLessThan(1e-5, RelativeError(mine, theirs), $"{name}.{param}: gradient");
        }
    }

    [TestMethod]
    public void LayersHoldTheSameNamedWeightsAsTorchSharpsFromTheSameDraws()
    {
        random.manual_seed(5);
        using var plain = nn.Conv2d(3, 8, 4, stride: 2, padding: 1);
        random.manual_seed(5);
        using var mixed = new MixedConv2d(3, 8, 4, stride: 2, padding: 1);
        CollectionAssert.AreEqual(plain.state_dict().Keys.ToArray(), mixed.state_dict().Keys.ToArray(), "saved model files keep PyTorch's names");
        Assert.IsTrue(plain.weight!.allclose(mixed.weight, rtol: 0, atol: 0), "same initial weights, so seeded runs keep their results");
        Assert.IsTrue(plain.bias!.allclose(mixed.bias!, rtol: 0, atol: 0));
        using var x = randn(2, 3, 8, 8);
        Assert.IsTrue(plain.call(x).allclose(mixed.call(x), rtol: 1e-4, atol: 1e-5), "float32 forward agrees with TorchSharp's own (3 input channels: by unfold)");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => mixed.ComputeType = ScalarType.Float16);
    }

    [TestMethod]
    public void TinyDcganTrainsInBFloat16CloseToFloat32()
    {
        // 10 steps of the 28 px DCGAN from the same seed: the same draws in both runs, so the losses differ only by rounding.
        var ml = new MLContext(seed: 1);
        var data = DcganTrainingTests.Images(ml, 28, 1);
        using var f32 = Train(ml, data, GanPrecision.Float32, out var f32Weights);
        using var bf16 = Train(ml, data, GanPrecision.BFloat16, out var bf16Weights);

        Assert.AreEqual(GanPrecision.Float32, f32.Info.Precision);
        Assert.AreEqual(GanPrecision.BFloat16, bf16.Info.Precision);
        var (h32, h16) = (f32.History!, bf16.History!);
        Assert.IsTrue(h16.GeneratorLoss.Concat(h16.DiscriminatorLoss).All(float.IsFinite), "finite bfloat16 losses");
        Assert.IsTrue(bf16Weights.Values.Where(t => t.is_floating_point()).All(t => t.dtype == ScalarType.Float32), "weights and batch-norm statistics stay float32");
        // BCE losses near 0.7-1.4: bfloat16 rounding moves them by hundredths; a broken path (no gradient, wrong scale) by tenths.
        for (var i = 0; i < h32.GeneratorLoss.Count; i++)
        {
            Assert.AreEqual(h32.DiscriminatorLoss[i], h16.DiscriminatorLoss[i], 0.08, $"D loss at step {i + 1}");
            Assert.AreEqual(h32.GeneratorLoss[i], h16.GeneratorLoss[i], 0.08, $"G loss at step {i + 1}");
        }

        // The weights moved the same way: each layer's change since step 1 points the same way in both runs. Adam's early
        // steps are close to lr * sign(gradient), so components with tiny gradients flip under rounding and the cosine
        // measured here is 0.4-0.85; updates of unrelated runs have a cosine near 0.
        using var start = Train(ml, data, GanPrecision.Float32, out var startWeights, steps: 1);
        foreach (var (key, w32) in f32Weights.Where(p => p.Key.EndsWith("weight", StringComparison.Ordinal)))
        {
            var d32 = (w32 - startWeights[key]).flatten();
            var d16 = (bf16Weights[key] - startWeights[key]).flatten();
            var cosine = (d32.dot(d16) / (d32.norm() * d16.norm() + 1e-12)).item<float>();
            Assert.IsGreaterThan(0.3f, cosine, $"{key}: the bfloat16 update points where the float32 one does");
        }

        var path = Path.Combine(Path.GetTempPath(), $"mixed-{Guid.NewGuid():N}.zip");
        try
        {
            bf16.Save(path);
            using var loaded = GanTransformer.Load(ml, path);
            Assert.AreEqual(GanPrecision.BFloat16, loaded.Info.Precision, "the precision round-trips through the model file");
            Assert.IsTrue(loaded.GeneratorStateDict().Values.Where(t => t.is_floating_point()).All(t => t.dtype == ScalarType.Float32), "saved weights are float32");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void PrecisionResolvesPerDeviceAndReachesOnlyTheTrainingNetworks()
    {
        Assert.AreEqual(ScalarType.Float32, MixedPrecision.Resolve(GanPrecision.Float32, CPU));
        Assert.AreEqual(ScalarType.BFloat16, MixedPrecision.Resolve(GanPrecision.BFloat16, CPU), "asked for, bfloat16 runs on any CPU");
        Assert.AreEqual(ScalarType.Float32, MixedPrecision.Resolve(GanPrecision.Auto, new Device(DeviceType.CUDA, 0)), "Auto stays float32 on CUDA");

        using var g = new DcganGenerator(new ImageShape(1, 28, 28), 16, numClasses: 3, width: 8);
        Assert.AreEqual(3, MixedPrecision.Apply(g, ScalarType.BFloat16), "the projection and both transposed convolutions");
        using var noGrad = no_grad();
        g.eval();
        var images = g.forward(randn(2, 16), tensor(new long[] { 0, 2 }));
        Assert.AreEqual(ScalarType.Float32, images.dtype, "the last transposed convolution, to 1 channel, is narrow: float32");
        var projected = g.modules().OfType<MixedLinear>().Single();
        Assert.AreEqual(ScalarType.BFloat16, projected.call(randn(2, projected.weight.shape[1])).dtype, "the projection computes in bfloat16");
        Assert.AreEqual(ScalarType.Float32, MixedPrecision.ToFloat32(images).dtype);
    }

    private static GanTransformer Train(MLContext ml, IDataView data, GanPrecision precision, out Dictionary<string, Tensor> weights, int steps = 10)
    {
        var options = new GanTrainer.Options
        {
            Width = 8, LatentSize = 16, BatchSize = 16, MaxSteps = steps, Seed = 11, Device = "cpu", EmaDecay = 0, Precision = precision,
        };
        var model = new GanTrainer(ml, options).Fit(data);
        weights = model.GeneratorStateDict();
        return model;
    }

    private static (Tensor Output, List<(string Name, Tensor Grad)> Grads) ForwardBackward(MixedPrecisionLayer layer, Tensor x)
    {
        layer.zero_grad();
        var y = layer.call(x);
        (y.to(ScalarType.Float32) * linspace(-0.5, 1.5, y.numel()).reshape(y.shape)).sum().backward(); // a non-uniform output gradient, not summing to 0
        var grads = layer.named_parameters().Select(p => (p.name, p.parameter.grad!.clone())).ToList();
        grads.Add(("input", x.grad!.clone()));
        x.grad!.zero_();
        return (y.detach(), grads);
    }

    private static double RelativeError(Tensor actual, Tensor expected)
    {
        using var scope = NewDisposeScope();
        var a = actual.to(ScalarType.Float32);
        return (a - expected).abs().max().item<float>() / expected.abs().max().item<float>();
    }
}
