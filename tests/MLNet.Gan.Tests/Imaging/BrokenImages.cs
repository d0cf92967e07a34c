// Hostile image files written by the tests from the committed fixtures: truncations, decompression bombs (a PNG of zero
// rows, or a real file whose header claims a huge size) and files that are not images.
using System.Buffers.Binary;
using System.IO.Compression;

namespace MLNet.Gan.Tests.Imaging;

internal static class BrokenImages
{
    /// <summary>
    /// A gray PNG of <paramref name="width"/> x <paramref name="height"/>: with <paramref name="rows"/>, every row's zero
    /// bytes streamed through zlib (a real decompression bomb: a few KB per megapixel); without, only the first row (the
    /// header claims the whole size, the data ends early).
    /// </summary>
    public static void WritePngBomb(string path, int width, int height, bool rows)
    {
        using var file = File.Create(path);
        file.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth; colour type 0 (gray), compression, filter, interlace 0
        Chunk(file, "IHDR", header);
        using var data = new MemoryStream();
        using (var z = new ZLibStream(data, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var row = new byte[width + 1]; // filter byte 0 and the pixels
            for (var y = 0; y < (rows ? height : 1); y++)
            {
                z.Write(row);
            }
        }

        Chunk(file, "IDAT", data.ToArray());
        Chunk(file, "IEND", []);
    }

    /// <summary>The first <paramref name="fraction"/> of <paramref name="source"/>'s bytes, written to <paramref name="path"/>.</summary>
    public static string Truncated(string source, string path, double fraction)
    {
        var bytes = File.ReadAllBytes(source);
        File.WriteAllBytes(path, bytes.AsSpan(0, (int)(bytes.Length * fraction)).ToArray());
        return path;
    }

    /// <summary>The JPEG <paramref name="source"/> with its frame header (SOF) claiming 65,000 x 65,000 pixels.</summary>
    public static string JpegBomb(string source, string path)
    {
        var bytes = File.ReadAllBytes(source);
        for (var i = 2; i + 9 < bytes.Length; i++)
        {
            if (bytes[i] == 0xFF && bytes[i + 1] is 0xC0 or 0xC2)
            {
                BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(i + 5), 65000); // height
                BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(i + 7), 65000); // width
                File.WriteAllBytes(path, bytes);
                return path;
            }
        }

        throw new InvalidOperationException($"{source} has no frame header");
    }

    /// <summary>The GIF <paramref name="source"/> with its logical screen and first image claiming 65,535 x 65,535 pixels.</summary>
    public static string GifBomb(string source, string path)
    {
        var bytes = File.ReadAllBytes(source);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(6), 65535);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), 65535);
        var descriptor = Array.IndexOf(bytes, (byte)0x2C, 13);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(descriptor + 5), 65535);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(descriptor + 7), 65535);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>The lossless WebP <paramref name="source"/> with its VP8L header claiming 16,384 x 16,384 pixels.</summary>
    public static string WebpBomb(string source, string path)
    {
        var bytes = File.ReadAllBytes(source);
        var chunk = bytes.AsSpan().IndexOf("VP8L"u8);
        var bits = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(chunk + 9));
        bits = (bits & ~0x0FFFFFFFu) | 0x3FFFu | (0x3FFFu << 14); // width - 1 and height - 1, 14 bits each
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(chunk + 9), bits);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static void Chunk(Stream file, string type, byte[] data)
    {
        var length = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        file.Write(length);
        var typed = System.Text.Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        file.Write(typed);
        var crc = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typed));
        file.Write(crc);
    }

    // PNG's CRC-32 (polynomial 0xEDB88320), bit by bit: the files here are small.
    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }
}
