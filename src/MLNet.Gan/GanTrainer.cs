// The GAN / conditional GAN estimator: validates the schema, trains, and returns a generating transformer.
using MLNet.Gan.Data;
using MLNet.Gan.Networks;
using MLNet.Gan.Torch;
using MLNet.Gan.Training;

namespace MLNet.Gan;

/// <summary>
/// Trains a generative adversarial network on an image column — conditional on a key-typed label
/// column when <see cref="Options.LabelColumnName"/> is set — and returns a <see cref="GanTransformer"/>
/// that generates images.
/// </summary>
/// <remarks>
/// <list type="table">
/// <item><term>Input columns</term><description>image (image of fixed size, or known-size Single vector in [-1, 1] or [0, 1]); label (key) for a conditional GAN</description></item>
/// <item><term>Output column</term><description><see cref="Options.OutputColumnName"/>: a generated image per row</description></item>
/// <item><term>Reads the data</term><description>yes: once, into one contiguous tensor</description></item>
/// <item><term>Model file</term><description>generator weights (safetensors) and <see cref="GanModelInfo"/></description></item>
/// </list>
/// </remarks>
public sealed partial class GanTrainer : IEstimator<GanTransformer>
{
    private readonly Options _options;
    private readonly GanContext? _context;

    /// <summary>Creates the trainer from <paramref name="options"/> (see <see cref="GanCatalog"/> for the usual way in).</summary>
    public GanTrainer(Options options, GanContext? context = null)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _context = context;
        Validate(options);
    }

    /// <summary>The options this trainer uses.</summary>
    public Options TrainerOptions => _options;

    /// <inheritdoc/>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        TrainingDataReader.CheckSchema(inputSchema, _options);
        var image = inputSchema[_options.ImageColumnName];
        DataViewType type = image.Type is ImageDataViewType { IsKnownSize: true } img
            ? new ImageDataViewType(img.Height, img.Width)
            : image.Type is ImageDataViewType ? new ImageDataViewType() : image.Type;
        var b = new DataViewSchema.Builder();
        b.AddColumns(inputSchema.Where(c => c.Name != _options.OutputColumnName));
        b.AddColumn(_options.OutputColumnName, type);
        return b.ToSchema();
    }

    /// <summary>Trains on <paramref name="input"/> and returns the generating transformer.</summary>
    public GanTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var o = _options;
        var info = new GanModelInfo
        {
            Width = o.Width,
            LatentSize = o.LatentSize,
            LabelColumnName = o.LabelColumnName,
            ImageColumnName = o.ImageColumnName,
            OutputColumnName = o.OutputColumnName,
            SeedColumnName = o.SeedColumnName,
            Loss = o.Loss,
            UsesMovingAverage = o.EmaDecay > 0,
        };

        var device = Device.Parse(o.Device);
        Torch.Torch.ManualSeed(o.Seed ?? _context?.Seed ?? 0);
        var cpuData = TrainingDataReader.Read(input, o, info);
        var data = cpuData.To(device);
        if (!ReferenceEquals(data, cpuData))
        {
            cpuData.Dispose();
        }

        info.Architecture = o.Generator is null ? NetworkFactory.Resolve(o.Architecture, data.Shape) : o.Architecture;
        using var session = new GanTrainingSession(o, data, device);
        if (o.ResumeFrom is { } resume)
        {
            session.LoadCheckpoint(resume);
        }

        var samples = o.SampleDirectory is null ? null : new TrainingSamples(o.SampleDirectory, session, info);
        var history = GanTrainingLoop.Run(session, o, samples is null ? null : samples.WriteEpoch);
        samples?.WriteFinal(history);
        info.Steps = session.Step;
        info.CustomGenerator = o.Generator is null ? null : o.Generator.Method.DeclaringType?.FullName ?? "custom";
        var generator = session.DetachGenerationNetwork();
        data.Dispose();
        return new GanTransformer(info, generator, device, history);
    }

    private static void Validate(Options o)
    {
        Check(o.LatentSize > 0, nameof(o.LatentSize), o.LatentSize, "must be positive");
        Check(o.Width > 0, nameof(o.Width), o.Width, "must be positive");
        Check(o.BatchSize >= 2, nameof(o.BatchSize), o.BatchSize, "must be at least 2");
        Check(o.DiscriminatorSteps >= 1, nameof(o.DiscriminatorSteps), o.DiscriminatorSteps, "must be at least 1");
        Check(o.Epochs is null or >= 1, nameof(o.Epochs), o.Epochs, "must be at least 1");
        Check(o.MaxSteps is null or > 0, nameof(o.MaxSteps), o.MaxSteps, "must be positive");
        Check(o.TimeBudget is null || o.TimeBudget > TimeSpan.Zero, nameof(o.TimeBudget), o.TimeBudget, "must be positive");
        Check(o.LabelSmoothing is >= 0 and < 0.5, nameof(o.LabelSmoothing), o.LabelSmoothing, "must be in [0, 0.5)");
        Check(o.InstanceNoise >= 0, nameof(o.InstanceNoise), o.InstanceNoise, "must not be negative");
        Check(o.EmaDecay is >= 0 and < 1, nameof(o.EmaDecay), o.EmaDecay, "must be in [0, 1)");
        Check(o.GeneratorLearningRate > 0 && o.DiscriminatorLearningRate > 0, "LearningRate", o.GeneratorLearningRate, "must be positive");
        Check(o.CheckpointInterval > 0, nameof(o.CheckpointInterval), o.CheckpointInterval, "must be positive");
        if (o.ResumeFrom is { } r && !File.Exists(r))
        {
            throw new FileNotFoundException($"checkpoint to resume from not found: {r}", r);
        }

        _ = Device.Parse(o.Device);
    }

    private static void Check(bool ok, string name, object? value, string rule)
    {
        if (!ok)
        {
            throw new ArgumentOutOfRangeException(name, value, $"option {name} {rule}");
        }
    }
}
