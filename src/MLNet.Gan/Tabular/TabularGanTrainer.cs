// The tabular GAN estimator (CTGAN, Xu et al. 2019): reads the columns, fits a Gaussian mixture per numeric column,
// encodes the rows once into one tensor, trains the conditional generator against a packed WGAN-GP critic, and returns
// the transformer that generates rows in the training schema.
using Microsoft.ML;
using Microsoft.ML.Runtime;
using MLNet.Gan.Runtime;
using MLNet.Gan.Training;
using TorchSharp;

namespace MLNet.Gan.Tabular;

/// <summary>
/// Trains a CTGAN-style tabular GAN on numeric and categorical columns and returns a <see cref="TabularGanTransformer"/>
/// that generates rows like them. Create it with <c>mlContext.Gan().Trainers.TabularGan(...)</c>.
/// </summary>
/// <remarks>
/// <list type="table">
/// <item><term>Input columns</term><description>scalar Single, Double or integer columns (numeric), text, key or Boolean columns (categorical); <see cref="Options.ColumnNames"/> or every visible column</description></item>
/// <item><term>Missing values</term><description>NaN in a Single/Double column: an extra "missing" mode; empty text or key 0: a category of its own; both are generated back at their rate</description></item>
/// <item><term>Output</term><description>the transformer's <c>Generate</c> gives rows of exactly these columns and types; <c>Transform</c> passes data through or appends <see cref="Options.RowsToAppend"/> rows</description></item>
/// <item><term>Reads the data</term><description>yes: once, encoded into one contiguous tensor</description></item>
/// <item><term>Model file</term><description>generator weights (safetensors) and <see cref="TabularModelInfo"/> (columns, categories, mixtures, options); see <see cref="IO.GanModelFile"/></description></item>
/// </list>
/// </remarks>
public sealed partial class TabularGanTrainer : IEstimator<TabularGanTransformer>
{
    private readonly MLContext _context;
    private readonly Options _options;

    /// <summary>Creates the trainer (the catalog, <c>mlContext.Gan().Trainers.TabularGan</c>, is the usual way in).</summary>
    public TabularGanTrainer(MLContext context, Options options)
    {
        _context = context ?? throw new ArgumentNullException(nameof(context));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        Validate(options);
    }

    /// <summary>The options this trainer uses.</summary>
    public Options TrainerOptions => _options;

    /// <summary>The input schema itself: the fitted transformer adds no column (it passes rows through or appends rows of the same schema).</summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        foreach (var name in _options.ColumnNames ?? Array.Empty<string>())
        {
            var column = inputSchema.FirstOrDefault(c => c.Name == name);
            if (column.Name is null)
            {
                throw SchemaErrors.Missing("tabular", name, TabularTable.ExpectedTypes, inputSchema.Select(c => c.Name));
            }

            if (column.Kind != SchemaShape.Column.VectorKind.Scalar)
            {
                throw SchemaErrors.Mismatch("tabular", name, TabularTable.ExpectedTypes, SchemaErrors.Describe(column));
            }
        }

        return inputSchema;
    }

    /// <summary>Trains on <paramref name="input"/> and returns the generating transformer.</summary>
    public TabularGanTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var o = _options;
        var columns = TabularTable.Select(input.Schema, o.ColumnNames);
        if (o.LabelColumnName is { } label)
        {
            var found = columns.FirstOrDefault(c => c.Name == label);
            if (found.Name is null)
            {
                throw SchemaErrors.Missing("label", label, "a categorical column among the learned ones", columns.Select(c => c.Name));
            }

            if (TabularTable.Classify(found.Type)!.Value.Kind != TabularColumnKind.Categorical)
            {
                throw SchemaErrors.Mismatch("label", label, "text, key or Boolean (a class label)", found.Type.ToString() ?? "?");
            }
        }

        TorchRuntime.EnsureLoaded();
        var host = ((IHostEnvironment)_context).Register(nameof(TabularGanTrainer));
        using var channel = host.Start("Training");
        var seed = o.Seed ?? host.Rand.Next();
        torch.random.manual_seed(seed);
        var device = Devices.Resolve(o.Device, _context);
        var table = TabularTable.Read(input, columns, o.MaxCategories);
        for (var i = 0; i < table.Columns.Length; i++)
        {
            var c = table.Columns[i];
            if (c.Kind == TabularColumnKind.Numeric)
            {
                var present = table.Numbers[i].Where(v => !double.IsNaN(v)).ToArray();
                (c.ModeMeans, c.ModeStds, c.ModeWeights) = ColumnMixture.Fit(present, o.MaxModes, o.MinModeWeight, seed + i);
            }
        }

        var encoding = new TabularEncoding(table.Columns);
        var info = new TabularModelInfo
        {
            Columns = table.Columns,
            LabelColumnName = o.LabelColumnName,
            LatentSize = o.LatentSize,
            GeneratorLayers = o.GeneratorLayers.ToArray(),
            DiscriminatorLayers = o.DiscriminatorLayers.ToArray(),
            Pac = o.Pac,
            BatchSize = o.BatchSize,
            GumbelTemperature = o.GumbelTemperature,
            LearningRate = o.LearningRate,
            TrainingRows = table.Rows,
            Seed = seed,
            RowsToAppend = o.RowsToAppend,
        };
        channel.Info(MessageSensitivity.None,
            $"training a tabular GAN on {table.Rows} rows of {table.Columns.Length} columns (encoded width {encoding.Width}, conditional vector {encoding.CondWidth}), {device}");
        using var rows = torch.tensor(encoding.Encode(table, seed), new long[] { table.Rows, encoding.Width }).to(device);
        using var sampler = new ConditionalSampler(encoding, table, device);
        using var training = new TabularGanTraining(o, encoding, sampler, rows, device);
        if (o.ResumeFrom is { } resume)
        {
            training.LoadCheckpoint(resume);
        }

        var history = training.Run();
        info.Steps = training.Step;
        return new TabularGanTransformer(_context, info, training.Generator, device, history);
    }

    private static void Validate(Options o)
    {
        GanTrainer.Check(o.BatchSize >= 2, nameof(o.BatchSize), o.BatchSize, "must be at least 2");
        GanTrainer.Check(o.Pac >= 1 && o.BatchSize % o.Pac == 0, nameof(o.Pac), o.Pac, $"must be at least 1 and divide BatchSize ({o.BatchSize})");
        GanTrainer.Check(o.LatentSize > 0, nameof(o.LatentSize), o.LatentSize, "must be positive");
        GanTrainer.Check(o.GeneratorLayers is { Length: > 0 } g && g.All(w => w > 0), nameof(o.GeneratorLayers), o.GeneratorLayers, "must be positive widths");
        GanTrainer.Check(o.DiscriminatorLayers is { Length: > 0 } d && d.All(w => w > 0), nameof(o.DiscriminatorLayers), o.DiscriminatorLayers, "must be positive widths");
        GanTrainer.Check(o.LearningRate > 0, nameof(o.LearningRate), o.LearningRate, "must be positive");
        GanTrainer.Check(o.DiscriminatorSteps >= 1, nameof(o.DiscriminatorSteps), o.DiscriminatorSteps, "must be at least 1");
        GanTrainer.Check(o.GumbelTemperature > 0, nameof(o.GumbelTemperature), o.GumbelTemperature, "must be positive");
        GanTrainer.Check(o.MaxModes >= 1, nameof(o.MaxModes), o.MaxModes, "must be at least 1");
        GanTrainer.Check(o.MinModeWeight is >= 0 and < 1, nameof(o.MinModeWeight), o.MinModeWeight, "must be in [0, 1)");
        GanTrainer.Check(o.MaxCategories >= 2, nameof(o.MaxCategories), o.MaxCategories, "must be at least 2");
        GanTrainer.Check(o.RowsToAppend >= 0, nameof(o.RowsToAppend), o.RowsToAppend, "must not be negative");
        GanTrainer.Check(o.Epochs is null or >= 1, nameof(o.Epochs), o.Epochs, "must be at least 1");
        GanTrainer.Check(o.MaxSteps is null or > 0, nameof(o.MaxSteps), o.MaxSteps, "must be positive");
        GanTrainer.Check(o.TimeBudget is null || o.TimeBudget > TimeSpan.Zero, nameof(o.TimeBudget), o.TimeBudget, "must be positive");
        GanTrainer.Check(o.CheckpointInterval > 0, nameof(o.CheckpointInterval), o.CheckpointInterval, "must be positive");
        if (o.ResumeFrom is { } r && !File.Exists(r))
        {
            throw new FileNotFoundException($"checkpoint to resume from not found: {r}", r);
        }

        Devices.CheckSyntax(o.Device);
    }
}
