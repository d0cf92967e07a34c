// Trains the library's GAN (the MLP, through the ordinary estimator on a 2-float vector column) on a 2-D Gaussian
// mixture and scores what it generates: the mode-coverage benchmark of the GAN literature, run end to end.
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Gan.Networks;
using static TorchSharp.torch;

namespace MLNet.Gan.Evaluation;

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
