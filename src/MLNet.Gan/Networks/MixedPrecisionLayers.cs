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
    /// not a multiple of 16 (measured: outputs 30-100 % off for 1, 3, 4, 8 or 24 channels, right for 16, 32, 64), so such
    /// convolutions compute in float32 (<see cref="IsNarrow"/>).
    /// </summary>
    internal const int BFloat16ChannelMultiple = 16;

    /// <summary>
    /// A convolution with fewer input channels than this (an image's 1 or 3: a discriminator's first layer) whose input
    /// gradient is needed (on generated images) computes on the CPU as unfold and one matrix product, whose gradient
    /// libtorch 2.10 computes faster than its convolution kernel's at such shapes, and right (see <see cref="MixedConv2d"/>).
    /// </summary>
    internal const int FewChannels = 4;

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

    /// <summary>Computes the layer from the input, weight and bias, all already in the dtype of this call.</summary>
    protected abstract Tensor Compute(Tensor input, Tensor weight, Tensor? bias);

    /// <summary>Whether this call, in bfloat16 on the CPU, would produce a channel count libtorch gets wrong (<see cref="IsNarrow"/>).</summary>
    protected virtual bool NarrowInBFloat16(Tensor input) => false;

    /// <summary>
    /// Computes in <see cref="ComputeType"/>, except that a convolution that is narrow in bfloat16 on the CPU computes in
    /// float32: exact, and cheaper than padding its channels (16 times the work for one channel).
    /// </summary>
    public override Tensor forward(Tensor input)
    {
        var type = CallType(ComputeType, input, NarrowInBFloat16(input));
        if (type == weight.dtype && input.dtype == weight.dtype)
        {
            return Compute(input, weight, bias);
        }

        using var scope = NewDisposeScope();
        return Compute(Cast(input, type), Cast(weight, type), bias is null ? null : Cast(bias, type)).MoveToOuterDisposeScope();
    }

    /// <summary>Returns <paramref name="type"/> when a mixed-precision layer can compute in it (Float32, BFloat16), else throws.</summary>
    internal static ScalarType CheckComputeType(ScalarType type) => type is ScalarType.Float32 or ScalarType.BFloat16
        ? type
        : throw new ArgumentOutOfRangeException(nameof(type), type, "a mixed-precision layer computes in Float32 or BFloat16");

    /// <summary>
    /// The dtype one call computes in: <paramref name="computeType"/>, except float32 for a call that is
    /// <paramref name="narrow"/> (see <see cref="IsNarrow"/>) in bfloat16 on the CPU.
    /// </summary>
    internal static ScalarType CallType(ScalarType computeType, Tensor input, bool narrow) =>
        computeType == ScalarType.BFloat16 && input.device_type == DeviceType.CPU && narrow ? ScalarType.Float32 : computeType;

    /// <summary>
    /// Whether a convolution from <paramref name="inChannels"/> to <paramref name="outChannels"/> produces, in bfloat16, a channel
    /// count that is not a multiple of <see cref="BFloat16ChannelMultiple"/>: its output, or its input when the input's gradient is
    /// needed (libtorch computes that gradient as a convolution producing the input's channels).
    /// </summary>
    internal static bool IsNarrow(long inChannels, long outChannels, bool inputGradient) =>
        outChannels % BFloat16ChannelMultiple != 0 || (inputGradient && inChannels % BFloat16ChannelMultiple != 0);

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

    /// <summary>Stride and padding on both axes (what the ONNX exporter writes).</summary>
    internal (long Stride, long Padding) Geometry => (_stride[0], _padding[0]);

    /// <inheritdoc/>
    protected override bool NarrowInBFloat16(Tensor input) => IsNarrow(weight.shape[1], weight.shape[0], input.requires_grad); // weight (out, in, k, k)

    /// <inheritdoc/>
    protected override Tensor Compute(Tensor input, Tensor weight, Tensor? bias) =>
        weight.shape[1] < FewChannels && input.requires_grad && input.device_type == DeviceType.CPU
            ? Unfolded(input, weight, bias)
            : F.conv2d(input, weight, bias, _stride, _padding); // (B, in, H, W) -> (B, out, H', W')

    // The same convolution as patches times a matrix. libtorch 2.10's CPU convolution computes the input gradient of a layer
    // with few input channels (an image's 1 or 3) slowly, and on 2 threads sometimes wrong (non-finite, or 10 % off against
    // float64); autograd of unfold and matmul gives it as one matrix product and a fold. Without an input gradient
    // libtorch's kernel is as fast or faster, so it keeps those calls. Exact up to float32 summation order.
    private Tensor Unfolded(Tensor input, Tensor weight, Tensor? bias)
    {
        var (batch, height, width) = (input.shape[0], input.shape[2], input.shape[3]);
        var (outChannels, kernel) = (weight.shape[0], weight.shape[2]);
        var patches = F.unfold(input, (kernel, kernel), padding: (_padding[0], _padding[1]), stride: (_stride[0], _stride[1])); // (B, in*k*k, L)

        // One matrix product over all B*L patches (and one for the weight's gradient), not B small ones.
        var output = patches.transpose(1, 2).matmul(weight.reshape(outChannels, -1).t()); // (B, L, out)
        if (bias is not null)
        {
            output = output + bias;
        }

        var outHeight = ((height + (2 * _padding[0]) - kernel) / _stride[0]) + 1;
        var outWidth = ((width + (2 * _padding[1]) - kernel) / _stride[1]) + 1;
        return output.transpose(1, 2).reshape(batch, outChannels, outHeight, outWidth); // (B, out, H', W')
    }
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

    /// <summary>Stride, padding and output padding on both axes (what the ONNX exporter writes).</summary>
    internal (long Stride, long Padding, long OutputPadding) Geometry => (_stride[0], _padding[0], _outputPadding[0]);

    /// <inheritdoc/>
    protected override bool NarrowInBFloat16(Tensor input) => IsNarrow(weight.shape[0], weight.shape[1], input.requires_grad); // weight (in, out, k, k)

    /// <inheritdoc/>
    protected override Tensor Compute(Tensor input, Tensor weight, Tensor? bias) =>
        F.conv_transpose2d(input, weight, bias, _stride, _padding, _outputPadding); // (B, in, H, W) -> (B, out, H', W')
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
