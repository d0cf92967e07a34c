// A test transformer that doubles a Single column and counts how often it computes a value.
using MLNet.Gan.Data;

namespace MLNet.Gan.Data.Tests;

/// <summary>Adds "Doubled" = 2 × input; <see cref="Computations"/> counts the values computed.</summary>
public sealed class CountingTransformer : OneToOneTransformerBase
{
    public const string Kind = "Test.CountingDoubler";

    public CountingTransformer(string output = "Doubled", string input = "Value")
        : base((output, input))
    {
    }

    public int Computations { get; private set; }

    protected override DataViewType GetOutputType(int pairIndex, DataViewSchema.Column inputColumn)
    {
        DataViewExtensions.CheckColumnType(inputColumn, inputColumn.Type == NumberDataViewType.Single, "Single", "CountingDoubler");
        return NumberDataViewType.Single;
    }

    protected override Delegate MakeGetter(DataViewRow input, int pairIndex, DataViewSchema.Column inputColumn, out Action? disposer)
    {
        disposer = null;
        var g = input.GetGetter<float>(inputColumn);
        return (ValueGetter<float>)((ref float value) =>
        {
            Computations++;
            g(ref value);
            value *= 2;
        });
    }

    protected override void SaveModel(ModelSaveContext ctx)
    {
        ctx.Kind = Kind;
        ctx.SetOptions(new PairOptions { Output = ColumnPairs[0].outputColumnName, Input = ColumnPairs[0].inputColumnName });
    }

    // Found by the registry's attribute scan: this assembly references MLNet.Gan.Data.
    [ModelLoader(Kind)]
    public static ITransformer Create(ModelLoadContext ctx)
    {
        var o = ctx.GetOptions<PairOptions>();
        return new CountingTransformer(o.Output, o.Input);
    }

    public sealed class PairOptions
    {
        public string Output = string.Empty;
        public string Input = string.Empty;
    }
}

/// <summary>Wraps a view and records which columns each cursor asked for and how many rows it read.</summary>
public sealed class RecordingDataView(IDataView inner) : IDataView
{
    public List<string[]> CursorColumns { get; } = [];

    public DataViewSchema Schema => inner.Schema;

    public bool CanShuffle => inner.CanShuffle;

    public long? GetRowCount() => inner.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        var list = columnsNeeded.ToArray();
        CursorColumns.Add(list.Select(c => c.Name).ToArray());
        return inner.GetRowCursor(list, rand);
    }
}
