// DataViewTensors: columns to contiguous tensors, with shapes, values and errors naming row and column.
using MLNet.Gan.Data;
using MLNet.Gan.Torch;

namespace MLNet.Gan.Data.Tests;

[TestClass]
public sealed class DataViewTensorsTests
{
    private static readonly GanContext Ctx = new(1);

    [TestMethod]
    public void VectorColumnBecomesOneTensorWithItsDimensions()
    {
        var view = Ctx.Data.LoadFromEnumerable(TestData.AllTypes(3));
        using var t = DataViewTensors.ToTensor(view, "Features");
        CollectionAssert.AreEqual(new long[] { 3, 2, 3 }, t.Shape);
        Assert.AreEqual(ScalarType.Float32, t.Dtype);
        var expected = TestData.AllTypes(3).SelectMany(r => r.Features).ToArray();
        CollectionAssert.AreEqual(expected, t.ToArray<float>());
    }

    [TestMethod]
    public void ScalarColumnAndRowLimit()
    {
        var view = TestData.Numbers(Ctx, 10);
        using var t = DataViewTensors.ToTensor(view, "Value", maxRows: 4);
        CollectionAssert.AreEqual(new long[] { 4 }, t.Shape);
        CollectionAssert.AreEqual(new[] { 0f, 0.5f, 1f, 1.5f }, t.ToArray<float>());
    }

    [TestMethod]
    public void KeysBecomeZeroBasedInt64()
    {
        var view = Ctx.Data.LoadFromEnumerable(TestData.AllTypes(5));
        using var t = DataViewTensors.KeysToTensor(view, "Label");
        Assert.AreEqual(ScalarType.Int64, t.Dtype);
        CollectionAssert.AreEqual(new long[] { 0, 1, 2, 0, 1 }, t.ToArray<long>());
    }

    [TestMethod]
    public void MissingKeyNamesRowAndColumn()
    {
        var rows = TestData.AllTypes(3);
        rows[1].Label = 0;
        var e = Assert.ThrowsExactly<InvalidDataException>(() => DataViewTensors.KeysToTensor(Ctx.Data.LoadFromEnumerable(rows), "Label"));
        StringAssert.Contains(e.Message, "row 1 (0-based)");
        StringAssert.Contains(e.Message, "'Label'");
    }

    [TestMethod]
    public void NaNNamesRowColumnAndItem()
    {
        var rows = TestData.AllTypes(3);
        rows[2].Features[4] = float.NaN;
        var e = Assert.ThrowsExactly<InvalidDataException>(() => DataViewTensors.ToTensor(Ctx.Data.LoadFromEnumerable(rows), "Features"));
        StringAssert.Contains(e.Message, "row 2 (0-based)");
        StringAssert.Contains(e.Message, "'Features'");
        StringAssert.Contains(e.Message, "item 4");
    }

    [TestMethod]
    public void VariableSizeAndWrongTypesAreRejected()
    {
        var view = Ctx.Data.LoadFromEnumerable(TestData.AllTypes(3));
        var variable = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => DataViewTensors.ToTensor(view, "Variable"));
        StringAssert.Contains(variable.Message, "'Variable'");
        StringAssert.Contains(variable.Message, "variable-size");
        var text = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => DataViewTensors.ToTensor(view, "Text"));
        StringAssert.Contains(text.Message, "'Text'");
        StringAssert.Contains(text.Message, "String");
        var notKey = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => DataViewTensors.KeysToTensor(view, "Int32"));
        StringAssert.Contains(notKey.Message, "expected a Key");
    }

    [TestMethod]
    public void ManyChunksJoinInRowOrder()
    {
        // 600 rows of 30 000 floats = 18 M items: more than one chunk of DataViewTensors.ChunkElements.
        const int rows = 600, size = 30_000;
        var vectors = Enumerable.Range(0, rows).Select(i => new VBuffer<float>(Enumerable.Repeat((float)i, size).ToArray())).ToArray();
        var view = new InMemoryDataView.Builder().AddColumn("V", new VectorDataViewType(NumberDataViewType.Single, size), vectors).ToDataView();
        Assert.IsGreaterThan(DataViewTensors.ChunkElements, rows * size);
        using var t = DataViewTensors.ToTensor(view, "V");
        CollectionAssert.AreEqual(new long[] { rows, size }, t.Shape);
        var all = t.ToArray<float>();
        for (var i = 0; i < rows; i++)
        {
            Assert.AreEqual((float)i, all[(i * size) + 7]);
        }
    }

    [TestMethod]
    public void UnknownRowCountGrowsTheBufferAndKeepsEveryRow()
    {
        // A generator has no row count, so the buffer starts small and doubles (256 → 512 → 1024 rows).
        static IEnumerable<TableRow> Rows()
        {
            for (var i = 0; i < 1000; i++)
            {
                yield return new TableRow { Color = "c", X = i, V = [i, i + 0.25f, i + 0.5f] };
            }
        }

        var view = Ctx.Data.LoadFromEnumerable(Rows());
        Assert.IsNull(view.GetRowCount());
        using var t = DataViewTensors.ToTensor(view, "V");
        CollectionAssert.AreEqual(new long[] { 1000, 3 }, t.Shape);
        var all = t.ToArray<float>();
        CollectionAssert.AreEqual(new[] { 999f, 999.25f, 999.5f }, all[^3..]);
        CollectionAssert.AreEqual(new[] { 256f, 256.25f, 256.5f }, all[(256 * 3)..(257 * 3)]);
    }
}
