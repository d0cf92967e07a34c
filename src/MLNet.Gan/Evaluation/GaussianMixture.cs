// The 2-D mode-coverage benchmarks of the GAN literature (a ring of 8 Gaussians, a 5x5 grid of 25), their scores (modes
// covered, share of samples within 3 std of a mode), and a run that trains the MLP GAN on a 2-float vector column.
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Gan.Networks;
using static TorchSharp.torch;

namespace MLNet.Gan.Evaluation;

/// <summary>How well generated 2-D points cover the modes of a <see cref="GaussianMixture"/>.</summary>
/// <param name="Samples">Points scored.</param>
/// <param name="Modes">Modes of the mixture.</param>
/// <param name="ModesCovered">Modes with at least <paramref name="MinimumPerMode"/> high-quality points.</param>
/// <param name="HighQualityShare">Share of points within 3 standard deviations of their nearest mode's mean.</param>
/// <param name="PerMode">High-quality points per mode, in the mixture's mode order.</param>
/// <param name="MinimumPerMode">High-quality points a mode needs to count as covered.</param>
public sealed record ModeCoverage(int Samples, int Modes, int ModesCovered, double HighQualityShare, IReadOnlyList<int> PerMode, int MinimumPerMode);

/// <summary>An equal-weight mixture of isotropic 2-D Gaussians.</summary>
public sealed class GaussianMixture
{
    /// <summary>Creates a mixture of the given means, each with standard deviation <paramref name="std"/>.</summary>
    public GaussianMixture(string name, IReadOnlyList<(double X, double Y)> means, double std)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(means);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(std);
        if (means.Count == 0)
        {
            throw new ArgumentException("a mixture needs at least one mode", nameof(means));
        }

        Name = name;
        Means = means.ToArray();
        Std = std;
    }

    /// <summary>The benchmark's name (ring8, grid25).</summary>
    public string Name { get; }

    /// <summary>The modes' means.</summary>
    public IReadOnlyList<(double X, double Y)> Means { get; }

    /// <summary>The standard deviation of every mode, per axis.</summary>
    public double Std { get; }

    /// <summary>
    /// 1.25 times the largest |coordinate| of a mean: half the side of the square the benchmark plots, and the divisor that brings
    /// points into [-1, 1] for training (ring8: 2.5, grid25: 5; a point would need 20 standard deviations to fall outside).
    /// </summary>
    public double Extent => 1.25 * Means.Max(m => Math.Max(Math.Abs(m.X), Math.Abs(m.Y)));

    /// <summary>8 modes evenly on a circle of radius 2, standard deviation 0.02.</summary>
    public static GaussianMixture Ring8() => new("ring8",
        Enumerable.Range(0, 8).Select(i => (2 * Math.Cos(i * Math.PI / 4), 2 * Math.Sin(i * Math.PI / 4))).ToArray(), 0.02);

    /// <summary>25 modes on the grid {-4, -2, 0, 2, 4}², standard deviation 0.05.</summary>
    public static GaussianMixture Grid25() => new("grid25",
        (from x in Enumerable.Range(-2, 5) from y in Enumerable.Range(-2, 5) select (2.0 * x, 2.0 * y)).ToArray(), 0.05);

    /// <summary>The mixture called <paramref name="name"/>: ring8 or grid25.</summary>
    public static GaussianMixture Named(string name) => name switch
    {
        "ring8" => Ring8(),
        "grid25" => Grid25(),
        _ => throw new ArgumentException($"unknown mixture '{name}': expected ring8 or grid25", nameof(name)),
    };

    /// <summary>Draws <paramref name="count"/> points (count, 2): a uniformly chosen mode each, plus Gaussian noise.</summary>
    public Tensor Sample(int count, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var random = new Random(seed);
        var points = new float[count * 2];
        for (var i = 0; i < count; i++)
        {
            var (x, y) = Means[random.Next(Means.Count)];
            points[2 * i] = (float)(x + (Std * Normal(random)));
            points[(2 * i) + 1] = (float)(y + (Std * Normal(random)));
        }

        return tensor(points, new long[] { count, 2 });
    }

    /// <summary>
    /// Scores points (N, 2): a point is high quality within 3 standard deviations of its nearest mode's mean; a mode is covered
    /// with at least <paramref name="minimumPerMode"/> high-quality points (default: 20 per 2,500 points, at least 1).
    /// </summary>
    public ModeCoverage Score(Tensor points, int? minimumPerMode = null)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Dimensions != 2 || points.shape[1] != 2)
        {
            throw new ArgumentException($"points must be (N, 2), found [{string.Join(", ", points.shape)}]", nameof(points));
        }

        var values = points.to_type(ScalarType.Float64).cpu().data<double>().ToArray();
        var n = values.Length / 2;
        var minimum = minimumPerMode ?? Math.Max(1, (int)Math.Round(n * 20 / 2500.0));
        var perMode = new int[Means.Count];
        var good = 0;
        for (var i = 0; i < n; i++)
        {
            var (nearest, distance) = Nearest(values[2 * i], values[(2 * i) + 1]);
            if (distance < 3 * Std)
            {
                perMode[nearest]++;
                good++;
            }
        }

        return new ModeCoverage(n, Means.Count, perMode.Count(c => c >= minimum), n == 0 ? 0 : good / (double)n, perMode, minimum);
    }

    private (int Mode, double Distance) Nearest(double x, double y)
    {
        var best = (Mode: 0, Distance: double.MaxValue);
        for (var m = 0; m < Means.Count; m++)
        {
            var d = Math.Sqrt(((x - Means[m].X) * (x - Means[m].X)) + ((y - Means[m].Y) * (y - Means[m].Y)));
            if (d < best.Distance)
            {
                best = (m, d);
            }
        }

        return best;
    }

    // A standard normal draw (Box-Muller).
    private static double Normal(Random random) =>
        Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2.0 * Math.PI * random.NextDouble());
}

/// <summary>One run of the benchmark: the trained model, the points on both sides (in the mixture's units) and the score.</summary>
/// <param name="Mixture">The mixture trained on.</param>
/// <param name="Model">The trained GAN (generates the scaled points; see <paramref name="Scale"/>).</param>
/// <param name="Real">Fresh real points (samples, 2).</param>
/// <param name="Generated">Generated points (samples, 2), in the mixture's units.</param>
/// <param name="Coverage">Modes covered and the share of high-quality points.</param>
/// <param name="Scale">The points were divided by this to bring them into [-1, 1] for training; generated ones are multiplied back.</param>
public sealed record ModeCoverageRun(GaussianMixture Mixture, GanTransformer Model, Tensor Real, Tensor Generated, ModeCoverage Coverage, double Scale) : IDisposable
{
    /// <summary>The points as (x, y) pairs, for plotting.</summary>
    public static (double X, double Y)[] Pairs(Tensor points)
    {
        ArgumentNullException.ThrowIfNull(points);
        var v = points.to_type(ScalarType.Float64).data<double>().ToArray();
        return Enumerable.Range(0, v.Length / 2).Select(i => (v[2 * i], v[(2 * i) + 1])).ToArray();
    }

    /// <summary>Frees the model and the point tensors.</summary>
    public void Dispose()
    {
        Model.Dispose();
        Real.Dispose();
        Generated.Dispose();
    }
}

/// <summary>Runs the mode-coverage benchmark.</summary>
public static class ModeCoverageBenchmark
{
    /// <summary>The vector column the points are trained from.</summary>
    public const string ColumnName = "Point";

    /// <summary>
    /// Draws <paramref name="trainingPoints"/> points of <paramref name="mixture"/>, scales them into [-1, 1] (divided by its
    /// <see cref="GaussianMixture.Extent"/>), trains an unconditional GAN with <paramref name="options"/> (its column, label and
    /// vector shape are set here; loss, steps, batch size, seed and progress are the caller's), then generates
    /// <paramref name="samples"/> points and scores them against the mixture.
    /// </summary>
    public static ModeCoverageRun Run(MLContext mlContext, GaussianMixture mixture, GanTrainer.Options options, int trainingPoints = 20_000,
        int samples = 2_500, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(mixture);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(trainingPoints);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(samples);
        var scale = mixture.Extent;
        float[] train;
        using (var points = mixture.Sample(trainingPoints, seed))
        {
            train = (points / scale).data<float>().ToArray();
        }

        var rows = Enumerable.Range(0, trainingPoints).Select(i => new PointRow { Point = [train[2 * i], train[(2 * i) + 1]] });
        var data = mlContext.Data.LoadFromEnumerable(rows);
        options.ImageColumnName = ColumnName;
        options.LabelColumnName = null;
        options.VectorImageShape = new ImageShape(1, 1, 2);
        var model = mlContext.Gan().Trainers.Gan(options).Fit(data);
        Tensor generated;
        using (var scope = NewDisposeScope())
        {
            generated = (model.GenerateTensor(samples, null, seed + 1).reshape(samples, 2) * scale).MoveToOuterDisposeScope(); // (samples, 1, 1, 2) -> (samples, 2)
        }

        var real = mixture.Sample(samples, seed + 2);
        return new ModeCoverageRun(mixture, model, real, generated, mixture.Score(generated), scale);
    }

    private sealed class PointRow
    {
        [VectorType(2)]
        public float[] Point { get; set; } = [];
    }
}
