// A fitted generator as an ONNX graph under the contract: (Latent or in-graph noise, Label) -> the built-in network in
// eval form -> Pixels in 0..255, channel-planar.
using MLNet.Gan.Networks;
using Onnx;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MLNet.Gan.Onnx;

/// <summary>Writes the DCGAN and MLP generators (conditional or not) as ONNX graphs.</summary>
internal static class GeneratorGraph
{
    /// <summary>The graph of <paramref name="generator"/> (the weights generation uses) for the model <paramref name="info"/> describes.</summary>
    /// <exception cref="NotSupportedException">The generator is not a built-in network; the message names its type.</exception>
    public static ModelProto Build(GanModelInfo info, nn.Module generator, OnnxExportOptions options)
    {
        options.Validate(isGenerator: true);
        if (generator is not (DcganGenerator or MlpGenerator))
        {
            throw OnnxLayers.Unsupported(generator, info.CustomGenerator is { } custom ? $" (the custom generator '{custom}')" : null);
        }

        using var scope = NewDisposeScope();
        var ctx = new OnnxExportContext(options.BatchSize);
        var z = options.NoiseInGraph ? Noise(ctx, info, options) : ctx.AddInput(OnnxContract.LatentInput, TensorProto.Types.DataType.Float, info.LatentSize);
        string? labels = null;
        if (info.IsConditional)
        {
            labels = ctx.AddInput(OnnxContract.LabelInput, TensorProto.Types.DataType.Int64, 1);
        }
        else if (options.NoiseInGraph)
        {
            // ML.NET feeds an ONNX model rows of its input columns: a graph with no input at all would have nothing to count rows by.
            ctx.AddInput(OnnxContract.RowInput, TensorProto.Types.DataType.Float, 1);
        }

        // Both built-in generators concatenate an embedding of the label to z, then run their layers (DcganGenerator: the
        // projection to a feature map, then the up-sampling body; MlpGenerator: one body).
        var parts = generator.named_children().ToDictionary(c => c.name, c => c.module);
        var h = z;
        if (labels is not null)
        {
            h = ctx.Node("Concat", [z, OnnxLayers.WriteEmbedding(ctx, (Embedding)parts["embedding"], labels)], null, OnnxExportContext.Attribute("axis", 1L)); // (B, latent + E)
        }

        foreach (var name in new[] { "project", "body" }.Where(parts.ContainsKey))
        {
            h = OnnxLayers.Write(ctx, parts[name], h);
        }

        // (B, C, H, W) in [-1, 1] -> (B, C*H*W) in 0..255
        var flat = ctx.Node("Flatten", [h], null, OnnxExportContext.Attribute("axis", 1L));
        var pixels = ctx.Node("Mul", [ctx.Node("Add", [flat, ctx.Scalar("one", 1f)]), ctx.Scalar("half_range", 127.5f)]);
        ctx.AddOutput(PixelOutput.Finish(ctx, pixels, options), OnnxContract.PixelsOutput, info.Shape.Size);

        Describe(ctx, info, options);
        return ctx.ToModel($"MLNet.Gan {info.Architecture} generator, {info.Shape}" + (info.IsConditional ? $", {info.ClassNames.Length} classes" : string.Empty));
    }

    // z (B, latent) ~ N(0, 1) from ONNX RandomNormal with a fixed seed.
    private static string Noise(OnnxExportContext ctx, GanModelInfo info, OnnxExportOptions options) =>
        ctx.Node("RandomNormal", [], null,
            OnnxExportContext.Attribute("shape", [(long)options.BatchSize!.Value, info.LatentSize]),
            OnnxExportContext.Attribute("mean", 0f),
            OnnxExportContext.Attribute("scale", 1f),
            OnnxExportContext.Attribute("seed", (float)options.NoiseSeed));

    private static void Describe(OnnxExportContext ctx, GanModelInfo info, OnnxExportOptions options)
    {
        PixelOutput.Describe(ctx, "generator", info.Shape, options);
        ctx.AddMetadata(OnnxContract.ClassNamesKey, OnnxContract.ClassNamesJson(info.ClassNames));
        ctx.AddMetadata(OnnxContract.LatentSizeKey, info.LatentSize.ToString(System.Globalization.CultureInfo.InvariantCulture));
        ctx.AddMetadata(OnnxContract.NoiseKey, options.NoiseInGraph
            ? $"drawn in the graph: RandomNormal(mean 0, scale 1, seed {options.NoiseSeed}), new values at every run"
            : $"input {OnnxContract.LatentInput}: z ~ N(0, 1), float [batch, {info.LatentSize}]");
    }
}

/// <summary>The end every graph shares: pixels clamped to 0..255 (and rounded), and the metadata that describes them.</summary>
internal static class PixelOutput
{
    /// <summary>Clamps <paramref name="pixels"/> to 0..255 and, with <see cref="OnnxExportOptions.WholePixels"/>, rounds them (halves to even).</summary>
    public static string Finish(OnnxExportContext ctx, string pixels, OnnxExportOptions options)
    {
        var clamped = ctx.Node("Clip", [pixels, ctx.Scalar("black", 0f), ctx.Scalar("white", 255f)]);
        return options.WholePixels ? ctx.Node("Round", [clamped]) : clamped;
    }

    /// <summary>The metadata every graph carries: kind, image size, channels, library version, pixel range and layout.</summary>
    public static void Describe(OnnxExportContext ctx, string kind, ImageShape shape, OnnxExportOptions options)
    {
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        ctx.AddMetadata(OnnxContract.KindKey, kind);
        ctx.AddMetadata(OnnxContract.HeightKey, shape.Height.ToString(invariant));
        ctx.AddMetadata(OnnxContract.WidthKey, shape.Width.ToString(invariant));
        ctx.AddMetadata(OnnxContract.ChannelsKey, shape.Channels.ToString(invariant));
        ctx.AddMetadata(OnnxContract.LibraryVersionKey, OnnxContract.LibraryVersion);
        ctx.AddMetadata(OnnxContract.PixelRangeKey, options.WholePixels ? "0..255, whole numbers" : "0..255");
        ctx.AddMetadata(OnnxContract.LayoutKey, OnnxContract.Layout);
    }
}
