// Base for transformers that compute new columns a batch of rows at a time (e.g. one generator forward pass per batch).
namespace MLNet.Gan.Data;

/// <summary>
/// Like <see cref="RowToRowTransformerBase"/>, but the new columns are computed for up to <see cref="BatchSize"/>
/// rows at once by <see cref="BatchMapperBase.ComputeBatch"/>. The cursor reads a batch of input rows ahead
/// (keeping copies of the active input values) and computes a batch's new values only when a getter of a new
/// column is first called on one of its rows.
/// </summary>
public abstract class BatchedRowToRowTransformerBase : ITransformer, ICanSaveModel
{
    /// <summary>Creates a transformer computing <paramref name="batchSize"/> rows at a time.</summary>
    protected BatchedRowToRowTransformerBase(int batchSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        BatchSize = batchSize;
    }

    /// <summary>The number of rows computed together.</summary>
    public int BatchSize { get; }

    /// <summary>Creates the mapper for <paramref name="inputSchema"/>; throws naming the column when it does not fit.</summary>
    protected abstract BatchMapperBase MakeMapper(DataViewSchema inputSchema);

    /// <summary>Writes the transformer into a model file.</summary>
    protected abstract void SaveModel(ModelSaveContext ctx);

    /// <inheritdoc/>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        return MakeMapper(inputSchema).OutputSchema;
    }

    /// <inheritdoc/>
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new BatchMappedDataView(input, MakeMapper(input.Schema), BatchSize);
    }

    void ICanSaveModel.Save(ModelSaveContext ctx)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        SaveModel(ctx);
    }
}

/// <summary>Computes a batched transformer's new columns from batches of input rows.</summary>
public abstract class BatchMapperBase
{
    private DataViewSchema.DetachedColumn[]? _outputColumns;
    private DataViewSchema? _outputSchema;

    /// <summary>Creates a mapper for <paramref name="inputSchema"/>.</summary>
    protected BatchMapperBase(DataViewSchema inputSchema)
    {
        InputSchema = inputSchema ?? throw new ArgumentNullException(nameof(inputSchema));
    }

    /// <summary>The input schema.</summary>
    public DataViewSchema InputSchema { get; }

    /// <summary>The new columns.</summary>
    public IReadOnlyList<DataViewSchema.DetachedColumn> OutputColumns => _outputColumns ??= GetOutputColumns();

    /// <summary>The input columns followed by the new ones.</summary>
    public DataViewSchema OutputSchema => _outputSchema ??= MakeOutputSchema();

    /// <summary>The new columns this mapper adds.</summary>
    protected abstract DataViewSchema.DetachedColumn[] GetOutputColumns();

    /// <summary>The input columns <see cref="ComputeBatch"/> reads.</summary>
    protected abstract IEnumerable<DataViewSchema.Column> GetDependencies();

    /// <summary>
    /// Computes the active new columns for the rows of <paramref name="batch"/>: for each new column i with
    /// <see cref="OutputBatch.IsActive"/>, call <see cref="OutputBatch.SetValues{T}"/> with one value per row.
    /// </summary>
    protected abstract void ComputeBatch(InputBatch batch, OutputBatch outputs);

    internal IEnumerable<DataViewSchema.Column> Dependencies() => GetDependencies();

    internal void Compute(InputBatch batch, OutputBatch outputs) => ComputeBatch(batch, outputs);

    private DataViewSchema MakeOutputSchema()
    {
        var b = new DataViewSchema.Builder();
        b.AddColumns(InputSchema);
        b.AddColumns(OutputColumns);
        return b.ToSchema();
    }
}

/// <summary>The input rows of one batch: the values of the mapper's dependency columns.</summary>
public sealed class InputBatch
{
    private readonly Dictionary<int, List<object?>> _columns;

    internal InputBatch(Dictionary<int, List<object?>> columns, int count, long firstPosition)
    {
        _columns = columns;
        Count = count;
        FirstPosition = firstPosition;
    }

    /// <summary>The number of rows.</summary>
    public int Count { get; }

    /// <summary>The position (in the input) of the first row.</summary>
    public long FirstPosition { get; }

    /// <summary>The values of input column <paramref name="column"/>, one per row (vectors are the batch's own copies).</summary>
    public T[] GetValues<T>(DataViewSchema.Column column)
    {
        if (!_columns.TryGetValue(column.Index, out var values))
        {
            throw new InvalidOperationException($"Column '{column.Name}' was not declared by GetDependencies, so the batch does not hold it.");
        }

        if (typeof(T) != column.Type.RawType)
        {
            throw new InvalidOperationException(
                $"Column '{column.Name}' has type {column.Type} (values {TypeNames.Of(column.Type.RawType)}); values of {TypeNames.Of(typeof(T))} were asked for.");
        }

        var result = new T[Count];
        for (var i = 0; i < Count; i++)
        {
            result[i] = (T)values[i]!;
        }

        return result;
    }
}

/// <summary>Where <see cref="BatchMapperBase.ComputeBatch"/> puts the new columns' values.</summary>
public sealed class OutputBatch
{
    private readonly bool[] _active;
    private readonly Array?[] _values;
    private readonly IReadOnlyList<DataViewSchema.DetachedColumn> _columns;

    internal OutputBatch(bool[] active, IReadOnlyList<DataViewSchema.DetachedColumn> columns, int count)
    {
        _active = active;
        _columns = columns;
        _values = new Array?[active.Length];
        Count = count;
    }

    /// <summary>The number of rows.</summary>
    public int Count { get; }

    /// <summary>Whether new column <paramref name="outputIndex"/> (0-based among the new columns) was asked for.</summary>
    public bool IsActive(int outputIndex) => _active[outputIndex];

    /// <summary>Sets the values of new column <paramref name="outputIndex"/>: one per row, of the column's raw type.</summary>
    public void SetValues<T>(int outputIndex, T[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var column = _columns[outputIndex];
        if (typeof(T) != column.Type.RawType || values.Length != Count)
        {
            throw new ArgumentException(
                $"Column '{column.Name}' needs {Count} values of {TypeNames.Of(column.Type.RawType)}; got {values.Length} of {TypeNames.Of(typeof(T))}.");
        }

        _values[outputIndex] = values;
    }

    internal Array Get(int outputIndex) =>
        _values[outputIndex] ?? throw new InvalidOperationException($"ComputeBatch did not set the values of active column '{_columns[outputIndex].Name}'.");
}
