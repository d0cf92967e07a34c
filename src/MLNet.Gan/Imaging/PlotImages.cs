// ScottPlot plots as PNG bytes and files, and PNGs stacked into one: how the library's charts and the notebooks'
// side-by-side comparisons are written. Stacking decodes and draws with SkiaSharp 3, the one ML.NET and ScottPlot share.
using MLNet.Gan.IO;
using ScottPlot;
using SkiaSharp;

namespace MLNet.Gan.Imaging;

/// <summary>Renders ScottPlot plots to PNG and joins PNGs into one image.</summary>
public static class PlotImages
{
    /// <summary>Renders <paramref name="plot"/> at <paramref name="width"/> x <paramref name="height"/> pixels as PNG bytes.</summary>
    /// <param name="plot">The plot.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    public static byte[] Png(Plot plot, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(plot);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }

    /// <summary>Writes PNG bytes to <paramref name="path"/> atomically, creating missing folders.</summary>
    /// <param name="path">Target file, ending in .png.</param>
    /// <param name="png">The encoded image.</param>
    /// <exception cref="ArgumentException">The path does not end in .png.</exception>
    public static void Save(string path, byte[] png)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(png);
        if (!string.Equals(Path.GetExtension(path), ".png", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"charts are written as PNG: '{path}' should end in .png", nameof(path));
        }

        AtomicFile.WriteAllBytes(path, png);
    }

    /// <summary>Renders <paramref name="plot"/> and writes it to <paramref name="path"/>; returns the PNG bytes.</summary>
    /// <param name="plot">The plot.</param>
    /// <param name="path">Target file, ending in .png.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    public static byte[] Save(Plot plot, string path, int width, int height)
    {
        var png = Png(plot, width, height);
        Save(path, png);
        return png;
    }

    /// <summary>Joins PNG images into one, left to right (or top to bottom), on white; images of other heights (widths) are top (left) aligned.</summary>
    /// <param name="pngs">The encoded images, at least one.</param>
    /// <param name="vertical">True to stack top to bottom.</param>
    /// <exception cref="ArgumentException">No images, or one that does not decode.</exception>
    public static byte[] Join(IReadOnlyList<byte[]> pngs, bool vertical = false)
    {
        ArgumentNullException.ThrowIfNull(pngs);
        if (pngs.Count == 0)
        {
            throw new ArgumentException("nothing to join: no images given", nameof(pngs));
        }

        var bitmaps = pngs.Select(Decode).ToList();
        try
        {
            var width = vertical ? bitmaps.Max(b => b.Width) : bitmaps.Sum(b => b.Width);
            var height = vertical ? bitmaps.Sum(b => b.Height) : bitmaps.Max(b => b.Height);
            using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
            surface.Canvas.Clear(SKColors.White);
            var offset = 0;
            foreach (var bitmap in bitmaps)
            {
                surface.Canvas.DrawBitmap(bitmap, vertical ? 0 : offset, vertical ? offset : 0);
                offset += vertical ? bitmap.Height : bitmap.Width;
            }

            using var image = surface.Snapshot();
            using var data = image.Encode(SKEncodedImageFormat.Png, 100);
            return data.ToArray();
        }
        finally
        {
            bitmaps.ForEach(b => b.Dispose());
        }
    }

    private static SKBitmap Decode(byte[] encoded, int index)
    {
        ArgumentNullException.ThrowIfNull(encoded);
        using var data = SKData.CreateCopy(encoded);
        using var codec = SKCodec.Create(data);
        return (codec is null ? null : SKBitmap.Decode(codec))
            ?? throw new ArgumentException($"image {index} ({encoded.Length} bytes) does not decode as an image", "pngs");
    }
}
