// A tiny rasteriser for report charts: filled rectangles, thick clipped lines and bitmap-font text.
// Pixels are kept as Rgba32 bytes, the layout MLImage.CreateFromPixels takes, so the canvas becomes an image by one copy.
using Microsoft.ML.Data;

namespace MLNet.Gan.Imaging;

/// <summary>An RGB colour.</summary>
/// <param name="R">Red, 0..255.</param>
/// <param name="G">Green, 0..255.</param>
/// <param name="B">Blue, 0..255.</param>
public readonly record struct Rgb(byte R, byte G, byte B)
{
    /// <summary>This colour mixed towards white by <paramref name="amount"/> (0 = unchanged, 1 = white).</summary>
    public Rgb Lighter(double amount) => new(Mix(R, amount), Mix(G, amount), Mix(B, amount));

    private static byte Mix(byte v, double amount) => (byte)Math.Round(v + ((255 - v) * Math.Clamp(amount, 0, 1)));
}

/// <summary>A clip rectangle in pixels: columns [Left, Right), rows [Top, Bottom).</summary>
/// <param name="Left">First column inside.</param>
/// <param name="Top">First row inside.</param>
/// <param name="Right">First column outside.</param>
/// <param name="Bottom">First row outside.</param>
public readonly record struct PixelRect(int Left, int Top, int Right, int Bottom)
{
    /// <summary>Width in pixels.</summary>
    public int Width => Right - Left;

    /// <summary>Height in pixels.</summary>
    public int Height => Bottom - Top;

    /// <summary>Whether (x, y) lies inside.</summary>
    public bool Contains(int x, int y) => x >= Left && x < Right && y >= Top && y < Bottom;
}

/// <summary>An opaque drawing surface that becomes an <see cref="MLImage"/> or a PNG file.</summary>
public sealed class RasterCanvas
{
    private readonly byte[] _pixels;

    /// <summary>A canvas of <paramref name="width"/> x <paramref name="height"/> filled with <paramref name="background"/>.</summary>
    public RasterCanvas(int width, int height, Rgb background)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        Width = width;
        Height = height;
        _pixels = new byte[checked(width * height * ImagePixels.BytesPerPixel)];
        FillRect(new PixelRect(0, 0, width, height), background);
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>The whole canvas as a clip rectangle.</summary>
    public PixelRect Bounds => new(0, 0, Width, Height);

    /// <summary>The colour at (x, y).</summary>
    public Rgb this[int x, int y]
    {
        get
        {
            if ((uint)x >= (uint)Width || (uint)y >= (uint)Height)
            {
                throw new ArgumentOutOfRangeException(nameof(x), $"pixel ({x}, {y}) lies outside the {Width}x{Height} canvas");
            }

            var i = ((y * Width) + x) * ImagePixels.BytesPerPixel;
            return new Rgb(_pixels[i], _pixels[i + 1], _pixels[i + 2]);
        }
    }

    /// <summary>Sets one pixel when it lies inside <paramref name="clip"/>.</summary>
    public void Plot(int x, int y, Rgb color, PixelRect clip)
    {
        if (clip.Contains(x, y) && (uint)x < (uint)Width && (uint)y < (uint)Height)
        {
            var i = ((y * Width) + x) * ImagePixels.BytesPerPixel;
            _pixels[i] = color.R;
            _pixels[i + 1] = color.G;
            _pixels[i + 2] = color.B;
            _pixels[i + 3] = 255;
        }
    }

    /// <summary>Fills a rectangle.</summary>
    public void FillRect(PixelRect rect, Rgb color)
    {
        for (var y = rect.Top; y < rect.Bottom; y++)
        {
            for (var x = rect.Left; x < rect.Right; x++)
            {
                Plot(x, y, color, Bounds);
            }
        }
    }

    /// <summary>Draws the one-pixel outline of a rectangle.</summary>
    public void StrokeRect(PixelRect rect, Rgb color)
    {
        Line(rect.Left, rect.Top, rect.Right - 1, rect.Top, color, 1, Bounds);
        Line(rect.Left, rect.Bottom - 1, rect.Right - 1, rect.Bottom - 1, color, 1, Bounds);
        Line(rect.Left, rect.Top, rect.Left, rect.Bottom - 1, color, 1, Bounds);
        Line(rect.Right - 1, rect.Top, rect.Right - 1, rect.Bottom - 1, color, 1, Bounds);
    }

    /// <summary>A straight line (Bresenham) <paramref name="thickness"/> pixels wide, clipped to <paramref name="clip"/>.</summary>
    public void Line(int x0, int y0, int x1, int y1, Rgb color, int thickness, PixelRect clip)
    {
        int dx = Math.Abs(x1 - x0), dy = -Math.Abs(y1 - y0);
        int sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1;
        var err = dx + dy;
        var low = -(thickness - 1) / 2;
        var high = low + thickness - 1;
        var guard = 0;
        while (guard++ < 100_000)
        {
            for (var oy = low; oy <= high; oy++)
            {
                for (var ox = low; ox <= high; ox++)
                {
                    Plot(x0 + ox, y0 + oy, color, clip);
                }
            }

            if (x0 == x1 && y0 == y1)
            {
                break;
            }

            var e2 = 2 * err;
            if (e2 >= dy)
            {
                err += dy;
                x0 += sx;
            }

            if (e2 <= dx)
            {
                err += dx;
                y0 += sy;
            }
        }
    }

    /// <summary>Width of <paramref name="text"/> at <paramref name="scale"/>.</summary>
    public static int TextWidth(string text, int scale = 1) => BitmapFont.MeasureWidth(text) * scale;

    /// <summary>Height of a line of text at <paramref name="scale"/>.</summary>
    public static int TextHeight(int scale = 1) => BitmapFont.GlyphHeight * scale;

    /// <summary>Draws text with its top-left corner at (left, top), each font cell <paramref name="scale"/> pixels square.</summary>
    public void Text(int left, int top, string text, Rgb color, int scale = 1)
    {
        ArgumentNullException.ThrowIfNull(text);
        for (var i = 0; i < text.Length; i++)
        {
            for (var gy = 0; gy < BitmapFont.GlyphHeight; gy++)
            {
                for (var gx = 0; gx < BitmapFont.GlyphWidth; gx++)
                {
                    if (!BitmapFont.IsInk(text[i], gx, gy))
                    {
                        continue;
                    }

                    var px = left + (((i * BitmapFont.Advance) + gx) * scale);
                    var py = top + (gy * scale);
                    FillRect(new PixelRect(px, py, px + scale, py + scale), color);
                }
            }
        }
    }

    /// <summary>The drawing as a new opaque Rgba32 image.</summary>
    public MLImage ToImage() => MLImage.CreateFromPixels(Width, Height, MLPixelFormat.Rgba32, _pixels);

    /// <summary>Encodes the drawing as PNG and writes it atomically (temporary file, then rename).</summary>
    /// <param name="path">Target file, ending in .png; missing folders are created.</param>
    public void SavePng(string path)
    {
        using var image = ToImage();
        SampleGrid.SavePng(image, path);
    }
}
