// Precision, recall, density and coverage (Naeem et al. 2020, "Reliable Fidelity and Diversity Metrics for
// Generative Models"): each set's manifold is the union of balls around its points reaching their k-th nearest neighbour.
using static TorchSharp.torch;

namespace MLNet.Gan.Evaluation;

/// <summary>The four k-nearest-neighbour manifold scores.</summary>
/// <param name="Precision">Share of generated points inside the real manifold (fidelity).</param>
/// <param name="Recall">Share of real points inside the generated manifold (diversity).</param>
/// <param name="Density">How many real balls hold a generated point, on average, divided by k (1 when the sets match; can exceed 1).</param>
/// <param name="Coverage">Share of real points whose own ball holds at least one generated point (diversity, robust to outliers).</param>
/// <param name="NearestNeighbours">The k used.</param>
public sealed record ManifoldScores(double Precision, double Recall, double Density, double Coverage, int NearestNeighbours);

/// <summary>Computes <see cref="ManifoldScores"/> from real (N, D) and generated (M, D) features.</summary>
public static class ManifoldMetrics
{
    private const int Chunk = 1024;

    /// <summary>
    /// With r(x) the distance from real x to its k-th nearest real neighbour and r(y) the same among generated points:
    /// precision = mean over y of [∃x: |x − y| &lt; r(x)]; recall = mean over x of [∃y: |x − y| &lt; r(y)];
    /// density = (1 / kM) Σ_y Σ_x [|x − y| &lt; r(x)]; coverage = mean over x of [min_y |x − y| &lt; r(x)].
    /// </summary>
    /// <exception cref="ArgumentException">The sets are not 2-D, differ in D, or have no more than k rows.</exception>
    public static ManifoldScores Compute(Tensor real, Tensor generated, int nearestNeighbours = 5)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(nearestNeighbours);
        FeatureDistances.CheckPair(real, generated, minimumRows: nearestNeighbours + 1);
        using var scope = NewDisposeScope();
        var x = real.to_type(ScalarType.Float64);
        var y = generated.to_type(ScalarType.Float64);
        var realRadii = SquaredRadii(x, nearestNeighbours); // (N)
        var fakeRadii = SquaredRadii(y, nearestNeighbours); // (M)
        var ballsHolding = zeros(new[] { y.shape[0] }, ScalarType.Float64); // (M): real balls around each generated point
        long recalled = 0, covered = 0;
        for (long start = 0; start < x.shape[0]; start += Chunk)
        {
            using var inner = NewDisposeScope();
            var end = Math.Min(x.shape[0], start + Chunk);
            var d = SquaredDistances(x.slice(0, start, end, 1), y); // (c, M)
            var radii = realRadii.slice(0, start, end, 1).unsqueeze(1); // (c, 1)
            var inReal = d < radii; // (c, M)
            ballsHolding.add_(inReal.to_type(ScalarType.Float64).sum(dim: 0)); // a bare 0 would bind to sum(ScalarType)
            covered += inReal.any(1).sum().item<long>();
            recalled += (d < fakeRadii.unsqueeze(0)).any(1).sum().item<long>();
        }

        var n = (double)x.shape[0];
        var m = (double)y.shape[0];
        var precision = (ballsHolding > 0).sum().item<long>() / m;
        var density = ballsHolding.sum().item<double>() / (nearestNeighbours * m);
        return new ManifoldScores(precision, recalled / n, density, covered / n, nearestNeighbours);
    }

    /// <summary>Squared distance from each row of <paramref name="x"/> (N, D) to its k-th nearest other row (N).</summary>
    internal static Tensor SquaredRadii(Tensor x, int k)
    {
        using var scope = NewDisposeScope();
        var parts = new List<Tensor>();
        for (long start = 0; start < x.shape[0]; start += Chunk)
        {
            var d = SquaredDistances(x.slice(0, start, Math.Min(x.shape[0], start + Chunk), 1), x); // (c, N), self at 0
            parts.Add(d.topk(k + 1, 1, largest: false).values.select(1, k)); // (c): the (k+1)-th smallest, counting self
        }

        return cat(parts, 0).MoveToOuterDisposeScope();
    }

    /// <summary>|a_i − b_j|² for rows of <paramref name="a"/> (A, D) and <paramref name="b"/> (B, D): (A, B), never negative.</summary>
    internal static Tensor SquaredDistances(Tensor a, Tensor b)
    {
        using var scope = NewDisposeScope();
        var aa = (a * a).sum(1).unsqueeze(1); // (A, 1)
        var bb = (b * b).sum(1).unsqueeze(0); // (1, B)
        return (aa + bb - (2.0 * a.matmul(b.T))).clamp_min(0.0).MoveToOuterDisposeScope();
    }
}
