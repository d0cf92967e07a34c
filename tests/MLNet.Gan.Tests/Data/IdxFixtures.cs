// Writes tiny IDX files for the tests: 3 images of 4 rows x 5 columns with pixel (i, r, c) = 40i + 5r + c and
// labels 7, 0, 3, raw and gzipped, plus broken variants (bad magic, truncated, wrong label count, float data).
using System.IO.Compression;

namespace MLNet.Gan.Tests.Data;

internal sealed class IdxFixtures : IDisposable
{
    public const int Count = 3;
    public const int Height = 4;
    public const int Width = 5;

    private readonly TempFolder _folder = new();

    public IdxFixtures()
    {
        Images = Write("tiny-images-idx3-ubyte", Header(0x08, Count, Height, Width).Concat(ImagePixels()));
        Labels = Write("tiny-labels-idx1-ubyte", Header(0x08, Count).Concat(LabelBytes));
        ImagesGz = WriteGzip("tiny-images-idx3-ubyte.gz", File.ReadAllBytes(Images));
        LabelsGz = WriteGzip("tiny-labels-idx1-ubyte.gz", File.ReadAllBytes(Labels));
        TruncatedImages = Write("truncated-images-idx3-ubyte", Header(0x08, Count, Height, Width).Concat(ImagePixels().Take(47)));
        BadMagic = Write("bad-magic-idx3-ubyte", new byte[] { 0x12, 0x34, 0x08, 0x03 }.Concat(ImagePixels()));
        TwoLabels = Write("two-labels-idx1-ubyte", Header(0x08, 2).Concat(LabelBytes.Take(2)));
        FloatImages = Write("float-images-idx3", Header(0x0D, 1, 2, 2).Concat(new byte[16]));
    }

    public static byte[] LabelBytes { get; } = [7, 0, 3];

    public string Folder => _folder.Path;

    public string Images { get; }

    public string Labels { get; }

    public string ImagesGz { get; }

    public string LabelsGz { get; }

    public string TruncatedImages { get; }

    public string BadMagic { get; }

    public string TwoLabels { get; }

    public string FloatImages { get; }

    public static byte ExpectedPixel(int i, int r, int c) => (byte)((40 * i) + (5 * r) + c);

    /// <summary>The IDX header: two zero bytes, the type, the rank, then each dimension as big-endian uint32.</summary>
    public static byte[] Header(byte type, params int[] dims)
    {
        var header = new List<byte> { 0, 0, type, (byte)dims.Length };
        foreach (var d in dims)
        {
            header.AddRange([(byte)(d >> 24), (byte)(d >> 16), (byte)(d >> 8), (byte)d]);
        }

        return header.ToArray();
    }

    public static byte[] Gzip(byte[] raw)
    {
        using var memory = new MemoryStream();
        using (var gzip = new GZipStream(memory, CompressionLevel.Optimal))
        {
            gzip.Write(raw);
        }

        return memory.ToArray();
    }

    public string Write(string name, IEnumerable<byte> bytes)
    {
        var path = _folder.File(name);
        File.WriteAllBytes(path, bytes.ToArray());
        return path;
    }

    public void Dispose() => _folder.Dispose();

    private static IEnumerable<byte> ImagePixels()
    {
        for (var i = 0; i < Count; i++)
        {
            for (var r = 0; r < Height; r++)
            {
                for (var c = 0; c < Width; c++)
                {
                    yield return ExpectedPixel(i, r, c);
                }
            }
        }
    }

    private string WriteGzip(string name, byte[] raw) => Write(name, Gzip(raw));
}
