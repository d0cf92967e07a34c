// ColorizerTransformer as ONNX: the U-Net and the luma-preserving recombination in one graph at the trained size, and a
// stock ML.NET chain over the written file.
using Microsoft.ML;
using MLNet.Gan.Onnx;

namespace MLNet.Gan.Colorization;

public sealed partial class ColorizerTransformer
{
    /// <summary>
    /// Writes the colorizer as an ONNX graph to <paramref name="path"/> (a temporary file renamed into place): input
    /// <c>Gray</c> float [1, size x size], gray values 0..255 at the trained size; output <c>Pixels</c> float
    /// [1, 3 x size x size] in 0..255, channel-planar R, G, B, whose luma (0.3 R + 0.59 G + 0.11 B) is the input's
    /// (see <see cref="OnnxContract"/>). Unlike <see cref="Colorize"/>, the graph works at the trained size only.
    /// </summary>
    /// <param name="path">The .onnx file to write.</param>
    /// <param name="options">Batch size and rounding (null: the defaults); NoiseInGraph does not apply.</param>
    public void ExportOnnx(string path, OnnxExportOptions? options = null) => OnnxFile.Write(BuildOnnx(options), path);

    /// <summary>Writes the colorizer as an ONNX graph to <paramref name="stream"/> (left open); see <see cref="ExportOnnx(string, OnnxExportOptions?)"/>.</summary>
    /// <param name="stream">Where the model's bytes go.</param>
    /// <param name="options">Batch size and rounding (null: the defaults).</param>
    public void ExportOnnx(Stream stream, OnnxExportOptions? options = null) => OnnxFile.Write(BuildOnnx(options), stream);

    /// <summary>
    /// Exports the colorizer to <paramref name="onnxPath"/> (batch 1) and returns a fitted chain of ML.NET's own transformers:
    /// <c>ResizeImages</c> (to the trained size, stretched), <c>ConvertToGrayscale</c>, <c>ExtractPixels</c>, <c>ApplyOnnxModel</c>
    /// and <c>ConvertToImage</c> into a <c>Colorized</c> column, from an <c>Image</c> column of any size. <c>mlContext.Model.Save</c>
    /// writes it and <c>mlContext.Model.Load</c> reads it in an app without MLNet.Gan or TorchSharp.
    /// </summary>
    /// <param name="mlContext">The context whose catalogs build the chain.</param>
    /// <param name="onnxPath">The .onnx file to write.</param>
    /// <param name="options">Export options; <see cref="OnnxExportOptions.BatchSize"/> must stay 1.</param>
    public OnnxPipeline ToOnnxPipeline(MLContext mlContext, string onnxPath, OnnxExportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        options ??= new OnnxExportOptions();
        GanTransformer.RequireBatchOfOne(options);
        ExportOnnx(onnxPath, options);
        return OnnxPipeline.ForColorizer(mlContext, onnxPath, Info.ImageSize);
    }

    /// <summary>The graph, with the U-Net's chroma as a second output when <paramref name="withChroma"/> (parity tests).</summary>
    internal global::Onnx.ModelProto BuildOnnx(OnnxExportOptions? options, bool withChroma = false)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        lock (_lock)
        {
            return ColorizerGraph.Build(Info, _generator, options ?? new OnnxExportOptions(), withChroma);
        }
    }
}
