// The fitted GAN: an ML.NET transformer that appends a generated image to each row, direct generation,
// latent interpolation and data augmentation.
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Image;
using MLNet.Gan.Generation;
using MLNet.Gan.Imaging;
using MLNet.Gan.Networks;
using MLNet.Gan.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace MLNet.Gan;

/// <summary>
/// A trained generator used as a pipeline transform: <see cref="Transform"/> appends
/// <see cref="GanModelInfo.OutputColumnName"/> with one generated image per row — for the row's label
/// when the model is conditional, from the row's seed column when it has one (else from the row
/// position), so the same inputs always give the same images, also after a save/load round trip.
/// Rows are generated in batches of <see cref="RowsPerBatch"/>, only when a cursor reads the column.
/// Thread-safe: concurrent <see cref="Generate"/> and cursors share the generator under a lock.
/// </summary>
/// <remarks>
/// <list type="table">
/// <item><term>Input columns</term><description>label (key, conditional models only), seed (Int32/Int64, optional)</description></item>
/// <item><term>Output column</term><description>an image (or a Single vector, like the training column) per row</description></item>
/// <item><term>Model file</term><description>manifest (<see cref="GanModelInfo"/>) + generator weights as safetensors; ML.NET's <c>mlContext.Model.Save</c> cannot hold it, see <see cref="IO.GanModelFile"/></description></item>
/// </list>
/// </remarks>
public sealed partial class GanTransformer : ITransformer, IDisposable
{
    /// <summary>Rows generated together by one forward pass when transforming a data view.</summary>
    public const int RowsPerBatch = 64;

    private readonly nn.Module<Tensor, Tensor> _generator;
    private readonly object _lock = new();
    private bool _disposed;

    internal GanTransformer(MLContext context, GanModelInfo info, nn.Module<Tensor, Tensor> generator, Device device, TrainingHistory? history)
    {
        Context = context;
        Info = info;
        _generator = generator;
        Device = device;
        History = history;
        _generator.eval();
        foreach (var p in _generator.parameters())
        {
            p.requires_grad = false;
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

    /// <summary>The generator network (a TorchSharp module in eval mode).</summary>
    public nn.Module<Tensor, Tensor> Generator => _generator;

    /// <summary>False: the generated column is computed in batches by this transformer's own data view.</summary>
    public bool IsRowToRowMapper => false;

    internal MLContext Context { get; }

    /// <summary>The class index of a class name or a number ("Sneaker", "7").</summary>
    public int ResolveLabel(string nameOrIndex)
    {
        ArgumentNullException.ThrowIfNull(nameOrIndex);
        if (!IsConditional)
        {
            throw new InvalidOperationException("this model is unconditional: it has no classes, so a label cannot be used");
        }

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

    /// <summary>Generates <paramref name="count"/> images (count, C, H, W) in [-1, 1], for class <paramref name="labels"/>[i] when conditional.</summary>
    public Tensor GenerateTensor(int count, IReadOnlyList<int>? labels, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        return Run(LatentSampler.Sample(seed, count, Info.LatentSize), count, labels);
    }

    /// <summary>Generates <paramref name="count"/> images, all of class <paramref name="label"/> for a conditional model (classes cycle when null).</summary>
    public MLImage[] Generate(int count, int? label = null, int seed = 0)
    {
        using var scope = NewDisposeScope();
        return ImageTensors.ToImages(GenerateTensor(count, LabelsFor(count, label), seed));
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
            LatentSampler.Slerp(a, b, s / (double)(steps - 1), z.AsSpan(s * Info.LatentSize, Info.LatentSize));
        }

        using var scope = NewDisposeScope();
        return ImageTensors.ToImages(Run(z, steps, LabelsFor(steps, label)));
    }

    /// <summary>
    /// Data augmentation: <paramref name="data"/>'s rows followed by <paramref name="rowsPerClass"/> generated rows per
    /// class (in total for an unconditional model), same schema, ready for another ML.NET trainer. Synthetic rows fill the
    /// training image column and the label column; other columns get default values (zeros for known-size vectors).
    /// </summary>
    public IDataView AppendSyntheticRows(IDataView data, int rowsPerClass, int seed = 0) =>
        new SyntheticRowsDataView(this, data, rowsPerClass, seed);

    /// <summary>The input schema plus the generated column.</summary>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        GeneratedDataView.CheckInput(this, inputSchema);
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(inputSchema); // every input column, hidden ones too; a same-named input column becomes hidden
        builder.AddColumn(Info.OutputColumnName, OutputType);
        return builder.ToSchema();
    }

    /// <summary>Appends the generated column to <paramref name="input"/> (lazily, in batches, as cursors read it).</summary>
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        ObjectDisposedException.ThrowIf(_disposed, this);
        return new GeneratedDataView(this, input, GetOutputSchema(input.Schema));
    }

    /// <summary>Not supported: the generated column is computed in batches by <see cref="Transform"/>'s data view.</summary>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) =>
        throw new NotSupportedException(
            "GanTransformer is not a row-to-row mapper (it generates rows in batches); use Transform, Generate or AppendSyntheticRows");

    /// <summary>
    /// Not supported: ML.NET keeps the model-loading side (ModelLoadContext, LoadableClass) internal, so a third-party
    /// transformer saved this way could never be loaded. Save with <see cref="IO.GanModelFile"/>
    /// (<c>mlContext.Model.SaveWithGan(model, schema, path)</c>), which also holds the ML.NET transforms of the chain.
    /// </summary>
    void ICanSaveModel.Save(ModelSaveContext ctx) =>
        throw new NotSupportedException(IO.GanModelFile.ModelSaveRefusal);

    /// <summary>Frees the generator.</summary>
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _generator.Dispose();
        }
    }

    /// <summary>The type of the generated column.</summary>
    public DataViewType OutputType => Info.ValueKind == GeneratedValueKind.Image
        ? new ImageDataViewType(Info.Height, Info.ImageWidth)
        : new VectorDataViewType(NumberDataViewType.Single, Info.VectorDimensions.Length > 0 ? Info.VectorDimensions : new[] { Info.Shape.Size });

    /// <summary>Runs the generator on latent values (count, latent) under no-grad, serialised across threads; the result is on the CPU.</summary>
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

        foreach (var l in labels ?? Array.Empty<int>())
        {
            if (l < 0 || l >= Info.ClassNames.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(labels), l, $"class index must be in 0..{Info.ClassNames.Length - 1}");
            }
        }

        lock (_lock)
        {
            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            var z = LatentSampler.ToTensor(latent, count, Info.LatentSize, Device);
            var y = IsConditional && labels is not null ? tensor(labels.Select(l => (long)l).ToArray()).to(Device) : null;
            return NetworkCalls.Run(_generator, z, y).cpu().MoveToOuterDisposeScope();
        }
    }

    /// <summary>One generated column value per row, from each row's seed (and zero-based label): what the data views hand out.</summary>
    internal object[] GenerateColumnValues(long[] seeds, int[]? labels)
    {
        using var scope = NewDisposeScope();
        return ToColumnValues(Run(LatentSampler.SamplePerSeed(seeds, Info.LatentSize), seeds.Length, labels));
    }

    /// <summary>Generated values as the output column holds them: images, or vectors in the training column's scale.</summary>
    internal object[] ToColumnValues(Tensor images)
    {
        if (Info.ValueKind == GeneratedValueKind.Image)
        {
            return ImageTensors.ToImages(images);
        }

        using var scope = NewDisposeScope();
        var scaled = Info.VectorScale switch
        {
            PixelScale.ZeroToOne => (images + 1.0) / 2.0,
            PixelScale.ZeroTo255 => (images + 1.0) * 127.5,
            _ => images,
        };
        var flat = scaled.contiguous().data<float>().ToArray();
        var size = Info.Shape.Size;
        return Enumerable.Range(0, (int)images.shape[0]).Select(i => (object)new VBuffer<float>(size, flat.AsSpan(i * size, size).ToArray())).ToArray();
    }

    internal int[]? LabelsFor(int count, int? label)
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
}
