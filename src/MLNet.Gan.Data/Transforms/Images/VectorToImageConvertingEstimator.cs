// ConvertToImage: turns float vectors (C, H, W) back into images; the inverse of ExtractPixels.
namespace MLNet.Gan.Data;

/// <summary>Converts float vectors in CHW order to images (ML.NET's VectorToImageConvertingEstimator).</summary>
/// <remarks>
/// <list type="table">
/// <item><term>Input</term><description>Vector&lt;Single&gt; of P·H·W values: P planes (the colours present) of H x W</description></item>
/// <item><term>Output</term><description>Image&lt;H, W&gt;: gray, gray+alpha, RGB or RGBA</description></item>
/// <item><term>Fitting reads data</term><description>No</description></item>
/// <item><term>Model file</term><description>The options (columns, size, colours, range)</description></item>
/// </list>
/// The planes are those of <see cref="Options.ColorsPresent"/> in the order <see cref="ImagePixelExtractingEstimator"/> writes them
/// (R, G, B, A, or gray, alpha); colours not present are 0 and a missing alpha plane gives an image without alpha.
/// Without <see cref="Options.ColorsPresent"/> the plane count decides: 1 gray, 2 gray+alpha, 3 RGB, 4 RGBA.
/// Each value is mapped back from <see cref="Options.Range"/> to a byte (rounded, clamped to 0..255);
/// a NaN or infinite value is an error naming the column, row and item.
/// </remarks>
public sealed class VectorToImageConvertingEstimator : TrivialEstimator<VectorToImageConvertingTransformer>
{
    internal VectorToImageConvertingEstimator(GanContext context, Options options)
        : base(new VectorToImageConvertingTransformer(options))
    {
        _ = context;
    }

    /// <summary>Options of <see cref="VectorToImageConvertingEstimator"/>.</summary>
    public sealed class Options
    {
        /// <summary>Name of the image column. Default: "Image".</summary>
        public string OutputColumnName = "Image";

        /// <summary>Name of the float vector column; null means <see cref="OutputColumnName"/>. Default: null.</summary>
        public string? InputColumnName;

        /// <summary>Image height in pixels. Default: 28.</summary>
        public int ImageHeight = 28;

        /// <summary>Image width in pixels. Default: 28.</summary>
        public int ImageWidth = 28;

        /// <summary>
        /// The planes the vector holds (e.g. <see cref="ImagePixelExtractingEstimator.ColorBits.Rgb"/>); null infers them
        /// from the vector's length: 1, 2, 3 or 4 planes are Gray, Gray|Alpha, Rgb or All. Default: null.
        /// </summary>
        public ImagePixelExtractingEstimator.ColorBits? ColorsPresent;

        /// <summary>Float range of the input values. Default: <see cref="PixelRange.MinusOneToOne"/>.</summary>
        public PixelRange Range = PixelRange.MinusOneToOne;
    }
}

/// <summary>The transformer of <see cref="VectorToImageConvertingEstimator"/>.</summary>
public sealed class VectorToImageConvertingTransformer : OneToOneTransformerBase
{
    /// <summary>The model-file kind.</summary>
    public const string ModelKind = "ConvertToImage";

    private readonly VectorToImageConvertingEstimator.Options _options;
    private readonly ColorPlanes? _planes;

    /// <summary>Creates the transformer from <paramref name="options"/> (copied).</summary>
    public VectorToImageConvertingTransformer(VectorToImageConvertingEstimator.Options options)
        : base(ImageTransformChecks.Pair(options?.OutputColumnName, options?.InputColumnName))
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options!.ImageWidth, nameof(options.ImageWidth));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.ImageHeight, nameof(options.ImageHeight));
        if (!Enum.IsDefined(options.Range))
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"unknown pixel range {options.Range}");
        }

        _planes = options.ColorsPresent is { } bits ? ColorPlanes.Of(bits, "ConvertToImage") : null;
        _options = new VectorToImageConvertingEstimator.Options
        {
            OutputColumnName = options.OutputColumnName,
            InputColumnName = ColumnPairs[0].inputColumnName,
            ImageHeight = options.ImageHeight,
            ImageWidth = options.ImageWidth,
            ColorsPresent = options.ColorsPresent,
            Range = options.Range,
        };
    }

    /// <inheritdoc/>
    protected override string DisplayName => "ConvertToImage";

    /// <inheritdoc/>
    protected override DataViewType GetOutputType(int pairIndex, DataViewSchema.Column inputColumn)
    {
        var plane = _options.ImageHeight * _options.ImageWidth;
        var expected = _planes is null
            ? $"Vector<Single> of P x {_options.ImageHeight} x {_options.ImageWidth} values with P = 1, 2, 3 or 4 planes ({plane}, {2 * plane}, {3 * plane} or {4 * plane})"
            : $"Vector<Single> of {_planes.Count} x {_options.ImageHeight} x {_options.ImageWidth} = {_planes.Count * plane} values (colours {_planes.Bits})";
        var ok = inputColumn.Type is VectorDataViewType v && v.ItemType == NumberDataViewType.Single
            && (!v.IsKnownSize || PlanesOf(v.Size) is not null);
        DataViewExtensions.CheckColumnType(inputColumn, ok, expected, DisplayName);
        return new ImageDataViewType(_options.ImageHeight, _options.ImageWidth);
    }

    /// <inheritdoc/>
    protected override Delegate MakeGetter(DataViewRow input, int pairIndex, DataViewSchema.Column inputColumn, out Action? disposer)
    {
        disposer = null;
        var source = input.GetGetter<VBuffer<float>>(inputColumn);
        int width = _options.ImageWidth, height = _options.ImageHeight, plane = width * height;
        VBuffer<float> buffer = default;
        ValueGetter<MLImage> getter = (ref MLImage value) =>
        {
            source(ref buffer);
            var values = buffer.GetValues();
            var planes = PlanesOf(values.Length) ?? throw new InvalidDataException(
                $"{DisplayName}: column '{inputColumn.Name}' {RowText.Of(input.Position)}: expected " +
                (_planes is null ? "1, 2, 3 or 4" : $"{_planes.Count} ({_planes.Bits})") + $" planes of {height}x{width} values, found {values.Length} values");
            var channels = planes.ImageChannels;
            var indices = planes.ChannelIndices;

            // (planes, H, W) floats -> (H, W, C) bytes; colours not present stay 0
            var pixels = new byte[plane * channels];
            for (var k = 0; k < indices.Length; k++)
            {
                for (var p = 0; p < plane; p++)
                {
                    var v = values[(k * plane) + p];
                    if (!float.IsFinite(v))
                    {
                        throw new InvalidDataException(
                            $"{DisplayName}: column '{inputColumn.Name}' {RowText.Of(input.Position)}, item {(k * plane) + p}: value {v} is not finite");
                    }

                    pixels[(p * channels) + indices[k]] = PixelScaling.ToByte(v, _options.Range);
                }
            }

            value = MLImage.Create(width, height, channels, pixels);
        };
        return getter;
    }

    /// <summary>The planes a vector of <paramref name="length"/> values holds, or null when the length does not fit.</summary>
    private ColorPlanes? PlanesOf(int length)
    {
        var plane = _options.ImageHeight * _options.ImageWidth;
        if (length % plane != 0)
        {
            return null;
        }

        return _planes is null ? ColorPlanes.Inferred(length / plane)
            : length / plane == _planes.Count ? _planes : null;
    }

    /// <inheritdoc/>
    protected override void SaveModel(ModelSaveContext ctx)
    {
        ctx.Kind = ModelKind;
        ctx.SetOptions(_options);
    }

    [ModelLoader(ModelKind)]
    internal static ITransformer Create(ModelLoadContext ctx) => new VectorToImageConvertingTransformer(ctx.GetOptions<VectorToImageConvertingEstimator.Options>());
}
