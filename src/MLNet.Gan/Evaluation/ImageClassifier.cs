// A small CNN that judges generated images: trained once on real labelled images (Fashion-MNIST by default),
// saved as safetensors with its class names, and reused to score what a conditional GAN draws per class.
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
public sealed class ImageClassifier : IDisposable
{
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
        _network = nn.Sequential(
            nn.Conv2d(shape.Channels, 32, 5, stride: 2, padding: 2), nn.ReLU(),
            nn.Conv2d(32, 64, 3, stride: 2, padding: 1), nn.ReLU(),
            nn.Flatten(), // -> (B, 64·H/4·W/4)
            nn.Dropout(0.25),
            nn.Linear(64 * h * w, 128), nn.ReLU(),
            nn.Linear(128, ClassNames.Count)); // -> (B, classes)
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
        ArgumentNullException.ThrowIfNull(images);
        if (images.Dimensions != 4 || images.shape[1] != Shape.Channels || images.shape[2] != Shape.Height || images.shape[3] != Shape.Width)
        {
            throw new ArgumentException(
                $"the classifier takes images (N, {Shape.Channels}, {Shape.Height}, {Shape.Width}), found [{string.Join(", ", images.shape)}]", nameof(images));
        }

        _network.eval();
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var parts = new List<Tensor>();
        for (long start = 0; start < images.shape[0]; start += 1000)
        {
            var batch = images.slice(0, start, Math.Min(images.shape[0], start + 1000), 1);
            parts.Add(_network.call(batch.cpu()).argmax(1));
        }

        var result = parts.Count == 0 ? zeros(new long[] { 0 }, ScalarType.Int64) : cat(parts, 0);
        return result.MoveToOuterDisposeScope();
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
            var state = Safetensors.LoadStateDict(s);
            try
            {
                Training.GanTrainingSession.Load(classifier._network, state);
            }
            catch (Exception e) when (e is ArgumentException or KeyNotFoundException)
            {
                classifier.Dispose();
                throw new InvalidDataException($"{path}: the weights do not match the classifier: {e.Message}", e);
            }
            finally
            {
                foreach (var t in state.Values)
                {
                    t.Dispose();
                }
            }

            classifier._network.eval();
            return classifier;
        }
    }

    /// <summary>Frees the network.</summary>
    public void Dispose() => _network.Dispose();

    private const string Kind = "MLNet.Gan.ImageClassifier";

    private sealed record Manifest(string Kind, int Channels, int Height, int Width, string[] ClassNames);
}
