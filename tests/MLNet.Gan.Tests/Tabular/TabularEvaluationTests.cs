// The tabular evaluation: its statistics on known inputs, copies of training rows showing as zero distances, and a whole
// evaluation of a small model on the real table's held-out rows.
using Microsoft.ML;
using MLNet.Gan.Tabular;

namespace MLNet.Gan.Tests.Tabular;

[TestClass]
public sealed class TabularEvaluationTests
{
    [TestMethod]
    public void TheStatisticsGiveTheirKnownValues()
    {
        Assert.AreEqual(0, TabularSimilarity.KolmogorovSmirnov(new[] { 1.0, 2, 3 }, new[] { 3.0, 2, 1, double.NaN }));
        Assert.AreEqual(1, TabularSimilarity.KolmogorovSmirnov(new[] { 1.0, 2 }, new[] { 5.0, 6 }));
        Assert.AreEqual(0.5, TabularSimilarity.KolmogorovSmirnov(new[] { 1.0, 2, 3, 4 }, new[] { 3.0, 4, 5, 6 }), 1e-12);
        Assert.AreEqual(0.5, TabularSimilarity.TotalVariation(new[] { "a", "a", "b", "b" }, new[] { "a", "a", "a", "a" }), 1e-12);
        Assert.AreEqual(0.25, TabularSimilarity.TotalVariation(new[] { "a", null, "a", "a" }, new[] { "a", "a", "a", "a" }), 1e-12, "missing is a category");
        Assert.AreEqual(1, TabularSimilarity.CramersV(new[] { "x", "x", "y", "y" }, new[] { "p", "p", "q", "q" }), 1e-12);
        Assert.AreEqual(0, TabularSimilarity.CramersV(new[] { "x", "x", "y", "y" }, new[] { "p", "q", "p", "q" }), 1e-12);
        Assert.AreEqual(-1, TabularSimilarity.Pearson(new[] { 1.0, 2, 3 }, new[] { 6.0, 4, 2 }), 1e-12);
        Assert.AreEqual(1, TabularSimilarity.CorrelationRatio(new[] { "a", "a", "b", "b" }, new[] { 1.0, 1, 5, 5 }), 1e-12);
    }

    [TestMethod]
    public void CopiesOfTrainingRowsAreAtDistanceZeroAndOtherRowsAreNot()
    {
        var all = TabularTable.Read(TabularFixtures.Churn(), TabularFixtures.Model.Info.Columns);
        var training = all.Subset(Enumerable.Range(0, 500).ToArray());
        var copies = NearestRowDistance.Summarise(NearestRowDistance.Distances(training, all.Subset(Enumerable.Range(100, 50).ToArray())));
        Assert.AreEqual(1.0, copies.ExactCopies);
        Assert.AreEqual(0.0, copies.Median);
        var heldOut = NearestRowDistance.Summarise(NearestRowDistance.Distances(training, all.Subset(Enumerable.Range(500, 100).ToArray())));
        Assert.IsLessThan(0.2, heldOut.ExactCopies, "real customers rarely repeat another one in all 20 columns");
        Assert.IsGreaterThan(0, heldOut.Median);
    }

    [TestMethod]
    public void ASmallModelIsScoredOnHeldOutRowsAgainstTrainOnReal()
    {
        var ml = new MLContext(0);
        var split = ml.Data.TrainTestSplit(TabularFixtures.Churn(), 0.25, seed: 0);
        var evaluation = ml.Gan().EvaluateTabular(TabularFixtures.Model, split.TrainSet, split.TestSet,
            new TabularEvaluationOptions { Trainers = new[] { EfficacyTrainer.LightGbm }, SyntheticRows = 300, DistanceRows = 100 });
        Assert.AreEqual("churn", evaluation.Label);
        Assert.HasCount(1, evaluation.Efficacy);
        foreach (var e in evaluation.Efficacy)
        {
            Assert.IsTrue(e.RealAccuracy is > 0.6 and <= 1, $"{e}: churn is predictable from real rows");
            Assert.IsTrue(e.SyntheticAccuracy is >= 0 and <= 1 && e.SyntheticMacroF1 is >= 0 and <= 1, e.ToString());
        }

        Assert.HasCount(20, evaluation.Columns);
        Assert.HasCount(190, evaluation.Pairs);
        Assert.IsTrue(evaluation.Columns.All(c => c.Synthetic is >= 0 and <= 1 && c.HeldOut is >= 0 and <= 1));
        Assert.IsLessThan(evaluation.Columns.Average(c => c.Synthetic), evaluation.Columns.Average(c => c.HeldOut),
            "held-out real rows are closer to the training rows than a 40-step model's rows");
        Assert.AreEqual(100, evaluation.SyntheticDistances.Rows);
        var markdown = evaluation.ToMarkdown();
        StringAssert.Contains(markdown, "| LightGbm |");
        StringAssert.Contains(markdown, "| total_charges | KS |");
        StringAssert.Contains(markdown, "| Cramér's V |");
        StringAssert.Contains(markdown, "| held-out real | 100 |");
    }
}
