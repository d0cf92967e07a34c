// Small colorizer fixtures: random images, folders of color PNGs, tiny options, and one briefly trained model
// shared by the colorizer tests (trained once per test run, in about a second).
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Gan.Colorization;
using MLNet.Gan.Imaging;
using static TorchSharp.torch;

namespace MLNet.Gan.Tests.Colorization;

internal static class ColorizerFixtures
{
    private static readonly Lazy<ColorizerTransformer> Shared = new(TrainShared);

    /// <summary>The briefly trained model (6 steps on <see cref="WriteShapes"/>), shared; do not dispose it.</summary>
    public static ColorizerTransformer Trained => Shared.Value;

    /// <summary>Options for a tiny, fast run at 32 px (depth 3, width 8, 16-px patches).</summary>
    public static ColorizerTrainer.Options Tiny(long steps = 6) => new()
    {
        InputColumnName = "Gray",
        TrainingColumnName = "Color",
        ImageSize = 32,
        UNetDepth = 3,
        Width = 8,
        DiscriminatorWidth = 8,
        PatchLayers = 1,
        BatchSize = 8,
        MaxSteps = steps,
        Seed = 3,
        Device = "cpu",
    };

    /// <summary>An untrained colorizer (random U-Net weights) for 32-px images.</summary>
    public static ColorizerTransformer Untrained(int seed = 5)
    {
        random.manual_seed(seed);
        var info = new ColorizerModelInfo { ImageSize = 32, UNetDepth = 3, Width = 8, InputColumnName = "Gray" };
        return new ColorizerTransformer(new MLContext(seed: 1), info, ColorizerTransformer.Freeze(new UNetGenerator(32, 3, 8)), CPU, null);
    }

    /// <summary>An opaque image of random colors (or random grays).</summary>
    public static MLImage RandomImage(int width, int height, int seed, bool gray = false)
    {
        var random = new Random(seed);
        if (gray)
        {
            var values = new byte[width * height];
            random.NextBytes(values);
            return ImagePixels.FromGray(values, width, height);
        }

        var rgb = new byte[width * height * 3];
        random.NextBytes(rgb);
        return ImagePixels.FromRgb(rgb, width, height);
    }

    /// <summary>
    /// <paramref name="count"/> color PNGs of <paramref name="size"/> px in <paramref name="folder"/>: a white background
    /// with a colored square whose color, place and size vary. Returns the folder.
    /// </summary>
    public static string WriteShapes(string folder, int count = 24, int size = 32, int seed = 11)
    {
        Directory.CreateDirectory(folder);
        var random = new Random(seed);
        for (var n = 0; n < count; n++)
        {
            var rgb = Enumerable.Repeat((byte)255, size * size * 3).ToArray();
            var color = new[] { (byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256) };
            var side = random.Next(size / 4, size / 2);
            int x0 = random.Next(size - side), y0 = random.Next(size - side);
            for (var y = y0; y < y0 + side; y++)
            {
                for (var x = x0; x < x0 + side; x++)
                {
                    color.CopyTo(rgb, ((y * size) + x) * 3);
                }
            }

            using var image = ImagePixels.FromRgb(rgb, size, size);
            image.Save(Path.Combine(folder, $"shape{n:00}.png"));
        }

        return folder;
    }

    /// <summary>
    /// ML.NET's own image pipeline over the PNGs of <paramref name="folder"/>: LoadImages into "Color", then
    /// ConvertToGrayscale into "Gray".
    /// </summary>
    public static IDataView LoadColorAndGray(MLContext ml, string folder)
    {
        var files = Directory.GetFiles(folder, "*.png").Order(StringComparer.Ordinal).Select(f => new PathRow { ImagePath = f }).ToList();
        var rows = ml.Data.LoadFromEnumerable(files);
        return ml.Transforms.LoadImages("Color", imageFolder: null, inputColumnName: nameof(PathRow.ImagePath))
            .Append(ml.Transforms.ConvertToGrayscale("Gray", "Color"))
            .Fit(rows).Transform(rows);
    }

    /// <summary>A copy of every value of an image column, in row order.</summary>
    public static List<MLImage> Column(IDataView data, string name)
    {
        var images = new List<MLImage>();
        using var cursor = data.GetRowCursor(new[] { data.Schema[name] });
        var getter = cursor.GetGetter<MLImage>(data.Schema[name]);
        MLImage image = null!;
        while (cursor.MoveNext())
        {
            getter(ref image);
            images.Add(MLImage.CreateFromPixels(image.Width, image.Height, image.PixelFormat, image.Pixels.ToArray())); // cursors may dispose what they handed out
        }

        return images;
    }

    /// <summary>The largest |luma(output) - luma(input)| over all pixels, with ML.NET's grayscale weights.</summary>
    public static double MaxLumaError(MLImage input, MLImage output)
    {
        Assert.AreEqual((input.Width, input.Height), (output.Width, output.Height), "the output has the input's size");
        var worst = 0.0;
        for (var y = 0; y < input.Height; y++)
        {
            for (var x = 0; x < input.Width; x++)
            {
                var (r, g, b, _) = ImagePixels.Get(input, x, y);
                var (r2, g2, b2, a2) = ImagePixels.Get(output, x, y);
                Assert.AreEqual((byte)255, a2, "outputs are opaque");
                worst = Math.Max(worst, Math.Abs(LumaChroma.Luma(r2, g2, b2) - LumaChroma.Luma(r, g, b)));
            }
        }

        return worst;
    }

    private static ColorizerTransformer TrainShared()
    {
        using var folder = new TempFolder();
        WriteShapes(folder.Path);
        var ml = new MLContext(seed: 1);
        return ml.Gan().Colorizers.Colorizer(Tiny()).Fit(LoadColorAndGray(ml, folder.Path));
    }

    public sealed class PathRow
    {
        public string ImagePath { get; set; } = string.Empty;
    }
}
