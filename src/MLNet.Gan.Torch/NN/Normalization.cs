// Batch and instance normalisation layers with PyTorch's parameter and buffer names.
namespace MLNet.Gan.Torch.NN;

/// <summary>
/// Batch normalisation over the channel dimension (dim 1). Parameters <c>weight</c>, <c>bias</c>
/// (when affine); buffers <c>running_mean</c>, <c>running_var</c>, <c>num_batches_tracked</c>, as in PyTorch.
/// Training mode normalises with batch statistics and updates the running ones; evaluation mode uses the running ones.
/// </summary>
public abstract class BatchNorm : Module
{
    /// <summary>Creates the layer for <paramref name="numFeatures"/> channels.</summary>
    protected BatchNorm(long numFeatures, double eps, double momentum, bool affine)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(numFeatures, 1);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(eps);
        NumFeatures = numFeatures;
        Eps = eps;
        Momentum = momentum;
        if (affine)
        {
            Weight = RegisterParameter("weight", Torch.Ones(new[] { numFeatures }));
            Bias = RegisterParameter("bias", Torch.Zeros(new[] { numFeatures }));
        }

        RunningMean = RegisterBuffer("running_mean", Torch.Zeros(new[] { numFeatures }));
        RunningVar = RegisterBuffer("running_var", Torch.Ones(new[] { numFeatures }));
        NumBatchesTracked = RegisterBuffer("num_batches_tracked", Torch.Zeros(Array.Empty<long>(), ScalarType.Int64));
    }

    /// <summary>Number of channels.</summary>
    public long NumFeatures { get; }

    /// <summary>Added to the variance for numerical stability.</summary>
    public double Eps { get; }

    /// <summary>Weight of the newest batch in the running statistics.</summary>
    public double Momentum { get; }

    /// <summary>The scale γ (C), or null when not affine.</summary>
    public Tensor? Weight { get; }

    /// <summary>The shift β (C), or null when not affine.</summary>
    public Tensor? Bias { get; }

    /// <summary>Running mean (C).</summary>
    public Tensor RunningMean { get; }

    /// <summary>Running (unbiased) variance (C).</summary>
    public Tensor RunningVar { get; }

    /// <summary>Number of training batches seen (int64 scalar).</summary>
    public Tensor NumBatchesTracked { get; }

    /// <summary>The input ranks this layer accepts.</summary>
    protected abstract IReadOnlyList<int> AcceptedRanks { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var dim = input.Dim;
        if (!AcceptedRanks.Contains(dim))
        {
            throw new ArgumentException(
                $"{GetType().Name} expects a {string.Join(" or ", AcceptedRanks)}-d input, got shape [{string.Join(", ", input.Shape)}]",
                nameof(input));
        }

        return Functional.BatchNorm(input, RunningMean, RunningVar, Weight, Bias, NumBatchesTracked, IsTraining, Momentum, Eps);
    }
}

/// <summary>Batch norm for (B, C) or (B, C, L) inputs.</summary>
public sealed class BatchNorm1d : BatchNorm
{
    private static readonly int[] s_ranks = { 2, 3 };

    /// <summary>Creates the layer for <paramref name="numFeatures"/> features.</summary>
    public BatchNorm1d(long numFeatures, double eps = 1e-5, double momentum = 0.1, bool affine = true)
        : base(numFeatures, eps, momentum, affine)
    {
    }

    /// <inheritdoc/>
    protected override IReadOnlyList<int> AcceptedRanks => s_ranks;
}

/// <summary>Batch norm for (B, C, H, W) inputs.</summary>
public sealed class BatchNorm2d : BatchNorm
{
    private static readonly int[] s_ranks = { 4 };

    /// <summary>Creates the layer for <paramref name="numFeatures"/> channels.</summary>
    public BatchNorm2d(long numFeatures, double eps = 1e-5, double momentum = 0.1, bool affine = true)
        : base(numFeatures, eps, momentum, affine)
    {
    }

    /// <inheritdoc/>
    protected override IReadOnlyList<int> AcceptedRanks => s_ranks;
}

/// <summary>
/// Instance normalisation of (B, C, H, W): each sample's channel is normalised over its own pixels
/// (in training and evaluation alike; no running statistics). Optional affine <c>weight</c>, <c>bias</c> (C).
/// </summary>
public sealed class InstanceNorm2d : Module
{
    /// <summary>Creates the layer for <paramref name="numFeatures"/> channels.</summary>
    public InstanceNorm2d(long numFeatures, double eps = 1e-5, bool affine = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(numFeatures, 1);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(eps);
        NumFeatures = numFeatures;
        Eps = eps;
        if (affine)
        {
            Weight = RegisterParameter("weight", Torch.Ones(new[] { numFeatures }));
            Bias = RegisterParameter("bias", Torch.Zeros(new[] { numFeatures }));
        }
    }

    /// <summary>Number of channels.</summary>
    public long NumFeatures { get; }

    /// <summary>Added to the variance for numerical stability.</summary>
    public double Eps { get; }

    /// <summary>The scale (C), or null when not affine.</summary>
    public Tensor? Weight { get; }

    /// <summary>The shift (C), or null when not affine.</summary>
    public Tensor? Bias { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Dim != 4)
        {
            throw new ArgumentException($"InstanceNorm2d expects a 4-d (B, C, H, W) input, got shape [{string.Join(", ", input.Shape)}]", nameof(input));
        }

        return Functional.InstanceNorm(input, weight: Weight, bias: Bias, useInputStats: true, eps: Eps);
    }
}
