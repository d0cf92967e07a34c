// Helpers shared by the tests: fresh temporary folders that delete themselves, and pixel reads from MLImages
// that work whichever of the two pixel orders (Bgra32, Rgba32) an image holds.
using Microsoft.ML.Data;
using MLNet.Gan.Imaging;

namespace MLNet.Gan.Tests;

/// <summary>A fresh folder under the system temp folder, deleted with everything in it on dispose.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "mlnetgan-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>The full path of <paramref name="relative"/> inside the folder; its parent folder is created.</summary>
    public string File(string relative)
    {
        var full = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        return full;
    }

    /// <summary>Every file name in the folder (not recursive), sorted.</summary>
    public string[] FileNames() =>
        Directory.GetFiles(Path).Select(f => System.IO.Path.GetFileName(f)).Order(StringComparer.Ordinal).ToArray();

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}

internal static class Pixels
{
    /// <summary>The (R, G, B) of a pixel as an array, for CollectionAssert.</summary>
    public static byte[] Rgb(MLImage image, int x, int y)
    {
        var (r, g, b, _) = ImagePixels.Get(image, x, y);
        return [r, g, b];
    }

    /// <summary>An opaque gray image of one value.</summary>
    public static MLImage Gray(int width, int height, byte value) =>
        ImagePixels.FromGray(Enumerable.Repeat(value, width * height).ToArray(), width, height);

    /// <summary>An opaque image whose pixel (x, y) has R = 10x + y, G = 100 + x, B = 200 - y, stored in <paramref name="format"/>.</summary>
    public static MLImage Pattern(int width, int height, MLPixelFormat format)
    {
        var bytes = new byte[width * height * 4];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var o = ((y * width) + x) * 4;
                byte r = (byte)((10 * x) + y), g = (byte)(100 + x), b = (byte)(200 - y);
                (bytes[o], bytes[o + 1], bytes[o + 2]) = format == MLPixelFormat.Bgra32 ? (b, g, r) : (r, g, b);
                bytes[o + 3] = 255;
            }
        }

        return MLImage.CreateFromPixels(width, height, format, bytes);
    }
}
