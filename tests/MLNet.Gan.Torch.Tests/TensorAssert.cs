// Tolerant tensor comparison for parity tests: same shape, values within abs + rel tolerance, and
// NaN or an infinity only where the reference has the same one at the same place.
namespace MLNet.Gan.Torch.Tests;

internal static class TensorAssert
{
    /// <summary>Same dtype and shape, and |actual - expected| &lt;= tol + tol·|expected| everywhere (see <see cref="Within"/>).</summary>
    public static void Close(Tensor expected, Tensor actual, string what, double tolerance = 1e-5)
    {
        Assert.AreEqual(expected.Dtype, actual.Dtype, $"{what}: dtype");
        Within(expected, actual, tolerance, tolerance, what);
    }

    /// <summary>
    /// Same shape, and |actual - expected| &lt;= <paramref name="absolute"/> + <paramref name="relative"/>·|expected|
    /// for every finite reference element. A NaN passes only where the reference holds NaN, an infinity only where
    /// it holds the same infinity; anything else non-finite on either side fails.
    /// </summary>
    public static void Within(Tensor expected, Tensor? actual, double absolute, double relative, string what)
    {
        Assert.IsNotNull(actual, $"{what}: no tensor (e.g. no gradient was computed)");
        CollectionAssert.AreEqual(expected.Shape, actual.Shape,
            $"{what}: shape [{string.Join(", ", expected.Shape)}] expected, got [{string.Join(", ", actual.Shape)}]");
        using var scope = Torch.NewScope();
        var e = expected.To(ScalarType.Float64).ToArray<double>();
        var a = actual.To(ScalarType.Float64).ToArray<double>();
        var (index, excess) = WorstMismatch(e, a, absolute, relative);
        if (index >= 0)
        {
            var over = double.IsInfinity(excess) ? "a non-finite mismatch" : $"over by {excess:G3}";
            Assert.Fail($"{what}: element {index} is {a[index]} but the reference gives {e[index]} " +
                $"(tolerance {absolute} + {relative}·|expected|; {over})");
        }
    }

    /// <summary>
    /// The element that breaks the tolerance most, or (-1, 0) when none does. A non-finite mismatch
    /// (NaN where the reference has a number, a number where it has NaN, unequal infinities) counts as
    /// an infinite excess and is returned at once.
    /// </summary>
    internal static (int Index, double Excess) WorstMismatch(double[] expected, double[] actual, double absolute, double relative)
    {
        if (expected.Length != actual.Length)
        {
            throw new ArgumentException($"{expected.Length} reference values but {actual.Length} actual values", nameof(actual));
        }

        var worst = (Index: -1, Excess: 0.0);
        for (var i = 0; i < expected.Length; i++)
        {
            double e = expected[i], a = actual[i];
            if (!double.IsFinite(e) || !double.IsFinite(a))
            {
                var same = double.IsNaN(e) ? double.IsNaN(a) : e == a;
                if (!same)
                {
                    return (i, double.PositiveInfinity);
                }

                continue;
            }

            var excess = Math.Abs(a - e) - (absolute + (relative * Math.Abs(e)));
            if (excess > worst.Excess)
            {
                worst = (i, excess);
            }
        }

        return worst;
    }
}
