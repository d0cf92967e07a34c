// Byte-level access to MLImage pixels: an MLImage is always 4 bytes per pixel, in Bgra32 or Rgba32 order,
// so every reader here asks the image which of the two it holds.
using Microsoft.ML.Data;

namespace MLNet.Gan.Imaging;

/// <summary>Where red, green, blue and alpha sit inside one 4-byte pixel of a given format.</summary>
/// <param name="R">Offset of red.</param>
/// <param name="G">Offset of green.</param>
/// <param name="B">Offset of blue.</param>
/// <param name="A">Offset of alpha.</param>
internal readonly record struct ChannelOrder(int R, int G, int B, int A)
{
    public static ChannelOrder Bgra { get; } = new(2, 1, 0, 3);

    public static ChannelOrder Rgba { get; } = new(0, 1, 2, 3);

    /// <summary>The order of <paramref name="format"/>; only the two formats MLImage holds are known.</summary>
    public static ChannelOrder Of(MLPixelFormat format) => format switch
    {
        MLPixelFormat.Bgra32 => Bgra,
        MLPixelFormat.Rgba32 => Rgba,
        _ => throw new NotSupportedException($"MLImage pixel format {format} is not supported; expected Bgra32 or Rgba32"),
    };
}

/// <summary>Creates MLImages from gray or RGB bytes and reads single pixels back.</summary>
internal static class ImagePixels
{
    /// <summary>Bytes per MLImage pixel (Bgra32 and Rgba32 alike).</summary>
    public const int BytesPerPixel = 4;

    /// <summary>An opaque Bgra32 image whose blue, green and red are the <paramref name="gray"/> value (H x W bytes).</summary>
    public static MLImage FromGray(ReadOnlySpan<byte> gray, int width, int height)
    {
        CheckLength(gray.Length, width, height, 1);
        var bgra = new byte[gray.Length * BytesPerPixel];
        for (var p = 0; p < gray.Length; p++)
        {
            var v = gray[p];
            var o = p * BytesPerPixel;
            bgra[o] = v;
            bgra[o + 1] = v;
            bgra[o + 2] = v;
            bgra[o + 3] = 255;
        }

        return MLImage.CreateFromPixels(width, height, MLPixelFormat.Bgra32, bgra);
    }

    /// <summary>An opaque Bgra32 image of interleaved <paramref name="rgb"/> bytes (H x W x 3).</summary>
    public static MLImage FromRgb(ReadOnlySpan<byte> rgb, int width, int height)
    {
        CheckLength(rgb.Length, width, height, 3);
        var bgra = new byte[width * height * BytesPerPixel];
        for (var p = 0; p < width * height; p++)
        {
            var o = p * BytesPerPixel;
            bgra[o] = rgb[(p * 3) + 2];
            bgra[o + 1] = rgb[(p * 3) + 1];
            bgra[o + 2] = rgb[p * 3];
            bgra[o + 3] = 255;
        }

        return MLImage.CreateFromPixels(width, height, MLPixelFormat.Bgra32, bgra);
    }

    /// <summary>The colour of pixel (<paramref name="x"/>, <paramref name="y"/>) as (R, G, B, A).</summary>
    public static (byte R, byte G, byte B, byte A) Get(MLImage image, int x, int y)
    {
        ArgumentNullException.ThrowIfNull(image);
        if ((uint)x >= (uint)image.Width || (uint)y >= (uint)image.Height)
        {
            throw new ArgumentOutOfRangeException(nameof(x), $"pixel ({x}, {y}) lies outside the {image.Width}x{image.Height} image");
        }

        var order = ChannelOrder.Of(image.PixelFormat);
        var pixel = image.Pixels.Slice(((y * image.Width) + x) * BytesPerPixel, BytesPerPixel);
        return (pixel[order.R], pixel[order.G], pixel[order.B], pixel[order.A]);
    }

    private static void CheckLength(int length, int width, int height, int channels)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        if (length != (long)width * height * channels)
        {
            throw new ArgumentException($"a {width}x{height} image with {channels} channel(s) needs {(long)width * height * channels} bytes, found {length}");
        }
    }
}
