// ExtractPixels: turns each image into a float vector (C, H, W), scaled to [-1, 1] by default or [0, 1].
namespace MLNet.Gan.Data;

/// <summary>Extracts the pixels of an image column as float vectors in CHW order (ML.NET's ImagePixelExtractingEstimator).</summary>
/// <remarks>
/// <list type="table">
/// <item><term>Input</term><description>Image&lt;H, W&gt; (known size)</description></item>
/// <item><term>Output</term><description>Vector&lt;Single, C, H, W&gt;, C = 1 (Gray), 3 (Rgb) or 4 (Rgba)</description></item>
/// <item><term>Fitting reads data</term><description>No</description></item>
/// <item><term>Model file</term><description>The options (columns, colours, range)</description></item>
/// </list>
/// Images are first given the requested channels (gray repeated into RGB; RGB to gray by BT.601 luma;
/// missing alpha = 255), then each byte v becomes v / 127.5 − 1 (<see cref="PixelRange.MinusOneToOne"/>)
/// or v / 255 (<see cref="PixelRange.ZeroToOne"/>).
/// </remarks>
public sealed class ImagePixelExtractingEstimator : TrivialEstimator<ImagePixelExtractingTransformer>
{
    internal ImagePixelExtractingEstimator(GanContext context, Options options)
        : base(new ImagePixelExtractingTransformer(options))
    {
        _ = context;
    }

    /// <summary>Which colour channels to extract.</summary>
    public enum ColorBits
    {
        /// <summary>One gray channel (BT.601 luma of colour images).</summary>
        Gray = 1,

        /// <summary>Red, green and blue.</summary>
        Rgb = 3,

        /// <summary>Red, green, blue and alpha.</summary>
        Rgba = 4,
    }

    /// <summary>Options of <see cref="ImagePixelExtractingEstimator"/>.</summary>
    public sealed class Options
    {
        /// <summary>Name of the float vector column. Default: "Features".</summary>
        public string OutputColumnName = "Features";

        /// <summary>Name of the image column; null means <see cref="OutputColumnName"/>. Default: null.</summary>
        public string? InputColumnName;

        /// <summary>Channels to extract. Default: <see cref="ColorBits.Rgb"/>.</summary>
        public ColorBits ColorsToExtract = ColorBits.Rgb;

        /// <summary>Float range of the pixel values. Default: <see cref="PixelRange.MinusOneToOne"/>.</summary>
        public PixelRange Range = PixelRange.MinusOneToOne;
    }
}

/// <summary>The transformer of <see cref="ImagePixelExtractingEstimator"/>.</summary>
public sealed class ImagePixelExtractingTransformer : OneToOneTransformerBase
{
    /// <summary>The model-file kind.</summary>
    public const string ModelKind = "ExtractPixels";

    private readonly ImagePixelExtractingEstimator.Options _options;
    private readonly float[] _table;

    /// <summary>Creates the transformer from <paramref name="options"/> (copied).</summary>
    public ImagePixelExtractingTransformer(ImagePixelExtractingEstimator.Options options)
        : base(ImageTransformChecks.Pair(options?.OutputColumnName, options?.InputColumnName))
    {
        if (!Enum.IsDefined(options!.ColorsToExtract) || !Enum.IsDefined(options.Range))
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"unknown colours {options.ColorsToExtract} or range {options.Range}");
        }

        _options = new ImagePixelExtractingEstimator.Options
        {
            OutputColumnName = options.OutputColumnName,
            InputColumnName = ColumnPairs[0].inputColumnName,
            ColorsToExtract = options.ColorsToExtract,
            Range = options.Range,
        };
        _table = PixelScaling.Table(options.Range);
    }

    /// <summary>The number of channels extracted.</summary>
    public int Channels => (int)_options.ColorsToExtract;

    /// <summary>The float range.</summary>
    public PixelRange Range => _options.Range;

    /// <inheritdoc/>
    protected override string DisplayName => "ExtractPixels";

    /// <inheritdoc/>
    protected override DataViewType GetOutputType(int pairIndex, DataViewSchema.Column inputColumn)
    {
        var type = ImageTransformChecks.RequireImage(inputColumn, DisplayName);
        DataViewExtensions.CheckColumnType(inputColumn, type.IsKnownSize, "Image of known size (add ResizeImages first)", DisplayName);
        return new VectorDataViewType(NumberDataViewType.Single, Channels, type.Height, type.Width);
    }

    /// <inheritdoc/>
    protected override Delegate MakeGetter(DataViewRow input, int pairIndex, DataViewSchema.Column inputColumn, out Action? disposer)
    {
        disposer = null;
        var type = (ImageDataViewType)inputColumn.Type;
        var source = input.GetGetter<MLImage>(inputColumn);
        var channels = Channels;
        var plane = type.Height * type.Width;
        MLImage image = null!;
        ValueGetter<VBuffer<float>> getter = (ref VBuffer<float> value) =>
        {
            source(ref image);
            var img = ImageTransformChecks.NotNull(image, inputColumn, input.Position, DisplayName);
            if (img.Width != type.Width || img.Height != type.Height)
            {
                throw new InvalidDataException(
                    $"{DisplayName}: column '{inputColumn.Name}' row {input.Position}: expected a {type.Width}x{type.Height} image as its type says, found {img.Width}x{img.Height}");
            }

            var pixels = img.WithChannels(channels).Pixels;
            var values = VBuffer<float>.RentArray(value, plane * channels);
            // (H, W, C) bytes -> (C, H, W) floats
            for (var p = 0; p < plane; p++)
            {
                for (var c = 0; c < channels; c++)
                {
                    values[(c * plane) + p] = _table[pixels[(p * channels) + c]];
                }
            }

            value = new VBuffer<float>(plane * channels, values);
        };
        return getter;
    }

    /// <inheritdoc/>
    protected override void SaveModel(ModelSaveContext ctx)
    {
        ctx.Kind = ModelKind;
        ctx.SetOptions(_options);
    }

    [ModelLoader(ModelKind)]
    internal static ITransformer Create(ModelLoadContext ctx) => new ImagePixelExtractingTransformer(ctx.GetOptions<ImagePixelExtractingEstimator.Options>());
}
