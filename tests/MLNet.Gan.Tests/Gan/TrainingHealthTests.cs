// The health of a run end to end: forced failures raise the training-health warnings in the progress reports, the
// history and MLContext.Log, with their advice; and a long run keeps resident memory and live tensors flat.
using System.Globalization;
using Microsoft.ML;
using MLNet.Gan.Training;
using TorchSharp;

namespace MLNet.Gan.Tests.Gan;

[TestClass]
public sealed class TrainingHealthTests
{
    /// <summary>A discriminator 10 000 times faster than a generator that barely moves: D wins outright.</summary>
    private static (GanTransformer Model, List<GanProgress> Reports) OverpoweredDiscriminator(GanLoss loss)
    {
        var ml = new MLContext(seed: 1);
        var reports = new List<GanProgress>();
        var options = ToyData.TinyOptions(conditional: false);
        options.Loss = loss;
        options.MaxSteps = TrainingMonitor.PinnedSteps + 60;
        options.GeneratorLearningRate = 1e-6;
        options.DiscriminatorLearningRate = 1e-2;
        options.Progress = new SyncProgress<GanProgress>(reports.Add);
        return (ml.Gan().Trainers.Gan(options).Fit(ToyData.Quadrants(ml)), reports);
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
    public void TheMinimaxGeneratorGradientVanishesWhereTheNonSaturatingOneDoesNot()
    {
        // The norm is sqrt of the summed squared gradients: Linear(2, 1) on rows (1, 2), (3, 4) with loss = sum of outputs
        // has dW = (1 + 3, 2 + 4) and db = 2, so sqrt(16 + 36 + 4).
        using (var linear = torch.nn.Linear(2, 1))
        {
            linear.forward(torch.tensor(new float[] { 1, 2, 3, 4 }, 2, 2)).sum().backward();
            Assert.AreEqual(Math.Sqrt(56), GanTrainingSession.GradientNorm(linear), 1e-4);
        }

        // Against a winning D, log(1 - D(G(z))) has a gradient proportional to D(G(z)) -> 0; -log D(G(z)) keeps one near 1.
        var (minimax, _) = OverpoweredDiscriminator(GanLoss.Minimax);
        var (nonSaturating, _) = OverpoweredDiscriminator(GanLoss.NonSaturating);
        using (minimax)
        using (nonSaturating)
        {
            foreach (var h in new[] { minimax.History!, nonSaturating.History! })
            {
                Assert.HasCount((int)h.Steps, h.GeneratorGradientNorm, "one gradient norm per generator step");
                Assert.IsTrue(h.GeneratorGradientNorm.All(g => float.IsFinite(g) && g >= 0));
            }

            (double Minimax, double NonSaturating) late = (
                minimax.History!.GeneratorGradientNorm.TakeLast(30).Average(),
                nonSaturating.History!.GeneratorGradientNorm.TakeLast(30).Average());
            Assert.IsLessThan(late.NonSaturating / 10, late.Minimax, $"late gradient norms: minimax {late.Minimax}, non-saturating {late.NonSaturating}");
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
        var ml = new MLContext(seed: 1);
        var reports = new List<GanProgress>();
        var options = ToyData.TinyOptions(conditional: false);
        options.MaxSteps = 60;
        options.Generator = c => new ConstantGenerator(c.Shape);
        options.Progress = new SyncProgress<GanProgress>(reports.Add);
        var logged = new List<string>();
        ml.Log += (_, e) =>
        {
            if (e.Kind == Microsoft.ML.Runtime.ChannelMessageKind.Warning)
            {
                logged.Add(e.Message);
            }
        };
        using var model = ml.Gan().Trainers.Gan(options).Fit(ToyData.Quadrants(ml));

        var warned = Warnings(reports, "mode collapse suspected");
        Assert.HasCount(1, warned);
        StringAssert.Contains(warned[0], "at step 50", "the first check, after 50 steps");
        StringAssert.Contains(warned[0], "nearly identical");
        StringAssert.Contains(warned[0], "WassersteinGp");
        StringAssert.Contains(warned[0], "spectral norm");
        Assert.AreEqual(50L, reports.First(r => r.Warning == warned[0]).Step);
        CollectionAssert.AreEqual(warned, model.History!.Warnings);
        Assert.IsTrue(logged.Any(m => m.Contains(warned[0], StringComparison.Ordinal)), "the warning also goes to MLContext.Log as a warning");
    }
}

[TestClass]
public sealed class TrainingMemoryTests
{
    private const long Steps = 10_000;
    private const long WarmUp = 1_000;
    private const long Half = 5_500;

    // Measured on 2 cores: VmRSS 225.4 MiB after warm-up, 224.8 MiB halfway, 226.6 MiB at the end (+1.2 MiB overall,
    // +1.8 MiB over the second half, from allocator noise), 66 live tensors at all three points.

    /// <summary>Growth of resident memory allowed from warm-up to the end.</summary>
    private const double OverallBoundMiB = 25;

    /// <summary>Growth allowed over the second half, where a per-step leak of even 400 bytes would show.</summary>
    private const double SecondHalfBoundMiB = 4;

    /// <summary>The process's resident set size (VmRSS in /proc/self/status), in MiB.</summary>
    private static double ResidentMiB()
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        var kib = long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        return kib / 1024.0;
    }

    private static long LiveTensors() => DisposeScopeManager.Statistics.TensorStatistics.ThreadTotalLiveCount;

    [TestMethod]
    public void TenThousandStepsKeepResidentMemoryAndLiveTensorsFlat()
    {
        Assert.IsTrue(File.Exists("/proc/self/status"), "this test reads Linux's /proc/self/status");
        var options = ToyData.TinyOptions();
        options.Width = 4;
        options.LatentSize = 8;
        options.BatchSize = 16; // 256 rows: an epoch (and a progress report) every 16 steps
        options.MaxSteps = Steps;
        var samples = new Dictionary<long, (double Rss, long Tensors)>();
        void Sample(long step)
        {
            // A full collection first, so managed garbage that is merely not yet collected does not count as growth.
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            samples[step] = (ResidentMiB(), LiveTensors());
        }

        options.Progress = new SyncProgress<GanProgress>(p =>
        {
            foreach (var at in new[] { WarmUp, Half, Steps })
            {
                if (p.Step >= at && !samples.ContainsKey(at))
                {
                    Sample(at);
                }
            }
        });

        // One torch thread: these tensors are too small to split, and a thread pool's hand-offs would dominate a step.
        TrainingHistory history;
        var threads = torch.get_num_threads();
        try
        {
            using var rig = new TrainingRig(ToyData.Quadrants(new MLContext(seed: 1)), options);
            torch.set_num_threads(1);
            history = rig.Run();
        }
        finally
        {
            torch.set_num_threads(threads);
        }

        Assert.AreEqual(Steps, history.Steps);
        Assert.IsTrue(history.GeneratorLoss.All(float.IsFinite));
        var (warm, half, end) = (samples[WarmUp], samples[Half], samples[Steps]);
        var report = string.Create(CultureInfo.InvariantCulture,
            $"VmRSS after {WarmUp} steps {warm.Rss:0.0} MiB, after {Half} {half.Rss:0.0} MiB, after {Steps} {end.Rss:0.0} MiB; " +
            $"live tensors {warm.Tensors}, {half.Tensors}, {end.Tensors}");
        Console.WriteLine(report);
        Assert.IsLessThan(OverallBoundMiB, end.Rss - warm.Rss, report);
        Assert.IsLessThan(SecondHalfBoundMiB, end.Rss - half.Rss, report);
        Assert.AreEqual(warm.Tensors, end.Tensors, $"every tensor a step makes is freed: {report}");
    }
}
