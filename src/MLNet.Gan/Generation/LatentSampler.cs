// Deterministic latent vectors from integer seeds, independent of libtorch's global generator.
using TorchSharp;
using static TorchSharp.torch;

namespace MLNet.Gan.Generation;

/// <summary>
/// Draws standard-normal latent vectors from a seed with its own generator (Box-Muller over
/// System.Random's seeded sequence), so that generation is reproducible across save/load and never
/// disturbs the training RNG.
/// </summary>
internal static class LatentSampler
{
    /// <summary>z (count, latentSize) from one seed.</summary>
    public static float[] Sample(int seed, int count, int latentSize)
    {
        var values = new float[count * latentSize];
        Fill(new Random(seed), values);
        return values;
    }

    /// <summary>z (1, latentSize) for each seed, concatenated.</summary>
    public static float[] SamplePerSeed(IReadOnlyList<long> seeds, int latentSize)
    {
        var values = new float[seeds.Count * latentSize];
        for (var i = 0; i < seeds.Count; i++)
        {
            var s = seeds[i];
            Fill(new Random(unchecked((int)(s ^ (s >> 32)))), values.AsSpan(i * latentSize, latentSize));
        }

        return values;
    }

    /// <summary>The latent tensor for <paramref name="values"/> of <paramref name="count"/> rows.</summary>
    /// <summary>A (count, latentSize) float tensor of <paramref name="values"/> on <paramref name="device"/>.</summary>
    public static Tensor ToTensor(float[] values, int count, int latentSize, Device device) =>
        tensor(values, new long[] { count, latentSize }).to(device);

    private static void Fill(Random random, Span<float> values)
    {
        for (var i = 0; i < values.Length; i += 2)
        {
            // Box-Muller: two uniforms in (0, 1] -> two independent standard normals.
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            var r = Math.Sqrt(-2.0 * Math.Log(u1));
            values[i] = (float)(r * Math.Cos(2 * Math.PI * u2));
            if (i + 1 < values.Length)
            {
                values[i + 1] = (float)(r * Math.Sin(2 * Math.PI * u2));
            }
        }
    }

    /// <summary>Spherical interpolation between <paramref name="a"/> and <paramref name="b"/> at <paramref name="t"/> in [0, 1].</summary>
    public static void Slerp(float[] a, float[] b, double t, Span<float> into)
    {
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }

        var omega = Math.Acos(Math.Clamp(dot / Math.Sqrt(na * nb), -1, 1));
        var sin = Math.Sin(omega);
        for (var i = 0; i < a.Length; i++)
        {
            into[i] = sin < 1e-6
                ? (float)(((1 - t) * a[i]) + (t * b[i]))
                : (float)(((Math.Sin((1 - t) * omega) * a[i]) + (Math.Sin(t * omega) * b[i])) / sin);
        }
    }
}
