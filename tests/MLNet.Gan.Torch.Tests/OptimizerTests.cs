// Adam and SGD against torch.optim (fixture nn_optim.safetensors) and exact resume from a saved state.
using MLNet.Gan.Torch.NN;
using MLNet.Gan.Torch.Optim;

namespace MLNet.Gan.Torch.Tests;

[TestClass]
public sealed class OptimizerTests
{
    private static readonly Lazy<ParityFixture> s_fixture = new(() => new ParityFixture("nn_optim.safetensors"));

    private static Optimizer Make(string name, IEnumerable<Tensor> ps) => name switch
    {
        "adam" => new Adam(ps),
        "adam_dcgan_wd" => new Adam(ps, lr: 2e-4, beta1: 0.5, beta2: 0.999, weightDecay: 0.01),
        "sgd" => new Sgd(ps, lr: 0.1),
        "sgd_momentum" => new Sgd(ps, lr: 0.05, momentum: 0.9, weightDecay: 0.001, dampening: 0.1),
        "sgd_nesterov" => new Sgd(ps, lr: 0.05, momentum: 0.8, weightDecay: 0.01, nesterov: true),
        _ => throw new ArgumentException("unknown optimizer " + name),
    };

    /// <summary>Makes p.Grad equal g exactly: d/dp Σ p·g = g.</summary>
    private static void SetGradient(Tensor p, Tensor g)
    {
        using var scope = Torch.NewScope();
        (p * g).Sum().Backward();
    }

    [TestMethod]
    [DataRow("adam")]
    [DataRow("adam_dcgan_wd")]
    [DataRow("sgd")]
    [DataRow("sgd_momentum")]
    [DataRow("sgd_nesterov")]
    public void ThreeStepsMatchTorchOptim(string name)
    {
        var f = s_fixture.Value;
        var steps = int.Parse(f.Metadata["steps"], System.Globalization.CultureInfo.InvariantCulture);
        using var scope = Torch.NewScope();
        var ps = new[] { f["init.0"].Clone().RequiresGrad_(), f["init.1"].Clone().RequiresGrad_() };
        using var opt = Make(name, ps);
        for (var k = 0; k < steps; k++)
        {
            opt.ZeroGrad();
            for (var i = 0; i < ps.Length; i++)
            {
                // As in the fixture, parameter 1 gets no gradient at step 1 and must be left alone.
                if (!(k == 1 && i == 1))
                {
                    SetGradient(ps[i], f[$"grad.{k}.{i}"]);
                }
            }

            opt.Step();
        }

        for (var i = 0; i < ps.Length; i++)
        {
            ParityAssert.Close(f[$"{name}.result.{i}"], ps[i], 1e-6, $"{name} parameter {i} after {steps} steps");
        }
    }

    private static Sequential SmallNet() => new(new Linear(4, 8), new Tanh(), new Linear(8, 2));

    /// <summary>Runs <paramref name="count"/> steps on a fixed regression batch.</summary>
    private static void Train(Module net, Optimizer opt, Tensor x, Tensor y, int count)
    {
        for (var i = 0; i < count; i++)
        {
            using var scope = Torch.NewScope();
            opt.ZeroGrad();
            Losses.MseLoss(net.Forward(x), y).Backward();
            opt.Step();
        }
    }

    [TestMethod]
    [DataRow("adam_dcgan_wd")]
    [DataRow("sgd_momentum")]
    public void ResumingFromASavedStateContinuesBitIdentically(string name)
    {
        var dir = Directory.CreateTempSubdirectory("mlnetgan-optim-");
        try
        {
            using var scope = Torch.NewScope();
            Torch.ManualSeed(7);
            var x = Torch.Randn(new long[] { 16, 4 });
            var y = Torch.Randn(new long[] { 16, 2 });
            using var reference = SmallNet();
            using var resumed = SmallNet();
            var initial = Path.Combine(dir.FullName, "initial.safetensors");
            reference.Save(initial);

            // Uninterrupted: 10 steps.
            using (var opt = Make(name, reference.Parameters()))
            {
                Train(reference, opt, x, y, 10);
            }

            // Interrupted: 5 steps, checkpoint model and optimizer, fresh objects, load, 5 more steps.
            resumed.Load(initial);
            var modelFile = Path.Combine(dir.FullName, "model.safetensors");
            var optFile = Path.Combine(dir.FullName, "optim.safetensors");
            using (var opt = Make(name, resumed.Parameters()))
            {
                Train(resumed, opt, x, y, 5);
                resumed.Save(modelFile);
                Safetensors.Save(optFile, opt.StateDict());
            }

            using var restored = SmallNet();
            restored.Load(modelFile);
            using (var opt = Make(name, restored.Parameters()))
            {
                opt.LearningRate = 123; // overwritten by the saved hyper-parameters
                opt.LoadStateDict(Safetensors.Load(optFile));
                Train(restored, opt, x, y, 5);
            }

            var expected = reference.StateDict();
            foreach (var (key, value) in restored.StateDict())
            {
                ParityAssert.Identical(expected[key], value, $"{name}: {key} after 5 + save/load + 5 steps");
            }
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [TestMethod]
    public void StateDictHoldsMomentsStepCountsAndHyperParameters()
    {
        using var scope = Torch.NewScope();
        using var net = new Linear(3, 2);
        using var opt = new Adam(net.Parameters(), lr: 0.01, beta1: 0.5);
        Losses.MseLoss(net.Forward(Torch.Ones(new long[] { 4, 3 })), Torch.Zeros(new long[] { 4, 2 })).Backward();
        opt.Step();
        opt.Step();
        var state = opt.StateDict();
        Assert.AreEqual(2L, state["state.0.step"].ToInt64());
        Assert.AreEqual(ScalarType.Int64, state["state.0.step"].Dtype);
        Assert.AreEqual(0.01, state["hyper.lr"].ToDouble());
        Assert.AreEqual(0.5, state["hyper.beta1"].ToDouble());
        CollectionAssert.AreEqual(new long[] { 2, 3 }, state["state.0.exp_avg"].Shape);
        CollectionAssert.AreEqual(new long[] { 2 }, state["state.1.exp_avg_sq"].Shape);
        Assert.IsGreaterThan(0.0, state["state.0.exp_avg_sq"].Sum().ToDouble());
    }

    [TestMethod]
    public void LoadingAStateOfAnotherShapeNamesTheKey()
    {
        using var scope = Torch.NewScope();
        using var small = new Linear(3, 2);
        using var large = new Linear(5, 2);
        using var a = new Adam(small.Parameters());
        using var b = new Adam(large.Parameters());
        var e = Assert.ThrowsExactly<ArgumentException>(() => b.LoadStateDict(a.StateDict()));
        StringAssert.Contains(e.Message, "state.0.exp_avg");
        StringAssert.Contains(e.Message, "[2, 3]");

        using var sgd = new Sgd(small.Parameters(), lr: 0.1);
        var e2 = Assert.ThrowsExactly<ArgumentException>(() => sgd.LoadStateDict(a.StateDict()));
        StringAssert.Contains(e2.Message, "unexpected key 'state.0.exp_avg'");
        StringAssert.Contains(e2.Message, "missing key 'state.0.momentum_buffer'");
    }

    [TestMethod]
    public void RejectsBadHyperParameters()
    {
        using var scope = Torch.NewScope();
        using var net = new Linear(2, 2);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new Adam(net.Parameters(), beta1: 1.0));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new Sgd(net.Parameters(), lr: -1));
        Assert.ThrowsExactly<ArgumentException>(() => new Sgd(net.Parameters(), lr: 0.1, nesterov: true));
        Assert.ThrowsExactly<ArgumentException>(() => new Adam(Array.Empty<Tensor>()));
    }
}
