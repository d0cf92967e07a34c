// Decodes a listing of image files once, through ImageFileReader (limits, truncation, orientation, resizing, background),
// into an ML.NET data view; a file that cannot be used is skipped, counted and named, and a set where none can is an error.
using System.Collections.Concurrent;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Gan.Imaging;

namespace MLNet.Gan.Data;

/// <summary>
/// Opaque images decoded from files, with their paths, labels and the files that were skipped (and why).
/// Holds the decoded images in memory (width × height × 4 bytes each): the trainers read every image once anyway.
/// </summary>
public sealed class DecodedImages : IDisposable
{
    private readonly MLImage[] _images;

    private DecodedImages(string[] paths, MLImage[] images, string[]? labels, SkippedFile[] skipped, ImageReadOptions options)
    {
        ImagePaths = paths;
        _images = images;
        Labels = labels;
        SkippedFiles = skipped;
        Options = options;
    }

    /// <summary>Full paths of the images that decoded, in the order given.</summary>
    public IReadOnlyList<string> ImagePaths { get; }

    /// <summary>The decoded images (opaque, Bgra32), one per path.</summary>
    public IReadOnlyList<MLImage> Images => _images;

    /// <summary>The label of each image, or null when decoded without labels.</summary>
    public IReadOnlyList<string>? Labels { get; }

    /// <summary>Every file that could not be used, with the reason (truncated, corrupt, not an image, over the pixel limit, unreadable).</summary>
    public IReadOnlyList<SkippedFile> SkippedFiles { get; }

    /// <summary>The options the images were decoded with.</summary>
    public ImageReadOptions Options { get; }

    /// <summary>
    /// Decodes every file of <paramref name="paths"/> (in parallel; the order is kept) with <see cref="ImageFileReader"/>.
    /// </summary>
    /// <param name="paths">Image files (full or relative to the current folder).</param>
    /// <param name="labels">One label per path, or null.</param>
    /// <param name="options">Limit, background, size and resizing; null decodes at each file's own size onto white.</param>
    /// <param name="cancellationToken">Stops decoding.</param>
    /// <exception cref="InvalidDataException">No file could be used: the message counts them and names the first with its problem.</exception>
    public static DecodedImages Decode(IReadOnlyList<string> paths, IReadOnlyList<string>? labels = null, ImageReadOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        options ??= new ImageReadOptions();
        options.Check();
        if (labels is not null && labels.Count != paths.Count)
        {
            throw new ArgumentException($"{labels.Count} labels were given for {paths.Count} paths", nameof(labels));
        }

        var images = new MLImage?[paths.Count];
        var problems = new ConcurrentDictionary<int, string>();
        var parallel = new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount };
        Parallel.For(0, paths.Count, parallel, i =>
        {
            try
            {
                images[i] = ImageFileReader.Read(paths[i], options);
            }
            catch (ImageFileException e)
            {
                problems[i] = e.Detail;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                problems[i] = $"unreadable: {e.Message}";
            }
        });

        var kept = Enumerable.Range(0, paths.Count).Where(i => images[i] is not null).ToArray();
        var skipped = problems.OrderBy(p => p.Key).Select(p => new SkippedFile(Path.GetFullPath(paths[p.Key]), p.Value)).ToArray();
        if (kept.Length == 0)
        {
            throw new InvalidDataException(paths.Count == 0
                ? "no image files were given"
                : $"none of the {paths.Count} image file(s) could be used; first: '{skipped[0].Path}': {skipped[0].Reason}");
        }

        return new DecodedImages(
            kept.Select(i => Path.GetFullPath(paths[i])).ToArray(),
            kept.Select(i => images[i]!).ToArray(),
            labels is null ? null : kept.Select(i => labels[i]).ToArray(),
            skipped,
            options);
    }

    /// <summary>
    /// The images as an ML.NET data view: text column "ImagePath", image column <paramref name="imageColumnName"/>
    /// (<c>Image&lt;height, width&gt;</c> when the options fix a size) and, with labels, text column "Label".
    /// Each image getter call returns a new copy that the caller owns.
    /// </summary>
    public IDataView ToDataView(string imageColumnName = "Image") => ToDataView(Enumerable.Range(0, _images.Length), imageColumnName);

    /// <summary>The rows <paramref name="indices"/> of <see cref="ToDataView(string)"/>, in that order.</summary>
    public IDataView ToDataView(IEnumerable<int> indices, string imageColumnName = "Image")
    {
        ArgumentNullException.ThrowIfNull(indices);
        var rows = indices.ToArray();
        if (rows.Any(i => (uint)i >= (uint)_images.Length))
        {
            throw new ArgumentOutOfRangeException(nameof(indices), $"row indices must be below {_images.Length}");
        }

        return new DecodedImagesDataView(this, rows, imageColumnName);
    }

    /// <summary>Disposes the decoded images.</summary>
    public void Dispose()
    {
        foreach (var image in _images)
        {
            image.Dispose();
        }
    }
}

// The decoding loader of DataCatalogExtensions; the class is documented in FashionMnist.cs.
public static partial class DataCatalogExtensions
{
    /// <summary>
    /// The images of <paramref name="listing"/> decoded once with <see cref="ImageFileReader"/> (pixel limit checked from
    /// each header, EXIF orientation applied, resized by <see cref="ImageReadOptions.Resizing"/>, composited onto
    /// <see cref="ImageReadOptions.Background"/>): columns "ImagePath", "Image" and, when the listing has labels, "Label".
    /// Files that cannot be used are skipped and named in <paramref name="decoded"/>'s <see cref="DecodedImages.SkippedFiles"/>.
    /// </summary>
    /// <param name="catalog">ML.NET's data catalog.</param>
    /// <param name="listing">The images, e.g. from <see cref="ImageFolderListing.Scan"/>.</param>
    /// <param name="options">Size, resizing, background and pixel limit; null keeps each file's size, on white.</param>
    /// <param name="decoded">The images, paths, labels and skipped files (dispose it when the data view is no longer used).</param>
    /// <exception cref="InvalidDataException">No file of the listing could be used.</exception>
    public static IDataView LoadImages(this DataOperationsCatalog catalog, ImageFolderListing listing, ImageReadOptions? options,
        out DecodedImages decoded)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(listing);
        decoded = DecodedImages.Decode(listing.ImagePaths, listing.Labels, options);
        return decoded.ToDataView();
    }
}
