// A small CNN that judges generated images: trained once on real labelled images (Fashion-MNIST by default),
// saved as safetensors with its class names; its class scores check labels, its 128-unit penultimate layer is the
// feature space of the sample-quality metrics.
using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using MLNet.Gan.IO;
using MLNet.Gan.Networks;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace MLNet.Gan.Evaluation;

/// <summary>A small image classifier (two convolutions, two dense layers) used to score generated images.</summary>
/// <remarks>
/// The architecture, as PyTorch writes it (state-dict names in brackets), for images (C, H, W) in [-1, 1] and K classes:
/// <c>nn.Sequential(Conv2d(C, 32, 5, stride=2, padding=2) [0.weight, 0.bias], ReLU(), Conv2d(32, 64, 3, stride=2, padding=1)
/// [2.weight, 2.bias], ReLU(), Flatten(), Dropout(0.25), Linear(64·⌈H/4⌉·⌈W/4⌉, 128) [6.weight, 6.bias], ReLU(),
/// Linear(128, K) [8.weight, 8.bias])</c>. The output of the ReLU after the 128-unit layer is the feature vector
/// (<see cref="FeatureSize"/>). Weights trained elsewhere load with <see cref="FromSafetensors"/>.
/// </remarks>
public sealed class ImageClassifier : IDisposable
{
    /// <summary>Length of the feature vectors (<see cref="Features"/>): the units of the penultimate layer.</summary>
    public const int FeatureSize = 128;

    private const int FeatureLayers = 8; // the modules up to and including the ReLU after Linear(…, 128)

    private readonly Sequential _network;
    private readonly nn.Module<Tensor, Tensor>[] _layers;

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
        _layers =
        [
            nn.Conv2d(shape.Channels, 32, 5, stride: 2, padding: 2), nn.ReLU(),
            nn.Conv2d(32, 64, 3, stride: 2, padding: 1), nn.ReLU(),
            nn.Flatten(), // -> (B, 64·H/4·W/4)
            nn.Dropout(0.25),
            nn.Linear(64 * h * w, FeatureSize), nn.ReLU(), // -> (B, 128): the features
            nn.Linear(FeatureSize, ClassNames.Count), // -> (B, classes)
        ];
        _network = nn.Sequential(_layers);
    }

    /// <summary>The image shape it takes.</summary>
    public ImageShape Shape { get; }

    /// <summary>Its classes, in label order.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>Training options.</summary>
    public sealed class Options
    {
        /// <summary>Passes over the data. Default 3.</summary>
        public int Epochs = 3;

        /// <summary>Optional wall-clock limit. Default null.</summary>
        public TimeSpan? TimeBudget;

        /// <summary>Batch size. Default 128.</summary>
        public int BatchSize = 128;

        /// <summary>Adam learning rate. Default 1e-3.</summary>
        public double LearningRate = 1e-3;

        /// <summary>Seed of weights and batch order. Default 1.</summary>
        public int Seed = 1;

        /// <summary>One line per epoch (loss, time).</summary>
        public IProgress<string>? Progress;
    }

    /// <summary>Trains on images (N, C, H, W) in [-1, 1] with zero-based int64 labels (N).</summary>
    public static ImageClassifier Train(Tensor images, Tensor labels, IReadOnlyList<string> classNames, Options? options = null)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(classNames);
        options ??= new Options();
        if (images.Dimensions != 4 || labels.Dimensions != 1 || images.shape[0] != labels.shape[0])
        {
            throw new ArgumentException(
                $"classifier training needs images (N, C, H, W) and labels (N), found [{string.Join(", ", images.shape)}] and [{string.Join(", ", labels.shape)}]");
        }

        var shape = new ImageShape((int)images.shape[1], (int)images.shape[2], (int)images.shape[3]);
        random.manual_seed(options.Seed);
        var classifier = new ImageClassifier(shape, classNames);
        var n = images.shape[0];
        using var adam = optim.Adam(classifier._network.parameters(), options.LearningRate);
        var clock = Stopwatch.StartNew();
        var stop = false;
        classifier._network.train();
        for (var epoch = 1; epoch <= options.Epochs && !stop; epoch++)
        {
            double lossSum = 0;
            var batches = 0;
            using var order = randperm(n);
            for (long start = 0; start < n; start += options.BatchSize)
            {
                using var scope = NewDisposeScope();
                var index = order.slice(0, start, Math.Min(n, start + options.BatchSize), 1);
                var logits = classifier._network.call(images.index_select(0, index));
                var loss = nn.functional.cross_entropy(logits, labels.index_select(0, index));
                adam.zero_grad();
                loss.backward();
                adam.step();
                lossSum += loss.item<float>();
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

        classifier._network.eval();
        return classifier;
    }

    /// <summary>Predicted class indices (N) of images (N, C, H, W) in [-1, 1], on the CPU.</summary>
    public Tensor Predict(Tensor images)
    {
        var (features, predicted) = Embed(images);
        features.Dispose();
        return predicted;
    }

    /// <summary>Feature vectors (N, <see cref="FeatureSize"/>) of images (N, C, H, W) in [-1, 1], on the CPU.</summary>
    public Tensor Features(Tensor images)
    {
        var (features, predicted) = Embed(images);
        predicted.Dispose();
        return features;
    }

    /// <summary>Both at once: features (N, <see cref="FeatureSize"/>) and predicted class indices (N), on the CPU.</summary>
    public (Tensor Features, Tensor Predicted) Embed(Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.Dimensions != 4 || images.shape[1] != Shape.Channels || images.shape[2] != Shape.Height || images.shape[3] != Shape.Width)
        {
            throw new ArgumentException(
                $"the classifier takes images (N, {Shape.Channels}, {Shape.Height}, {Shape.Width}), found [{string.Join(", ", images.shape)}]", nameof(images));
        }

        _network.eval();
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var features = new List<Tensor>();
        var predicted = new List<Tensor>();
        for (long start = 0; start < images.shape[0]; start += 1000)
        {
            var x = images.slice(0, start, Math.Min(images.shape[0], start + 1000), 1).cpu();
            for (var i = 0; i < FeatureLayers; i++)
            {
                x = _layers[i].call(x);
            }

            features.Add(x); // (B, 128)
            predicted.Add(_layers[FeatureLayers].call(x).argmax(1)); // (B)
        }

        return features.Count == 0
            ? (zeros(new long[] { 0, FeatureSize }).MoveToOuterDisposeScope(), zeros(new long[] { 0 }, ScalarType.Int64).MoveToOuterDisposeScope())
            : (cat(features, 0).MoveToOuterDisposeScope(), cat(predicted, 0).MoveToOuterDisposeScope());
    }

    /// <summary>Share of images whose predicted class is their label.</summary>
    public double Accuracy(Tensor images, Tensor labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        using var predicted = Predict(images);
        var p = predicted.data<long>().ToArray();
        var l = labels.data<long>().ToArray();
        if (p.Length != l.Length)
        {
            throw new ArgumentException($"{p.Length} images but {l.Length} labels", nameof(labels));
        }

        return p.Length == 0 ? 0 : p.Zip(l).Count(x => x.First == x.Second) / (double)p.Length;
    }

    /// <summary>Writes the classifier (a zip: its shape and classes as JSON, weights as safetensors), atomically.</summary>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        AtomicFile.Write(path, stream =>
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
            GanModelFile.WriteJson(zip, "classifier.json", new Manifest(Kind, Shape.Channels, Shape.Height, Shape.Width, ClassNames.ToArray()));
            GanModelFile.WriteEntry(zip, "classifier.safetensors", s => Safetensors.SaveStateDict(s, _network.state_dict(), leaveOpen: true));
        });
    }

    /// <summary>Reads a classifier written by <see cref="Save"/>.</summary>
    public static ImageClassifier Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"classifier file not found: {path}", path);
        }

        ZipArchive zip;
        try
        {
            zip = ZipFile.OpenRead(path);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path} is not an image classifier file (not a zip archive: {e.Message})", e);
        }

        using (zip)
        {
            var m = GanModelFile.ReadJson<Manifest>(zip, "classifier.json", path);
            if (m.Kind != Kind)
            {
                throw new InvalidDataException($"{path} is not an image classifier file (kind '{m.Kind}', expected '{Kind}')");
            }

            var classifier = new ImageClassifier(new ImageShape(m.Channels, m.Height, m.Width), m.ClassNames);
            using var s = GanModelFile.OpenEntry(zip, "classifier.safetensors", path);
            return classifier.LoadWeights(Safetensors.LoadStateDict(s), path);
        }
    }

    /// <summary>
    /// A classifier of the documented architecture (see the class remarks) with weights from a safetensors file written
    /// elsewhere, e.g. by PyTorch's <c>safetensors.torch.save_file(model.state_dict(), path)</c>.
    /// </summary>
    /// <param name="path">The .safetensors file: tensors 0.weight, 0.bias, 2.weight, 2.bias, 6.weight, 6.bias, 8.weight, 8.bias.</param>
    /// <param name="shape">The images it takes (C, H, W).</param>
    /// <param name="classNames">Class names; null names them "0".."K-1", K read from 8.weight.</param>
    /// <exception cref="InvalidDataException">A tensor is missing, extra, or of another shape (named with expected and found shapes).</exception>
    public static ImageClassifier FromSafetensors(string path, ImageShape shape, IReadOnlyList<string>? classNames = null)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"classifier weights not found: {path}", path);
        }

        Dictionary<string, Tensor> state;
        try
        {
            state = Safetensors.LoadStateDict(path);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new InvalidDataException($"{path} is not a readable safetensors file: {e.Message}", e);
        }

        if (classNames is null)
        {
            if (!state.TryGetValue("8.weight", out var head) || head.Dimensions != 2)
            {
                DisposeAll(state);
                throw new InvalidDataException($"{path}: tensor '8.weight' (classes, {FeatureSize}) is missing or not 2-D, so the class count is unknown");
            }

            classNames = Enumerable.Range(0, (int)head.shape[0]).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();
        }

        return new ImageClassifier(shape, classNames).LoadWeights(state, path);
    }

    // Copies the weights in after checking every name and shape; disposes the given tensors, and this classifier on failure.
    private ImageClassifier LoadWeights(Dictionary<string, Tensor> state, string source)
    {
        try
        {
            Training.GanTrainingSession.Load(_network, state);
        }
        catch (Exception e) when (e is ArgumentException or KeyNotFoundException)
        {
            Dispose();
            throw new InvalidDataException(
                $"{source}: the weights do not match the classifier for {Shape} images and {ClassNames.Count} classes: {e.Message}", e);
        }
        finally
        {
            DisposeAll(state);
        }

        _network.eval();
        return this;
    }

    private static void DisposeAll(Dictionary<string, Tensor> state)
    {
        foreach (var t in state.Values)
        {
            t.Dispose();
        }
    }

    /// <summary>Frees the network.</summary>
    public void Dispose() => _network.Dispose();

    private const string Kind = "MLNet.Gan.ImageClassifier";

    private sealed record Manifest(string Kind, int Channels, int Height, int Width, string[] ClassNames);
}
