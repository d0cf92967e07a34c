// Runs mlnet-gan in-process through CliApp and writes the tiny data sets the command-line tests train on:
// a two-class folder of 8x8 gray PNGs, a flat folder of colour PNGs, and IDX image and label files.
using Microsoft.ML.Data;
using MLNet.Gan.Cli;
using MLNet.Gan.Imaging;
using MLNet.Gan.Tests.Data;
using MLNet.Gan.Tests.IO;

namespace MLNet.Gan.Tests.Cli;

/// <summary>What one command-line run returned and printed.</summary>
internal sealed record CliRun(int Code, string Output, string Error)
{
    /// <summary>Output and error together, for assertion messages.</summary>
    public string All => $"exit {Code}\nout:\n{Output}\nerr:\n{Error}";

    /// <summary>The lines of normal output.</summary>
    public string[] Lines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

internal static class CliHarness
{
    /// <summary>Runs the command line with <paramref name="args"/> in this process.</summary>
    public static CliRun Run(params string[] args) => Run(args, CancellationToken.None);

    /// <summary>Runs the command line with <paramref name="args"/>; <paramref name="output"/> receives normal output.</summary>
    public static CliRun Run(string[] args, CancellationToken cancellationToken, TextWriter? output = null)
    {
        var captured = output ?? new StringWriter();
        using var error = new StringWriter();
        var code = CliApp.Run(args, captured, error, cancellationToken);
        return new CliRun(code, captured.ToString() ?? string.Empty, error.ToString());
    }

    /// <summary>Runs and fails the test unless the exit code is 0.</summary>
    public static CliRun Ok(params string[] args)
    {
        var run = Run(args);
        Assert.AreEqual(0, run.Code, $"mlnet-gan {string.Join(' ', args)}\n{run.All}");
        return run;
    }

    /// <summary>
    /// Two classes of 8x8 gray images under <paramref name="root"/>/data: "left" (bright left half) and "right"
    /// (bright right half), <paramref name="perClass"/> each, with a little noise. Returns the folder.
    /// </summary>
    public static string WriteImageFolder(string root, int perClass = 24)
    {
        var folder = Path.Combine(root, "data");
        var random = new Random(4);
        foreach (var (name, bright) in new[] { ("left", 0), ("right", 1) })
        {
            Directory.CreateDirectory(Path.Combine(folder, name));
            for (var n = 0; n < perClass; n++)
            {
                var pixels = new byte[64];
                for (var i = 0; i < 64; i++)
                {
                    var inHalf = (i % 8 < 4 ? 0 : 1) == bright;
                    pixels[i] = (byte)((inHalf ? 200 : 40) + random.Next(30));
                }

                using var image = ImagePixels.FromGray(pixels, 8, 8);
                image.Save(Path.Combine(folder, name, $"{n:00}.png"));
            }
        }

        return folder;
    }

    /// <summary><paramref name="count"/> colour 8x8 PNGs directly in <paramref name="folder"/> (no class sub-folders).</summary>
    public static string WriteColorFolder(string folder, int count = 16)
    {
        Directory.CreateDirectory(folder);
        var random = new Random(7);
        for (var n = 0; n < count; n++)
        {
            var rgb = new byte[8 * 8 * 3];
            for (var i = 0; i < 64; i++)
            {
                (rgb[i * 3], rgb[(i * 3) + 1], rgb[(i * 3) + 2]) = ((byte)(200 + random.Next(40)), (byte)(20 * (i % 8)), (byte)random.Next(60));
            }

            using var image = ImagePixels.FromRgb(rgb, 8, 8);
            image.Save(Path.Combine(folder, $"c{n:00}.png"));
        }

        return folder;
    }

    /// <summary>
    /// "tiny-images-idx3-ubyte" with 12 images of 8x8 (image n has a bright row 3·(n mod 3)) and "tiny-labels-idx1-ubyte"
    /// with labels n mod 3, in <paramref name="folder"/>. Returns the images file.
    /// </summary>
    public static string WriteIdx(string folder)
    {
        Directory.CreateDirectory(folder);
        var images = new List<byte>(IdxFixtures.Header(0x08, 12, 8, 8));
        var labels = new List<byte>(IdxFixtures.Header(0x08, 12));
        for (var n = 0; n < 12; n++)
        {
            images.AddRange(Enumerable.Range(0, 64).Select(i => (byte)(i / 8 == n % 3 * 3 ? 255 : 0)));
            labels.Add((byte)(n % 3));
        }

        var imagesFile = Path.Combine(folder, "tiny-images-idx3-ubyte");
        File.WriteAllBytes(imagesFile, images.ToArray());
        File.WriteAllBytes(Path.Combine(folder, "tiny-labels-idx1-ubyte"), labels.ToArray());
        return imagesFile;
    }

    /// <summary>The int64 values of a labels.npy file.</summary>
    public static long[] Int64Values(NpyFile npy) =>
        Enumerable.Range(0, npy.Data.Length / 8).Select(i => BitConverter.ToInt64(npy.Data, i * 8)).ToArray();

    /// <summary>Width and height of a PNG file, decoded by ML.NET.</summary>
    public static (int Width, int Height) SizeOf(string png)
    {
        using var image = MLImage.CreateFromFile(png);
        return (image.Width, image.Height);
    }
}
