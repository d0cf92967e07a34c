// Writes TorchSharp layers into an ONNX export context in their evaluation form: weight layers as Gemm, Conv and
// ConvTranspose with spectral norm divided in and a following batch norm folded in, activations and reshapes as
// their ONNX operators. A module of any other type is refused by name.
using MLNet.Gan.Networks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MLNet.Gan.Onnx;

/// <summary>The layers the exporter can express, each written as ONNX nodes that compute what its forward computes in eval mode.</summary>
internal static class OnnxLayers
{
    /// <summary>Writes <paramref name="module"/> applied to the value <paramref name="input"/>; returns the output value's name.</summary>
    /// <exception cref="NotSupportedException">The module (or one inside it) is of a type the exporter cannot express.</exception>
    public static string Write(OnnxExportContext ctx, nn.Module module, string input) => module switch
    {
        Sequential sequence => WriteSequence(ctx, sequence.named_children().Select(c => c.module).ToList(), input),
        BatchNorm1d or BatchNorm2d => WriteNorm(ctx, (BatchNorm)module, input),
        ReLU => ctx.Node("Relu", [input]),
        LeakyReLU leaky => ctx.Node("LeakyRelu", [input], null, OnnxExportContext.Attribute("alpha", (float)leaky.negative_slope)),
        Tanh => ctx.Node("Tanh", [input]),
        Sigmoid => ctx.Node("Sigmoid", [input]),
        Unflatten unflatten when unflatten.dim == 1 => ctx.Node("Reshape", [input, ctx.Int64s("shape", [-1, .. unflatten.unflattened_size])]),
        Flatten flatten when flatten.start_dim == 1 && flatten.end_dim == -1 => ctx.Node("Flatten", [input], null, OnnxExportContext.Attribute("axis", 1L)),
        _ when WeightLayer.TryRead(module, out var layer) => layer.Write(ctx, input),
        _ => throw Unsupported(module),
    };

    /// <summary>The rows of an embedding table for int64 class indices (batch, 1): (batch, embedding size).</summary>
    public static string WriteEmbedding(OnnxExportContext ctx, Embedding embedding, string indices)
    {
        var rows = ctx.Node("Gather", [ctx.Weight("embedding", embedding.weight!), indices]); // (B, 1, E)
        return ctx.Node("Flatten", [rows], null, OnnxExportContext.Attribute("axis", 1L));  // (B, E)
    }

    /// <summary>The one error for a module the exporter cannot express: it names the module's type.</summary>
    public static NotSupportedException Unsupported(nn.Module module, string? detail = null) =>
        new($"the ONNX exporter cannot express a module of type {module.GetType().FullName}{detail}: it writes the built-in networks " +
            "(DcganGenerator, MlpGenerator, UNetGenerator) and the layers they are made of; a custom network cannot be exported");

    // A weight layer followed by batch norm becomes one layer with the norm folded into its weight and bias.
    private static string WriteSequence(OnnxExportContext ctx, List<nn.Module> modules, string input)
    {
        var x = input;
        for (var i = 0; i < modules.Count; i++)
        {
            if (WeightLayer.TryRead(modules[i], out var layer) && i + 1 < modules.Count && modules[i + 1] is BatchNorm norm)
            {
                x = layer.Fold(EvaluationAffine(norm)).Write(ctx, x);
                i++;
                continue;
            }

            x = Write(ctx, modules[i], x);
        }

        return x;
    }

    // Batch norm on its own: x * scale + shift per channel, channel on axis 1 of (B, C) or (B, C, H, W).
    private static string WriteNorm(OnnxExportContext ctx, BatchNorm norm, string input)
    {
        using var scope = NewDisposeScope();
        var (scale, shift) = EvaluationAffine(norm);
        long[] shape = norm is BatchNorm2d ? [scale.shape[0], 1, 1] : [scale.shape[0]];
        var scaled = ctx.Node("Mul", [input, ctx.Weight("bn_scale", scale.reshape(shape))]);
        return ctx.Node("Add", [scaled, ctx.Weight("bn_shift", shift.reshape(shape))]);
    }

    /// <summary>
    /// Batch norm in evaluation form as a per-channel affine map (float64): scale = gamma / sqrt(running_var + eps),
    /// shift = beta - running_mean * scale.
    /// </summary>
    private static (Tensor Scale, Tensor Shift) EvaluationAffine(BatchNorm norm)
    {
        if (norm.running_mean is null || norm.running_var is null)
        {
            throw Unsupported(norm, " without running statistics (track_running_stats: false)");
        }

        var mean = norm.running_mean.detach().cpu().to_type(ScalarType.Float64);
        var variance = norm.running_var.detach().cpu().to_type(ScalarType.Float64);
        var gamma = norm.weight is null ? ones_like(mean) : norm.weight.detach().cpu().to_type(ScalarType.Float64);
        var beta = norm.bias is null ? zeros_like(mean) : norm.bias.detach().cpu().to_type(ScalarType.Float64);
        var scale = gamma / (variance + norm.eps).sqrt();
        return (scale, beta - (mean * scale));
    }

    /// <summary>A Gemm, Conv or ConvTranspose with its weight (float64, spectral norm divided in), bias and geometry.</summary>
    private sealed record WeightLayer(string Op, Tensor Weight, Tensor? Bias, long Stride = 1, long Padding = 0, long OutputPadding = 0)
    {
        // The axis of the weight that indexes output channels: ConvTranspose's weight is (in, out, k, k), the others' (out, in, ...).
        private int OutputAxis => Op == "ConvTranspose" ? 1 : 0;

        public static bool TryRead(nn.Module module, out WeightLayer layer)
        {
            layer = module switch
            {
                MixedLinear m => new WeightLayer("Gemm", Double(m.weight), Optional(m.bias)),
                Linear m => new WeightLayer("Gemm", Double(m.weight!), Optional(m.bias)),
                SpectralLinear m => new WeightLayer("Gemm", SpectralWeight(m), Optional(m.bias)),
                MixedConv2d m => new WeightLayer("Conv", Double(m.weight), Optional(m.bias), m.Geometry.Stride, m.Geometry.Padding),
                SpectralConv2d m => new WeightLayer("Conv", SpectralWeight(m), Optional(m.bias), m.Geometry.Stride, m.Geometry.Padding),
                MixedConvTranspose2d m => new WeightLayer("ConvTranspose", Double(m.weight), Optional(m.bias),
                    m.Geometry.Stride, m.Geometry.Padding, m.Geometry.OutputPadding),
                Convolution c => FromTorchConvolution(c),
                _ => null!,
            };
            return layer is not null;
        }

        /// <summary>This layer followed by the per-channel affine map (scale, shift): the weight and bias scaled, the shift added.</summary>
        public WeightLayer Fold((Tensor Scale, Tensor Shift) affine)
        {
            var shape = Enumerable.Repeat(1L, (int)Weight.dim()).ToArray();
            shape[OutputAxis] = -1;
            var bias = Bias ?? zeros(Weight.shape[OutputAxis], ScalarType.Float64);
            return this with { Weight = Weight * affine.Scale.reshape(shape), Bias = (bias * affine.Scale) + affine.Shift };
        }

        public string Write(OnnxExportContext ctx, string input)
        {
            var inputs = new List<string> { input, ctx.Weight(Op.ToLowerInvariant() + "_weight", Weight) };
            if (Bias is not null)
            {
                inputs.Add(ctx.Weight(Op.ToLowerInvariant() + "_bias", Bias));
            }

            if (Op == "Gemm")
            {
                return ctx.Node("Gemm", inputs, null, OnnxExportContext.Attribute("transB", 1L)); // (B, in) x (out, in)^T -> (B, out)
            }

            var kernel = Weight.shape[2..];
            var attributes = new List<global::Onnx.AttributeProto>
            {
                OnnxExportContext.Attribute("kernel_shape", kernel),
                OnnxExportContext.Attribute("strides", [Stride, Stride]),
                OnnxExportContext.Attribute("pads", [Padding, Padding, Padding, Padding]),
            };
            if (Op == "ConvTranspose" && OutputPadding != 0)
            {
                attributes.Add(OnnxExportContext.Attribute("output_padding", [OutputPadding, OutputPadding]));
            }

            return ctx.Node(Op, inputs, null, [.. attributes]);
        }

        // TorchSharp's own Conv2d and ConvTranspose2d: square stride and padding, no dilation, groups or padding modes.
        private static WeightLayer FromTorchConvolution(Convolution c)
        {
            var padding = c.padding ?? [0, 0];
            var outputPadding = c.output_padding ?? [0, 0];
            var plain = c.kernel_size.Length == 2 && c.groups == 1 && c.dilation.All(d => d == 1) && c.padding_type is null
                && c.padding_mode == PaddingModes.Zeros && c.stride[0] == c.stride[1] && padding[0] == padding[1]
                && outputPadding[0] == outputPadding[1];
            if (!plain || c is not (Conv2d or ConvTranspose2d))
            {
                throw Unsupported(c, " (only 2-D convolutions with square stride and padding, zero padding mode, no dilation or groups)");
            }

            return new WeightLayer(c.transposed ? "ConvTranspose" : "Conv", Double(c.weight!), Optional(c.bias), c.stride[0], padding[0],
                c.transposed ? outputPadding[0] : 0);
        }

        // The weight a spectrally normalised layer uses in eval mode: weight_orig / (u . W v), u and v as trained.
        private static Tensor SpectralWeight(SpectrallyNormalized m)
        {
            var matrix = Double(m.weight_orig).flatten(1); // (out, in * k * k)
            var sigma = Double(m.weight_u).dot(matrix.mv(Double(m.weight_v)));
            return Double(m.weight_orig) / sigma;
        }

        private static Tensor Double(Tensor t) => t.detach().cpu().to_type(ScalarType.Float64);

        private static Tensor? Optional(Tensor? t) => t is null ? null : Double(t);
    }
}
