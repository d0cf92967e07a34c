// The fitted colorizer: an ML.NET transformer that appends a color version of a gray image column. The U-Net runs
// at its trained size; its chroma is resized to the input and recombined with the input's own full-resolution luma.
// In a model file: a JSON manifest of ColorizerModelInfo and the U-Net's weights as safetensors.
using System.IO.Compression;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Gan.IO;
using MLNet.Gan.Runtime;
using MLNet.Gan.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace MLNet.Gan.Colorization;

/// <summary>What a trained colorizer is; stored in the model file's manifest.</summary>
public sealed class ColorizerModelInfo
{
    /// <summary>Side of the square images the U-Net was trained on.</summary>
    public int ImageSize { get; set; }

    /// <summary>Down-sampling levels of the U-Net.</summary>
    public int UNetDepth { get; set; }

    /// <summary>Channels of the U-Net's first level.</summary>
    public int Width { get; set; }

    /// <summary>The gray image column colorized.</summary>
    public string InputColumnName { get; set; } = "Image";

    /// <summary>The color image column appended.</summary>
    public string OutputColumnName { get; set; } = "Colorized";

    /// <summary>True when trained without the PatchGAN (L1 loss alone).</summary>
    public bool L1Only { get; set; }

    /// <summary>Weight of the L1 loss in training.</summary>
    public double L1Weight { get; set; }

    /// <summary>The adversarial loss (null for L1 only).</summary>
    public GanLoss? Loss { get; set; }

    /// <summary>Stride-2 layers of the PatchGAN it was trained against (null for L1 only).</summary>
    public int? PatchLayers { get; set; }

    /// <summary>Training images.</summary>
    public int TrainingRows { get; set; }

    /// <summary>Training steps done.</summary>
    public long Steps { get; set; }
}

/// <summary>
/// Colorizes <see cref="ColorizerModelInfo.InputColumnName"/> into <see cref="ColorizerModelInfo.OutputColumnName"/>,
/// lazily, row by row as a cursor reads it. Inputs: opaque images of any size, gray (1 channel) or color (3 channels,
/// whose luma is used). The output has the input's size and, in every pixel, the input's luma
/// (0.3 R + 0.59 G + 0.11 B, ML.NET's ConvertToGrayscale weights) within 0.5. Images with transparency are refused:
/// a see-through pixel has no gray value of its own (composite it on a background first). Thread-safe.
/// </summary>
public sealed partial class ColorizerTransformer : ITransformer, IDisposable, IGanModelPart
{
    internal const string PartKindName = "colorizer";
    private const string InfoEntry = "colorizer.json";
    private const string WeightsEntry = "unet.safetensors";
    private readonly UNetGenerator _generator;
    private readonly object _lock = new();
    private bool _disposed;

    internal ColorizerTransformer(MLContext context, ColorizerModelInfo info, UNetGenerator generator, Device device, TrainingHistory? history)
    {
        Context = context;
        Info = info;
        _generator = generator;
        Device = device;
        History = history;
    }

    /// <summary>What the model is and how it was trained.</summary>
    public ColorizerModelInfo Info { get; }

    /// <summary>The training history, when this model was just trained (null after loading).</summary>
    public TrainingHistory? History { get; }

    /// <summary>The device the U-Net runs on.</summary>
    public Device Device { get; }

    /// <summary>The U-Net (a TorchSharp module in eval mode).</summary>
    public UNetGenerator Generator => _generator;

    string IGanModelPart.PartKind => PartKindName;

    /// <summary>True: each output row depends on its own input row only.</summary>
    public bool IsRowToRowMapper => false;

    internal MLContext Context { get; }

    /// <summary>
    /// The color version of <paramref name="gray"/> (any size, opaque): the U-Net's chroma at its trained size,
    /// resized bilinearly to the image and recombined with the image's own luma.
    /// </summary>
    /// <exception cref="ArgumentException">The image has transparent pixels.</exception>
    public MLImage Colorize(MLImage gray)
    {
        ArgumentNullException.ThrowIfNull(gray);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var transparent = LumaChroma.ReadLuma(gray, out var luma);
        if (luma is null)
        {
            throw new ArgumentException(
                $"the {gray.Width}x{gray.Height} image has transparency ({transparent} of {gray.Width * gray.Height} pixels have alpha < 255); " +
                "the colorizer takes opaque gray or RGB images: composite it on a background first", nameof(gray));
        }

        int width = gray.Width, height = gray.Height, size = Info.ImageSize;
        float[] chroma;
        lock (_lock)
        {
            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            var full = tensor(luma.Select(v => (float)((v / 127.5) - 1)).ToArray(), new long[] { 1, 1, height, width }); // (1, 1, H, W)
            var small = ColorizerData.Resize(full, size, size).to(Device);                                                // (1, 1, S, S)
            var uv = _generator.call(small).cpu();                                                                        // (1, 2, S, S)
            chroma = ColorizerData.Resize(uv, height, width).contiguous().data<float>().ToArray();                         // (1, 2, H, W)
        }

        return LumaChroma.Compose(luma, chroma, width, height);
    }

    /// <summary>The input schema plus the color image column (of the input column's image type).</summary>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        var input = ColorizerData.CheckImageColumn(inputSchema, "colorizer input", Info.InputColumnName);
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(inputSchema);
        builder.AddColumn(Info.OutputColumnName, input.Type);
        return builder.ToSchema();
    }

    /// <summary>Appends the colorized column to <paramref name="input"/> (computed as cursors read it).</summary>
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        ObjectDisposedException.ThrowIf(_disposed, this);
        return new ColorizedDataView(this, input, GetOutputSchema(input.Schema));
    }

    /// <summary>Not supported: use <see cref="Transform"/> or <see cref="Colorize"/>.</summary>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) =>
        throw new NotSupportedException("ColorizerTransformer is not a row-to-row mapper; use Transform or Colorize");

    /// <summary>Not supported: ML.NET's model loading is internal; use <c>mlContext.Model.SaveWithGan</c>.</summary>
    void ICanSaveModel.Save(ModelSaveContext ctx) =>
        throw new NotSupportedException(GanModelFile.ModelSaveRefusal);

    /// <summary>Frees the U-Net.</summary>
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _generator.Dispose();
        }
    }

    /// <summary>Puts <paramref name="generator"/> in eval mode without gradients, as a transformer uses it.</summary>
    internal static UNetGenerator Freeze(UNetGenerator generator)
    {
        generator.eval();
        foreach (var p in generator.parameters())
        {
            p.requires_grad = false;
        }

        return generator;
    }

    /// <summary>Saves this model alone (written to a temporary name, then renamed into place).</summary>
    public void Save(string path) => GanModelFile.Save(Context, this, new DataViewSchema.Builder().ToSchema(), path);

    /// <summary>Loads a model saved by <see cref="Save"/> (or a model file holding just this transformer).</summary>
    public static ColorizerTransformer Load(MLContext context, string path) =>
        GanModelFile.Load(context, path, out _) as ColorizerTransformer
            ?? throw new InvalidDataException($"{path}: holds no single colorizer (a GAN or a pipeline); load a pipeline with mlContext.Model.LoadWithGan");

    void IGanModelPart.SavePart(ZipArchive zip, string prefix)
    {
        GanModelFile.WriteJson(zip, prefix + InfoEntry, Info);
        GanModelFile.WriteWeights(zip, prefix + WeightsEntry, _generator);
    }

    /// <summary>Rebuilds a saved colorizer from its part of a model file.</summary>
    internal static ITransformer LoadPart(MLContext context, ZipArchive zip, string prefix, string path)
    {
        TorchRuntime.EnsureLoaded();
        var info = GanModelFile.ReadJson<ColorizerModelInfo>(zip, prefix + InfoEntry, path);
        UNetGenerator generator;
        try
        {
            generator = new UNetGenerator(info.ImageSize, info.UNetDepth, info.Width);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{path}: {prefix}{InfoEntry}: {e.Message}", e);
        }

        GanModelFile.ReadWeights(zip, prefix + WeightsEntry, path, generator, "U-Net");

        var device = Devices.Resolve("auto", context);
        return new ColorizerTransformer(context, info, Freeze(generator.MoveTo(device)), device, null);
    }
}
