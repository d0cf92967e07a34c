// Reads "path,label" image lists (CSV or TSV) into rows (ImagePath, Label), paths resolved against the list's folder.
namespace MLNet.Gan.Data;

/// <summary>
/// Loads image lists: one image per line, "path{separator}label". Relative paths are resolved against
/// the list file's folder (or <see cref="Options.ImageFolder"/>). Fields may be double-quoted ("" for a quote
/// inside). Blank lines are skipped. Errors name the file's line, 1-based as editors show it.
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
    /// <exception cref="InvalidDataException">A line lacks a field or has an unknown label (file, line and column named).</exception>
    public static InMemoryDataView Load(string path, char? separator = null, bool? hasHeader = null, IReadOnlyList<string>? classNames = null) =>
        Load(path, new Options { Separator = separator, HasHeader = hasHeader, ClassNames = classNames?.ToArray() });

    /// <summary>The list <paramref name="path"/> read as described by <paramref name="options"/>; see <see cref="Load(string, char?, bool?, IReadOnlyList{string}?)"/>.</summary>
    /// <exception cref="InvalidDataException">A line lacks a field or has an unknown label (file, line and column named).</exception>
    public static InMemoryDataView Load(string path, Options options)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(options);
        var (pathColumn, labelColumn) = ImageFolderLoader.ColumnNames(options.PathColumnName, options.LabelColumnName, withLabels: true);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"image list not found: '{path}'", path);
        }

        var sep = options.Separator ?? (string.Equals(Path.GetExtension(path), ".tsv", StringComparison.OrdinalIgnoreCase) ? '\t' : ',');
        var baseFolder = Path.GetFullPath(options.ImageFolder ?? Path.GetDirectoryName(Path.GetFullPath(path))!);
        var lines = File.ReadAllLines(path);
        var paths = new List<string>();
        var labelTexts = new List<string>();
        var lineNumbers = new List<int>();
        var sawFirst = false;
        for (var i = 0; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i]))
            {
                continue;
            }

            var fields = DelimitedFields.TrySplit(lines[i], sep)
                ?? throw new InvalidDataException($"image list: {RowText.Line(i + 1, path)}: a quoted field is not closed");
            var isFirst = !sawFirst;
            sawFirst = true;
            if (isFirst && (options.HasHeader ?? s_headerNames.Contains(fields[0].Trim(), StringComparer.OrdinalIgnoreCase)))
            {
                continue;
            }

            if (fields.Count < 2 || fields[1].Trim().Length == 0)
            {
                throw new InvalidDataException($"image list: {RowText.Line(i + 1, path)}: column 2 (label) is missing");
            }

            if (fields[0].Trim().Length == 0)
            {
                throw new InvalidDataException($"image list: {RowText.Line(i + 1, path)}: column 1 (path) is empty");
            }

            paths.Add(Path.GetFullPath(Path.Combine(baseFolder, fields[0].Trim())));
            labelTexts.Add(fields[1].Trim());
            lineNumbers.Add(i + 1);
        }

        if (paths.Count == 0)
        {
            throw new InvalidDataException($"image list '{path}' has no rows");
        }

        var names = options.ClassNames?.ToArray() ?? labelTexts.Distinct(StringComparer.Ordinal).OrderBy(n => n, StringComparer.Ordinal).ToArray();
        var index = new Dictionary<string, uint>(StringComparer.Ordinal);
        for (var k = 0; k < names.Length; k++)
        {
            index.TryAdd(names[k], (uint)k + 1);
        }

        var labels = new uint[labelTexts.Count];
        for (var r = 0; r < labels.Length; r++)
        {
            if (!index.TryGetValue(labelTexts[r], out labels[r]))
            {
                throw new InvalidDataException(
                    $"image list: {RowText.Line(lineNumbers[r], path)}, column 2 (label): '{labelTexts[r]}' is not one of the {names.Length} class names ({string.Join(", ", names)})");
            }
        }

        return new InMemoryDataView.Builder()
            .AddColumn(pathColumn, TextDataViewType.Instance, paths.ToArray())
            .AddColumn(labelColumn, new KeyDataViewType(names.Length), labels, AnnotationUtils.KeyValuesAnnotation(names))
            .ToDataView();
    }

    /// <summary>Options of <c>ctx.Data.LoadImageList</c>.</summary>
    public sealed class Options
    {
        /// <summary>Field separator; null picks tab for .tsv files and comma otherwise. Default: null.</summary>
        public char? Separator;

        /// <summary>Whether the first line is a header; null detects a first field named path, ImagePath, image, file, filename or filepath. Default: null.</summary>
        public bool? HasHeader;

        /// <summary>Fixed class names in key order (a label outside them is an error); null uses the distinct labels, sorted. Default: null.</summary>
        public string[]? ClassNames;

        /// <summary>The folder relative paths are resolved against; null uses the list file's folder. Default: null.</summary>
        public string? ImageFolder;

        /// <summary>Name of the path column. Default: "ImagePath".</summary>
        public string PathColumnName = ImageFolderLoader.DefaultPathColumnName;

        /// <summary>Name of the label column. Default: "Label".</summary>
        public string LabelColumnName = ImageFolderLoader.DefaultLabelColumnName;
    }
}
