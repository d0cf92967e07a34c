// The GAN / conditional GAN estimator: validates the schema, trains, and returns a generating transformer.
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using MLNet.Gan.Networks;
using MLNet.Gan.Runtime;
using MLNet.Gan.Training;
using TorchSharp;

namespace MLNet.Gan;

/// <summary>
/// Trains a generative adversarial network on an image column — conditional on a key-typed label
/// column when <see cref="Options.LabelColumnName"/> is set — and returns a <see cref="GanTransformer"/>
/// that generates images. Create it with <c>mlContext.Gan().Trainers.Gan(...)</c> or <c>ConditionalGan(...)</c>.
/// </summary>
/// <remarks>
/// <list type="table">
/// <item><term>Input columns</term><description>image: <c>ImageDataViewType</c> of one size, or a known-size <c>Vector&lt;Single&gt;</c> (what ExtractPixels makes) in [-1, 1], [0, 1] or [0, 255]; label: key type, for a conditional GAN</description></item>
/// <item><term>Output column</term><description><see cref="Options.OutputColumnName"/>: a generated image per row, of the image column's type</description></item>
/// <item><term>Reads the data</term><description>yes: once, into one contiguous tensor</description></item>
/// <item><term>Model file</term><description>generator weights (safetensors) and <see cref="GanModelInfo"/>; see <see cref="IO.GanModelFile"/></description></item>
/// </list>
/// </remarks>
public sealed partial class GanTrainer : IEstimator<GanTransformer>
{
    private readonly MLContext _context;
    private readonly Options _options;

    /// <summary>Creates the trainer from <paramref name="options"/> (the catalog, <c>mlContext.Gan().Trainers</c>, is the usual way in).</summary>
    public GanTrainer(MLContext context, Options options)
    {
        _context = context ?? throw new ArgumentNullException(nameof(context));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        Validate(options);
    }

    /// <summary>The options this trainer uses.</summary>
    public Options TrainerOptions => _options;

    /// <summary>The input columns plus the generated column, of the image column's type.</summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        TrainingDataReader.CheckSchema(inputSchema, _options.ImageColumnName, _options.LabelColumnName);
        return _context.Transforms.CopyColumns(_options.OutputColumnName, _options.ImageColumnName).GetOutputSchema(inputSchema);
    }

    /// <summary>Trains on <paramref name="input"/> and returns the generating transformer.</summary>
    public GanTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        TorchRuntime.EnsureLoaded();
        TorchRuntime.RetainFreedMemory();
        var o = _options;
        var host = ((IHostEnvironment)_context).Register(nameof(GanTrainer));
        using var channel = host.Start("Training");
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

        var device = Devices.Resolve(o.Device, _context);
        torch.random.manual_seed(o.Seed ?? host.Rand.Next());
        var cpuData = TrainingDataReader.Read(input, o, info);
        var data = cpuData.To(device);
        if (!ReferenceEquals(data, cpuData))
        {
            cpuData.Dispose();
        }

        info.Architecture = o.Generator is null ? NetworkFactory.Resolve(o.Architecture, data.Shape) : o.Architecture;
        channel.Info(MessageSensitivity.None, $"training a {(data.NumClasses > 0 ? "conditional " : string.Empty)}GAN ({info.Architecture}, {data.Shape}) on {data.Count} rows, {device}");
        using var session = new GanTrainingSession(o, data, device);
        info.Precision = MixedPrecision.Name(session.ComputeType);
        channel.Info(MessageSensitivity.None, $"computing in {info.Precision}");
        if (o.ResumeFrom is { } resume)
        {
            session.LoadCheckpoint(resume);
        }

        var samples = o.SampleDirectory is null ? null : new TrainingSamples(o.SampleDirectory, session, info);
        var history = GanTrainingLoop.Run(session, o, samples is null ? null : samples.WriteEpoch);
        samples?.WriteFinal(history);
        foreach (var warning in history.Warnings)
        {
            channel.Warning(MessageSensitivity.None, warning.Replace("{", "{{").Replace("}", "}}"));
        }

        info.Steps = session.Step;
        info.CustomGenerator = o.Generator is null ? null : o.Generator.Method.DeclaringType?.FullName ?? "custom";
        var generator = session.DetachGenerationNetwork();
        data.Dispose();
        return new GanTransformer(_context, info, generator, device, history);
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

        Devices.CheckSyntax(o.Device);
    }

    /// <summary>Fails with "option NAME RULE" when <paramref name="ok"/> is false (the colorizer's options use it too).</summary>
    internal static void Check(bool ok, string name, object? value, string rule)
    {
        if (!ok)
        {
            throw new ArgumentOutOfRangeException(name, value, $"option {name} {rule}");
        }
    }
}
