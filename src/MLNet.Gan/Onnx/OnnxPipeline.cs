// A stock ML.NET chain over an exported graph: ApplyOnnxModel and ConvertToImage (plus Concatenate, ResizeImages,
// ConvertToGrayscale and ExtractPixels where the contract needs them). Every piece is ML.NET's own, so
// mlContext.Model.Save writes the chain and mlContext.Model.Load reads it in an app without MLNet.Gan or TorchSharp.
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Image;
using MLNet.Gan.IO;

namespace MLNet.Gan.Onnx;

/// <summary>One input row of an exported generator's pipeline (the columns a given graph reads are in <see cref="OnnxPipeline.InputDefinition"/>).</summary>
public sealed class GeneratorOnnxInput
{
    /// <summary>z: latent size floats drawn from N(0, 1) (column <c>Latent</c>, a known-size Single vector).</summary>
    public float[] Latent { get; set; } = [];

    /// <summary>The zero-based class index as a vector of one Int64 (column <c>Label</c>, conditional models).</summary>
    public long[] Label { get; set; } = [];

    /// <summary>One ignored float (column <c>Row</c>): only an unconditional generator that draws its noise in the graph reads it.</summary>
    public float[] Row { get; set; } = [0f];
}

/// <summary>One input row of an exported colorizer's pipeline: an opaque image of any size (column <c>Image</c>).</summary>
public sealed class ColorizerOnnxInput
{
    /// <summary>The image to colorize; it is resized to the trained size and its luma used.</summary>
    public MLImage? Image { get; set; }
}

/// <summary>
/// A fitted chain of ML.NET's own transformers that runs an exported ONNX graph: save it with
/// <c>mlContext.Model.Save(Model, InputSchema, path)</c> (or <see cref="Save"/>) and load it with
/// <c>mlContext.Model.Load</c> in an app that references only Microsoft.ML, Microsoft.ML.ImageAnalytics,
/// Microsoft.ML.OnnxTransformer and an ONNX Runtime package.
/// </summary>
/// <remarks>
/// <list type="table">
/// <item><term>Generator</term><description>input <c>Latent</c> (Single vector, latent size), <c>Label</c> (Int64 vector of 1, conditional);
/// output <c>Pixels</c> (Single vector, 0..255) and <c>Image</c> (an image of the model's size)</description></item>
/// <item><term>Colorizer</term><description>input <c>Image</c> (an opaque image of any size); output <c>Colorized</c> (an image at the trained size)</description></item>
/// </list>
/// </remarks>
public sealed class OnnxPipeline
{
    /// <summary>The column of the generated or colorized image.</summary>
    public const string GeneratedImageColumn = "Image";

    /// <summary>The column of the colorized image.</summary>
    public const string ColorizedImageColumn = "Colorized";

    private readonly bool _imageInput;

    private OnnxPipeline(ITransformer model, DataViewSchema inputSchema, SchemaDefinition inputDefinition, string onnxPath)
    {
        _imageInput = inputSchema.Any(c => c.Type is ImageDataViewType);
        Model = model;
        InputSchema = inputSchema;
        InputDefinition = inputDefinition;
        OnnxPath = onnxPath;
    }

    /// <summary>The fitted chain (ML.NET's ApplyOnnxModel, ConvertToImage, ...).</summary>
    public ITransformer Model { get; }

    /// <summary>
    /// The schema of the chain's input, as <c>mlContext.Model.Save</c> takes it for a generator. ML.NET's binary saver cannot
    /// write an image column, so a colorizer's chain (input: an image) is saved without it (<c>Save(Model, null, path)</c>).
    /// </summary>
    public DataViewSchema InputSchema { get; }

    /// <summary>
    /// The columns of <see cref="GeneratorOnnxInput"/> or <see cref="ColorizerOnnxInput"/> the chain reads, with their sizes:
    /// pass it to <c>mlContext.Data.LoadFromEnumerable(rows, InputDefinition)</c>.
    /// </summary>
    public SchemaDefinition InputDefinition { get; }

    /// <summary>The ONNX file the chain was built on (its bytes are saved inside the chain's model file).</summary>
    public string OnnxPath { get; }

    /// <summary>
    /// Saves the chain with ML.NET's <c>mlContext.Model.Save</c> (written to a temporary name, then renamed into place), with
    /// <see cref="InputSchema"/> unless the input is an image column (see there).
    /// </summary>
    public void Save(MLContext mlContext, string path)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        AtomicFile.Write(path, stream => mlContext.Model.Save(Model, _imageInput ? null : InputSchema, stream));
    }

    /// <summary>The chain over a generator graph written with <paramref name="options"/> for the model <paramref name="info"/> describes.</summary>
    internal static OnnxPipeline ForGenerator(MLContext mlContext, string onnxPath, GanModelInfo info, OnnxExportOptions options)
    {
        var definition = SchemaDefinition.Create(typeof(GeneratorOnnxInput));
        var inputs = new List<string>();
        if (!options.NoiseInGraph)
        {
            inputs.Add(OnnxContract.LatentInput);
        }

        if (info.IsConditional)
        {
            inputs.Add(OnnxContract.LabelInput);
        }
        else if (options.NoiseInGraph)
        {
            inputs.Add(OnnxContract.RowInput);
        }

        definition.RemoveAll(c => !inputs.Contains(c.ColumnName));
        SetVector(definition, OnnxContract.LatentInput, NumberDataViewType.Single, info.LatentSize);
        SetVector(definition, OnnxContract.LabelInput, NumberDataViewType.Int64, 1);
        SetVector(definition, OnnxContract.RowInput, NumberDataViewType.Single, 1);

        var shape = info.Shape;
        var imageInput = OnnxContract.PixelsOutput;
        IEstimator<ITransformer> chain = mlContext.Transforms.ApplyOnnxModel([OnnxContract.PixelsOutput], [.. inputs], onnxPath);
        if (shape.Channels == 1)
        {
            // ConvertToImage reads one plane per color: the gray plane three times is red, green and blue.
            imageInput = "PixelsRgb";
            chain = chain.Append(mlContext.Transforms.Concatenate(imageInput, OnnxContract.PixelsOutput, OnnxContract.PixelsOutput, OnnxContract.PixelsOutput));
        }

        chain = chain.Append(mlContext.Transforms.ConvertToImage(shape.Height, shape.Width, GeneratedImageColumn, imageInput));
        return Fit(mlContext, chain, mlContext.Data.LoadFromEnumerable(Array.Empty<GeneratorOnnxInput>(), definition), definition, onnxPath);
    }

    /// <summary>The chain over a colorizer graph of side <paramref name="size"/>: resize, gray, pixels, the graph, image.</summary>
    internal static OnnxPipeline ForColorizer(MLContext mlContext, string onnxPath, int size)
    {
        RegisterAnySizeImages();
        var definition = SchemaDefinition.Create(typeof(ColorizerOnnxInput));
        var chain = mlContext.Transforms.ResizeImages("Resized", size, size, nameof(ColorizerOnnxInput.Image), ImageResizingEstimator.ResizingKind.Fill)
            .Append(mlContext.Transforms.ConvertToGrayscale("GrayImage", "Resized"))
            .Append(mlContext.Transforms.ExtractPixels(OnnxContract.GrayInput, "GrayImage", ImagePixelExtractingEstimator.ColorBits.Red))
            .Append(mlContext.Transforms.ApplyOnnxModel([OnnxContract.PixelsOutput], [OnnxContract.GrayInput], onnxPath))
            .Append(mlContext.Transforms.ConvertToImage(size, size, ColorizedImageColumn, OnnxContract.PixelsOutput));
        return Fit(mlContext, chain, mlContext.Data.LoadFromEnumerable(Array.Empty<ColorizerOnnxInput>(), definition), definition, onnxPath);
    }

    /// <summary>
    /// Lets <c>LoadFromEnumerable</c> read an <see cref="MLImage"/> member without an attribute, as an image of any size.
    /// ML.NET's own way, <c>[ImageType]</c> without a size, fails on 6.0 (it registers an image type of 0 x 0, which throws),
    /// so the pair is registered here; registering it again is allowed. An app that loads the saved chain does the same:
    /// <c>DataViewTypeManager.Register(new ImageDataViewType(), typeof(MLImage))</c>.
    /// </summary>
    public static void RegisterAnySizeImages() => DataViewTypeManager.Register(new ImageDataViewType(), typeof(MLImage));

    private static OnnxPipeline Fit(MLContext mlContext, IEstimator<ITransformer> chain, IDataView empty, SchemaDefinition definition, string onnxPath)
    {
        try
        {
            return new OnnxPipeline(chain.Fit(empty), empty.Schema, definition, onnxPath);
        }
        catch (Exception e) when (e is DllNotFoundException || e.InnerException is DllNotFoundException || e is TypeInitializationException)
        {
            throw new InvalidOperationException(
                "ONNX Runtime's native library did not load: the application needs an ONNX Runtime package " +
                "(Microsoft.ML.OnnxRuntime 1.32.0 for the CPU, or Microsoft.ML.OnnxRuntime.Gpu.Linux / .Gpu.Windows for CUDA)", e);
        }
    }

    private static void SetVector(SchemaDefinition definition, string column, PrimitiveDataViewType itemType, int size)
    {
        var found = definition.FirstOrDefault(c => c.ColumnName == column);
        if (found is not null)
        {
            found.ColumnType = new VectorDataViewType(itemType, size);
        }
    }
}
