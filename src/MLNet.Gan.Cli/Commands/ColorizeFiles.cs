// Files for `mlnet-gan colorize`: folders of color images (decoded by the library's reader: composited on the background,
// too-small and unusable ones named and left out), gray versions, and comparison grids.
using Microsoft.ML.Data;
using MLNet.Gan.Colorization;
using MLNet.Gan.Data;
using MLNet.Gan.Imaging;

namespace MLNet.Gan.Cli.Commands;

/// <summary>Reads and writes the images the colorize commands work on.</summary>
internal static class ColorizeFiles
{
    /// <summary>Where eng/install-deps.sh unpacks the 64x64 Google emoji, the default training data.</summary>
    public const string DefaultDataFolder = "/usr/share/datasets/emoji-google-64";

    private const int NamesShown = 5;

    /// <summary>
    /// The color images under <paramref name="folder"/> decoded by the library's reader at the training size
    /// (<paramref name="decoding"/>: limit, resizing, background; files smaller than the size are left out, not enlarged),
    /// in path order; every file left out is counted and named in <paramref name="notes"/>.
    /// </summary>
    public static DecodedImages LoadColorImages(string? folder, int size, ImageReadOptions decoding, List<string> notes)
    {
        folder ??= DefaultDataFolder;
        if (!Directory.Exists(folder))
        {
            throw new CliUsageException(folder == DefaultDataFolder
                ? $"--data: the default emoji images are not installed ({folder}); run: sudo bash eng/install-deps.sh"
                : $"--data: folder not found: {folder}");
        }

        var listing = ImageFolderListing.Scan(folder, useFolderNameAsLabel: false);
        var skipped = listing.SkippedFiles.Select(s => $"{Path.GetRelativePath(listing.Folder, s.Path)} ({s.Reason})").ToList();
        var options = ImageDecodingOptions.Sized(decoding, size);
        options.MinimumSize = size;
        DecodedImages images;
        try
        {
            images = DecodedImages.Decode(listing.ImagePaths, options: options);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"--data {listing.Folder}: {e.Message}");
        }

        skipped.AddRange(images.SkippedFiles.Select(s => $"{Path.GetRelativePath(listing.Folder, s.Path)} ({s.Reason})"));
        if (skipped.Count > 0)
        {
            notes.Add(Named($"skipped {skipped.Count} file(s) under {listing.Folder}", skipped));
        }

        if (images.Images.Count < 2)
        {
            images.Dispose();
            throw new InvalidDataException($"--data: {images.Images.Count} usable color image(s) under {listing.Folder}; the colorizer needs at least 2");
        }

        return images;
    }

    /// <summary>The gray version of an opaque image: each pixel's luma (ML.NET's ConvertToGrayscale weights), rounded.</summary>
    public static MLImage Gray(MLImage image)
    {
        LumaChroma.ReadLuma(image, out var luma);
        var bytes = luma!.Select(v => (byte)Math.Round(v, MidpointRounding.AwayFromZero)).ToArray();
        return ImagePixels.FromGray(bytes, image.Width, image.Height);
    }

    /// <summary>
    /// A grid of images of one size, one row per labelled set (e.g. gray / colorized / truth), enlarged by
    /// <paramref name="scale"/>, written as PNG.
    /// </summary>
    public static void SaveRows(string path, IReadOnlyList<(string Label, IReadOnlyList<MLImage> Images)> rows, int scale = 1)
    {
        var columns = rows[0].Images.Count;
        SampleGrid.Save(path, rows.SelectMany(r => r.Images).ToList(), columns, rows.Select(r => r.Label).ToList(), padding: 2, scale: scale);
    }

    /// <summary>"what: a, b, c, d, e, and N more".</summary>
    public static string Named(string what, IReadOnlyList<string> names)
    {
        var more = names.Count > NamesShown ? $", and {names.Count - NamesShown} more" : string.Empty;
        return $"{what}: {string.Join(", ", names.Take(NamesShown))}{more}";
    }
}
