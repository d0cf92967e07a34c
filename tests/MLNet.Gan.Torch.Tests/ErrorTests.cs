// Bad input gives a .NET exception that says what was wrong; nothing crashes, later calls still work,
// and failing calls leak no memory.
namespace MLNet.Gan.Torch.Tests;

[TestClass]
public sealed class ErrorTests
{
    /// <summary>Failing calls before the measurement, while the GC's heap budget and the allocators settle.</summary>
    private const int WarmupFailures = 100_000;

    /// <summary>Measured segments of <see cref="SegmentFailures"/> failing native calls each (half of each kind).</summary>
    private const int Segments = 5;

    private const int SegmentFailures = 100_000;

    /// <summary>
    /// Growth allowed in the calmest segment. A leak grows every segment: the smallest heap block
    /// (32 bytes) per failure would add 3.2 MB to each. The GC's budget grows in one-off steps of up
    /// to ~5 MB (seen here up to 300k failures in), which land in one or two segments only.
    /// </summary>
    private const double AllowedSegmentGrowthMb = 1;

    [TestCleanup]
    public void TheProcessStaysUsable()
    {
        using var scope = Torch.NewScope();
        var t = Tensor.From(new float[] { 1, 2, 3, 4 }, 2, 2);
        Assert.AreEqual(10.0, t.Sum().ToDouble());
        CollectionAssert.AreEqual(new float[] { 7, 10, 15, 22 }, t.MatMul(t).ToArray<float>());
    }

    [TestMethod]
    public void ShapeMismatchNamesBothSizes()
    {
        using var scope = Torch.NewScope();
        var a = Torch.Ones(new long[] { 2, 3 });
        var b = Torch.Ones(new long[] { 4, 5 });
        var e = Assert.ThrowsExactly<TorchException>(() => a + b);
        StringAssert.Contains(e.Message, "size of tensor a (3) must match the size of tensor b (5)");
        var c = Assert.ThrowsExactly<TorchException>(() => Torch.Cat(new[] { a, b }, 0));
        StringAssert.Contains(c.Message, "Sizes of tensors must match");
        var r = Assert.ThrowsExactly<TorchException>(() => a.Reshape(4, 4));
        StringAssert.Contains(r.Message, "shape '[4, 4]' is invalid for input of size 6");
    }

    [TestMethod]
    public void DtypeMismatchNamesTheTypes()
    {
        using var scope = Torch.NewScope();
        var f = Torch.Ones(new long[] { 2, 3 });
        var l = Torch.Ones(new long[] { 3, 2 }, ScalarType.Int64);
        var e = Assert.ThrowsExactly<TorchException>(() => f.MatMul(l));
        StringAssert.Contains(e.Message, "expected scalar type Float but found Long");

        var read = Assert.ThrowsExactly<InvalidOperationException>(() => f.ToArray<long>());
        StringAssert.Contains(read.Message, "cannot read a Float32 tensor as Int64");
        var mask = Assert.ThrowsExactly<TorchException>(() => f.MaskedFill(f, 0));
        StringAssert.Contains(mask.Message, "Bool mask, got Float");
        var where = Assert.ThrowsExactly<TorchException>(() => Torch.Where(l, 1.0, 0.0));
        StringAssert.Contains(where.Message, "Bool condition, got Long");
        var onehot = Assert.ThrowsExactly<TorchException>(() => f.OneHot(3));
        StringAssert.Contains(onehot.Message, "int64 class indices, got Float");
    }

    [TestMethod]
    public void BadDimensionIndexSaysTheValidRange()
    {
        using var scope = Torch.NewScope();
        var x = Torch.Ones(new long[] { 2, 3 });
        var e = Assert.ThrowsExactly<TorchException>(() => x.Select(5, 0));
        StringAssert.Contains(e.Message, "Dimension out of range (expected to be in range of [-2, 1], but got 5)");
        Assert.ThrowsExactly<TorchException>(() => x.Sum(new long[] { 2 }));
        Assert.ThrowsExactly<TorchException>(() => x.Softmax(-3));
        Assert.ThrowsExactly<TorchException>(() => x.Transpose(0, 9));
        var size = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => x.Size(2));
        StringAssert.Contains(size.Message, "tensor has 2 dimensions");
        var split = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => x.Split(1, 4));
        StringAssert.Contains(split.Message, "tensor has 2 dimensions");
    }

    [TestMethod]
    public void UseAfterDisposeThrowsObjectDisposed()
    {
        var t = Torch.Zeros(new long[] { 2 });
        t.Dispose();
        var direct = Assert.ThrowsExactly<ObjectDisposedException>(() => t.Sum());
        StringAssert.Contains(direct.Message, "already disposed");

        Tensor inScope;
        using (Torch.NewScope())
        {
            inScope = Torch.Ones(new long[] { 3 }) * 2;
        }

        Assert.IsTrue(inScope.IsDisposed);
        var scoped = Assert.ThrowsExactly<ObjectDisposedException>(() => inScope.ToArray<float>());
        StringAssert.Contains(scoped.Message, "MoveToOuterScope");
        using var live = Torch.Ones(new long[] { 3 });
        Assert.ThrowsExactly<ObjectDisposedException>(() => live + inScope);
        Assert.ThrowsExactly<ObjectDisposedException>(() => Torch.Cat(new[] { live, inScope }));
    }

    [TestMethod]
    public void InvalidArgumentsAreRejected()
    {
        using var scope = Torch.NewScope();
        var neg = Assert.ThrowsExactly<TorchException>(() => Torch.Zeros(new long[] { 2, -1 }));
        StringAssert.Contains(neg.Message, "negative dimension -1");
        var data = Assert.ThrowsExactly<ArgumentException>(() => Tensor.From(new float[] { 1, 2, 3 }, 2, 2));
        StringAssert.Contains(data.Message, "holds 4 elements but 3 values were given");
        var x = Torch.Ones(new long[] { 4, 3 });
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => x.Chunk(0));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => x.Split(0));
        var sizes = Assert.ThrowsExactly<TorchException>(() => x.Split(new long[] { 1, 2 }));
        StringAssert.Contains(sizes.Message, "sum exactly to 4");
        var step = Assert.ThrowsExactly<TorchException>(() => x.Slice(0, 0, 4, 0));
        StringAssert.Contains(step.Message, "step must be positive");
        var narrow = Assert.ThrowsExactly<TorchException>(() => x.Narrow(0, 3, 2));
        StringAssert.Contains(narrow.Message, "exceeds dimension size");
        Assert.ThrowsExactly<ArgumentException>(() => x.Clamp(null, null));
        Assert.ThrowsExactly<TorchException>(() => Torch.Linspace(0, 1, -2));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Torch.Threads = 0);
    }

    [TestMethod]
    public void IndexOutOfRangeNamesTheIndexAndTheSize()
    {
        using var scope = Torch.NewScope();
        var x = Torch.Ones(new long[] { 4, 3 });
        var e = Assert.ThrowsExactly<TorchException>(() => x.IndexSelect(0, Tensor.From(new long[] { 0, 7 })));
        StringAssert.Contains(e.Message, "index 7 is out of range for dimension 0 of size 4");
        var n = Assert.ThrowsExactly<TorchException>(() => x.IndexSelect(1, Tensor.From(new long[] { -1 })));
        StringAssert.Contains(n.Message, "index -1 is out of range for dimension 1 of size 3");
        var s = Assert.ThrowsExactly<TorchException>(() => x.Select(0, 4));
        StringAssert.Contains(s.Message, "out of range");
        var g = Assert.ThrowsExactly<TorchException>(() => x.Gather(1, Tensor.From(new long[] { 0, 1, 2, 3 }, 4, 1)));
        StringAssert.Contains(g.Message, "out of bounds");
        var h = Assert.ThrowsExactly<TorchException>(() => Tensor.From(new long[] { 0, 5 }).OneHot(3));
        StringAssert.Contains(h.Message, "class index 5 is outside [0, 3)");
    }

    [TestMethod]
    public void ManyFailuresInARowLeakNothingAndBreakNothing()
    {
        using var scope = Torch.NewScope();
        var x = Torch.Ones(new long[] { 4, 3 });
        var bad = Tensor.From(new long[] { 9 });
        var messages = new HashSet<string>();
        void FailBoth()
        {
            messages.Add(Assert.ThrowsExactly<TorchException>(() => x.IndexSelect(0, bad)).Message); // libtorch's own check
            messages.Add(Assert.ThrowsExactly<TorchException>(() => x.Split(new long[] { 5 })).Message); // the shim's check
        }

        for (var i = 0; i < WarmupFailures / 2; i++)
        {
            FailBoth();
        }

        var start = ProcessMemory.ResidentMb();
        var last = start;
        var growths = new List<double>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var segment = 0; segment < Segments; segment++)
        {
            for (var i = 0; i < SegmentFailures / 2; i++)
            {
                FailBoth();
            }

            var now = ProcessMemory.ResidentMb();
            growths.Add(now - last);
            last = now;
        }

        var report = FormattableString.Invariant(
            $"{Segments} x {SegmentFailures} failing calls in {clock.Elapsed.TotalSeconds:F1} s; resident growth per segment ") +
            string.Join(", ", growths.Select(g => g.ToString("F2", System.Globalization.CultureInfo.InvariantCulture))) +
            FormattableString.Invariant($" MB (bound {AllowedSegmentGrowthMb} MB on the smallest), {last - start:F2} MB in all");
        Console.WriteLine(report);
        Assert.IsLessThan(AllowedSegmentGrowthMb, growths.Min(), report);
        Assert.HasCount(2, messages, "every failure of a kind reports the same message");
        Assert.AreEqual(3, x.Split(new long[] { 1, 3 }, 0)[1].Size(0));
    }
}
