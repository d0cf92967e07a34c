// Reads a CSV/TSV list of "path[,label]" lines for --data, checking every line before any image is opened: text (not
// binary), bounded line length, one column count, no empty path or label, relative paths that stay inside the list's
// folder, files that exist. Every error names the list, the line and what was expected against what was found.
using System.Text;

namespace MLNet.Gan.Cli;

/// <summary>The images a list names (full paths) and their labels (null when the list has one column).</summary>
internal sealed record ImageList(string ListPath, IReadOnlyList<string> Paths, IReadOnlyList<string>? Labels)
{
    /// <summary>The longest line read, in characters; a longer one is an error, so a file without line breaks cannot exhaust memory.</summary>
    public const int MaxLineLength = 4096;

    private static readonly string[] HeaderNames = ["path", "imagepath", "image", "file", "filename"];

    /// <summary>Reads and checks the list at <paramref name="listPath"/>.</summary>
    /// <exception cref="InvalidDataException">A line is not as expected (the list, line, expected and found named).</exception>
    public static ImageList Read(string listPath)
    {
        var full = Path.GetFullPath(listPath);
        var folder = Path.GetDirectoryName(full)!;
        var extension = Path.GetExtension(full).ToLowerInvariant();
        var paths = new List<string>();
        var labels = new List<string>();
        int? columns = null;
        char separator = extension == ".tsv" ? '\t' : ',';
        var number = 0;
        var missing = 0;
        string? firstMissing = null;
        foreach (var line in Lines(full))
        {
            number++;
            string Where() => $"image list '{full}' line {number}";
            if (line.Trim().Length == 0)
            {
                continue;
            }

            if (line.Contains('\0', StringComparison.Ordinal) || line.Any(c => char.IsControl(c) && c != '\t'))
            {
                throw new InvalidDataException($"{Where()}: binary data (control characters); expected a text list of path,label lines");
            }

            if (columns is null && extension == ".txt" && line.Contains('\t', StringComparison.Ordinal))
            {
                separator = '\t';
            }

            var fields = Split(line, separator);
            if (columns is null)
            {
                columns = fields.Count;
                if (columns > 2)
                {
                    throw new InvalidDataException(
                        $"{Where()}: {fields.Count} fields; expected path,label (2) or path (1) separated by '{Name(separator)}'");
                }

                if (HeaderNames.Contains(fields[0].ToLowerInvariant()))
                {
                    continue;
                }
            }
            else if (fields.Count != columns)
            {
                throw new InvalidDataException(
                    $"{Where()}: {fields.Count} field(s); expected {columns} like the first line ({(columns == 2 ? "path,label" : "path")}, separated by '{Name(separator)}')");
            }

            var path = fields[0];
            if (path.Length == 0)
            {
                throw new InvalidDataException($"{Where()}: the path is empty; expected an image file name");
            }

            if (columns == 2)
            {
                if (fields[1].Length == 0)
                {
                    throw new InvalidDataException($"{Where()} ({path}): the label is empty; expected a class name");
                }

                labels.Add(fields[1]);
            }

            var file = Resolve(folder, path, Where());
            if (!File.Exists(file))
            {
                missing++;
                firstMissing ??= $"{Where()}: image file not found: '{file}'" + (Directory.Exists(file) ? " (it is a folder)" : string.Empty);
            }

            paths.Add(file);
        }

        if (paths.Count == 0)
        {
            throw new InvalidDataException($"image list '{full}' has no image lines; expected lines of path,label");
        }

        if (firstMissing is not null)
        {
            throw new InvalidDataException(firstMissing + (missing > 1 ? $" ({missing} of {paths.Count} rows name missing files)" : string.Empty));
        }

        return new ImageList(full, paths, columns == 2 ? labels : null);
    }

    // A relative path starts at the list's folder and must stay inside it; an absolute one is taken as written.
    private static string Resolve(string folder, string path, string where)
    {
        string full;
        try
        {
            full = Path.GetFullPath(path, folder);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new InvalidDataException($"{where}: '{path}' is not a valid path ({e.Message})");
        }

        if (!Path.IsPathRooted(path) && !full.StartsWith(Path.TrimEndingDirectorySeparator(folder) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new InvalidDataException(
                $"{where}: '{path}' leads outside the list's folder ({folder}); relative paths must stay inside it (write an absolute path to use another folder)");
        }

        return full;
    }

    // Fields separated by the separator; a field in double quotes may hold the separator ("" is a quote inside).
    private static List<string> Split(string line, char separator)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"' && field.ToString().Trim().Length == 0)
            {
                field.Clear();
                quoted = true;
            }
            else if (c == separator)
            {
                fields.Add(field.ToString().Trim());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        fields.Add(field.ToString().Trim());
        return fields;
    }

    // The lines of a UTF-8 text file, each at most MaxLineLength bytes; invalid UTF-8 or a longer line is an error.
    private static IEnumerable<string> Lines(string path)
    {
        var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        using var stream = new BufferedStream(File.OpenRead(path));
        var line = new List<byte>();
        var number = 1;
        int b;
        do
        {
            b = stream.ReadByte();
            if (b is not (-1 or '\n'))
            {
                if (line.Count == MaxLineLength)
                {
                    throw new InvalidDataException(
                        $"image list '{path}' line {number}: longer than {MaxLineLength:N0} characters; expected one path,label per line");
                }

                line.Add((byte)b);
                continue;
            }

            if (b == -1 && line.Count == 0)
            {
                yield break;
            }

            string text;
            try
            {
                text = utf8.GetString(line.ToArray()).TrimStart('\uFEFF').TrimEnd('\r');
            }
            catch (DecoderFallbackException)
            {
                throw new InvalidDataException($"image list '{path}' line {number}: binary data (not UTF-8 text); expected a text list of path,label lines");
            }

            yield return text;
            line.Clear();
            number++;
        }
        while (b != -1);
    }

    private static string Name(char separator) => separator == '\t' ? "tab" : separator.ToString();
}
