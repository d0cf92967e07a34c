// Autograd: Autograd.Grad (incl. double backward for WGAN-GP), Backward, NoGrad, Detach, ZeroGrad, propagation.
namespace MLNet.Gan.Torch.Tests;

[TestClass]
public sealed class AutogradTests
{
    [TestMethod]
    public void GradOfAScalarMatchesHandDerivatives()
    {
        using var scope = Torch.NewScope();
        var x = Tensor.From(new float[] { 1, -2, 3 }).RequiresGrad_();
        var y = Tensor.From(new float[] { 4, 5, -6 }).RequiresGrad_();
        var f = (x.Pow(3) + (x * y)).Sum(); // df/dx = 3x^2 + y, df/dy = x

        var grads = Autograd.Grad(new[] { f }, new[] { x, y });

        Assert.HasCount(2, grads);
        CollectionAssert.AreEqual(new float[] { 7, 17, 21 }, grads[0].ToArray<float>());
        CollectionAssert.AreEqual(new float[] { 1, -2, 3 }, grads[1].ToArray<float>());
        Assert.IsNull(x.Grad, "Autograd.Grad must not accumulate into .Grad");
        Assert.IsFalse(grads[0].RequiresGrad, "without createGraph the gradient is a plain tensor");
    }

    [TestMethod]
    public void GradOutputsWeightANonScalarOutput()
    {
        using var scope = Torch.NewScope();
        var x = Tensor.From(new double[] { 1, 2, 3 }).RequiresGrad_();
        var y = x.Square(); // dy_i/dx_i = 2 x_i
        var v = Tensor.From(new double[] { 1, 0.5, -1 });

        var g = Autograd.Grad(new[] { y }, new[] { x }, new[] { v })[0];

        CollectionAssert.AreEqual(new double[] { 2, 2, -6 }, g.ToArray<double>());
        var e = Assert.ThrowsExactly<TorchException>(() => Autograd.Grad(y.Exp(), x));
        StringAssert.Contains(e.Message, "scalar outputs");
    }

    [TestMethod]
    public void CreateGraphAllowsSecondDerivatives()
    {
        using var scope = Torch.NewScope();
        var x = Tensor.From(new double[] { 1, 2, -3 }).RequiresGrad_();
        var dx = Autograd.Grad(x.Pow(3).Sum(), x, createGraph: true); // 3x^2
        Assert.IsTrue(dx.RequiresGrad);
        CollectionAssert.AreEqual(new double[] { 3, 12, 27 }, dx.ToArray<double>());

        var ddx = Autograd.Grad(dx.Sum(), x); // 6x
        CollectionAssert.AreEqual(new double[] { 6, 12, -18 }, ddx.ToArray<double>());
    }

    [TestMethod]
    public void GradientPenaltyOfALinearCriticMatchesHandComputation()
    {
        // D(x) = x . w for each row, so dD/dx = w on every row and the penalty is (|w| - 1)^2,
        // whose gradient is 2 (|w| - 1) w / |w|. With w = (3, 4): |w| = 5, penalty 16, grad (4.8, 6.4).
        using var scope = Torch.NewScope();
        var w = Tensor.From(new double[] { 3, 4 }, 2, 1).RequiresGrad_();
        var xHat = Torch.Randn(new long[] { 6, 2 }, ScalarType.Float64).RequiresGrad_();
        var score = xHat.MatMul(w);
        var g = Autograd.Grad(new[] { score }, new[] { xHat }, new[] { Torch.OnesLike(score) }, createGraph: true)[0];
        var penalty = (g.Norm(new long[] { 1 }) - 1).Square().Mean();

        penalty.Backward();

        Assert.AreEqual(16.0, penalty.ToDouble(), 1e-12);
        var grad = w.Grad!.ToArray<double>();
        Assert.AreEqual(4.8, grad[0], 1e-12);
        Assert.AreEqual(6.4, grad[1], 1e-12);
    }

    [TestMethod]
    public void GradientPenaltyThroughAnMlpCriticMatchesPyTorch()
    {
        using var scope = Torch.NewScope();
        var f = Safetensors.Load(RepoPaths.Fixture("ops_autograd.safetensors"));
        var w1 = f["in.w1"].RequiresGrad_();
        var b1 = f["in.b1"].RequiresGrad_();
        var w2 = f["in.w2"].RequiresGrad_();
        var alpha = f["in.alpha"];
        var xHat = ((alpha * f["in.real"]) + ((1 - alpha) * f["in.fake"])).RequiresGrad_();
        var score = (xHat.MatMul(w1) + b1).Tanh().MatMul(w2); // (5, 4) -> (5, 6) -> (5, 1)

        var g = Autograd.Grad(new[] { score }, new[] { xHat }, new[] { Torch.OnesLike(score) }, createGraph: true)[0];
        var penalty = (g.Norm(new long[] { 1 }) - 1).Square().Mean();
        penalty.Backward();

        TensorAssert.Close(f["grad_x_hat"], g.Detach(), "dD/dx_hat");
        TensorAssert.Close(f["penalty"], penalty.Detach(), "penalty");
        TensorAssert.Close(f["grad.w1"], w1.Grad!, "penalty gradient of w1");
        TensorAssert.Close(f["grad.b1"], b1.Grad!, "penalty gradient of b1");
        TensorAssert.Close(f["grad.w2"], w2.Grad!, "penalty gradient of w2");
    }

    [TestMethod]
    public void UnusedInputsNeedAllowUnusedAndThenGetZeros()
    {
        using var scope = Torch.NewScope();
        var x = Tensor.From(new float[] { 1, 2 }).RequiresGrad_();
        var unused = Tensor.From(new float[] { 5, 6, 7 }).RequiresGrad_();
        var f = (x * 2).Sum();

        var e = Assert.ThrowsExactly<TorchException>(() => Autograd.Grad(new[] { f }, new[] { x, unused }, retainGraph: true));
        StringAssert.Contains(e.Message, "not have been used");

        var grads = Autograd.Grad(new[] { f }, new[] { x, unused }, allowUnused: true);
        CollectionAssert.AreEqual(new float[] { 2, 2 }, grads[0].ToArray<float>());
        CollectionAssert.AreEqual(new float[] { 0, 0, 0 }, grads[1].ToArray<float>());
    }

    [TestMethod]
    public void TheGraphIsFreedUnlessRetained()
    {
        using var scope = Torch.NewScope();
        var x = Tensor.From(new float[] { 1, 2 }).RequiresGrad_();
        var f = x.Exp().Sum();
        Autograd.Grad(f, x, retainGraph: true);
        Autograd.Grad(f, x); // allowed: the first call kept the graph
        var e = Assert.ThrowsExactly<TorchException>(() => Autograd.Grad(f, x));
        StringAssert.Contains(e.Message, "second time");
    }

    [TestMethod]
    public void GradRejectsTensorsOutsideTheGraphWithAClearMessage()
    {
        using var scope = Torch.NewScope();
        var x = Tensor.From(new float[] { 1, 2 });
        var e = Assert.ThrowsExactly<TorchException>(() => Autograd.Grad(x.Sum(), x));
        StringAssert.Contains(e.Message, "does not require grad");
        var a = Assert.ThrowsExactly<ArgumentException>(() => Autograd.Grad(new[] { x }, new[] { x }, Array.Empty<Tensor>()));
        StringAssert.Contains(a.Message, "0 gradOutputs for 1 outputs");
    }

    [TestMethod]
    public void NoGradStopsRecordingAndRestoresTheMode()
    {
        using var scope = Torch.NewScope();
        var x = Tensor.From(new float[] { 1, 2 }).RequiresGrad_();
        Assert.IsTrue(Torch.IsGradEnabled);
        Tensor y;
        using (Torch.NoGrad())
        {
            Assert.IsFalse(Torch.IsGradEnabled);
            y = x * 3;
            using (Torch.EnableGrad())
            {
                Assert.IsTrue((x * 3).RequiresGrad, "EnableGrad inside NoGrad records again");
            }

            Assert.IsFalse(Torch.IsGradEnabled);
        }

        Assert.IsTrue(Torch.IsGradEnabled);
        Assert.IsFalse(y.RequiresGrad);
        Assert.IsTrue((x * 3).RequiresGrad);
    }

    [TestMethod]
    public void DetachCutsTheGraph()
    {
        using var scope = Torch.NewScope();
        var x = Tensor.From(new float[] { 2, 3 }).RequiresGrad_();
        var d = x.Detach();
        Assert.IsFalse(d.RequiresGrad);
        var f = ((d * x) + x).Sum(); // the detached factor is a constant: df/dx = d + 1

        f.Backward();

        CollectionAssert.AreEqual(new float[] { 3, 4 }, x.Grad!.ToArray<float>());
    }

    [TestMethod]
    public void BackwardAccumulatesUntilZeroGrad()
    {
        using var scope = Torch.NewScope();
        var x = Tensor.From(new float[] { 1, 2 }).RequiresGrad_();
        (x * 5).Sum().Backward();
        (x * 5).Sum().Backward();
        CollectionAssert.AreEqual(new float[] { 10, 10 }, x.Grad!.ToArray<float>());

        x.ZeroGrad();
        Assert.IsNull(x.Grad);
        (x * x).Sum().Backward();
        CollectionAssert.AreEqual(new float[] { 2, 4 }, x.Grad!.ToArray<float>());
    }

    [TestMethod]
    public void RequiresGradPropagatesThroughOperations()
    {
        using var scope = Torch.NewScope();
        var w = Tensor.From(new float[] { 1, 2 }).RequiresGrad_();
        var c = Tensor.From(new float[] { 3, 4 });
        Assert.IsFalse((c * 2).RequiresGrad);
        var y = (w * c) + c;
        Assert.IsTrue(y.RequiresGrad);
        Assert.IsTrue(w.IsLeaf);
        Assert.IsFalse(y.IsLeaf);
        Assert.IsFalse(y.ArgMax().RequiresGrad, "integer results never require grad");

        y.RetainGrad();
        (y * 2).Sum().Backward();
        CollectionAssert.AreEqual(new float[] { 2, 2 }, y.Grad!.ToArray<float>());
        CollectionAssert.AreEqual(new float[] { 6, 8 }, w.Grad!.ToArray<float>());

        var e = Assert.ThrowsExactly<TorchException>(() => Tensor.From(new long[] { 1 }).RequiresGrad_());
        StringAssert.Contains(e.Message, "floating point");
    }
}
