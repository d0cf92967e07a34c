// Precision, recall, density and coverage on a set against itself (all 1), on a 1-D case worked by hand (an outlier
// inflates recall but not coverage), and a collapsed generator (one point repeated) against a faithful one.
using MLNet.Gan.Evaluation;
using static TorchSharp.torch;

namespace MLNet.Gan.Tests.Evaluation;

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
