// LoadFromEnumerable / CreateEnumerable: attribute mapping, round trips and errors that name row and column.
using MLNet.Gan.Data;

namespace MLNet.Gan.Data.Tests;

[TestClass]
public sealed class EnumerableTests
{
    [TestMethod]
    public void RowsRoundTripThroughADataView()
    {
        var ctx = new GanContext(1);
        var rows = TestData.AllTypes(5);
        var back = ctx.Data.CreateEnumerable<AllTypesRow>(ctx.Data.LoadFromEnumerable(rows)).ToArray();
        Assert.HasCount(5, back);
        for (var i = 0; i < rows.Length; i++)
        {
            Assert.AreEqual(rows[i].Single, back[i].Single);
            Assert.AreEqual(rows[i].Double, back[i].Double);
            Assert.AreEqual(rows[i].Int32, back[i].Int32);
            Assert.AreEqual(rows[i].Int64, back[i].Int64);
            Assert.AreEqual(rows[i].Flag, back[i].Flag);
            Assert.AreEqual(rows[i].Text, back[i].Text);
            Assert.AreEqual(rows[i].Label, back[i].Label);
            Assert.AreEqual(rows[i].Original, back[i].Original);
            Assert.AreEqual(0, back[i].Ignored, "[NoColumn] members are not filled");
            CollectionAssert.AreEqual(rows[i].Features, back[i].Features);
            CollectionAssert.AreEqual(rows[i].Variable, back[i].Variable);
            CollectionAssert.AreEqual(rows[i].Picture!.Pixels, back[i].Picture!.Pixels);
        }
    }

    [TestMethod]
    public void ReuseRowObjectRefillsOneObject()
    {
        var ctx = new GanContext(1);
        var view = ctx.Data.LoadFromEnumerable(TestData.Table());
        var seen = new List<TableRow>();
        var colors = new List<string>();
        foreach (var row in ctx.Data.CreateEnumerable<TableRow>(view, reuseRowObject: true))
        {
            seen.Add(row);
            colors.Add(row.Color);
        }

        Assert.AreEqual(1, seen.Distinct().Count());
        CollectionAssert.AreEqual(new[] { "red", "green", "red", "blue" }, colors);
    }

    [TestMethod]
    public void EnumerableViewIsLazyAndReEnumeratesPerCursor()
    {
        var ctx = new GanContext(1);
        var produced = 0;
        IEnumerable<TableRow> Source()
        {
            foreach (var r in TestData.Table())
            {
                produced++;
                yield return r;
            }
        }

        var view = ctx.Data.LoadFromEnumerable(Source());
        Assert.AreEqual(0, produced);
        Assert.IsNull(view.GetRowCount());
        Assert.AreEqual(4L, view.CountRows());
        Assert.AreEqual(4L, view.CountRows());
        Assert.AreEqual(8, produced);
    }

    [TestMethod]
    public void WrongVectorLengthNamesRowAndColumn()
    {
        var ctx = new GanContext(1);
        var rows = TestData.Table();
        rows[2].V = [1, 2];
        var e = Assert.ThrowsExactly<InvalidDataException>(() => ctx.Data.LoadFromEnumerable(rows).GetColumn<VBuffer<float>>("V").ToArray());
        StringAssert.Contains(e.Message, "row 2 (0-based)");
        StringAssert.Contains(e.Message, "'V'");
        StringAssert.Contains(e.Message, "2 items");
    }

    [TestMethod]
    public void SchemaDefinitionCanSetVectorSizeAtRunTime()
    {
        var ctx = new GanContext(1);
        var def = SchemaDefinition.Create(typeof(AllTypesRow));
        def["Variable"].ColumnType = new VectorDataViewType(NumberDataViewType.Single, 2);
        var rows = TestData.AllTypes(3);
        foreach (var r in rows)
        {
            r.Variable = [1, 2];
        }

        var view = ctx.Data.LoadFromEnumerable(rows, def);
        Assert.AreEqual(2, ((VectorDataViewType)view.Schema["Variable"].Type).Size);
    }

    [TestMethod]
    public void CreateEnumerableNamesMissingAndMistypedColumns()
    {
        var ctx = new GanContext(1);
        var view = TestData.Numbers(ctx, 2);
        var missing = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ctx.Data.CreateEnumerable<TableRow>(view).ToArray());
        StringAssert.Contains(missing.Message, "'Color'");
        var renamed = new InMemoryDataView.Builder()
            .AddColumn("Color", NumberDataViewType.Int32, [1, 2])
            .AddColumn("X", NumberDataViewType.Single, [1f, 2f])
            .AddColumn("V", new VectorDataViewType(NumberDataViewType.Single, 3), [new VBuffer<float>([1, 2, 3]), new VBuffer<float>([1, 2, 3])])
            .ToDataView();
        var mistyped = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ctx.Data.CreateEnumerable<TableRow>(renamed).ToArray());
        StringAssert.Contains(mistyped.Message, "'Color'");
        StringAssert.Contains(mistyped.Message, "Int32");
        StringAssert.Contains(mistyped.Message, "String");
    }

    [TestMethod]
    public void IgnoreMissingColumnsFillsOnlyThePresentMembers()
    {
        var ctx = new GanContext(1);
        var view = ctx.Transforms.DropColumns("V").Fit(ctx.Data.LoadFromEnumerable(TestData.Table())).Transform(ctx.Data.LoadFromEnumerable(TestData.Table()));
        var definition = SchemaDefinition.Create(typeof(TableRow));
        var rows = ctx.Data.CreateEnumerable<TableRow>(view, ignoreMissingColumns: true, schemaDefinition: definition).ToArray();
        CollectionAssert.AreEqual(new[] { "red", "green", "red", "blue" }, rows.Select(r => r.Color).ToArray());
        Assert.IsEmpty(rows[0].V);
        Assert.HasCount(3, definition, "the caller's definition is not changed");
    }

    private sealed class Unsupported
    {
        public DateTime When { get; set; }
    }

    [TestMethod]
    public void UnsupportedMemberTypeIsRejectedNamingTheMember()
    {
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => SchemaDefinition.Create(typeof(Unsupported)));
        StringAssert.Contains(e.Message, "Unsupported.When");
        StringAssert.Contains(e.Message, "DateTime");
    }

    [TestMethod]
    public void KeyValueNamesAttributeNamesTheClassesOfAKeyMember()
    {
        var ctx = new GanContext(1);
        var data = ctx.Data.LoadFromEnumerable(new[] { new LabelledRow { Label = 2 }, new LabelledRow { Label = 3 } });
        CollectionAssert.AreEqual(new[] { "bag", "coat", "sneaker" }, data.Schema["Label"].GetKeyValueNames());
        var names = ctx.Transforms.Conversion.MapKeyToValue("Name", "Label").Fit(data).Transform(data);
        CollectionAssert.AreEqual(new[] { "coat", "sneaker" }, names.GetColumn<string>("Name").ToArray());

        var e = Assert.ThrowsExactly<InvalidOperationException>(() => ctx.Data.LoadFromEnumerable(new[] { new MiscountedRow() }));
        StringAssert.Contains(e.Message, "MiscountedRow.Label");
        StringAssert.Contains(e.Message, "needs 3 names");
        StringAssert.Contains(e.Message, "found 2");
    }

    [TestMethod]
    public void SchemaDefinitionAnnotationsNameTheClassesOfAKeyColumn()
    {
        var ctx = new GanContext(1);
        var def = SchemaDefinition.Create(typeof(AllTypesRow));
        Assert.IsNull(def["Label"].Annotations);
        def["Label"].Annotations = AnnotationUtils.KeyValuesAnnotation(["x", "y", "z"]);
        var view = ctx.Data.LoadFromEnumerable(TestData.AllTypes(3), def);
        CollectionAssert.AreEqual(new[] { "x", "y", "z" }, view.Schema["Label"].GetKeyValueNames());
    }

    public sealed class LabelledRow
    {
        [KeyType(3)]
        [KeyValueNames("bag", "coat", "sneaker")]
        public uint Label;
    }

    public sealed class MiscountedRow
    {
        [KeyType(3)]
        [KeyValueNames("bag", "coat")]
        public uint Label;
    }
}
