// The public way into images: ctx.Transforms image transforms and ctx.Data image loaders, with ML.NET's names and shapes.
namespace MLNet.Gan.Data;

/// <summary>
/// Image transforms on <c>ctx.Transforms</c> and image loaders on <c>ctx.Data</c>, each with a plain-arguments
/// overload and an <c>Options</c> overload.
/// </summary>
public static class ImageCatalogExtensions
{
    /// <summary>Loads the images named in text column <paramref name="inputColumnName"/> (paths relative to <paramref name="imageFolder"/>).</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">The image column to create.</param>
    /// <param name="imageFolder">Folder relative paths are resolved against ("" for paths as they are).</param>
    /// <param name="inputColumnName">The text column of paths; null means <paramref name="outputColumnName"/>.</param>
    /// <param name="skipBadRows">Drop rows whose image is missing or corrupt, listing them in the transformer's report.</param>
    public static ImageLoadingEstimator LoadImages(this TransformsCatalog catalog, string outputColumnName, string imageFolder, string? inputColumnName = null, bool skipBadRows = false) =>
        catalog.LoadImages(new ImageLoadingEstimator.Options
        {
            OutputColumnName = outputColumnName,
            InputColumnName = inputColumnName,
            ImageFolder = imageFolder,
            SkipBadRows = skipBadRows,
        });

    /// <summary>Loads images as described by <paramref name="options"/>.</summary>
    public static ImageLoadingEstimator LoadImages(this TransformsCatalog catalog, ImageLoadingEstimator.Options options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        return new ImageLoadingEstimator(catalog.Context, options);
    }

    /// <summary>Resizes the images of <paramref name="inputColumnName"/> to <paramref name="imageWidth"/> x <paramref name="imageHeight"/>.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">The resized image column.</param>
    /// <param name="imageWidth">Target width.</param>
    /// <param name="imageHeight">Target height.</param>
    /// <param name="inputColumnName">The image column; null means <paramref name="outputColumnName"/>.</param>
    /// <param name="resizing">Stretch (Fill), crop (IsoCrop) or pad (IsoPad).</param>
    /// <param name="cropAnchor">Where the kept region or padded image sits.</param>
    public static ImageResizingEstimator ResizeImages(
        this TransformsCatalog catalog,
        string outputColumnName,
        int imageWidth,
        int imageHeight,
        string? inputColumnName = null,
        ImageResizingEstimator.ResizingKind resizing = ImageResizingEstimator.ResizingKind.IsoCrop,
        ImageResizingEstimator.Anchor cropAnchor = ImageResizingEstimator.Anchor.Center) =>
        catalog.ResizeImages(new ImageResizingEstimator.Options
        {
            OutputColumnName = outputColumnName,
            InputColumnName = inputColumnName,
            ImageWidth = imageWidth,
            ImageHeight = imageHeight,
            Resizing = resizing,
            CropAnchor = cropAnchor,
        });

    /// <summary>Resizes images as described by <paramref name="options"/>.</summary>
    public static ImageResizingEstimator ResizeImages(this TransformsCatalog catalog, ImageResizingEstimator.Options options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        return new ImageResizingEstimator(catalog.Context, options);
    }

    /// <summary>Converts the images of <paramref name="inputColumnName"/> to one-channel gray images.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">The gray image column.</param>
    /// <param name="inputColumnName">The image column; null means <paramref name="outputColumnName"/>.</param>
    public static ImageGrayscalingEstimator ConvertToGrayscale(this TransformsCatalog catalog, string outputColumnName, string? inputColumnName = null) =>
        catalog.ConvertToGrayscale(new ImageGrayscalingEstimator.Options { OutputColumnName = outputColumnName, InputColumnName = inputColumnName });

    /// <summary>Converts images to grayscale as described by <paramref name="options"/>.</summary>
    public static ImageGrayscalingEstimator ConvertToGrayscale(this TransformsCatalog catalog, ImageGrayscalingEstimator.Options options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        return new ImageGrayscalingEstimator(catalog.Context, options);
    }

    /// <summary>Extracts the pixels of <paramref name="inputColumnName"/> as float vectors (C, H, W).</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">The float vector column.</param>
    /// <param name="inputColumnName">The image column (known size); null means <paramref name="outputColumnName"/>.</param>
    /// <param name="colorsToExtract">The planes, in the order R, G, B, A: e.g. Rgb (3), All (4), Red | Alpha (2), or Gray (1, not in ML.NET).</param>
    /// <param name="range">[-1, 1] (default) or [0, 1].</param>
    public static ImagePixelExtractingEstimator ExtractPixels(
        this TransformsCatalog catalog,
        string outputColumnName,
        string? inputColumnName = null,
        ImagePixelExtractingEstimator.ColorBits colorsToExtract = ImagePixelExtractingEstimator.ColorBits.Rgb,
        PixelRange range = PixelRange.MinusOneToOne) =>
        catalog.ExtractPixels(new ImagePixelExtractingEstimator.Options
        {
            OutputColumnName = outputColumnName,
            InputColumnName = inputColumnName,
            ColorsToExtract = colorsToExtract,
            Range = range,
        });

    /// <summary>Extracts pixels as described by <paramref name="options"/>.</summary>
    public static ImagePixelExtractingEstimator ExtractPixels(this TransformsCatalog catalog, ImagePixelExtractingEstimator.Options options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        return new ImagePixelExtractingEstimator(catalog.Context, options);
    }

    /// <summary>
    /// Converts float vectors (planes, H, W) of <paramref name="inputColumnName"/> into images; the inverse of
    /// <see cref="ExtractPixels(TransformsCatalog, string, string?, ImagePixelExtractingEstimator.ColorBits, PixelRange)"/>.
    /// The first four parameters are ML.NET's, in ML.NET's order.
    /// </summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="imageHeight">Image height.</param>
    /// <param name="imageWidth">Image width.</param>
    /// <param name="outputColumnName">The image column.</param>
    /// <param name="inputColumnName">The float vector column; null means <paramref name="outputColumnName"/>.</param>
    /// <param name="colorsPresent">The planes the vector holds (e.g. Rgb); null infers them from its length (1 Gray, 2 Gray|Alpha, 3 Rgb, 4 All).</param>
    /// <param name="range">The range the values are in: [-1, 1] (default) or [0, 1].</param>
    public static VectorToImageConvertingEstimator ConvertToImage(
        this TransformsCatalog catalog,
        int imageHeight,
        int imageWidth,
        string outputColumnName,
        string? inputColumnName = null,
        ImagePixelExtractingEstimator.ColorBits? colorsPresent = null,
        PixelRange range = PixelRange.MinusOneToOne) =>
        catalog.ConvertToImage(new VectorToImageConvertingEstimator.Options
        {
            OutputColumnName = outputColumnName,
            InputColumnName = inputColumnName,
            ImageHeight = imageHeight,
            ImageWidth = imageWidth,
            ColorsPresent = colorsPresent,
            Range = range,
        });

    /// <summary>Converts vectors to images as described by <paramref name="options"/>.</summary>
    public static VectorToImageConvertingEstimator ConvertToImage(this TransformsCatalog catalog, VectorToImageConvertingEstimator.Options options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        return new VectorToImageConvertingEstimator(catalog.Context, options);
    }

    /// <summary>
    /// Fashion-MNIST (60,000 train or 10,000 test 28x28 gray images) as columns "Image" and "Label"
    /// (key with the 10 class names), read from Debian's dataset-fashion-mnist.
    /// </summary>
    public static IdxDataView LoadFashionMnist(this DataOperationsCatalog catalog, FashionMnistSplit split = FashionMnistSplit.Train) =>
        catalog.LoadFashionMnist(new FashionMnist.Options { Split = split });

    /// <summary>Fashion-MNIST as described by <paramref name="options"/> (split, folder, column names).</summary>
    public static IdxDataView LoadFashionMnist(this DataOperationsCatalog catalog, FashionMnist.Options options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        return new IdxDataView(FashionMnist.Read(options.Split, options.Folder), FashionMnist.ClassNames, options.ImageColumnName, options.LabelColumnName);
    }

    /// <summary>
    /// An IDX images file (and optional labels file), gzipped or not, as columns "Image" (gray, fixed size)
    /// and "Label" (key; class names <paramref name="classNames"/> or "0".."K-1").
    /// </summary>
    public static IdxDataView LoadFromIdx(this DataOperationsCatalog catalog, string imagesPath, string? labelsPath = null, string[]? classNames = null) =>
        catalog.LoadFromIdx(imagesPath, new IdxDataView.Options { LabelsPath = labelsPath, ClassNames = classNames });

    /// <summary>The IDX images file <paramref name="imagesPath"/> read as described by <paramref name="options"/> (labels file, class names, column names).</summary>
    public static IdxDataView LoadFromIdx(this DataOperationsCatalog catalog, string imagesPath, IdxDataView.Options options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        return new IdxDataView(IdxImageSet.Load(imagesPath, options.LabelsPath), options.ClassNames, options.ImageColumnName, options.LabelColumnName);
    }

    /// <summary>
    /// The images under <paramref name="folder"/> as columns "ImagePath" (full paths) and "Label" (key named after the
    /// class sub-folders, sorted). Nothing is decoded: append <c>ctx.Transforms.LoadImages("Image", "", "ImagePath")</c>.
    /// </summary>
    public static IDataView LoadImagesFromFolder(this DataOperationsCatalog catalog, string folder, bool useFolderNameAsLabel = true, string[]? extensions = null) =>
        catalog.LoadImagesFromFolder(folder, new ImageFolderLoader.Options { UseFolderNameAsLabel = useFolderNameAsLabel, Extensions = extensions });

    /// <summary>The images under <paramref name="folder"/> as described by <paramref name="options"/> (labels, extensions, column names).</summary>
    public static IDataView LoadImagesFromFolder(this DataOperationsCatalog catalog, string folder, ImageFolderLoader.Options options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return ImageFolderLoader.Load(folder, options);
    }

    /// <summary>
    /// A "path,label" list (CSV, or TSV by extension) as columns "ImagePath" (resolved against the list's folder)
    /// and "Label" (key). Errors name the file, its line (1-based) and the column.
    /// </summary>
    public static IDataView LoadImageList(this DataOperationsCatalog catalog, string path, char? separator = null, bool? hasHeader = null, string[]? classNames = null) =>
        catalog.LoadImageList(path, new ImageListLoader.Options { Separator = separator, HasHeader = hasHeader, ClassNames = classNames });

    /// <summary>The list <paramref name="path"/> read as described by <paramref name="options"/> (separator, header, class names, image folder, column names).</summary>
    public static IDataView LoadImageList(this DataOperationsCatalog catalog, string path, ImageListLoader.Options options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return ImageListLoader.Load(path, options);
    }
}
