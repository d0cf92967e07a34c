// The colorizer estimator: checks the columns, makes (gray, color) pairs from the color images, trains the U-Net
// against the PatchGAN (or with L1 alone), and returns the transformer that colorizes a gray image column.
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
