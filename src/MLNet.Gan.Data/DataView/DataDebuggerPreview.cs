// Preview: the first rows of a view as plain values, for notebooks and debugging (ML.NET's DataDebuggerPreview).
using System.Globalization;

namespace MLNet.Gan.Data;

/// <summary>The first rows of a data view read into plain objects (vectors as arrays), by row and by column.</summary>
public sealed class DataDebuggerPreview
{
    internal DataDebuggerPreview(IDataView view, int maxRows)
    {
        Schema = view.Schema;
        var columns = view.Schema.Where(c => !c.IsHidden).ToArray();
        var rows = new List<KeyValuePair<string, object?>[]>();
        using (var cursor = view.GetRowCursor(columns))
        {
            var readers = columns.Select(c => (c.Name, Read: Reader(cursor, c))).ToArray();
            while (rows.Count < maxRows && cursor.MoveNext())
            {
                rows.Add(readers.Select(r => new KeyValuePair<string, object?>(r.Name, r.Read())).ToArray());
            }
        }

        RowView = rows.Select(r => new RowInfo(r)).ToArray();
        ColumnView = columns.Select((c, i) => new ColumnInfo(c, rows.Select(r => r[i].Value).ToArray())).ToArray();
    }

    /// <summary>The view's schema.</summary>
    public DataViewSchema Schema { get; }

    /// <summary>The rows read.</summary>
    public IReadOnlyList<RowInfo> RowView { get; }

    /// <summary>The visible columns with their values in the rows read.</summary>
    public IReadOnlyList<ColumnInfo> ColumnView { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{ColumnView.Count} columns, {RowView.Count} rows";

    private static Func<object?> Reader(DataViewRow row, DataViewSchema.Column column) =>
        (Func<object?>)MemberAccess.InvokeGeneric(typeof(DataDebuggerPreview), nameof(TypedReader), [column.Type.RawType], row, column)!;

    private static Func<object?> TypedReader<T>(DataViewRow row, DataViewSchema.Column column)
    {
        var getter = row.GetGetter<T>(column);
        return () =>
        {
            T value = default!;
            getter(ref value);
            return value switch
            {
                VBuffer<float> v => v.ToArray(),
                VBuffer<double> v => v.ToArray(),
                VBuffer<int> v => v.ToArray(),
                VBuffer<long> v => v.ToArray(),
                VBuffer<byte> v => v.ToArray(),
                VBuffer<uint> v => v.ToArray(),
                VBuffer<bool> v => v.ToArray(),
                VBuffer<string> v => v.ToArray(),
                _ => value,
            };
        };
    }

    /// <summary>One row: column name and value pairs.</summary>
    public sealed class RowInfo
    {
        internal RowInfo(KeyValuePair<string, object?>[] values)
        {
            Values = values;
        }

        /// <summary>The (column, value) pairs.</summary>
        public IReadOnlyList<KeyValuePair<string, object?>> Values { get; }

        /// <inheritdoc/>
        public override string ToString() => string.Join(", ", Values.Select(v => $"{v.Key}: {Show(v.Value)}"));
    }

    /// <summary>One column: its description and its values in the rows read.</summary>
    public sealed class ColumnInfo
    {
        internal ColumnInfo(DataViewSchema.Column column, object?[] values)
        {
            Column = column;
            Values = values;
        }

        /// <summary>The column.</summary>
        public DataViewSchema.Column Column { get; }

        /// <summary>The values, one per row read.</summary>
        public IReadOnlyList<object?> Values { get; }

        /// <inheritdoc/>
        public override string ToString() => $"{Column.Name} ({Column.Type}): {string.Join(", ", Values.Take(5).Select(Show))}";
    }

    private static string Show(object? value) => value switch
    {
        null => "null",
        string s => s,
        System.Collections.IEnumerable e => "[" + string.Join(", ", e.Cast<object?>().Take(8).Select(x => Convert.ToString(x, CultureInfo.InvariantCulture))) + "]",
        MLImage m => $"image {m.Width}x{m.Height}x{m.Channels}",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty,
    };
}

/// <summary>Preview of a data view (ML.NET's DebuggerExtensions.Preview).</summary>
public static class DebuggerExtensions
{
    /// <summary>Reads the first <paramref name="maxRows"/> rows of <paramref name="data"/> into plain values.</summary>
    public static DataDebuggerPreview Preview(this IDataView data, int maxRows = 100)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfNegative(maxRows);
        return new DataDebuggerPreview(data, maxRows);
    }

    /// <summary>Applies <paramref name="transformer"/> to <paramref name="data"/> and previews the result.</summary>
    public static DataDebuggerPreview Preview(this ITransformer transformer, IDataView data, int maxRows = 100)
    {
        ArgumentNullException.ThrowIfNull(transformer);
        return transformer.Transform(data).Preview(maxRows);
    }
}
