// Distances between two sets of feature vectors (rows of (N, D) tensors), in double precision: the Fréchet distance
// of fitted Gaussians, the kernel (KID) distance, and precision/recall/density/coverage of k-nearest-neighbour manifolds.
using TorchSharp;
using static TorchSharp.torch;

namespace MLNet.Gan.Evaluation;

/// <summary>The KID estimate: the mean and standard deviation of the unbiased MMD² over random subsets.</summary>
/// <param name="Mean">Mean of the subset estimates (≈ 0 when both sets come from one distribution; may be slightly negative).</param>
/// <param name="Std">Standard deviation of the subset estimates (population form, over <paramref name="Subsets"/>).</param>
/// <param name="Subsets">How many subsets were drawn.</param>
/// <param name="SubsetSize">Rows per subset, from each set.</param>
public sealed record KernelDistance(double Mean, double Std, int Subsets, int SubsetSize);

/// <summary>Fréchet and kernel distances between feature sets.</summary>
public static class FeatureDistances
{
    /// <summary>
    /// The Fréchet distance between Gaussians fitted to the rows of <paramref name="a"/> (N, D) and <paramref name="b"/> (M, D):
    /// |μa − μb|² + tr Σa + tr Σb − 2 tr (Σa Σb)^½, with unbiased covariances.
    /// </summary>
    /// <exception cref="ArgumentException">The sets are not 2-D, differ in D, or have fewer than 2 rows.</exception>
    public static double Frechet(Tensor a, Tensor b)
    {
        CheckPair(a, b, minimumRows: 2);
        using var scope = NewDisposeScope();
        var (muA, covA) = Moments(a);
        var (muB, covB) = Moments(b);
        return Frechet(muA, covA, muB, covB);
    }

    /// <summary>
    /// The Fréchet distance between N(<paramref name="muA"/>, <paramref name="covA"/>) and N(<paramref name="muB"/>, <paramref name="covB"/>)
    /// (means (D), covariances (D, D), symmetric positive semi-definite).
    /// </summary>
    /// <remarks>
    /// tr (Σa Σb)^½ is taken in its symmetric form tr (Σa^½ Σb Σa^½)^½ (the same eigenvalues), with both square roots from
    /// symmetric eigendecompositions in float64; eigenvalues that rounding pushes below zero count as zero.
    /// </remarks>
    public static double Frechet(Tensor muA, Tensor covA, Tensor muB, Tensor covB)
    {
        ArgumentNullException.ThrowIfNull(muA);
        ArgumentNullException.ThrowIfNull(covA);
        ArgumentNullException.ThrowIfNull(muB);
        ArgumentNullException.ThrowIfNull(covB);
        var d = muA.shape[0];
        foreach (var (name, t, shape) in new[] { ("muB", muB, new[] { d }), ("covA", covA, new[] { d, d }), ("covB", covB, new[] { d, d }) })
        {
            if (!t.shape.SequenceEqual(shape))
            {
                throw new ArgumentException($"{name} has shape [{string.Join(", ", t.shape)}], expected [{string.Join(", ", shape)}] (D = {d} from muA)", name);
            }
        }

        using var scope = NewDisposeScope();
        var sa = covA.to_type(ScalarType.Float64);
        var sb = covB.to_type(ScalarType.Float64);
        var diff = muA.to_type(ScalarType.Float64) - muB.to_type(ScalarType.Float64);
        var rootA = SymmetricSqrt(sa); // (D, D)
        var middle = rootA.matmul(sb).matmul(rootA);
        var eigen = linalg.eigvalsh((middle + middle.T) / 2.0).clamp_min(0.0); // (D)
        var traceRoot = eigen.sqrt().sum().item<double>();
        var value = diff.dot(diff).item<double>() + sa.trace().item<double>() + sb.trace().item<double>() - (2.0 * traceRoot);
        return Math.Max(0.0, value);
    }

    /// <summary>The mean (D) and unbiased covariance (D, D) of the rows of <paramref name="x"/> (N, D), in float64.</summary>
    public static (Tensor Mean, Tensor Covariance) Moments(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Dimensions != 2 || x.shape[0] < 2)
        {
            throw new ArgumentException($"moments need features (N >= 2, D), found [{string.Join(", ", x.shape)}]", nameof(x));
        }

        using var scope = NewDisposeScope();
        var rows = x.to_type(ScalarType.Float64);
        var mean = rows.mean(new long[] { 0 });
        var centred = rows - mean;
        var covariance = centred.T.matmul(centred) / (x.shape[0] - 1.0);
        return (mean.MoveToOuterDisposeScope(), covariance.MoveToOuterDisposeScope());
    }

    /// <summary>
    /// KID: the unbiased MMD² between <paramref name="a"/> and <paramref name="b"/> under k(x, y) = (x·y / D + 1)³, estimated on
    /// <paramref name="subsets"/> random subsets of <paramref name="subsetSize"/> rows of each set (fewer when a set is smaller).
    /// </summary>
    /// <exception cref="ArgumentException">The sets are not 2-D, differ in D, or have fewer than 2 rows.</exception>
    public static KernelDistance Kernel(Tensor a, Tensor b, int subsets = 100, int subsetSize = 1000, int seed = 0)
    {
        CheckPair(a, b, minimumRows: 2);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(subsets);
        ArgumentOutOfRangeException.ThrowIfLessThan(subsetSize, 2);
        var m = (int)Math.Min(subsetSize, Math.Min(a.shape[0], b.shape[0]));
        var d = (double)a.shape[1];
        var random = new Random(seed);
        var estimates = new double[subsets];
        using var scope = NewDisposeScope();
        var x = a.to_type(ScalarType.Float64);
        var y = b.to_type(ScalarType.Float64);
        for (var s = 0; s < subsets; s++)
        {
            using var inner = NewDisposeScope();
            var xs = x.index_select(0, tensor(Subset(random, (int)a.shape[0], m))); // (m, D)
            var ys = y.index_select(0, tensor(Subset(random, (int)b.shape[0], m)));
            var kxx = (xs.matmul(xs.T) / d + 1.0).pow(3); // (m, m)
            var kyy = (ys.matmul(ys.T) / d + 1.0).pow(3);
            var kxy = (xs.matmul(ys.T) / d + 1.0).pow(3);
            var offDiagonal = (kxx.sum() - kxx.trace() + kyy.sum() - kyy.trace()).item<double>() / (m * (m - 1.0));
            estimates[s] = offDiagonal - (2.0 * kxy.mean().item<double>());
        }

        var mean = estimates.Average();
        var std = Math.Sqrt(estimates.Sum(e => (e - mean) * (e - mean)) / subsets);
        return new KernelDistance(mean, std, subsets, m);
    }

    /// <summary>Checks two feature sets (N, D) and (M, D).</summary>
    internal static void CheckPair(Tensor a, Tensor b, int minimumRows)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        foreach (var (name, t) in new[] { ("real", a), ("generated", b) })
        {
            if (t.Dimensions != 2 || t.shape[0] < minimumRows)
            {
                throw new ArgumentException(
                    $"the {name} features must be (N >= {minimumRows}, D), found [{string.Join(", ", t.shape)}]", name);
            }
        }

        if (a.shape[1] != b.shape[1])
        {
            throw new ArgumentException($"the real features have {a.shape[1]} dimensions but the generated ones have {b.shape[1]}");
        }
    }

    // V diag(√max(λ, 0)) Vᵀ of a symmetric matrix (D, D).
    private static Tensor SymmetricSqrt(Tensor s)
    {
        var (values, vectors) = linalg.eigh((s + s.T) / 2.0);
        return (vectors * values.clamp_min(0.0).sqrt().unsqueeze(0)).matmul(vectors.T);
    }

    // m distinct indices of [0, n), by a partial Fisher-Yates shuffle.
    internal static long[] Subset(Random random, int n, int m)
    {
        var all = Enumerable.Range(0, n).Select(i => (long)i).ToArray();
        for (var i = 0; i < m; i++)
        {
            var j = random.Next(i, n);
            (all[i], all[j]) = (all[j], all[i]);
        }

        return all[..m];
    }
}

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
