// Progress of a run: the budget fraction (steps or time, whichever is further along), instance noise annealed by it,
// the ETA and the epoch counter as training goes.
using Microsoft.ML;
using MLNet.Gan.Networks;
using MLNet.Gan.Training;

namespace MLNet.Gan.Tests.Gan;

[TestClass]
public sealed class TrainingProgressTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    [TestMethod]
    public void ProgressIsTheLargerOfStepsAndTime()
    {
        Assert.AreEqual(0.5, GanTrainingLoop.ProgressFraction(10, 100, TimeSpan.FromSeconds(30), Minute), 1e-12, "time ahead");
        Assert.AreEqual(0.5, GanTrainingLoop.ProgressFraction(50, 100, TimeSpan.FromSeconds(10), Minute), 1e-12, "steps ahead");
        Assert.AreEqual(0.25, GanTrainingLoop.ProgressFraction(1_000, long.MaxValue, TimeSpan.FromSeconds(15), Minute), 1e-12, "time budget only");
        Assert.AreEqual(0.3, GanTrainingLoop.ProgressFraction(30, 100, TimeSpan.FromHours(5), null), 1e-12, "step limit only");
        Assert.AreEqual(1.0, GanTrainingLoop.ProgressFraction(10, 100, TimeSpan.FromMinutes(2), Minute), "never past 1");
        Assert.AreEqual(0.0, GanTrainingLoop.ProgressFraction(0, 100, TimeSpan.Zero, Minute));
    }

    [TestMethod]
    public void InstanceNoiseAnnealsByProgressAlsoUnderATimeBudgetAlone()
    {
        Assert.AreEqual(0.3, GanTrainingLoop.InstanceNoiseLevel(0.3, 0, long.MaxValue, TimeSpan.Zero, Minute), 1e-12);
        Assert.AreEqual(0.15, GanTrainingLoop.InstanceNoiseLevel(0.3, 5_000, long.MaxValue, TimeSpan.FromSeconds(30), Minute), 1e-12,
            "halfway through a time budget with no step limit");
        Assert.AreEqual(0.0, GanTrainingLoop.InstanceNoiseLevel(0.3, 5_000, long.MaxValue, Minute, Minute), 1e-12);
        Assert.AreEqual(0.075, GanTrainingLoop.InstanceNoiseLevel(0.3, 75, 100, TimeSpan.FromSeconds(1), Minute), 1e-12, "steps further along");
        Assert.AreEqual(0.0, GanTrainingLoop.InstanceNoiseLevel(0, 10, 100, TimeSpan.Zero, null));
    }

    [TestMethod]
    public void UnderATimeBudgetTheNoiseFadesAndTheEtaCountsDownTheBudget()
    {
        // Real images are constant (0.5), so the spread D sees on a real batch is exactly the instance noise.
        var ml = new MLContext(seed: 1);
        var rows = Enumerable.Range(0, 64).Select(_ => new ToyData.QuadrantRow { Image = Enumerable.Repeat(0.5f, 64).ToArray() });
        var probe = (NoiseProbe?)null;
        var reports = new List<GanProgress>();
        var budget = TimeSpan.FromSeconds(1.5);
        var options = ToyData.TinyOptions(conditional: false);
        options.MaxSteps = null;
        options.Epochs = 1_000_000;
        options.TimeBudget = budget;
        options.InstanceNoise = 1.0;
        options.Discriminator = c => probe = new NoiseProbe(new MlpDiscriminator(c.Shape, 0, 4));
        options.Progress = new SyncProgress<GanProgress>(reports.Add);
        using var model = ml.Gan().Trainers.Gan(options).Fit(ml.Data.LoadFromEnumerable(rows.ToList()));

        // Each step calls D on the real batch, the fake batch, then the generator's batch.
        var real = probe!.Spreads.Where((_, i) => i % 3 == 0).ToList();
        Assert.HasCount((int)model.History!.Steps, real);
        Assert.IsGreaterThan(10, real.Count, "enough steps to see the schedule");
        Assert.IsGreaterThan(0.9, real[0], "full noise at the start");
        Assert.IsLessThan(0.25, real[^1], $"the noise should have faded by the end of the budget, last {real[^1]:0.000}");
        var quarter = real.Count / 4;
        Assert.IsGreaterThan(real.TakeLast(quarter).Average(), real.Take(quarter).Average(), "the noise falls over the run");

        Assert.IsNotEmpty(reports);
        foreach (var r in reports)
        {
            Assert.AreEqual(2_000_000L, r.TotalSteps, "only the (far) epoch limit: 2 steps an epoch");
            Assert.AreEqual(Math.Min(1, r.Elapsed / budget), r.Fraction, 1e-4, "the time budget decides the progress");
            var left = budget - r.Elapsed;
            Assert.AreEqual(left > TimeSpan.Zero ? left : TimeSpan.Zero, r.Eta, "the ETA is what is left of the budget");
        }
    }

    [TestMethod]
    public void EtaShrinksAndTheEpochCountsUpUnderAStepLimit()
    {
        // 256 rows in batches of 32: an epoch is 8 steps; 64 steps are 8 epochs, each ending with a report.
        var ml = new MLContext(seed: 1);
        var reports = new List<GanProgress>();
        var options = ToyData.TinyOptions();
        options.MaxSteps = 64;
        options.Progress = new SyncProgress<GanProgress>(reports.Add);
        using var model = ml.Gan().Trainers.ConditionalGan(options).Fit(ToyData.Quadrants(ml));

        var ends = reports.Where(r => r.EpochCompleted).ToList();
        CollectionAssert.AreEqual(Enumerable.Range(1, 8).Select(e => 8L * e).ToList(), ends.Select(r => r.Step).ToList());
        CollectionAssert.AreEqual(Enumerable.Range(1, 8).ToList(), ends.Select(r => r.Epoch).ToList(), "the epoch just completed");
        foreach (var r in reports.Where(r => !r.EpochCompleted))
        {
            Assert.AreEqual((int)(r.Step / 8) + 1, r.Epoch, $"step {r.Step} is in epoch {r.Step / 8 + 1}");
        }

        foreach (var r in ends)
        {
            Assert.AreEqual(64L, r.TotalSteps);
            Assert.AreEqual(r.Step / 64.0, r.Fraction, 1e-12);
            Assert.IsNotNull(r.Eta);
        }

        var midRun = ends.Where(r => r.Step < 64).ToList();
        Assert.IsTrue(midRun.All(r => r.Eta > TimeSpan.Zero), "time is left before the last step");
        Assert.IsGreaterThan(midRun[^1].Eta!.Value, midRun[0].Eta!.Value, "56 steps left take longer than 8");
        foreach (var r in midRun)
        {
            Assert.AreEqual((64 - r.Step) * r.Elapsed.TotalSeconds / r.Step, r.Eta!.Value.TotalSeconds, 1e-3, $"step {r.Step}: the steps left at the pace so far");
        }

        var last = reports[^1];
        Assert.AreSame(ends[^1], last, "the last step ends the last epoch");
        Assert.AreEqual(TimeSpan.Zero, last.Eta);
        Assert.AreEqual(1.0, last.Fraction, 1e-12);
        Assert.IsTrue(double.IsFinite(last.DiscriminatorLoss) && double.IsFinite(last.GeneratorLoss));
        Assert.IsTrue(last.MeanDReal is >= 0 and <= 1, "D(x) is a probability for the non-saturating loss");
        Assert.IsTrue(last.MeanDFake is >= 0 and <= 1);
        Assert.IsGreaterThan(0.0, last.ImagesPerSecond);
        Assert.AreEqual(64L, model.History!.Steps);
    }
}
