// An in-memory table as an ML.NET data view: one array per column, typed as the column. It holds generated rows (in the
// training schema) and the rows of a CSV file.
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.Gan.Tabular;

/// <summary>Rows held column by column in arrays of the columns' raw types (float[], ReadOnlyMemory&lt;char&gt;[], uint[] for keys ...).</summary>
internal sealed class TableDataView : IDataView
{
    private readonly Array[] _values;
    private readonly int _rows;

    public TableDataView(DataViewSchema schema, Array[] values, int rows)
    {
        Schema = schema;
        _values = values;
        _rows = rows;
    }

    public bool CanShuffle => false;

    public DataViewSchema Schema { get; }

    public long? GetRowCount() => _rows;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
        new Cursor(this, columnsNeeded.Select(c => c.Index).ToHashSet());

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        new[] { GetRowCursor(columnsNeeded, rand) };

    /// <summary>The ML.NET type of a learned column, as generated rows carry it.</summary>
    public static DataViewType TypeOf(TabularColumnInfo c) => c.Type switch
    {
        "String" => TextDataViewType.Instance,
        "Boolean" => BooleanDataViewType.Instance,
        "Key" => new KeyDataViewType(typeof(uint), c.KeyCount),
        "Single" => NumberDataViewType.Single,
        "Double" => NumberDataViewType.Double,
        "SByte" => NumberDataViewType.SByte,
        "Byte" => NumberDataViewType.Byte,
        "Int16" => NumberDataViewType.Int16,
        "UInt16" => NumberDataViewType.UInt16,
        "Int32" => NumberDataViewType.Int32,
        "UInt32" => NumberDataViewType.UInt32,
        "Int64" => NumberDataViewType.Int64,
        "UInt64" => NumberDataViewType.UInt64,
        _ => throw new InvalidDataException($"column '{c.Name}': unknown type '{c.Type}'"),
    };

    /// <summary>The schema of generated rows: the learned columns with their types (key columns with their key-value names).</summary>
    public static DataViewSchema SchemaOf(IReadOnlyList<TabularColumnInfo> columns)
    {
        var builder = new DataViewSchema.Builder();
        foreach (var c in columns)
        {
            if (c.Type == "Key" && c.KeyHasNames)
            {
                var names = new VBuffer<ReadOnlyMemory<char>>(c.Categories.Length, c.Categories.Select(n => n.AsMemory()).ToArray());
                var annotations = new DataViewSchema.Annotations.Builder();
                annotations.Add(TabularTable.KeyValuesKind, new VectorDataViewType(TextDataViewType.Instance, c.Categories.Length),
                    (ref VBuffer<ReadOnlyMemory<char>> v) => names.CopyTo(ref v));
                builder.AddColumn(c.Name, TypeOf(c), annotations.ToAnnotations());
            }
            else
            {
                builder.AddColumn(c.Name, TypeOf(c));
            }
        }

        return builder.ToSchema();
    }

    /// <summary>Decoded values (numbers, category codes) as a data view in the columns' own types.</summary>
    public static TableDataView FromDecoded(IReadOnlyList<TabularColumnInfo> columns, double[][] numbers, int[][] codes, int rows)
    {
        var values = new Array[columns.Count];
        for (var i = 0; i < columns.Count; i++)
        {
            var c = columns[i];
            values[i] = c.Kind == TabularColumnKind.Numeric ? Numbers(c, numbers[i]) : Categories(c, codes[i]);
        }

        return new TableDataView(SchemaOf(columns), values, rows);
    }

    private static Array Numbers(TabularColumnInfo c, double[] v) => c.Type switch
    {
        "Single" => v.Select(x => (float)x).ToArray(),
        "Double" => v,
        "SByte" => v.Select(x => (sbyte)x).ToArray(),
        "Byte" => v.Select(x => (byte)x).ToArray(),
        "Int16" => v.Select(x => (short)x).ToArray(),
        "UInt16" => v.Select(x => (ushort)x).ToArray(),
        "Int32" => v.Select(x => (int)x).ToArray(),
        "UInt32" => v.Select(x => (uint)x).ToArray(),
        "Int64" => v.Select(x => (long)x).ToArray(),
        "UInt64" => v.Select(x => (ulong)x).ToArray(),
        _ => throw new InvalidDataException($"column '{c.Name}': '{c.Type}' is not a number type"),
    };

    // Missing (code = category count) becomes the type's missing value: empty text, key 0; Booleans have none.
    private static Array Categories(TabularColumnInfo c, int[] codes) => c.Type switch
    {
        "String" => codes.Select(k => k < c.Categories.Length ? c.Categories[k].AsMemory() : ReadOnlyMemory<char>.Empty).ToArray(),
        "Boolean" => codes.Select(k => k == 1).ToArray(),
        "Key" => codes.Select(k => k < c.Categories.Length ? (uint)(k + 1) : 0u).ToArray(),
        _ => throw new InvalidDataException($"column '{c.Name}': '{c.Type}' is not a categorical type"),
    };

    private sealed class Cursor : DataViewRowCursor
    {
        private readonly TableDataView _parent;
        private readonly HashSet<int> _active;
        private long _position = -1;

        public Cursor(TableDataView parent, HashSet<int> active)
        {
            _parent = parent;
            _active = active;
        }

        public override DataViewSchema Schema => _parent.Schema;

        public override long Position => _position;

        public override long Batch => 0;

        public override bool MoveNext() => ++_position < _parent._rows;

        public override ValueGetter<DataViewRowId> GetIdGetter() => (ref DataViewRowId id) => id = new DataViewRowId((ulong)_position, 0);

        public override bool IsColumnActive(DataViewSchema.Column column) => _active.Contains(column.Index);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (_parent._values[column.Index] is not TValue[] values)
            {
                throw new InvalidOperationException(
                    $"column '{column.Name}' holds {column.Type.RawType.Name} values, not {typeof(TValue).Name}");
            }

            return (ref TValue value) => value = values[_position];
        }
    }
}
