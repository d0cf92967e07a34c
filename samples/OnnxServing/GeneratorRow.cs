// The input row of an exported generator, the latent recipe of the contract, and a grid of images as one PNG.
using Microsoft.ML.Data;

namespace OnnxServing;

/// <summary>One image to generate: z and, for a conditional model, the zero-based class as a vector of one Int64.</summary>
internal sealed class GeneratorRow
{
    public float[] Latent { get; set; } = [];

    public long[] Label { get; set; } = [];

    /// <summary>The columns with their sizes (known only from the model): Latent Single[latent], Label Int64[1].</summary>
    public static SchemaDefinition Definition(int latentSize, bool conditional)
    {
        var definition = SchemaDefinition.Create(typeof(GeneratorRow));
        definition["Latent"].ColumnType = new VectorDataViewType(NumberDataViewType.Single, latentSize);
        if (conditional)
        {
            definition["Label"].ColumnType = new VectorDataViewType(NumberDataViewType.Int64, 1);
        }
        else
        {
            definition.RemoveAll(c => c.ColumnName == "Label");
        }

        return definition;
    }
}

/// <summary>The latent recipe of MLNet.Gan's contract, so that a seed gives the same z here as in the library.</summary>
internal static class Latents
{
    /// <summary>
    /// z ~ N(0, 1) from System.Random(seed): for each pair, u1 = 1 - NextDouble(), u2 = NextDouble(),
    /// r = sqrt(-2 ln u1), z[i] = r cos(2 pi u2), z[i + 1] = r sin(2 pi u2), computed in double and stored as float.
    /// </summary>
    public static float[] Normal(int seed, int size)
    {
        var random = new Random(seed);
        var z = new float[size];
        for (var i = 0; i < size; i += 2)
        {
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            var r = Math.Sqrt(-2.0 * Math.Log(u1));
            z[i] = (float)(r * Math.Cos(2 * Math.PI * u2));
            if (i + 1 < size)
            {
                z[i + 1] = (float)(r * Math.Sin(2 * Math.PI * u2));
            }
        }

        return z;
    }
}

/// <summary>Images side by side, 2 px of white between them.</summary>
internal static class Grid
{
    private const int Gap = 2;

    public static MLImage Row(IReadOnlyList<MLImage> images)
    {
        int w = images[0].Width, h = images[0].Height, width = (images.Count * (w + Gap)) - Gap;
        var bgra = Enumerable.Repeat((byte)255, width * h * 4).ToArray();
        for (var n = 0; n < images.Count; n++)
        {
            // ConvertToImage makes Bgra32 images: rows of w * 4 bytes copy straight across.
            var pixels = images[n].Pixels;
            for (var y = 0; y < h; y++)
            {
                pixels.Slice(y * w * 4, w * 4).CopyTo(bgra.AsSpan(((y * width) + (n * (w + Gap))) * 4));
            }
        }

        return MLImage.CreateFromPixels(width, h, MLPixelFormat.Bgra32, bgra);
    }
}
