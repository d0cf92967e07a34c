// ctx.Data operations: shuffle, split, take/skip, filter, cache.
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
}
