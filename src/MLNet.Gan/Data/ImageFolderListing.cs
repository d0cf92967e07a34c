// Lists the images of a folder tree (one sub-folder per class) as (path, label) rows, and names every file it
// leaves out and why, so a mistyped extension or a stray file never silently shrinks the training set.
using Microsoft.ML;

namespace MLNet.Gan.Data;

/// <summary>A file or folder that <see cref="ImageFolderListing.Scan"/> did not list, and why.</summary>
/// <param name="Path">Its full path.</param>
/// <param name="Reason">Why it was left out, in words.</param>
public sealed record SkippedFile(string Path, string Reason);

/// <summary>
/// The images found under a folder: full paths, their labels (class sub-folder names) and everything that
/// was skipped. Only paths are read; decoding is left to ML.NET's <c>LoadImages</c>.
/// </summary>
public sealed class ImageFolderListing
{
    private ImageFolderListing(string folder, string[] paths, string[]? labels, string[] classNames, SkippedFile[] skipped)
    {
        Folder = folder;
        ImagePaths = paths;
        Labels = labels;
        ClassNames = classNames;
        SkippedFiles = skipped;
    }

    /// <summary>File extensions taken as images unless others are given (any case).</summary>
    public static IReadOnlyList<string> DefaultExtensions { get; } = [".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp"];

    /// <summary>The folder that was scanned (full path).</summary>
    public string Folder { get; }

    /// <summary>Full paths of the images, ordered by class, then path (ordinal).</summary>
    public IReadOnlyList<string> ImagePaths { get; }

    /// <summary>The class (sub-folder name) of each image, or null when listed without labels.</summary>
    public IReadOnlyList<string>? Labels { get; }

    /// <summary>The class sub-folders, sorted ordinally, including any that hold no image; empty without labels.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>Every file and hidden folder that was left out, with the reason, ordered by path.</summary>
    public IReadOnlyList<SkippedFile> SkippedFiles { get; }

    /// <summary>How many files and hidden folders were left out.</summary>
    public int SkippedCount => SkippedFiles.Count;

    /// <summary>Lists the images under <paramref name="folder"/>.</summary>
    /// <param name="folder">One sub-folder per class (each searched recursively), or any tree of images without labels.</param>
    /// <param name="useFolderNameAsLabel">Label each image with its class sub-folder; false lists every image without labels.</param>
    /// <param name="extensions">File extensions taken as images (with the dot, any case); null uses <see cref="DefaultExtensions"/>.</param>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="InvalidDataException">The folder is empty, has no class sub-folders, or holds no images (the folder named).</exception>
    public static ImageFolderListing Scan(string folder, bool useFolderNameAsLabel = true, IEnumerable<string>? extensions = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        var root = Path.GetFullPath(folder);
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"image folder not found: '{root}'");
        }

        if (!Directory.EnumerateFileSystemEntries(root).Any())
        {
            throw new InvalidDataException($"image folder '{root}' is empty; put each class's images in its own sub-folder");
        }

        var wanted = new HashSet<string>(extensions ?? DefaultExtensions, StringComparer.OrdinalIgnoreCase);
        if (wanted.Count == 0)
        {
            throw new ArgumentException("no image extensions given", nameof(extensions));
        }

        var skipped = new List<SkippedFile>();
        var paths = new List<string>();
        List<string>? labels = null;
        string[] classes = [];
        if (!useFolderNameAsLabel)
        {
            paths.AddRange(ImagesUnder(root, wanted, skipped));
        }
        else
        {
            foreach (var file in Directory.GetFiles(root).Order(StringComparer.Ordinal))
            {
                skipped.Add(new SkippedFile(file, "not in a class sub-folder"));
            }

            classes = Directory.GetDirectories(root)
                .Where(d => !IsHidden(d, skipped, "hidden folder"))
                .Select(d => Path.GetFileName(d))
                .Order(StringComparer.Ordinal)
                .ToArray();
            if (classes.Length == 0)
            {
                throw new InvalidDataException(
                    $"image folder '{root}' has no class sub-folders ({skipped.Count} file(s) or hidden folder(s) skipped); " +
                    "put each class's images in its own sub-folder, or list them without labels");
            }

            labels = [];
            foreach (var name in classes)
            {
                var found = ImagesUnder(Path.Combine(root, name), wanted, skipped);
                paths.AddRange(found);
                labels.AddRange(Enumerable.Repeat(name, found.Count));
            }
        }

        if (paths.Count == 0)
        {
            throw new InvalidDataException(
                $"no images ({string.Join(", ", wanted.Order(StringComparer.Ordinal))}) found under '{root}'; {skipped.Count} file(s) skipped" +
                (skipped.Count > 0 ? $", first: '{skipped[0].Path}' ({skipped[0].Reason})" : string.Empty));
        }

        skipped.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return new ImageFolderListing(root, paths.ToArray(), labels?.ToArray(), classes, skipped.ToArray());
    }

    /// <summary>
    /// The listing as an ML.NET data view: text column "ImagePath" and, with labels, text column "Label".
    /// </summary>
    /// <param name="catalog">ML.NET's data catalog.</param>
    public IDataView ToDataView(DataOperationsCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        if (Labels is null)
        {
            return catalog.LoadFromEnumerable(ImagePaths.Select(p => new PathRow { ImagePath = p }).ToList());
        }

        return catalog.LoadFromEnumerable(ImagePaths.Select((p, i) => new LabelledRow { ImagePath = p, Label = Labels[i] }).ToList());
    }

    private static List<string> ImagesUnder(string folder, HashSet<string> extensions, List<SkippedFile> skipped)
    {
        var found = new List<string>();
        var pending = new Stack<string>();
        pending.Push(folder);
        while (pending.Count > 0)
        {
            var dir = pending.Pop();
            foreach (var sub in Directory.GetDirectories(dir))
            {
                if (!IsHidden(sub, skipped, "hidden folder"))
                {
                    pending.Push(sub);
                }
            }

            foreach (var file in Directory.GetFiles(dir))
            {
                if (IsHidden(file, skipped, "hidden file"))
                {
                    continue;
                }

                if (extensions.Contains(Path.GetExtension(file)))
                {
                    found.Add(file);
                }
                else
                {
                    var ext = Path.GetExtension(file);
                    skipped.Add(new SkippedFile(file, ext.Length == 0 ? "no file extension" : $"extension '{ext}' is not an image extension"));
                }
            }
        }

        found.Sort(StringComparer.Ordinal);
        return found;
    }

    private static bool IsHidden(string path, List<SkippedFile> skipped, string reason)
    {
        if (!Path.GetFileName(path).StartsWith('.'))
        {
            return false;
        }

        skipped.Add(new SkippedFile(path, reason));
        return true;
    }

    // Row types for LoadFromEnumerable: ML.NET maps public fields to columns of the same name.
    private sealed class PathRow
    {
        public string ImagePath = string.Empty;
    }

    private sealed class LabelledRow
    {
        public string ImagePath = string.Empty;

        public string Label = string.Empty;
    }
}

// The folder loader of DataCatalogExtensions; the class is documented in FashionMnist.cs.
public static partial class DataCatalogExtensions
{
    /// <summary>
    /// The images of a folder as rows of text columns "ImagePath" (full path) and, with
    /// <paramref name="useFolderNameAsLabel"/>, "Label" (the name of the class sub-folder the image is in),
    /// ready for <c>mlContext.Transforms.Conversion.MapValueToKey("Label")</c> and
    /// <c>mlContext.Transforms.LoadImages("Image", null, "ImagePath")</c>. No image is opened here; to decode the
    /// listing with a pixel limit, truncated files skipped and named, EXIF orientation and a background for
    /// transparency, pass it to <c>mlContext.Data.LoadImages(listing, options, out decoded)</c> instead.
    /// </summary>
    /// <remarks>
    /// Files that are not images by extension, hidden files and folders (names starting with '.'), and, with
    /// labels, files lying directly in <paramref name="folder"/> are skipped; every one of them is named in
    /// <paramref name="listing"/>'s <see cref="ImageFolderListing.SkippedFiles"/>, with the reason.
    /// For a CSV or TSV list of <c>path,label</c> lines use ML.NET's own
    /// <c>mlContext.Data.LoadFromTextFile</c> with two text columns, then <c>LoadImages</c> with its
    /// <c>imageFolder</c> set to the folder the relative paths start from.
    /// </remarks>
    /// <param name="catalog">ML.NET's data catalog.</param>
    /// <param name="folder">The folder: one sub-folder per class, or any tree of images without labels.</param>
    /// <param name="listing">What was found: image paths, class names and the skipped files.</param>
    /// <param name="useFolderNameAsLabel">Label each image with its class sub-folder; false lists every image under the folder without a label column.</param>
    /// <param name="extensions">File extensions taken as images (with the dot, any case); null uses <see cref="ImageFolderListing.DefaultExtensions"/>.</param>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="InvalidDataException">The folder is empty, has no class sub-folders, or holds no images (the folder named).</exception>
    public static IDataView LoadImageFolder(this DataOperationsCatalog catalog, string folder, out ImageFolderListing listing,
        bool useFolderNameAsLabel = true, IEnumerable<string>? extensions = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        listing = ImageFolderListing.Scan(folder, useFolderNameAsLabel, extensions);
        return listing.ToDataView(catalog);
    }
}
