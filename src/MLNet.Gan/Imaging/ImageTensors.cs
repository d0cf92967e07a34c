// Converts between MLImages and planar floats in [-1, 1] (the range of a tanh generator): span-level ToChw and
// FromChw need no TorchSharp; ToTensor and ToImages batch them into and out of (N, C, H, W) tensors.
using Microsoft.ML.Data;
using TorchSharp;

namespace MLNet.Gan.Imaging;

/// <summary>Turns images into training tensors and generated tensors back into images.</summary>
/// <remarks>
/// A byte v maps to v / 127.5 - 1 (0 → -1, 255 → 1) and back by rounding, so a round trip is exact for
/// bytes and within 1/255 for floats. One channel is BT.601 luma (0.299 R + 0.587 G + 0.114 B, exactly the
/// gray value when R = G = B); three channels are R, G, B planes. Alpha is ignored; images made here are opaque.
/// </remarks>
public static class ImageTensors
{
    /// <summary>Writes <paramref name="image"/> as <paramref name="channels"/> planes of H x W floats in [-1, 1].</summary>
    /// <param name="image">A Bgra32 or Rgba32 image (all MLImages are one of the two).</param>
    /// <param name="channels">1 for luma, 3 for RGB.</param>
    /// <param name="destination">Exactly channels x height x width floats, CHW order.</param>
    /// <exception cref="ArgumentException">The channel count is not 1 or 3, or the destination has the wrong size.</exception>
    public static void ToChw(MLImage image, int channels, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(image);
        CheckChannels(channels);
        int width = image.Width, height = image.Height, plane = width * height;
        if (destination.Length != channels * plane)
        {
            throw new ArgumentException(
                $"a {width}x{height} image with {channels} channel(s) needs {channels * plane} floats, the destination holds {destination.Length}",
                nameof(destination));
        }

        var order = ChannelOrder.Of(image.PixelFormat);
        var pixels = image.Pixels;
        for (var p = 0; p < plane; p++)
        {
            var px = pixels.Slice(p * ImagePixels.BytesPerPixel, ImagePixels.BytesPerPixel);
            byte r = px[order.R], g = px[order.G], b = px[order.B];
            if (channels == 1)
            {
                var luma = r == g && g == b ? r : (0.299f * r) + (0.587f * g) + (0.114f * b);
                destination[p] = ToUnit(luma);
            }
            else
            {
                destination[p] = ToUnit(r);
                destination[plane + p] = ToUnit(g);
                destination[(2 * plane) + p] = ToUnit(b);
            }
        }
    }

    /// <summary>
    /// An opaque Bgra32 image from <paramref name="channels"/> planes of floats in [-1, 1]: values are clamped to
    /// the range and rounded to bytes; one channel is repeated into red, green and blue.
    /// </summary>
    /// <param name="chw">Exactly channels x height x width floats, CHW order.</param>
    /// <param name="channels">1 (gray) or 3 (RGB).</param>
    /// <param name="height">Image height in pixels.</param>
    /// <param name="width">Image width in pixels.</param>
    /// <exception cref="ArgumentException">Bad channel count or size, or a NaN or infinite value (channel and pixel named).</exception>
    public static MLImage FromChw(ReadOnlySpan<float> chw, int channels, int height, int width)
    {
        CheckChannels(channels);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        var plane = width * height;
        if (chw.Length != channels * plane)
        {
            throw new ArgumentException($"a {width}x{height} image with {channels} channel(s) needs {channels * plane} floats, found {chw.Length}", nameof(chw));
        }

        var bgra = new byte[plane * ImagePixels.BytesPerPixel];
        for (var p = 0; p < plane; p++)
        {
            var o = p * ImagePixels.BytesPerPixel;
            var r = ToByte(chw[p], 0, p, width);
            byte g = r, b = r;
            if (channels == 3)
            {
                g = ToByte(chw[plane + p], 1, p, width);
                b = ToByte(chw[(2 * plane) + p], 2, p, width);
            }

            bgra[o] = b;
            bgra[o + 1] = g;
            bgra[o + 2] = r;
            bgra[o + 3] = 255;
        }

        return MLImage.CreateFromPixels(width, height, MLPixelFormat.Bgra32, bgra);
    }

    /// <summary>Whether every pixel of <paramref name="image"/> has equal red, green and blue.</summary>
    /// <param name="image">The image to look at.</param>
    public static bool IsGray(MLImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var order = ChannelOrder.Of(image.PixelFormat);
        var pixels = image.Pixels;
        for (var o = 0; o < pixels.Length; o += ImagePixels.BytesPerPixel)
        {
            if (pixels[o + order.R] != pixels[o + order.G] || pixels[o + order.G] != pixels[o + order.B])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The channel count that keeps all of <paramref name="image"/>: 1 when it is gray, else 3.</summary>
    /// <param name="image">The image to look at.</param>
    public static int ChannelsOf(MLImage image) => IsGray(image) ? 1 : 3;

    /// <summary>Images of one size as a float32 CPU tensor (N, C, H, W) in [-1, 1].</summary>
    /// <param name="images">At least one image; all of the first one's size.</param>
    /// <param name="channels">1 for luma, 3 for RGB.</param>
    /// <exception cref="ArgumentException">No images, a null image, or an image of another size (row, expected and found size named).</exception>
    public static torch.Tensor ToTensor(IReadOnlyList<MLImage> images, int channels)
    {
        ArgumentNullException.ThrowIfNull(images);
        CheckChannels(channels);
        if (images.Count == 0)
        {
            throw new ArgumentException("no images to convert", nameof(images));
        }

        var first = images[0] ?? throw new ArgumentException("image 0 is null", nameof(images));
        int width = first.Width, height = first.Height, size = channels * width * height;
        var values = new float[checked(images.Count * size)];
        for (var i = 0; i < images.Count; i++)
        {
            var image = images[i] ?? throw new ArgumentException($"image {i} is null", nameof(images));
            if (image.Width != width || image.Height != height)
            {
                throw new ArgumentException(
                    $"image {i} (0-based) is {image.Width}x{image.Height} (width x height); expected {width}x{height}, the size of image 0",
                    nameof(images));
            }

            ToChw(image, channels, values.AsSpan(i * size, size));
        }

        return torch.tensor(values, [images.Count, channels, height, width]);
    }

    /// <summary>Images from a float tensor (N, C, H, W) in [-1, 1] with C of 1 or 3, on any device.</summary>
    /// <param name="images">The batch; it is copied to the CPU as float32 and left as it was.</param>
    /// <exception cref="ArgumentException">The shape is not (N, 1 or 3, H, W), or a value is NaN or infinite.</exception>
    public static MLImage[] ToImages(torch.Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        var shape = images.shape;
        if (shape.Length != 4 || shape[1] is not (1 or 3) || shape[2] < 1 || shape[3] < 1)
        {
            throw new ArgumentException($"expected a tensor (N, C, H, W) with C = 1 or 3, found shape [{string.Join(", ", shape)}]", nameof(images));
        }

        int n = (int)shape[0], c = (int)shape[1], h = (int)shape[2], w = (int)shape[3];
        float[] values;
        using (var detached = images.detach())
        using (var cpu = detached.cpu())
        using (var floats = cpu.to_type(torch.ScalarType.Float32))
        using (var contiguous = floats.contiguous())
        {
            values = contiguous.data<float>().ToArray();
        }

        var size = c * h * w;
        var result = new MLImage[n];
        for (var i = 0; i < n; i++)
        {
            try
            {
                result[i] = FromChw(values.AsSpan(i * size, size), c, h, w);
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"image {i} (0-based) of the batch: {e.Message}", nameof(images), e);
            }
        }

        return result;
    }

    private static float ToUnit(float byteValue) => (byteValue / 127.5f) - 1f;

    private static byte ToByte(float v, int channel, int pixel, int width)
    {
        if (!float.IsFinite(v))
        {
            throw new ArgumentException($"channel {channel}, pixel ({pixel % width}, {pixel / width}) is {v}: image values must be finite");
        }

        var scaled = (v + 1f) * 127.5f;
        return scaled <= 0f ? (byte)0 : scaled >= 255f ? (byte)255 : (byte)MathF.Round(scaled, MidpointRounding.AwayFromZero);
    }

    private static void CheckChannels(int channels)
    {
        if (channels is not (1 or 3))
        {
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "channels must be 1 (gray) or 3 (RGB)");
        }
    }
}
