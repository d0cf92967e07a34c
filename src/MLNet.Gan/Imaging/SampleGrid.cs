// Lays equally sized images out in a grid with an optional text label left of each row, and writes it as one
// PNG: how generated samples are looked at (one row per class of a conditional GAN, say).
using Microsoft.ML.Data;
using MLNet.Gan.IO;
using SkiaSharp;

namespace MLNet.Gan.Imaging;

/// <summary>Arranges equally sized images in rows, with an optional text label left of each row.</summary>
/// <remarks>
/// Layout at scale 1: a label column as wide as the longest label (DejaVu Sans, or the default typeface,
/// at <see cref="LabelFontSize"/> px) plus padding, then the tiles separated by <c>padding</c> pixels of
/// <see cref="Background"/>. Tiles with alpha are blended over the background. The grid is enlarged by an
/// integer <c>scale</c> with nearest-neighbour pixels, so every pixel stays sharp; labels are drawn after
/// that at <c>scale</c> times the font size, so text stays smooth. The result is an opaque Bgra32 <see cref="MLImage"/>.
/// </remarks>
public static class SampleGrid
{
    /// <summary>Background and padding colour as (R, G, B): dark gray, so black tiles stay visible.</summary>
    public static (byte R, byte G, byte B) Background { get; } = (48, 48, 48);

    /// <summary>Label text colour as (R, G, B).</summary>
    public static (byte R, byte G, byte B) TextColor { get; } = (255, 255, 255);

    /// <summary>The typeface of labels (and of the library's charts), when installed; else the default typeface.</summary>
    public const string LabelTypefaceName = "DejaVu Sans";

    /// <summary>Label text size in pixels at scale 1.</summary>
    public const float LabelFontSize = 10;

    /// <summary>Builds the grid as one image.</summary>
    /// <param name="images">The tiles, row after row; all of one size.</param>
    /// <param name="columns">Tiles per row.</param>
    /// <param name="rowLabels">One label per row (ceil(images / columns) of them), or null for none.</param>
    /// <param name="padding">Background pixels between tiles and around the grid.</param>
    /// <param name="scale">Integer enlargement of the whole grid.</param>
    /// <exception cref="ArgumentException">No images, a null image, tiles of different sizes, or a wrong number of row labels.</exception>
    public static MLImage Compose(IReadOnlyList<MLImage> images, int columns, IReadOnlyList<string>? rowLabels = null, int padding = 2, int scale = 1)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.Count == 0)
        {
            throw new ArgumentException("a sample grid needs at least one image", nameof(images));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(padding);
        ArgumentOutOfRangeException.ThrowIfLessThan(scale, 1);
        var (tileWidth, tileHeight) = CheckTiles(images);
        var rows = (images.Count + columns - 1) / columns;
        if (rowLabels is not null && rowLabels.Count != rows)
        {
            throw new ArgumentException(
                $"{images.Count} images in {columns} columns make {rows} rows; expected {rows} row labels, found {rowLabels.Count}", nameof(rowLabels));
        }

        var labelWidth = rowLabels is null ? 0 : padding + rowLabels.Max(l => MeasureLabel(l ?? string.Empty));
        var usedColumns = Math.Min(columns, images.Count);
        var width = labelWidth + padding + (usedColumns * (tileWidth + padding));
        var height = padding + (rows * (tileHeight + padding));
        const int bpp = ImagePixels.BytesPerPixel;
        var pixels = new byte[checked(width * height * bpp)];
        var background = new byte[] { Background.B, Background.G, Background.R, 255 };
        for (var i = 0; i < pixels.Length; i += bpp)
        {
            background.CopyTo(pixels, i);
        }

        for (var i = 0; i < images.Count; i++)
        {
            var left = labelWidth + padding + ((i % columns) * (tileWidth + padding));
            var top = padding + ((i / columns) * (tileHeight + padding));
            CopyTile(images[i], pixels, width, left, top);
        }

        if (scale > 1)
        {
            (pixels, width, height) = (Enlarge(pixels, width, height, scale), width * scale, height * scale);
        }

        if (rowLabels is not null)
        {
            var centres = Enumerable.Range(0, rows).Select(r => (padding + (r * (tileHeight + padding)) + (tileHeight / 2f)) * scale).ToArray();
            DrawLabels(pixels, width, height, rowLabels, padding * scale, centres, scale);
        }

        return MLImage.CreateFromPixels(width, height, MLPixelFormat.Bgra32, pixels);
    }

    /// <summary>Builds the grid and writes it as a PNG file, atomically (temporary file, then rename).</summary>
    /// <param name="path">Target file, ending in .png; missing folders are created.</param>
    /// <param name="images">The tiles, row after row; all of one size.</param>
    /// <param name="columns">Tiles per row.</param>
    /// <param name="rowLabels">One label per row, or null for none.</param>
    /// <param name="padding">Background pixels between tiles and around the grid.</param>
    /// <param name="scale">Integer enlargement of the whole grid.</param>
    /// <exception cref="ArgumentException">The path does not end in .png, or the tiles or labels do not fit (see <see cref="Compose"/>).</exception>
    public static void Save(string path, IReadOnlyList<MLImage> images, int columns, IReadOnlyList<string>? rowLabels = null, int padding = 2, int scale = 1)
    {
        using var grid = Compose(images, columns, rowLabels, padding, scale);
        SavePng(grid, path);
    }

    /// <summary>Writes <paramref name="image"/> as a PNG file, atomically (temporary file, then rename).</summary>
    /// <param name="image">The image to write.</param>
    /// <param name="path">Target file, ending in .png; missing folders are created.</param>
    /// <exception cref="ArgumentException">The path does not end in .png.</exception>
    public static void SavePng(MLImage image, string path)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!string.Equals(Path.GetExtension(path), ".png", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"images are written as PNG: '{path}' should end in .png", nameof(path));
        }

        // MLImage.Save picks the encoder from the extension; the temporary name keeps ".png".
        AtomicFile.Replace(path, image.Save);
    }

    /// <summary>The width in pixels, at scale 1, that <paramref name="label"/> takes in the label column.</summary>
    /// <param name="label">The row label.</param>
    public static int MeasureLabel(string label)
    {
        ArgumentNullException.ThrowIfNull(label);
        using var font = LabelFont(1);
        return (int)Math.Ceiling(font.MeasureText(label));
    }

    private static SKFont LabelFont(int scale) =>
        new(SKTypeface.FromFamilyName(LabelTypefaceName) ?? SKTypeface.Default, LabelFontSize * scale);

    // Draws each label left-aligned at x = left, vertically centred on its row, into the Bgra32 pixels.
    private static void DrawLabels(byte[] pixels, int width, int height, IReadOnlyList<string> labels, int left, float[] centres, int scale)
    {
        var info = new SKImageInfo(width, height, SKColorType.Bgra8888, SKAlphaType.Premul);
        var handle = System.Runtime.InteropServices.GCHandle.Alloc(pixels, System.Runtime.InteropServices.GCHandleType.Pinned);
        try
        {
            using var bitmap = new SKBitmap();
            bitmap.InstallPixels(info, handle.AddrOfPinnedObject(), info.RowBytes);
            using var canvas = new SKCanvas(bitmap);
            using var font = LabelFont(scale);
            using var paint = new SKPaint { Color = new SKColor(TextColor.R, TextColor.G, TextColor.B), IsAntialias = true };
            var metrics = font.Metrics;
            var baselineOffset = -(metrics.Ascent + metrics.Descent) / 2;
            for (var r = 0; r < labels.Count; r++)
            {
                canvas.DrawText(labels[r] ?? string.Empty, left, centres[r] + baselineOffset, SKTextAlign.Left, font, paint);
            }

            canvas.Flush();
        }
        finally
        {
            handle.Free();
        }
    }

    private static (int Width, int Height) CheckTiles(IReadOnlyList<MLImage> images)
    {
        var first = images[0] ?? throw new ArgumentException("image 0 is null", nameof(images));
        for (var i = 1; i < images.Count; i++)
        {
            var image = images[i] ?? throw new ArgumentException($"image {i} is null", nameof(images));
            if (image.Width != first.Width || image.Height != first.Height)
            {
                throw new ArgumentException(
                    $"sample grid tiles must share one size: image 0 is {first.Width}x{first.Height}, image {i} is {image.Width}x{image.Height}",
                    nameof(images));
            }
        }

        return (first.Width, first.Height);
    }

    // Copies one tile into the Bgra32 grid, blending its alpha over the background.
    private static void CopyTile(MLImage tile, byte[] grid, int gridWidth, int left, int top)
    {
        var order = ChannelOrder.Of(tile.PixelFormat);
        var source = tile.Pixels;
        const int bpp = ImagePixels.BytesPerPixel;
        for (var y = 0; y < tile.Height; y++)
        {
            for (var x = 0; x < tile.Width; x++)
            {
                var s = source.Slice(((y * tile.Width) + x) * bpp, bpp);
                var d = (((top + y) * gridWidth) + left + x) * bpp;
                int a = s[order.A];
                grid[d] = Blend(s[order.B], Background.B, a);
                grid[d + 1] = Blend(s[order.G], Background.G, a);
                grid[d + 2] = Blend(s[order.R], Background.R, a);
                grid[d + 3] = 255;
            }
        }
    }

    private static byte Blend(byte value, byte background, int alpha) =>
        alpha == 255 ? value : (byte)(((value * alpha) + (background * (255 - alpha)) + 127) / 255);

    // Nearest-neighbour enlargement by an integer factor: (H, W, 4) -> (sH, sW, 4).
    private static byte[] Enlarge(byte[] pixels, int width, int height, int scale)
    {
        const int bpp = ImagePixels.BytesPerPixel;
        var bigRow = width * scale * bpp;
        var big = new byte[checked(bigRow * height * scale)];
        for (var y = 0; y < height; y++)
        {
            var row = y * scale * bigRow;
            for (var x = 0; x < width; x++)
            {
                for (var k = 0; k < scale; k++)
                {
                    Array.Copy(pixels, ((y * width) + x) * bpp, big, row + (((x * scale) + k) * bpp), bpp);
                }
            }

            for (var k = 1; k < scale; k++)
            {
                Array.Copy(big, row, big, row + (k * bigRow), bigRow);
            }
        }

        return big;
    }
}
