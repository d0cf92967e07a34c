using System.Runtime.InteropServices;
using MLNet.Gan.Runtime;

namespace MLNet.Gan.Tests.Build;

[TestClass]
public sealed partial class NativeAllocatorTests
{
    private string? savedSetting;

    [TestInitialize]
    public void SaveSetting() => savedSetting = Environment.GetEnvironmentVariable(TorchRuntime.AllocatorVariable);

    [TestCleanup]
    public void RestoreSetting() => Environment.SetEnvironmentVariable(TorchRuntime.AllocatorVariable, savedSetting);

    [TestMethod]
    public void FreedMemoryIsReusedWithoutFaultingItInAgain()
    {
        Environment.SetEnvironmentVariable(TorchRuntime.AllocatorVariable, null);
        Assert.IsTrue(OperatingSystem.IsLinux(), "this test reads the Linux page-fault counter");

        Assert.IsTrue(TorchRuntime.RetainFreedMemory(), "glibc takes the settings");

        // A training step's pattern: many MB-sized blocks taken, written and freed, again and again. With glibc's own settings
        // the freed blocks go back to the kernel (mapped alone, or trimmed from the heap's top), so every pass faults its
        // 64 MB in again (checked by running this without the call above: 16,160, 10,415, 9,030 and 8,893 faults in the later
        // passes); kept, the later passes reuse the same memory. The first pass may fault or not, depending on what this
        // process freed before.
        const int blocks = 64, size = 1 << 20;
        long FaultsOfOnePass(int pass)
        {
            var before = MinorFaultsOfThisThread();
            var taken = new List<nint>();
            for (var i = 0; i < blocks; i++)
            {
                var bytes = size - (pass * 4096 * (i % 8)); // sizes that differ from pass to pass, as a step's shapes do
                var block = AlignedAlloc(64, (nuint)bytes);
                Assert.AreNotEqual(0, block);
                unsafe
                {
                    new Span<byte>((void*)block, bytes).Fill(1);
                }

                taken.Add(block);
            }

            taken.ForEach(Free);
            return MinorFaultsOfThisThread() - before;
        }

        var first = FaultsOfOnePass(0);
        var later = Enumerable.Range(1, 4).Select(FaultsOfOnePass).ToList();

        foreach (var faults in later)
        {
            Assert.IsLessThan(blocks * (size / 4096) / 20, faults, $"later passes reuse the kept memory: {string.Join(", ", later)} faults after {first}");
        }
    }

    [TestMethod]
    [DataRow("system")]
    [DataRow("SYSTEM")]
    public void SystemLeavesTheCLibrarysSettings(string value)
    {
        Environment.SetEnvironmentVariable(TorchRuntime.AllocatorVariable, value);

        Assert.IsFalse(TorchRuntime.RetainFreedMemory());
    }

    [TestMethod]
    [DataRow("keep")]
    [DataRow("1")]
    [DataRow(" retain")]
    public void AnythingElseIsRefusedWithTheVariableAndValueNamed(string value)
    {
        Environment.SetEnvironmentVariable(TorchRuntime.AllocatorVariable, value);

        var e = Assert.ThrowsExactly<ArgumentException>(() => TorchRuntime.RetainFreedMemory());

        Assert.AreEqual(TorchRuntime.AllocatorVariable, e.ParamName);
        Assert.Contains($"\"{value}\"", e.Message);
        Assert.Contains("\"system\"", e.Message);
    }

    private static long MinorFaultsOfThisThread()
    {
        // struct rusage: two struct timevals (4 longs), then ru_maxrss, ru_ixrss, ru_idrss, ru_isrss, ru_minflt, ... (14 longs).
        var usage = new long[18];
        Assert.AreEqual(0, getrusage(RusageThread, usage));
        return usage[8];
    }

    private const int RusageThread = 1;

    [LibraryImport("libc.so.6")]
    private static partial int getrusage(int who, [Out] long[] usage);

    [LibraryImport("libc.so.6", EntryPoint = "aligned_alloc")]
    private static partial nint AlignedAlloc(nuint alignment, nuint size);

    [LibraryImport("libc.so.6", EntryPoint = "free")]
    private static partial void Free(nint block);
}
