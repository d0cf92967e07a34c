// The Fashion-MNIST judge used by `mlnet-gan evaluate`: trained on the real training set the first time and
// cached, so later evaluations load it in a moment.
using MLNet.Gan.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace MLNet.Gan.Evaluation;

/// <summary>Trains, caches and tests the Fashion-MNIST classifier.</summary>
public static class FashionMnistClassifier
{
    /// <summary>The cache file name `evaluate` uses next to the model.</summary>
    public const string DefaultFileName = "fashion-mnist-classifier.zip";

    /// <summary>Loads <paramref name="cacheFile"/>, or trains on the real training set and writes it there.</summary>
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

    /// <summary>Trains on the 60,000 training images.</summary>
    public static ImageClassifier Train(ImageClassifier.Options? options = null)
    {
        var (images, labels) = Read(FashionMnistSplit.Train);
        using (images)
        using (labels)
        {
            return ImageClassifier.Train(images, labels, FashionMnist.ClassNames, options);
        }
    }

    /// <summary>Accuracy on the 10,000 real test images.</summary>
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

    /// <summary>A split as images (N, 1, 28, 28) in [-1, 1] and zero-based int64 labels (N).</summary>
    public static (Tensor Images, Tensor Labels) Read(FashionMnistSplit split)
    {
        var set = FashionMnist.LoadPixels(split);
        var labels = set.Labels ?? throw new InvalidDataException($"Fashion-MNIST {split} has no labels");
        using var scope = NewDisposeScope();
        var images = tensor(set.Pixels, new long[] { set.Count, 1, set.Height, set.Width }).to_type(ScalarType.Float32) / 127.5 - 1.0;
        var y = tensor(labels).to_type(ScalarType.Int64);
        return (images.MoveToOuterDisposeScope(), y.MoveToOuterDisposeScope());
    }
}
