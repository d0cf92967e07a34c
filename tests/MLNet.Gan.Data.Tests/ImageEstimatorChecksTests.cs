// Every image estimator through the shared EstimatorChecks: schema propagation, save/load identity, bad input.
using MLNet.Gan.TestUtilities;

namespace MLNet.Gan.Data.Tests;

[TestClass]
public sealed class ImageEstimatorChecksTests
{
    private static readonly string[] s_files = { "rgb.png", "palette_trns.png", "gray16.png", "progressive.jpg", "image.bmp" };

    private static IDataView Paths() =>
        new InMemoryDataView.Builder().AddColumn("Path", TextDataViewType.Instance, s_files).ToDataView();

    private static IDataView Photos(int width = 0, int height = 0) =>
        new InMemoryDataView.Builder()
            .AddColumn(
                "Photo",
                new ImageDataViewType(height, width),
                s_files.Select(f => MLImage.CreateFromFile(ImageFixtures.File(f), 3)).Select(i => width > 0 ? i.Resize(width, height, ImageResizingEstimator.ResizingKind.Fill) : i).ToArray())
            .ToDataView();

    // A view whose "Photo" column is text, and whose "Pixels" column is an image: the wrong types for every transform.
    private static IDataView WrongTypes() =>
        new InMemoryDataView.Builder()
            .AddColumn("Photo", TextDataViewType.Instance, new[] { "x.png" })
            .AddColumn("Path", NumberDataViewType.Single, new[] { 1f })
            .AddColumn("Pixels", new ImageDataViewType(2, 2), new[] { MLImage.CreateFromPixels(2, 2, 1, new byte[4]) })
            .ToDataView();

    [TestMethod]
    public void LoadImages()
    {
        var ctx = new GanContext(seed: 1);
        var transformer = EstimatorChecks.Run(
            ctx.Transforms.LoadImages("Image", ImageFixtures.Folder, "Path"), Paths(), WrongTypes(), "Path", context: ctx);
        Assert.IsFalse(transformer.SkipBadRows);
    }

    [TestMethod]
    public void LoadImagesSkippingBadRows()
    {
        var ctx = new GanContext(seed: 1);
        var data = new InMemoryDataView.Builder().AddColumn("Path", TextDataViewType.Instance, new[] { "rgb.png", "corrupt.png", "gray.png" }).ToDataView();
        var transformer = EstimatorChecks.Run(
            ctx.Transforms.LoadImages(new ImageLoadingEstimator.Options { OutputColumnName = "Image", InputColumnName = "Path", ImageFolder = ImageFixtures.Folder, Channels = 3, SkipBadRows = true }),
            data,
            WrongTypes(),
            "Path",
            context: ctx);
        Assert.AreEqual(1, transformer.Report.SkippedCount);
        Assert.AreEqual(1L, transformer.Report.SkippedRows[0].Row);
        StringAssert.EndsWith(transformer.Report.SkippedRows[0].Path, "corrupt.png");
    }

    [TestMethod]
    public void ResizeImages() =>
        EstimatorChecks.Run(new GanContext().Transforms.ResizeImages("Small", 9, 6, "Photo", ImageResizingEstimator.ResizingKind.IsoPad), Photos(), WrongTypes(), "Photo");

    [TestMethod]
    public void ConvertToGrayscale() =>
        EstimatorChecks.Run(new GanContext().Transforms.ConvertToGrayscale("Gray", "Photo"), Photos(), WrongTypes(), "Photo");

    [TestMethod]
    public void ExtractPixels() =>
        EstimatorChecks.Run(
            new GanContext().Transforms.ExtractPixels("Pixels", "Photo", ImagePixelExtractingEstimator.ColorBits.All, PixelRange.ZeroToOne),
            Photos(6, 5),
            WrongTypes(),
            "Photo");

    [TestMethod]
    public void ConvertToImage()
    {
        var ctx = new GanContext();
        var pixels = ctx.Transforms.ExtractPixels("Pixels", "Photo").Fit(Photos(6, 5)).Transform(Photos(6, 5));
        EstimatorChecks.Run(ctx.Transforms.ConvertToImage(5, 6, "Back", "Pixels"), pixels, WrongTypes(), "Pixels");
    }
}
