// GanTransformer as ONNX: the generator (the weights Generate uses) written under the contract of OnnxContract, and a
// stock ML.NET chain over the written file.
using Microsoft.ML;
using MLNet.Gan.Onnx;

namespace MLNet.Gan;

public sealed partial class GanTransformer
{
    /// <summary>
    /// Writes the generator as an ONNX graph to <paramref name="path"/> (a temporary file renamed into place): inputs
    /// <c>Latent</c> float [1, latent size] and, when conditional, <c>Label</c> int64 [1, 1]; output <c>Pixels</c> float
    /// [1, channels x height x width] in 0..255, channel-planar (see <see cref="OnnxContract"/>). The weights are the ones
    /// <see cref="Generate"/> uses (the moving average when the model was trained with one), batch norm in evaluation form.
    /// </summary>
    /// <param name="path">The .onnx file to write.</param>
    /// <param name="options">Batch size, noise in the graph, rounding (null: the defaults, what ML.NET's ApplyOnnxModel needs).</param>
    /// <exception cref="NotSupportedException">The generator is a custom network; the message names its type.</exception>
    public void ExportOnnx(string path, OnnxExportOptions? options = null) => OnnxFile.Write(BuildOnnx(options), path);

    /// <summary>Writes the generator as an ONNX graph to <paramref name="stream"/> (left open); see <see cref="ExportOnnx(string, OnnxExportOptions?)"/>.</summary>
    /// <param name="stream">Where the model's bytes go.</param>
    /// <param name="options">Batch size, noise in the graph, rounding (null: the defaults).</param>
    /// <exception cref="NotSupportedException">The generator is a custom network; the message names its type.</exception>
    public void ExportOnnx(Stream stream, OnnxExportOptions? options = null) => OnnxFile.Write(BuildOnnx(options), stream);

    /// <summary>
    /// Exports the generator to <paramref name="onnxPath"/> (batch 1) and returns a fitted chain of ML.NET's own transformers
    /// over it — <c>ApplyOnnxModel</c>, then <c>ConvertToImage</c> into an <c>Image</c> column (gray planes repeated into
    /// red, green and blue by <c>Concatenate</c>) — that <c>mlContext.Model.Save</c> writes and <c>mlContext.Model.Load</c>
    /// reads in an app without MLNet.Gan or TorchSharp. The application needs an ONNX Runtime package
    /// (Microsoft.ML.OnnxRuntime, or a GPU one).
    /// </summary>
    /// <param name="mlContext">The context whose catalogs build the chain (its GpuDeviceId and FallbackToCpu reach ONNX Runtime).</param>
    /// <param name="onnxPath">The .onnx file to write.</param>
    /// <param name="options">Export options; <see cref="OnnxExportOptions.BatchSize"/> must stay 1 (ML.NET feeds rows one by one).</param>
    public OnnxPipeline ToOnnxPipeline(MLContext mlContext, string onnxPath, OnnxExportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        options ??= new OnnxExportOptions();
        RequireBatchOfOne(options);
        ExportOnnx(onnxPath, options);
        return OnnxPipeline.ForGenerator(mlContext, onnxPath, Info, options);
    }

    /// <summary>ML.NET's OnnxTransformer feeds one row per run and needs known output sizes: a chain needs batch 1.</summary>
    internal static void RequireBatchOfOne(OnnxExportOptions options)
    {
        if (options.BatchSize != 1)
        {
            throw new ArgumentException(
                $"option BatchSize must be 1 for an ML.NET pipeline (found {options.BatchSize?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "dynamic"}): " +
                "ApplyOnnxModel feeds rows one by one and ConvertToImage needs a known size", nameof(options));
        }
    }

    private global::Onnx.ModelProto BuildOnnx(OnnxExportOptions? options)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        lock (_lock)
        {
            return GeneratorGraph.Build(Info, _generator, options ?? new OnnxExportOptions());
        }
    }
}
