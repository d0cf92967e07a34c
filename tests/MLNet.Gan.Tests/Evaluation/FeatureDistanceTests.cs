// Fréchet and kernel distances on cases with known answers (a set against itself, closed forms for diagonal, 2x2 and Σ vs Σ⁻¹
// covariances, a naive KID loop), and precision/recall/density/coverage (all 1 on a set itself, a 1-D case by hand, a collapse).
using MLNet.Gan.Evaluation;
using static TorchSharp.torch;

namespace MLNet.Gan.Tests.Evaluation;

[TestClass]
public sealed class FeatureDistanceTests
{
    [ClassInitialize]
    public static void LoadTorch(TestContext _) => Runtime.TorchRuntime.EnsureLoaded();

    private static Tensor Features(int seed, int n, int d, double shift = 0)
    {
        random.manual_seed(seed);
        return (randn(n, d, ScalarType.Float64) * linspace(0.5, 2.0, d, ScalarType.Float64) + shift).to_type(ScalarType.Float32);
    }

    [TestMethod]
    public void FrechetDistanceOfASetWithItselfIsZero()
    {
        using var scope = NewDisposeScope();
        var x = Features(1, 300, 16);
        Assert.AreEqual(0.0, FeatureDistances.Frechet(x, x), 1e-8);
        Assert.IsGreaterThan(1.0, FeatureDistances.Frechet(x, Features(2, 300, 16, shift: 0.5)), "a shifted set is far away");
    }

    [TestMethod]
    public void DiagonalGaussiansMatchTheClosedForm()
    {
        using var scope = NewDisposeScope();
        double[] muA = [0, 1, -2], muB = [1, 1, 0], varA = [1, 4, 9], varB = [4, 1, 16];
        var expected = Enumerable.Range(0, 3).Sum(i =>
            Math.Pow(muA[i] - muB[i], 2) + Math.Pow(Math.Sqrt(varA[i]) - Math.Sqrt(varB[i]), 2));
        var fd = FeatureDistances.Frechet(tensor(muA), diag(tensor(varA)), tensor(muB), diag(tensor(varB)));
        Assert.AreEqual(expected, fd, 1e-9); // 5 + 1 + 1 + 1 = 8
        Assert.AreEqual(8.0, expected, 1e-12);
    }

    [TestMethod]
    public void NonDiagonalTwoByTwoMatchesTheClosedForm()
    {
        // For 2x2 M with non-negative eigenvalues, tr √M = √(tr M + 2 √det M); here M = Σa Σb.
        double[,] a = { { 2.0, 0.8 }, { 0.8, 1.0 } }, b = { { 1.5, -0.6 }, { -0.6, 0.7 } };
        double m00 = (a[0, 0] * b[0, 0]) + (a[0, 1] * b[1, 0]), m11 = (a[1, 0] * b[0, 1]) + (a[1, 1] * b[1, 1]);
        double detA = (a[0, 0] * a[1, 1]) - (a[0, 1] * a[1, 0]), detB = (b[0, 0] * b[1, 1]) - (b[0, 1] * b[1, 0]);
        var traceRoot = Math.Sqrt(m00 + m11 + (2 * Math.Sqrt(detA * detB)));
        var expected = 0.25 + 1.0 + a[0, 0] + a[1, 1] + b[0, 0] + b[1, 1] - (2 * traceRoot); // means differ by (0.5, 1)

        using var scope = NewDisposeScope();
        var fd = FeatureDistances.Frechet(tensor(new[] { 0.5, 0.0 }), tensor(a), tensor(new[] { 0.0, 1.0 }), tensor(b));
        Assert.AreEqual(expected, fd, 1e-9);
    }

    [TestMethod]
    public void CovarianceAgainstItsInverseGivesTraceSumMinusTwiceTheDimension()
    {
        // Σa Σb = I, so tr (Σa Σb)^½ = D whatever the eigenvectors of the full, non-diagonal Σa.
        using var scope = NewDisposeScope();
        random.manual_seed(3);
        var r = randn(6, 6, ScalarType.Float64);
        var sigma = r.matmul(r.T) + eye(6, dtype: ScalarType.Float64);
        var inverse = linalg.inv(sigma);
        var mean = zeros(6, ScalarType.Float64);
        var expected = sigma.trace().item<double>() + inverse.trace().item<double>() - 12.0;
        Assert.AreEqual(expected, FeatureDistances.Frechet(mean, sigma, mean, inverse), 1e-7 * expected);
    }

    [TestMethod]
    public void SamplesOfKnownGaussiansApproachTheClosedForm()
    {
        using var scope = NewDisposeScope();
        random.manual_seed(4);
        var l = tensor(new double[,] { { 1.0, 0, 0 }, { 0.6, 0.8, 0 }, { -0.3, 0.2, 0.5 } }); // Σb = L Lᵀ
        var muB = tensor(new[] { 0.3, -0.2, 0.1 });
        var a = randn(40_000, 3, ScalarType.Float64); // N(0, I)
        var b = randn(40_000, 3, ScalarType.Float64).matmul(l.T) + muB;
        var expected = FeatureDistances.Frechet(zeros(3, ScalarType.Float64), eye(3, dtype: ScalarType.Float64), muB, l.matmul(l.T));
        Assert.AreEqual(expected, FeatureDistances.Frechet(a, b), 0.05 * expected + 0.01);
    }

    [TestMethod]
    public void KidOfIdenticalSetsIsNearZeroAndSmallAgainstAShiftedSet()
    {
        using var scope = NewDisposeScope();
        var x = Features(5, 1000, 8);
        var same = FeatureDistances.Kernel(x, x, subsets: 20, subsetSize: 500);
        var redrawn = FeatureDistances.Kernel(x, Features(9, 1000, 8), subsets: 20, subsetSize: 500);
        var shifted = FeatureDistances.Kernel(x, Features(6, 1000, 8, shift: 0.5), subsets: 20, subsetSize: 500);
        Assert.AreEqual(20, same.Subsets);
        Assert.AreEqual(500, same.SubsetSize);
        Assert.IsLessThan(0.1 * shifted.Mean, Math.Abs(same.Mean), $"KID {same.Mean} of a set with itself against {shifted.Mean} shifted");
        Assert.IsLessThan(0.1 * shifted.Mean, Math.Abs(redrawn.Mean), $"KID {redrawn.Mean} of a second draw against {shifted.Mean} shifted");
        Assert.IsGreaterThan(5 * shifted.Std, shifted.Mean, "a real difference stands out of the subset spread");
    }

    [TestMethod]
    public void KidOnWholeSetsEqualsTheUnbiasedMmdOfANaiveLoop()
    {
        using var scope = NewDisposeScope();
        var x = Features(7, 12, 3);
        var y = Features(8, 12, 3, shift: 0.3);
        var xs = x.to_type(ScalarType.Float64).data<double>().ToArray();
        var ys = y.to_type(ScalarType.Float64).data<double>().ToArray();
        double K(double[] p, int i, double[] q, int j) => Math.Pow(((p[3 * i] * q[3 * j]) + (p[(3 * i) + 1] * q[(3 * j) + 1]) + (p[(3 * i) + 2] * q[(3 * j) + 2])) / 3 + 1, 3);
        double xx = 0, yy = 0, xy = 0;
        for (var i = 0; i < 12; i++)
        {
            for (var j = 0; j < 12; j++)
            {
                xx += i == j ? 0 : K(xs, i, xs, j);
                yy += i == j ? 0 : K(ys, i, ys, j);
                xy += K(xs, i, ys, j);
            }
        }

        var expected = (xx / (12 * 11)) + (yy / (12 * 11)) - (2 * xy / 144);
        var kid = FeatureDistances.Kernel(x, y, subsets: 3, subsetSize: 12); // each subset is the whole set, reordered
        Assert.AreEqual(expected, kid.Mean, 1e-9 * Math.Abs(expected) + 1e-12);
        Assert.AreEqual(0.0, kid.Std, 1e-9);
    }

    [TestMethod]
    public void MismatchedFeatureSizesAreNamed()
    {
        using var scope = NewDisposeScope();
        var e = Assert.ThrowsExactly<ArgumentException>(() => FeatureDistances.Frechet(zeros(5, 4), zeros(5, 3)));
        Assert.Contains("4 dimensions", e.Message);
        Assert.Contains("3", e.Message);
    }
}

[TestClass]
public sealed class ManifoldMetricsTests
{
    [ClassInitialize]
    public static void LoadTorch(TestContext _) => Runtime.TorchRuntime.EnsureLoaded();

    // Two clusters in 8-D, like the features of two classes.
    internal static Tensor TwoClusters(int seed, int n)
    {
        random.manual_seed(seed);
        var centres = cat([zeros(n / 2, 8), full(n - (n / 2), 8, 4.0f)], 0);
        return randn(n, 8) + centres;
    }

    [TestMethod]
    public void ASetAgainstItselfScoresOneOnAllFour()
    {
        using var scope = NewDisposeScope();
        var x = TwoClusters(1, 300);
        var s = ManifoldMetrics.Compute(x, x, nearestNeighbours: 5);
        Assert.AreEqual(1.0, s.Precision);
        Assert.AreEqual(1.0, s.Recall);
        Assert.AreEqual(1.0, s.Coverage);
        Assert.AreEqual(1.0, s.Density, 1e-12, "each point's ball holds itself and its k - 1 nearer neighbours");
        Assert.AreEqual(5, s.NearestNeighbours);
    }

    [TestMethod]
    public void OneDimensionalCaseWorkedByHand()
    {
        // k = 1. Real 0, 1, 3, 8: radii 1, 1, 2, 5. Generated 0.5, 20, 2.9: radii 2.4, 17.1, 2.4.
        // precision: 0.5 in ball(0), 2.9 in ball(3), 20 in none -> 2/3. recall: 8 lies within 17.1 of the outlier 20 -> 4/4.
        // density: 0.5 in balls 0 and 1, 2.9 in ball 3 -> 3 / (1 * 3). coverage: 8's nearest generated point (2.9) is 5.1 away, not < 5 -> 3/4.
        using var scope = NewDisposeScope();
        var real = tensor(new float[] { 0, 1, 3, 8 }).unsqueeze(1);
        var generated = tensor(new float[] { 0.5f, 20, 2.9f }).unsqueeze(1);
        var s = ManifoldMetrics.Compute(real, generated, nearestNeighbours: 1);
        Assert.AreEqual(2.0 / 3, s.Precision, 1e-12);
        Assert.AreEqual(1.0, s.Recall, 1e-12);
        Assert.AreEqual(1.0, s.Density, 1e-12);
        Assert.AreEqual(0.75, s.Coverage, 1e-12);
    }

    [TestMethod]
    public void CollapsedGeneratorScoresTerriblyOnFdRecallAndCoverage()
    {
        using var scope = NewDisposeScope();
        var real = TwoClusters(2, 400);
        var faithful = TwoClusters(3, 400);
        var collapsed = real[0].unsqueeze(0).expand(400, 8).contiguous(); // one real point, repeated
        var predicted = zeros(400, ScalarType.Int64);
        var options = new SampleQualityOptions { KidSubsets = 10, KidSubsetSize = 200 };
        var good = SampleQuality.Compare(new FeatureSet(real, predicted, null), new FeatureSet(faithful, predicted, null), ["a", "b"], options);
        var bad = SampleQuality.Compare(new FeatureSet(real, predicted, null), new FeatureSet(collapsed, predicted, null), ["a", "b"], options);

        Assert.AreEqual(400, bad.N);
        Assert.IsGreaterThan(10 * good.Fd, bad.Fd, $"FD {bad.Fd:0.00} collapsed vs {good.Fd:0.00} faithful");
        Assert.IsGreaterThan(10 * good.Kid.Mean, bad.Kid.Mean, $"KID {bad.Kid.Mean:0.000} collapsed vs {good.Kid.Mean:0.000}");
        Assert.IsGreaterThan(0.8, good.Manifold.Recall);
        Assert.IsLessThan(0.05, bad.Manifold.Recall, "one point spans no manifold");
        Assert.IsGreaterThan(0.8, good.Manifold.Coverage);
        Assert.IsLessThan(0.05, bad.Manifold.Coverage, "only the neighbourhoods around the one point are covered");
        Assert.AreEqual(1.0, bad.Manifold.Precision, "the repeated point is a real one: perfect fidelity, no diversity");
    }

    [TestMethod]
    public void TooFewRowsForKNamesTheShape()
    {
        using var scope = NewDisposeScope();
        var e = Assert.ThrowsExactly<ArgumentException>(() => ManifoldMetrics.Compute(zeros(5, 2), zeros(3, 2), nearestNeighbours: 5));
        Assert.Contains("N >= 6", e.Message);
        Assert.Contains("[5, 2]", e.Message);
    }
}
