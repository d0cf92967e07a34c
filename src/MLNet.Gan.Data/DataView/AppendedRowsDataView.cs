// AppendRows: the rows of several views with the same columns, one view after another (e.g. real then synthetic rows).
namespace MLNet.Gan.Data;

/// <summary>The rows of <c>sources[0]</c>, then of <c>sources[1]</c>, ...; every source has the first one's visible columns.</summary>
internal sealed class AppendedRowsDataView : IDataView
{
    private readonly IDataView[] _sources;
    private readonly DataViewSchema.Column[][] _sourceColumns;

    public AppendedRowsDataView(IDataView[] sources)
    {
        if (sources.Length == 0)
        {
            throw new ArgumentException("AppendRows needs at least one view.", nameof(sources));
        }

        _sources = sources;
        var columns = sources[0].Schema.Where(c => !c.IsHidden).ToArray();
        var b = new DataViewSchema.Builder();
        b.AddColumns(columns.Select(c => new DataViewSchema.DetachedColumn(c)));
        Schema = b.ToSchema();
        _sourceColumns = new DataViewSchema.Column[sources.Length][];
        for (var s = 0; s < sources.Length; s++)
        {
            _sourceColumns[s] = columns.Select(c =>
            {
                var other = sources[s].Schema.GetRequiredColumn(c.Name, $"AppendRows (view {s})");
                DataViewExtensions.CheckColumnType(other, other.Type.Equals(c.Type), $"{c.Type} as in view 0", $"AppendRows (view {s})");
                return other;
            }).ToArray();
        }
    }

    public DataViewSchema Schema { get; }

    public bool CanShuffle => false;

    public long? GetRowCount()
    {
        long total = 0;
        foreach (var s in _sources)
        {
            if (s.GetRowCount() is not long n)
            {
                return null;
            }

            total += n;
        }

        return total;
    }

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        ArgumentNullException.ThrowIfNull(columnsNeeded);
        return new Cursor(this, columnsNeeded.Select(c => c.Index).ToHashSet());
    }

    private sealed class Cursor : DataViewRowCursor
    {
        private readonly AppendedRowsDataView _view;
        private readonly HashSet<int> _active;
        private readonly Dictionary<int, Delegate> _getters = [];
        private DataViewRowCursor? _current;
        private int _source = -1;
        private long _position = -1;

        public Cursor(AppendedRowsDataView view, HashSet<int> active)
        {
            _view = view;
            _active = active;
        }

        public override DataViewSchema Schema => _view.Schema;

        public override long Position => _position;

        public override bool IsColumnActive(DataViewSchema.Column column) => _active.Contains(column.Index);

        public override bool MoveNext()
        {
            while (true)
            {
                if (_current is not null && _current.MoveNext())
                {
                    _position++;
                    return true;
                }

                _current?.Dispose();
                _current = null;
                if (++_source >= _view._sources.Length)
                {
                    return false;
                }

                var columns = _view._sourceColumns[_source];
                _current = _view._sources[_source].GetRowCursor(_active.Select(i => columns[i]).ToArray());
                _getters.Clear();
            }
        }

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            CheckGetterRequest<TValue>(column);

            // The getter follows the cursor from one source to the next.
            return (ref TValue value) =>
            {
                var source = _current ?? throw new InvalidOperationException("The cursor is not on a row; call MoveNext first.");
                if (!_getters.TryGetValue(column.Index, out var g))
                {
                    g = source.GetGetter<TValue>(_view._sourceColumns[_source][column.Index]);
                    _getters[column.Index] = g;
                }

                ((ValueGetter<TValue>)g)(ref value);
            };
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _current?.Dispose();
            }
        }
    }
}
