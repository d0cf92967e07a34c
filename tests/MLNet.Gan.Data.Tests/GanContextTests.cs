// GanContext: seeded randomness, extension storage for other projects' catalogs, logging and cancellation.
using MLNet.Gan.Data;

namespace MLNet.Gan.Data.Tests;

public sealed class SampleCatalog(GanContext context)
{
    public GanContext Context { get; } = context;
}

public static class SampleCatalogExtensions
{
    extension(GanContext ctx)
    {
        public SampleCatalog Sample => ctx.GetOrCreateExtension(c => new SampleCatalog(c));
    }
}

[TestClass]
public sealed class GanContextTests
{
    [TestMethod]
    public void SameSeedGivesSameComponentSeeds()
    {
        var a = new GanContext(5);
        var b = new GanContext(5);
        Assert.AreEqual(5, a.Seed);
        CollectionAssert.AreEqual(
            Enumerable.Range(0, 4).Select(_ => a.NextSeed()).ToArray(),
            Enumerable.Range(0, 4).Select(_ => b.NextSeed()).ToArray());
        Assert.AreEqual(17, a.NextSeed(17), "an explicit seed wins");
        var unseeded = new GanContext();
        Assert.IsFalse(unseeded.Seed.HasValue);
    }

    [TestMethod]
    public void ExtensionPropertyReturnsOneCatalogPerContext()
    {
        var ctx = new GanContext(1);
        var first = ctx.Sample;
        var second = ctx.Sample;
        Assert.AreSame(first, second);
        Assert.AreSame(ctx, ctx.Sample.Context);
        Assert.AreNotSame(ctx.Sample, new GanContext(1).Sample);
    }

    [TestMethod]
    public void LogAndCancellationReachSubscribers()
    {
        var ctx = new GanContext(1);
        var messages = new List<string>();
        ctx.Log += (_, e) => messages.Add(e.ToString());
        ctx.WriteLog("Trainer", "epoch 1", LogSeverity.Warning);
        CollectionAssert.AreEqual(new[] { "[Warning] Trainer: epoch 1" }, messages);
        Assert.IsFalse(ctx.CancellationToken.IsCancellationRequested);
        ctx.CancelExecution();
        Assert.IsTrue(ctx.CancellationToken.IsCancellationRequested);
    }
}
