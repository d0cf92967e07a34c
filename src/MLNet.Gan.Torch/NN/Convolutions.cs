// 2-D convolution and transposed convolution layers with PyTorch's shapes, names and default init.
namespace MLNet.Gan.Torch.NN;

/// <summary>
/// What the two 2-D convolution layers share: square kernel, stride and padding, a weight laid out
/// as PyTorch lays it out, an optional bias, PyTorch's default init, and the hook spectral norm uses.
/// </summary>
public abstract class Convolution2dBase : Module, IReparametrizedWeight
{
    /// <summary>Validates the geometry and creates weight <paramref name="weightShape"/> and bias (out).</summary>
    private protected Convolution2dBase(long inChannels, long outChannels, long kernelSize, long stride, long padding, bool bias, long[] weightShape)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inChannels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outChannels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(kernelSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(padding);
        InChannels = inChannels;
        OutChannels = outChannels;
        KernelSize = kernelSize;
        Stride = stride;
        Padding = padding;
        Weight = RegisterParameter("weight", Torch.Empty(weightShape));
        Init.KaimingUniform(Weight, Math.Sqrt(5));
        if (bias)
        {
            // PyTorch takes the fan in from weight dim 1 for both layers: in·k² here, out·k² for the transposed one.
            var bound = 1 / Math.Sqrt(Init.Fans(Weight).FanIn);
            Bias = RegisterParameter("bias", Init.Uniform(Torch.Empty(new[] { outChannels }), -bound, bound));
        }
    }

    /// <summary>Input channels.</summary>
    public long InChannels { get; }

    /// <summary>Output channels.</summary>
    public long OutChannels { get; }

    /// <summary>Kernel height and width.</summary>
    public long KernelSize { get; }

    /// <summary>Step between kernel positions (the upsampling factor of the transposed layer).</summary>
    public long Stride { get; }

    /// <summary>Zero padding on each side (rows and columns removed from each side for the transposed layer).</summary>
    public long Padding { get; }

    /// <summary>The weight: (out, in, k, k) for a convolution, (in, out, k, k) for a transposed one.</summary>
    public Tensor Weight { get; }

    /// <summary>The bias (out), or null.</summary>
    public Tensor? Bias { get; }

    Tensor? IReparametrizedWeight.WeightOverride { get; set; }

    int IReparametrizedWeight.OutputDim => OutputDim;

    /// <summary>The weight dimension that indexes output channels.</summary>
    private protected abstract int OutputDim { get; }

    /// <summary>The weight to use now: spectral norm's normalised weight while it wraps this layer, else <see cref="Weight"/>.</summary>
    private protected Tensor CurrentWeight => ((IReparametrizedWeight)this).WeightOverride ?? Weight;
}

/// <summary>
/// 2-D convolution: (B, in, H, W) -> (B, out, (H + 2p - k)/s + 1, ...). Weight (out, in, k, k),
/// bias (out); both start as PyTorch's defaults (U(±1/√(in·k²))).
/// </summary>
public sealed class Conv2d : Convolution2dBase
{
    /// <summary>Creates the layer with a square kernel.</summary>
    public Conv2d(long inChannels, long outChannels, long kernelSize, long stride = 1, long padding = 0, bool bias = true)
        : base(inChannels, outChannels, kernelSize, stride, padding, bias, new[] { outChannels, inChannels, kernelSize, kernelSize })
    {
    }

    private protected override int OutputDim => 0;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => Functional.Conv2d(input, CurrentWeight, Bias, Stride, Padding);
}

/// <summary>
/// Transposed 2-D convolution, the usual upsampling layer of a generator:
/// (B, in, H, W) -> (B, out, (H-1)·s - 2p + k + outputPadding, ...). Weight (in, out, k, k), bias (out);
/// default init as PyTorch's (which takes the fan in from weight dim 1).
/// </summary>
public sealed class ConvTranspose2d : Convolution2dBase
{
    /// <summary>Creates the layer with a square kernel.</summary>
    public ConvTranspose2d(long inChannels, long outChannels, long kernelSize, long stride = 1, long padding = 0, long outputPadding = 0, bool bias = true)
        : base(inChannels, outChannels, kernelSize, stride, padding, bias, new[] { inChannels, outChannels, kernelSize, kernelSize })
    {
        if (outputPadding < 0 || outputPadding >= stride)
        {
            throw new ArgumentOutOfRangeException(nameof(outputPadding), outputPadding, $"output padding must be in [0, stride = {stride})");
        }

        OutputPadding = outputPadding;
    }

    /// <summary>Extra rows and columns added at the bottom/right of the output.</summary>
    public long OutputPadding { get; }

    private protected override int OutputDim => 1;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) =>
        Functional.ConvTranspose2d(input, CurrentWeight, Bias, Stride, Padding, OutputPadding);
}
