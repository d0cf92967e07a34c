// A lazy data view over an IEnumerable of plain objects: each cursor enumerates the source again.
namespace MLNet.Gan.Data;

/// <summary>Streams the rows of an enumerable of <typeparamref name="TRow"/> as a data view (ML.NET's LoadFromEnumerable).</summary>
internal sealed class EnumerableDataView<TRow> : IDataView
    where TRow : class
{
    private readonly IEnumerable<TRow> _data;
    private readonly SchemaDefinition _definition;

    public EnumerableDataView(IEnumerable<TRow> data, SchemaDefinition definition)
    {
        _data = data;
        _definition = definition;
        var b = new DataViewSchema.Builder();
        foreach (var c in definition)
        {
            var expected = ExpectedRawType(c.MemberType);
            if (c.ColumnType.RawType != expected)
            {
                throw new InvalidOperationException(
                    $"{typeof(TRow).Name}.{c.MemberName}: column type {c.ColumnType} (values {TypeNames.Of(c.ColumnType.RawType)}) " +
                    $"does not fit a member of {TypeNames.Of(c.MemberType)}.");
            }

            b.AddColumn(c.ColumnName, c.ColumnType, c.Annotations);
        }

        Schema = b.ToSchema();
    }

    public DataViewSchema Schema { get; }

    public bool CanShuffle => false;

    public long? GetRowCount() => _data switch
    {
        ICollection<TRow> c => c.Count,
        IReadOnlyCollection<TRow> r => r.Count,
        _ => null,
    };

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
        new Cursor(this, columnsNeeded);

    /// <summary>The raw column type a member of <paramref name="memberType"/> gives: arrays become VBuffers.</summary>
    internal static Type ExpectedRawType(Type memberType) =>
        memberType.IsArray ? typeof(VBuffer<>).MakeGenericType(memberType.GetElementType()!) : memberType;

    private static Delegate MakeDirectGetter<TValue>(Cursor cursor, SchemaDefinition.Column column, DataViewType type)
    {
        var get = MemberAccess.Getter<TRow, TValue>(column.MemberName);
        var key = type as KeyDataViewType;
        var image = type as ImageDataViewType;
        return (ValueGetter<TValue>)((ref TValue value) =>
        {
            var v = get(cursor.Current);
            if (key is not null && v is uint k && k > key.Count)
            {
                throw cursor.RowError(column, $"key value {k} is above the key count {key.Count}");
            }

            if (image is not null && image.IsKnownSize && v is MLImage img && (img.Height != image.Height || img.Width != image.Width))
            {
                throw cursor.RowError(column, $"expected a {image.Width}x{image.Height} (width x height) image as the column type {image} says, found {img.Width}x{img.Height}");
            }

            if (v is null && typeof(TValue) == typeof(string))
            {
                v = (TValue)(object)string.Empty;
            }

            value = v;
        });
    }

    private static Delegate MakeArrayGetter<TItem>(Cursor cursor, SchemaDefinition.Column column, DataViewType type)
    {
        var get = MemberAccess.Getter<TRow, TItem[]?>(column.MemberName);
        var size = ((VectorDataViewType)type).Size;
        return (ValueGetter<VBuffer<TItem>>)((ref VBuffer<TItem> value) =>
        {
            var a = get(cursor.Current);
            if (size > 0 && (a?.Length ?? 0) != size)
            {
                throw cursor.RowError(column, $"vector has {a?.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no (null)"} items, the column type {type} needs {size}");
            }

            value = a is null ? new VBuffer<TItem>([]) : new VBuffer<TItem>(a);
        });
    }

    private sealed class Cursor : DataViewRowCursor
    {
        private readonly EnumerableDataView<TRow> _view;
        private readonly IEnumerator<TRow> _rows;
        private readonly Delegate?[] _getters;
        private long _position = -1;
        private TRow? _current;

        public Cursor(EnumerableDataView<TRow> view, IEnumerable<DataViewSchema.Column> columnsNeeded)
        {
            _view = view;
            _rows = view._data.GetEnumerator();
            _getters = new Delegate?[view.Schema.Count];
            foreach (var c in columnsNeeded)
            {
                var def = view._definition[c.Index];
                var typeArgs = def.MemberType.IsArray ? [def.MemberType.GetElementType()!] : new[] { def.MemberType };
                var method = def.MemberType.IsArray ? nameof(MakeArrayGetter) : nameof(MakeDirectGetter);
                _getters[c.Index] = (Delegate)MemberAccess.InvokeGeneric(typeof(EnumerableDataView<TRow>), method, typeArgs, this, def, c.Type)!;
            }
        }

        public TRow Current => _current ?? throw new InvalidOperationException("The cursor is not on a row; call MoveNext first.");

        public override DataViewSchema Schema => _view.Schema;

        public override long Position => _position;

        public override bool IsColumnActive(DataViewSchema.Column column) => _getters[column.Index] is not null;

        public override bool MoveNext()
        {
            if (!_rows.MoveNext())
            {
                _current = null;
                return false;
            }

            _current = _rows.Current ?? throw new InvalidOperationException($"The enumerable's {RowText.Of(_position + 1)} is null.");
            _position++;
            return true;
        }

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            CheckGetterRequest<TValue>(column);
            return (ValueGetter<TValue>)_getters[column.Index]!;
        }

        public InvalidDataException RowError(SchemaDefinition.Column column, string message) =>
            new($"{RowText.Of(_position)}, column '{column.ColumnName}' ({typeof(TRow).Name}.{column.MemberName}): {message}.");

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _rows.Dispose();
            }
        }
    }
}
