// Resolves --data into an ML.NET data view with an "Image" column (and a key "Label" when the source has classes):
// Fashion-MNIST when absent, an IDX images file (labels file found beside it), an image folder or a CSV/TSV list,
// followed by ML.NET's own image transforms (LoadImages, ResizeImages, ConvertToGrayscale) and MapValueToKey.
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using MLNet.Gan.Data;

namespace MLNet.Gan.Cli;

/// <summary>Training data as the trainer takes it, what it is in words, and notes for the console (skipped files).</summary>
internal sealed record TrainingSource(IDataView Data, string Description, IReadOnlyList<string> Notes);

/// <summary>Loads the training data named on the command line.</summary>
internal static class TrainingData
{
    /// <summary>Side of the square images decoded from a folder or list when --image-size is not given.</summary>
    public const int DefaultImageSize = 32;

    private const int SkippedNamesShown = 5;

    /// <summary>
    /// The data at <paramref name="path"/> (Fashion-MNIST when null). Decoded images are cropped and resized to
    /// <paramref name="imageSize"/> (default 32); IDX images keep their size unless <paramref name="imageSize"/> is given.
    /// </summary>
    public static TrainingSource Load(MLContext ml, string? path, int? imageSize, bool grayscale)
    {
        if (path is null)
        {
            FashionMnist.Files(FashionMnistSplit.Train); // throws FileNotFoundException saying how to install it
            var fashion = ml.Data.LoadFashionMnist(FashionMnistSplit.Train);
            return new TrainingSource(Resize(ml, fashion, imageSize),
                $"Fashion-MNIST training set ({fashion.GetRowCount()} images, {FashionMnist.ClassNames.Count} classes)", []);
        }

        if (Directory.Exists(path))
        {
            return LoadFolder(ml, path, imageSize ?? DefaultImageSize, grayscale);
        }

        if (!File.Exists(path))
        {
            throw new CliUsageException($"--data: no such file or folder: {path}");
        }

        var extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension is ".csv" or ".tsv" or ".txt")
        {
            return LoadList(ml, path, extension, imageSize ?? DefaultImageSize, grayscale);
        }

        var labels = LabelsFileFor(path);
        var idx = ml.Data.LoadIdx(path, labels);
        return new TrainingSource(Resize(ml, idx, imageSize),
            $"IDX images {path}" + (labels is null ? " (no labels file found)" : $" with labels {labels}"), []);
    }

    /// <summary>The labels file beside an IDX images file: "*-images-idx3-ubyte*" → "*-labels-idx1-ubyte*", or "images" → "labels".</summary>
    public static string? LabelsFileFor(string imagesPath)
    {
        var folder = Path.GetDirectoryName(imagesPath) ?? ".";
        var name = Path.GetFileName(imagesPath);
        string[] candidates =
        [
            name.Replace("images-idx3", "labels-idx1", StringComparison.OrdinalIgnoreCase),
            name.Replace("images", "labels", StringComparison.OrdinalIgnoreCase),
            name.Replace("idx3", "idx1", StringComparison.OrdinalIgnoreCase),
        ];
        return candidates.Where(c => c != name).Select(c => Path.Combine(folder, c)).FirstOrDefault(File.Exists);
    }

    // One sub-folder per class gives labels; a folder of images without sub-folders gives none.
    private static TrainingSource LoadFolder(MLContext ml, string path, int imageSize, bool grayscale)
    {
        var hasClassFolders = Directory.EnumerateDirectories(path).Any(d => !Path.GetFileName(d).StartsWith('.'));
        var paths = ml.Data.LoadImageFolder(path, out var listing, useFolderNameAsLabel: hasClassFolders);
        var notes = new List<string>();
        if (listing.SkippedCount > 0)
        {
            notes.Add(Skipped($"skipped {listing.SkippedCount} file(s) under {listing.Folder}",
                listing.SkippedFiles.Select(s => $"{Path.GetRelativePath(listing.Folder, s.Path)} ({s.Reason})").ToList()));
        }

        var (readable, filtered) = DropUnreadable(ml, paths, listing.ImagePaths.Select(p => (p, p)), listing.Folder, notes);
        var description = $"image folder {path} ({readable} images" +
            (hasClassFolders ? $", classes = sub-folders: {string.Join(", ", listing.ClassNames)})" : ", no classes)");
        return new TrainingSource(Decode(ml, filtered, imageFolder: null, hasClassFolders, imageSize, grayscale), description, notes);
    }

    // A text list of "path[,label]" lines (tab-separated for .tsv); relative paths start at the list's folder.
    private static TrainingSource LoadList(MLContext ml, string path, string extension, int imageSize, bool grayscale)
    {
        var first = File.ReadLines(path).FirstOrDefault(l => l.Trim().Length > 0)
            ?? throw new InvalidDataException($"image list '{path}' is empty: expected lines of path,label");
        var separator = extension switch
        {
            ".tsv" => '\t',
            ".csv" => ',',
            _ => first.Contains('\t') ? '\t' : ',',
        };
        var fields = first.Split(separator).Select(f => f.Trim().Trim('"')).ToArray();
        var hasHeader = fields[0].ToLowerInvariant() is "path" or "imagepath" or "image" or "file" or "filename";
        var labelled = fields.Length >= 2;
        TextLoader.Column[] columns = labelled
            ? [new TextLoader.Column("ImagePath", DataKind.String, 0), new TextLoader.Column("Label", DataKind.String, 1)]
            : [new TextLoader.Column("ImagePath", DataKind.String, 0)];
        var rows = ml.Data.LoadFromTextFile(path, columns, separator, hasHeader, allowQuoting: true, trimWhitespace: true);
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var files = CheckListRows(rows, path, folder, labelled);
        var notes = new List<string>();
        var (readable, filtered) = DropUnreadable(ml, rows, files.Select(f => (f, Path.Combine(folder, f))), folder, notes);
        return new TrainingSource(Decode(ml, filtered, folder, labelled, imageSize, grayscale), $"image list {path} ({readable} images)", notes);
    }

    // Every row names an existing file (and a label when the list has labels); the first bad row is named. Returns the paths as written.
    private static List<string> CheckListRows(IDataView rows, string listPath, string folder, bool labelled)
    {
        var pathColumn = rows.Schema["ImagePath"];
        DataViewSchema.Column? labelColumn = labelled ? rows.Schema["Label"] : null;
        var files = new List<string>();
        var count = 0;
        var missing = 0;
        string? firstMissing = null;
        using (var cursor = rows.GetRowCursor(labelColumn is { } l ? [pathColumn, l] : [pathColumn]))
        {
            var getPath = cursor.GetGetter<ReadOnlyMemory<char>>(pathColumn);
            var getLabel = labelColumn is { } lc ? cursor.GetGetter<ReadOnlyMemory<char>>(lc) : null;
            ReadOnlyMemory<char> text = default;
            while (cursor.MoveNext())
            {
                count++;
                getPath(ref text);
                var file = text.ToString();
                files.Add(file);
                if (file.Length == 0)
                {
                    throw new InvalidDataException($"image list '{listPath}' row {count}: the path is empty");
                }

                if (getLabel is not null)
                {
                    getLabel(ref text);
                    if (text.Span.Trim().Length == 0)
                    {
                        throw new InvalidDataException($"image list '{listPath}' row {count} ({file}): the label is empty");
                    }
                }

                if (!File.Exists(Path.Combine(folder, file)))
                {
                    missing++;
                    firstMissing ??= $"row {count}: image file not found: '{Path.Combine(folder, file)}'";
                }
            }
        }

        if (count == 0)
        {
            throw new InvalidDataException($"image list '{listPath}' has no rows: expected lines of path,label");
        }

        if (firstMissing is not null)
        {
            throw new InvalidDataException($"image list '{listPath}' {firstMissing}" + (missing > 1 ? $" ({missing} of {count} rows name missing files)" : string.Empty));
        }

        return files;
    }

    // Images that do not decode are left out of the data (ML.NET's LoadImages would stop at them) and named in a note.
    // Returns how many rows are left and the data without the others.
    private static (int Readable, IDataView Data) DropUnreadable(MLContext ml, IDataView rows, IEnumerable<(string Raw, string Full)> files,
        string folder, List<string> notes)
    {
        var unreadable = new Dictionary<string, string>(StringComparer.Ordinal);
        var count = 0;
        foreach (var (raw, full) in files)
        {
            count++;
            try
            {
                using var image = MLImage.CreateFromFile(full);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                unreadable.TryAdd(raw, $"{Path.GetRelativePath(folder, full)} (not a decodable image)");
            }
        }

        if (unreadable.Count == 0)
        {
            return (count, rows);
        }

        if (unreadable.Count == count)
        {
            throw new InvalidDataException($"none of the {count} images under {folder} could be decoded; first: {unreadable.Values.First()}");
        }

        notes.Add(Skipped($"skipped {unreadable.Count} unreadable image(s)", unreadable.Values.ToList()));
        var kept = ml.Data.FilterByCustomPredicate<PathRow>(rows, row => unreadable.ContainsKey(row.ImagePath));
        return (count - unreadable.Count, kept);
    }

    // "what: a, b, c, d, e, and N more".
    private static string Skipped(string what, IReadOnlyList<string> names)
    {
        var more = names.Count > SkippedNamesShown ? $", and {names.Count - SkippedNamesShown} more" : string.Empty;
        return $"{what}: {string.Join(", ", names.Take(SkippedNamesShown))}{more}";
    }

    // ImagePath (text) → Image (decoded, cropped and resized to size x size, optionally gray); Label (text) → key, classes sorted.
    private static IDataView Decode(MLContext ml, IDataView paths, string? imageFolder, bool labelled, int size, bool grayscale)
    {
        IEstimator<ITransformer> pipeline = ml.Transforms.LoadImages("Image", imageFolder, "ImagePath")
            .Append(ml.Transforms.ResizeImages("Image", size, size, "Image"));
        if (grayscale)
        {
            pipeline = pipeline.Append(ml.Transforms.ConvertToGrayscale("Image"));
        }

        if (labelled)
        {
            pipeline = pipeline.Append(ml.Transforms.Conversion.MapValueToKey("Label",
                keyOrdinality: ValueToKeyMappingEstimator.KeyOrdinality.ByValue));
        }

        return pipeline.Fit(paths).Transform(paths);
    }

    // IDX and Fashion-MNIST images keep their size unless --image-size asks for another.
    private static IDataView Resize(MLContext ml, IDataView data, int? size)
    {
        if (size is not { } s)
        {
            return data;
        }

        var resize = ml.Transforms.ResizeImages("Image", s, s, "Image");
        return resize.Fit(data).Transform(data);
    }

    /// <summary>The path column as ML.NET's FilterByCustomPredicate reads it.</summary>
    private sealed class PathRow
    {
        public string ImagePath = string.Empty;
    }
}
