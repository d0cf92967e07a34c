// ExtractPixels: turns each image into a float vector (C, H, W), scaled to [-1, 1] by default or [0, 1].
namespace MLNet.Gan.Data;

/// <summary>Extracts the pixels of an image column as float vectors in CHW order (ML.NET's ImagePixelExtractingEstimator).</summary>
/// <remarks>
/// <list type="table">
/// <item><term>Input</term><description>Image&lt;H, W&gt; (known size)</description></item>
/// <item><term>Output</term><description>Vector&lt;Single, C, H, W&gt;, C = the number of planes in <see cref="Options.ColorsToExtract"/></description></item>
/// <item><term>Fitting reads data</term><description>No</description></item>
/// <item><term>Model file</term><description>The options (columns, colours, range)</description></item>
/// </list>
/// Images are first given the channels the planes come from (gray repeated into RGB; RGB to gray by BT.601 luma;
/// missing alpha = 255), then the planes are taken in the order R, G, B, A (or gray, alpha) and each byte v becomes v / 127.5 − 1 (<see cref="PixelRange.MinusOneToOne"/>)
/// or v / 255 (<see cref="PixelRange.ZeroToOne"/>).
/// </remarks>
public sealed class ImagePixelExtractingEstimator : TrivialEstimator<ImagePixelExtractingTransformer>
{
    internal ImagePixelExtractingEstimator(GanContext context, Options options)
        : base(new ImagePixelExtractingTransformer(options))
    {
        _ = context;
    }

    /// <summary>
    /// Which colour planes to extract (ML.NET's flags and values, plus <see cref="Gray"/>). Planes come in the order
    /// red, green, blue, alpha (ML.NET's default order puts alpha first), so that <see cref="All"/> matches RGBA images.
    /// </summary>
    [Flags]
    public enum ColorBits : byte
    {
        /// <summary>The alpha (opacity) plane; 255 for images without alpha.</summary>
        Alpha = 0x01,

        /// <summary>The red plane (the gray value for gray images).</summary>
        Red = 0x02,

        /// <summary>The green plane.</summary>
        Green = 0x04,

        /// <summary>The blue plane.</summary>
        Blue = 0x08,

        /// <summary>Red, green and blue.</summary>
        Rgb = Red | Green | Blue,

        /// <summary>Red, green, blue and alpha.</summary>
        All = Rgb | Alpha,

        /// <summary>One gray plane: BT.601 luma of colour images (not in ML.NET). May be combined with <see cref="Alpha"/> only.</summary>
        Gray = 0x10,
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
    private readonly ColorPlanes _planes;

    /// <summary>Creates the transformer from <paramref name="options"/> (copied).</summary>
    public ImagePixelExtractingTransformer(ImagePixelExtractingEstimator.Options options)
        : base(ImageTransformChecks.Pair(options?.OutputColumnName, options?.InputColumnName))
    {
        if (!Enum.IsDefined(options!.Range))
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"unknown pixel range {options.Range}");
        }

        _planes = ColorPlanes.Of(options.ColorsToExtract, "ExtractPixels");

        _options = new ImagePixelExtractingEstimator.Options
        {
            OutputColumnName = options.OutputColumnName,
            InputColumnName = ColumnPairs[0].inputColumnName,
            ColorsToExtract = options.ColorsToExtract,
            Range = options.Range,
        };
        _table = PixelScaling.Table(options.Range);
    }

    /// <summary>The number of planes extracted (channels of the output vector).</summary>
    public int Channels => _planes.Count;

    /// <summary>The planes extracted.</summary>
    public ImagePixelExtractingEstimator.ColorBits ColorsToExtract => _options.ColorsToExtract;

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
        var planes = _planes.ChannelIndices;
        var channels = _planes.ImageChannels;
        var plane = type.Height * type.Width;
        MLImage image = null!;
        ValueGetter<VBuffer<float>> getter = (ref VBuffer<float> value) =>
        {
            source(ref image);
            var img = ImageTransformChecks.NotNull(image, inputColumn, input.Position, DisplayName);
            if (img.Width != type.Width || img.Height != type.Height)
            {
                throw new InvalidDataException(
                    $"{DisplayName}: column '{inputColumn.Name}' {RowText.Of(input.Position)}: expected a {type.Width}x{type.Height} (width x height) image as its type {type} says, found {img.Width}x{img.Height}");
            }

            var pixels = img.WithChannels(channels).Pixels;
            var values = VBuffer<float>.RentArray(value, plane * planes.Length);
            // (H, W, C) bytes -> (planes, H, W) floats
            for (var p = 0; p < plane; p++)
            {
                for (var k = 0; k < planes.Length; k++)
                {
                    values[(k * plane) + p] = _table[pixels[(p * channels) + planes[k]]];
                }
            }

            value = new VBuffer<float>(plane * planes.Length, values);
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
