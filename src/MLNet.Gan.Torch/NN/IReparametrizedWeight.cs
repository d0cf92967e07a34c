// Lets a wrapper (SpectralNorm) substitute the weight a layer computes with.
namespace MLNet.Gan.Torch.NN;

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
