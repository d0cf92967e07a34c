// The colorizer's color space: luma with the weights of ML.NET's ConvertToGrayscale plus two chroma differences, so
// an output keeps its input's gray value exactly and the network only predicts chroma.
using Microsoft.ML.Data;
using MLNet.Gan.Imaging;

namespace MLNet.Gan.Colorization;

/// <summary>
/// Y = 0.3 R + 0.59 G + 0.11 B (the matrix ML.NET's <c>ConvertToGrayscale</c> applies to an MLImage),
/// U = (B - Y) / (255 (1 - 0.11)), V = (R - Y) / (255 (1 - 0.3)): U and V lie in [-1, 1] for every RGB color.
/// Rebuilding RGB from Y and predicted (U, V) keeps Y: when a channel would leave [0, 255], the chroma is scaled
/// down towards gray (hue kept) instead of clipping the channel, so only the final rounding to bytes moves the
/// luma, by at most 0.5.
/// </summary>
internal static class LumaChroma
{
    /// <summary>Weight of red in the luma.</summary>
    public const double WR = 0.3;

    /// <summary>Weight of green in the luma.</summary>
    public const double WG = 0.59;

    /// <summary>Weight of blue in the luma.</summary>
    public const double WB = 0.11;

    /// <summary>B - Y of a unit U.</summary>
    public const double UScale = 255.0 * (1 - WB);

    /// <summary>R - Y of a unit V.</summary>
    public const double VScale = 255.0 * (1 - WR);

    /// <summary>The luma of a color, in 0..255 (exactly the value when R = G = B).</summary>
    public static double Luma(double r, double g, double b) => r == g && g == b ? r : (WR * r) + (WG * g) + (WB * b);

    /// <summary>
    /// The pixels of <paramref name="image"/> as R, G, B planes of bytes in 0..255 (CHW), composited on white
    /// (<see cref="ImageBackground"/>): transparent pixels become white, half-transparent ones a blend (how emoji and other
    /// icons are shown).
    /// </summary>
    public static float[] RgbOnWhite(MLImage image)
    {
        var plane = image.Width * image.Height;
        var interleaved = new byte[3 * plane];
        ImageBackground.White.CompositeRgb(image, interleaved);
        var rgb = new float[3 * plane];
        for (var p = 0; p < plane; p++)
        {
            rgb[p] = interleaved[p * 3];
            rgb[plane + p] = interleaved[(p * 3) + 1];
            rgb[(2 * plane) + p] = interleaved[(p * 3) + 2];
        }

        return rgb;
    }

    /// <summary>
    /// The luma of every pixel of an opaque <paramref name="image"/> (H x W values in 0..255), or the number of pixels
    /// that are not opaque (then <paramref name="luma"/> is null): a gray input with transparency has no single gray value.
    /// </summary>
    public static int ReadLuma(MLImage image, out double[]? luma)
    {
        var order = ChannelOrder.Of(image.PixelFormat);
        var plane = image.Width * image.Height;
        var pixels = image.Pixels;
        var transparent = 0;
        for (var p = 0; p < plane; p++)
        {
            if (pixels[(p * ImagePixels.BytesPerPixel) + order.A] != 255)
            {
                transparent++;
            }
        }

        if (transparent > 0)
        {
            luma = null;
            return transparent;
        }

        luma = new double[plane];
        for (var p = 0; p < plane; p++)
        {
            var px = pixels.Slice(p * ImagePixels.BytesPerPixel, ImagePixels.BytesPerPixel);
            luma[p] = Luma(px[order.R], px[order.G], px[order.B]);
        }

        return 0;
    }

    /// <summary>
    /// Y, U, V planes (each H x W, CHW order) of R, G, B planes in 0..255: Y scaled to [-1, 1] like the GAN's images,
    /// U and V in [-1, 1].
    /// </summary>
    public static void ToNetwork(ReadOnlySpan<float> rgb, Span<float> yuv)
    {
        var plane = rgb.Length / 3;
        for (var p = 0; p < plane; p++)
        {
            double r = rgb[p], g = rgb[plane + p], b = rgb[(2 * plane) + p];
            var y = Luma(r, g, b);
            yuv[p] = (float)((y / 127.5) - 1);
            yuv[plane + p] = (float)((b - y) / UScale);
            yuv[(2 * plane) + p] = (float)((r - y) / VScale);
        }
    }

    /// <summary>
    /// An opaque color image from full-resolution <paramref name="luma"/> (H x W, 0..255) and chroma planes U, V of the
    /// same size (2 x H x W, [-1, 1]): every pixel's luma equals <paramref name="luma"/> within 0.5.
    /// </summary>
    public static MLImage Compose(ReadOnlySpan<double> luma, ReadOnlySpan<float> chroma, int width, int height)
    {
        var plane = width * height;
        var bgra = new byte[plane * ImagePixels.BytesPerPixel];
        for (var p = 0; p < plane; p++)
        {
            var y = luma[p];
            double u = chroma[p], v = chroma[plane + p];
            var dr = float.IsFinite((float)v) ? v * VScale : 0;
            var db = float.IsFinite((float)u) ? u * UScale : 0;
            var dg = -((WR * dr) + (WB * db)) / WG; // keeps WR dR + WG dG + WB dB = 0
            var t = Math.Min(Fit(y, dr), Math.Min(Fit(y, dg), Fit(y, db)));
            var o = p * ImagePixels.BytesPerPixel;
            bgra[o] = ToByte(y + (t * db));
            bgra[o + 1] = ToByte(y + (t * dg));
            bgra[o + 2] = ToByte(y + (t * dr));
            bgra[o + 3] = 255;
        }

        return MLImage.CreateFromPixels(width, height, MLPixelFormat.Bgra32, bgra);
    }

    /// <summary>The largest t in [0, 1] with y + t d inside [0, 255] (y itself is inside).</summary>
    private static double Fit(double y, double d) =>
        d > 0 ? Math.Min(1, (255 - y) / d) : d < 0 ? Math.Min(1, y / -d) : 1;

    private static byte ToByte(double v) => (byte)Math.Clamp(Math.Round(v, MidpointRounding.AwayFromZero), 0, 255);
}
