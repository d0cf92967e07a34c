// ConvertToImage: turns float vectors (C, H, W) back into images; the inverse of ExtractPixels.
namespace MLNet.Gan.Data;

/// <summary>Converts float vectors in CHW order to images (ML.NET's VectorToImageConvertingEstimator).</summary>
/// <remarks>
/// <list type="table">
/// <item><term>Input</term><description>Vector&lt;Single&gt; of C·H·W values, C = 1, 3 or 4</description></item>
/// <item><term>Output</term><description>Image&lt;H, W&gt; with C channels</description></item>
/// <item><term>Fitting reads data</term><description>No</description></item>
/// <item><term>Model file</term><description>The options (columns, size, range)</description></item>
/// </list>
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

        _options = new VectorToImageConvertingEstimator.Options
        {
            OutputColumnName = options.OutputColumnName,
            InputColumnName = ColumnPairs[0].inputColumnName,
            ImageHeight = options.ImageHeight,
            ImageWidth = options.ImageWidth,
            Range = options.Range,
        };
    }

    /// <inheritdoc/>
    protected override string DisplayName => "ConvertToImage";

    /// <inheritdoc/>
    protected override DataViewType GetOutputType(int pairIndex, DataViewSchema.Column inputColumn)
    {
        var plane = _options.ImageHeight * _options.ImageWidth;
        var expected = $"Vector<Single> of C x {_options.ImageHeight} x {_options.ImageWidth} values with C = 1, 3 or 4 ({plane}, {3 * plane} or {4 * plane})";
        var ok = inputColumn.Type is VectorDataViewType v && v.ItemType == NumberDataViewType.Single
            && (!v.IsKnownSize || (v.Size % plane == 0 && (v.Size / plane) is 1 or 3 or 4));
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
            var channels = values.Length / plane;
            if (values.Length % plane != 0 || channels is not (1 or 3 or 4))
            {
                throw new InvalidDataException(
                    $"{DisplayName}: column '{inputColumn.Name}' row {input.Position}: expected 1, 3 or 4 planes of {height}x{width} values, found {values.Length} values");
            }

            // (C, H, W) floats -> (H, W, C) bytes
            var pixels = new byte[values.Length];
            for (var c = 0; c < channels; c++)
            {
                for (var p = 0; p < plane; p++)
                {
                    var v = values[(c * plane) + p];
                    if (!float.IsFinite(v))
                    {
                        throw new InvalidDataException(
                            $"{DisplayName}: column '{inputColumn.Name}' row {input.Position}, item {(c * plane) + p}: value {v} is not finite");
                    }

                    pixels[(p * channels) + c] = PixelScaling.ToByte(v, _options.Range);
                }
            }

            value = MLImage.CreateFromPixels(width, height, channels, pixels);
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
    internal static ITransformer Create(ModelLoadContext ctx) => new VectorToImageConvertingTransformer(ctx.GetOptions<VectorToImageConvertingEstimator.Options>());
}
