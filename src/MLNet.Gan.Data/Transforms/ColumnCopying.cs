// CopyColumns: each output column is a copy of an input column (same type and annotations).
namespace MLNet.Gan.Data;

/// <summary>
/// Copies columns (ML.NET's ColumnCopyingEstimator).
/// <remarks>Input: any type. Output: the same type and annotations. Fitting reads no data. Model file: the column pairs.</remarks>
/// </summary>
public sealed class ColumnCopyingEstimator : TrivialEstimator<ColumnCopyingTransformer>
{
    internal ColumnCopyingEstimator(GanContext context, params (string outputColumnName, string inputColumnName)[] columns)
        : base(new ColumnCopyingTransformer(columns))
    {
        _ = context;
    }
}

/// <summary>The transformer of <see cref="ColumnCopyingEstimator"/>.</summary>
public sealed class ColumnCopyingTransformer : OneToOneTransformerBase
{
    /// <summary>The model-file kind.</summary>
    public const string ModelKind = "CopyColumns";

    /// <summary>Copies each input column to its output column.</summary>
    public ColumnCopyingTransformer(params (string outputColumnName, string inputColumnName)[] columns)
        : base(columns)
    {
    }

    /// <inheritdoc/>
    protected override string DisplayName => "CopyColumns";

    /// <inheritdoc/>
    protected override DataViewType GetOutputType(int pairIndex, DataViewSchema.Column inputColumn) => inputColumn.Type;

    /// <inheritdoc/>
    protected override DataViewSchema.Annotations? GetOutputAnnotations(int pairIndex, DataViewSchema.Column inputColumn) => inputColumn.Annotations;

    /// <inheritdoc/>
    protected override Delegate MakeGetter(DataViewRow input, int pairIndex, DataViewSchema.Column inputColumn, out Action? disposer)
    {
        disposer = null;
        return DataViewExtensions.GetGetterAsDelegate(input, inputColumn);
    }

    /// <inheritdoc/>
    protected override void SaveModel(ModelSaveContext ctx)
    {
        ctx.Kind = ModelKind;
        ctx.SetOptions(ColumnPairsJson.From(ColumnPairs));
    }

    [ModelLoader(ModelKind)]
    internal static ITransformer Create(ModelLoadContext ctx) =>
        new ColumnCopyingTransformer(ctx.GetOptions<ColumnPairsJson>().ToPairs());
}

/// <summary>Column name pairs as saved in model files.</summary>
internal sealed class ColumnPairsJson
{
    public string[] Outputs = [];
    public string[] Inputs = [];

    public static ColumnPairsJson From(IEnumerable<(string outputColumnName, string inputColumnName)> pairs) => new()
    {
        Outputs = pairs.Select(p => p.outputColumnName).ToArray(),
        Inputs = pairs.Select(p => p.inputColumnName).ToArray(),
    };

    public (string, string)[] ToPairs() => Outputs.Zip(Inputs).ToArray();
}
