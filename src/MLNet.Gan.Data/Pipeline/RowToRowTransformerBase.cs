// Base for transformers that map each row to a row: new columns appended (replacing same-named ones), computed lazily.
namespace MLNet.Gan.Data;

/// <summary>
/// Base of transformers whose output row depends only on the same input row. A subclass supplies a
/// <see cref="RowToRowMapperBase"/> for an input schema (validating it there); the output schema is the
/// input's columns followed by the mapper's new columns (a new column hides an input column of the same
/// name). An output value is computed only when a cursor over the output asks for it.
/// </summary>
public abstract class RowToRowTransformerBase : ITransformer, ICanSaveModel
{
    /// <summary>Creates the mapper for <paramref name="inputSchema"/>; throws naming the column when it does not fit.</summary>
    protected abstract RowToRowMapperBase MakeMapper(DataViewSchema inputSchema);

    /// <summary>Writes the transformer into a model file (kind, options, tensors).</summary>
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
        return new RowToRowMappedDataView(input, MakeMapper(input.Schema));
    }

    void ICanSaveModel.Save(ModelSaveContext ctx)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        SaveModel(ctx);
    }
}

/// <summary>
/// Computes a transformer's new columns from an input row: which columns it adds, which input columns
/// each needs, and a getter per new column made once per cursor.
/// </summary>
public abstract class RowToRowMapperBase
{
    private DataViewSchema? _outputSchema;
    private DataViewSchema.DetachedColumn[]? _outputColumns;

    /// <summary>Creates a mapper for <paramref name="inputSchema"/>.</summary>
    protected RowToRowMapperBase(DataViewSchema inputSchema)
    {
        InputSchema = inputSchema ?? throw new ArgumentNullException(nameof(inputSchema));
    }

    /// <summary>The input schema.</summary>
    public DataViewSchema InputSchema { get; }

    /// <summary>The input columns followed by the new ones.</summary>
    public DataViewSchema OutputSchema => _outputSchema ??= MakeOutputSchema();

    /// <summary>The new columns (computed once).</summary>
    public IReadOnlyList<DataViewSchema.DetachedColumn> OutputColumns => _outputColumns ??= GetOutputColumns();

    /// <summary>The new columns this mapper adds.</summary>
    protected abstract DataViewSchema.DetachedColumn[] GetOutputColumns();

    /// <summary>The input columns needed to compute new column <paramref name="outputIndex"/> (0-based among the new columns).</summary>
    protected abstract IEnumerable<DataViewSchema.Column> GetDependencies(int outputIndex);

    /// <summary>
    /// A <see cref="ValueGetter{TValue}"/> of the new column's raw type computing new column
    /// <paramref name="outputIndex"/> from <paramref name="input"/> (whose needed columns are active).
    /// Called once per cursor; <paramref name="disposer"/> (optional) runs when that cursor is disposed.
    /// </summary>
    protected abstract Delegate MakeGetter(DataViewRow input, int outputIndex, out Action? disposer);

    internal IEnumerable<DataViewSchema.Column> Dependencies(int outputIndex) => GetDependencies(outputIndex);

    internal Delegate Getter(DataViewRow input, int outputIndex, out Action? disposer) => MakeGetter(input, outputIndex, out disposer);

    private DataViewSchema MakeOutputSchema()
    {
        var b = new DataViewSchema.Builder();
        b.AddColumns(InputSchema);
        b.AddColumns(OutputColumns);
        return b.ToSchema();
    }
}

/// <summary>The lazy output of a <see cref="RowToRowTransformerBase"/>: input columns passed through, new ones computed on request.</summary>
internal sealed class RowToRowMappedDataView : IDataView
{
    private readonly IDataView _input;
    private readonly RowToRowMapperBase _mapper;

    public RowToRowMappedDataView(IDataView input, RowToRowMapperBase mapper)
    {
        _input = input;
        _mapper = mapper;
    }

    public DataViewSchema Schema => _mapper.OutputSchema;

    public bool CanShuffle => _input.CanShuffle;

    public long? GetRowCount() => _input.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        ArgumentNullException.ThrowIfNull(columnsNeeded);
        var inputCount = _input.Schema.Count;
        var activeOutputs = new bool[_mapper.OutputColumns.Count];
        var inputNeeded = new bool[inputCount];
        foreach (var c in columnsNeeded)
        {
            if (c.Index < inputCount)
            {
                inputNeeded[c.Index] = true;
            }
            else if (c.Index < Schema.Count)
            {
                activeOutputs[c.Index - inputCount] = true;
            }
            else
            {
                throw new ArgumentOutOfRangeException(nameof(columnsNeeded), $"Column '{c.Name}' (index {c.Index}) is not in this view's schema.");
            }
        }

        for (var i = 0; i < activeOutputs.Length; i++)
        {
            if (activeOutputs[i])
            {
                foreach (var d in _mapper.Dependencies(i))
                {
                    inputNeeded[d.Index] = true;
                }
            }
        }

        var inputColumns = _input.Schema.Where(c => inputNeeded[c.Index]).ToArray();
        var inputCursor = _input.GetRowCursor(inputColumns, rand);
        return new Cursor(this, inputCursor, activeOutputs, columnsNeeded.Where(c => c.Index < inputCount).Select(c => c.Index).ToHashSet());
    }

    private sealed class Cursor : DataViewRowCursor
    {
        private readonly RowToRowMappedDataView _view;
        private readonly DataViewRowCursor _input;
        private readonly HashSet<int> _passThrough;
        private readonly Delegate?[] _getters;
        private readonly List<Action> _disposers = [];

        public Cursor(RowToRowMappedDataView view, DataViewRowCursor input, bool[] activeOutputs, HashSet<int> passThrough)
        {
            _view = view;
            _input = input;
            _passThrough = passThrough;
            _getters = new Delegate?[activeOutputs.Length];
            try
            {
                for (var i = 0; i < activeOutputs.Length; i++)
                {
                    if (activeOutputs[i])
                    {
                        _getters[i] = view._mapper.Getter(input, i, out var disposer);
                        if (disposer is not null)
                        {
                            _disposers.Add(disposer);
                        }
                    }
                }
            }
            catch
            {
                Dispose();
                throw;
            }
        }

        public override DataViewSchema Schema => _view.Schema;

        public override long Position => _input.Position;

        public override long Batch => _input.Batch;

        public override bool MoveNext() => _input.MoveNext();

        public override bool IsColumnActive(DataViewSchema.Column column)
        {
            var inputCount = _input.Schema.Count;
            return column.Index < inputCount ? _passThrough.Contains(column.Index) : _getters[column.Index - inputCount] is not null;
        }

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            CheckGetterRequest<TValue>(column);
            var inputCount = _input.Schema.Count;
            return column.Index < inputCount
                ? _input.GetGetter<TValue>(_input.Schema[column.Index])
                : _getters[column.Index - inputCount] as ValueGetter<TValue>
                    ?? throw new InvalidOperationException(
                        $"The mapper of column '{column.Name}' made a {_getters[column.Index - inputCount]!.GetType().Name}, " +
                        $"not a getter of {TypeNames.Of(typeof(TValue))}.");
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                foreach (var d in _disposers)
                {
                    d();
                }

                _input.Dispose();
            }
        }
    }
}
