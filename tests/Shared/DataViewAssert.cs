// Test helper shared by test projects: compares data views and schemas value by value.
using MLNet.Gan.Data;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace MLNet.Gan.TestUtilities;

/// <summary>Assertions over data views: same columns, same values (floats bit for bit, vectors and images item by item).</summary>
public static class DataViewAssert
{
    /// <summary>Asserts both views have the same visible column names and types, and identical values on every row.</summary>
    public static void Equal(IDataView expected, IDataView actual, string because = "")
    {
        var columns = expected.Schema.Where(c => !c.IsHidden).ToArray();
        foreach (var c in columns)
        {
            var other = actual.Schema.GetColumnOrNull(c.Name);
            Assert.IsNotNull(other, $"column '{c.Name}' missing {because}");
            Assert.AreEqual(c.Type, other.Value.Type, $"type of column '{c.Name}' {because}");
        }

        var actualColumns = columns.Select(c => actual.Schema[c.Name]).ToArray();
        using var e = expected.GetRowCursor(columns);
        using var a = actual.GetRowCursor(actualColumns);
        var readers = columns.Select((c, i) => (Name: c.Name, E: Reader(e, c), A: Reader(a, actualColumns[i]))).ToArray();
        long row = 0;
        while (e.MoveNext())
        {
            Assert.IsTrue(a.MoveNext(), $"actual view ended at row {row} {because}");
            foreach (var (name, re, ra) in readers)
            {
                var ve = re();
                var va = ra();
                Assert.IsTrue(ValuesEqual(ve, va), $"row {row}, column '{name}': expected {Show(ve)}, got {Show(va)} {because}");
            }

            row++;
        }

        Assert.IsFalse(a.MoveNext(), $"actual view has more than {row} rows {because}");
    }

    /// <summary>
    /// Asserts an estimator's predicted schema fits the fitted schema: same column names in order; types equal, or the
    /// prediction leaves a key count (<see cref="KeyDataViewType.CountUnknown"/>) or a vector size open; every
    /// predicted annotation present.
    /// </summary>
    public static void SchemaCompatible(DataViewSchema predicted, DataViewSchema fitted)
    {
        Assert.AreEqual(
            string.Join(", ", predicted.Select(c => c.Name)),
            string.Join(", ", fitted.Select(c => c.Name)),
            "column names of GetOutputSchema and of the fitted transformer's output");
        for (var i = 0; i < predicted.Count; i++)
        {
            var p = predicted[i];
            var f = fitted[i];
            Assert.IsTrue(TypeCompatible(p.Type, f.Type), $"column '{p.Name}': predicted {p.Type}, fitted {f.Type}");
            foreach (var kind in p.Annotations.Kinds)
            {
                var ft = f.Annotations.GetAnnotationType(kind);
                Assert.IsNotNull(ft, $"column '{p.Name}': annotation '{kind}' predicted but missing after fitting");
                Assert.IsTrue(TypeCompatible(p.Annotations.GetAnnotationType(kind)!, ft), $"column '{p.Name}', annotation '{kind}' type");
            }
        }
    }

    /// <summary>Whether a predicted type admits the fitted one.</summary>
    public static bool TypeCompatible(DataViewType predicted, DataViewType fitted) =>
        predicted.Equals(fitted)
        || (predicted is KeyDataViewType { IsCountKnown: false } && fitted is KeyDataViewType)
        || (predicted is VectorDataViewType { IsKnownSize: false } pv && fitted is VectorDataViewType fv && pv.ItemType.Equals(fv.ItemType));

    private static Func<object?> Reader(DataViewRow row, DataViewSchema.Column column)
    {
        var method = typeof(DataViewAssert).GetMethod(nameof(TypedReader), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!;
        return (Func<object?>)method.MakeGenericMethod(column.Type.RawType).Invoke(null, [row, column])!;
    }

    private static Func<object?> TypedReader<T>(DataViewRow row, DataViewSchema.Column column)
    {
        var g = row.GetGetter<T>(column);
        return () =>
        {
            T v = default!;
            g(ref v);
            return v switch
            {
                VBuffer<float> b => b.ToArray(),
                VBuffer<double> b => b.ToArray(),
                VBuffer<int> b => b.ToArray(),
                VBuffer<long> b => b.ToArray(),
                VBuffer<uint> b => b.ToArray(),
                VBuffer<byte> b => b.ToArray(),
                VBuffer<bool> b => b.ToArray(),
                VBuffer<string> b => b.ToArray(),
                MLImage m => $"image {m.Width}x{m.Height}x{m.Channels} {Convert.ToHexString(m.Pixels)}",
                _ => v,
            };
        };
    }

    private static bool ValuesEqual(object? a, object? b) => (a, b) switch
    {
        (float x, float y) => BitConverter.SingleToInt32Bits(x) == BitConverter.SingleToInt32Bits(y),
        (double x, double y) => BitConverter.DoubleToInt64Bits(x) == BitConverter.DoubleToInt64Bits(y),
        (float[] x, float[] y) => x.Length == y.Length && x.Zip(y).All(p => BitConverter.SingleToInt32Bits(p.First) == BitConverter.SingleToInt32Bits(p.Second)),
        (System.Collections.IEnumerable x, System.Collections.IEnumerable y) when a is not string => x.Cast<object?>().SequenceEqual(y.Cast<object?>()),
        _ => Equals(a, b),
    };

    private static string Show(object? v) => v switch
    {
        System.Collections.IEnumerable e when v is not string => "[" + string.Join(", ", e.Cast<object?>().Take(8)) + "]",
        _ => v?.ToString() ?? "null",
    };
}
