// The colorizer estimator and its catalog entry (mlContext.Gan().Colorizers): checks the columns, makes (gray, color)
// pairs from the color images, trains the U-Net against the PatchGAN (or with L1 alone), returns the colorizing transformer.
using Microsoft.ML;
using Microsoft.ML.Runtime;
using MLNet.Gan.Runtime;
using MLNet.Gan.Training;
using TorchSharp;

namespace MLNet.Gan.Colorization;

/// <summary>
/// Trains a pix2pix-style colorizer (Isola et al. 2017): a U-Net maps an image's luma to its chroma, a conditional
/// PatchGAN judges (luma, chroma) patches, and an L1 loss keeps the chroma near the truth. Create it with
/// <c>mlContext.Gan().Colorizers.Colorizer(...)</c>.
/// </summary>
/// <remarks>
/// <list type="table">
/// <item><term>Input columns</term><description>training: color images (<see cref="Options.TrainingColumnName"/>, default the input column), at least ImageSize on each side; applying: <see cref="Options.InputColumnName"/>, gray images of any size</description></item>
/// <item><term>Output column</term><description><see cref="Options.OutputColumnName"/>: a color image per row, of the input's size, with the input's luma</description></item>
/// <item><term>Reads the data</term><description>yes: once, into one tensor of (luma, chroma) pairs at ImageSize</description></item>
/// <item><term>Model file</term><description>U-Net weights (safetensors) and <see cref="ColorizerModelInfo"/>; see <see cref="IO.GanModelFile"/></description></item>
/// </list>
/// </remarks>
public sealed partial class ColorizerTrainer : IEstimator<ColorizerTransformer>
{
    private readonly MLContext _context;
    private readonly Options _options;

    /// <summary>Creates the trainer (the catalog, <c>mlContext.Gan().Colorizers</c>, is the usual way in).</summary>
    public ColorizerTrainer(MLContext context, Options options)
    {
        _context = context ?? throw new ArgumentNullException(nameof(context));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        Validate(options);
    }

    /// <summary>The options this trainer uses.</summary>
    public Options TrainerOptions => _options;

    /// <summary>The input columns plus the colorized image column.</summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        ColorizerData.CheckImageColumn(inputSchema, "colorizer input", _options.InputColumnName);
        ColorizerData.CheckImageColumn(inputSchema, "colorizer training", _options.TrainingColumn);
        return _context.Transforms.CopyColumns(_options.OutputColumnName, _options.InputColumnName).GetOutputSchema(inputSchema);
    }

    /// <summary>Trains on the color images of <paramref name="input"/> and returns the colorizing transformer.</summary>
    public ColorizerTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var o = _options;
        ColorizerData.CheckImageColumn(input.Schema, "colorizer input", o.InputColumnName);
        TorchRuntime.EnsureLoaded();
        TorchRuntime.RetainFreedMemory();
        var host = ((IHostEnvironment)_context).Register(nameof(ColorizerTrainer));
        using var channel = host.Start("Training");
        var device = Devices.Resolve(o.Device, _context);
        var seed = o.Seed ?? host.Rand.Next();
        torch.random.manual_seed(seed);
        var cpuPairs = ColorizerData.ReadTrainingPairs(input, o.TrainingColumn, o.ImageSize);
        using var pairs = cpuPairs.to(device);
        if (!ReferenceEquals(pairs, cpuPairs))
        {
            cpuPairs.Dispose();
        }

        var info = new ColorizerModelInfo
        {
            ImageSize = o.ImageSize,
            UNetDepth = o.UNetDepth,
            Width = o.Width,
            InputColumnName = o.InputColumnName,
            OutputColumnName = o.OutputColumnName,
            L1Only = o.L1Only,
            L1Weight = o.L1Weight,
            Loss = o.L1Only ? null : o.Loss,
            PatchLayers = o.L1Only ? null : o.PatchLayers,
            TrainingRows = (int)pairs.shape[0],
        };
        channel.Info(MessageSensitivity.None,
            $"training a colorizer ({(o.L1Only ? "L1 only" : $"pix2pix, {o.Loss}")}, {o.ImageSize} px) on {info.TrainingRows} images, {device}");
        var generator = new UNetGenerator(o.ImageSize, o.UNetDepth, o.Width).MoveTo(device);
        var history = ColorizerTraining.Run(o, info, generator, pairs, device, seed, _context);
        info.Steps = history.Steps;
        return new ColorizerTransformer(_context, info, ColorizerTransformer.Freeze(generator), device, history);
    }
}

/// <summary>Grayscale-to-color estimators of the GAN catalog: <c>mlContext.Gan().Colorizers</c>.</summary>
public sealed class ColorizerCatalog
{
    private readonly MLContext _context;

    internal ColorizerCatalog(MLContext context) => _context = context;

    /// <summary>A pix2pix colorizer that learns from the color images of <paramref name="trainingColumnName"/>.</summary>
    /// <param name="outputColumnName">The color image column the fitted transformer appends.</param>
    /// <param name="inputColumnName">The gray image column it colorizes.</param>
    /// <param name="trainingColumnName">The color images to learn from (null: the input column, which must then hold color images while fitting).</param>
    /// <param name="timeBudget">Wall-clock training budget (null: see <paramref name="epochs"/>).</param>
    /// <param name="epochs">Passes over the data (null: one, unless a time budget is set).</param>
    /// <param name="l1Weight">Weight of the L1 loss against the adversarial loss (pix2pix: 100).</param>
    /// <param name="loss">The adversarial loss.</param>
    public ColorizerTrainer Colorizer(string outputColumnName = "Colorized", string inputColumnName = "Image", string? trainingColumnName = null,
        TimeSpan? timeBudget = null, int? epochs = null, double l1Weight = 100, GanLoss loss = GanLoss.NonSaturating) =>
        Colorizer(new ColorizerTrainer.Options
        {
            OutputColumnName = outputColumnName,
            InputColumnName = inputColumnName,
            TrainingColumnName = trainingColumnName,
            TimeBudget = timeBudget,
            Epochs = epochs,
            L1Weight = l1Weight,
            Loss = loss,
        });

    /// <summary>A colorizer with full <paramref name="options"/>.</summary>
    public ColorizerTrainer Colorizer(ColorizerTrainer.Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new ColorizerTrainer(_context, options);
    }
}
