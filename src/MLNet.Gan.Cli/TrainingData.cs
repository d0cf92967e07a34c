// Resolves --data into an ML.NET data view with an "Image" column (and a key "Label" when the source has classes):
// Fashion-MNIST when absent, an IDX images file (labels file found beside it), an image folder or a CSV/TSV list,
// decoded once by the library's ImageFileReader (pixel limit, truncated and corrupt files skipped and named, EXIF
// orientation, resizing policy, background), then ML.NET's ConvertToGrayscale and MapValueToKey.
using Microsoft.ML;
using Microsoft.ML.Transforms;
using MLNet.Gan.Data;
using MLNet.Gan.Imaging;

namespace MLNet.Gan.Cli;

/// <summary>Training data as the trainer takes it, what it is in words, and notes for the console (skipped files).</summary>
internal sealed record TrainingSource(IDataView Data, string Description, IReadOnlyList<string> Notes, IDisposable? Images = null) : IDisposable
{
    /// <summary>Frees the decoded images behind <see cref="Data"/>.</summary>
    public void Dispose() => Images?.Dispose();
}

/// <summary>Loads the training data named on the command line.</summary>
internal static class TrainingData
{
    /// <summary>Side of the square images decoded from a folder or list when --image-size is not given.</summary>
    public const int DefaultImageSize = 32;

    private const int SkippedNamesShown = 5;

    /// <summary>
    /// The data at <paramref name="path"/> (Fashion-MNIST when null). Images decoded from files follow
    /// <paramref name="decoding"/> (limit, background, resizing) to <paramref name="imageSize"/> (default 32) a side;
    /// IDX images keep their size unless <paramref name="imageSize"/> is given.
    /// </summary>
    public static TrainingSource Load(MLContext ml, string? path, int? imageSize, bool grayscale, ImageReadOptions decoding)
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
            return LoadFolder(ml, path, ImageDecodingOptions.Sized(decoding, imageSize ?? DefaultImageSize), grayscale);
        }

        if (!File.Exists(path))
        {
            throw new CliUsageException($"--data: no such file or folder: {path}");
        }

        if (Path.GetExtension(path).ToLowerInvariant() is ".csv" or ".tsv" or ".txt")
        {
            return LoadList(ml, path, ImageDecodingOptions.Sized(decoding, imageSize ?? DefaultImageSize), grayscale);
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
    private static TrainingSource LoadFolder(MLContext ml, string path, ImageReadOptions decoding, bool grayscale)
    {
        var hasClassFolders = Directory.EnumerateDirectories(path).Any(d => !Path.GetFileName(d).StartsWith('.'));
        var listing = ImageFolderListing.Scan(path, useFolderNameAsLabel: hasClassFolders);
        var notes = new List<string>();
        if (listing.SkippedCount > 0)
        {
            notes.Add(Skipped($"skipped {listing.SkippedCount} file(s) under {listing.Folder}",
                listing.SkippedFiles.Select(s => $"{Path.GetRelativePath(listing.Folder, s.Path)} ({s.Reason})").ToList()));
        }

        var decoded = Decode(listing.ImagePaths, listing.Labels, decoding, listing.Folder, $"image folder {listing.Folder}", notes);
        var description = $"image folder {path} ({decoded.Images.Count} images" +
            (hasClassFolders ? $", classes = sub-folders: {string.Join(", ", listing.ClassNames)})" : ", no classes)");
        return new TrainingSource(Finish(ml, decoded, grayscale), description, notes, decoded);
    }

    // A text list of "path[,label]" lines (tab-separated for .tsv); relative paths start at the list's folder.
    private static TrainingSource LoadList(MLContext ml, string path, ImageReadOptions decoding, bool grayscale)
    {
        var list = ImageList.Read(path);
        var notes = new List<string>();
        var folder = Path.GetDirectoryName(list.ListPath)!;
        var decoded = Decode(list.Paths, list.Labels, decoding, folder, $"image list {list.ListPath}", notes);
        return new TrainingSource(Finish(ml, decoded, grayscale), $"image list {path} ({decoded.Images.Count} images)", notes, decoded);
    }

    // Every image decoded once (limit, orientation, resizing, background); the files that cannot be used are named in a
    // note, and a source where none can be used is an error naming the source and the first file.
    private static DecodedImages Decode(IReadOnlyList<string> paths, IReadOnlyList<string>? labels, ImageReadOptions decoding, string folder,
        string source, List<string> notes)
    {
        DecodedImages decoded;
        try
        {
            decoded = DecodedImages.Decode(paths, labels, decoding);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{source}: {e.Message}");
        }

        if (decoded.SkippedFiles.Count > 0)
        {
            notes.Add(Skipped($"skipped {decoded.SkippedFiles.Count} unusable image(s)",
                decoded.SkippedFiles.Select(s => $"{Path.GetRelativePath(folder, s.Path)} ({s.Reason})").ToList()));
        }

        return decoded;
    }

    // "what: a, b, c, d, e, and N more".
    private static string Skipped(string what, IReadOnlyList<string> names)
    {
        var more = names.Count > SkippedNamesShown ? $", and {names.Count - SkippedNamesShown} more" : string.Empty;
        return $"{what}: {string.Join(", ", names.Take(SkippedNamesShown))}{more}";
    }

    // The decoded images as rows (Image, optionally gray; Label text → key, classes sorted).
    private static IDataView Finish(MLContext ml, DecodedImages decoded, bool grayscale)
    {
        var data = decoded.ToDataView();
        IEstimator<ITransformer>? pipeline = null;
        if (grayscale)
        {
            pipeline = ml.Transforms.ConvertToGrayscale("Image");
        }

        if (decoded.Labels is not null)
        {
            var keys = ml.Transforms.Conversion.MapValueToKey("Label", keyOrdinality: ValueToKeyMappingEstimator.KeyOrdinality.ByValue);
            pipeline = pipeline is null ? keys : pipeline.Append(keys);
        }

        return pipeline is null ? data : pipeline.Fit(data).Transform(data);
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
}
