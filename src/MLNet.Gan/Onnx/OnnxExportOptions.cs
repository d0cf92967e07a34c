namespace MLNet.Gan.Onnx;

/// <summary>How <c>ExportOnnx</c> writes a graph; the defaults give what ML.NET's <c>ApplyOnnxModel</c> needs.</summary>
public sealed class OnnxExportOptions
{
    /// <summary>
    /// The batch dimension of the inputs and the output. Default 1: ML.NET's <c>ApplyOnnxModel</c> feeds rows one by one
    /// and needs a known output size. Any positive number fixes another batch; null writes a dynamic axis named
    /// <c>batch</c>, for ONNX Runtime's <c>InferenceSession</c> used directly (ML.NET then sees a vector of unknown size,
    /// which <c>ConvertToImage</c> refuses).
    /// </summary>
    public int? BatchSize = 1;

    /// <summary>
    /// Generators only: draw z inside the graph (ONNX RandomNormal, mean 0, scale 1, seed <see cref="NoiseSeed"/>) instead of
    /// reading it from the <c>Latent</c> input, for data augmentation in a stock ML.NET pipeline. The graph then takes only
    /// the <c>Label</c> (or, unconditional, an ignored <c>Row</c>). Every run draws new noise; ONNX Runtime's sequence for a
    /// seed repeats for each new session on the same build, but it is not the library's sequence and is not promised
    /// across platforms or versions. Needs a static <see cref="BatchSize"/>. Default false.
    /// </summary>
    public bool NoiseInGraph;

    /// <summary>The seed attribute of the in-graph RandomNormal (<see cref="NoiseInGraph"/>). Default 0.</summary>
    public int NoiseSeed;

    /// <summary>
    /// Round the pixels to whole numbers (ONNX Round: halves to even) after clamping them to 0..255, so that the byte
    /// conversion of ML.NET's <c>ConvertToImage</c> (a truncating cast with scale 1 and offset 0) is exact. Off, the pixels
    /// are (tanh + 1) x 127.5 as computed. Default true.
    /// </summary>
    public bool WholePixels = true;

    /// <summary>Fails with the option's name when the combination cannot be written.</summary>
    internal void Validate(bool isGenerator)
    {
        if (BatchSize is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "option BatchSize must be positive, or null for a dynamic batch axis");
        }

        if (NoiseInGraph && !isGenerator)
        {
            throw new ArgumentException("option NoiseInGraph applies to generators only: a colorizer has no latent input", nameof(NoiseInGraph));
        }

        if (NoiseInGraph && BatchSize is null)
        {
            throw new ArgumentException("option NoiseInGraph needs a static BatchSize: RandomNormal is written with a fixed shape", nameof(NoiseInGraph));
        }
    }
}
