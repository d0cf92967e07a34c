// The fitted GAN: a transformer that appends a generated image to each row, direct generation,
// latent interpolation, and its model-file form.
using System.Collections.Concurrent;
using MLNet.Gan.Data;
using MLNet.Gan.Generation;
using MLNet.Gan.Networks;
using MLNet.Gan.Torch;
using MLNet.Gan.Torch.NN;
using MLNet.Gan.Training;

namespace MLNet.Gan;

/// <summary>
/// A trained generator used as a pipeline transform: <see cref="ITransformer.Transform"/> appends
/// <see cref="GanModelInfo.OutputColumnName"/> with one generated image per row — for the row's label
/// when the model is conditional, from the row's seed column when it has one (else from the row
/// position), so the same inputs always give the same images, also after a save/load round trip.
/// Rows are generated in batches of <see cref="RowsPerBatch"/>, only when a cursor reads the column.
/// </summary>
/// <remarks>
/// <list type="table">
/// <item><term>Input columns</term><description>label (key, conditional models only), seed (Int32/Int64, optional)</description></item>
/// <item><term>Output column</term><description>an image (or a float vector, like the training column) per row</description></item>
/// <item><term>Model file</term><description>manifest options (<see cref="GanModelInfo"/>) + generator weights as safetensors</description></item>
/// </list>
/// </remarks>
public sealed partial class GanTransformer : BatchedRowToRowTransformerBase, IDisposable
{
    /// <summary>The component kind in model files.</summary>
    public const string ModelKind = "MLNet.Gan.Generator";

    /// <summary>Rows generated together by one forward pass when transforming a data view.</summary>
    public const int RowsPerBatch = 64;

    private static readonly ConcurrentDictionary<string, Func<NetworkContext, Module>> CustomGenerators = new(StringComparer.Ordinal);
    private readonly Module _generator;
    private readonly object _lock = new();
    private bool _disposed;

    internal GanTransformer(GanModelInfo info, Module generator, Device device, TrainingHistory? history)
        : base(RowsPerBatch)
    {
        Info = info;
        _generator = generator;
        Device = device;
        History = history;
        _generator.Eval();
        foreach (var p in _generator.Parameters())
        {
            p.RequiresGrad = false;
        }
    }

    /// <summary>What the model is: shape, classes, columns, how it was trained.</summary>
    public GanModelInfo Info { get; }

    /// <summary>True when images are generated for a requested class.</summary>
    public bool IsConditional => Info.IsConditional;

    /// <summary>Shape of the generated images.</summary>
    public ImageShape ImageShape => Info.Shape;

    /// <summary>Class names of a conditional model (empty otherwise).</summary>
    public IReadOnlyList<string> ClassNames => Info.ClassNames;

    /// <summary>Size of z.</summary>
    public int LatentSize => Info.LatentSize;

    /// <summary>The device generation runs on.</summary>
    public Device Device { get; }

    /// <summary>The training history, when this model was just trained (null after loading).</summary>
    public TrainingHistory? History { get; }

    /// <summary>The generator network (in eval mode).</summary>
    public Module Generator => _generator;

    /// <summary>Registers the factory of a custom generator so models trained with it can be loaded.</summary>
    public static void RegisterGenerator(string name, Func<NetworkContext, Module> factory)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(factory);
        CustomGenerators[name] = factory;
    }

    /// <summary>The class index of a class name or a number ("Sneaker", "7").</summary>
    public int ResolveLabel(string nameOrIndex)
    {
        ArgumentNullException.ThrowIfNull(nameOrIndex);
        RequireConditional("a label");
        var byName = Array.FindIndex(Info.ClassNames, n => string.Equals(n, nameOrIndex, StringComparison.OrdinalIgnoreCase));
        if (byName >= 0)
        {
            return byName;
        }

        if (int.TryParse(nameOrIndex, out var index) && index >= 0 && index < Info.ClassNames.Length)
        {
            return index;
        }

        throw new ArgumentException(
            $"unknown label '{nameOrIndex}': expected one of {string.Join(", ", Info.ClassNames.Select((n, i) => $"{i}={n}"))}",
            nameof(nameOrIndex));
    }

    /// <summary>Generates <paramref name="count"/> images (B, C, H, W) in [-1, 1], for class <paramref name="labels"/>[i] when conditional.</summary>
    public Tensor GenerateTensor(int count, IReadOnlyList<int>? labels, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var z = LatentSampler.Sample(seed, count, Info.LatentSize);
        return Run(z, count, labels);
    }

    /// <summary>Generates <paramref name="count"/> images, all of class <paramref name="label"/> for a conditional model (classes cycle when null).</summary>
    public MLImage[] Generate(int count, int? label = null, int seed = 0)
    {
        using var scope = Torch.Torch.NewScope();
        return TensorImages.ToImages(GenerateTensor(count, LabelsFor(count, label), seed));
    }

    /// <summary>Walks the latent space from seed A's z to seed B's z (spherical interpolation) in <paramref name="steps"/> images.</summary>
    public MLImage[] Interpolate(int seedA, int seedB, int steps, int? label = null)
    {
        if (steps < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(steps), steps, "an interpolation needs at least 2 steps");
        }

        var a = LatentSampler.Sample(seedA, 1, Info.LatentSize);
        var b = LatentSampler.Sample(seedB, 1, Info.LatentSize);
        var z = new float[steps * Info.LatentSize];
        for (var s = 0; s < steps; s++)
        {
            Slerp(a, b, s / (double)(steps - 1), z.AsSpan(s * Info.LatentSize, Info.LatentSize));
        }

        using var scope = Torch.Torch.NewScope();
        return TensorImages.ToImages(Run(z, steps, LabelsFor(steps, label)));
    }

    /// <summary>Frees the generator.</summary>
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _generator.Dispose();
        }
    }

    /// <summary>Runs the generator on latent values (count, latent) under no-grad, serialised across threads.</summary>
    internal Tensor Run(float[] latent, int count, IReadOnlyList<int>? labels)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (IsConditional && labels is null)
        {
            throw new ArgumentException("this model is conditional: give a class label for every image");
        }

        if (labels is not null && labels.Count != count)
        {
            throw new ArgumentException($"{labels.Count} labels for {count} images");
        }

        lock (_lock)
        {
            using var noGrad = Torch.Torch.NoGrad();
            using var scope = Torch.Torch.NewScope();
            var z = LatentSampler.ToTensor(latent, count, Info.LatentSize, Device);
            Tensor? y = null;
            if (IsConditional && labels is not null)
            {
                foreach (var l in labels)
                {
                    if (l < 0 || l >= Info.ClassNames.Length)
                    {
                        throw new ArgumentOutOfRangeException(nameof(labels), l, $"class index must be in 0..{Info.ClassNames.Length - 1}");
                    }
                }

                y = Tensor.From(labels.Select(l => (long)l).ToArray(), count).To(Device);
            }

            return NetworkCalls.Run(_generator, z, y).MoveToOuterScope();
        }
    }

    private int[]? LabelsFor(int count, int? label)
    {
        if (!IsConditional)
        {
            if (label is not null)
            {
                throw new ArgumentException("this model is unconditional: it cannot generate for a label", nameof(label));
            }

            return null;
        }

        if (label is { } l && (l < 0 || l >= Info.ClassNames.Length))
        {
            throw new ArgumentOutOfRangeException(nameof(label), l, $"class index must be in 0..{Info.ClassNames.Length - 1}");
        }

        return Enumerable.Range(0, count).Select(i => label ?? i % Info.ClassNames.Length).ToArray();
    }

    private void RequireConditional(string what)
    {
        if (!IsConditional)
        {
            throw new InvalidOperationException($"this model is unconditional: it has no classes, so {what} cannot be used");
        }
    }

    private static void Slerp(float[] a, float[] b, double t, Span<float> into)
    {
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }

        var cos = Math.Clamp(dot / Math.Sqrt(na * nb), -1, 1);
        var omega = Math.Acos(cos);
        var sin = Math.Sin(omega);
        for (var i = 0; i < a.Length; i++)
        {
            into[i] = sin < 1e-6
                ? (float)((1 - t) * a[i] + t * b[i])
                : (float)((Math.Sin((1 - t) * omega) * a[i] + Math.Sin(t * omega) * b[i]) / sin);
        }
    }
}
