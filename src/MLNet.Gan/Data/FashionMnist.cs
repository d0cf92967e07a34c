// Where Fashion-MNIST lives (Debian's dataset-fashion-mnist, or a folder named by MLNETGAN_FASHION_MNIST), what its
// classes are called, and how it and other IDX sets load: as raw bytes, or as data views on mlContext.Data.
using Microsoft.ML;

namespace MLNet.Gan.Data;

/// <summary>Which part of Fashion-MNIST to load.</summary>
public enum FashionMnistSplit
{
    /// <summary>The 60,000 training images.</summary>
    Train,

    /// <summary>The 10,000 test images.</summary>
    Test,
}

/// <summary>
/// Fashion-MNIST (Zalando): 28x28 gray images of clothing in 10 classes, read from the folder named by the
/// <c>MLNETGAN_FASHION_MNIST</c> environment variable, else from Debian's <c>dataset-fashion-mnist</c> folder.
/// </summary>
/// <remarks>As an ML.NET data view: <c>mlContext.Data.LoadFashionMnist(FashionMnistSplit.Train)</c>.</remarks>
public static class FashionMnist
{
    /// <summary>The folder Debian's <c>dataset-fashion-mnist</c> package installs the files into.</summary>
    public const string DefaultFolder = "/usr/share/datasets/fashion-mnist";

    /// <summary>Environment variable naming another folder that holds the four .gz files.</summary>
    public const string FolderVariable = "MLNETGAN_FASHION_MNIST";

    /// <summary>Image side in pixels.</summary>
    public const int ImageSize = 28;

    /// <summary>Class names by label index 0..9.</summary>
    public static IReadOnlyList<string> ClassNames { get; } =
    [
        "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
    ];

    /// <summary>The folder the files are read from: <see cref="FolderVariable"/> when set, else <see cref="DefaultFolder"/>.</summary>
    public static string Folder =>
        Environment.GetEnvironmentVariable(FolderVariable) is { Length: > 0 } custom ? custom : DefaultFolder;

    /// <summary>Paths of the images and labels files of <paramref name="split"/>.</summary>
    /// <param name="split">Which part.</param>
    /// <param name="folder">The folder holding the .gz files; null uses <see cref="Folder"/>.</param>
    /// <exception cref="FileNotFoundException">A file is missing; the message says how to install the dataset.</exception>
    public static (string Images, string Labels) Files(FashionMnistSplit split, string? folder = null)
    {
        var prefix = split switch
        {
            FashionMnistSplit.Train => "train",
            FashionMnistSplit.Test => "t10k",
            _ => throw new ArgumentOutOfRangeException(nameof(split), split, "unknown Fashion-MNIST split"),
        };
        var dir = folder ?? Folder;
        var images = Path.Combine(dir, prefix + "-images-idx3-ubyte.gz");
        var labels = Path.Combine(dir, prefix + "-labels-idx1-ubyte.gz");
        foreach (var file in new[] { images, labels })
        {
            if (!File.Exists(file))
            {
                throw new FileNotFoundException(
                    $"Fashion-MNIST file not found: '{file}'. Install the Debian package dataset-fashion-mnist " +
                    "('sudo apt-get install dataset-fashion-mnist', or 'sudo bash eng/install-deps.sh' in the MLNet.Gan repository), " +
                    $"or set {FolderVariable} to a folder holding {prefix}-images-idx3-ubyte.gz and {prefix}-labels-idx1-ubyte.gz",
                    file);
            }
        }

        return (images, labels);
    }

    /// <summary>
    /// Reads <paramref name="split"/> into memory as raw bytes: (N, 28, 28) pixels, 0 = black, and N labels
    /// 0..9 (indices into <see cref="ClassNames"/>). The fast path for code that wants no data view.
    /// </summary>
    /// <param name="split">Which part.</param>
    /// <param name="folder">The folder holding the .gz files; null uses <see cref="Folder"/>.</param>
    /// <exception cref="FileNotFoundException">A file is missing; the message says how to install the dataset.</exception>
    public static IdxImageSet LoadPixels(FashionMnistSplit split, string? folder = null)
    {
        var (images, labels) = Files(split, folder);
        return IdxImageSet.Load(images, labels);
    }
}

/// <summary>Image data loaders on <see cref="DataOperationsCatalog"/> (<c>mlContext.Data</c>).</summary>
public static partial class DataCatalogExtensions
{
    /// <summary>
    /// Fashion-MNIST as a data view: "Image" (28x28 <c>MLImage</c>, gray) and "Label" (key of 10 with the
    /// <see cref="FashionMnist.ClassNames"/> as key values), 60,000 rows for <see cref="FashionMnistSplit.Train"/>
    /// and 10,000 for <see cref="FashionMnistSplit.Test"/>; see <see cref="IdxDataView"/>.
    /// </summary>
    /// <param name="catalog">ML.NET's data catalog.</param>
    /// <param name="split">Which part.</param>
    /// <param name="folder">The folder holding the .gz files; null uses <see cref="FashionMnist.Folder"/>.</param>
    /// <exception cref="FileNotFoundException">A file is missing; the message says how to install the dataset.</exception>
    public static IDataView LoadFashionMnist(this DataOperationsCatalog catalog, FashionMnistSplit split, string? folder = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new IdxDataView(FashionMnist.LoadPixels(split, folder), FashionMnist.ClassNames);
    }

    /// <summary>
    /// An IDX image set as a data view: "Image" (<c>MLImage</c> of the file's size, gray) and, with
    /// <paramref name="labelsFile"/>, "Label" (key with class names); see <see cref="IdxDataView"/>.
    /// </summary>
    /// <param name="catalog">ML.NET's data catalog.</param>
    /// <param name="imagesFile">The IDX images file (unsigned bytes, N x H x W), gzipped or not.</param>
    /// <param name="labelsFile">The IDX labels file (unsigned bytes, N), gzipped or not; null gives no label column.</param>
    /// <param name="classNames">Names of classes 0..K-1 in key order; null names them "0".."K-1" after the largest label.</param>
    /// <exception cref="FileNotFoundException">A file does not exist.</exception>
    /// <exception cref="InvalidDataException">A file is malformed, the counts differ, or a label has no class name.</exception>
    public static IDataView LoadIdx(this DataOperationsCatalog catalog, string imagesFile, string? labelsFile = null, string[]? classNames = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new IdxDataView(IdxImageSet.Load(imagesFile, labelsFile), classNames);
    }
}
