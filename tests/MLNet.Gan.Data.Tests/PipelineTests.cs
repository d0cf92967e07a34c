// Estimator and transformer chains: Append, fitting order, schema propagation and flattening.
using MLNet.Gan.Data;

namespace MLNet.Gan.Data.Tests;

[TestClass]
public sealed class PipelineTests
{
    private static readonly GanContext Ctx = new(1);

    [TestMethod]
    public void EstimatorAppendBuildsAFlatChainFittedInOrder()
    {
        var data = Ctx.Data.LoadFromEnumerable(TestData.Table());
        var chain = Ctx.Transforms.Conversion.MapValueToKey("Label", "Color")
            .Append(Ctx.Transforms.CopyColumns("Label2", "Label"))
            .Append(Ctx.Transforms.DropColumns("V"));
        Assert.HasCount(3, chain.Estimators);
        var model = chain.Fit(data);
        Assert.HasCount(3, model.Transformers);
        Assert.IsInstanceOfType<ColumnSelectingTransformer>(model.LastTransformer);
        CollectionAssert.AreEqual(
            new[] { "Color", "X", "Label", "Label2" },
            model.Transform(data).Schema.Select(c => c.Name).ToArray());
        CollectionAssert.AreEqual(new uint[] { 1, 2, 1, 3 }, model.Transform(data).GetColumn<uint>("Label2").ToArray());
    }

    [TestMethod]
    public void ChainGetOutputSchemaNeedsNoDataAndRejectsEarly()
    {
        var chain = Ctx.Transforms.Conversion.MapValueToKey("Label", "Color")
            .Append(Ctx.Transforms.Conversion.MapKeyToValue("Name", "Label"))
            .Append(Ctx.Transforms.Concatenate("All", "X", "V"));
        var schema = chain.GetOutputSchema(Ctx.Data.LoadFromEnumerable(TestData.Table()).Schema);
        Assert.AreEqual(TextDataViewType.Instance, schema["Name"].Type);
        Assert.IsFalse(((KeyDataViewType)schema["Label"].Type).IsCountKnown);
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => chain.GetOutputSchema(TestData.Numbers(Ctx, 1).Schema));
        StringAssert.Contains(e.Message, "'Color'");
    }

    [TestMethod]
    public void TransformerAppendChainsTransformers()
    {
        var data = TestData.Numbers(Ctx, 3);
        var first = new CountingTransformer("D1", "Value");
        var chain = first.Append(new CountingTransformer("D2", "D1")).Append(new CountingTransformer("D3", "D2"));
        Assert.HasCount(3, chain.Transformers);
        CollectionAssert.AreEqual(new[] { 0f, 4f, 8f }, chain.Transform(data).GetColumn<float>("D3").ToArray());
    }

    [TestMethod]
    public void FailingFitDisposesWhatWasFitted()
    {
        var data = Ctx.Data.LoadFromEnumerable(TestData.Table());
        var disposable = new DisposableEstimator();
        var chain = disposable.Append(new FailingEstimator());
        Assert.ThrowsExactly<InvalidOperationException>(() => chain.Fit(data));
        Assert.IsTrue(disposable.Fitted!.Disposed);
    }

    [TestMethod]
    public void CacheCheckpointComputesEarlierStepsOnceWhileFitting()
    {
        var data = TestData.Numbers(Ctx, 5);
        var counting = new CountingTransformer("D", "Value");
        var chain = new EstimatorChain<ITransformer>()
            .Append(new FixedEstimator(counting))
            .AppendCacheCheckpoint(Ctx)
            .Append(new ReadTwiceEstimator("D"));
        chain.Fit(data);
        Assert.AreEqual(5, counting.Computations, "read twice after the checkpoint, computed once");

        var uncached = new EstimatorChain<ITransformer>().Append(new FixedEstimator(counting)).Append(new ReadTwiceEstimator("D"));
        uncached.Fit(data);
        Assert.AreEqual(15, counting.Computations, "without the checkpoint both reads compute");
    }

    private sealed class FixedEstimator(ITransformer t) : TrivialEstimator<ITransformer>(t);

    private sealed class ReadTwiceEstimator(string column) : IEstimator<DisposableTransformer>
    {
        public DisposableTransformer Fit(IDataView input)
        {
            _ = input.GetColumn<float>(column).Sum();
            _ = input.GetColumn<float>(column).Sum();
            return new DisposableTransformer();
        }

        public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => inputSchema;
    }

    private sealed class DisposableTransformer : ITransformer, IDisposable
    {
        public bool Disposed { get; private set; }

        public IDataView Transform(IDataView input) => input;

        public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => inputSchema;

        public void Dispose() => Disposed = true;
    }

    private sealed class DisposableEstimator : IEstimator<DisposableTransformer>
    {
        public DisposableTransformer? Fitted { get; private set; }

        public DisposableTransformer Fit(IDataView input) => Fitted = new DisposableTransformer();

        public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => inputSchema;
    }

    private sealed class FailingEstimator : IEstimator<DisposableTransformer>
    {
        public DisposableTransformer Fit(IDataView input) => throw new InvalidOperationException("training failed");

        public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => inputSchema;
    }
}
