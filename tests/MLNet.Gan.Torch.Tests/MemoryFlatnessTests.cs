// A long GAN training loop inside dispose scopes must run in flat memory (no leaked tensors or handles).
using System.Diagnostics;
using System.Globalization;
using MLNet.Gan.Torch.NN;
using MLNet.Gan.Torch.Optim;

namespace MLNet.Gan.Torch.Tests;

[TestClass]
public sealed class MemoryFlatnessTests
{
    private const int WarmupSteps = 500;
    private const int TotalSteps = 10_000;
    private const int Batch = 8;

    /// <summary>Resident-set growth allowed between the end of warm-up and the end of the run.</summary>
    private const double AllowedGrowthMb = 25;

    /// <summary>
    /// Growth allowed over the second half alone: allocator and GC budgets settle in the first half,
    /// while a leak of even one small tensor per step (~1 KB) would add ~5 MB here.
    /// </summary>
    private const double AllowedSecondHalfGrowthMb = 4;

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void TenThousandGanStepsRunInFlatMemory()
    {
        // Tensors this small run fastest on one thread (and the test machine's cores are shared).
        var threads = Torch.Threads;
        Torch.Threads = 1;
        try
        {
            RunLoop();
        }
        finally
        {
            Torch.Threads = threads;
        }
    }

    private void RunLoop()
    {
        Torch.ManualSeed(5);
        using var g = TinyGan.Generator();
        using var d = TinyGan.Discriminator();
        Init.Dcgan(g);
        Init.Dcgan(d);
        using var optG = new Adam(g.Parameters(), lr: 2e-4, beta1: 0.5);
        using var optD = new Adam(d.Parameters(), lr: 2e-4, beta1: 0.5);
        using var real = (Torch.Rand(new long[] { Batch, 1, 8, 8 }) * 2 - 1).DetachFromDisposeScope();

        double rssAfterWarmup = 0, rssHalf = 0;
        double lossD = 0, lossG = 0;
        var clock = Stopwatch.StartNew();
        for (var step = 1; step <= TotalSteps; step++)
        {
            using var scope = Torch.NewScope();

            var (dLoss, gLoss) = TinyGan.Step(g, d, optG, optD, real, Torch.Randn(new long[] { Batch, TinyGan.Latent }));

            if (step == WarmupSteps)
            {
                rssAfterWarmup = ProcessMemory.ResidentMb();
            }

            if (step == TotalSteps / 2)
            {
                rssHalf = ProcessMemory.ResidentMb();
            }

            if (step == TotalSteps)
            {
                lossD = dLoss.ToDouble();
                lossG = gLoss.ToDouble();
            }
        }

        var rssEnd = ProcessMemory.ResidentMb();
        var growth = rssEnd - rssAfterWarmup;
        var report = string.Format(
            CultureInfo.InvariantCulture,
            "VmRSS after {0} warm-up steps: {1:F1} MB; at {2}: {3:F1} MB; after {4} steps: {5:F1} MB; growth {6:F1} MB (bound {7} MB), second half {8:F1} MB (bound {9} MB); {10:F2} ms/step; final losses D {11:F3}, G {12:F3}",
            WarmupSteps, rssAfterWarmup, TotalSteps / 2, rssHalf, TotalSteps, rssEnd, growth, AllowedGrowthMb, rssEnd - rssHalf, AllowedSecondHalfGrowthMb,
            clock.Elapsed.TotalMilliseconds / TotalSteps, lossD, lossG);
        TestContext.WriteLine(report);
        Console.WriteLine(report);

        Assert.IsTrue(double.IsFinite(lossD) && double.IsFinite(lossG), "training diverged: " + report);
        Assert.IsLessThan(AllowedGrowthMb, growth, report);
        Assert.IsLessThan(AllowedSecondHalfGrowthMb, rssEnd - rssHalf, report);
    }
}
