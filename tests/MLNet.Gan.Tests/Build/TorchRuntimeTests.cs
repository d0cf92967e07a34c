using MLNet.Gan.Runtime;
using TorchSharp;

namespace MLNet.Gan.Tests.Build;

[TestClass]
public sealed class TorchRuntimeTests
{
    private string? savedThreads;

    [TestInitialize]
    public void SaveThreads() => savedThreads = Environment.GetEnvironmentVariable(TorchRuntime.ThreadsVariable);

    [TestCleanup]
    public void RestoreThreads()
    {
        Environment.SetEnvironmentVariable(TorchRuntime.ThreadsVariable, savedThreads);
        TorchRuntime.ConfigureThreads();
    }

    [TestMethod]
    public void EnsureLoadedLoadsTorchWhichThenComputes()
    {
        Environment.SetEnvironmentVariable(TorchRuntime.ThreadsVariable, null);

        Parallel.For(0, 4, _ => TorchRuntime.EnsureLoaded());

        Assert.IsFalse(string.IsNullOrEmpty(torch.__version__));
        using torch.Tensor a = torch.tensor(new float[] { 1, 2, 3, 4 }).reshape(2, 2);
        using torch.Tensor b = torch.tensor(new float[] { 5, 6, 7, 8 }).reshape(2, 2);
        using torch.Tensor product = torch.matmul(a, b);
        CollectionAssert.AreEqual(new float[] { 19, 22, 43, 50 }, product.data<float>().ToArray());
    }

    [TestMethod]
    public void ConfigureThreadsDefaultsToTheProcessorCount()
    {
        Environment.SetEnvironmentVariable(TorchRuntime.ThreadsVariable, null);

        Assert.AreEqual(Environment.ProcessorCount, TorchRuntime.ConfigureThreads());
        Assert.AreEqual(Environment.ProcessorCount, torch.get_num_threads());
    }

    [TestMethod]
    [DataRow(1)]
    [DataRow(3)]
    public void ConfigureThreadsHonoursTheVariable(int threads)
    {
        Environment.SetEnvironmentVariable(TorchRuntime.ThreadsVariable, threads.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.AreEqual(threads, TorchRuntime.ConfigureThreads());
        Assert.AreEqual(threads, torch.get_num_threads());
    }

    [TestMethod]
    [DataRow("0")]
    [DataRow("-1")]
    [DataRow("abc")]
    [DataRow("1.5")]
    [DataRow(" 2")]
    public void ConfigureThreadsRejectsAnythingButAWholeNumberOfAtLeastOne(string value)
    {
        TorchRuntime.EnsureLoaded();
        int before = torch.get_num_threads();
        Environment.SetEnvironmentVariable(TorchRuntime.ThreadsVariable, value);

        ArgumentException e = Assert.ThrowsExactly<ArgumentException>(() => TorchRuntime.ConfigureThreads());

        Assert.Contains(TorchRuntime.ThreadsVariable, e.Message);
        Assert.Contains($"\"{value}\"", e.Message);
        Assert.AreEqual(TorchRuntime.ThreadsVariable, e.ParamName);
        Assert.AreEqual(before, torch.get_num_threads(), "A rejected value changes nothing");
    }
}
