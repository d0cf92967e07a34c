// 2-D convolution and transposed convolution layers with PyTorch's shapes, names and default init.
namespace MLNet.Gan.Torch.NN;

/// <summary>
/// 2-D convolution: (B, in, H, W) -> (B, out, (H + 2p - k)/s + 1, ...). Weight (out, in, k, k),
/// bias (out); both start as PyTorch's defaults (U(±1/√(in·k²))).
/// </summary>
public sealed class Conv2d : Module, IReparametrizedWeight
{
    /// <summary>Creates the layer with a square kernel.</summary>
    public Conv2d(long inChannels, long outChannels, long kernelSize, long stride = 1, long padding = 0, bool bias = true)
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
        Weight = RegisterParameter("weight", Torch.Empty(new[] { outChannels, inChannels, kernelSize, kernelSize }));
        Init.KaimingUniform(Weight, Math.Sqrt(5));
        if (bias)
        {
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

    /// <summary>Step between kernel positions.</summary>
    public long Stride { get; }

    /// <summary>Zero padding on each side.</summary>
    public long Padding { get; }

    /// <summary>The weight (out, in, k, k).</summary>
    public Tensor Weight { get; }

    /// <summary>The bias (out), or null.</summary>
    public Tensor? Bias { get; }

    Tensor? IReparametrizedWeight.WeightOverride { get; set; }

    int IReparametrizedWeight.OutputDim => 0;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) =>
        Functional.Conv2d(input, ((IReparametrizedWeight)this).WeightOverride ?? Weight, Bias, Stride, Padding);
}

/// <summary>
/// Transposed 2-D convolution, the usual upsampling layer of a generator:
/// (B, in, H, W) -> (B, out, (H-1)·s - 2p + k + outputPadding, ...). Weight (in, out, k, k), bias (out);
/// default init as PyTorch's (which takes the fan in from weight dim 1).
/// </summary>
public sealed class ConvTranspose2d : Module, IReparametrizedWeight
{
    /// <summary>Creates the layer with a square kernel.</summary>
    public ConvTranspose2d(long inChannels, long outChannels, long kernelSize, long stride = 1, long padding = 0, long outputPadding = 0, bool bias = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inChannels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outChannels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(kernelSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(padding);
        if (outputPadding < 0 || outputPadding >= stride)
        {
            throw new ArgumentOutOfRangeException(nameof(outputPadding), outputPadding, $"output padding must be in [0, stride = {stride})");
        }

        InChannels = inChannels;
        OutChannels = outChannels;
        KernelSize = kernelSize;
        Stride = stride;
        Padding = padding;
        OutputPadding = outputPadding;
        Weight = RegisterParameter("weight", Torch.Empty(new[] { inChannels, outChannels, kernelSize, kernelSize }));
        Init.KaimingUniform(Weight, Math.Sqrt(5));
        if (bias)
        {
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

    /// <summary>Upsampling factor.</summary>
    public long Stride { get; }

    /// <summary>Rows and columns removed from each side of the full output.</summary>
    public long Padding { get; }

    /// <summary>Extra rows and columns added at the bottom/right of the output.</summary>
    public long OutputPadding { get; }

    /// <summary>The weight (in, out, k, k).</summary>
    public Tensor Weight { get; }

    /// <summary>The bias (out), or null.</summary>
    public Tensor? Bias { get; }

    Tensor? IReparametrizedWeight.WeightOverride { get; set; }

    int IReparametrizedWeight.OutputDim => 1;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) =>
        Functional.ConvTranspose2d(input, ((IReparametrizedWeight)this).WeightOverride ?? Weight, Bias, Stride, Padding, OutputPadding);
}
