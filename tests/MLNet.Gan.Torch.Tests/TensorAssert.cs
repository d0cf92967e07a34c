// Tolerant tensor comparison for parity tests: same dtype and shape, values within abs + rel tolerance.
namespace MLNet.Gan.Torch.Tests;

internal static class TensorAssert
{
    /// <summary>Fails unless |actual - expected| &lt;= tol + tol * |expected| everywhere (NaN matches NaN).</summary>
    public static void Close(Tensor expected, Tensor actual, string what, double tolerance = 1e-5)
    {
        Assert.AreEqual(expected.Dtype, actual.Dtype, $"{what}: dtype");
        CollectionAssert.AreEqual(expected.Shape, actual.Shape, $"{what}: shape [{string.Join(", ", expected.Shape)}] expected, got [{string.Join(", ", actual.Shape)}]");
        using var e64 = expected.To(ScalarType.Float64);
        using var a64 = actual.To(ScalarType.Float64);
        var e = e64.ToArray<double>();
        var a = a64.ToArray<double>();
        for (var i = 0; i < e.Length; i++)
        {
            if (double.IsNaN(e[i]) || double.IsNaN(a[i]))
            {
                Assert.IsTrue(double.IsNaN(e[i]) && double.IsNaN(a[i]), $"{what}[{i}]: expected {e[i]}, got {a[i]}");
                continue;
            }

            if (double.IsInfinity(e[i]) || double.IsInfinity(a[i]))
            {
                Assert.AreEqual(e[i], a[i], $"{what}[{i}]");
                continue;
            }

            var limit = tolerance + (tolerance * Math.Abs(e[i]));
            Assert.IsLessThanOrEqualTo(limit, Math.Abs(a[i] - e[i]), $"{what}[{i}]: expected {e[i]}, got {a[i]}");
        }
    }
}
