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
        // Channel counts that are not multiples of 16 (libtorch's bfloat16 convolutions get those wrong unpadded) and some that are.
        ["conv 3->8", (Func<MixedPrecisionLayer>)(() => new MixedConv2d(3, 8, 4, stride: 2, padding: 1)), new long[] { 4, 3, 12, 12 }],
        ["conv 1->32", (Func<MixedPrecisionLayer>)(() => new MixedConv2d(1, 32, 4, stride: 2, padding: 1)), new long[] { 4, 1, 12, 12 }],
        ["conv 16->32", (Func<MixedPrecisionLayer>)(() => new MixedConv2d(16, 32, 3, stride: 1, padding: 1, hasBias: false)), new long[] { 2, 16, 6, 6 }],
        ["transposed conv 8->3", (Func<MixedPrecisionLayer>)(() => new MixedConvTranspose2d(8, 3, 5, stride: 2, padding: 2, outputPadding: 1)), new long[] { 4, 8, 6, 6 }],
        ["transposed conv 32->1", (Func<MixedPrecisionLayer>)(() => new MixedConvTranspose2d(32, 1, 4, stride: 2, padding: 1)), new long[] { 4, 32, 7, 7 }],
        ["linear 40->16", (Func<MixedPrecisionLayer>)(() => new MixedLinear(40, 16)), new long[] { 4, 40 }],
        ["linear 40->1", (Func<MixedPrecisionLayer>)(() => new MixedLinear(40, 1)), new long[] { 4, 40 }],
    ];

    [TestMethod]
    [DynamicData(nameof(Layers))]
    public void BFloat16LayerMatchesFloat32AndSendsFloat32GradientsToFloat32Weights(string name, Func<MixedPrecisionLayer> create, long[] inputShape)
    {
        random.manual_seed(3);
        using var layer = create();
        var x = randn(inputShape).requires_grad_(); // its gradient too: libtorch computes it with a convolution of its own
        var (exact, exactGrads) = ForwardBackward(layer, x);
        layer.ComputeType = ScalarType.BFloat16;
        var (low, lowGrads) = ForwardBackward(layer, x);

        Assert.AreEqual(ScalarType.BFloat16, low.dtype, $"{name}: a bfloat16 layer hands bfloat16 on to the next one");
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
        Assert.IsTrue(plain.call(x).allclose(mixed.call(x)), "float32 forward is TorchSharp's own");
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
        Assert.AreEqual(ScalarType.BFloat16, images.dtype);
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
