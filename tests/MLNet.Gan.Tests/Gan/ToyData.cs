// Small synthetic data sets for GAN tests: 8x8 quadrant images whose class a trivial rule can tell apart, loaded
// into ML.NET with LoadFromEnumerable, and the tiny trainer options that train on them in a moment.
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Image;
using MLNet.Gan.Networks;

namespace MLNet.Gan.Tests.Gan;

internal static class ToyData
{
    public const int Classes = 4;

    /// <summary>
    /// A quadrant image (1, 8, 8) in [-1, 1] and its class. LoadFromEnumerable reads a [KeyType(n)] member as the
    /// zero-based class v (stored as key v + 1; v &gt;= n is the missing key 0); CreateEnumerable hands back the raw key 1..n.
    /// </summary>
    public sealed class QuadrantRow
    {
        [VectorType(1, 8, 8)]
        public float[] Image { get; set; } = Array.Empty<float>();

        [KeyType(Classes)]
        public uint Label { get; set; }
    }

    /// <summary>The same images with a plain Int32 label (not a key).</summary>
    public sealed class PlainRow
    {
        [VectorType(1, 8, 8)]
        public float[] Image { get; set; } = Array.Empty<float>();

        public int Label { get; set; }
    }

    /// <summary>The same images with a text label.</summary>
    public sealed class TextLabelRow
    {
        [VectorType(1, 8, 8)]
        public float[] Image { get; set; } = Array.Empty<float>();

        public string Label { get; set; } = string.Empty;
    }

    /// <summary>A 28x28 image column.</summary>
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
                pixels[(y * 8) + x] = (inQuadrant ? 0.8f : -0.8f) + ((float)(random.NextDouble() - 0.5) * 0.2f);
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
                sums[(y < 4 ? 0 : 2) + (x < 4 ? 0 : 1)] += pixels[(y * 8) + x];
            }
        }

        return Array.IndexOf(sums, sums.Max());
    }

    public static List<QuadrantRow> QuadrantRows(int rows = 256, int seed = 1)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, rows).Select(i => new QuadrantRow
        {
            Image = QuadrantImage(i % Classes, random),
            Label = (uint)(i % Classes),
        }).ToList();
    }

    /// <summary>Quadrant rows as an ML.NET data view: Image Vector&lt;Single, 1, 8, 8&gt;, Label Key&lt;UInt32, 0-3&gt;.</summary>
    public static IDataView Quadrants(MLContext ml, int rows = 256, int seed = 1) =>
        ml.Data.LoadFromEnumerable(QuadrantRows(rows, seed));

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

    /// <summary>The shape of a quadrant image.</summary>
    public static ImageShape Shape => new(1, 8, 8);
}

/// <summary>Rows that ask a conditional model for an image of class <see cref="Label"/> (zero-based, as loaded) from a given seed.</summary>
internal sealed class SeededRequest
{
    [KeyType(ToyData.Classes)]
    public uint Label { get; set; }

    public int Seed { get; set; }
}
