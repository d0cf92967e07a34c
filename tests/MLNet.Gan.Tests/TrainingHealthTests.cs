// The training-health warnings end to end: forced failures show up in the progress reports and the history,
// with their advice.
using MLNet.Gan.Data;
using MLNet.Gan.Training;

namespace MLNet.Gan.Tests;

[TestClass]
public sealed class TrainingHealthTests
{
    /// <summary>A discriminator 10 000 times faster than a generator that barely moves: D wins outright.</summary>
    private static (GanTransformer Model, List<GanProgress> Reports) OverpoweredDiscriminator(GanLoss loss)
    {
        var ctx = new GanContext(1);
        var reports = new List<GanProgress>();
        var options = ToyData.TinyOptions(conditional: false);
        options.Loss = loss;
        options.MaxSteps = TrainingMonitor.PinnedSteps + 60;
        options.GeneratorLearningRate = 1e-6;
        options.DiscriminatorLearningRate = 1e-2;
        options.Progress = new SyncProgress<GanProgress>(reports.Add);
        return (ctx.Gan.Trainers.Gan(options).Fit(ToyData.Quadrants(ctx)), reports);
    }

    private static List<string> Warnings(List<GanProgress> reports, string kind) =>
        reports.Select(r => r.Warning).OfType<string>().Where(w => w.Contains(kind, StringComparison.Ordinal)).ToList();

    [TestMethod]
    [DataRow(GanLoss.Minimax, "use the NonSaturating loss")]
    [DataRow(GanLoss.NonSaturating, "lower the discriminator's learning rate")]
    public void AnOverpoweredDiscriminatorRaisesTheVanishingGradientWarning(GanLoss loss, string advice)
    {
        var (model, reports) = OverpoweredDiscriminator(loss);
        using (model)
        {
            var warned = Warnings(reports, "vanishing generator gradients");
            Assert.HasCount(1, warned, "raised once, in the report of the step it was found at");
            StringAssert.Contains(warned[0], advice);
            var h = model.History!;
            CollectionAssert.Contains(h.Warnings, warned[0], "the history keeps the same warning");
            Assert.AreEqual(1, h.Warnings.Count(w => w.Contains("vanishing", StringComparison.Ordinal)));

            // It is true: D(G(z)) stayed below the threshold for the whole window before the warning.
            var step = (int)reports.First(r => r.Warning == warned[0]).Step;
            var window = h.MeanDFake.Skip(step - TrainingMonitor.PinnedSteps).Take(TrainingMonitor.PinnedSteps).ToList();
            Assert.IsTrue(window.All(d => d < TrainingMonitor.PinnedProbability), $"D(G(z)) in the window: max {window.Max()}");
        }
    }

    [TestMethod]
    [DataRow(GanLoss.LeastSquares)]
    [DataRow(GanLoss.Hinge)]
    public void TheVanishingGradientWarningIsOnlyForTheSigmoidLosses(GanLoss loss)
    {
        // Documented: these losses keep a gradient for G when D wins, so the D(G(z)) signature does not apply.
        var (model, reports) = OverpoweredDiscriminator(loss);
        using (model)
        {
            Assert.IsEmpty(Warnings(reports, "vanishing"));
            Assert.IsFalse(model.History!.Warnings.Any(w => w.Contains("vanishing", StringComparison.Ordinal)));
        }
    }

    [TestMethod]
    public void AGeneratorThatIgnoresZRaisesTheModeCollapseWarning()
    {
        var ctx = new GanContext(1);
        var reports = new List<GanProgress>();
        var options = ToyData.TinyOptions(conditional: false);
        options.MaxSteps = 60;
        options.Generator = c => new ConstantGenerator(c.Shape);
        options.Progress = new SyncProgress<GanProgress>(reports.Add);
        using var model = ctx.Gan.Trainers.Gan(options).Fit(ToyData.Quadrants(ctx));

        var warned = Warnings(reports, "mode collapse suspected");
        Assert.HasCount(1, warned);
        StringAssert.Contains(warned[0], "at step 50", "the first check, after 50 steps");
        StringAssert.Contains(warned[0], "nearly identical");
        StringAssert.Contains(warned[0], "WassersteinGp");
        StringAssert.Contains(warned[0], "spectral norm");
        Assert.AreEqual(50L, reports.First(r => r.Warning == warned[0]).Step);
        CollectionAssert.AreEqual(warned, model.History!.Warnings);
    }
}
