// How 8-bit pixel values map to floats and back: [-1, 1] (the GAN default, matching tanh) or [0, 1].
namespace MLNet.Gan.Data;

/// <summary>The float range 8-bit pixel values 0..255 are mapped onto.</summary>
public enum PixelRange
{
    /// <summary>v / 127.5 − 1: 0 → −1, 255 → 1 (matches a tanh generator output).</summary>
    MinusOneToOne = 0,

    /// <summary>v / 255: 0 → 0, 255 → 1.</summary>
    ZeroToOne = 1,
}

/// <summary>Conversions between bytes and floats for a <see cref="PixelRange"/>.</summary>
public static class PixelScaling
{
    /// <summary>The float of byte <paramref name="value"/> in <paramref name="range"/>.</summary>
    public static float ToFloat(byte value, PixelRange range) => range switch
    {
        PixelRange.MinusOneToOne => (value / 127.5f) - 1f,
        PixelRange.ZeroToOne => value / 255f,
        _ => throw new ArgumentOutOfRangeException(nameof(range), range, "unknown pixel range"),
    };

    /// <summary>The byte of float <paramref name="value"/> in <paramref name="range"/>: scaled, rounded and clamped to 0..255.</summary>
    /// <exception cref="ArgumentException">The value is NaN or infinite.</exception>
    public static byte ToByte(float value, PixelRange range)
    {
        if (!float.IsFinite(value))
        {
            throw new ArgumentException($"pixel value {value} is not finite", nameof(value));
        }

        var scaled = range switch
        {
            PixelRange.MinusOneToOne => (value + 1f) * 127.5f,
            PixelRange.ZeroToOne => value * 255f,
            _ => throw new ArgumentOutOfRangeException(nameof(range), range, "unknown pixel range"),
        };
        return scaled <= 0f ? (byte)0 : scaled >= 255f ? (byte)255 : (byte)MathF.Round(scaled, MidpointRounding.AwayFromZero);
    }

    /// <summary>A 256-entry table of <see cref="ToFloat"/> for fast conversion of many pixels.</summary>
    public static float[] Table(PixelRange range)
    {
        var table = new float[256];
        for (var i = 0; i < 256; i++)
        {
            table[i] = ToFloat((byte)i, range);
        }

        return table;
    }
}
