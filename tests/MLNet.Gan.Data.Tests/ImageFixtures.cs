// Paths of the image fixtures and their expected pixels (written by tests/reference/make_image_fixtures.py).
using MLNet.Gan.Torch;

namespace MLNet.Gan.Data.Tests;

internal static class ImageFixtures
{
    private static readonly Lazy<(Dictionary<string, byte[]> Pixels, Dictionary<string, long[]> Shapes, Dictionary<string, string> Meta)> s_expected =
        new(LoadExpected);

    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Fixtures", "images");

    public static string File(string name) => Path.Combine(Folder, name);

    /// <summary>Expected decoded pixels of a fixture file: (H, W, C) bytes.</summary>
    public static (int Height, int Width, int Channels, byte[] Pixels) Expected(string name)
    {
        var shape = s_expected.Value.Shapes[name];
        return ((int)shape[0], (int)shape[1], (int)shape[2], s_expected.Value.Pixels[name]);
    }

    public static int ExpectedChannelsInFile(string name) => int.Parse(s_expected.Value.Meta[name + ".channels_in_file"]);

    /// <summary>A fresh temporary folder for files a test writes.</summary>
    public static string TempFolder()
    {
        var dir = Path.Combine(Path.GetTempPath(), "mlnetgan-images-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static (Dictionary<string, byte[]>, Dictionary<string, long[]>, Dictionary<string, string>) LoadExpected()
    {
        var tensors = Safetensors.Load(File("expected.safetensors"), out var meta);
        var pixels = new Dictionary<string, byte[]>();
        var shapes = new Dictionary<string, long[]>();
        foreach (var (name, tensor) in tensors)
        {
            using (tensor)
            {
                pixels[name] = tensor.ToArray<byte>();
                shapes[name] = tensor.Shape;
            }
        }

        return (pixels, shapes, meta);
    }
}
