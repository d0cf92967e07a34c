// Spectral normalisation (Miyato et al., 2018): weight layers whose weight is divided by its largest
// singular value, estimated by one power iteration per training step, as torch.nn.utils.spectral_norm does.
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MLNet.Gan.Networks;

/// <summary>The power-iteration state shared by the spectrally normalised layers.</summary>
public abstract class SpectrallyNormalized : nn.Module<Tensor, Tensor>, IMixedPrecisionLayer
{
    private const double Eps = 1e-12;
    private ScalarType _computeType = ScalarType.Float32;

    /// <summary>Registers weight_orig (the raw weight), its bias and the singular-vector estimates weight_u, weight_v.</summary>
    protected SpectrallyNormalized(string name, Tensor weight, Tensor? bias)
        : base(name)
    {
        // Sizes first: a Parameter takes over the tensor's handle.
        var height = weight.shape[0];
        var width = weight.numel() / height;
        weight_orig = new Parameter(weight);
        this.bias = bias is null ? null : new Parameter(bias);
        using (no_grad())
        {
            weight_u = nn.functional.normalize(randn(height), dim: 0, eps: Eps);
            weight_v = nn.functional.normalize(randn(width), dim: 0, eps: Eps);
        }

        register_parameter(nameof(weight_orig), weight_orig);
        if (this.bias is not null)
        {
            register_parameter(nameof(bias), this.bias);
        }

        register_buffer(nameof(weight_u), weight_u);
        register_buffer(nameof(weight_v), weight_v);
    }

#pragma warning disable IDE1006, SA1300 // PyTorch's names, so saved weights open in PyTorch.
    /// <summary>The unnormalised weight (PyTorch's name).</summary>
    public Parameter weight_orig { get; }

    /// <summary>The bias, or null.</summary>
    public Parameter? bias { get; }

    /// <summary>Left singular vector estimate (out features).</summary>
    public Tensor weight_u { get; }

    /// <summary>Right singular vector estimate (in features × receptive field).</summary>
    public Tensor weight_v { get; }
#pragma warning restore IDE1006, SA1300

    /// <inheritdoc/>
    /// <remarks>The power iteration and sigma stay float32; the normalised weight is cast with the input.</remarks>
    public ScalarType ComputeType
    {
        get => _computeType;
        set => _computeType = MixedPrecisionLayer.CheckComputeType(value);
    }

    /// <summary>The input, normalised weight and bias in <paramref name="type"/>.</summary>
    protected (Tensor Input, Tensor Weight, Tensor? Bias) Operands(Tensor input, ScalarType type) =>
        (MixedPrecisionLayer.Cast(input, type), MixedPrecisionLayer.Cast(NormalizedWeight(), type),
         bias is null ? null : MixedPrecisionLayer.Cast(bias, type));

    /// <summary>weight_orig / sigma; in training mode u and v first take one power-iteration step.</summary>
    protected Tensor NormalizedWeight()
    {
        var matrix = weight_orig.flatten(1); // (out, in * k * k)
        if (training)
        {
            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            var v = nn.functional.normalize(matrix.t().mv(weight_u), dim: 0, eps: Eps);
            var u = nn.functional.normalize(matrix.mv(v), dim: 0, eps: Eps);
            weight_v.copy_(v);
            weight_u.copy_(u);
        }

        // Clones, as torch.nn.utils.spectral_norm does: u and v change in place at the next training forward, which
        // must not invalidate this forward's graph (D runs on real and fake images before one backward).
        var sigma = weight_u.clone().dot(matrix.mv(weight_v.clone()));
        return weight_orig / sigma;
    }
}

/// <summary>A spectrally normalised fully connected layer.</summary>
public sealed class SpectralLinear : SpectrallyNormalized
{
    /// <summary>Creates the layer with PyTorch's default initialisation of a Linear.</summary>
    public SpectralLinear(long inFeatures, long outFeatures, bool hasBias = true)
        : this(nn.Linear(inFeatures, outFeatures, hasBias))
    {
    }

    private SpectralLinear(Linear init)
        : base(nameof(SpectralLinear), init.weight!.detach().clone(), init.bias?.detach().clone())
    {
        init.Dispose();
    }

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var (x, w, b) = Operands(input, ComputeType);
        return nn.functional.linear(x, w, b).MoveToOuterDisposeScope();
    }
}

/// <summary>A spectrally normalised 2-D convolution (square kernel, equal stride and padding on both axes).</summary>
public sealed class SpectralConv2d : SpectrallyNormalized
{
    private readonly long[] _stride;
    private readonly long[] _padding;

    /// <summary>Creates the layer with PyTorch's default initialisation of a Conv2d.</summary>
    public SpectralConv2d(long inChannels, long outChannels, long kernelSize, long stride = 1, long padding = 0, bool hasBias = true)
        : this(nn.Conv2d(inChannels, outChannels, kernelSize, stride: stride, padding: padding, bias: hasBias), stride, padding)
    {
    }

    private SpectralConv2d(Conv2d init, long stride, long padding)
        : base(nameof(SpectralConv2d), init.weight!.detach().clone(), init.bias?.detach().clone())
    {
        init.Dispose();
        _stride = new[] { stride, stride };
        _padding = new[] { padding, padding };
    }

    /// <summary>Stride and padding on both axes (what the ONNX exporter writes).</summary>
    internal (long Stride, long Padding) Geometry => (_stride[0], _padding[0]);

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        // As MixedConv2d: a convolution narrow in bfloat16 on the CPU computes in float32.
        var narrow = MixedPrecisionLayer.IsNarrow(weight_orig.shape[1], weight_orig.shape[0], input.requires_grad); // (out, in, k, k)
        var (x, w, b) = Operands(input, MixedPrecisionLayer.CallType(ComputeType, input, narrow));
        return nn.functional.conv2d(x, w, b, _stride, _padding).MoveToOuterDisposeScope(); // (B, in, H, W) -> (B, out, H', W')
    }
}
