// SelectColumns / DropColumns: a view that exposes a subset of the input's columns, by reference.
namespace MLNet.Gan.Data;

/// <summary>
/// Keeps or drops columns (ML.NET's ColumnSelectingEstimator).
/// <remarks>Input: any columns, the named ones must exist. Output: the kept columns, types unchanged. Fitting reads no data.</remarks>
/// </summary>
public sealed class ColumnSelectingEstimator : TrivialEstimator<ColumnSelectingTransformer>
{
    internal ColumnSelectingEstimator(GanContext context, string[]? columnsToKeep, string[]? columnsToDrop, bool keepHidden)
        : base(new ColumnSelectingTransformer(columnsToKeep, columnsToDrop, keepHidden))
    {
        _ = context;
    }
}

/// <summary>The transformer of <see cref="ColumnSelectingEstimator"/>.</summary>
public sealed class ColumnSelectingTransformer : ITransformer, ICanSaveModel
{
    /// <summary>The model-file kind.</summary>
    public const string ModelKind = "SelectColumns";

    private readonly Options _options;

    /// <summary>Keeps <paramref name="columnsToKeep"/> (in that order) or drops <paramref name="columnsToDrop"/>; exactly one is given.</summary>
    public ColumnSelectingTransformer(string[]? columnsToKeep, string[]? columnsToDrop, bool keepHidden = false)
    {
        if ((columnsToKeep is null) == (columnsToDrop is null))
        {
            throw new ArgumentException("Give either the columns to keep or the columns to drop.");
        }

        _options = new Options { Keep = columnsToKeep, Drop = columnsToDrop, KeepHidden = keepHidden };
    }

    /// <inheritdoc/>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => Project(inputSchema).Schema;

    /// <inheritdoc/>
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (schema, map) = Project(input.Schema);
        return new ProjectedDataView(input, schema, map);
    }

    /// <inheritdoc/>
    public void Save(ModelSaveContext ctx)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ctx.Kind = ModelKind;
        ctx.SetOptions(_options);
    }

    [ModelLoader(ModelKind)]
    internal static ITransformer Create(ModelLoadContext ctx)
    {
        var o = ctx.GetOptions<Options>();
        return new ColumnSelectingTransformer(o.Keep, o.Drop, o.KeepHidden);
    }

    private (DataViewSchema Schema, int[] Map) Project(DataViewSchema input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var what = _options.Keep is not null ? "SelectColumns" : "DropColumns";
        foreach (var name in _options.Keep ?? _options.Drop!)
        {
            input.GetRequiredColumn(name, what);
        }

        IEnumerable<int> indices;
        if (_options.Keep is not null)
        {
            indices = _options.Keep.SelectMany(name =>
                _options.KeepHidden
                    ? input.Where(c => c.Name == name).Select(c => c.Index)
                    : [input[name].Index]);
        }
        else
        {
            var drop = _options.Drop!.ToHashSet(StringComparer.Ordinal);
            indices = input.Where(c => !drop.Contains(c.Name) && (!c.IsHidden || _options.KeepHidden)).Select(c => c.Index);
        }

        var map = indices.Distinct().ToArray();
        var b = new DataViewSchema.Builder();
        b.AddColumns(map.Select(i => new DataViewSchema.DetachedColumn(input[i])));
        return (b.ToSchema(), map);
    }

    internal sealed class Options
    {
        public string[]? Keep;
        public string[]? Drop;
        public bool KeepHidden;
    }
}

/// <summary>A view exposing input columns <c>map[i]</c> as its columns i.</summary>
internal sealed class ProjectedDataView : IDataView
{
    private readonly IDataView _input;
    private readonly int[] _map;

    public ProjectedDataView(IDataView input, DataViewSchema schema, int[] map)
    {
        _input = input;
        Schema = schema;
        _map = map;
    }

    public DataViewSchema Schema { get; }

    public bool CanShuffle => _input.CanShuffle;

    public long? GetRowCount() => _input.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        ArgumentNullException.ThrowIfNull(columnsNeeded);
        var active = columnsNeeded.Select(c => c.Index).ToHashSet();
        var input = _input.GetRowCursor(active.Select(i => _input.Schema[_map[i]]).ToArray(), rand);
        return new Cursor(this, input, active);
    }

    private sealed class Cursor : DataViewRowCursor
    {
        private readonly ProjectedDataView _view;
        private readonly DataViewRowCursor _input;
        private readonly HashSet<int> _active;

        public Cursor(ProjectedDataView view, DataViewRowCursor input, HashSet<int> active)
        {
            _view = view;
            _input = input;
            _active = active;
        }

        public override DataViewSchema Schema => _view.Schema;

        public override long Position => _input.Position;

        public override bool MoveNext() => _input.MoveNext();

        public override bool IsColumnActive(DataViewSchema.Column column) => _active.Contains(column.Index);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            CheckGetterRequest<TValue>(column);
            return _input.GetGetter<TValue>(_input.Schema[_view._map[column.Index]]);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _input.Dispose();
            }
        }
    }
}
