// Reads "path,label" image lists (CSV or TSV) into rows (ImagePath, Label), paths resolved against the list's folder.
using System.Text;

namespace MLNet.Gan.Data;

/// <summary>
/// Loads image lists: one image per line, "path{separator}label". Relative paths are resolved against
/// the list file's folder. Fields may be double-quoted ("" for a quote inside). Blank lines are skipped.
/// </summary>
public static class ImageListLoader
{
    private static readonly string[] s_headerNames = { "path", "imagepath", "image", "file", "filename", "filepath" };

    /// <summary>
    /// Rows "ImagePath" (Text, full paths) and "Label" (key). Class names are <paramref name="classNames"/>
    /// when given (a label outside them is an error), else the distinct labels sorted ordinally.
    /// </summary>
    /// <param name="path">The list file.</param>
    /// <param name="separator">Field separator; null picks tab for .tsv files and comma otherwise.</param>
    /// <param name="hasHeader">Whether the first line is a header; null detects a first field named path, ImagePath, image, file, filename or filepath.</param>
    /// <param name="classNames">Fixed class names in key order, or null.</param>
    /// <exception cref="InvalidDataException">A row lacks a field or has an unknown label (file, row and column named).</exception>
    public static InMemoryDataView Load(string path, char? separator = null, bool? hasHeader = null, IReadOnlyList<string>? classNames = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"image list not found: '{path}'", path);
        }

        var sep = separator ?? (string.Equals(Path.GetExtension(path), ".tsv", StringComparison.OrdinalIgnoreCase) ? '\t' : ',');
        var baseFolder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var lines = File.ReadAllLines(path);
        var paths = new List<string>();
        var labelTexts = new List<string>();
        var lineNumbers = new List<int>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i]))
            {
                continue;
            }

            var fields = Split(lines[i], sep, path, i + 1);
            var isFirst = paths.Count == 0 && lineNumbers.Count == 0;
            if (isFirst && (hasHeader ?? s_headerNames.Contains(fields[0].Trim(), StringComparer.OrdinalIgnoreCase)))
            {
                lineNumbers.Add(-1);
                continue;
            }

            if (fields.Count < 2 || fields[1].Trim().Length == 0)
            {
                throw new InvalidDataException($"image list '{path}' row {i + 1}: column 2 (label) is missing");
            }

            if (fields[0].Trim().Length == 0)
            {
                throw new InvalidDataException($"image list '{path}' row {i + 1}: column 1 (path) is empty");
            }

            paths.Add(Path.GetFullPath(Path.Combine(baseFolder, fields[0].Trim())));
            labelTexts.Add(fields[1].Trim());
            lineNumbers.Add(i + 1);
        }

        if (paths.Count == 0)
        {
            throw new InvalidDataException($"image list '{path}' has no rows");
        }

        var names = classNames?.ToArray() ?? labelTexts.Distinct(StringComparer.Ordinal).OrderBy(n => n, StringComparer.Ordinal).ToArray();
        var index = new Dictionary<string, uint>(StringComparer.Ordinal);
        for (var k = 0; k < names.Length; k++)
        {
            index.TryAdd(names[k], (uint)k + 1);
        }

        var rows = lineNumbers.Where(n => n > 0).ToArray();
        var labels = new uint[labelTexts.Count];
        for (var r = 0; r < labels.Length; r++)
        {
            if (!index.TryGetValue(labelTexts[r], out labels[r]))
            {
                throw new InvalidDataException(
                    $"image list '{path}' row {rows[r]}, column 2 (label): '{labelTexts[r]}' is not one of the {names.Length} class names ({string.Join(", ", names)})");
            }
        }

        return new InMemoryDataView.Builder()
            .AddColumn(ImageFolderLoader.PathColumnName, TextDataViewType.Instance, paths.ToArray())
            .AddColumn(ImageFolderLoader.LabelColumnName, new KeyDataViewType(names.Length), labels, AnnotationUtils.KeyValuesAnnotation(names))
            .ToDataView();
    }

    /// <summary>Splits one line on <paramref name="separator"/>, honouring double quotes.</summary>
    private static List<string> Split(string line, char separator, string path, int row)
    {
        var fields = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var ch = line[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    current.Append('"');
                    i++;
                }
                else if (ch == '"')
                {
                    quoted = false;
                }
                else
                {
                    current.Append(ch);
                }
            }
            else if (ch == '"' && current.ToString().Trim().Length == 0)
            {
                current.Clear();
                quoted = true;
            }
            else if (ch == separator)
            {
                fields.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(ch);
            }
        }

        if (quoted)
        {
            throw new InvalidDataException($"image list '{path}' row {row}: a quoted field is not closed");
        }

        fields.Add(current.ToString());
        return fields;
    }
}
