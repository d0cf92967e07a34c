// Checked wrappers over the shim's stb codec, for the data layer (visible to MLNet.Gan.Data only).
using System.Runtime.InteropServices;

namespace MLNet.Gan.Torch.Native;

/// <summary>What a decode produced: interleaved 8-bit pixels (HWC) and the file's own channel count.</summary>
internal readonly record struct DecodedImage(int Width, int Height, int Channels, int ChannelsInFile, byte[] Pixels);

/// <summary>Decodes PNG, JPEG, BMP, GIF (first frame) and TGA from memory and encodes PNG.</summary>
/// <remarks>
/// Failures come back as <see cref="InvalidDataException"/> carrying stb's reason; callers add the
/// file name. Native buffers are copied into managed arrays and freed before returning.
/// </remarks>
internal static class ImageCodecNative
{
    /// <summary>Reads the size and channel count from an image file's header.</summary>
    internal static unsafe (int Width, int Height, int ChannelsInFile) Info(ReadOnlySpan<byte> file)
    {
        if (file.IsEmpty)
        {
            throw new InvalidDataException("the file is empty");
        }

        fixed (byte* data = file)
        {
            var status = NativeMethods.mg_image_info(data, file.Length, out var w, out var h, out var c);
            if (status != 0)
            {
                throw new InvalidDataException(NativeChecks.LastError());
            }

            return (w, h, c);
        }
    }

    /// <summary>
    /// Decodes an image file held in memory. <paramref name="desiredChannels"/> 0 keeps the file's
    /// channels; 1..4 converts to gray, gray+alpha, RGB or RGBA.
    /// </summary>
    internal static unsafe DecodedImage Decode(ReadOnlySpan<byte> file, int desiredChannels = 0)
    {
        if (desiredChannels is < 0 or > 4)
        {
            throw new ArgumentOutOfRangeException(nameof(desiredChannels), desiredChannels, "expected 0 (as in file) or 1..4");
        }

        if (file.IsEmpty)
        {
            throw new InvalidDataException("the file is empty");
        }

        IntPtr pixels;
        int w, h, inFile, outChannels;
        fixed (byte* data = file)
        {
            var status = NativeMethods.mg_image_decode(data, file.Length, desiredChannels, out w, out h, out inFile, out outChannels, out pixels);
            if (status != 0)
            {
                throw new InvalidDataException(NativeChecks.LastError());
            }
        }

        try
        {
            var managed = new byte[checked(w * h * outChannels)];
            Marshal.Copy(pixels, managed, 0, managed.Length);
            return new DecodedImage(w, h, outChannels, inFile, managed);
        }
        finally
        {
            NativeChecks.Check(NativeMethods.mg_image_free(pixels));
        }
    }

    /// <summary>Encodes interleaved 8-bit pixels (HWC, 1..4 channels) as a PNG file.</summary>
    internal static unsafe byte[] EncodePng(ReadOnlySpan<byte> pixels, int width, int height, int channels)
    {
        if (width <= 0 || height <= 0 || channels is < 1 or > 4)
        {
            throw new ArgumentException($"cannot encode a {width}x{height} image with {channels} channels as PNG");
        }

        var expected = (long)width * height * channels;
        if (pixels.Length != expected)
        {
            throw new ArgumentException($"a {width}x{height}x{channels} image needs {expected} bytes, found {pixels.Length}", nameof(pixels));
        }

        IntPtr png;
        long length;
        fixed (byte* data = pixels)
        {
            NativeChecks.Check(NativeMethods.mg_image_encode_png(data, width, height, channels, out png, out length));
        }

        try
        {
            var managed = new byte[checked((int)length)];
            Marshal.Copy(png, managed, 0, managed.Length);
            return managed;
        }
        finally
        {
            NativeChecks.Check(NativeMethods.mg_image_free_encoded(png));
        }
    }
}
