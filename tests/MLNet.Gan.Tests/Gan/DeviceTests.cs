// Device names: cpu, cuda, cuda:N and auto; CUDA asked for where TorchSharp has none is one clear error.
using Microsoft.ML;
using MLNet.Gan.Training;
using TorchSharp;

namespace MLNet.Gan.Tests.Gan;

[TestClass]
public sealed class DeviceTests
{
    [TestMethod]
    public void CpuAndAutoResolveToTheCpuWhereTorchSharpHasNoCuda()
    {
        Assert.IsFalse(torch.cuda.is_available(), "these tests describe a machine without CUDA (the CPU backend package)");
        Assert.AreEqual(DeviceType.CPU, Devices.Resolve("cpu").type);
        Assert.AreEqual(DeviceType.CPU, Devices.Resolve(" AUTO ").type);
    }

    [TestMethod]
    [DataRow("cuda")]
    [DataRow("cuda:0")]
    [DataRow("cuda:3")]
    public void CudaWhereThereIsNoneIsOneClearError(string name)
    {
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => Devices.Resolve(name));
        StringAssert.Contains(e.Message, $"device '{name}'");
        StringAssert.Contains(e.Message, "TorchSharp has no CUDA here");
        StringAssert.Contains(e.Message, "use \"cpu\" or \"auto\"");
    }

    [TestMethod]
    [DataRow("gpu")]
    [DataRow("cuda:x")]
    [DataRow("cuda:-1")]
    [DataRow("")]
    public void AnUnknownDeviceNameIsRejectedBeforeAnyTraining(string name)
    {
        var options = ToyData.TinyOptions();
        options.Device = name;
        var e = Assert.ThrowsExactly<ArgumentException>(() => new MLContext().Gan().Trainers.ConditionalGan(options));
        StringAssert.Contains(e.Message, "expected cpu, cuda, cuda:N or auto");
    }

    [TestMethod]
    public void TheContextsGpuDeviceIdIsHonouredAndFallsBackToTheCpuOnlyWhenAllowed()
    {
        var strict = new MLContext(seed: 1) { GpuDeviceId = 0, FallbackToCpu = false };
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => Devices.Resolve("auto", strict));
        StringAssert.Contains(e.Message, "MLContext.GpuDeviceId is 0");
        StringAssert.Contains(e.Message, "FallbackToCpu");

        var lenient = new MLContext(seed: 1) { GpuDeviceId = 0, FallbackToCpu = true };
        Assert.AreEqual(DeviceType.CPU, Devices.Resolve("auto", lenient).type);
        Assert.AreEqual(DeviceType.CPU, Devices.Resolve("cpu", strict).type, "an explicit device wins over the context's GPU id");
    }

    [TestMethod]
    public void FittingOnCudaWhereThereIsNoneFailsBeforeReadingTheData()
    {
        var ml = new MLContext(seed: 1);
        var options = ToyData.TinyOptions();
        options.Device = "cuda";
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => ml.Gan().Trainers.ConditionalGan(options).Fit(ToyData.Quadrants(ml)));
        StringAssert.Contains(e.Message, "device 'cuda'");
    }
}
