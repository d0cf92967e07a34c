// ctx.Data operations: shuffle (source order and pool), split (with a sampling key), take/skip, filter, cache.
using MLNet.Gan.Data;

namespace MLNet.Gan.Data.Tests;

[TestClass]
public sealed class DataOperationsTests
{
    [TestMethod]
    public void ShuffleIsAPermutationAndDeterministicForASeed()
    {
        var ctx = new GanContext(1);
        var data = TestData.Numbers(ctx, 50);
        var a = ctx.Data.ShuffleRows(data, seed: 7).GetColumn<int>("Id").ToArray();
        var b = ctx.Data.ShuffleRows(data, seed: 7).GetColumn<int>("Id").ToArray();
        var c = ctx.Data.ShuffleRows(data, seed: 8).GetColumn<int>("Id").ToArray();
        CollectionAssert.AreEqual(a, b, "same seed, same order");
        CollectionAssert.AreNotEqual(a, c, "another seed, another order");
        CollectionAssert.AreNotEqual(Enumerable.Range(0, 50).ToArray(), a, "rows were shuffled");
        CollectionAssert.AreEquivalent(Enumerable.Range(0, 50).ToArray(), a, "every row exactly once");

        // Rows stay whole: Value is still Id / 2 after shuffling.
        var shuffled = ctx.Data.ShuffleRows(data, seed: 7);
        var values = shuffled.GetColumn<float>("Value").ToArray();
        for (var i = 0; i < a.Length; i++)
        {
            Assert.AreEqual(a[i] * 0.5f, values[i]);
        }
    }

    [TestMethod]
    public void ContextSeedMakesShuffleReproducibleAcrossContexts()
    {
        var first = new GanContext(42);
        var second = new GanContext(42);
        CollectionAssert.AreEqual(
            first.Data.ShuffleRows(TestData.Numbers(first, 20)).GetColumn<int>("Id").ToArray(),
            second.Data.ShuffleRows(TestData.Numbers(second, 20)).GetColumn<int>("Id").ToArray());
    }

    [TestMethod]
    public void TrainTestSplitSizesArePartitionAndDeterministic()
    {
        var ctx = new GanContext(1);
        var data = TestData.Numbers(ctx, 100);
        var split = ctx.Data.TrainTestSplit(data, testFraction: 0.2, seed: 3);
        var train = split.TrainSet.GetColumn<int>("Id").ToArray();
        var test = split.TestSet.GetColumn<int>("Id").ToArray();
        Assert.HasCount(80, train);
        Assert.HasCount(20, test);
        Assert.AreEqual(80L, split.TrainSet.GetRowCount());
        CollectionAssert.AreEquivalent(Enumerable.Range(0, 100).ToArray(), train.Concat(test).ToArray());
        CollectionAssert.AreEqual(train.Order().ToArray(), train, "input order is kept");
        var again = ctx.Data.TrainTestSplit(data, testFraction: 0.2, seed: 3).TestSet.GetColumn<int>("Id").ToArray();
        CollectionAssert.AreEqual(test, again);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ctx.Data.TrainTestSplit(data, testFraction: 1.0));
    }

    [TestMethod]
    public void TakeSkipAndFilterSelectTheExpectedRows()
    {
        var ctx = new GanContext(1);
        var data = TestData.Numbers(ctx, 10);
        CollectionAssert.AreEqual(new[] { 0, 1, 2 }, ctx.Data.TakeRows(data, 3).GetColumn<int>("Id").ToArray());
        Assert.AreEqual(3L, ctx.Data.TakeRows(data, 3).GetRowCount());
        CollectionAssert.AreEqual(new[] { 8, 9 }, ctx.Data.SkipRows(data, 8).GetColumn<int>("Id").ToArray());
        CollectionAssert.AreEqual(new[] { 3, 4 }, ctx.Data.TakeRows(ctx.Data.SkipRows(data, 3), 2).GetColumn<int>("Id").ToArray());
        CollectionAssert.AreEqual(
            new[] { 2, 3, 4 },
            ctx.Data.FilterRowsByColumn(data, "Value", lowerBound: 1.0, upperBound: 2.5).GetColumn<int>("Id").ToArray());
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ctx.Data.FilterRowsByColumn(data, "Missing", 0, 1));
        StringAssert.Contains(e.Message, "'Missing'");
    }

    [TestMethod]
    public void CacheReadsTheInputOnceAndServesLaterCursorsFromMemory()
    {
        var ctx = new GanContext(1);
        var t = new CountingTransformer();
        var cached = ctx.Data.Cache(t.Transform(TestData.Numbers(ctx, 4)));
        Assert.AreEqual(0, t.Computations, "Cache is lazy");
        CollectionAssert.AreEqual(new[] { 0f, 1f, 2f, 3f }, cached.GetColumn<float>("Doubled").ToArray());
        CollectionAssert.AreEqual(new[] { 0f, 1f, 2f, 3f }, cached.GetColumn<float>("Doubled").ToArray());
        Assert.AreEqual(4, t.Computations, "each value computed once");
        Assert.IsTrue(cached.CanShuffle);
        Assert.AreEqual(4L, cached.GetRowCount());
    }

    [TestMethod]
    public void InMemoryCursorWithRandomVisitsEveryRowOnce()
    {
        var ctx = new GanContext(1);
        var data = TestData.Numbers(ctx, 30);
        using var cursor = data.GetRowCursor(data.Schema, new Random(5));
        var g = cursor.GetGetter<int>(data.Schema["Id"]);
        var ids = new List<int>();
        while (cursor.MoveNext())
        {
            var v = 0;
            g(ref v);
            ids.Add(v);
        }

        CollectionAssert.AreEquivalent(Enumerable.Range(0, 30).ToArray(), ids);
        CollectionAssert.AreNotEqual(Enumerable.Range(0, 30).ToArray(), ids);
    }

    [TestMethod]
    public void PreviewShowsTheFirstRowsByRowAndByColumn()
    {
        var ctx = new GanContext(1);
        var preview = ctx.Data.LoadFromEnumerable(TestData.Table()).Preview(maxRows: 2);
        Assert.HasCount(2, preview.RowView);
        Assert.AreEqual("Color: red, X: 1, V: [1, 2, 3]", preview.RowView[0].ToString());
        CollectionAssert.AreEqual(new object[] { "red", "green" }, preview.ColumnView[0].Values.ToArray());
        CollectionAssert.AreEqual(new[] { 4f, 5f, 6f }, (float[])preview.ColumnView[2].Values[1]!);
    }

    [TestMethod]
    public void AppendRowsReadsEveryViewInTurn()
    {
        var ctx = new GanContext(1);
        var first = TestData.Numbers(ctx, 3);
        var second = ctx.Data.SkipRows(TestData.Numbers(ctx, 5), 3);
        var both = ctx.Data.AppendRows(first, second, first);
        Assert.AreEqual(8L, both.GetRowCount());
        CollectionAssert.AreEqual(new[] { 0, 1, 2, 3, 4, 0, 1, 2 }, both.GetColumn<int>("Id").ToArray());
        CollectionAssert.AreEqual(new[] { 0f, 0.5f, 1f, 1.5f, 2f, 0f, 0.5f, 1f }, both.GetColumn<float>("Value").ToArray());

        var other = ctx.Data.LoadFromEnumerable(TestData.Table());
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ctx.Data.AppendRows(first, other));
        StringAssert.Contains(e.Message, "view 1");
        StringAssert.Contains(e.Message, "'Id'");
    }

    [TestMethod]
    public void ShuffleAndSplitTakeMLNetsParametersAndDefaults()
    {
        var shuffle = typeof(DataOperationsCatalog).GetMethod(nameof(DataOperationsCatalog.ShuffleRows))!.GetParameters();
        CollectionAssert.AreEqual(new[] { "input", "seed", "shufflePoolSize", "shuffleSource" }, shuffle.Select(p => p.Name).ToArray());
        CollectionAssert.AreEqual(new object?[] { null, 1000, true }, shuffle.Skip(1).Select(p => p.DefaultValue).ToArray());
        var split = typeof(DataOperationsCatalog).GetMethod(nameof(DataOperationsCatalog.TrainTestSplit))!.GetParameters();
        CollectionAssert.AreEqual(new[] { "data", "testFraction", "samplingKeyColumnName", "seed" }, split.Select(p => p.Name).ToArray());
        CollectionAssert.AreEqual(new object?[] { 0.1, null, null }, split.Skip(1).Select(p => p.DefaultValue).ToArray());
    }

    [TestMethod]
    public void PoolShuffleOfASequentialSourceMovesRowsOnlyThroughThePool()
    {
        var ctx = new GanContext(1);
        var data = ctx.Data.LoadFromEnumerable(Enumerable.Range(0, 200).Select(i => new IdRow { Id = i }).ToList());
        Assert.IsFalse(data.CanShuffle);
        var shuffled = ctx.Data.ShuffleRows(data, seed: 3, shufflePoolSize: 10);
        var ids = shuffled.GetColumn<int>("Id").ToArray();
        CollectionAssert.AreEqual(ids, shuffled.GetColumn<int>("Id").ToArray(), "every cursor gives the same order");
        CollectionAssert.AreEquivalent(Enumerable.Range(0, 200).ToArray(), ids, "every row exactly once");
        CollectionAssert.AreNotEqual(Enumerable.Range(0, 200).ToArray(), ids);
        for (var p = 0; p < ids.Length; p++)
        {
            // When the p-th row is emitted the pool has read at most p + 10 input rows.
            Assert.IsLessThan(p + 10, ids[p], $"output row {p} came from input row {ids[p]}, beyond the pool");
        }

        // A pool as large as the input draws from all of it at once.
        var whole = ctx.Data.ShuffleRows(data, seed: 3, shufflePoolSize: 1000).GetColumn<int>("Id").Take(10).ToArray();
        Assert.IsGreaterThan(50, whole.Max(), string.Join(", ", whole));
    }

    [TestMethod]
    public void ShuffleSourceReadsAShuffleableInputInRandomOrderAndAPoolOfOneWithoutItWarns()
    {
        var ctx = new GanContext(1);
        var warnings = new List<string>();
        ctx.Log += (_, e) => warnings.Add(e.Message);
        var data = TestData.Numbers(ctx, 100);
        var source = ctx.Data.ShuffleRows(data, seed: 4, shufflePoolSize: 1).GetColumn<int>("Id").ToArray();
        CollectionAssert.AreEquivalent(Enumerable.Range(0, 100).ToArray(), source);
        Assert.IsGreaterThan(80, source.Take(5).Max(), "the source is read as a full permutation");
        Assert.IsEmpty(warnings);

        var kept = ctx.Data.ShuffleRows(data, seed: 4, shufflePoolSize: 1, shuffleSource: false).GetColumn<int>("Id").ToArray();
        CollectionAssert.AreEqual(Enumerable.Range(0, 100).ToArray(), kept);
        Assert.HasCount(1, warnings);
        StringAssert.Contains(warnings[0], "keep their order");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ctx.Data.ShuffleRows(data, shufflePoolSize: 0));
    }

    [TestMethod]
    public void SamplingKeyKeepsRowsOfOneValueOnOneSide()
    {
        var ctx = new GanContext(1);
        var rows = Enumerable.Range(0, 100).Select(i => new GroupRow { Id = i, Group = $"g{i % 13}", Score = i % 7 }).ToList();
        var data = ctx.Data.LoadFromEnumerable(rows);
        foreach (var key in new[] { "Group", "Score" })
        {
            var split = ctx.Data.TrainTestSplit(data, testFraction: 0.3, samplingKeyColumnName: key, seed: 5);
            var train = split.TrainSet.GetColumn<int>("Id").ToArray();
            var test = split.TestSet.GetColumn<int>("Id").ToArray();
            CollectionAssert.AreEquivalent(Enumerable.Range(0, 100).ToArray(), train.Concat(test).ToArray(), key);
            Func<int, object> value = key == "Group" ? i => rows[i].Group : i => rows[i].Score;
            var trainValues = train.Select(value).ToHashSet();
            Assert.IsFalse(test.Select(value).Any(trainValues.Contains), $"{key}: a value on both sides");
            var largestGroup = rows.GroupBy(r => value(r.Id)).Max(g => g.Count());
            Assert.IsLessThanOrEqualTo(largestGroup, Math.Abs(test.Length - 30), $"{key}: test set of {test.Length} rows, target 30");
            CollectionAssert.AreEqual(test, ctx.Data.TrainTestSplit(data, 0.3, key, seed: 5).TestSet.GetColumn<int>("Id").ToArray(), "same seed, same split");
        }

        var vector = ctx.Data.LoadFromEnumerable(TestData.Table());
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ctx.Data.TrainTestSplit(vector, samplingKeyColumnName: "V"));
        StringAssert.Contains(e.Message, "'V'");
        StringAssert.Contains(e.Message, "sampling key");
        var missing = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ctx.Data.TrainTestSplit(vector, samplingKeyColumnName: "Nope"));
        StringAssert.Contains(missing.Message, "'Nope'");
    }

    public sealed class IdRow
    {
        public int Id;
    }

    public sealed class GroupRow
    {
        public int Id;
        public string Group = string.Empty;
        public float Score;
    }
}
