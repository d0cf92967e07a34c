// BatchedRowToRowTransformerBase: new columns computed one batch at a time, lazily, with pass-through columns intact.
using MLNet.Gan.Data;
using MLNet.Gan.TestUtilities;

namespace MLNet.Gan.Data.Tests;

/// <summary>Adds "Doubled" = 2 × Value and "BatchRow" (the row's index within its batch); records every batch size computed.</summary>
public sealed class BatchDoubler(int batchSize, string input = "Value") : BatchedRowToRowTransformerBase(batchSize)
{
    public const string Kind = "Test.BatchDoubler";

    public List<int> Batches { get; } = [];

    public string InputColumn => input;

    protected override BatchMapperBase MakeMapper(DataViewSchema inputSchema) => new Mapper(this, inputSchema);

    protected override void SaveModel(ModelSaveContext ctx)
    {
        ctx.Kind = Kind;
        ctx.SetOptions(new Options { BatchSize = BatchSize, Input = input });
    }

    [ModelLoader(Kind)]
    public static ITransformer Create(ModelLoadContext ctx)
    {
        var o = ctx.GetOptions<Options>();
        return new BatchDoubler(o.BatchSize, o.Input);
    }

    public sealed class Options
    {
        public int BatchSize;
        public string Input = string.Empty;
    }

    private sealed class Mapper : BatchMapperBase
    {
        private readonly BatchDoubler _parent;
        private readonly DataViewSchema.Column _input;

        public Mapper(BatchDoubler parent, DataViewSchema inputSchema)
            : base(inputSchema)
        {
            _parent = parent;
            _input = inputSchema.GetRequiredColumn(parent.InputColumn, "BatchDoubler");
            DataViewExtensions.CheckColumnType(_input, _input.Type == NumberDataViewType.Single, "Single", "BatchDoubler");
        }

        protected override DataViewSchema.DetachedColumn[] GetOutputColumns() =>
            [new("Doubled", NumberDataViewType.Single), new("BatchRow", NumberDataViewType.Int32)];

        protected override IEnumerable<DataViewSchema.Column> GetDependencies() => [_input];

        protected override void ComputeBatch(InputBatch batch, OutputBatch outputs)
        {
            _parent.Batches.Add(batch.Count);
            var values = batch.GetValues<float>(_input);
            if (outputs.IsActive(0))
            {
                outputs.SetValues(0, values.Select(v => v * 2).ToArray());
            }

            if (outputs.IsActive(1))
            {
                outputs.SetValues(1, Enumerable.Range(0, batch.Count).ToArray());
            }
        }
    }
}

[TestClass]
public sealed class BatchedTransformerTests
{
    private static readonly GanContext Ctx = new(1);

    [TestMethod]
    public void ComputesWholeBatchesOnlyWhenANewColumnIsRead()
    {
        var t = new BatchDoubler(batchSize: 4);
        var output = t.Transform(TestData.Numbers(Ctx, 10));
        CollectionAssert.AreEqual(Enumerable.Range(0, 10).ToArray(), output.GetColumn<int>("Id").ToArray());
        Assert.IsEmpty(t.Batches, "reading only a pass-through column computes nothing");

        CollectionAssert.AreEqual(Enumerable.Range(0, 10).Select(i => (float)i).ToArray(), output.GetColumn<float>("Doubled").ToArray());
        CollectionAssert.AreEqual(new[] { 4, 4, 2 }, t.Batches);
        CollectionAssert.AreEqual(new[] { 0, 1, 2, 3, 0, 1, 2, 3, 0, 1 }, output.GetColumn<int>("BatchRow").ToArray());
    }

    [TestMethod]
    public void PassThroughValuesStayAlignedWithComputedOnes()
    {
        var output = new BatchDoubler(3).Transform(TestData.Numbers(Ctx, 7));
        using var cursor = output.GetRowCursor(output.Schema["Id"], output.Schema["Doubled"]);
        var id = cursor.GetGetter<int>(output.Schema["Id"]);
        var doubled = cursor.GetGetter<float>(output.Schema["Doubled"]);
        var rows = 0;
        while (cursor.MoveNext())
        {
            int i = 0;
            float d = 0;
            id(ref i);
            doubled(ref d);
            Assert.AreEqual(i, d, $"row {cursor.Position}: Doubled = 2 × Value = Id");
            Assert.AreEqual(rows, cursor.Position);
            rows++;
        }

        Assert.AreEqual(7, rows);
    }

    [TestMethod]
    public void BatchedTransformerPassesEstimatorChecks()
    {
        var bad = new InMemoryDataView.Builder().AddColumn("Value", TextDataViewType.Instance, ["x"]).ToDataView();
        EstimatorChecks.Run(new Fixed(new BatchDoubler(4)), TestData.Numbers(Ctx, 9), badData: bad, badColumnName: "Value");
    }

    private sealed class Fixed(BatchDoubler t) : TrivialEstimator<BatchDoubler>(t);
}
