// Convolution, transposed convolution and linear layers that can compute in bfloat16 while their parameters stay float32:
// the input and the weights are cast inside forward, so autograd returns float32 gradients to the float32 weights.
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace MLNet.Gan.Networks;

/// <summary>
/// A weight layer whose arithmetic precision the trainer sets (see <see cref="GanTrainer.Options.Precision"/>). Its
/// parameters stay float32; with <see cref="ComputeType"/> bfloat16 it casts the input and the weights inside forward and
/// returns a bfloat16 output, which batch norm and activations take as it is. Custom networks built from these layers
/// (<see cref="MixedConv2d"/>, <see cref="MixedConvTranspose2d"/>, <see cref="MixedLinear"/>, the spectrally normalised
/// layers) train in mixed precision too; layers of other types compute in their own dtype.
/// </summary>
public interface IMixedPrecisionLayer
{
    /// <summary>The dtype the layer computes in: float32 (the default) or bfloat16.</summary>
    ScalarType ComputeType { get; set; }
}

/// <summary>The parameters and casting the mixed-precision layers share; the weight and bias keep PyTorch's names.</summary>
public abstract class MixedPrecisionLayer : nn.Module<Tensor, Tensor>, IMixedPrecisionLayer
{
    /// <summary>
    /// libtorch 2.10's bfloat16 convolutions on AVX-512 BF16 CPUs are wrong when they produce a number of channels that is
    /// not a multiple of 16 (measured: outputs 30-100 % off for 1, 3, 4, 8 or 24 channels, right for 16, 32, 64), so the
    /// layers pad channels to this multiple (<see cref="ChannelSafe"/>).
    /// </summary>
    internal const int BFloat16ChannelMultiple = 16;

    private ScalarType _computeType = ScalarType.Float32;

    /// <summary>Registers <paramref name="weight"/> and <paramref name="bias"/> (taken over, as a Parameter does).</summary>
    protected MixedPrecisionLayer(string name, Tensor weight, Tensor? bias)
        : base(name)
    {
        this.weight = new Parameter(weight);
        this.bias = bias is null ? null : new Parameter(bias);
        register_parameter(nameof(weight), this.weight);
        if (this.bias is not null)
        {
            register_parameter(nameof(bias), this.bias);
        }
    }

#pragma warning disable IDE1006, SA1300 // PyTorch's names, so saved weights match nn.Conv2d, nn.ConvTranspose2d and nn.Linear.
    /// <summary>The weight (float32 unless the module was converted).</summary>
    public Parameter weight { get; }

    /// <summary>The bias, or null.</summary>
    public Parameter? bias { get; }
#pragma warning restore IDE1006, SA1300

    /// <inheritdoc/>
    public ScalarType ComputeType
    {
        get => _computeType;
        set => _computeType = CheckComputeType(value);
    }

    /// <summary>Computes the layer from the input, weight and bias, all already in <see cref="ComputeType"/>.</summary>
    protected abstract Tensor Compute(Tensor input, Tensor weight, Tensor? bias);

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        if (ComputeType == weight.dtype && input.dtype == weight.dtype)
        {
            return Compute(input, weight, bias);
        }

        using var scope = NewDisposeScope();
        return Compute(Cast(input, ComputeType), Cast(weight, ComputeType), bias is null ? null : Cast(bias, ComputeType)).MoveToOuterDisposeScope();
    }

    /// <summary>Returns <paramref name="type"/> when a mixed-precision layer can compute in it (Float32, BFloat16), else throws.</summary>
    internal static ScalarType CheckComputeType(ScalarType type) => type is ScalarType.Float32 or ScalarType.BFloat16
        ? type
        : throw new ArgumentOutOfRangeException(nameof(type), type, "a mixed-precision layer computes in Float32 or BFloat16");

    /// <summary>
    /// A 2-D convolution, or a transposed one, whose bfloat16 arithmetic on the CPU produces channel counts that are
    /// multiples of <see cref="BFloat16ChannelMultiple"/>: zero output channels are added to the weight (and bias) and cut
    /// from the output, and zero input channels to the input and weight when the input's gradient is needed (libtorch
    /// computes it as a convolution that produces the input's channels). Both are exact; float32 and CUDA run as they are.
    /// </summary>
    /// <param name="input">(B, in, H, W).</param>
    /// <param name="weight">(out, in, k, k), or (in, out, k, k) when <paramref name="transposed"/>.</param>
    /// <param name="bias">(out) or null.</param>
    /// <param name="transposed">A transposed convolution.</param>
    /// <param name="convolve">The convolution on the (padded) operands.</param>
    internal static Tensor ChannelSafe(Tensor input, Tensor weight, Tensor? bias, bool transposed, Func<Tensor, Tensor, Tensor?, Tensor> convolve)
    {
        if (input.dtype != ScalarType.BFloat16 || input.device_type != DeviceType.CPU)
        {
            return convolve(input, weight, bias);
        }

        var (inDim, outDim) = transposed ? (0, 1) : (1, 0);
        var outChannels = weight.shape[outDim];
        var padOut = Missing(outChannels);
        var padIn = input.requires_grad ? Missing(weight.shape[inDim]) : 0;
        if (padIn > 0)
        {
            input = F.pad(input, [0, 0, 0, 0, 0, padIn]); // (B, in + padIn, H, W)
            weight = PadDim(weight, inDim, padIn);
        }

        if (padOut > 0)
        {
            weight = PadDim(weight, outDim, padOut);
            bias = bias is null ? null : F.pad(bias, [0, padOut]); // (out + padOut)
        }

        var output = convolve(input, weight, bias); // (B, out + padOut, H', W')
        return padOut > 0 ? output.narrow(1, 0, outChannels) : output;
    }

    // Zero channels to reach the next multiple: 0 when already there.
    private static long Missing(long channels) => (BFloat16ChannelMultiple - (channels % BFloat16ChannelMultiple)) % BFloat16ChannelMultiple;

    // Zeros appended along dimension 0 or 1 of a (d0, d1, k, k) weight; F.pad lists pads from the last dimension back.
    private static Tensor PadDim(Tensor weight, int dim, long count) =>
        F.pad(weight, dim == 1 ? [0, 0, 0, 0, 0, count] : [0, 0, 0, 0, 0, 0, 0, count]);

    /// <summary><paramref name="t"/> in <paramref name="type"/>; the cast is recorded by autograd, so gradients flow back in t's dtype.</summary>
    internal static Tensor Cast(Tensor t, ScalarType type) => t.dtype == type ? t : t.to(type);
}

/// <summary>A 2-D convolution (square kernel, equal stride and padding on both axes) that can compute in bfloat16.</summary>
public sealed class MixedConv2d : MixedPrecisionLayer
{
    private readonly long[] _stride;
    private readonly long[] _padding;

    /// <summary>Creates the layer with PyTorch's default initialisation of a Conv2d (same random draws).</summary>
    public MixedConv2d(long inChannels, long outChannels, long kernelSize, long stride = 1, long padding = 0, bool hasBias = true)
        : this(nn.Conv2d(inChannels, outChannels, kernelSize, stride: stride, padding: padding, bias: hasBias), stride, padding)
    {
    }

    private MixedConv2d(Conv2d init, long stride, long padding)
        : base(nameof(MixedConv2d), init.weight!.detach().clone(), init.bias?.detach().clone())
    {
        init.Dispose();
        _stride = [stride, stride];
        _padding = [padding, padding];
    }

    /// <inheritdoc/>
    protected override Tensor Compute(Tensor input, Tensor weight, Tensor? bias) =>
        ChannelSafe(input, weight, bias, transposed: false, (x, w, b) => F.conv2d(x, w, b, _stride, _padding)); // (B, in, H, W) -> (B, out, H', W')
}

/// <summary>A 2-D transposed convolution (square kernel, equal stride and paddings) that can compute in bfloat16.</summary>
public sealed class MixedConvTranspose2d : MixedPrecisionLayer
{
    private readonly long[] _stride;
    private readonly long[] _padding;
    private readonly long[] _outputPadding;

    /// <summary>Creates the layer with PyTorch's default initialisation of a ConvTranspose2d (same random draws).</summary>
    public MixedConvTranspose2d(long inChannels, long outChannels, long kernelSize, long stride = 1, long padding = 0, long outputPadding = 0, bool hasBias = true)
        : this(nn.ConvTranspose2d(inChannels, outChannels, kernelSize, stride: stride, padding: padding, output_padding: outputPadding, bias: hasBias),
            stride, padding, outputPadding)
    {
    }

    private MixedConvTranspose2d(ConvTranspose2d init, long stride, long padding, long outputPadding)
        : base(nameof(MixedConvTranspose2d), init.weight!.detach().clone(), init.bias?.detach().clone())
    {
        init.Dispose();
        _stride = [stride, stride];
        _padding = [padding, padding];
        _outputPadding = [outputPadding, outputPadding];
    }

    /// <inheritdoc/>
    protected override Tensor Compute(Tensor input, Tensor weight, Tensor? bias) =>
        ChannelSafe(input, weight, bias, transposed: true,
            (x, w, b) => F.conv_transpose2d(x, w, b, _stride, _padding, _outputPadding)); // (B, in, H, W) -> (B, out, H', W')
}

/// <summary>A fully connected layer that can compute in bfloat16.</summary>
public sealed class MixedLinear : MixedPrecisionLayer
{
    /// <summary>Creates the layer with PyTorch's default initialisation of a Linear (same random draws).</summary>
    public MixedLinear(long inFeatures, long outFeatures, bool hasBias = true)
        : this(nn.Linear(inFeatures, outFeatures, hasBias))
    {
    }

    private MixedLinear(Linear init)
        : base(nameof(MixedLinear), init.weight!.detach().clone(), init.bias?.detach().clone())
    {
        init.Dispose();
    }

    /// <inheritdoc/>
    protected override Tensor Compute(Tensor input, Tensor weight, Tensor? bias) =>
        F.linear(input, weight, bias); // (B, in) -> (B, out)
}
