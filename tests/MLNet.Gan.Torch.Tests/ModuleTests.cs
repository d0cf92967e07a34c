// Module behaviour: names, train/eval, state save/load and its errors, devices, disposal, init, spectral norm.
using MLNet.Gan.Torch.NN;
using MLNet.Gan.Torch.Optim;

namespace MLNet.Gan.Torch.Tests;

[TestClass]
public sealed class ModuleTests
{
    /// <summary>A user-defined module like a PyTorch generator with a `main` Sequential.</summary>
    private sealed class Wrapper : Module
    {
        public Wrapper()
        {
            Main = RegisterModule("main", new Sequential(new Linear(3, 4), new BatchNorm1d(4), new ReLU(), new Linear(4, 2)));
            Scale = RegisterParameter("scale", Torch.Ones(new long[] { 2 }));
        }

        public Sequential Main { get; }

        public Tensor Scale { get; }

        public override Tensor Forward(Tensor input) => Main.Forward(input) * Scale;
    }

    [TestMethod]
    public void NamesNestWithDotsLikePyTorch()
    {
        using var m = new Wrapper();
        CollectionAssert.AreEqual(
            new[] { "scale", "main.0.weight", "main.0.bias", "main.1.weight", "main.1.bias", "main.3.weight", "main.3.bias" },
            m.NamedParameters().Select(p => p.Name).ToArray());
        CollectionAssert.AreEqual(
            new[] { "main.1.running_mean", "main.1.running_var", "main.1.num_batches_tracked" },
            m.NamedBuffers().Select(p => p.Name).ToArray());
        Assert.HasCount(10, m.StateDict());
        var parameters = m.Parameters();
        Assert.AreEqual(7, parameters.Count());
        Assert.AreEqual(7, parameters.Count(), "the sequence can be enumerated again");
        Assert.IsTrue(m.Parameters().All(p => p.RequiresGrad));
    }

    [TestMethod]
    public void TrainAndEvalSwitchDropoutAndBatchNorm()
    {
        using var scope = Torch.NewScope();
        using var net = new Sequential(new Dropout(0.5), new BatchNorm2d(2));
        var x = Torch.Ones(new long[] { 4, 2, 8, 8 }) + Torch.Arange(0, 4, 1, ScalarType.Float32).Reshape(4, 1, 1, 1);
        var bn = (BatchNorm2d)net[1];

        Assert.IsTrue(net.IsTraining && bn.IsTraining);
        var dropout = net[0].Forward(x);
        var dropped = dropout.Eq(0).Float().Mean().ToDouble();
        Assert.IsTrue(dropped > 0.35 && dropped < 0.65, $"about half should drop in training, got {dropped}");
        var kept = dropout.Ne(0);
        Assert.AreEqual(0.0, ((dropout - (x * 2)) * kept.Float()).Abs().Max().ToDouble(), 1e-6, "kept elements are scaled by 1/(1-p)");
        var trainOut = net.Forward(x);
        Assert.AreEqual(0.0, trainOut.Mean().ToDouble(), 1e-4, "training batch norm centres on the batch statistics");
        Assert.AreEqual(1L, bn.NumBatchesTracked.ToInt64());
        var meanAfterTrain = bn.RunningMean.ToArray<float>();
        Assert.IsTrue(meanAfterTrain.All(v => v > 0), "running mean moved towards the batch mean");

        net.Eval();
        Assert.IsFalse(net.IsTraining || bn.IsTraining || net[0].IsTraining);
        ParityAssert.Identical(x, net[0].Forward(x), "dropout in eval mode");
        var evalOut = net.Forward(x);
        // Eval: dropout is the identity and batch norm uses the running statistics: (x - rm) / sqrt(rv + eps).
        var expected = (x - bn.RunningMean.Reshape(1, 2, 1, 1)) / (bn.RunningVar.Reshape(1, 2, 1, 1) + 1e-5).Sqrt();
        ParityAssert.Close(expected, evalOut, 1e-5, "eval output");
        Assert.AreEqual(1L, bn.NumBatchesTracked.ToInt64(), "eval leaves the running statistics alone");
        CollectionAssert.AreEqual(meanAfterTrain, bn.RunningMean.ToArray<float>());

        net.Train();
        Assert.IsTrue(bn.IsTraining);
    }

    [TestMethod]
    public void SaveAndLoadRoundTripGivesIdenticalOutputs()
    {
        var path = Path.Combine(Path.GetTempPath(), $"mlnetgan-module-{Guid.NewGuid():N}.safetensors");
        try
        {
            using var scope = Torch.NewScope();
            var x = Torch.Randn(new long[] { 5, 3 });
            using var a = new Wrapper();
            a.Forward(x); // one training pass: running statistics are no longer the defaults
            a.Eval();
            var expected = a.Forward(x);
            a.Save(path);

            using var b = new Wrapper();
            b.Load(path);
            b.Eval();
            ParityAssert.Identical(expected, b.Forward(x), "output after save/load");
            Assert.AreEqual(1L, b.StateDict()["main.1.num_batches_tracked"].ToInt64());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void LoadingAFileWithAWrongShapeOrUnknownNameNamesTheKeyAndShapes()
    {
        var path = Path.Combine(Path.GetTempPath(), $"mlnetgan-module-{Guid.NewGuid():N}.safetensors");
        try
        {
            using var scope = Torch.NewScope();
            using var small = new Sequential(new Linear(3, 2));
            small.Save(path);
            using var large = new Sequential(new Linear(4, 2));
            var before = large.StateDict()["0.weight"].ToArray<float>();
            var e = Assert.ThrowsExactly<InvalidDataException>(() => large.Load(path));
            StringAssert.Contains(e.Message, path);
            StringAssert.Contains(e.Message, "'0.weight'");
            StringAssert.Contains(e.Message, "[2, 3]");
            StringAssert.Contains(e.Message, "[2, 4]");
            CollectionAssert.AreEqual(before, large.StateDict()["0.weight"].ToArray<float>(), "nothing is copied when loading fails");

            var state = small.StateDict();
            state["0.extra"] = Torch.Zeros(new long[] { 7 });
            Safetensors.Save(path, state);
            var unknown = Assert.ThrowsExactly<InvalidDataException>(() => small.Load(path));
            StringAssert.Contains(unknown.Message, "unexpected key '0.extra' (shape [7])");

            state.Remove("0.extra");
            state.Remove("0.bias");
            var missing = Assert.ThrowsExactly<ArgumentException>(() => small.LoadStateDict(state));
            StringAssert.Contains(missing.Message, "missing key '0.bias'");
            small.LoadStateDict(state, strict: false); // non-strict loads what is there
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void ToCpuKeepsParameterReferencesAndOptimizersWorking()
    {
        using var scope = Torch.NewScope();
        using var net = new Sequential(new Linear(3, 2), new BatchNorm1d(2));
        var before = net.Parameters().ToList();
        using var opt = new Sgd(before, lr: 0.1);
        Assert.AreSame(net, net.To(Device.Cpu));
        var after = net.Parameters().ToList();
        Assert.HasCount(before.Count, after);
        for (var i = 0; i < before.Count; i++)
        {
            Assert.AreSame(before[i], after[i]);
            Assert.AreEqual(Device.Cpu, after[i].Device);
        }

        var w = ((Linear)net[0]).Weight;
        var w0 = w.ToArray<float>();
        (net.Forward(Torch.Randn(new long[] { 4, 3 })) * Torch.Randn(new long[] { 4, 2 })).Sum().Backward();
        opt.Step();
        CollectionAssert.AreNotEqual(w0, w.ToArray<float>(), "the optimizer still updates the moved parameter");
    }

    [TestMethod]
    public void DisposeFreesParametersBuffersAndChildren()
    {
        var net = new Sequential(new Linear(3, 2), new BatchNorm1d(2));
        var tensors = net.StateDict().Values.ToList();
        Assert.IsTrue(tensors.All(t => !t.IsDisposed));
        net.Dispose();
        Assert.IsTrue(tensors.All(t => t.IsDisposed));
        using var x = Torch.Ones(new long[] { 2, 3 });
        Assert.ThrowsExactly<ObjectDisposedException>(() => net.Forward(x));
        net.Dispose(); // twice is harmless
    }

    [TestMethod]
    public void ParametersOutliveTheScopeTheyWereMadeIn()
    {
        Linear layer;
        using (Torch.NewScope())
        {
            layer = new Linear(3, 2);
        }

        using (layer)
        {
            Assert.IsFalse(layer.Weight.IsDisposed);
            Assert.IsFalse(layer.Bias!.IsDisposed);
        }
    }

    [TestMethod]
    public void BadInputsGiveExceptionsThatSayWhatWasWrong()
    {
        using var scope = Torch.NewScope();
        using var conv = new Conv2d(3, 4, 3);
        var wrongChannels = Assert.ThrowsExactly<TorchException>(() => conv.Forward(Torch.Zeros(new long[] { 1, 2, 8, 8 })));
        StringAssert.Contains(wrongChannels.Message, "channels");
        using var bn = new BatchNorm2d(3);
        var wrongRank = Assert.ThrowsExactly<ArgumentException>(() => bn.Forward(Torch.Zeros(new long[] { 2, 3 })));
        StringAssert.Contains(wrongRank.Message, "[2, 3]");
        var lossShapes = Assert.ThrowsExactly<TorchException>(() => Losses.MseLoss(Torch.Zeros(new long[] { 4, 1 }), Torch.Zeros(new long[] { 4 })));
        StringAssert.Contains(lossShapes.Message, "[4, 1]");
        var floatIndices = Assert.ThrowsExactly<TorchException>(() => new Embedding(5, 2).Forward(Torch.Zeros(new long[] { 3 })));
        StringAssert.Contains(floatIndices.Message, "int64");
        var badPad = Assert.ThrowsExactly<TorchException>(() => Functional.Pad(Torch.Zeros(new long[] { 1, 1, 4, 4 }), new long[] { 1, 1, 1 }, PadMode.Reflect));
        StringAssert.Contains(badPad.Message, "pairs");
    }

    [TestMethod]
    public void RegistrationRejectsDottedAndDuplicateNames()
    {
        Assert.ThrowsExactly<ArgumentException>(() => new BadNames(dotted: true));
        Assert.ThrowsExactly<ArgumentException>(() => new BadNames(dotted: false));
    }

    private sealed class BadNames : Module
    {
        public BadNames(bool dotted)
        {
            RegisterParameter(dotted ? "a.b" : "w", Torch.Zeros(new long[] { 1 }));
            RegisterBuffer("w", Torch.Zeros(new long[] { 1 }));
        }

        public override Tensor Forward(Tensor input) => input;
    }

    [TestMethod]
    public void DefaultAndNamedInitialisationsFollowTheirFormulas()
    {
        using var scope = Torch.NewScope();
        Torch.ManualSeed(3);
        using var linear = new Linear(64, 128);
        var bound = 1 / Math.Sqrt(64);
        var w = linear.Weight.ToArray<float>();
        Assert.IsTrue(w.All(v => Math.Abs(v) <= bound), "PyTorch's default: U(-1/sqrt(in), 1/sqrt(in))");
        Assert.IsGreaterThan(0.95 * bound, w.Max(v => Math.Abs(v)));

        var t = Torch.Empty(new long[] { 256, 128, 3, 3 });
        Init.KaimingNormal(t, nonlinearity: Nonlinearity.Relu);
        Assert.AreEqual(Math.Sqrt(2.0 / (128 * 9)), t.Std().ToDouble(), 0.02 * Math.Sqrt(2.0 / (128 * 9)));
        Init.XavierUniform(t);
        Assert.AreEqual(Math.Sqrt(6.0 / ((128 + 256) * 9)), t.Abs().Max().ToDouble(), 1e-3);

        using var g = new Sequential(new ConvTranspose2d(64, 32, 4), new BatchNorm2d(32), new Conv2d(32, 64, 3));
        Init.Dcgan(g);
        Assert.AreEqual(0.02, ((ConvTranspose2d)g[0]).Weight.Std().ToDouble(), 0.002);
        Assert.AreEqual(0.0, ((Conv2d)g[2]).Weight.Mean().ToDouble(), 0.002);
        var bn = (BatchNorm2d)g[1];
        Assert.AreEqual(1.0, bn.Weight!.Mean().ToDouble(), 0.02);
        Assert.AreEqual(0.0, bn.Bias!.Abs().Sum().ToDouble());
    }

    [TestMethod]
    public void SpectralNormDrivesTheLargestSingularValueToOne()
    {
        using var scope = Torch.NewScope();
        Torch.ManualSeed(11);
        using var sn = new SpectralNorm(new Conv2d(3, 8, 3));
        sn.WeightOrig.MulInPlace(5); // a weight far from norm 1
        Assert.IsGreaterThan(2.0, LargestSingularValue(sn.WeightOrig, 8));
        var x = Torch.Randn(new long[] { 2, 3, 6, 6 });
        for (var i = 0; i < 20; i++)
        {
            using var step = Torch.NewScope();
            sn.Forward(x);
        }

        Assert.AreEqual(1.0, LargestSingularValue(sn.NormalizedWeight(), 8), 1e-3);
        CollectionAssert.AreEqual(new[] { "bias", "weight_orig" }, sn.NamedParameters().Select(p => p.Name).ToArray());
    }

    /// <summary>σ_max of a weight viewed as (rows, rest), by power iteration on WᵀW in double precision.</summary>
    private static double LargestSingularValue(Tensor weight, int rows)
    {
        var w = weight.Detach().To(ScalarType.Float64).ToArray<double>();
        var cols = w.Length / rows;
        var v = Enumerable.Range(0, cols).Select(i => 1.0 + (i % 7)).ToArray();
        var sigma = 0.0;
        for (var iter = 0; iter < 500; iter++)
        {
            var u = new double[rows];
            for (var r = 0; r < rows; r++)
            {
                for (var c = 0; c < cols; c++)
                {
                    u[r] += w[(r * cols) + c] * v[c];
                }
            }

            var next = new double[cols];
            for (var c = 0; c < cols; c++)
            {
                for (var r = 0; r < rows; r++)
                {
                    next[c] += w[(r * cols) + c] * u[r];
                }
            }

            var norm = Math.Sqrt(next.Sum(a => a * a));
            sigma = Math.Sqrt(norm / Math.Sqrt(v.Sum(a => a * a)));
            v = next.Select(a => a / norm).ToArray();
        }

        return sigma;
    }
}
