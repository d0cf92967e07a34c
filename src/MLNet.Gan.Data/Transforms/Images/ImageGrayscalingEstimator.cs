// ConvertToGrayscale: turns each image of a column into a one-channel gray image (BT.601 luma).
namespace MLNet.Gan.Data;

/// <summary>Converts the images of a column to grayscale (ML.NET's ImageGrayscalingEstimator).</summary>
/// <remarks>
/// <list type="table">
/// <item><term>Input</term><description>Image</description></item>
/// <item><term>Output</term><description>Image of the same size, 1 channel (alpha dropped)</description></item>
/// <item><term>Fitting reads data</term><description>No</description></item>
/// <item><term>Model file</term><description>The column names</description></item>
/// </list>
/// Gray = round(0.299 R + 0.587 G + 0.114 B). For transparent images, blend the alpha first: LoadImages with
/// <see cref="ImageLoadingEstimator.Options.CompositeAlpha"/>, or <see cref="MLImage.CompositeAlpha"/>.
/// </remarks>
public sealed class ImageGrayscalingEstimator : TrivialEstimator<ImageGrayscalingTransformer>
{
    internal ImageGrayscalingEstimator(GanContext context, Options options)
        : base(new ImageGrayscalingTransformer(options))
    {
        _ = context;
    }

    /// <summary>Options of <see cref="ImageGrayscalingEstimator"/>.</summary>
    public sealed class Options
    {
        /// <summary>Name of the gray image column. Default: "Image".</summary>
        public string OutputColumnName = "Image";

        /// <summary>Name of the image column to convert; null means <see cref="OutputColumnName"/>. Default: null.</summary>
        public string? InputColumnName;
    }
}

/// <summary>The transformer of <see cref="ImageGrayscalingEstimator"/>.</summary>
public sealed class ImageGrayscalingTransformer : OneToOneTransformerBase
{
    /// <summary>The model-file kind.</summary>
    public const string ModelKind = "ConvertToGrayscale";

    /// <summary>Creates the transformer from <paramref name="options"/>.</summary>
    public ImageGrayscalingTransformer(ImageGrayscalingEstimator.Options options)
        : base(ImageTransformChecks.Pair(options?.OutputColumnName, options?.InputColumnName))
    {
    }

    /// <inheritdoc/>
    protected override string DisplayName => "ConvertToGrayscale";

    /// <inheritdoc/>
    protected override DataViewType GetOutputType(int pairIndex, DataViewSchema.Column inputColumn) =>
        ImageTransformChecks.RequireImage(inputColumn, DisplayName);

    /// <inheritdoc/>
    protected override Delegate MakeGetter(DataViewRow input, int pairIndex, DataViewSchema.Column inputColumn, out Action? disposer)
    {
        disposer = null;
        var source = input.GetGetter<MLImage>(inputColumn);
        MLImage image = null!;
        ValueGetter<MLImage> getter = (ref MLImage value) =>
        {
            source(ref image);
            value = ImageTransformChecks.NotNull(image, inputColumn, input.Position, DisplayName).ToGrayscale();
        };
        return getter;
    }

    /// <inheritdoc/>
    protected override void SaveModel(ModelSaveContext ctx)
    {
        ctx.Kind = ModelKind;
        ctx.SetOptions(new ImageGrayscalingEstimator.Options { OutputColumnName = ColumnPairs[0].outputColumnName, InputColumnName = ColumnPairs[0].inputColumnName });
    }

    [ModelLoader(ModelKind)]
    internal static ITransformer Create(ModelLoadContext ctx) => new ImageGrayscalingTransformer(ctx.GetOptions<ImageGrayscalingEstimator.Options>());
}
