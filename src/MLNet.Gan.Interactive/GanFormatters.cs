// HTML formatters that show the library's images and charts inline as PNG: one MLImage, an image array as a
// grid, a training history as its loss curves, and any ScottPlot plot.
using Microsoft.DotNet.Interactive.Formatting;
using Microsoft.ML.Data;
using MLNet.Gan.Imaging;
using MLNet.Gan.Training;
using ScottPlot;

namespace MLNet.Gan.Interactive;

/// <summary>Registers the text/html formatters; each writes one <c>&lt;img src="data:image/png;base64,..."&gt;</c>.</summary>
public static class GanFormatters
{
    /// <summary>Pixel size plots and loss curves are rendered at.</summary>
    public static (int Width, int Height) PlotSize { get; set; } = (720, 420);

    /// <summary>Integer enlargement of displayed images and grids (28x28 samples are small on screen).</summary>
    public static int ImageScale { get; set; } = 3;

    /// <summary>Tiles per row when an image array is shown as a grid.</summary>
    public static int GridColumns { get; set; } = 10;

    /// <summary>The MIME type the formatters write.</summary>
    public const string MimeType = "text/html";

    /// <summary>Registers the formatters and makes HTML the preferred output of the types they cover.</summary>
    public static void Register()
    {
        Formatter.Register<MLImage>((image, writer) => writer.Write(ImageHtml(image)), MimeType);
        Formatter.Register<MLImage[]>((images, writer) => writer.Write(GridHtml(images)), MimeType);
        Formatter.Register<TrainingHistory>((history, writer) =>
            writer.Write(PngHtml(LossCurvePlot.RenderPng(history, PlotSize.Width, PlotSize.Height))), MimeType);
        Formatter.Register<Plot>((plot, writer) => writer.Write(PngHtml(PlotImages.Png(plot, PlotSize.Width, PlotSize.Height))), MimeType);
        Formatter.SetPreferredMimeTypesFor(typeof(MLImage), MimeType);
        Formatter.SetPreferredMimeTypesFor(typeof(MLImage[]), MimeType);
        Formatter.SetPreferredMimeTypesFor(typeof(TrainingHistory), MimeType);
        Formatter.SetPreferredMimeTypesFor(typeof(Plot), MimeType);
    }

    /// <summary>An <c>img</c> element holding <paramref name="png"/> as a base64 data URI.</summary>
    /// <param name="png">The encoded PNG file.</param>
    public static string PngHtml(byte[] png)
    {
        ArgumentNullException.ThrowIfNull(png);
        return $"<img src=\"data:image/png;base64,{Convert.ToBase64String(png)}\" />";
    }

    /// <summary>One image as an inline PNG; one narrower than 100 pixels (a sample) is enlarged by <see cref="ImageScale"/>, a grid is not.</summary>
    /// <param name="image">The image to show.</param>
    public static string ImageHtml(MLImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Width >= 100)
        {
            return PngHtml(EncodePng(image));
        }

        using var big = SampleGrid.Compose([image], columns: 1, padding: 0, scale: ImageScale);
        return PngHtml(EncodePng(big));
    }

    /// <summary>Images laid out by <see cref="SampleGrid"/> in rows of <paramref name="columns"/> (default <see cref="GridColumns"/>), enlarged by <see cref="ImageScale"/>, as an inline PNG.</summary>
    /// <param name="images">The tiles, all of one size.</param>
    /// <param name="columns">Tiles per row; null for <see cref="GridColumns"/>.</param>
    /// <param name="padding">Background pixels between tiles.</param>
    public static string GridHtml(IReadOnlyList<MLImage> images, int? columns = null, int padding = 2)
    {
        ArgumentNullException.ThrowIfNull(images);
        using var grid = SampleGrid.Compose(images, columns ?? Math.Min(GridColumns, images.Count), padding: padding, scale: ImageScale);
        return PngHtml(EncodePng(grid));
    }

    /// <summary>Encodes an image as PNG bytes.</summary>
    /// <param name="image">The image to encode.</param>
    public static byte[] EncodePng(MLImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var path = Path.Combine(Path.GetTempPath(), $"mlnetgan-{Guid.NewGuid():N}.png");
        try
        {
            image.Save(path);
            return File.ReadAllBytes(path);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
