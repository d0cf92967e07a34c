// Device names: cpu, cuda, cuda:N and auto parse to the right device; anything else is rejected
// with the text and the accepted forms. Runs everywhere (no GPU needed).
namespace MLNet.Gan.Torch.Tests;

[TestClass]
public sealed class DeviceTests
{
    [TestMethod]
    public void ParsesCpuCudaAndCudaWithIndex()
    {
        Assert.AreEqual(Device.Cpu, Device.Parse("cpu"));
        Assert.AreEqual(Device.Cpu, Device.Parse(" CPU "));
        Assert.AreEqual(new Device(DeviceType.Cuda, 0), Device.Parse("cuda"));
        Assert.AreEqual(Device.Cuda(1), Device.Parse("cuda:1"));
        Assert.AreEqual(Device.Cuda(12), Device.Parse("CUDA:12"));
        Assert.IsTrue(Device.Parse("cuda:3").IsCuda);
        Assert.IsFalse(Device.Parse("cpu").IsCuda);
    }

    [TestMethod]
    public void AutoIsCudaExactlyWhenLibTorchSeesAGpu()
    {
        var expected = Torch.CudaDeviceCount > 0 ? Device.Cuda(0) : Device.Cpu;
        Assert.AreEqual(expected, Device.Parse("auto"), $"libtorch sees {Torch.CudaDeviceCount} CUDA devices");
        Assert.AreEqual(expected, Device.Parse("Auto"));
    }

    [TestMethod]
    public void ToStringParsesBack()
    {
        foreach (var d in new[] { Device.Cpu, Device.Cuda(), Device.Cuda(7) })
        {
            Assert.AreEqual(d, Device.Parse(d.ToString()));
        }

        Assert.AreEqual("cuda:0", Device.Cuda().ToString());
        Assert.AreEqual("cpu", Device.Cpu.ToString());
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("gpu")]
    [DataRow("cuda:")]
    [DataRow("cuda:-1")]
    [DataRow("cuda:+1")]
    [DataRow("cuda: 1")]
    [DataRow("cuda:x")]
    [DataRow("cuda:1:2")]
    [DataRow("cuda1")]
    [DataRow("cpu:0")]
    [DataRow("cuda:99999999999")]
    public void BadNamesAreRejectedWithTheTextAndTheAcceptedForms(string text)
    {
        var e = Assert.ThrowsExactly<FormatException>(() => Device.Parse(text));
        StringAssert.Contains(e.Message, $"unknown device '{text}'");
        StringAssert.Contains(e.Message, "expected cpu, cuda, cuda:N or auto");
    }

    [TestMethod]
    public void NullIsRejected()
    {
        Assert.ThrowsExactly<ArgumentNullException>(() => Device.Parse(null!));
    }

    [TestMethod]
    public void ACpuOnlyLibTorchRefusesCudaTensorsWithAClearError()
    {
        if (Torch.CudaIsAvailable)
        {
            // With a GPU the same call must succeed: the tensor lands on the device.
            using var onGpu = Torch.Zeros(new long[] { 2 }, device: Device.Cuda());
            Assert.AreEqual(Device.Cuda(), onGpu.Device);
            return;
        }

        using var cpu = Torch.Zeros(new long[] { 2 });
        var e = Assert.ThrowsExactly<TorchException>(() => Torch.Zeros(new long[] { 2 }, device: Device.Cuda()));
        StringAssert.Contains(e.Message, "CUDA");
        Assert.ThrowsExactly<TorchException>(() => cpu.To(Device.Cuda()));
    }
}
