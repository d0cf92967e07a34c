// CSV files in and out of tabular GANs: column types inferred the way ML.NET AutoML's InferColumns does (AutoML is not
// available here, so this is its nearest equivalent on ML.NET's public types), overridable per column; bad files refused
// with the file, row, column and what was expected; generated rows written atomically.
using System.Globalization;
using System.Text;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Gan.IO;

namespace MLNet.Gan.Tabular;

/// <summary>How a CSV file is read.</summary>
public sealed class TabularCsvOptions
{
    /// <summary>Columns to read as numbers whatever their values look like (an unparsable value is then an error). Default none.</summary>
    public string[] NumericColumns = Array.Empty<string>();

    /// <summary>Columns to read as categories (text) even when every value is a number. Default none.</summary>
    public string[] CategoricalColumns = Array.Empty<string>();

    /// <summary>Columns to leave out. Default none.</summary>
    public string[] IgnoredColumns = Array.Empty<string>();

    /// <summary>Exact ML.NET types for named columns (a model's own schema, when reading data to evaluate it). Default none.</summary>
    public IReadOnlyDictionary<string, DataViewType>? ColumnTypes;

    /// <summary>Most data rows read; a larger file is refused (sample it first). Default 1,000,000.</summary>
    public int MaxRows = 1_000_000;
}

/// <summary>A CSV file read into an ML.NET data view, with what was inferred and noticed.</summary>
/// <param name="Data">The rows, typed per column.</param>
/// <param name="Warnings">Things worth knowing (constant columns, columns read as categories because of a stray value).</param>
public sealed record TabularCsvTable(IDataView Data, IReadOnlyList<string> Warnings);

/// <summary>Reads and writes CSV tables.</summary>
/// <remarks>
/// Inference, per column, on the non-missing values (an empty field, <c>NA</c> or <c>NaN</c> is missing): all numbers →
/// numeric (Int32 when every value is a whole number within Int32 and none is missing, else Single, ML.NET's default number
/// type); all true/false → Boolean; anything else → text, a category. AutoML's InferColumns makes every number Single; whole
/// numbers are kept as Int32 here so that generated counts come out whole.
/// </remarks>
public static class TabularCsv
{
    private static readonly string[] MissingTokens = { string.Empty, "NA", "NaN", "nan", "N/A" };

    /// <summary>Reads <paramref name="path"/>: a header row of unique column names, then rows of as many comma-separated fields.</summary>
    /// <exception cref="InvalidDataException">The file is empty, has no data rows, a row has another number of fields, a number does not parse, or a column holds an identifier.</exception>
    public static TabularCsvTable Read(string path, TabularCsvOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= new TabularCsvOptions();
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"CSV file not found: {path}", path);
        }

        var (header, rows) = Parse(path, options.MaxRows);
        foreach (var name in options.NumericColumns.Concat(options.CategoricalColumns).Concat(options.IgnoredColumns).Concat(options.ColumnTypes?.Keys ?? Enumerable.Empty<string>()))
        {
            if (!header.Contains(name))
            {
                throw new ArgumentException($"{path}: no column '{name}'; the header has: {string.Join(", ", header)}");
            }
        }

        var warnings = new List<string>();
        var builder = new DataViewSchema.Builder();
        var values = new List<Array>();
        for (var c = 0; c < header.Length; c++)
        {
            var name = header[c];
            if (options.IgnoredColumns.Contains(name))
            {
                continue;
            }

            var fields = rows.Select(r => r[c]).ToArray();
            var type = options.ColumnTypes?.GetValueOrDefault(name) ?? Infer(path, name, fields, options, warnings);
            builder.AddColumn(name, type);
            values.Add(Convert(path, name, fields, type));
            var distinct = fields.Where(f => !IsMissing(f)).Distinct().Take(2).Count();
            if (distinct <= 1 && rows.Count > 1)
            {
                warnings.Add($"{path}: column '{name}' holds {(distinct == 0 ? "no value" : $"one value ('{fields.First(f => !IsMissing(f))}')")} in every row: it is generated as that constant");
            }
        }

        if (values.Count == 0)
        {
            throw new InvalidDataException($"{path}: every column is ignored; nothing is left to learn");
        }

        return new TabularCsvTable(new TableDataView(builder.ToSchema(), values.ToArray(), rows.Count), warnings);
    }

    /// <summary>Writes <paramref name="data"/>'s visible columns to <paramref name="path"/> as CSV (header, invariant numbers, missing as empty), atomically.</summary>
    public static void Write(IDataView data, string path)
    {
        ArgumentNullException.ThrowIfNull(data);
        var columns = data.Schema.Where(c => !c.IsHidden).ToArray();
        AtomicFile.Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true);
            writer.WriteLine(string.Join(',', columns.Select(c => Quote(c.Name))));
            using var cursor = data.GetRowCursor(columns);
            var getters = columns.Select(c => FieldGetter(cursor, c)).ToArray();
            while (cursor.MoveNext())
            {
                writer.WriteLine(string.Join(',', getters.Select(g => Quote(g()))));
            }
        });
    }

    private static DataViewType Infer(string path, string name, string[] fields, TabularCsvOptions options, List<string> warnings)
    {
        var present = fields.Where(f => !IsMissing(f)).ToArray();
        if (options.CategoricalColumns.Contains(name))
        {
            return TextDataViewType.Instance;
        }

        var numbers = present.Count(f => double.TryParse(f, NumberStyles.Float, CultureInfo.InvariantCulture, out _));
        if (options.NumericColumns.Contains(name) || (present.Length > 0 && numbers == present.Length))
        {
            var whole = present.All(f => double.TryParse(f, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v == Math.Round(v) && Math.Abs(v) <= int.MaxValue);
            return whole && present.Length == fields.Length ? NumberDataViewType.Int32 : NumberDataViewType.Single;
        }

        if (present.Length > 0 && present.All(f => bool.TryParse(f, out _)))
        {
            return BooleanDataViewType.Instance;
        }

        if (numbers > 0 && numbers >= 0.9 * present.Length)
        {
            var stray = present.First(f => !double.TryParse(f, NumberStyles.Float, CultureInfo.InvariantCulture, out _));
            warnings.Add($"{path}: column '{name}' is read as categories: {numbers} of {present.Length} values are numbers but e.g. '{stray}' is not (use --numeric {name} to insist)");
        }

        return TextDataViewType.Instance;
    }

    private static Array Convert(string path, string name, string[] fields, DataViewType type)
    {
        if (type is TextDataViewType)
        {
            return fields.Select(f => f.Length == 0 ? ReadOnlyMemory<char>.Empty : f.AsMemory()).ToArray();
        }

        if (type is BooleanDataViewType)
        {
            return fields.Select((f, r) => bool.TryParse(f, out var b) ? b : throw Bad(path, r, name, f, "true or false (the column is Boolean)")).ToArray();
        }

        var parsed = fields.Select((f, r) => IsMissing(f) ? double.NaN
            : double.TryParse(f, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v
            : throw Bad(path, r, name, f, $"a number (the column is {type})")).ToArray();
        if (type == NumberDataViewType.Single)
        {
            return parsed.Select(v => (float)v).ToArray();
        }

        if (type == NumberDataViewType.Double)
        {
            return parsed;
        }

        if (type == NumberDataViewType.Int32)
        {
            return parsed.Select((v, r) => !double.IsNaN(v) && v == Math.Round(v) && Math.Abs(v) <= int.MaxValue ? (int)v
                : throw Bad(path, r, name, fields[r], "a whole number (the column is Int32)")).ToArray();
        }

        throw new ArgumentException($"{path}: column '{name}': {type} is not read from CSV; use Single, Double, Int32, Boolean or Text");
    }

    private static InvalidDataException Bad(string path, int row, string column, string found, string expected) =>
        new($"{path}, row {row + 2}, column '{column}': expected {expected}, found '{found}'");

    private static bool IsMissing(string field) => MissingTokens.Contains(field.Trim());

    // The header and the data rows as fields; rows are numbered as lines of the file (the header is row 1).
    private static (string[] Header, List<string[]> Rows) Parse(string path, int maxRows)
    {
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var header = ReadRecord(reader, path, 1) ?? throw new InvalidDataException($"{path}: the file is empty; expected a header row of column names, then data rows");
        for (var c = 0; c < header.Length; c++)
        {
            if (header[c].Trim().Length == 0)
            {
                throw new InvalidDataException($"{path}, row 1: column {c + 1} has no name in the header row");
            }
        }

        var duplicate = header.GroupBy(h => h).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidDataException($"{path}, row 1: the header names column '{duplicate.Key}' twice");
        }

        var rows = new List<string[]>();
        string[]? record;
        while ((record = ReadRecord(reader, path, rows.Count + 2)) is not null)
        {
            if (record.Length == 1 && record[0].Length == 0)
            {
                continue; // a blank line
            }

            if (record.Length != header.Length)
            {
                throw new InvalidDataException($"{path}, row {rows.Count + 2}: {record.Length} fields, expected {header.Length} (the header has {header.Length} columns)");
            }

            if (rows.Count == maxRows)
            {
                throw new InvalidDataException($"{path}: more than {maxRows:N0} data rows; take a sample of the file first (or raise the limit)");
            }

            rows.Add(record);
        }

        if (rows.Count == 0)
        {
            throw new InvalidDataException($"{path}: has a header row ({string.Join(", ", header)}) but no data rows");
        }

        return (header, rows);
    }

    // One record: comma-separated fields, double-quoted fields may hold commas, quotes ("") and line breaks; null at the end.
    private static string[]? ReadRecord(TextReader reader, string path, int row)
    {
        var line = reader.ReadLine();
        if (line is null)
        {
            return null;
        }

        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; ; i++)
        {
            if (i == line.Length)
            {
                if (!quoted)
                {
                    break;
                }

                line = reader.ReadLine() ?? throw new InvalidDataException($"{path}, row {row}: a quoted field is not closed before the end of the file");
                field.Append('\n');
                i = -1;
                continue;
            }

            var ch = line[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (ch == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(ch);
                }
            }
            else if (ch == '"')
            {
                quoted = true;
            }
            else if (ch == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(ch);
            }
        }

        fields.Add(field.ToString());
        return fields.ToArray();
    }

    private static Func<string> FieldGetter(DataViewRow row, DataViewSchema.Column column)
    {
        switch (column.Type)
        {
            case TextDataViewType:
            {
                var get = row.GetGetter<ReadOnlyMemory<char>>(column);
                ReadOnlyMemory<char> v = default;
                return () => { get(ref v); return v.ToString(); };
            }

            case BooleanDataViewType:
            {
                var get = row.GetGetter<bool>(column);
                var v = false;
                return () => { get(ref v); return v ? "true" : "false"; };
            }

            case KeyDataViewType key:
            {
                var get = TabularTable.KeyValue(row, column);
                var names = column.Annotations.Schema.GetColumnOrNull(TabularTable.KeyValuesKind) is null ? null : KeyNames(column);
                return () =>
                {
                    var k = get();
                    return k == 0 ? string.Empty : names is not null && (int)k <= names.Length ? names[k - 1] : k.ToString(CultureInfo.InvariantCulture);
                };
            }

            case NumberDataViewType:
            {
                var get = TabularTable.NumberGetter(row, column);
                return () =>
                {
                    var v = get();
                    return double.IsNaN(v) ? string.Empty : column.Type == NumberDataViewType.Single
                        ? ((float)v).ToString("R", CultureInfo.InvariantCulture) : v.ToString("R", CultureInfo.InvariantCulture);
                };
            }

            default:
                throw new ArgumentException($"column '{column.Name}': {column.Type} cannot be written to CSV (numbers, text, keys and Booleans can)");
        }
    }

    private static string[] KeyNames(DataViewSchema.Column column)
    {
        VBuffer<ReadOnlyMemory<char>> names = default;
        column.GetKeyValues(ref names);
        return names.DenseValues().Select(n => n.ToString()).ToArray();
    }

    private static string Quote(string field) =>
        field.IndexOfAny(new[] { ',', '"', '\n', '\r' }) >= 0 || (field.Length > 0 && (field[0] == ' ' || field[^1] == ' '))
            ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : field;
}
