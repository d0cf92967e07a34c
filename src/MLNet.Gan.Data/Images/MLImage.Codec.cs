// Reading MLImage from PNG/JPEG/BMP/GIF/TGA files and writing it as PNG, through the shim's stb codec.
using MLNet.Gan.Torch;
using MLNet.Gan.Torch.Native;

namespace MLNet.Gan.Data;

public sealed partial class MLImage
{
    /// <summary>
    /// Decodes an image file (PNG incl. palette, gray+alpha, 16-bit and interlaced; JPEG incl.
    /// progressive; BMP; GIF, first frame; TGA) to 8-bit pixels.
    /// </summary>
    /// <param name="path">The file to read.</param>
    /// <param name="channels">0 keeps the file's channels; 1 gray, 2 gray+alpha, 3 RGB, 4 RGBA converts.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not a readable image; the message names it and gives the decoder's reason.</exception>
    public static MLImage CreateFromFile(string path, int channels = 0)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"image file not found: '{path}'", path);
        }

        return Decode(File.ReadAllBytes(path), channels, path);
    }

    /// <summary>Decodes an image read from <paramref name="stream"/> (to its end); see <see cref="CreateFromFile"/>.</summary>
    /// <param name="stream">The encoded file's bytes.</param>
    /// <param name="channels">0 keeps the file's channels; 1..4 converts.</param>
    /// <param name="sourceName">Names the source in error messages.</param>
    public static MLImage CreateFromStream(Stream stream, int channels = 0, string sourceName = "stream")
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return Decode(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), channels, sourceName);
    }

    /// <summary>Decodes an encoded image file held in memory; see <see cref="CreateFromFile"/>.</summary>
    /// <param name="encoded">The file's bytes.</param>
    /// <param name="channels">0 keeps the file's channels; 1..4 converts.</param>
    /// <param name="sourceName">Names the source in error messages.</param>
    public static MLImage CreateFromEncoded(ReadOnlySpan<byte> encoded, int channels = 0, string sourceName = "buffer") =>
        Decode(encoded, channels, sourceName);

    /// <summary>Wraps interleaved 8-bit pixels (HWC, row-major) as an image, checking the length.</summary>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    /// <param name="channels">1 gray, 2 gray+alpha, 3 RGB, 4 RGBA.</param>
    /// <param name="pixels">height * width * channels bytes; the image keeps this array.</param>
    public static MLImage CreateFromPixels(int width, int height, int channels, byte[] pixels)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        CheckShape(width, height, channels);
        var expected = (long)width * height * channels;
        if (pixels.Length != expected)
        {
            throw new ArgumentException(
                $"a {width}x{height} image with {channels} channels needs {expected} bytes, found {pixels.Length}", nameof(pixels));
        }

        return Create(width, height, channels, pixels);
    }

    /// <summary>
    /// The channel count stored in the file this image was decoded from (e.g. 1 for a gray PNG read as
    /// RGB); null when the image did not come from a file.
    /// </summary>
    public int? ChannelsInFile { get; private set; }

    /// <summary>Encodes this image as a PNG file in memory.</summary>
    public byte[] EncodePng() => ImageCodecNative.EncodePng(Pixels, Width, Height, Channels);

    /// <summary>Writes this image as a PNG file; a crash never leaves half a file (temporary file + rename).</summary>
    /// <param name="path">Target path; it must end in .png. Missing folders are created.</param>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!string.Equals(Path.GetExtension(path), ".png", StringComparison.OrdinalIgnoreCase))
        {
            throw new NotSupportedException($"MLImage.Save writes PNG only; give the file a .png extension: '{path}'");
        }

        var png = EncodePng();
        AtomicFile.Write(path, s => s.Write(png));
    }

    /// <summary>
    /// Wraps checked pixels. The public constructor takes 1, 3 or 4 channels; decoded gray+alpha images
    /// (2 channels) come through here until <see cref="CompositeAlpha"/> or <see cref="ToGrayscale"/> removes the alpha.
    /// </summary>
    internal static MLImage Create(int width, int height, int channels, byte[] pixels)
    {
        CheckShape(width, height, channels);
        if (pixels.Length != (long)width * height * channels)
        {
            throw new ArgumentException($"a {width}x{height} image with {channels} channels needs {(long)width * height * channels} bytes, found {pixels.Length}", nameof(pixels));
        }

        return channels == 2 ? new MLImage(width, height, pixels) : new MLImage(width, height, channels, pixels);
    }

    // Gray+alpha: the one channel count the public constructor does not accept.
    private MLImage(int width, int height, byte[] grayAlphaPixels)
    {
        Width = width;
        Height = height;
        Channels = 2;
        Pixels = grayAlphaPixels;
    }

    internal static void CheckShape(int width, int height, int channels)
    {
        if (width <= 0 || height <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"image size must be positive, found {width}x{height}");
        }

        if (channels is < 1 or > 4)
        {
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "expected 1 (gray), 2 (gray+alpha), 3 (RGB) or 4 (RGBA) channels");
        }
    }

    private static MLImage Decode(ReadOnlySpan<byte> encoded, int channels, string sourceName)
    {
        if (channels is < 0 or > 4)
        {
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "expected 0 (as in file) or 1..4 channels");
        }

        DecodedImage decoded;
        try
        {
            decoded = ImageCodecNative.Decode(encoded, channels);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"cannot decode image '{sourceName}': {e.Message}", e);
        }

        var image = Create(decoded.Width, decoded.Height, decoded.Channels, decoded.Pixels);
        image.ChannelsInFile = decoded.ChannelsInFile;
        return image;
    }
}
