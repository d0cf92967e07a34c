// Which planes a ColorBits value stands for, in which order, and how they map onto an MLImage's channels.
namespace MLNet.Gan.Data;

/// <summary>
/// The planes of a <see cref="ImagePixelExtractingEstimator.ColorBits"/> value. Colour planes come in the order
/// red, green, blue, alpha (each only when present); gray planes as gray, alpha. An image is first given
/// <see cref="ImageChannels"/> channels (gray, gray+alpha, RGB or RGBA) and the planes are its channels at
/// <see cref="ChannelIndices"/>.
/// </summary>
internal sealed class ColorPlanes
{
    private const ImagePixelExtractingEstimator.ColorBits Colors =
        ImagePixelExtractingEstimator.ColorBits.Red | ImagePixelExtractingEstimator.ColorBits.Green | ImagePixelExtractingEstimator.ColorBits.Blue;

    private const ImagePixelExtractingEstimator.ColorBits Known = Colors
        | ImagePixelExtractingEstimator.ColorBits.Alpha | ImagePixelExtractingEstimator.ColorBits.Gray;

    private static readonly ColorPlanes[] s_inferred =
    [
        Of(ImagePixelExtractingEstimator.ColorBits.Gray, "ConvertToImage"),
        Of(ImagePixelExtractingEstimator.ColorBits.Gray | ImagePixelExtractingEstimator.ColorBits.Alpha, "ConvertToImage"),
        Of(ImagePixelExtractingEstimator.ColorBits.Rgb, "ConvertToImage"),
        Of(ImagePixelExtractingEstimator.ColorBits.All, "ConvertToImage"),
    ];

    private ColorPlanes(ImagePixelExtractingEstimator.ColorBits bits, int imageChannels, int[] channelIndices)
    {
        Bits = bits;
        ImageChannels = imageChannels;
        ChannelIndices = channelIndices;
    }

    /// <summary>The flags.</summary>
    public ImagePixelExtractingEstimator.ColorBits Bits { get; }

    /// <summary>The number of planes.</summary>
    public int Count => ChannelIndices.Length;

    /// <summary>The channels of the image the planes come from: 1 gray, 2 gray+alpha, 3 RGB, 4 RGBA.</summary>
    public int ImageChannels { get; }

    /// <summary>For each plane, the image channel it is.</summary>
    public int[] ChannelIndices { get; }

    /// <summary>Whether the planes are gray ones.</summary>
    public bool IsGray => (Bits & ImagePixelExtractingEstimator.ColorBits.Gray) != 0;

    /// <summary>The planes of <paramref name="bits"/>; throws naming <paramref name="what"/> when the flags make no sense together.</summary>
    public static ColorPlanes Of(ImagePixelExtractingEstimator.ColorBits bits, string what)
    {
        if (bits == 0 || (bits & ~Known) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(bits), bits, $"{what}: colours {bits} are not a combination of Red, Green, Blue, Alpha and Gray");
        }

        var alpha = (bits & ImagePixelExtractingEstimator.ColorBits.Alpha) != 0;
        if ((bits & ImagePixelExtractingEstimator.ColorBits.Gray) != 0)
        {
            if ((bits & Colors) != 0)
            {
                throw new ArgumentOutOfRangeException(nameof(bits), bits, $"{what}: Gray cannot be combined with Red, Green or Blue (colours {bits})");
            }

            return new ColorPlanes(bits, alpha ? 2 : 1, alpha ? [0, 1] : [0]);
        }

        var indices = new List<int>();
        ReadOnlySpan<ImagePixelExtractingEstimator.ColorBits> order =
            [ImagePixelExtractingEstimator.ColorBits.Red, ImagePixelExtractingEstimator.ColorBits.Green, ImagePixelExtractingEstimator.ColorBits.Blue];
        for (var c = 0; c < order.Length; c++)
        {
            if ((bits & order[c]) != 0)
            {
                indices.Add(c);
            }
        }

        if (alpha)
        {
            indices.Add(3);
        }

        return new ColorPlanes(bits, alpha ? 4 : 3, indices.ToArray());
    }

    /// <summary>The planes a vector of <paramref name="planeCount"/> planes holds when its colours are not given: 1 Gray, 2 Gray|Alpha, 3 Rgb, 4 All.</summary>
    public static ColorPlanes? Inferred(int planeCount) => planeCount is >= 1 and <= 4 ? s_inferred[planeCount - 1] : null;
}
