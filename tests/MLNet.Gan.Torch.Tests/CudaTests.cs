// CUDA: tensors and modules go to the GPU and back unchanged, a conv GAN step with Adam on the GPU
// matches the same step on the CPU, safetensors written from GPU tensors equal the CPU file, and the
// Auto transposed-convolution policy runs libtorch's own (cuDNN) kernel there. Excluded from the
// default run (the test project's VSTestTestCaseFilter); run on a GPU machine with
//   TORCH_DIR=<CUDA libtorch> dotnet test tests/MLNet.Gan.Torch.Tests --filter TestCategory=Gpu
using MLNet.Gan.Torch.NN;
using MLNet.Gan.Torch.Optim;

namespace MLNet.Gan.Torch.Tests;

[TestClass]
[TestCategory("Gpu")]
public sealed class CudaTests
{
    /// <summary>
    /// cuDNN convolutions use TF32 by default on Ampere and later (10-bit mantissa), so GPU and CPU
    /// convolutions agree to about 1e-3 relative, not to float32 rounding.
    /// </summary>
    private const double ConvTolerance = 5e-3;

    private static readonly Device Gpu = Device.Cuda(0);

    [TestInitialize]
    public void RequireCuda()
    {
        if (!Torch.CudaIsAvailable)
        {
            Assert.Fail(
                $"The Gpu tests need a CUDA libtorch and a GPU, but libtorch ({Torch.Version}) sees no CUDA device. " +
                "Build with TORCH_DIR pointing at a CUDA libtorch (e.g. the one inside a CUDA PyTorch install) and " +
                "run `dotnet test --filter TestCategory=Gpu` on a machine with an NVIDIA GPU");
        }
    }

    [TestMethod]
    public void TensorsOfEveryDtypeGoToTheGpuAndBackUnchanged()
    {
        using var scope = Torch.NewScope();
        Torch.ManualSeed(1);
        var tensors = new[]
        {
            Torch.Randn(new long[] { 3, 4, 5 }),
            Torch.Randn(new long[] { 7 }, ScalarType.Float64),
            Torch.Randn(new long[] { 6 }).To(ScalarType.Float16),
            Torch.RandInt(-1000, 1000, new long[] { 2, 3 }),
            Torch.RandInt(0, 256, new long[] { 9 }, ScalarType.UInt8),
            Torch.Rand(new long[] { 5 }).Gt(0.5),
        };
        foreach (var cpu in tensors)
        {
            var onGpu = cpu.To(Gpu);
            Assert.AreEqual(Gpu, onGpu.Device, cpu.ToString());
            Assert.AreEqual(cpu.Dtype, onGpu.Dtype);
            var back = onGpu.To(Device.Cpu);
            Assert.AreEqual(Device.Cpu, back.Device);
            Assert.IsTrue(cpu.Equal(back), $"{cpu} changed on its way to the GPU and back");
            CollectionAssert.AreEqual(cpu.Shape, onGpu.Shape);
        }

        var x = tensors[0];
        TensorAssert.Within(x.Exp() * 2 + 1, (x.To(Gpu).Exp() * 2 + 1).To(Device.Cpu), 1e-6, 1e-6, "elementwise math on the GPU");
        Assert.AreEqual(Gpu, Torch.Zeros(new long[] { 2 }, device: Gpu).Device, "factories create on the GPU");
    }

    [TestMethod]
    public void ModulesGoToTheGpuAndBackWithIdenticalState()
    {
        using var scope = Torch.NewScope();
        Torch.ManualSeed(2);
        using var net = new Sequential(
            new Conv2d(1, 4, 3, padding: 1), new BatchNorm2d(4), new LeakyReLU(0.2), new ConvTranspose2d(4, 2, 4, stride: 2, padding: 1));
        var x = Torch.Randn(new long[] { 2, 1, 6, 6 });
        net.Train();
        net.Forward(x); // batch statistics move the running buffers away from their initial values
        net.Eval();
        var before = net.StateDict().ToDictionary(kv => kv.Key, kv => kv.Value.Clone());
        var parameters = net.Parameters().ToList();
        var expected = net.Forward(x);

        net.To(Gpu);
        foreach (var (name, t) in net.NamedParameters().Concat(net.NamedBuffers()))
        {
            Assert.AreEqual(Gpu, t.Device, name);
        }

        CollectionAssert.AreEqual(parameters, net.Parameters().ToList(), "the same Tensor objects, now on the GPU");
        var onGpu = net.Forward(x.To(Gpu));
        Assert.AreEqual(Gpu, onGpu.Device);
        TensorAssert.Within(expected, onGpu.To(Device.Cpu), ConvTolerance, ConvTolerance, "eval forward on the GPU");

        net.To(Device.Cpu);
        foreach (var (name, t) in net.StateDict())
        {
            Assert.AreEqual(Device.Cpu, t.Device, name);
            Assert.IsTrue(before[name].Equal(t), $"{name} changed on its way to the GPU and back");
        }
    }

    [TestMethod]
    public void AConvGanStepWithAdamOnTheGpuMatchesTheCpuStep()
    {
        // eps 1e-3 keeps Adam's first update lr·g/(|g| + eps) smooth in g, so TF32 noise in a tiny gradient
        // cannot flip its sign; updates still reach ~lr where gradients are large.
        const double lr = 1e-3;
        using var scope = Torch.NewScope();
        using var cpu = new GanOnDevice(Device.Cpu, lr);
        using var gpu = new GanOnDevice(Gpu, lr);
        Torch.ManualSeed(4);
        var real = Torch.Rand(new long[] { 8, 1, 8, 8 }) * 2 - 1;
        var noise = Torch.Randn(new long[] { 8, TinyGan.Latent });
        var start = cpu.State().ToDictionary(kv => kv.Key, kv => kv.Value.Clone());

        var (cpuD, cpuG) = TinyGan.Step(cpu.G, cpu.D, cpu.OptG, cpu.OptD, real, noise);
        var (gpuD, gpuG) = TinyGan.Step(gpu.G, gpu.D, gpu.OptG, gpu.OptD, real.To(Gpu), noise.To(Gpu));

        Assert.AreEqual(cpuD.ToDouble(), gpuD.ToDouble(), 1e-2 * Math.Abs(cpuD.ToDouble()), "discriminator loss");
        Assert.AreEqual(cpuG.ToDouble(), gpuG.ToDouble(), 1e-2 * Math.Abs(cpuG.ToDouble()), "generator loss");
        foreach (var state in gpu.OptD.StateDict().Where(kv => kv.Key.Contains("exp_avg", StringComparison.Ordinal)))
        {
            Assert.AreEqual(Gpu, state.Value.Device, $"Adam state {state.Key} lives with its parameter");
        }

        var largestUpdate = 0.0;
        var after = gpu.State().ToDictionary(kv => kv.Key, kv => kv.Value.To(Device.Cpu));
        foreach (var (name, t) in cpu.State())
        {
            TensorAssert.Within(t, after[name], 0.25 * lr, 0, $"{name} after one step on the GPU");
            largestUpdate = Math.Max(largestUpdate, (t - start[name]).Abs().Max().ToDouble());
        }

        Assert.IsGreaterThan(0.5 * lr, largestUpdate, "the step must move parameters by more than the tolerance");
    }

    [TestMethod]
    public void SafetensorsWrittenFromGpuTensorsEqualTheCpuFile()
    {
        using var scope = Torch.NewScope();
        var cpu = CSharpWrittenFixture.Build();
        var onGpu = cpu.ToDictionary(kv => kv.Key, kv => kv.Value.To(Gpu));
        Assert.IsTrue(onGpu.Values.All(t => t.Device == Gpu));

        using var fromGpu = new MemoryStream();
        Safetensors.Write(fromGpu, onGpu, CSharpWrittenFixture.Metadata);
        CollectionAssert.AreEqual(CSharpWrittenFixture.WriteToBytes(), fromGpu.ToArray(), "the same bytes as from the CPU tensors");

        var path = Path.Combine(Path.GetTempPath(), $"mlnetgan-gpu-{Guid.NewGuid():N}.safetensors");
        try
        {
            Safetensors.Save(path, onGpu);
            var loaded = Safetensors.Load(path);
            foreach (var (name, t) in cpu)
            {
                Assert.AreEqual(Device.Cpu, loaded[name].Device, "files load onto the CPU");
                Assert.IsTrue(t.Equal(loaded[name]), name);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void AutoPolicyUsesLibTorchsOwnTransposedConvolutionOnTheGpu()
    {
        using var scope = Torch.NewScope();
        Torch.ManualSeed(5);
        var x = Torch.Randn(new long[] { 2, 6, 7, 7 });
        var w = Torch.Randn(new long[] { 6, 4, 4, 4 }) * 0.5;
        var b = Torch.Randn(new long[] { 4 });
        long[] stride = [2, 2], padding = [1, 1], outputPadding = [0, 0];
        var expected = ConvTranspose2dOp.Reference(x, w, b, stride, padding, outputPadding);
        var (xg, wg, bg) = (x.To(Gpu), w.To(Gpu), b.To(Gpu));

        using (new ConvTransposePolicyScope(ConvTranspose2dPolicy.Auto))
        {
            Torch.ClearConvTranspose2dCache();
            var y = ConvTranspose2dOp.Forward(xg, wg, bg, stride, padding, outputPadding);
            Assert.AreEqual(ConvTranspose2dForm.LibTorchKernel, Torch.LastConvTranspose2dForm);
            Assert.AreEqual(0L, Torch.ConvTranspose2dCacheSize.Shapes, "nothing is timed on the GPU");
            Assert.AreEqual(Gpu, y.Device);
            TensorAssert.Within(expected, y.To(Device.Cpu), ConvTolerance, ConvTolerance, "Auto on the GPU");

            using var layer = new ConvTranspose2d(6, 4, 4, stride: 2, padding: 1);
            layer.To(Gpu);
            Assert.AreEqual(Gpu, layer.Forward(xg).Device);
            Assert.AreEqual(ConvTranspose2dForm.LibTorchKernel, Torch.LastConvTranspose2dForm, "the layer follows the policy");
        }

        using (new ConvTransposePolicyScope(ConvTranspose2dPolicy.OrdinaryConvolution))
        {
            var y = ConvTranspose2dOp.Forward(xg, wg, bg, stride, padding, outputPadding);
            Assert.AreEqual(ConvTranspose2dForm.OrdinaryConvolution, Torch.LastConvTranspose2dForm);
            TensorAssert.Within(expected, y.To(Device.Cpu), ConvTolerance, ConvTolerance, "the re-expressed form on the GPU");
        }
    }

    /// <summary>The tiny GAN with a fixed initialisation, moved to a device, and its two Adam optimizers.</summary>
    private sealed class GanOnDevice : IDisposable
    {
        public GanOnDevice(Device device, double lr)
        {
            Torch.ManualSeed(3);
            G = TinyGan.Generator();
            D = TinyGan.Discriminator();
            Init.Dcgan(G);
            Init.Dcgan(D);
            G.To(device);
            D.To(device);
            OptG = new Adam(G.Parameters(), lr, beta1: 0.5, eps: 1e-3);
            OptD = new Adam(D.Parameters(), lr, beta1: 0.5, eps: 1e-3);
        }

        public Sequential G { get; }

        public Sequential D { get; }

        public Adam OptG { get; }

        public Adam OptD { get; }

        /// <summary>Every parameter and buffer of both networks, keyed "G.…" and "D.…".</summary>
        public IEnumerable<KeyValuePair<string, Tensor>> State() =>
            G.StateDict().Select(kv => KeyValuePair.Create("G." + kv.Key, kv.Value))
                .Concat(D.StateDict().Select(kv => KeyValuePair.Create("D." + kv.Key, kv.Value)));

        public void Dispose()
        {
            OptG.Dispose();
            OptD.Dispose();
            G.Dispose();
            D.Dispose();
        }
    }
}
