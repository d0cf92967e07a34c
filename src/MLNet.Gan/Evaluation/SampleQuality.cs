// Evaluates a generator against real images: draws n real images (seeded), generates n images (for the same labels
// when conditional), maps both through the classifier's features and computes FD, KID, precision/recall/density/coverage,
// accuracy for the requested class, per-class FD and the histograms of predicted classes.
using static TorchSharp.torch;

namespace MLNet.Gan.Evaluation;

/// <summary>Options of a sample-quality evaluation.</summary>
public sealed class SampleQualityOptions
{
    /// <summary>Images on each side (fewer when the real data has fewer). Default 5000.</summary>
    public int Count { get; set; } = 5000;

    /// <summary>Seed of the real subset, the generated images and the KID subsets. Default 0.</summary>
    public int Seed { get; set; }

    /// <summary>k of the nearest-neighbour manifolds. Default 5 (Naeem et al.).</summary>
    public int NearestNeighbours { get; set; } = 5;

    /// <summary>KID subsets. Default 100.</summary>
    public int KidSubsets { get; set; } = 100;

    /// <summary>Rows per KID subset. Default 1000.</summary>
    public int KidSubsetSize { get; set; } = 1000;

    /// <summary>Images generated per call. Default 500.</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>The extractor's accuracy on real test images, when known; copied into the result.</summary>
    public double? ExtractorTestAccuracy { get; set; }

    /// <summary>One line per stage.</summary>
    public IProgress<string>? Progress { get; set; }

    /// <summary>Stops between batches and stages.</summary>
    public CancellationToken CancellationToken { get; set; }
}

/// <summary>Features (N, D) of one side, the classes the extractor predicts (N), and the labels (N: true ones for real images, requested ones for generated), if any.</summary>
/// <param name="Features">Feature vectors (N, D).</param>
/// <param name="Predicted">Predicted class indices (N), int64.</param>
/// <param name="Labels">Class labels (N), int64, or null.</param>
public sealed record FeatureSet(Tensor Features, Tensor Predicted, Tensor? Labels);

/// <summary>Computes <see cref="SampleQualityMetrics"/>.</summary>
public static class SampleQuality
{
    /// <summary>
    /// Scores <paramref name="model"/> against real images (N, C, H, W) in [-1, 1] with zero-based int64 labels (N) (needed
    /// when the model is conditional: the generated images get the labels of the real sample, so both sides share one class mix).
    /// </summary>
    /// <exception cref="ArgumentException">Shapes or class counts of model, images and extractor disagree, or labels are missing.</exception>
    public static SampleQualityMetrics Evaluate(GanTransformer model, Tensor realImages, Tensor? realLabels, ImageClassifier extractor,
        SampleQualityOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(extractor);
        if (model.ImageShape != extractor.Shape)
        {
            throw new ArgumentException($"the model generates {model.ImageShape} images but the feature extractor takes {extractor.Shape}", nameof(extractor));
        }

        if (model.IsConditional && model.ClassNames.Count != extractor.ClassNames.Count)
        {
            throw new ArgumentException(
                $"the model has {model.ClassNames.Count} classes ({string.Join(", ", model.ClassNames)}) but the feature extractor has {extractor.ClassNames.Count}", nameof(extractor));
        }

        return Evaluate((count, labels, seed) => model.GenerateTensor(count, labels, seed), model.IsConditional, realImages, realLabels, extractor, options);
    }

    /// <summary>
    /// The same with any generator: <paramref name="generate"/>(count, labels, seed) returns images (count, C, H, W) in [-1, 1],
    /// for <c>labels[i]</c> when <paramref name="conditional"/> (labels is null otherwise).
    /// </summary>
    public static SampleQualityMetrics Evaluate(Func<int, IReadOnlyList<int>?, int, Tensor> generate, bool conditional, Tensor realImages,
        Tensor? realLabels, ImageClassifier extractor, SampleQualityOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(generate);
        ArgumentNullException.ThrowIfNull(realImages);
        ArgumentNullException.ThrowIfNull(extractor);
        var o = options ?? new SampleQualityOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(o.Count, o.NearestNeighbours + 1, nameof(options.Count));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(o.BatchSize, nameof(options.BatchSize));
        if (conditional && realLabels is null)
        {
            throw new ArgumentException("a conditional model is evaluated against labelled real images, but no labels were given", nameof(realLabels));
        }

        if (realLabels is not null && (realLabels.Dimensions != 1 || realLabels.shape[0] != realImages.shape[0]))
        {
            throw new ArgumentException(
                $"real labels must be (N) for images [{string.Join(", ", realImages.shape)}], found [{string.Join(", ", realLabels.shape)}]", nameof(realLabels));
        }

        using var scope = NewDisposeScope();
        var n = (int)Math.Min(o.Count, realImages.shape[0]);
        var pick = tensor(FeatureDistances.Subset(new Random(o.Seed), (int)realImages.shape[0], n));
        var labels = realLabels?.index_select(0, pick).to_type(ScalarType.Int64);
        o.Progress?.Report($"features of {n} real images");
        var (realFeatures, realPredicted) = extractor.Embed(realImages.index_select(0, pick));

        var requested = conditional ? labels!.data<long>().Select(l => (int)l).ToArray() : null;
        var parts = new List<(Tensor Features, Tensor Predicted)>();
        for (var start = 0; start < n; start += o.BatchSize)
        {
            o.CancellationToken.ThrowIfCancellationRequested();
            var count = Math.Min(o.BatchSize, n - start);
            o.Progress?.Report($"generating images {start + 1}-{start + count} of {n}");
            using var batchScope = NewDisposeScope();
            var images = generate(count, requested?[start..(start + count)], o.Seed + (start / o.BatchSize));
            if (images.Dimensions != 4 || images.shape[0] != count)
            {
                throw new InvalidOperationException($"the generator returned [{string.Join(", ", images.shape)}] for {count} images, expected ({count}, C, H, W)");
            }

            var (f, p) = extractor.Embed(images);
            parts.Add((f.MoveToOuterDisposeScope(), p.MoveToOuterDisposeScope()));
        }

        var generated = new FeatureSet(cat(parts.Select(p => p.Features).ToList(), 0), cat(parts.Select(p => p.Predicted).ToList(), 0),
            conditional ? labels : null);
        return Compare(new FeatureSet(realFeatures, realPredicted, labels), generated, extractor.ClassNames, o);
    }

    /// <summary>Computes every metric from the features of both sides (same number of rows recommended; n is the smaller).</summary>
    public static SampleQualityMetrics Compare(FeatureSet real, FeatureSet generated, IReadOnlyList<string> classNames, SampleQualityOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(real);
        ArgumentNullException.ThrowIfNull(generated);
        ArgumentNullException.ThrowIfNull(classNames);
        var o = options ?? new SampleQualityOptions();
        FeatureDistances.CheckPair(real.Features, generated.Features, o.NearestNeighbours + 1);
        o.CancellationToken.ThrowIfCancellationRequested();
        o.Progress?.Report("Fréchet distance");
        var fd = FeatureDistances.Frechet(real.Features, generated.Features);
        o.CancellationToken.ThrowIfCancellationRequested();
        o.Progress?.Report("kernel distance");
        var kid = FeatureDistances.Kernel(real.Features, generated.Features, o.KidSubsets, o.KidSubsetSize, o.Seed);
        o.CancellationToken.ThrowIfCancellationRequested();
        o.Progress?.Report("precision, recall, density, coverage");
        var manifold = ManifoldMetrics.Compute(real.Features, generated.Features, o.NearestNeighbours);

        var realPredicted = real.Predicted.data<long>().ToArray();
        var generatedPredicted = generated.Predicted.data<long>().ToArray();
        double? accuracy = null;
        var perClass = new List<ClassFrechetDistance>();
        if (generated.Labels is { } requested && real.Labels is { } truth)
        {
            var wanted = requested.data<long>().ToArray();
            accuracy = wanted.Zip(generatedPredicted).Count(x => x.First == x.Second) / (double)wanted.Length;
            var realLabels = truth.data<long>().ToArray();
            for (var c = 0; c < classNames.Count; c++)
            {
                var r = Rows(realLabels, c);
                var g = Rows(wanted, c);
                double? classFd = null;
                if (r.Length >= 2 && g.Length >= 2)
                {
                    using var scope = NewDisposeScope();
                    classFd = FeatureDistances.Frechet(real.Features.index_select(0, tensor(r)), generated.Features.index_select(0, tensor(g)));
                }

                perClass.Add(new ClassFrechetDistance(c, classNames[c], r.Length, g.Length, classFd));
            }
        }

        return new SampleQualityMetrics
        {
            N = (int)Math.Min(real.Features.shape[0], generated.Features.shape[0]),
            Fd = fd,
            Kid = kid,
            Manifold = manifold,
            Accuracy = accuracy,
            PerClassFd = perClass,
            ClassNames = classNames.ToArray(),
            GeneratedHistogram = Histogram(generatedPredicted, classNames.Count),
            RealHistogram = Histogram(realPredicted, classNames.Count),
            ExtractorTestAccuracy = o.ExtractorTestAccuracy,
            Seed = o.Seed,
        };
    }

    private static long[] Rows(long[] labels, int c) => labels.Select((l, i) => (l, (long)i)).Where(x => x.l == c).Select(x => x.Item2).ToArray();

    private static int[] Histogram(long[] classes, int count)
    {
        var h = new int[count];
        foreach (var c in classes)
        {
            if (c >= 0 && c < count)
            {
                h[c]++;
            }
        }

        return h;
    }
}
