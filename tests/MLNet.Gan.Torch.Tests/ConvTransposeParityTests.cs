// Parity of the shim's transposed convolution (re-expressed and auto-chosen forms) with libtorch's
// own kernel: outputs and the gradients of input, weight and bias, plus its caches and errors.
namespace MLNet.Gan.Torch.Tests;

[TestClass]
public sealed class ConvTransposeParityTests
{
    private const double Tolerance = 1e-4;

    /// <summary>One transposed-convolution configuration; arrays are (height, width).</summary>
    private sealed record Case(long Batch, long InChannels, long OutChannels, long Height, long Width, long Kernel,
        long Stride, long Padding, long OutputPadding, bool Bias, long Groups = 1, long Dilation = 1)
    {
        public long OutputSize(long input) => (input - 1) * Stride - 2 * Padding + Dilation * (Kernel - 1) + OutputPadding + 1;

        /// <summary>A seed that depends only on the configuration (records' hash codes vary between runs).</summary>
        public long Seed => ((((((Batch * 11 + InChannels) * 13 + OutChannels) * 17 + Height) * 19 + Width) * 23 + Kernel) * 29
            + Stride) * 31 + Padding * 7 + OutputPadding * 3 + Groups * 5 + Dilation + (Bias ? 1000 : 0);

        public override string ToString() =>
            $"N{Batch} {InChannels}->{OutChannels} {Height}x{Width} k{Kernel} s{Stride} p{Padding} op{OutputPadding} " +
            $"g{Groups} d{Dilation}{(Bias ? " bias" : string.Empty)}";
    }

    /// <summary>Every (kernel 1..5, stride 1..3, padding 0..2, output_padding &lt; stride) with a valid output,
    /// each with a random batch (1..3), channels (1..8), input size (1..9) and bias or not.</summary>
    private static List<Case> GridCases()
    {
        var rng = new Random(20240601);
        var cases = new List<Case>();
        for (long k = 1; k <= 5; k++)
        {
            for (long s = 1; s <= 3; s++)
            {
                for (long p = 0; p <= 2; p++)
                {
                    for (long op = 0; op < s; op++)
                    {
                        var c = new Case(rng.Next(1, 4), rng.Next(1, 9), rng.Next(1, 9), rng.Next(1, 10), rng.Next(1, 10),
                            k, s, p, op, rng.Next(2) == 1);
                        if (c.OutputSize(c.Height) >= 1 && c.OutputSize(c.Width) >= 1)
                        {
                            cases.Add(c);
                        }
                    }
                }
            }
        }

        return cases;
    }

    [TestMethod]
    public void ReexpressedFormMatchesLibTorchOnEveryKernelStridePaddingCombination()
    {
        var cases = GridCases();
        Assert.IsGreaterThan(60, cases.Count);
        foreach (var c in cases)
        {
            AssertParity(c, ConvTranspose2dPolicy.OrdinaryConvolution, ConvTranspose2dForm.OrdinaryConvolution);
        }
    }

    [TestMethod]
    public void AutoChoiceMatchesLibTorchOnEveryKernelStridePaddingCombination()
    {
        foreach (var c in GridCases())
        {
            AssertParity(c, ConvTranspose2dPolicy.Auto, expectedForm: null);
        }
    }

    [TestMethod]
    public void ReexpressedFormMatchesLibTorchForGroupsDilationAndUnevenShapes()
    {
        var cases = new List<Case>
        {
            new(2, 4, 6, 5, 3, 3, 2, 1, 1, true, Groups: 2),
            new(1, 8, 8, 4, 4, 4, 2, 1, 0, false, Groups: 4),
            new(3, 6, 3, 3, 5, 3, 1, 0, 0, true, Groups: 3),
            new(2, 3, 2, 4, 4, 3, 1, 2, 0, true, Dilation: 2),
            new(2, 3, 2, 4, 6, 3, 2, 1, 1, true, Dilation: 2),
            new(1, 2, 4, 5, 3, 2, 3, 2, 2, false, Dilation: 3),
            new(2, 4, 4, 3, 3, 3, 2, 2, 1, true, Groups: 2, Dilation: 2),
            new(1, 3, 2, 2, 2, 3, 1, 0, 1, true, Dilation: 2), // output_padding < dilation with stride 1
        };
        foreach (var c in cases)
        {
            AssertParity(c, ConvTranspose2dPolicy.OrdinaryConvolution, ConvTranspose2dForm.OrdinaryConvolution);
            AssertParity(c, ConvTranspose2dPolicy.Auto, expectedForm: null);
        }
    }

    [TestMethod]
    public void NonSquareArgumentsMatchLibTorch()
    {
        using var scope = Torch.NewScope();
        Torch.ManualSeed(7);
        var x = Torch.Randn([2, 3, 4, 6]);
        var w = Torch.Randn([3, 5, 3, 4]);
        var b = Torch.Randn([5]);
        long[] stride = [2, 3], padding = [1, 2], outputPadding = [1, 0], dilation = [1, 2];
        var expected = ConvTranspose2dOp.Reference(x, w, b, stride, padding, outputPadding, 1, dilation);
        using var policy = new ConvTransposePolicyScope(ConvTranspose2dPolicy.OrdinaryConvolution);
        var actual = ConvTranspose2dOp.Forward(x, w, b, stride, padding, outputPadding, 1, dilation);
        CollectionAssert.AreEqual(expected.Shape, actual.Shape);
        TensorAssert.Within(expected, actual, Tolerance, 0, "non-square stride, padding, output padding and dilation");
    }

    [TestMethod]
    public void UnbatchedInputMatchesLibTorch()
    {
        using var scope = Torch.NewScope();
        Torch.ManualSeed(8);
        var x = Torch.Randn([3, 5, 5]);
        var w = Torch.Randn([3, 2, 4, 4]);
        var expected = ConvTranspose2dOp.Reference(x, w, null, [2, 2], [1, 1], [0, 0]);
        using var policy = new ConvTransposePolicyScope(ConvTranspose2dPolicy.OrdinaryConvolution);
        var actual = ConvTranspose2dOp.Forward(x, w, null, [2, 2], [1, 1], [0, 0]);
        CollectionAssert.AreEqual(new long[] { 2, 10, 10 }, actual.Shape);
        TensorAssert.Within(expected, actual, Tolerance, 0, "unbatched input");
    }

    [TestMethod]
    public void ChoiceCacheFillsOncePerShapeAndReuseGivesIdenticalResults()
    {
        using var scope = Torch.NewScope();
        using var policy = new ConvTransposePolicyScope(ConvTranspose2dPolicy.Auto);
        Torch.ClearConvTranspose2dCache();
        Assert.AreEqual(0L, Torch.ConvTranspose2dCacheSize.Shapes);
        Torch.ManualSeed(9);
        var x = Torch.Randn([2, 6, 7, 7]);
        var w = Torch.Randn([6, 4, 5, 5]);
        var b = Torch.Randn([4]);

        var first = ConvTranspose2dOp.Forward(x, w, b, [2, 2], [2, 2], [1, 1]);
        var firstForm = Torch.LastConvTranspose2dForm;
        Assert.AreEqual(1L, Torch.ConvTranspose2dCacheSize.Shapes);
        Assert.AreNotEqual(ConvTranspose2dForm.None, firstForm);

        var second = ConvTranspose2dOp.Forward(x, w, b, [2, 2], [2, 2], [1, 1]);
        Assert.AreEqual(1L, Torch.ConvTranspose2dCacheSize.Shapes);
        Assert.AreEqual(firstForm, Torch.LastConvTranspose2dForm);
        CollectionAssert.AreEqual(first.ToArray<float>(), second.ToArray<float>());

        // Another padding, another batch size, and recording gradients are each a new shape key.
        ConvTranspose2dOp.Forward(x, w, b, [2, 2], [1, 1], [1, 1]);
        Assert.AreEqual(2L, Torch.ConvTranspose2dCacheSize.Shapes);
        ConvTranspose2dOp.Forward(Torch.Randn([3, 6, 7, 7]), w, b, [2, 2], [2, 2], [1, 1]);
        Assert.AreEqual(3L, Torch.ConvTranspose2dCacheSize.Shapes);
        w.RequiresGrad = true;
        ConvTranspose2dOp.Forward(x, w, b, [2, 2], [2, 2], [1, 1]);
        Assert.AreEqual(4L, Torch.ConvTranspose2dCacheSize.Shapes);

        Torch.ClearConvTranspose2dCache();
        Assert.AreEqual((0L, 0L), Torch.ConvTranspose2dCacheSize);
    }

    [TestMethod]
    public void CachedWeightIsRebuiltWhenTheWeightChangesInPlace()
    {
        using var scope = Torch.NewScope();
        using var policy = new ConvTransposePolicyScope(ConvTranspose2dPolicy.OrdinaryConvolution);
        using var noGrad = Torch.NoGrad();
        Torch.ClearConvTranspose2dCache();
        Torch.ManualSeed(10);
        var x = Torch.Randn([1, 4, 5, 5]);
        var w = Torch.Randn([4, 3, 4, 4]);

        var before = ConvTranspose2dOp.Forward(x, w, null, [2, 2], [1, 1], [0, 0]);
        ConvTranspose2dOp.Forward(x, w, null, [2, 2], [1, 1], [0, 0]);
        Assert.AreEqual(1L, Torch.ConvTranspose2dCacheSize.Weights);

        w.MulInPlace(-2.0); // an optimizer step: same tensor, new version
        var after = ConvTranspose2dOp.Forward(x, w, null, [2, 2], [1, 1], [0, 0]);
        var expected = ConvTranspose2dOp.Reference(x, w, null, [2, 2], [1, 1], [0, 0]);
        TensorAssert.Within(expected, after, Tolerance, 0, "after the in-place weight change");
        TensorAssert.Within(before * -2.0, after, Tolerance, 0, "the output scales with the weight");
        Assert.AreEqual(1L, Torch.ConvTranspose2dCacheSize.Weights, "the stale entry is replaced, not kept");

        // A freed weight's entry is released when the cache is next used.
        w.Dispose();
        var w2 = Torch.Randn([4, 3, 4, 4]);
        var other = ConvTranspose2dOp.Forward(x, w2, null, [2, 2], [1, 1], [0, 0]);
        Assert.AreEqual(1L, Torch.ConvTranspose2dCacheSize.Weights);
        TensorAssert.Within(ConvTranspose2dOp.Reference(x, w2, null, [2, 2], [1, 1], [0, 0]), other, Tolerance, 0, "a new weight after the old one was freed");
    }

    [TestMethod]
    public void BadShapesGiveTorchExceptionsThatSayWhatIsWrong()
    {
        using var scope = Torch.NewScope();
        var x = Torch.Randn([1, 3, 4, 4]);
        var w = Torch.Randn([4, 2, 3, 3]);
        var ex = Assert.ThrowsExactly<TorchException>(() => ConvTranspose2dOp.Forward(x, w, null, [1, 1], [0, 0], [0, 0]));
        StringAssert.Contains(ex.Message, "input has 3 channels");
        StringAssert.Contains(ex.Message, "[4, 2, 3, 3]");

        var w3 = Torch.Randn([3, 2, 3, 3]);
        ex = Assert.ThrowsExactly<TorchException>(() => ConvTranspose2dOp.Forward(x, w3, null, [2, 2], [0, 0], [2, 0]));
        StringAssert.Contains(ex.Message, "output_padding along height (2)");

        ex = Assert.ThrowsExactly<TorchException>(() => ConvTranspose2dOp.Forward(x, w3, Torch.Randn([3]), [1, 1], [0, 0], [0, 0]));
        StringAssert.Contains(ex.Message, "bias must have shape [2]");

        ex = Assert.ThrowsExactly<TorchException>(() => ConvTranspose2dOp.Forward(Torch.Randn([1, 3, 1, 1]), w3, null, [1, 1], [2, 2], [0, 0]));
        StringAssert.Contains(ex.Message, "padding is too large");

        ex = Assert.ThrowsExactly<TorchException>(() => ConvTranspose2dOp.Forward(Torch.Randn([3, 4]), w3, null, [1, 1], [0, 0], [0, 0]));
        StringAssert.Contains(ex.Message, "input must be (N, C_in, H, W)");

        ex = Assert.ThrowsExactly<TorchException>(() => ConvTranspose2dOp.Forward(x, w3, null, [1, 1], [0, 0], [0, 0], groups: 2));
        StringAssert.Contains(ex.Message, "divisible by groups");

        Assert.ThrowsExactly<ArgumentException>(() => ConvTranspose2dOp.Forward(x, w3, null, [1], [0, 0], [0, 0]));
    }

    [TestMethod]
    public void PolicyRoundTripsAndRejectsUnknownValues()
    {
        using var policy = new ConvTransposePolicyScope(ConvTranspose2dPolicy.LibTorchKernel);
        Assert.AreEqual(ConvTranspose2dPolicy.LibTorchKernel, Torch.ConvTranspose2dPolicy);
        Torch.ConvTranspose2dPolicy = ConvTranspose2dPolicy.OrdinaryConvolution;
        Assert.AreEqual(ConvTranspose2dPolicy.OrdinaryConvolution, Torch.ConvTranspose2dPolicy);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Torch.ConvTranspose2dPolicy = (ConvTranspose2dPolicy)7);
    }

    /// <summary>Forward and input/weight/bias gradients of the chosen form against libtorch's kernel.</summary>
    private static void AssertParity(Case c, ConvTranspose2dPolicy policyValue, ConvTranspose2dForm? expectedForm)
    {
        using var scope = Torch.NewScope();
        Torch.ManualSeed(c.Seed);
        var x = Torch.Randn([c.Batch, c.InChannels * c.Groups, c.Height, c.Width]);
        var w = Torch.Randn([c.InChannels * c.Groups, c.OutChannels, c.Kernel, c.Kernel]) * 0.5;
        var b = c.Bias ? Torch.Randn([c.OutChannels * c.Groups]) : null;
        long[] stride = [c.Stride, c.Stride], padding = [c.Padding, c.Padding], outputPadding = [c.OutputPadding, c.OutputPadding];
        long[] dilation = [c.Dilation, c.Dilation];

        var (refOut, refGrads) = RunWithGradients(x, w, b, (xi, wi, bi) =>
            ConvTranspose2dOp.Reference(xi, wi, bi, stride, padding, outputPadding, c.Groups, dilation));
        using var policy = new ConvTransposePolicyScope(policyValue);
        var (out1, grads) = RunWithGradients(x, w, b, (xi, wi, bi) =>
            ConvTranspose2dOp.Forward(xi, wi, bi, stride, padding, outputPadding, c.Groups, dilation));
        if (expectedForm is not null)
        {
            Assert.AreEqual(expectedForm, Torch.LastConvTranspose2dForm, c.ToString());
        }

        CollectionAssert.AreEqual(refOut.Shape, out1.Shape, c.ToString());
        TensorAssert.Within(refOut, out1, Tolerance, 0, $"output of {c}");
        string[] names = ["input", "weight", "bias"];
        for (var i = 0; i < refGrads.Count; i++)
        {
            TensorAssert.Within(refGrads[i], grads[i], Tolerance, 0, $"{names[i]} gradient of {c}");
        }

        // Inference (no graph recorded) takes the same path with the cached weight.
        using (Torch.NoGrad())
        {
            var inference = ConvTranspose2dOp.Forward(x, w, b, stride, padding, outputPadding, c.Groups, dilation);
            TensorAssert.Within(refOut, inference, Tolerance, 0, $"inference output of {c}");
        }
    }

    /// <summary>Runs <paramref name="op"/> on fresh leaves and back-propagates a fixed random output gradient.</summary>
    private static (Tensor Output, List<Tensor> Grads) RunWithGradients(Tensor x, Tensor w, Tensor? b,
        Func<Tensor, Tensor, Tensor?, Tensor> op)
    {
        var leaves = new List<Tensor> { x.Detach(), w.Detach() };
        if (b is not null)
        {
            leaves.Add(b.Detach());
        }

        foreach (var leaf in leaves)
        {
            leaf.RequiresGrad = true;
        }

        var y = op(leaves[0], leaves[1], b is null ? null : leaves[2]);
        Torch.ManualSeed(1234);
        var upstream = Torch.Randn(y.Shape);
        (y * upstream).Sum().Backward();
        return (y.Detach(), leaves.Select(l => l.Grad ?? throw new AssertFailedException("no gradient")).ToList());
    }
}
