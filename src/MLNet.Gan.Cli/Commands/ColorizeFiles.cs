// Files for `mlnet-gan colorize`: folders of color images (decoded, composited on white, too-small and unreadable
// ones named and left out), gray versions, and comparison grids.
using Microsoft.ML;
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
    /// The opaque color images (composited on white) under <paramref name="folder"/> that decode and are at least
    /// <paramref name="minSize"/> on each side, in path order; every file left out is counted and named in <paramref name="notes"/>.
    /// </summary>
    public static List<(string Path, MLImage Image)> LoadColorImages(string? folder, int minSize, List<string> notes)
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
        var images = new List<(string, MLImage)>();
        foreach (var path in listing.ImagePaths)
        {
            var image = TryDecode(path, out var reason);
            if (image is not null && (image.Width < minSize || image.Height < minSize))
            {
                reason = $"{image.Width}x{image.Height}, smaller than {minSize}x{minSize}";
                image.Dispose();
                image = null;
            }

            if (image is null)
            {
                skipped.Add($"{Path.GetRelativePath(listing.Folder, path)} ({reason})");
                continue;
            }

            images.Add((path, OnWhite(image)));
        }

        if (skipped.Count > 0)
        {
            notes.Add(Named($"skipped {skipped.Count} file(s) under {listing.Folder}", skipped));
        }

        if (images.Count < 2)
        {
            throw new InvalidDataException($"--data: {images.Count} usable color image(s) under {listing.Folder}; the colorizer needs at least 2");
        }

        return images;
    }

    /// <summary>The decoded image at <paramref name="path"/>, or null with the reason it does not decode.</summary>
    public static MLImage? TryDecode(string path, out string reason)
    {
        try
        {
            reason = string.Empty;
            return MLImage.CreateFromFile(path);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException or NotSupportedException)
        {
            reason = $"does not decode: {CliApp.OneLine(e.Message)}";
            return null;
        }
    }

    /// <summary>An opaque copy of <paramref name="image"/> composited on white (the image itself is disposed).</summary>
    public static MLImage OnWhite(MLImage image)
    {
        using (image)
        {
            var rgb = LumaChroma.RgbOnWhite(image);
            var plane = image.Width * image.Height;
            var bytes = new byte[3 * plane];
            for (var p = 0; p < plane; p++)
            {
                for (var c = 0; c < 3; c++)
                {
                    bytes[(p * 3) + c] = (byte)Math.Round(rgb[(c * plane) + p]);
                }
            }

            return ImagePixels.FromRgb(bytes, image.Width, image.Height);
        }
    }

    /// <summary>The gray version of an opaque image: each pixel's luma (ML.NET's ConvertToGrayscale weights), rounded.</summary>
    public static MLImage Gray(MLImage image)
    {
        LumaChroma.ReadLuma(image, out var luma);
        var bytes = luma!.Select(v => (byte)Math.Round(v, MidpointRounding.AwayFromZero)).ToArray();
        return ImagePixels.FromGray(bytes, image.Width, image.Height);
    }

    /// <summary>An ML.NET data view with one image column "Image" holding the images at <paramref name="paths"/>, through ML.NET's LoadImages.</summary>
    public static IDataView ToDataView(MLContext ml, IEnumerable<string> paths)
    {
        var rows = ml.Data.LoadFromEnumerable(paths.Select(p => new PathRow { ImagePath = p }));
        return ml.Transforms.LoadImages("Image", imageFolder: null, inputColumnName: nameof(PathRow.ImagePath)).Fit(rows).Transform(rows);
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

    private sealed class PathRow
    {
        public string ImagePath = string.Empty;
    }
}
