// Stochastic gradient descent with torch.optim.SGD's momentum, dampening and Nesterov rules.
using MLNet.Gan.Torch.Native;

namespace MLNet.Gan.Torch.Optim;

/// <summary>
/// SGD: g += λp; with momentum b = μb + (1-dampening)g (b starts as the first g), and g = b (or g + μb
/// with Nesterov); then p -= lr·g (torch.optim.SGD).
/// </summary>
public sealed class Sgd : Optimizer
{
    private readonly Tensor[] _momentumBuffer;

    /// <summary>Creates the optimizer over <paramref name="parameters"/>.</summary>
    public Sgd(IEnumerable<Tensor> parameters, double lr, double momentum = 0, double weightDecay = 0, double dampening = 0, bool nesterov = false)
        : base(parameters, lr)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(momentum);
        ArgumentOutOfRangeException.ThrowIfNegative(weightDecay);
        if (nesterov && (momentum <= 0 || dampening != 0))
        {
            throw new ArgumentException("Nesterov momentum needs momentum > 0 and dampening 0", nameof(nesterov));
        }

        Momentum = momentum;
        WeightDecay = weightDecay;
        Dampening = dampening;
        Nesterov = nesterov;
        _momentumBuffer = AddParameterState("momentum_buffer");
        AddHyperParameter("momentum", () => Momentum, v => Momentum = v);
        AddHyperParameter("weight_decay", () => WeightDecay, v => WeightDecay = v);
        AddHyperParameter("dampening", () => Dampening, v => Dampening = v);
        AddHyperParameter("nesterov", () => Nesterov ? 1 : 0, v => Nesterov = v != 0);
    }

    /// <summary>Momentum factor μ (0 = plain SGD).</summary>
    public double Momentum { get; private set; }

    /// <summary>L2 penalty added to the gradient.</summary>
    public double WeightDecay { get; private set; }

    /// <summary>Dampening of the momentum update.</summary>
    public double Dampening { get; private set; }

    /// <summary>Whether Nesterov momentum is used.</summary>
    public bool Nesterov { get; private set; }

    /// <inheritdoc/>
    public override unsafe void Step()
    {
        ThrowIfDisposed();
        var p = ParameterHandles();
        var b = Tensor.RawHandles(_momentumBuffer);
        fixed (long* steps = StepCounts)
        {
            NativeChecks.Check(NativeMethods.mg_optim_sgd_step(p, b, steps, p.Length, LearningRate, Momentum, WeightDecay, Dampening, Nesterov ? 1 : 0));
        }

        GC.KeepAlive(Parameters);
        GC.KeepAlive(_momentumBuffer);
    }
}
