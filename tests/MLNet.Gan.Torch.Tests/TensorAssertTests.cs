// The parity assertions themselves: NaN and infinities pass only where the reference has the same
// value at the same place, so a broken kernel that returns NaN cannot slip through a tolerance check.
namespace MLNet.Gan.Torch.Tests;

[TestClass]
public sealed class TensorAssertTests
{
    private static readonly float[] Reference = { 1f, -2f, 0.5f, 3f };

    [TestMethod]
    public void AnAllNaNOutputIsRejected()
    {
        using var scope = Torch.NewScope();
        var expected = Tensor.From(Reference);
        var nan = Torch.FullLike(expected, double.NaN);
        var e = Assert.ThrowsExactly<AssertFailedException>(() => TensorAssert.Within(expected, nan, 1e-4, 0, "all NaN"));
        StringAssert.Contains(e.Message, "element 0 is NaN but the reference gives 1");
        Assert.ThrowsExactly<AssertFailedException>(() => ParityAssert.Close(expected, nan, 1e-4, "all NaN"));
        Assert.ThrowsExactly<AssertFailedException>(() => TensorAssert.Close(expected, nan, "all NaN"));
    }

    [TestMethod]
    public void NonFiniteValuesMustMatchTheReferenceInPlace()
    {
        Assert.AreEqual(-1, Worst(new[] { 1, double.NaN, double.PositiveInfinity }, new[] { 1, double.NaN, double.PositiveInfinity }));
        Assert.AreEqual(2, Worst(new[] { 1, 2, double.NaN }, new[] { 1, 2, 3.0 }), "a number where the reference has NaN");
        Assert.AreEqual(1, Worst(new[] { 1, 2, 3.0 }, new[] { 1, double.NaN, 3 }), "NaN where the reference has a number");
        Assert.AreEqual(0, Worst(new[] { double.PositiveInfinity }, new[] { double.NegativeInfinity }), "opposite infinities");
        Assert.AreEqual(0, Worst(new[] { 1e30 }, new[] { double.PositiveInfinity }), "an overflow");
        Assert.AreEqual(0, Worst(new[] { double.NaN, 1 }, new[] { 1, double.NaN }), "NaN moved to another place");
    }

    [TestMethod]
    public void ToleranceIsAbsolutePlusRelativeAndTheWorstElementIsNamed()
    {
        Assert.AreEqual(-1, Worst(new[] { 100.0, 0 }, new[] { 100.5, 0.09 }, absolute: 0.1, relative: 0.01));
        Assert.AreEqual(0, Worst(new[] { 100.0, 0 }, new[] { 101.2, 0.09 }, absolute: 0.1, relative: 0.01));
        Assert.AreEqual(1, Worst(new[] { 1.0, 1, 1 }, new[] { 1.2, 1.5, 1.3 }, absolute: 0.1, relative: 0), "the worst of three");

        using var scope = Torch.NewScope();
        var e = Assert.ThrowsExactly<AssertFailedException>(() =>
            TensorAssert.Within(Tensor.From(Reference), Tensor.From(new[] { 1f, -2f, 0.6f, 3f }), 1e-3, 0, "close values"));
        StringAssert.Contains(e.Message, "close values: element 2");
        Assert.ThrowsExactly<AssertFailedException>(() =>
            TensorAssert.Within(Tensor.From(Reference), Tensor.From(Reference, 2, 2), 1, 1, "shape"));
    }

    private static int Worst(double[] expected, double[] actual, double absolute = 1e-6, double relative = 1e-6) =>
        TensorAssert.WorstMismatch(expected, actual, absolute, relative).Index;
}
