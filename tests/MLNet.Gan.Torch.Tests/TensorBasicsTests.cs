// Basic tensor behaviour: data round trips, arithmetic, scopes, scalar reads and disposal.
namespace MLNet.Gan.Torch.Tests;

[TestClass]
public sealed class TensorBasicsTests
{
    [TestMethod]
    public void RoundTripsDataAndShape()
    {
        using var t = Tensor.From(new float[] { 1, 2, 3, 4, 5, 6 }, 2, 3);
        CollectionAssert.AreEqual(new long[] { 2, 3 }, t.Shape);
        Assert.AreEqual(ScalarType.Float32, t.Dtype);
        Assert.AreEqual(Device.Cpu, t.Device);
        CollectionAssert.AreEqual(new float[] { 1, 2, 3, 4, 5, 6 }, t.ToArray<float>());
    }

    [TestMethod]
    public void ArithmeticMatchesHandComputedValues()
    {
        using var scope = Torch.NewScope();
        var a = Tensor.From(new float[] { 1, 2, 3 });
        var b = Tensor.From(new float[] { 4, 5, 6 });
        CollectionAssert.AreEqual(new float[] { 5, 7, 9 }, (a + b).ToArray<float>());
        CollectionAssert.AreEqual(new float[] { -3, -3, -3 }, (a - b).ToArray<float>());
        CollectionAssert.AreEqual(new float[] { 4, 10, 18 }, (a * b).ToArray<float>());
        CollectionAssert.AreEqual(new float[] { 9, 8, 7 }, (10 - a).ToArray<float>());
        Assert.AreEqual(32f, a.MatMul(b).ToSingle());
        Assert.AreEqual(2f, a.Mean().ToSingle());
    }

    [TestMethod]
    public void ScopeDisposesTemporariesButKeepsMovedTensors()
    {
        Tensor kept;
        Tensor temp;
        using (Torch.NewScope())
        {
            temp = Torch.Ones(new long[] { 3 });
            kept = (temp * 2).MoveToOuterScope();
        }

        Assert.IsTrue(temp.IsDisposed);
        Assert.IsFalse(kept.IsDisposed);
        CollectionAssert.AreEqual(new float[] { 2, 2, 2 }, kept.ToArray<float>());
        kept.Dispose();
    }

    [TestMethod]
    public void ToInt64ReadsIntegersExactlyBeyondDoublePrecision()
    {
        using var scope = Torch.NewScope();
        var twoTo53PlusOne = (1L << 53) + 1; // the first integer a double cannot hold
        Assert.AreEqual((double)(twoTo53PlusOne - 1), (double)twoTo53PlusOne, "a double cannot tell 2^53 + 1 from 2^53");
        Assert.AreEqual(twoTo53PlusOne, Tensor.From(new[] { twoTo53PlusOne }).ToInt64());
        Assert.AreEqual(long.MaxValue, Tensor.From(new[] { long.MaxValue }).ToInt64());
        Assert.AreEqual(long.MinValue + 1, Tensor.From(new[] { long.MinValue + 1 }).ToInt64());
        Assert.AreEqual(-7L, Tensor.From(new[] { -7 }).ToInt64(), "int32");

        Assert.AreEqual(2L, Tensor.From(new[] { 2.7f }).ToInt64(), "a float truncates toward zero");
        Assert.AreEqual(-2L, Tensor.From(new[] { -2.7 }).ToInt64());
        Assert.ThrowsExactly<TorchException>(() => Tensor.From(new[] { float.NaN }).ToInt64());
        Assert.ThrowsExactly<TorchException>(() => Tensor.From(new[] { 1e30 }).ToInt64());
        var many = Assert.ThrowsExactly<TorchException>(() => Tensor.From(new long[] { 1, 2 }).ToInt64());
        StringAssert.Contains(many.Message, "a Tensor with 2 elements cannot be converted to Scalar");
    }

    [TestMethod]
    public void ShapeMismatchThrowsWithLibtorchMessage()
    {
        using var scope = Torch.NewScope();
        var a = Torch.Ones(new long[] { 2, 3 });
        var b = Torch.Ones(new long[] { 4, 5 });
        var e = Assert.ThrowsExactly<TorchException>(() => a.MatMul(b));
        StringAssert.Contains(e.Message, "cannot be multiplied");
    }

    [TestMethod]
    public void UseAfterDisposeThrowsObjectDisposed()
    {
        var t = Torch.Zeros(new long[] { 2 });
        t.Dispose();
        var e = Assert.ThrowsExactly<ObjectDisposedException>(() => _ = t.Shape);
        StringAssert.Contains(e.Message, "already disposed");
    }
}
