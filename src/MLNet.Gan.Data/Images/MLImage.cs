// In-memory image value of an Image column: 8-bit pixels, height x width x channels, row-major.
namespace MLNet.Gan.Data;

/// <summary>
/// An image held in memory: <see cref="Pixels"/> is <see cref="Height"/> × <see cref="Width"/> ×
/// <see cref="Channels"/> bytes (HWC, row-major), channels 1 (gray), 3 (RGB) or 4 (RGBA).
/// </summary>
public sealed partial class MLImage
{
    /// <summary>Wraps <paramref name="pixels"/> (HWC bytes, not copied) as an image.</summary>
    public MLImage(int width, int height, int channels, byte[] pixels)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (channels is not (1 or 3 or 4))
        {
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "An image has 1, 3 or 4 channels.");
        }

        if ((long)width * height * channels != pixels.Length)
        {
            throw new ArgumentException(
                $"A {width}x{height} image with {channels} channels needs {(long)width * height * channels} bytes, got {pixels.Length}.",
                nameof(pixels));
        }

        Width = width;
        Height = height;
        Channels = channels;
        Pixels = pixels;
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>Number of channels per pixel (1, 3 or 4).</summary>
    public int Channels { get; }

    /// <summary>The pixel bytes, HWC row-major.</summary>
    public byte[] Pixels { get; }
}
