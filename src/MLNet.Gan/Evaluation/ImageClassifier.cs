// A small CNN that judges generated images: trained once on real labelled images (Fashion-MNIST by default),
// saved as safetensors with its class names, and reused to score what a conditional GAN draws per class.
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MLNet.Gan.Networks;
using MLNet.Gan.Torch;
using MLNet.Gan.Torch.NN;
using MLNet.Gan.Torch.Optim;

namespace MLNet.Gan.Evaluation;

/// <summary>
/// A convolutional classifier for small images in [-1, 1] (N, C, H, W):
/// conv 5x5/2 (32) → conv 3x3/2 (64) → linear 128 → linear classes, ReLU between.
/// </summary>
public sealed class ImageClassifier : IDisposable
{
    private const string ShapeKey = "image_shape";
    private const string ClassesKey = "class_names";
    private const string KindKey = "kind";
    private const string Kind = "MLNet.Gan.ImageClassifier";

    private readonly Sequential _network;

    private ImageClassifier(ImageShape shape, IReadOnlyList<string> classNames)
    {
        if (classNames.Count < 2)
        {
            throw new ArgumentException($"a classifier needs at least 2 classes, found {classNames.Count}", nameof(classNames));
        }

        Shape = shape;
        ClassNames = classNames.ToArray();
        long h = ((shape.Height - 1) / 2) + 1, w = ((shape.Width - 1) / 2) + 1; // (B, C, H, W) -> (B, 32, H/2, W/2)
        h = ((h - 1) / 2) + 1;
        w = ((w - 1) / 2) + 1; // -> (B, 64, H/4, W/4)
        _network = new Sequential(
            new Conv2d(shape.Channels, 32, 5, stride: 2, padding: 2), new ReLU(),
            new Conv2d(32, 64, 3, stride: 2, padding: 1), new ReLU(),
            new Flatten(), // -> (B, 64·H/4·W/4)
            new Dropout(0.25),
            new Linear(64 * h * w, 128), new ReLU(),
            new Linear(128, ClassNames.Count)); // -> (B, classes)
    }

    /// <summary>The image shape the classifier takes.</summary>
    public ImageShape Shape { get; }

    /// <summary>The class names, index = class.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>Options of <see cref="Train"/>.</summary>
    public sealed class Options
    {
        /// <summary>Passes over the training images. Default 3.</summary>
        public int Epochs = 3;

        /// <summary>Stops training when this much time has passed (checked every batch). Default none.</summary>
        public TimeSpan? TimeBudget;

        /// <summary>Images per optimisation step. Default 128.</summary>
        public int BatchSize = 128;

        /// <summary>Adam learning rate. Default 1e-3.</summary>
        public double LearningRate = 1e-3;

        /// <summary>Seed of the initial weights and the shuffling. Default 1.</summary>
        public int Seed = 1;

        /// <summary>Receives a line per epoch ("epoch 2: loss 0.31, 45 s"). Default none.</summary>
        public IProgress<string>? Progress;
    }

    /// <summary>
    /// Trains a classifier on <paramref name="images"/> (N, C, H, W) float in [-1, 1] and <paramref name="labels"/>
    /// int64 (N) class indices.
    /// </summary>
    public static ImageClassifier Train(Tensor images, Tensor labels, IReadOnlyList<string> classNames, Options? options = null)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(classNames);
        options ??= new Options();
        if (images.Dim != 4 || labels.Dim != 1 || images.Size(0) != labels.Size(0))
        {
            throw new ArgumentException(
                $"classifier training needs images (N, C, H, W) and labels (N), found [{string.Join(", ", images.Shape)}] and [{string.Join(", ", labels.Shape)}]");
        }

        var shape = new ImageShape((int)images.Size(1), (int)images.Size(2), (int)images.Size(3));
        Torch.Torch.ManualSeed(options.Seed);
        var classifier = new ImageClassifier(shape, classNames);
        var n = images.Size(0);
        using var adam = new Adam(classifier._network.Parameters(), options.LearningRate);
        var clock = Stopwatch.StartNew();
        var stop = false;
        classifier._network.Train();
        for (var epoch = 1; epoch <= options.Epochs && !stop; epoch++)
        {
            double lossSum = 0;
            var batches = 0;
            using var order = Torch.Torch.RandPerm(n);
            for (long start = 0; start < n; start += options.BatchSize)
            {
                using var scope = Torch.Torch.NewScope();
                var index = order.Slice(0, start, Math.Min(n, start + options.BatchSize));
                var logits = classifier._network.Forward(images.IndexSelect(0, index));
                var loss = Losses.CrossEntropy(logits, labels.IndexSelect(0, index));
                adam.ZeroGrad();
                loss.Backward();
                adam.Step();
                lossSum += loss.ToDouble();
                batches++;
                if (options.TimeBudget is { } budget && clock.Elapsed >= budget)
                {
                    stop = true;
                    break;
                }
            }

            options.Progress?.Report(string.Create(CultureInfo.InvariantCulture,
                $"classifier epoch {epoch}: loss {lossSum / Math.Max(1, batches):0.000}, {clock.Elapsed.TotalSeconds:0} s"));
        }

        classifier._network.Eval();
        return classifier;
    }

    /// <summary>The predicted class of each image: (N, C, H, W) in [-1, 1] -> int64 (N).</summary>
    public Tensor Predict(Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.Dim != 4 || images.Size(1) != Shape.Channels || images.Size(2) != Shape.Height || images.Size(3) != Shape.Width)
        {
            throw new ArgumentException(
                $"the classifier takes images (N, {Shape.Channels}, {Shape.Height}, {Shape.Width}), found [{string.Join(", ", images.Shape)}]", nameof(images));
        }

        _network.Eval();
        using var noGrad = Torch.Torch.NoGrad();
        var parts = new List<Tensor>();
        using var scope = Torch.Torch.NewScope();
        for (long start = 0; start < images.Size(0); start += 1000)
        {
            var batch = images.Slice(0, start, Math.Min(images.Size(0), start + 1000));
            parts.Add(_network.Forward(batch.To(Device.Cpu)).ArgMax(1));
        }

        var result = parts.Count == 0 ? Torch.Torch.Zeros(new long[] { 0 }, ScalarType.Int64) : Torch.Torch.Cat(parts, 0);
        result.MoveToOuterScope();
        return result;
    }

    /// <summary>The fraction of <paramref name="images"/> whose predicted class equals <paramref name="labels"/> (int64 (N)).</summary>
    public double Accuracy(Tensor images, Tensor labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        using var predicted = Predict(images);
        var p = predicted.ToArray<long>();
        var l = labels.ToArray<long>();
        if (p.Length != l.Length)
        {
            throw new ArgumentException($"{p.Length} images but {l.Length} labels", nameof(labels));
        }

        return p.Length == 0 ? 0 : p.Zip(l).Count(x => x.First == x.Second) / (double)p.Length;
    }

    /// <summary>Writes the weights, image shape and class names to a safetensors file (atomically).</summary>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        _network.Save(path, new Dictionary<string, string>
        {
            [KindKey] = Kind,
            [ShapeKey] = $"{Shape.Channels},{Shape.Height},{Shape.Width}",
            [ClassesKey] = JsonSerializer.Serialize(ClassNames),
        });
    }

    /// <summary>Reads a classifier written by <see cref="Save"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not a classifier file (path and what is missing named).</exception>
    public static ImageClassifier Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"classifier file not found: {path}", path);
        }

        var state = Safetensors.Load(path, out var meta);
        try
        {
            if (!meta.TryGetValue(KindKey, out var kind) || kind != Kind || !meta.TryGetValue(ShapeKey, out var shapeText)
                || !meta.TryGetValue(ClassesKey, out var classesText))
            {
                throw new InvalidDataException($"{path} is not an image classifier file (metadata '{KindKey}', '{ShapeKey}', '{ClassesKey}' expected)");
            }

            var dims = shapeText.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
            var classes = JsonSerializer.Deserialize<string[]>(classesText)
                ?? throw new InvalidDataException($"{path}: class names missing");
            var classifier = new ImageClassifier(new ImageShape(dims[0], dims[1], dims[2]), classes);
            classifier._network.LoadStateDict(state);
            classifier._network.Eval();
            return classifier;
        }
        finally
        {
            foreach (var t in state.Values)
            {
                t.Dispose();
            }
        }
    }

    /// <summary>Frees the weights.</summary>
    public void Dispose() => _network.Dispose();
}
