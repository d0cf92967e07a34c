// The start-up thread count follows MLNETGAN_THREADS, then OpenMP's OMP_NUM_THREADS, then the core
// count; the property reads back what was set.
using MLNet.Gan.Torch.Native;

namespace MLNet.Gan.Torch.Tests;

[TestClass]
public sealed class ThreadsTests
{
    [TestMethod]
    public void MlnetganThreadsIsHonouredAndWinsOverOpenMp()
    {
        Assert.AreEqual(3, StartupThreads.Choose("3", null, 8));
        Assert.AreEqual(2, StartupThreads.Choose("2", "6", 8), "our variable wins over OMP_NUM_THREADS");
        Assert.AreEqual(16, StartupThreads.Choose(" 16 ", null, 2), "surrounding blanks are ignored, more threads than cores is allowed");
    }

    [TestMethod]
    public void UnsetMeansEveryCoreUnlessOpenMpChooses()
    {
        Assert.AreEqual(8, StartupThreads.Choose(null, null, 8));
        Assert.AreEqual(8, StartupThreads.Choose(string.Empty, "  ", 8), "blank values count as unset");
        Assert.IsNull(StartupThreads.Choose(null, "4", 8), "OMP_NUM_THREADS alone leaves libtorch's own choice");
    }

    [TestMethod]
    [DataRow("abc")]
    [DataRow("0")]
    [DataRow("-2")]
    [DataRow("2.5")]
    [DataRow("+3")]
    [DataRow("99999999999")]
    public void ABadValueIsAnErrorThatNamesTheVariableAndTheValue(string value)
    {
        var e = Assert.ThrowsExactly<FormatException>(() => StartupThreads.Choose(value, null, 8));
        StringAssert.Contains(e.Message, $"MLNETGAN_THREADS is '{value}'");
        StringAssert.Contains(e.Message, "whole number of threads of at least 1");
    }

    [TestMethod]
    public void StartupCountFollowsThisProcessEnvironment()
    {
        var chosen = StartupThreads.FromEnvironment();
        var omp = Environment.GetEnvironmentVariable(StartupThreads.OpenMpVariable);
        // With only OMP_NUM_THREADS set, OpenMP takes the first entry of its list ("4" or "4,2").
        var expected = chosen ?? int.Parse(omp!.Split(',')[0].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.AreEqual(expected, Torch.Threads,
            $"MLNETGAN_THREADS='{Environment.GetEnvironmentVariable(StartupThreads.Variable)}', OMP_NUM_THREADS='{omp}', {Environment.ProcessorCount} cores");
    }

    [TestMethod]
    public void SettingThreadsReadsBack()
    {
        var before = Torch.Threads;
        try
        {
            Torch.Threads = 1;
            Assert.AreEqual(1, Torch.Threads);
            Torch.Threads = 2;
            Assert.AreEqual(2, Torch.Threads);
        }
        finally
        {
            Torch.Threads = before;
        }

        Assert.AreEqual(before, Torch.Threads);
    }
}
