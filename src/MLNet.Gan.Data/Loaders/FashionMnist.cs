// Where Fashion-MNIST lives (Debian's dataset-fashion-mnist) and what its classes are called.
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
/// Fashion-MNIST (Zalando): 28x28 gray images of clothing in 10 classes. Read from the folder named by the
/// MLNETGAN_FASHION_MNIST environment variable, else Debian's <c>dataset-fashion-mnist</c> package folder.
/// </summary>
public static class FashionMnist
{
    /// <summary>Debian's installation folder of the dataset.</summary>
    public const string DefaultFolder = "/usr/share/datasets/fashion-mnist";

    /// <summary>Environment variable that points at another folder holding the four .gz files.</summary>
    public const string FolderVariable = "MLNETGAN_FASHION_MNIST";

    /// <summary>Image side in pixels.</summary>
    public const int ImageSize = 28;

    /// <summary>Class names by label index 0..9.</summary>
    public static IReadOnlyList<string> ClassNames { get; } = new[]
    {
        "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
    };

    /// <summary>The folder the files are read from.</summary>
    public static string Folder =>
        Environment.GetEnvironmentVariable(FolderVariable) is { Length: > 0 } custom ? custom : DefaultFolder;

    /// <summary>Paths of the images and labels files of a split in <paramref name="folder"/> (null: <see cref="Folder"/>).</summary>
    /// <exception cref="FileNotFoundException">A file is missing; the message says how to install the dataset.</exception>
    public static (string Images, string Labels) Files(FashionMnistSplit split, string? folder = null)
    {
        var prefix = split switch
        {
            FashionMnistSplit.Train => "train",
            FashionMnistSplit.Test => "t10k",
            _ => throw new ArgumentOutOfRangeException(nameof(split), split, "unknown split"),
        };
        var dir = folder ?? Folder;
        var images = Path.Combine(dir, prefix + "-images-idx3-ubyte.gz");
        var labels = Path.Combine(dir, prefix + "-labels-idx1-ubyte.gz");
        foreach (var file in new[] { images, labels })
        {
            if (!File.Exists(file))
            {
                throw new FileNotFoundException(
                    $"Fashion-MNIST file not found: '{file}'. Install it with 'sudo apt-get install dataset-fashion-mnist' " +
                    $"or set {FolderVariable} to a folder holding {prefix}-images-idx3-ubyte.gz and {prefix}-labels-idx1-ubyte.gz",
                    file);
            }
        }

        return (images, labels);
    }

    /// <summary>Reads a split from <paramref name="folder"/> (null: <see cref="Folder"/>) into memory: (N, 28, 28) bytes and N labels.</summary>
    public static IdxImageSet Read(FashionMnistSplit split, string? folder = null)
    {
        var (images, labels) = Files(split, folder);
        return IdxImageSet.Load(images, labels);
    }

    /// <summary>Options of <c>ctx.Data.LoadFashionMnist</c>.</summary>
    public sealed class Options
    {
        /// <summary>Which part to load. Default: <see cref="FashionMnistSplit.Train"/>.</summary>
        public FashionMnistSplit Split = FashionMnistSplit.Train;

        /// <summary>The folder holding the four .gz files; null uses <see cref="FashionMnist.Folder"/>. Default: null.</summary>
        public string? Folder;

        /// <summary>Name of the image column. Default: "Image".</summary>
        public string ImageColumnName = IdxDataView.DefaultImageColumnName;

        /// <summary>Name of the label column (key with the 10 class names). Default: "Label".</summary>
        public string LabelColumnName = IdxDataView.DefaultLabelColumnName;
    }
}
