// Colour conversions of MLImage: to grayscale (BT.601 luma) and flattening alpha over a background.
namespace MLNet.Gan.Data;

public sealed partial class MLImage
{
    /// <summary>Whether the image has an alpha channel (2 = gray+alpha or 4 = RGBA channels).</summary>
    public bool HasAlpha => Channels is 2 or 4;

    /// <summary>
    /// Converts to grayscale with ITU-R BT.601 luma, round(0.299 R + 0.587 G + 0.114 B).
    /// RGB gives 1 channel; RGBA gives 1 channel, or gray+alpha with <paramref name="keepAlpha"/>.
    /// Alpha is dropped, not blended: call <see cref="CompositeAlpha"/> first for transparent images.
    /// </summary>
    /// <param name="keepAlpha">Keep the alpha channel (gray+alpha output) instead of dropping it.</param>
    /// <returns>A new image; the input is left unchanged.</returns>
    public MLImage ToGrayscale(bool keepAlpha = false)
    {
        var outChannels = keepAlpha && HasAlpha ? 2 : 1;
        var count = Width * Height;
        var src = Pixels;
        var dst = new byte[count * outChannels];
        for (var i = 0; i < count; i++)
        {
            var s = i * Channels;
            var gray = Channels >= 3 ? Luma(src[s], src[s + 1], src[s + 2]) : src[s];
            dst[i * outChannels] = gray;
            if (outChannels == 2)
            {
                dst[(i * 2) + 1] = src[s + Channels - 1];
            }
        }

        return Create(Width, Height, outChannels, dst);
    }

    /// <summary>
    /// Blends the image over an opaque background colour and drops alpha: RGBA gives RGB,
    /// gray+alpha gives gray (over the background's luma). out = (c·a + bg·(255 − a)) / 255, rounded.
    /// </summary>
    /// <param name="red">Background red.</param>
    /// <param name="green">Background green.</param>
    /// <param name="blue">Background blue.</param>
    /// <returns>A new image without alpha, or this image when it has none.</returns>
    public MLImage CompositeAlpha(byte red = 255, byte green = 255, byte blue = 255)
    {
        if (!HasAlpha)
        {
            return this;
        }

        var colorChannels = Channels - 1;
        Span<byte> background = stackalloc byte[3];
        if (colorChannels == 1)
        {
            background[0] = Luma(red, green, blue);
        }
        else
        {
            background[0] = red;
            background[1] = green;
            background[2] = blue;
        }

        var count = Width * Height;
        var src = Pixels;
        var dst = new byte[count * colorChannels];
        for (var i = 0; i < count; i++)
        {
            var s = i * Channels;
            int alpha = src[s + colorChannels];
            for (var c = 0; c < colorChannels; c++)
            {
                var blended = (src[s + c] * alpha) + (background[c] * (255 - alpha));
                dst[(i * colorChannels) + c] = (byte)((blended + 127) / 255);
            }
        }

        return Create(Width, Height, colorChannels, dst);
    }

    /// <summary>Gives the image <paramref name="channels"/> channels: gray is repeated into RGB, alpha added as opaque or dropped.</summary>
    /// <param name="channels">1 gray, 2 gray+alpha, 3 RGB or 4 RGBA.</param>
    /// <returns>A new image, or this image when it already has that many channels.</returns>
    public MLImage WithChannels(int channels)
    {
        CheckShape(Width, Height, channels);
        if (channels == Channels)
        {
            return this;
        }

        var source = Channels;
        var count = Width * Height;
        var src = Pixels;
        var dst = new byte[count * channels];
        bool srcAlpha = HasAlpha, dstAlpha = channels is 2 or 4;
        for (var i = 0; i < count; i++)
        {
            var s = i * source;
            var d = i * channels;
            if (channels <= 2)
            {
                dst[d] = source >= 3 ? Luma(src[s], src[s + 1], src[s + 2]) : src[s];
            }
            else
            {
                var gray = source <= 2;
                dst[d] = src[s];
                dst[d + 1] = gray ? src[s] : src[s + 1];
                dst[d + 2] = gray ? src[s] : src[s + 2];
            }

            if (dstAlpha)
            {
                dst[d + channels - 1] = srcAlpha ? src[s + source - 1] : (byte)255;
            }
        }

        return Create(Width, Height, channels, dst);
    }

    /// <summary>BT.601 luma in integers: (299 R + 587 G + 114 B + 500) / 1000.</summary>
    internal static byte Luma(int red, int green, int blue) => (byte)(((299 * red) + (587 * green) + (114 * blue) + 500) / 1000);
}
