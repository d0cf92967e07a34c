// Resolves --data into a data view with an "Image" column (and "Label" when the source has classes):
// Fashion-MNIST when absent, an IDX images file (labels file found next to it), an image folder or a CSV/TSV list.
using MLNet.Gan.Data;

namespace MLNet.Gan.Cli;

/// <summary>Loads the training data named on the command line.</summary>
internal static class TrainingData
{
    /// <summary>The data and a short description of it for the console.</summary>
    public static (IDataView Data, string Description) Load(GanContext ctx, string? path, int imageSize)
    {
        if (path is null)
        {
            var files = FashionMnist.Files(FashionMnistSplit.Train);
            if (!File.Exists(files.Images))
            {
                throw new CliUsageException(
                    $"Fashion-MNIST not found at {files.Images}: install it with 'apt-get install dataset-fashion-mnist', set {FashionMnist.FolderVariable}, or pass --data");
            }

            return (ctx.Data.LoadFashionMnist(FashionMnistSplit.Train), "Fashion-MNIST training set (60000 images, 10 classes)");
        }

        if (Directory.Exists(path))
        {
            var hasClassFolders = Directory.EnumerateDirectories(path).Any(d => !Path.GetFileName(d).StartsWith('.'));
            return (Decode(ctx, ctx.Data.LoadImagesFromFolder(path, useFolderNameAsLabel: hasClassFolders), imageSize),
                $"image folder {path}" + (hasClassFolders ? " (classes = sub-folders)" : " (no classes)"));
        }

        if (!File.Exists(path))
        {
            throw new CliUsageException($"--data: no such file or folder: {path}");
        }

        var extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension is ".csv" or ".tsv" or ".txt")
        {
            return (Decode(ctx, ctx.Data.LoadImageList(path), imageSize), $"image list {path}");
        }

        var labels = LabelsFileFor(path);
        return (ctx.Data.LoadFromIdx(path, labels), $"IDX images {path}" + (labels is null ? " (no labels file found)" : $" with labels {labels}"));
    }

    /// <summary>The labels file next to an IDX images file: "*-images-idx3-ubyte*" → "*-labels-idx1-ubyte*", or "images" → "labels".</summary>
    public static string? LabelsFileFor(string imagesPath)
    {
        var folder = Path.GetDirectoryName(imagesPath) ?? ".";
        var name = Path.GetFileName(imagesPath);
        var candidates = new[]
        {
            name.Replace("images-idx3", "labels-idx1", StringComparison.OrdinalIgnoreCase),
            name.Replace("images", "labels", StringComparison.OrdinalIgnoreCase),
            name.Replace("idx3", "idx1", StringComparison.OrdinalIgnoreCase),
        };
        return candidates.Where(c => c != name).Select(c => Path.Combine(folder, c)).FirstOrDefault(File.Exists);
    }

    // Image paths -> decoded images, cropped and resized to imageSize x imageSize; unreadable files are skipped.
    private static IDataView Decode(GanContext ctx, IDataView paths, int imageSize)
    {
        var pipeline = ctx.Transforms.LoadImages("Image", string.Empty, "ImagePath", skipBadRows: true)
            .Append(ctx.Transforms.ResizeImages("Image", imageSize, imageSize, "Image"));
        return pipeline.Fit(paths).Transform(paths);
    }
}
