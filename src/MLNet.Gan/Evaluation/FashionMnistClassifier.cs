// The Fashion-MNIST judge used by `mlnet-gan evaluate`: trained on the real training set the first time and
// cached as safetensors, so later evaluations load it in a moment.
using MLNet.Gan.Data;
using MLNet.Gan.Torch;

namespace MLNet.Gan.Evaluation;

/// <summary>Trains, caches and reloads the Fashion-MNIST <see cref="ImageClassifier"/>.</summary>
public static class FashionMnistClassifier
{
    /// <summary>The cache file name used when only a folder is given.</summary>
    public const string DefaultFileName = "fashion-mnist-classifier.safetensors";

    /// <summary>
    /// Loads <paramref name="cacheFile"/> when it exists; otherwise trains on the Fashion-MNIST training set
    /// (<paramref name="options"/>, default 3 epochs), saves it there and returns it.
    /// </summary>
    public static ImageClassifier LoadOrTrain(string cacheFile, ImageClassifier.Options? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(cacheFile);
        if (File.Exists(cacheFile))
        {
            return ImageClassifier.Load(cacheFile);
        }

        var classifier = Train(options);
        classifier.Save(cacheFile);
        return classifier;
    }

    /// <summary>Trains a classifier on the Fashion-MNIST training set.</summary>
    public static ImageClassifier Train(ImageClassifier.Options? options = null)
    {
        var (images, labels) = Read(FashionMnistSplit.Train);
        using (images)
        using (labels)
        {
            return ImageClassifier.Train(images, labels, FashionMnist.ClassNames, options);
        }
    }

    /// <summary>The classifier's accuracy on the Fashion-MNIST test set.</summary>
    public static double TestAccuracy(ImageClassifier classifier)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        var (images, labels) = Read(FashionMnistSplit.Test);
        using (images)
        using (labels)
        {
            return classifier.Accuracy(images, labels);
        }
    }

    /// <summary>A split as images (N, 1, 28, 28) in [-1, 1] and labels int64 (N).</summary>
    public static (Tensor Images, Tensor Labels) Read(FashionMnistSplit split)
    {
        var ctx = new GanContext(0);
        var (images, labels) = ImageTensors.Materialize(ctx.Data.LoadFashionMnist(split), "Image", "Label");
        return (images, labels ?? throw new InvalidDataException($"Fashion-MNIST {split} has no labels"));
    }
}
