// Lazy views that keep a subset of another view's rows: take, skip, keep by position, keep by column range.
namespace MLNet.Gan.Data;

/// <summary>Base of views whose rows are a subset of the input's, with the same schema, decided row by row.</summary>
internal abstract class RowFilteringDataView : IDataView
{
    protected RowFilteringDataView(IDataView input)
    {
        Input = input ?? throw new ArgumentNullException(nameof(input));
    }

    public IDataView Input { get; }

    public DataViewSchema Schema => Input.Schema;

    public virtual bool CanShuffle => false;

    public abstract long? GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        ArgumentNullException.ThrowIfNull(columnsNeeded);
        var needed = columnsNeeded.Concat(ExtraColumnsNeeded()).DistinctBy(c => c.Index).ToArray();
        var inputCursor = Input.GetRowCursor(needed, CanShuffle ? rand : null);
        return new Cursor(inputCursor, MakeFilter(inputCursor), columnsNeeded.Select(c => c.Index).ToHashSet());
    }

    /// <summary>Input columns the filter reads besides those asked for.</summary>
    protected virtual IEnumerable<DataViewSchema.Column> ExtraColumnsNeeded() => [];

    /// <summary>A per-cursor predicate: given the input position (0-based, the input on that row), keep it? Null stops the cursor.</summary>
    protected abstract Func<long, bool?> MakeFilter(DataViewRow input);

    private sealed class Cursor : DataViewRowCursor
    {
        private readonly DataViewRowCursor _input;
        private readonly Func<long, bool?> _keep;
        private readonly HashSet<int> _active;
        private long _position = -1;
        private bool _done;

        public Cursor(DataViewRowCursor input, Func<long, bool?> keep, HashSet<int> active)
        {
            _input = input;
            _keep = keep;
            _active = active;
        }

        public override DataViewSchema Schema => _input.Schema;

        public override long Position => _position;

        public override bool IsColumnActive(DataViewSchema.Column column) => _active.Contains(column.Index);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            CheckGetterRequest<TValue>(column);
            return _input.GetGetter<TValue>(column);
        }

        public override bool MoveNext()
        {
            while (!_done && _input.MoveNext())
            {
                switch (_keep(_input.Position))
                {
                    case true:
                        _position++;
                        return true;
                    case null:
                        _done = true;
                        break;
                }
            }

            _done = true;
            return false;
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

/// <summary>Rows <c>skip .. skip + take - 1</c> of the input.</summary>
internal sealed class RowRangeDataView : RowFilteringDataView
{
    private readonly long _skip;
    private readonly long _take;

    public RowRangeDataView(IDataView input, long skip, long take)
        : base(input)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(skip);
        ArgumentOutOfRangeException.ThrowIfNegative(take);
        _skip = skip;
        _take = take;
    }

    public override long? GetRowCount() =>
        Input.GetRowCount() is long n ? Math.Max(0, Math.Min(n - _skip, _take)) : null;

    protected override Func<long, bool?> MakeFilter(DataViewRow input) =>
        position => position < _skip ? false : position - _skip < _take ? true : null;
}

/// <summary>The input rows whose position is marked in a mask (rows past the mask are dropped).</summary>
internal sealed class RowMaskDataView : RowFilteringDataView
{
    private readonly bool[] _keep;
    private readonly long _count;

    public RowMaskDataView(IDataView input, bool[] keep)
        : base(input)
    {
        _keep = keep;
        _count = keep.LongCount(k => k);
    }

    public override long? GetRowCount() => _count;

    protected override Func<long, bool?> MakeFilter(DataViewRow input) =>
        position => position < _keep.Length ? _keep[position] : null;
}

/// <summary>The input rows whose numeric column value v satisfies lower &lt;= v &lt; upper (ML.NET's FilterRowsByColumn).</summary>
internal sealed class ColumnRangeFilterDataView : RowFilteringDataView
{
    private readonly DataViewSchema.Column _column;
    private readonly double _lower;
    private readonly double _upper;

    public ColumnRangeFilterDataView(IDataView input, string columnName, double lower, double upper)
        : base(input)
    {
        _column = input.Schema.GetRequiredColumn(columnName, "FilterRowsByColumn");
        DataViewExtensions.CheckColumnType(
            _column,
            _column.Type is NumberDataViewType || _column.Type is KeyDataViewType,
            "a number (Single, Double, Int32, Int64, Byte, UInt32) or key",
            "FilterRowsByColumn");
        if (!(lower < upper))
        {
            throw new ArgumentOutOfRangeException(nameof(upper), $"FilterRowsByColumn: the lower bound {lower} must be below the upper bound {upper}.");
        }

        _lower = lower;
        _upper = upper;
    }

    public override long? GetRowCount() => null;

    protected override IEnumerable<DataViewSchema.Column> ExtraColumnsNeeded() => [_column];

    protected override Func<long, bool?> MakeFilter(DataViewRow input)
    {
        var read = NumericReaders.Make(input, _column);
        return _ =>
        {
            var v = read();
            return v >= _lower && v < _upper;
        };
    }
}

/// <summary>Reads a numeric or key column as double.</summary>
internal static class NumericReaders
{
    public static Func<double> Make(DataViewRow row, DataViewSchema.Column column)
    {
        var raw = column.Type.RawType;
        if (raw == typeof(float))
        {
            return Wrap(row.GetGetter<float>(column), v => v);
        }

        if (raw == typeof(double))
        {
            return Wrap(row.GetGetter<double>(column), v => v);
        }

        if (raw == typeof(int))
        {
            return Wrap(row.GetGetter<int>(column), v => v);
        }

        if (raw == typeof(long))
        {
            return Wrap(row.GetGetter<long>(column), v => v);
        }

        if (raw == typeof(byte))
        {
            return Wrap(row.GetGetter<byte>(column), v => v);
        }

        if (raw == typeof(uint))
        {
            return Wrap(row.GetGetter<uint>(column), v => v);
        }

        throw new ArgumentOutOfRangeException(nameof(column), $"Column '{column.Name}' has type {column.Type}, expected a number.");
    }

    private static Func<double> Wrap<T>(ValueGetter<T> getter, Func<T, double> convert) => () =>
    {
        T v = default!;
        getter(ref v);
        return convert(v);
    };
}
