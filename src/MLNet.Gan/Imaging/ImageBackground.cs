// The colour that transparent pixels are composited onto, so every image the networks see is opaque: one mechanism for
// the GAN trainer's reader, the image file reader, the colorizer and the command line (--background).
using System.Globalization;
using System.Text.Json.Serialization;
using Microsoft.ML.Data;

namespace MLNet.Gan.Imaging;

/// <summary>
/// An opaque background colour. Images with an alpha channel (icons, sprites, padded borders) are composited onto it
/// ("source over"): a transparent pixel becomes the background, a half-transparent one a blend.
/// </summary>
/// <remarks>
/// MLImage pixels are premultiplied by alpha (SkiaSharp decodes to premultiplied pixels, and <c>MLImage.CreateFromPixels</c>
/// declares its bytes premultiplied), so a pixel's composite is <c>colour + background × (255 − alpha) / 255</c>.
/// </remarks>
/// <param name="R">Red, 0..255.</param>
/// <param name="G">Green, 0..255.</param>
/// <param name="B">Blue, 0..255.</param>
public readonly record struct ImageBackground(byte R, byte G, byte B)
{
    /// <summary>White (255, 255, 255), the default: how icons and sprites are usually shown.</summary>
    public static ImageBackground White { get; } = new(255, 255, 255);

    /// <summary>Black (0, 0, 0).</summary>
    public static ImageBackground Black { get; } = new(0, 0, 0);

    /// <summary>True when R = G = B, so gray images stay gray after compositing.</summary>
    [JsonIgnore]
    public bool IsGray => R == G && G == B;

    /// <summary>Parses <c>white</c>, <c>black</c> or <c>#RRGGBB</c> (any case).</summary>
    /// <exception cref="FormatException">Anything else; the message names the text and the accepted forms.</exception>
    public static ImageBackground Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var t = text.Trim();
        if (t.Equals("white", StringComparison.OrdinalIgnoreCase))
        {
            return White;
        }

        if (t.Equals("black", StringComparison.OrdinalIgnoreCase))
        {
            return Black;
        }

        if (t.Length == 7 && t[0] == '#' && uint.TryParse(t.AsSpan(1), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var rgb))
        {
            return new ImageBackground((byte)(rgb >> 16), (byte)(rgb >> 8), (byte)rgb);
        }

        throw new FormatException($"background '{text}' is not a colour: expected white, black or #RRGGBB (e.g. #808080)");
    }

    /// <summary>The colour as <c>#RRGGBB</c>.</summary>
    public override string ToString() => $"#{R:X2}{G:X2}{B:X2}";

    /// <summary>How many pixels of <paramref name="image"/> are not fully opaque.</summary>
    public static int CountTransparent(MLImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var alpha = ChannelOrder.Of(image.PixelFormat).A;
        var pixels = image.Pixels;
        var count = 0;
        for (var i = alpha; i < pixels.Length; i += ImagePixels.BytesPerPixel)
        {
            if (pixels[i] != 255)
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>
    /// The pixels of <paramref name="image"/> composited onto this background, as interleaved R, G, B bytes (H x W x 3);
    /// opaque pixels are copied unchanged.
    /// </summary>
    public void CompositeRgb(MLImage image, Span<byte> rgb)
    {
        ArgumentNullException.ThrowIfNull(image);
        var plane = image.Width * image.Height;
        if (rgb.Length != plane * 3)
        {
            throw new ArgumentException($"a {image.Width}x{image.Height} image needs {plane * 3} RGB bytes, got {rgb.Length}", nameof(rgb));
        }

        var order = ChannelOrder.Of(image.PixelFormat);
        var pixels = image.Pixels;
        for (var p = 0; p < plane; p++)
        {
            var px = pixels.Slice(p * ImagePixels.BytesPerPixel, ImagePixels.BytesPerPixel);
            var a = px[order.A];
            if (a == 255)
            {
                rgb[p * 3] = px[order.R];
                rgb[(p * 3) + 1] = px[order.G];
                rgb[(p * 3) + 2] = px[order.B];
                continue;
            }

            var rest = 255 - a;
            rgb[p * 3] = Over(px[order.R], R, rest);
            rgb[(p * 3) + 1] = Over(px[order.G], G, rest);
            rgb[(p * 3) + 2] = Over(px[order.B], B, rest);
        }
    }

    /// <summary>An opaque copy of <paramref name="image"/> composited onto this background (the image itself is left as it is).</summary>
    public MLImage Composite(MLImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var rgb = new byte[image.Width * image.Height * 3];
        CompositeRgb(image, rgb);
        return ImagePixels.FromRgb(rgb, image.Width, image.Height);
    }

    // A premultiplied channel over the background: c + bg (255 - a) / 255, rounded; bytes that were never premultiplied
    // (c > a) are clamped rather than wrapped.
    private static byte Over(byte premultiplied, byte background, int rest) =>
        (byte)Math.Min(255, premultiplied + (((background * rest) + 127) / 255));
}
