// Column types: raw value types, equality, sizes, and typed getters (including wrong-type errors).
using MLNet.Gan.Data;

namespace MLNet.Gan.Data.Tests;

[TestClass]
public sealed class ColumnTypeTests
{
    [TestMethod]
    public void RawTypesFollowMlNetConventions()
    {
        Assert.AreEqual(typeof(float), NumberDataViewType.Single.RawType);
        Assert.AreEqual(typeof(double), NumberDataViewType.Double.RawType);
        Assert.AreEqual(typeof(int), NumberDataViewType.Int32.RawType);
        Assert.AreEqual(typeof(long), NumberDataViewType.Int64.RawType);
        Assert.AreEqual(typeof(bool), BooleanDataViewType.Instance.RawType);
        Assert.AreEqual(typeof(string), TextDataViewType.Instance.RawType);
        Assert.AreEqual(typeof(uint), new KeyDataViewType(10).RawType);
        Assert.AreEqual(typeof(VBuffer<float>), new VectorDataViewType(NumberDataViewType.Single, 3).RawType);
        Assert.AreEqual(typeof(MLImage), new ImageDataViewType(28, 28).RawType);
    }

    [TestMethod]
    public void VectorSizeIsProductOfDimensionsOrUnknown()
    {
        var v = new VectorDataViewType(NumberDataViewType.Single, 1, 28, 28);
        Assert.IsTrue(v.IsKnownSize);
        Assert.AreEqual(784, v.Size);
        CollectionAssert.AreEqual(new[] { 1, 28, 28 }, v.Dimensions.ToArray());
        var variable = new VectorDataViewType(NumberDataViewType.Single);
        Assert.IsFalse(variable.IsKnownSize);
        Assert.AreEqual(0, variable.Size);
        Assert.AreEqual(new VectorDataViewType(NumberDataViewType.Single, 1, 28, 28), v);
        Assert.AreNotEqual(new VectorDataViewType(NumberDataViewType.Single, 28, 28), v);
        Assert.AreNotEqual(new VectorDataViewType(NumberDataViewType.Double, 1, 28, 28), v);
    }

    [TestMethod]
    public void KeyAndImageTypesCompareByCountAndSize()
    {
        Assert.AreEqual(new KeyDataViewType(10), new KeyDataViewType(10UL));
        Assert.AreNotEqual(new KeyDataViewType(10), new KeyDataViewType(9));
        Assert.IsFalse(KeyDataViewType.CountUnknown.IsCountKnown);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new KeyDataViewType(0));
        Assert.AreEqual(new ImageDataViewType(28, 28), new ImageDataViewType(28, 28));
        Assert.AreNotEqual(new ImageDataViewType(28, 28), new ImageDataViewType());
        Assert.IsFalse(new ImageDataViewType().IsKnownSize);
        Assert.ThrowsExactly<ArgumentException>(() => new ImageDataViewType(28, 0));
    }

    [TestMethod]
    public void EveryColumnTypeReadsBackThroughItsGetter()
    {
        var ctx = new GanContext(1);
        var rows = TestData.AllTypes(4);
        var view = ctx.Data.LoadFromEnumerable(rows);
        var s = view.Schema;
        Assert.AreEqual(NumberDataViewType.Single, s["Single"].Type);
        Assert.AreEqual(new KeyDataViewType(3), s["Label"].Type);
        Assert.AreEqual(new VectorDataViewType(NumberDataViewType.Single, 2, 3), s["Features"].Type);
        Assert.AreEqual(new ImageDataViewType(2, 2), s["Picture"].Type);
        Assert.AreEqual(new VectorDataViewType(NumberDataViewType.Single), s["Variable"].Type);
        Assert.IsNull(s.GetColumnOrNull("Ignored"));
        Assert.IsNull(s.GetColumnOrNull("Original"));

        CollectionAssert.AreEqual(rows.Select(r => r.Single).ToArray(), view.GetColumn<float>("Single").ToArray());
        CollectionAssert.AreEqual(rows.Select(r => r.Double).ToArray(), view.GetColumn<double>("Double").ToArray());
        CollectionAssert.AreEqual(rows.Select(r => r.Int32).ToArray(), view.GetColumn<int>("Int32").ToArray());
        CollectionAssert.AreEqual(rows.Select(r => r.Int64).ToArray(), view.GetColumn<long>("Int64").ToArray());
        CollectionAssert.AreEqual(rows.Select(r => r.Flag).ToArray(), view.GetColumn<bool>("Flag").ToArray());
        CollectionAssert.AreEqual(rows.Select(r => r.Text).ToArray(), view.GetColumn<string>("Text").ToArray());
        CollectionAssert.AreEqual(rows.Select(r => r.Label).ToArray(), view.GetColumn<uint>("Label").ToArray());
        CollectionAssert.AreEqual(rows.Select(r => r.Original).ToArray(), view.GetColumn<int>("Renamed").ToArray());
        var features = view.GetColumn<VBuffer<float>>("Features").ToArray();
        for (var i = 0; i < rows.Length; i++)
        {
            CollectionAssert.AreEqual(rows[i].Features, features[i].ToArray());
        }

        var images = view.GetColumn<MLImage>("Picture").ToArray();
        Assert.AreEqual(2, images[3].Width);
        Assert.AreEqual((byte)3, images[3].Pixels[0]);
        CollectionAssert.AreEqual(new[] { 0, 1, 2, 3 }, view.GetColumn<VBuffer<float>>("Variable").Select(v => v.Length).ToArray());
    }

    [TestMethod]
    public void WrongTypeGetterNamesColumnAskedTypeAndActualType()
    {
        var view = new GanContext(1).Data.LoadFromEnumerable(TestData.AllTypes(2));
        using var cursor = view.GetRowCursorForAllColumns();
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => cursor.GetGetter<int>(view.Schema["Features"]));
        StringAssert.Contains(e.Message, "'Features'");
        StringAssert.Contains(e.Message, "Int32");
        StringAssert.Contains(e.Message, "VBuffer<Single>");
    }

    [TestMethod]
    public void InactiveColumnGetterIsRefused()
    {
        var view = new GanContext(1).Data.LoadFromEnumerable(TestData.AllTypes(2));
        using var cursor = view.GetRowCursor(view.Schema["Single"]);
        Assert.IsTrue(cursor.IsColumnActive(view.Schema["Single"]));
        Assert.IsFalse(cursor.IsColumnActive(view.Schema["Text"]));
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => cursor.GetGetter<string>(view.Schema["Text"]));
        StringAssert.Contains(e.Message, "'Text'");
    }

    [TestMethod]
    public void SchemaHidesEarlierColumnOfSameNameAndNamesMissingOnes()
    {
        var b = new DataViewSchema.Builder();
        b.AddColumn("A", NumberDataViewType.Single);
        b.AddColumn("B", TextDataViewType.Instance);
        b.AddColumn("A", NumberDataViewType.Int32);
        var s = b.ToSchema();
        Assert.AreEqual(3, s.Count);
        Assert.IsTrue(s[0].IsHidden);
        Assert.AreEqual(2, s["A"].Index);
        Assert.AreEqual(NumberDataViewType.Int32, s["A"].Type);
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => s["Missing"]);
        StringAssert.Contains(e.Message, "'Missing'");
        StringAssert.Contains(e.Message, "'B'");
    }

    [TestMethod]
    public void KeyValuesAnnotationCarriesClassNames()
    {
        var names = new[] { "cat", "dog" };
        var b = new DataViewSchema.Builder();
        b.AddColumn("Label", new KeyDataViewType(2), AnnotationUtils.KeyValuesAnnotation(names));
        var column = b.ToSchema()["Label"];
        Assert.IsTrue(column.HasKeyValues());
        VBuffer<string> values = default;
        column.GetKeyValues(ref values);
        CollectionAssert.AreEqual(names, values.ToArray());
        CollectionAssert.AreEqual(names, column.GetKeyValueNames());
    }
}
