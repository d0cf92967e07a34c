// A fitted colorizer as an ONNX graph: gray pixels (0..255) -> the U-Net's chroma -> the luma-preserving recombination
// of LumaChroma (chroma scaled towards gray where a channel would leave 0..255) -> color pixels, channel-planar.
using MLNet.Gan.Colorization;
using MLNet.Gan.Networks;
using Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace MLNet.Gan.Onnx;

/// <summary>Writes the colorizer's U-Net and its recombination with the input's luma as one ONNX graph.</summary>
internal static class ColorizerGraph
{
    /// <summary>The name of the U-Net's own output (chroma U, V in [-1, 1]), added as a second output when asked for (parity tests).</summary>
    internal const string ChromaOutput = "Chroma";

    /// <summary>The graph of <paramref name="unet"/> at the trained size <see cref="ColorizerModelInfo.ImageSize"/>.</summary>
    public static ModelProto Build(ColorizerModelInfo info, UNetGenerator unet, OnnxExportOptions options, bool withChroma = false)
    {
        options.Validate(isGenerator: false);
        using var scope = NewDisposeScope();
        var ctx = new OnnxExportContext(options.BatchSize);
        long size = info.ImageSize, plane = size * size;
        var gray = ctx.AddInput(OnnxContract.GrayInput, TensorProto.Types.DataType.Float, plane);
        var y = ctx.Node("Reshape", [gray, ctx.Int64s("image_shape", -1, 1, size, size)]);                              // (B, 1, S, S) 0..255
        var luma = ctx.Node("Sub", [ctx.Node("Div", [y, ctx.Scalar("half_range", 127.5f)]), ctx.Scalar("one", 1f)]);  // [-1, 1]
        var chroma = UNet(ctx, unet, luma);                                                                            // (B, 2, S, S)
        if (withChroma)
        {
            ctx.AddOutput(ctx.Node("Flatten", [chroma], null, OnnxExportContext.Attribute("axis", 1L)), ChromaOutput, 2 * plane);
        }

        var rgb = Recombine(ctx, y, chroma);                                                                          // (B, 3, S, S)
        var flat = ctx.Node("Flatten", [rgb], null, OnnxExportContext.Attribute("axis", 1L));
        ctx.AddOutput(PixelOutput.Finish(ctx, flat, options), OnnxContract.PixelsOutput, 3 * plane);

        PixelOutput.Describe(ctx, "colorizer", new ImageShape(3, info.ImageSize, info.ImageSize), options);
        ctx.AddMetadata("input_range", $"{OnnxContract.GrayInput}: gray values 0..255, float [batch, {plane}] ({size}x{size}, row by row)");
        ctx.AddMetadata("luma", $"the output's {LumaChroma.WR} R + {LumaChroma.WG} G + {LumaChroma.WB} B equals the input gray value (before rounding)");
        return ctx.ToModel($"MLNet.Gan colorizer, U-Net depth {info.UNetDepth}, {size}x{size}");
    }

    // The U-Net's forward: down levels, then up levels each fed the previous output concatenated with the encoder output of its size.
    private static string UNet(OnnxExportContext ctx, UNetGenerator unet, string luma)
    {
        var parts = unet.named_children().ToDictionary(c => c.name, c => c.module);
        var down = parts["down"].named_children().Select(c => c.module).ToList();
        var up = parts["up"].named_children().Select(c => c.module).ToList();
        var skips = new List<string>();
        var x = luma;
        foreach (var level in down)
        {
            x = OnnxLayers.Write(ctx, level, x);
            skips.Add(x);
        }

        for (var i = 0; i < up.Count; i++)
        {
            var input = i == 0 ? x : ctx.Node("Concat", [x, skips[skips.Count - 1 - i]], null, OnnxExportContext.Attribute("axis", 1L));
            x = OnnxLayers.Write(ctx, up[i], input);
        }

        return x;
    }

    // LumaChroma.Compose as tensor operations: dR = V VScale, dB = U UScale, dG keeps the luma; t = the largest step in
    // [0, 1] that keeps every channel of y + t d inside 0..255; RGB = y + t d.
    private static string Recombine(OnnxExportContext ctx, string y, string chroma)
    {
        var u = ctx.Node("Slice", [chroma, ctx.Int64s("u_start", 0), ctx.Int64s("u_end", 1), ctx.Int64s("channel_axis", 1)]);
        var v = ctx.Node("Slice", [chroma, ctx.Int64s("v_start", 1), ctx.Int64s("v_end", 2), ctx.Int64s("channel_axis", 1)]);
        var dr = ctx.Node("Mul", [v, ctx.Scalar("v_scale", (float)LumaChroma.VScale)]);
        var db = ctx.Node("Mul", [u, ctx.Scalar("u_scale", (float)LumaChroma.UScale)]);
        var weighted = ctx.Node("Add", [ctx.Node("Mul", [dr, ctx.Scalar("wr", (float)LumaChroma.WR)]), ctx.Node("Mul", [db, ctx.Scalar("wb", (float)LumaChroma.WB)])]);
        var dg = ctx.Node("Mul", [weighted, ctx.Scalar("minus_inverse_wg", (float)(-1 / LumaChroma.WG))]);
        var d = ctx.Node("Concat", [dr, dg, db], null, OnnxExportContext.Attribute("axis", 1L)); // (B, 3, S, S)

        // Per channel: (255 - y) / d where d > 0, y / -d where d < 0, 1 where d = 0 (Where picks, so the division by 0 is never used).
        var zero = ctx.Scalar("zero", 0f);
        var one = ctx.Scalar("one_step", 1f);
        var roomUp = ctx.Node("Div", [ctx.Node("Sub", [ctx.Scalar("white_level", 255f), y]), d]);
        var roomDown = ctx.Node("Div", [y, ctx.Node("Neg", [d])]);
        var room = ctx.Node("Where", [ctx.Node("Greater", [d, zero]), roomUp, ctx.Node("Where", [ctx.Node("Less", [d, zero]), roomDown, one])]);
        var fit = ctx.Node("ReduceMin", [room], null, OnnxExportContext.Attribute("axes", [1L]), OnnxExportContext.Attribute("keepdims", 1L)); // (B, 1, S, S)
        var t = ctx.Node("Min", [fit, one]);
        return ctx.Node("Add", [y, ctx.Node("Mul", [t, d])]);
    }
}
