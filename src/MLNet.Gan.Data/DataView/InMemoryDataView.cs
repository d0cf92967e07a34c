// A data view over columns held in arrays (text files, image lists, generated rows), and Cache, which reads a view into one.
namespace MLNet.Gan.Data;

/// <summary>
/// A data view whose columns are arrays of values (one array per column, all of the same length).
/// Can shuffle; knows its row count. Vector values are shared with readers: treat them as read-only.
/// </summary>
public sealed class InMemoryDataView : IDataView
{
    private readonly Array[] _columns;

    private InMemoryDataView(DataViewSchema schema, Array[] columns, long rowCount)
    {
        Schema = schema;
        _columns = columns;
        RowCount = rowCount;
    }

    /// <inheritdoc/>
    public DataViewSchema Schema { get; }

    /// <summary>The number of rows.</summary>
    public long RowCount { get; }

    /// <inheritdoc/>
    public bool CanShuffle => true;

    /// <inheritdoc/>
    public long? GetRowCount() => RowCount;

    /// <inheritdoc/>
    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        ArgumentNullException.ThrowIfNull(columnsNeeded);
        int[]? order = null;
        if (rand is not null)
        {
            order = Enumerable.Range(0, (int)RowCount).ToArray();
            rand.Shuffle(order);
        }

        return new Cursor(this, columnsNeeded, order);
    }

    /// <summary>A cursor visiting the rows in <paramref name="order"/> (row indices; repeats allowed).</summary>
    public DataViewRowCursor GetRowCursorInOrder(IEnumerable<DataViewSchema.Column> columnsNeeded, int[] order)
    {
        ArgumentNullException.ThrowIfNull(order);
        foreach (var i in order)
        {
            if ((uint)i >= (uint)RowCount)
            {
                throw new ArgumentOutOfRangeException(nameof(order), i, $"Row index out of range; the view has {RowCount} rows.");
            }
        }

        return new Cursor(this, columnsNeeded, order);
    }

    /// <summary>The array holding column <paramref name="columnIndex"/>'s values (T[] of the column's raw type).</summary>
    public Array GetColumnValues(int columnIndex) => _columns[columnIndex];

    /// <summary>Reads every row of <paramref name="source"/> (all columns, hidden ones too) into memory.</summary>
    public static InMemoryDataView Materialize(IDataView source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var schema = source.Schema;
        var lists = schema.Select(c => (System.Collections.IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(c.Type.RawType))!).ToArray();
        using (var cursor = source.GetRowCursor(schema, null))
        {
            var readers = schema.Select(c => MakeReader(cursor, c)).ToArray();
            while (cursor.MoveNext())
            {
                for (var i = 0; i < readers.Length; i++)
                {
                    lists[i].Add(readers[i]());
                }
            }
        }

        var arrays = new Array[schema.Count];
        for (var i = 0; i < arrays.Length; i++)
        {
            arrays[i] = Array.CreateInstance(schema[i].Type.RawType, lists[i].Count);
            lists[i].CopyTo(arrays[i], 0);
        }

        return new InMemoryDataView(schema, arrays, arrays.Length == 0 ? CountEmpty(source) : arrays[0].Length);
    }

    private static long CountEmpty(IDataView source) => source.CountRows();

    /// <summary>Reads the current value of <paramref name="column"/> (an owned copy, boxed).</summary>
    internal static Func<object?> MakeReader(DataViewRow row, DataViewSchema.Column column) =>
        (Func<object?>)MemberAccess.InvokeGeneric(typeof(InMemoryDataView), nameof(MakeTypedReader), [column.Type.RawType], row, column)!;

    private static Func<object?> MakeTypedReader<T>(DataViewRow row, DataViewSchema.Column column)
    {
        var getter = row.GetGetter<T>(column);
        return () =>
        {
            T value = default!;
            getter(ref value);
            return OwnedCopy(value);
        };
    }

    // Vector getters may reuse their arrays between rows, so a cached row needs its own copy.
    internal static object? OwnedCopy<T>(T value) => value switch
    {
        VBuffer<float> v => new VBuffer<float>(v.ToArray()),
        VBuffer<double> v => new VBuffer<double>(v.ToArray()),
        VBuffer<int> v => new VBuffer<int>(v.ToArray()),
        VBuffer<long> v => new VBuffer<long>(v.ToArray()),
        VBuffer<uint> v => new VBuffer<uint>(v.ToArray()),
        VBuffer<byte> v => new VBuffer<byte>(v.ToArray()),
        VBuffer<bool> v => new VBuffer<bool>(v.ToArray()),
        VBuffer<string> v => new VBuffer<string>(v.ToArray()),
        _ => value,
    };

    /// <summary>Builds an in-memory data view column by column.</summary>
    public sealed class Builder
    {
        private readonly DataViewSchema.Builder _schema = new();
        private readonly List<Array> _columns = [];

        /// <summary>Adds a column of <paramref name="type"/> whose values are <paramref name="values"/> (not copied).</summary>
        public Builder AddColumn<T>(string name, DataViewType type, T[] values, DataViewSchema.Annotations? annotations = null)
        {
            ArgumentNullException.ThrowIfNull(type);
            ArgumentNullException.ThrowIfNull(values);
            if (type.RawType != typeof(T))
            {
                throw new ArgumentException($"Column '{name}' of type {type} needs values of {TypeNames.Of(type.RawType)}, got {TypeNames.Of(typeof(T))}.");
            }

            if (_columns.Count > 0 && _columns[0].Length != values.Length)
            {
                throw new ArgumentException($"Column '{name}' has {values.Length} values but the earlier columns have {_columns[0].Length}.");
            }

            if (type is ImageDataViewType { IsKnownSize: true } image && values is MLImage?[] images)
            {
                CheckImageSizes(name, image, images);
            }

            _schema.AddColumn(name, type, annotations);
            _columns.Add(values);
            return this;
        }

        // A fixed-size image column holds images of that size only (null, no image, is left to the readers).
        private static void CheckImageSizes(string name, ImageDataViewType type, MLImage?[] images)
        {
            for (var row = 0; row < images.Length; row++)
            {
                if (images[row] is { } img && (img.Height != type.Height || img.Width != type.Width))
                {
                    throw new ArgumentException(
                        $"Column '{name}' of type {type}, {RowText.Of(row)}: expected a {type.Width}x{type.Height} (width x height) image, found {img.Width}x{img.Height}.");
                }
            }
        }

        /// <summary>The data view.</summary>
        public InMemoryDataView ToDataView() =>
            new(_schema.ToSchema(), _columns.ToArray(), _columns.Count == 0 ? 0 : _columns[0].Length);
    }

    private sealed class Cursor : DataViewRowCursor
    {
        private readonly InMemoryDataView _view;
        private readonly bool[] _active;
        private readonly int[]? _order;
        private long _position = -1;
        private int _row = -1;

        public Cursor(InMemoryDataView view, IEnumerable<DataViewSchema.Column> columnsNeeded, int[]? order)
        {
            _view = view;
            _order = order;
            _active = new bool[view.Schema.Count];
            foreach (var c in columnsNeeded)
            {
                _active[c.Index] = true;
            }
        }

        public override DataViewSchema Schema => _view.Schema;

        public override long Position => _position;

        public override bool IsColumnActive(DataViewSchema.Column column) => _active[column.Index];

        public override bool MoveNext()
        {
            var count = _order?.Length ?? _view.RowCount;
            if (_position + 1 >= count)
            {
                _row = -1;
                return false;
            }

            _position++;
            _row = _order is null ? (int)_position : _order[_position];
            return true;
        }

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            CheckGetterRequest<TValue>(column);
            var values = (TValue[])_view._columns[column.Index];
            return (ref TValue value) =>
            {
                if (_row < 0)
                {
                    throw new InvalidOperationException("The cursor is not on a row; call MoveNext first.");
                }

                value = values[_row];
            };
        }
    }
}

/// <summary>Reads the input into memory on the first cursor (thread-safe), then serves every cursor from memory.</summary>
internal sealed class CachedDataView : IDataView
{
    private readonly IDataView _input;
    private readonly Lazy<InMemoryDataView> _cache;

    public CachedDataView(IDataView input)
    {
        _input = input ?? throw new ArgumentNullException(nameof(input));
        _cache = new Lazy<InMemoryDataView>(() => InMemoryDataView.Materialize(_input), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public DataViewSchema Schema => _input.Schema;

    public bool CanShuffle => true;

    public long? GetRowCount() => _cache.IsValueCreated ? _cache.Value.RowCount : _input.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
        _cache.Value.GetRowCursor(columnsNeeded, rand);
}
