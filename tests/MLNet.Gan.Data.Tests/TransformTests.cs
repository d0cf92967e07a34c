// Every estimator of ctx.Transforms through EstimatorChecks, plus checks of the values they produce.
using MLNet.Gan.Data;
using MLNet.Gan.TestUtilities;

namespace MLNet.Gan.Data.Tests;

[TestClass]
public sealed class TransformTests
{
    private static readonly GanContext Ctx = new(1);

    private static IDataView Table() => Ctx.Data.LoadFromEnumerable(TestData.Table());

    // The same column names as Table() with types no transform here accepts for them.
    private static IDataView BadTable() => new InMemoryDataView.Builder()
        .AddColumn("Color", new VectorDataViewType(NumberDataViewType.Single, 2), [new VBuffer<float>([1, 2])])
        .AddColumn("X", TextDataViewType.Instance, ["x"])
        .AddColumn("V", TextDataViewType.Instance, ["v"])
        .ToDataView();

    [TestMethod]
    public void MapValueToKeyLearnsKeysInOccurrenceOrderWithClassNames()
    {
        var t = EstimatorChecks.Run(Ctx.Transforms.Conversion.MapValueToKey("Label", "Color"), Table(), badData: BadTable(), badColumnName: "Color");
        var output = t.Transform(Table());
        Assert.AreEqual(new KeyDataViewType(3), output.Schema["Label"].Type);
        CollectionAssert.AreEqual(new uint[] { 1, 2, 1, 3 }, output.GetColumn<uint>("Label").ToArray());
        CollectionAssert.AreEqual(new[] { "red", "green", "blue" }, output.Schema["Label"].GetKeyValueNames());
    }

    [TestMethod]
    public void MapValueToKeyRejectsVectorInputNamingIt()
    {
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Ctx.Transforms.Conversion.MapValueToKey("K", "V").GetOutputSchema(Table().Schema));
        StringAssert.Contains(e.Message, "'V'");
        StringAssert.Contains(e.Message, "Vector<Single, 3>");
        StringAssert.Contains(e.Message, "expected a scalar String, number or Boolean");
    }

    [TestMethod]
    public void MapValueToKeyByValueSortsAndUnseenValuesMapToZero()
    {
        var t = Ctx.Transforms.Conversion.MapValueToKey("Label", "Color", keyOrdinality: ValueToKeyMappingEstimator.KeyOrdinality.ByValue).Fit(Table());
        var other = Ctx.Data.LoadFromEnumerable(new[] { new TableRow { Color = "green", V = [0, 0, 0] }, new TableRow { Color = "purple", V = [0, 0, 0] } });
        CollectionAssert.AreEqual(new uint[] { 2, 0 }, t.Transform(other).GetColumn<uint>("Label").ToArray());
        CollectionAssert.AreEqual(new[] { "blue", "green", "red" }, t.GetOutputSchema(other.Schema)["Label"].GetKeyValueNames());
    }

    [TestMethod]
    public void MapValueToKeyOnNumbersKeepsNumericKeyValues()
    {
        var t = EstimatorChecks.Run(Ctx.Transforms.Conversion.MapValueToKey("K", "X"), Table());
        CollectionAssert.AreEqual(new[] { "1", "-2", "3", "0.5" }, t.GetOutputSchema(Table().Schema)["K"].GetKeyValueNames());
    }

    [TestMethod]
    public void MapKeyToValueInvertsMapValueToKey()
    {
        var pipeline = Ctx.Transforms.Conversion.MapValueToKey("Label", "Color")
            .Append(Ctx.Transforms.Conversion.MapKeyToValue("Name", "Label"));
        var t = EstimatorChecks.Run(pipeline, Table());
        CollectionAssert.AreEqual(new[] { "red", "green", "red", "blue" }, t.Transform(Table()).GetColumn<string>("Name").ToArray());
        var keyed = Ctx.Transforms.Conversion.MapValueToKey("Label", "Color").Fit(Table()).Transform(Table());
        EstimatorChecks.Run(Ctx.Transforms.Conversion.MapKeyToValue("Name", "Label"), keyed, badData: Table(), badColumnName: "Label");
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Ctx.Transforms.Conversion.MapKeyToValue("Name", "Color").GetOutputSchema(Table().Schema));
        StringAssert.Contains(e.Message, "'Color'");
        StringAssert.Contains(e.Message, "expected a Key");
    }

    [TestMethod]
    public void ConcatenateJoinsScalarsAndVectorsInOrder()
    {
        var t = EstimatorChecks.Run(Ctx.Transforms.Concatenate("All", "X", "V", "X"), Table(), badData: BadTable(), badColumnName: "X");
        var output = t.Transform(Table());
        Assert.AreEqual(new VectorDataViewType(NumberDataViewType.Single, 5), output.Schema["All"].Type);
        CollectionAssert.AreEqual(new[] { -2f, 4, 5, 6, -2 }, output.GetColumn<VBuffer<float>>("All").ElementAt(1).ToArray());
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Ctx.Transforms.Concatenate("All", "X", "Color").GetOutputSchema(Table().Schema));
        StringAssert.Contains(e.Message, "'Color'");
        StringAssert.Contains(e.Message, "String");
    }

    [TestMethod]
    public void CopyColumnsDuplicatesValuesAndAnnotations()
    {
        var keyed = Ctx.Transforms.Conversion.MapValueToKey("Label", "Color").Fit(Table()).Transform(Table());
        var t = EstimatorChecks.Run(Ctx.Transforms.CopyColumns("Label2", "Label"), keyed, badData: Table(), badColumnName: "Label");
        var output = t.Transform(keyed);
        CollectionAssert.AreEqual(output.GetColumn<uint>("Label").ToArray(), output.GetColumn<uint>("Label2").ToArray());
        CollectionAssert.AreEqual(new[] { "red", "green", "blue" }, output.Schema["Label2"].GetKeyValueNames());
    }

    [TestMethod]
    public void DropAndSelectColumnsShapeTheSchema()
    {
        var dropped = EstimatorChecks.Run(Ctx.Transforms.DropColumns("V"), Table(), badData: TestData.Numbers(Ctx, 2), badColumnName: "V");
        CollectionAssert.AreEqual(new[] { "Color", "X" }, dropped.GetOutputSchema(Table().Schema).Select(c => c.Name).ToArray());
        var selected = EstimatorChecks.Run(Ctx.Transforms.SelectColumns("X", "Color"), Table(), badData: TestData.Numbers(Ctx, 2), badColumnName: "X");
        var output = selected.Transform(Table());
        CollectionAssert.AreEqual(new[] { "X", "Color" }, output.Schema.Select(c => c.Name).ToArray());
        CollectionAssert.AreEqual(new[] { "red", "green", "red", "blue" }, output.GetColumn<string>("Color").ToArray());
    }

    [TestMethod]
    public void NormalizeMinMaxScalesToUnitRangeSlotBySlot()
    {
        // V slots over the rows: [1,4,7,0] [2,5,8,-1] [3,6,9,2]; fixZero=false maps each slot's min→0, max→1.
        var t = EstimatorChecks.Run(Ctx.Transforms.NormalizeMinMax("N", "V", fixZero: false), Table(), badData: BadTable(), badColumnName: "V");
        var rows = t.Transform(Table()).GetColumn<VBuffer<float>>("N").Select(v => v.ToArray()).ToArray();
        AssertClose([1f / 7, 3f / 9, 1f / 7], rows[0]);
        AssertClose([0f, 0f, 0f], rows[3]);
        AssertClose([1f, 1f, 1f], rows[2]);
        AssertClose([4f / 7, 6f / 9, 4f / 7], rows[1]);
    }

    [TestMethod]
    public void NormalizeMinMaxWithFixZeroDividesByLargestMagnitude()
    {
        // X = 1, -2, 3, 0.5 → largest magnitude 3.
        var t = EstimatorChecks.Run(Ctx.Transforms.NormalizeMinMax("X"), Table(), badData: BadTable(), badColumnName: "X");
        AssertClose([1f / 3, -2f / 3, 1f, 0.5f / 3], t.Transform(Table()).GetColumn<float>("X").ToArray());
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Ctx.Transforms.NormalizeMinMax("Color").Fit(Table()));
        StringAssert.Contains(e.Message, "'Color'");
    }

    private static void AssertClose(float[] expected, float[] actual)
    {
        Assert.HasCount(expected.Length, actual);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.AreEqual(expected[i], actual[i], 1e-6f, $"item {i}");
        }
    }

    [TestMethod]
    public void MapValueToKeyColumnOptionsMatchThePlainOverloadAndSetEachColumnApart()
    {
        var byValue = ValueToKeyMappingEstimator.KeyOrdinality.ByValue;
        DataViewAssert.Equal(
            Ctx.Transforms.Conversion.MapValueToKey("Label", "Color", keyOrdinality: byValue).Fit(Table()).Transform(Table()),
            Ctx.Transforms.Conversion.MapValueToKey([new ValueToKeyMappingEstimator.ColumnOptions("Label", "Color", keyOrdinality: byValue)]).Fit(Table()).Transform(Table()));

        // One estimator, two columns with their own key limit and order.
        var t = EstimatorChecks.Run(
            Ctx.Transforms.Conversion.MapValueToKey(
            [
                new ValueToKeyMappingEstimator.ColumnOptions("First", "Color", maximumNumberOfKeys: 2),
                new ValueToKeyMappingEstimator.ColumnOptions("Sorted", "Color", keyOrdinality: byValue),
            ]),
            Table());
        var output = t.Transform(Table());
        CollectionAssert.AreEqual(new uint[] { 1, 2, 1, 0 }, output.GetColumn<uint>("First").ToArray(), "blue is past the 2 keys");
        CollectionAssert.AreEqual(new[] { "red", "green" }, output.Schema["First"].GetKeyValueNames());
        CollectionAssert.AreEqual(new uint[] { 3, 2, 3, 1 }, output.GetColumn<uint>("Sorted").ToArray());
    }

    [TestMethod]
    public void MapValueToKeyWithKeyDataTakesTheKeysFromIt()
    {
        var classes = Ctx.Data.LoadFromEnumerable(new[] { "yellow", "red", "green", "blue" }.Select(n => new NameRow { Name = n }).ToList());
        var t = EstimatorChecks.Run(Ctx.Transforms.Conversion.MapValueToKey("Label", "Color", keyData: classes), Table());
        var output = t.Transform(Table());
        Assert.AreEqual(new KeyDataViewType(4), output.Schema["Label"].Type, "yellow has a key though the data lacks it");
        CollectionAssert.AreEqual(new[] { "yellow", "red", "green", "blue" }, output.Schema["Label"].GetKeyValueNames());
        CollectionAssert.AreEqual(new uint[] { 2, 3, 2, 4 }, output.GetColumn<uint>("Label").ToArray());

        var two = Assert.ThrowsExactly<ArgumentException>(() => Ctx.Transforms.Conversion.MapValueToKey("Label", "Color", keyData: Table()));
        StringAssert.Contains(two.Message, "exactly one column");
        var numbers = TestData.Numbers(Ctx, 3);
        var keyData = Ctx.Transforms.SelectColumns("Value").Fit(numbers).Transform(numbers);
        var wrongType = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Ctx.Transforms.Conversion.MapValueToKey("Label", "Color", keyData: keyData).Fit(Table()));
        StringAssert.Contains(wrongType.Message, "'Value'");
        StringAssert.Contains(wrongType.Message, "'Color'");
        StringAssert.Contains(wrongType.Message, "expected String");
    }

    [TestMethod]
    public void NormalizeMinMaxOptionsMatchThePlainOverload()
    {
        var options = new NormalizingEstimator.MinMaxColumnOptions { OutputColumnName = "N", InputColumnName = "V", EnsureZeroUntouched = false, MaximumExampleCount = 2 };
        var viaOptions = Ctx.Transforms.NormalizeMinMax(options).Fit(Table());
        var plain = Ctx.Transforms.NormalizeMinMax("N", "V", maximumExampleCount: 2, fixZero: false).Fit(Table());
        DataViewAssert.Equal(plain.Transform(Table()), viaOptions.Transform(Table()));
        CollectionAssert.AreEqual(new[] { 1f / 3, 1f / 3, 1f / 3 }, viaOptions.Scale.ToArray(), "learned from the first 2 rows only");
    }

    public sealed class NameRow
    {
        public string Name = string.Empty;
    }
}
