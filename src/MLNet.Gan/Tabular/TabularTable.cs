// Reads the columns a tabular GAN learns from an IDataView into memory: numbers as doubles (NaN for missing), categories
// as codes; checks every column's type with errors that name the column, the types expected and the type found.
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Gan.Training;

namespace MLNet.Gan.Tabular;

/// <summary>The training rows, column by column: numbers (NaN when missing) or category codes (the category count when missing).</summary>
internal sealed class TabularTable
{
    /// <summary>What a learnable column may be, as errors say it.</summary>
    public const string ExpectedTypes = "a scalar number (Single, Double or an integer type), text, key or Boolean";

    /// <summary>The annotation that holds a key column's value names (ML.NET's KeyValuesKind, internal to ML.NET).</summary>
    public const string KeyValuesKind = "KeyValues";

    private TabularTable(TabularColumnInfo[] columns, double[][] numbers, int[][] codes, int rows)
    {
        Columns = columns;
        Numbers = numbers;
        Codes = codes;
        Rows = rows;
    }

    /// <summary>The columns (types and categories filled; mixtures not yet fitted).</summary>
    public TabularColumnInfo[] Columns { get; }

    /// <summary>Per column: its values for a numeric column, else null.</summary>
    public double[][] Numbers { get; }

    /// <summary>Per column: its category codes for a categorical column (Categories.Length for missing), else null.</summary>
    public int[][] Codes { get; }

    /// <summary>Row count.</summary>
    public int Rows { get; }

    /// <summary>The rows at <paramref name="rows"/>, in that order.</summary>
    public TabularTable Subset(int[] rows) => new(Columns,
        Numbers.Select(v => v is null ? null! : rows.Select(r => v[r]).ToArray()).ToArray(),
        Codes.Select(v => v is null ? null! : rows.Select(r => v[r]).ToArray()).ToArray(), rows.Length);

    /// <summary>Column <paramref name="i"/>'s categories row by row (null for missing); for a categorical column only.</summary>
    public string?[] Text(int i) => Codes[i].Select(k => k < Columns[i].Categories.Length ? Columns[i].Categories[k] : null).ToArray();

    /// <summary>Reads the columns named by <paramref name="columns"/> from <paramref name="data"/> (for evaluation: categories as found there).</summary>
    public static TabularTable Read(IDataView data, IEnumerable<TabularColumnInfo> columns) =>
        Read(data, Select(data.Schema, columns.Select(c => c.Name).ToArray()), int.MaxValue);

    /// <summary>The kind and type name of an ML.NET column type, or null when a tabular GAN cannot learn it.</summary>
    public static (TabularColumnKind Kind, string Type)? Classify(DataViewType type) => type switch
    {
        NumberDataViewType n => (TabularColumnKind.Numeric, n.RawType.Name),
        TextDataViewType => (TabularColumnKind.Categorical, "String"),
        BooleanDataViewType => (TabularColumnKind.Categorical, "Boolean"),
        KeyDataViewType { Count: > 0 } => (TabularColumnKind.Categorical, "Key"),
        _ => null,
    };

    /// <summary>The columns to learn: <paramref name="names"/>, or every visible column of <paramref name="schema"/> when null; all checked.</summary>
    public static DataViewSchema.Column[] Select(DataViewSchema schema, IReadOnlyList<string>? names)
    {
        var columns = names is null
            ? schema.Where(c => !c.IsHidden).ToArray()
            : names.Select(n => schema.GetColumnOrNull(n) ?? throw SchemaErrors.Missing("tabular", n, ExpectedTypes, schema.Where(c => !c.IsHidden).Select(c => c.Name))).ToArray();
        if (columns.Length == 0)
        {
            throw new ArgumentException("the data has no columns to learn", nameof(schema));
        }

        var duplicate = columns.GroupBy(c => c.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"column '{duplicate.Key}' is named twice", nameof(names));
        }

        foreach (var c in columns)
        {
            if (Classify(c.Type) is null)
            {
                throw SchemaErrors.Mismatch("tabular", c.Name, ExpectedTypes, c.Type.ToString() ?? "?",
                    "leave the column out (Options.ColumnNames) or convert it first");
            }
        }

        return columns;
    }

    /// <summary>Reads <paramref name="columns"/> of <paramref name="data"/>; refuses an empty table and identifier-like text columns.</summary>
    public static TabularTable Read(IDataView data, DataViewSchema.Column[] columns, int maxCategories)
    {
        var readers = columns.Select(c => ColumnReader.For(c)).ToArray();
        using (var cursor = data.GetRowCursor(columns))
        {
            var getters = readers.Select(r => r.Bind(cursor)).ToArray();
            while (cursor.MoveNext())
            {
                foreach (var get in getters)
                {
                    get();
                }
            }
        }

        var rows = readers[0].Count;
        if (rows == 0)
        {
            throw new ArgumentException("the data has no rows: a tabular GAN needs rows to learn from", nameof(data));
        }

        var infos = new TabularColumnInfo[columns.Length];
        var numbers = new double[columns.Length][];
        var codes = new int[columns.Length][];
        for (var i = 0; i < columns.Length; i++)
        {
            var (info, values, columnCodes) = readers[i].Finish(maxCategories, rows);
            infos[i] = info;
            numbers[i] = values!;
            codes[i] = columnCodes!;
        }

        return new TabularTable(infos, numbers, codes, rows);
    }

    /// <summary>Collects one column's values from a cursor and turns them into a column description and numbers or codes.</summary>
    private sealed class ColumnReader
    {
        private readonly DataViewSchema.Column _column;
        private readonly TabularColumnKind _kind;
        private readonly string _type;
        private readonly List<double> _numbers = new();
        private readonly List<string?> _texts = new();

        private ColumnReader(DataViewSchema.Column column)
        {
            _column = column;
            (_kind, _type) = Classify(column.Type)!.Value;
        }

        public int Count => _kind == TabularColumnKind.Numeric ? _numbers.Count : _texts.Count;

        public static ColumnReader For(DataViewSchema.Column column) => new(column);

        /// <summary>An action that reads the cursor's current value of the column.</summary>
        public Action Bind(DataViewRowCursor cursor)
        {
            if (_kind == TabularColumnKind.Numeric)
            {
                var get = NumberGetter(cursor, _column);
                return () => _numbers.Add(get());
            }

            switch (_column.Type)
            {
                case TextDataViewType:
                {
                    var get = cursor.GetGetter<ReadOnlyMemory<char>>(_column);
                    ReadOnlyMemory<char> text = default;
                    return () =>
                    {
                        get(ref text);
                        _texts.Add(text.IsEmpty ? null : text.ToString());
                    };
                }

                case BooleanDataViewType:
                {
                    var get = cursor.GetGetter<bool>(_column);
                    var value = false;
                    return () =>
                    {
                        get(ref value);
                        _texts.Add(value ? "True" : "False");
                    };
                }

                default:
                {
                    var key = KeyValue(cursor, _column);
                    return () =>
                    {
                        var k = key();
                        _texts.Add(k == 0 ? null : k.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    };
                }
            }
        }

        public (TabularColumnInfo Info, double[]? Numbers, int[]? Codes) Finish(int maxCategories, int rows)
        {
            var info = new TabularColumnInfo { Name = _column.Name, Kind = _kind, Type = _type };
            if (_kind == TabularColumnKind.Numeric)
            {
                var values = _numbers.ToArray();
                var present = values.Where(v => !double.IsNaN(v)).ToArray();
                if (present.Any(double.IsInfinity))
                {
                    throw new InvalidDataException($"column '{_column.Name}': holds an infinite value; a tabular GAN learns finite numbers (NaN counts as missing)");
                }

                info.HasMissing = present.Length < values.Length;
                info.Minimum = present.Length > 0 ? present.Min() : 0;
                info.Maximum = present.Length > 0 ? present.Max() : 0;
                return (info, values, null);
            }

            if (_column.Type is KeyDataViewType keyType)
            {
                info.KeyCount = keyType.Count;
                var names = KeyNames(_column, keyType.Count);
                info.KeyHasNames = names is not null;
                info.Categories = names ?? Enumerable.Range(1, (int)keyType.Count).Select(k => k.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
                if (info.Categories.Length > maxCategories)
                {
                    throw new ArgumentException(
                        $"column '{_column.Name}': a key type with {keyType.Count} values, more than MaxCategories ({maxCategories}); leave it out or raise MaxCategories");
                }

                // Keys were read as their numbers: map them to category codes through the numbering.
                var keyCodes = _texts.Select(t => t is null ? -1 : int.Parse(t, System.Globalization.CultureInfo.InvariantCulture) - 1).ToArray();
                return Coded(info, keyCodes);
            }

            info.Categories = _column.Type is BooleanDataViewType
                ? new[] { "False", "True" }
                : _texts.OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
            // (int.MaxValue: reading for evaluation, where a column's values are only compared, never learned.)
            if (maxCategories < int.MaxValue && (info.Categories.Length > maxCategories || (info.Categories.Length == rows && rows > 20)))
            {
                throw new ArgumentException(
                    $"column '{_column.Name}': {info.Categories.Length} distinct values in {rows} rows" +
                    (info.Categories.Length == rows ? ", one per row: an identifier cannot be learned" : $", more than MaxCategories ({maxCategories})") +
                    "; leave the column out (Options.ColumnNames) or group its values");
            }

            var index = info.Categories.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i, StringComparer.Ordinal);
            return Coded(info, _texts.Select(t => t is null ? -1 : index[t]).ToArray());
        }

        private static (TabularColumnInfo, double[]?, int[]?) Coded(TabularColumnInfo info, int[] codes)
        {
            var missing = info.Categories.Length;
            info.HasMissing = codes.Any(c => c < 0);
            for (var i = 0; i < codes.Length; i++)
            {
                codes[i] = codes[i] < 0 ? missing : codes[i];
            }

            var counts = new int[missing + (info.HasMissing ? 1 : 0)];
            foreach (var c in codes)
            {
                counts[c]++;
            }

            info.CategoryCounts = counts;
            return (info, null, codes);
        }

        // The key-value names of a key column (its KeyValues annotation, a text vector), or null.
        private static string[]? KeyNames(DataViewSchema.Column column, ulong count)
        {
            if (column.Annotations.Schema.GetColumnOrNull(KeyValuesKind) is not { Type: VectorDataViewType { ItemType: TextDataViewType } })
            {
                return null;
            }

            VBuffer<ReadOnlyMemory<char>> names = default;
            column.GetKeyValues(ref names);
            var dense = names.DenseValues().Select(n => n.ToString()).ToArray();
            return dense.Length == (int)count && dense.Distinct().Count() == dense.Length ? dense : null;
        }
    }

    /// <summary>A reader of a numeric column of any ML.NET number type as double.</summary>
    internal static Func<double> NumberGetter(DataViewRow row, DataViewSchema.Column column) => column.Type.RawType switch
    {
        var t when t == typeof(float) => Typed<float>(row, column, v => v),
        var t when t == typeof(double) => Typed<double>(row, column, v => v),
        var t when t == typeof(sbyte) => Typed<sbyte>(row, column, v => v),
        var t when t == typeof(byte) => Typed<byte>(row, column, v => v),
        var t when t == typeof(short) => Typed<short>(row, column, v => v),
        var t when t == typeof(ushort) => Typed<ushort>(row, column, v => v),
        var t when t == typeof(int) => Typed<int>(row, column, v => v),
        var t when t == typeof(uint) => Typed<uint>(row, column, v => v),
        var t when t == typeof(long) => Typed<long>(row, column, v => v),
        var t when t == typeof(ulong) => Typed<ulong>(row, column, v => v),
        var t => throw SchemaErrors.Mismatch("tabular", column.Name, ExpectedTypes, t.Name),
    };

    /// <summary>A reader of a key column's value (0 for missing) whatever its raw type.</summary>
    internal static Func<ulong> KeyValue(DataViewRow row, DataViewSchema.Column column) => column.Type.RawType switch
    {
        var t when t == typeof(byte) => TypedKey<byte>(row, column, v => v),
        var t when t == typeof(ushort) => TypedKey<ushort>(row, column, v => v),
        var t when t == typeof(uint) => TypedKey<uint>(row, column, v => v),
        _ => TypedKey<ulong>(row, column, v => v),
    };

    private static Func<double> Typed<T>(DataViewRow row, DataViewSchema.Column column, Func<T, double> convert)
    {
        var get = row.GetGetter<T>(column);
        T value = default!;
        return () =>
        {
            get(ref value);
            return convert(value);
        };
    }

    private static Func<ulong> TypedKey<T>(DataViewRow row, DataViewSchema.Column column, Func<T, ulong> convert)
    {
        var get = row.GetGetter<T>(column);
        T value = default!;
        return () =>
        {
            get(ref value);
            return convert(value);
        };
    }
}
