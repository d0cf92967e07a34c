// Reads delimited text files (CSV/TSV) into a data view, with errors that name the file, line and column.
using System.Globalization;

namespace MLNet.Gan.Data;

/// <summary>The value kinds of text-file columns (ML.NET's DataKind, same numbering).</summary>
public enum DataKind
{
    /// <summary>8-bit unsigned integer.</summary>
    Byte = 2,

    /// <summary>32-bit signed integer.</summary>
    Int32 = 5,

    /// <summary>32-bit unsigned integer.</summary>
    UInt32 = 6,

    /// <summary>64-bit signed integer.</summary>
    Int64 = 7,

    /// <summary>32-bit float (an empty field reads as NaN).</summary>
    Single = 9,

    /// <summary>64-bit float (an empty field reads as NaN).</summary>
    Double = 10,

    /// <summary>Text.</summary>
    String = 11,

    /// <summary>Boolean: true/false or 1/0.</summary>
    Boolean = 12,
}

/// <summary>
/// Loads a delimited text file (ML.NET's TextLoader): each column reads one field or a range of fields (a vector).
/// The whole file is parsed when loaded, so errors come early; they name the file's line (1-based) and the column.
/// </summary>
public static class TextLoader
{
    /// <summary>A column of a text file: a name, a kind and the field indices it reads.</summary>
    public sealed class Column
    {
        /// <summary>A scalar column from field <paramref name="index"/> (0-based).</summary>
        public Column(string name, DataKind dataKind, int index)
            : this(name, dataKind, index, index)
        {
            IsVector = false;
        }

        /// <summary>A vector column from fields <paramref name="minIndex"/>..<paramref name="maxIndex"/> (inclusive).</summary>
        public Column(string name, DataKind dataKind, int minIndex, int maxIndex)
        {
            ArgumentException.ThrowIfNullOrEmpty(name);
            ArgumentOutOfRangeException.ThrowIfNegative(minIndex);
            ArgumentOutOfRangeException.ThrowIfLessThan(maxIndex, minIndex);
            if (!Enum.IsDefined(dataKind))
            {
                throw new ArgumentOutOfRangeException(nameof(dataKind), dataKind, "Unsupported data kind.");
            }

            Name = name;
            DataKind = dataKind;
            MinIndex = minIndex;
            MaxIndex = maxIndex;
            IsVector = true;
        }

        /// <summary>The column name.</summary>
        public string Name { get; }

        /// <summary>The value kind.</summary>
        public DataKind DataKind { get; }

        /// <summary>The first field read.</summary>
        public int MinIndex { get; }

        /// <summary>The last field read.</summary>
        public int MaxIndex { get; }

        /// <summary>Whether the column is a vector (built with a range).</summary>
        public bool IsVector { get; }
    }

    /// <summary>Options of <c>ctx.Data.LoadFromTextFile</c> (ML.NET's TextLoader.Options, the dense subset).</summary>
    public sealed class Options
    {
        /// <summary>The columns to read. Required.</summary>
        public Column[] Columns = [];

        /// <summary>The characters that separate fields; any of them ends a field. Default: tab.</summary>
        public char[] Separators = ['\t'];

        /// <summary>Whether the first line is a header (skipped). Default: false.</summary>
        public bool HasHeader;

        /// <summary>Whether a field may be double-quoted (separators inside it kept, "" a quote); when false a quote is an ordinary character. Default: false.</summary>
        public bool AllowQuoting;

        /// <summary>Remove whitespace at the end of each line before splitting it. Default: false.</summary>
        public bool TrimWhitespace;

        /// <summary>Read at most this many data lines (after the header); null reads them all. Default: null.</summary>
        public long? MaxRows;

        /// <summary>The decimal marker of Single and Double fields: '.' or ','. With ',' no separator may be ','. Default: '.'.</summary>
        public char DecimalMarker = '.';
    }

    /// <summary>Reads <paramref name="path"/> into an in-memory data view (ML.NET's defaults: tab-separated, no header, no quoting).</summary>
    public static InMemoryDataView Load(string path, Column[] columns, char separatorChar = '\t', bool hasHeader = false, bool allowQuoting = false, bool trimWhitespace = false) =>
        Load(path, new Options { Columns = columns, Separators = [separatorChar], HasHeader = hasHeader, AllowQuoting = allowQuoting, TrimWhitespace = trimWhitespace });

    /// <summary>Reads <paramref name="path"/> as described by <paramref name="options"/> into an in-memory data view.</summary>
    /// <exception cref="FormatException">A field is missing or cannot be parsed (file, line, column, field and text named).</exception>
    public static InMemoryDataView Load(string path, Options options)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(options);
        var columns = options.Columns ?? throw new ArgumentException("TextLoader: Options.Columns is null.", nameof(options));
        if (columns.Length == 0)
        {
            throw new ArgumentException("TextLoader: at least one column is needed (Options.Columns is empty).", nameof(options));
        }

        var separators = options.Separators is { Length: > 0 } given ? given : throw new ArgumentException("TextLoader: Options.Separators is empty.", nameof(options));
        if (options.DecimalMarker is not ('.' or ','))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.DecimalMarker, "TextLoader: the decimal marker must be '.' or ','.");
        }

        if (options.DecimalMarker == ',' && separators.Contains(','))
        {
            throw new ArgumentException("TextLoader: ',' cannot be both the decimal marker and a separator.", nameof(options));
        }

        if (options.MaxRows is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxRows, "TextLoader: MaxRows must not be negative.");
        }

        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Text file '{path}' not found.", path);
        }

        var rows = new List<(int Line, string[] Fields)>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (rows.Count >= options.MaxRows)
            {
                break;
            }

            var text = options.TrimWhitespace ? line.TrimEnd() : line;
            if ((options.HasHeader && lineNumber == 1) || text.Length == 0)
            {
                continue;
            }

            rows.Add((lineNumber, DelimitedFields.TrySplit(text, separators, options.AllowQuoting)?.ToArray()
                ?? throw new FormatException($"TextLoader: {RowText.Line(lineNumber, path)}: unterminated quoted field.")));
        }

        var number = options.DecimalMarker == ',' ? (Func<string, string>)(t => t.Replace(',', '.')) : t => t;
        var builder = new InMemoryDataView.Builder();
        foreach (var column in columns)
        {
            switch (column.DataKind)
            {
                case DataKind.Single: Add<float>(builder, column, rows, path, NumberDataViewType.Single, s => ParseSingle(number(s))); break;
                case DataKind.Double: Add<double>(builder, column, rows, path, NumberDataViewType.Double, s => ParseDouble(number(s))); break;
                case DataKind.Int32: Add<int>(builder, column, rows, path, NumberDataViewType.Int32, s => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null); break;
                case DataKind.Int64: Add<long>(builder, column, rows, path, NumberDataViewType.Int64, s => long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null); break;
                case DataKind.UInt32: Add<uint>(builder, column, rows, path, NumberDataViewType.UInt32, s => uint.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null); break;
                case DataKind.Byte: Add<byte>(builder, column, rows, path, NumberDataViewType.Byte, s => byte.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null); break;
                case DataKind.Boolean: Add<bool>(builder, column, rows, path, BooleanDataViewType.Instance, ParseBoolean); break;
                default: AddText(builder, column, rows, path); break;
            }
        }

        return builder.ToDataView();
    }

    private static void Add<T>(
        InMemoryDataView.Builder builder, Column column, List<(int Line, string[] Fields)> rows, string path, PrimitiveDataViewType type, Func<string, T?> parse)
        where T : struct
    {
        var width = column.MaxIndex - column.MinIndex + 1;
        T Read(int r, int field)
        {
            var text = Field(rows[r], field, column, path);
            return parse(text.Trim()) ?? throw new FormatException(
                $"TextLoader: {RowText.Line(rows[r].Line, path)}, column '{column.Name}' (field {field}): cannot parse '{text}' as {column.DataKind}.");
        }

        if (!column.IsVector)
        {
            var values = new T[rows.Count];
            for (var r = 0; r < rows.Count; r++)
            {
                values[r] = Read(r, column.MinIndex);
            }

            builder.AddColumn(column.Name, type, values);
            return;
        }

        var vectors = new VBuffer<T>[rows.Count];
        for (var r = 0; r < rows.Count; r++)
        {
            var items = new T[width];
            for (var j = 0; j < width; j++)
            {
                items[j] = Read(r, column.MinIndex + j);
            }

            vectors[r] = new VBuffer<T>(items);
        }

        builder.AddColumn(column.Name, new VectorDataViewType(type, width), vectors);
    }

    private static void AddText(InMemoryDataView.Builder builder, Column column, List<(int Line, string[] Fields)> rows, string path)
    {
        var width = column.MaxIndex - column.MinIndex + 1;
        if (!column.IsVector)
        {
            builder.AddColumn(column.Name, TextDataViewType.Instance, rows.Select(r => Field(r, column.MinIndex, column, path)).ToArray());
            return;
        }

        var vectors = rows.Select(r => new VBuffer<string>(Enumerable.Range(column.MinIndex, width).Select(f => Field(r, f, column, path)).ToArray())).ToArray();
        builder.AddColumn(column.Name, new VectorDataViewType(TextDataViewType.Instance, width), vectors);
    }

    private static string Field((int Line, string[] Fields) row, int field, Column column, string path) =>
        field < row.Fields.Length
            ? row.Fields[field]
            : throw new FormatException(
                $"TextLoader: {RowText.Line(row.Line, path)}, column '{column.Name}' (field {field}): missing field; the line has {row.Fields.Length} fields.");

    private static float? ParseSingle(string s) =>
        s.Length == 0 ? float.NaN : float.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;

    private static double? ParseDouble(string s) =>
        s.Length == 0 ? double.NaN : double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;

    private static bool? ParseBoolean(string s) => s.ToLowerInvariant() switch
    {
        "true" or "1" => true,
        "false" or "0" => false,
        _ => null,
    };
}
