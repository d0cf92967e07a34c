// ResizeImages: resizes an image column to a fixed size (stretch, isotropic crop or isotropic pad).
namespace MLNet.Gan.Data;

/// <summary>Resizes the images of a column to one size (ML.NET's ImageResizingEstimator).</summary>
/// <remarks>
/// <list type="table">
/// <item><term>Input</term><description>Image (any size)</description></item>
/// <item><term>Output</term><description>Image&lt;height, width&gt;, same channels</description></item>
/// <item><term>Fitting reads data</term><description>No</description></item>
/// <item><term>Model file</term><description>The options (columns, size, resizing kind, anchor)</description></item>
/// </list>
/// Shrinking averages the covered area (box filter); enlarging interpolates bilinearly.
/// </remarks>
public sealed class ImageResizingEstimator : TrivialEstimator<ImageResizingTransformer>
{
    internal ImageResizingEstimator(GanContext context, Options options)
        : base(new ImageResizingTransformer(options))
    {
        _ = context;
    }

    /// <summary>How an image reaches the target size.</summary>
    public enum ResizingKind : byte
    {
        /// <summary>Keep proportions, scale the whole image inside the target and pad the rest with zeros.</summary>
        IsoPad = 0,

        /// <summary>Keep proportions, fill the target and crop what sticks out.</summary>
        IsoCrop = 1,

        /// <summary>Stretch the whole image to the target, changing proportions if they differ.</summary>
        Fill = 2,
    }

    /// <summary>Where the kept region (IsoCrop) or the scaled image (IsoPad) sits.</summary>
    public enum Anchor : byte
    {
        /// <summary>Right edge.</summary>
        Right = 0,

        /// <summary>Left edge.</summary>
        Left = 1,

        /// <summary>Top edge.</summary>
        Top = 2,

        /// <summary>Bottom edge.</summary>
        Bottom = 3,

        /// <summary>Centre.</summary>
        Center = 4,
    }

    /// <summary>Options of <see cref="ImageResizingEstimator"/>.</summary>
    public sealed class Options
    {
        /// <summary>Name of the resized image column. Default: "Image".</summary>
        public string OutputColumnName = "Image";

        /// <summary>Name of the image column to resize; null means <see cref="OutputColumnName"/>. Default: null.</summary>
        public string? InputColumnName;

        /// <summary>Target width in pixels. Default: 28.</summary>
        public int ImageWidth = 28;

        /// <summary>Target height in pixels. Default: 28.</summary>
        public int ImageHeight = 28;

        /// <summary>How to reach the target size. Default: <see cref="ResizingKind.IsoCrop"/>.</summary>
        public ResizingKind Resizing = ResizingKind.IsoCrop;

        /// <summary>Where the kept region or padded image sits. Default: <see cref="Anchor.Center"/>.</summary>
        public Anchor CropAnchor = Anchor.Center;
    }
}

/// <summary>The transformer of <see cref="ImageResizingEstimator"/>: resizes each image on request.</summary>
public sealed class ImageResizingTransformer : OneToOneTransformerBase
{
    /// <summary>The model-file kind.</summary>
    public const string ModelKind = "ResizeImages";

    private readonly ImageResizingEstimator.Options _options;

    /// <summary>Creates the transformer from <paramref name="options"/> (copied).</summary>
    public ImageResizingTransformer(ImageResizingEstimator.Options options)
        : base(ImageTransformChecks.Pair(options?.OutputColumnName, options?.InputColumnName))
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options!.ImageWidth, nameof(options.ImageWidth));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.ImageHeight, nameof(options.ImageHeight));
        if (!Enum.IsDefined(options.Resizing) || !Enum.IsDefined(options.CropAnchor))
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"unknown resizing kind {options.Resizing} or anchor {options.CropAnchor}");
        }

        _options = new ImageResizingEstimator.Options
        {
            OutputColumnName = options.OutputColumnName,
            InputColumnName = ColumnPairs[0].inputColumnName,
            ImageWidth = options.ImageWidth,
            ImageHeight = options.ImageHeight,
            Resizing = options.Resizing,
            CropAnchor = options.CropAnchor,
        };
    }

    /// <summary>Target width.</summary>
    public int ImageWidth => _options.ImageWidth;

    /// <summary>Target height.</summary>
    public int ImageHeight => _options.ImageHeight;

    /// <summary>The resizing kind.</summary>
    public ImageResizingEstimator.ResizingKind Resizing => _options.Resizing;

    /// <summary>The anchor.</summary>
    public ImageResizingEstimator.Anchor CropAnchor => _options.CropAnchor;

    /// <inheritdoc/>
    protected override string DisplayName => "ResizeImages";

    /// <inheritdoc/>
    protected override DataViewType GetOutputType(int pairIndex, DataViewSchema.Column inputColumn)
    {
        ImageTransformChecks.RequireImage(inputColumn, DisplayName);
        return new ImageDataViewType(_options.ImageHeight, _options.ImageWidth);
    }

    /// <inheritdoc/>
    protected override Delegate MakeGetter(DataViewRow input, int pairIndex, DataViewSchema.Column inputColumn, out Action? disposer)
    {
        disposer = null;
        var source = input.GetGetter<MLImage>(inputColumn);
        MLImage image = null!;
        ValueGetter<MLImage> getter = (ref MLImage value) =>
        {
            source(ref image);
            value = ImageTransformChecks.NotNull(image, inputColumn, input.Position, DisplayName)
                .Resize(_options.ImageWidth, _options.ImageHeight, _options.Resizing, _options.CropAnchor);
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
    internal static ITransformer Create(ModelLoadContext ctx) => new ImageResizingTransformer(ctx.GetOptions<ImageResizingEstimator.Options>());
}
