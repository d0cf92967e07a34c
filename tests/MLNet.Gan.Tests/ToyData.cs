using MLNet.Gan.Data;

namespace MLNet.Gan.Tests;

/// <summary>Small synthetic data sets whose classes a trivial rule can tell apart.</summary>
internal static class ToyData
{
    public const int Classes = 4;

    public sealed class QuadrantRow
    {
        [VectorType(1, 8, 8)]
        public float[] Image { get; set; } = Array.Empty<float>();

        [KeyType(Classes)]
        public uint Label { get; set; }
    }

    public sealed class PlainRow
    {
        [VectorType(1, 8, 8)]
        public float[] Image { get; set; } = Array.Empty<float>();

        public int Label { get; set; }
    }

    public sealed class ImageRow
    {
        [ImageType(28, 28)]
        public MLImage Image { get; set; } = null!;
    }

    /// <summary>8x8 images in [-1, 1]: the quadrant of the class is bright, the rest dark, plus a little noise.</summary>
    public static float[] QuadrantImage(int label, Random random)
    {
        var pixels = new float[64];
        for (var y = 0; y < 8; y++)
        {
            for (var x = 0; x < 8; x++)
            {
                var inQuadrant = (y < 4 ? 0 : 2) + (x < 4 ? 0 : 1) == label;
                var v = (inQuadrant ? 0.8f : -0.8f) + (float)(random.NextDouble() - 0.5) * 0.2f;
                pixels[y * 8 + x] = v;
            }
        }

        return pixels;
    }

    /// <summary>The class a rule assigns: the brightest quadrant.</summary>
    public static int ClassifyQuadrant(ReadOnlySpan<float> pixels)
    {
        var sums = new float[4];
        for (var y = 0; y < 8; y++)
        {
            for (var x = 0; x < 8; x++)
            {
                sums[(y < 4 ? 0 : 2) + (x < 4 ? 0 : 1)] += pixels[y * 8 + x];
            }
        }

        return Array.IndexOf(sums, sums.Max());
    }

    public static IDataView Quadrants(GanContext ctx, int rows = 256, int seed = 1)
    {
        var random = new Random(seed);
        var data = Enumerable.Range(0, rows).Select(i => new QuadrantRow
        {
            Image = QuadrantImage(i % Classes, random),
            Label = (uint)(i % Classes) + 1,
        }).ToList();
        return ctx.Data.LoadFromEnumerable(data);
    }

    /// <summary>Options for a fast MLP run on the 8x8 toy data.</summary>
    public static GanTrainer.Options TinyOptions(bool conditional = true) => new()
    {
        LabelColumnName = conditional ? "Label" : null,
        Width = 8,
        LatentSize = 16,
        BatchSize = 32,
        MaxSteps = 20,
        Seed = 7,
        Device = "cpu",
    };
}

/// <summary>Rows that ask a conditional model for an image of a class from a given seed.</summary>
internal sealed class SeededRequest
{
    [KeyType(ToyData.Classes)]
    public uint Label { get; set; }

    public int Seed { get; set; }
}
