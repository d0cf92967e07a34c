// Adam (Kingma & Ba, 2015) with torch.optim.Adam's exact update rule, stepped natively in one call.
using MLNet.Gan.Torch.Native;

namespace MLNet.Gan.Torch.Optim;

/// <summary>
/// Adam: m = β₁m + (1-β₁)g, v = β₂v + (1-β₂)g², p -= lr/(1-β₁ᵗ) · m / (√v/√(1-β₂ᵗ) + ε), with optional
/// L2 weight decay added to g (torch.optim.Adam, amsgrad off). DCGAN uses lr 2e-4, β₁ 0.5.
/// </summary>
public sealed class Adam : Optimizer
{
    private readonly Tensor[] _expAvg;
    private readonly Tensor[] _expAvgSq;

    /// <summary>Creates the optimizer over <paramref name="parameters"/>.</summary>
    public Adam(IEnumerable<Tensor> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 0)
        : base(parameters, lr)
    {
        CheckRange(beta1, nameof(beta1));
        CheckRange(beta2, nameof(beta2));
        ArgumentOutOfRangeException.ThrowIfNegative(eps);
        ArgumentOutOfRangeException.ThrowIfNegative(weightDecay);
        Beta1 = beta1;
        Beta2 = beta2;
        Eps = eps;
        WeightDecay = weightDecay;
        _expAvg = AddParameterState("exp_avg");
        _expAvgSq = AddParameterState("exp_avg_sq");
        AddHyperParameter("beta1", () => Beta1, v => Beta1 = v);
        AddHyperParameter("beta2", () => Beta2, v => Beta2 = v);
        AddHyperParameter("eps", () => Eps, v => Eps = v);
        AddHyperParameter("weight_decay", () => WeightDecay, v => WeightDecay = v);
    }

    /// <summary>Decay of the first moment.</summary>
    public double Beta1 { get; private set; }

    /// <summary>Decay of the second moment.</summary>
    public double Beta2 { get; private set; }

    /// <summary>Added to the denominator for stability.</summary>
    public double Eps { get; private set; }

    /// <summary>L2 penalty added to the gradient.</summary>
    public double WeightDecay { get; private set; }

    /// <inheritdoc/>
    public override unsafe void Step()
    {
        ThrowIfDisposed();
        var p = ParameterHandles();
        var m = Tensor.RawHandles(_expAvg);
        var v = Tensor.RawHandles(_expAvgSq);
        fixed (long* steps = StepCounts)
        {
            NativeChecks.Check(NativeMethods.mg_optim_adam_step(p, m, v, steps, p.Length, LearningRate, Beta1, Beta2, Eps, WeightDecay));
        }

        GC.KeepAlive(Parameters);
        GC.KeepAlive(_expAvg);
        GC.KeepAlive(_expAvgSq);
    }

    private static void CheckRange(double beta, string name)
    {
        if (!(beta >= 0 && beta < 1))
        {
            throw new ArgumentOutOfRangeException(name, beta, "beta must be in [0, 1)");
        }
    }
}
