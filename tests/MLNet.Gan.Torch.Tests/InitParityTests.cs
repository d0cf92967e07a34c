// Weight initialisations against torch.nn.init: seeded the same way, each fills the tensor with the
// values PyTorch 1.13 draws (fixture from tests/reference/nn_reference.py), so the formulas for the
// bounds and standard deviations (fans, gains, modes) match too.
using MLNet.Gan.Torch.NN;

namespace MLNet.Gan.Torch.Tests;

[TestClass]
public sealed class InitParityTests
{
    private static readonly Lazy<ParityFixture> s_init = new(() => new ParityFixture("nn_init.safetensors"));

    /// <summary>The cases of INIT_CASES in nn_reference.py: seed, shape and the same init through this library.</summary>
    private static (long Seed, long[] Shape, Action<Tensor> Init) Case(string name) => name switch
    {
        "normal" => (21, [32, 16], t => Init.Normal(t, mean: 0.5, std: 2.0)),
        "uniform" => (22, [32, 16], t => Init.Uniform(t, a: -3.0, b: 1.0)),
        "xavier_normal" => (23, [8, 4, 3, 3], t => Init.XavierNormal(t)),
        "xavier_normal_tanh" => (24, [24, 16], t => Init.XavierNormal(t, gain: Init.CalculateGain(Nonlinearity.Tanh))),
        "xavier_uniform" => (25, [8, 4, 3, 3], t => Init.XavierUniform(t)),
        "kaiming_uniform" => (26, [8, 4, 3, 3], t => Init.KaimingUniform(t)),
        "kaiming_uniform_leaky_fan_out" => (27, [8, 4, 4, 4], t => Init.KaimingUniform(t, a: 0.2, mode: FanMode.FanOut)),
        "kaiming_uniform_relu" => (28, [24, 16], t => Init.KaimingUniform(t, nonlinearity: Nonlinearity.Relu)),
        "kaiming_normal_relu" => (29, [8, 4, 3, 3], t => Init.KaimingNormal(t, nonlinearity: Nonlinearity.Relu)),
        _ => throw new ArgumentException("unknown case " + name),
    };

    [TestMethod]
    [DataRow("normal")]
    [DataRow("uniform")]
    [DataRow("xavier_normal")]
    [DataRow("xavier_normal_tanh")]
    [DataRow("xavier_uniform")]
    [DataRow("kaiming_uniform")]
    [DataRow("kaiming_uniform_leaky_fan_out")]
    [DataRow("kaiming_uniform_relu")]
    [DataRow("kaiming_normal_relu")]
    public void InitDrawsWhatPyTorchDrawsUnderTheSameSeed(string name)
    {
        using var scope = Torch.NewScope();
        var (seed, shape, init) = Case(name);
        Torch.ManualSeed(seed);
        var t = Torch.Empty(shape);
        init(t);
        ParityAssert.Close(s_init.Value[name], t, 1e-6, name);
    }

    [TestMethod]
    public void InitFillsAParameterInPlaceWithoutRecordingHistory()
    {
        using var scope = Torch.NewScope();
        var p = Torch.Zeros(new long[] { 4, 6 }).RequiresGrad_();
        Assert.AreSame(p, Init.KaimingUniform(p));
        Assert.IsTrue(p.IsLeaf, "still a leaf: the fill is not part of the graph");
        Assert.IsTrue(p.RequiresGrad);
        Assert.IsGreaterThan(0.0, p.Abs().Sum().ToDouble(), "the values changed");
        var bound = Math.Sqrt(6.0 / 6); // √3 · gain √2 / √fanIn
        Assert.IsLessThanOrEqualTo(bound, p.Abs().Max().ToDouble());
    }

    [TestMethod]
    public void FansNeedAtLeastTwoDimensions()
    {
        using var scope = Torch.NewScope();
        var e = Assert.ThrowsExactly<ArgumentException>(() => Init.XavierNormal(Torch.Empty(new long[] { 5 })));
        StringAssert.Contains(e.Message, "at least 2 dimensions, got shape [5]");
    }
}
