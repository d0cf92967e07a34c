// Spectral normalisation (Miyato et al., 2018) as a wrapper, like torch.nn.utils.spectral_norm,
// and the hook that lets a wrapper substitute the weight a layer computes with.
using MLNet.Gan.Torch.Native;

namespace MLNet.Gan.Torch.NN;

/// <summary>
/// Wraps a layer with a weight (Linear, Conv2d, ConvTranspose2d, Embedding) and divides that weight
/// by its largest singular value σ on every forward pass, keeping the layer 1-Lipschitz — the usual
/// way to stabilise a GAN discriminator. σ is estimated by power iteration with a persistent vector.
/// </summary>
/// <remarks>
/// Names match PyTorch's spectral_norm: the wrapped layer's <c>weight</c> becomes the parameter
/// <c>weight_orig</c>, and buffers <c>weight_u</c> (out) and <c>weight_v</c> (in·k·k) hold the singular
/// vector estimates; they appear at this wrapper's level (no extra name segment), so
/// <c>new Sequential(new SpectralNorm(new Conv2d(...)))</c> has <c>0.weight_orig</c>, <c>0.bias</c>,
/// <c>0.weight_u</c>, <c>0.weight_v</c>. In training mode each forward pass runs
/// <see cref="PowerIterations"/> iterations and updates u and v; in evaluation mode they are reused.
/// </remarks>
public sealed class SpectralNorm : Module
{
    private const double Eps = 1e-12;
    private readonly IReparametrizedWeight _target;
    private readonly Tensor _u;
    private readonly Tensor _v;

    /// <summary>Wraps <paramref name="wrapped"/> (which this wrapper now owns).</summary>
    public SpectralNorm(Module wrapped, int powerIterations = 1)
    {
        ArgumentNullException.ThrowIfNull(wrapped);
        ArgumentOutOfRangeException.ThrowIfNegative(powerIterations);
        _target = wrapped as IReparametrizedWeight
            ?? throw new ArgumentException($"spectral norm needs a layer with a weight (Linear, Conv2d, ConvTranspose2d, Embedding), got {wrapped.GetType().Name}", nameof(wrapped));
        Wrapped = wrapped;
        PowerIterations = powerIterations;
        var shape = _target.Weight.Shape;
        var dim = _target.OutputDim;
        var height = shape[dim];
        var width = shape.Aggregate(1L, (a, b) => a * b) / height;
        wrapped.RenameParameter("weight", "weight_orig");
        _u = wrapped.AddBuffer("weight_u", UnitVector(height));
        _v = wrapped.AddBuffer("weight_v", UnitVector(width));
        AddInlineModule(wrapped);
    }

    /// <summary>The wrapped layer.</summary>
    public Module Wrapped { get; }

    /// <summary>Power iterations per training forward pass.</summary>
    public int PowerIterations { get; }

    /// <summary>The unnormalised weight (parameter <c>weight_orig</c>).</summary>
    public Tensor WeightOrig => _target.Weight;

    /// <summary>
    /// The normalised weight W / σ with σ from the current u and v (no power iteration, nothing updated).
    /// </summary>
    public Tensor NormalizedWeight() => Compute(training: false);

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        using var weight = Compute(IsTraining);
        _target.WeightOverride = weight;
        try
        {
            return Wrapped.Forward(input);
        }
        finally
        {
            _target.WeightOverride = null;
        }
    }

    private Tensor Compute(bool training)
    {
        var status = NativeMethods.mg_nn_spectral_norm(_target.Weight.Handle, _u.Handle, _v.Handle, _target.OutputDim, PowerIterations, training ? 1 : 0, Eps, out var h);
        return NativeChecks.CheckTensor(status, h);
    }

    private static Tensor UnitVector(long n)
    {
        using var scope = Torch.NewScope();
        var x = Torch.Randn(new[] { n });
        var unit = x / x.Norm().ClampMin(Eps);
        return unit.MoveToOuterScope();
    }
}

/// <summary>A layer whose "weight" parameter a wrapper may replace by a computed tensor during a forward pass.</summary>
internal interface IReparametrizedWeight
{
    /// <summary>The stored weight parameter.</summary>
    Tensor Weight { get; }

    /// <summary>When set, the forward pass uses this tensor instead of <see cref="Weight"/>.</summary>
    Tensor? WeightOverride { get; set; }

    /// <summary>The weight dimension that indexes output units (0, or 1 for transposed convolutions).</summary>
    int OutputDim { get; }
}
