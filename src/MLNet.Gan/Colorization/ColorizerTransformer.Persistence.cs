// ColorizerTransformer in a model file: a JSON manifest of ColorizerModelInfo and the U-Net's weights as safetensors,
// alone (Save / Load) or as one part of a chain (mlContext.Model.SaveWithGan / LoadWithGan).
using System.IO.Compression;
using Microsoft.ML;
using MLNet.Gan.IO;
using MLNet.Gan.Runtime;
using MLNet.Gan.Training;
using static TorchSharp.torch;

namespace MLNet.Gan.Colorization;

public sealed partial class ColorizerTransformer : IGanModelPart
{
    internal const string PartKindName = "colorizer";
    private const string InfoEntry = "colorizer.json";
    private const string WeightsEntry = "unet.safetensors";

    string IGanModelPart.PartKind => PartKindName;

    /// <summary>Saves this model alone (written to a temporary name, then renamed into place).</summary>
    public void Save(string path) => GanModelFile.Save(Context, this, new DataViewSchema.Builder().ToSchema(), path);

    /// <summary>Loads a model saved by <see cref="Save"/> (or a model file holding just this transformer).</summary>
    public static ColorizerTransformer Load(MLContext context, string path) =>
        GanModelFile.Load(context, path, out _) as ColorizerTransformer
            ?? throw new InvalidDataException($"{path}: holds no single colorizer (a GAN or a pipeline); load a pipeline with mlContext.Model.LoadWithGan");

    void IGanModelPart.SavePart(ZipArchive zip, string prefix)
    {
        GanModelFile.WriteJson(zip, prefix + InfoEntry, Info);
        GanModelFile.WriteWeights(zip, prefix + WeightsEntry, _generator);
    }

    /// <summary>Rebuilds a saved colorizer from its part of a model file.</summary>
    internal static ITransformer LoadPart(MLContext context, ZipArchive zip, string prefix, string path)
    {
        TorchRuntime.EnsureLoaded();
        var info = GanModelFile.ReadJson<ColorizerModelInfo>(zip, prefix + InfoEntry, path);
        UNetGenerator generator;
        try
        {
            generator = new UNetGenerator(info.ImageSize, info.UNetDepth, info.Width);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{path}: {prefix}{InfoEntry}: {e.Message}", e);
        }

        GanModelFile.ReadWeights(zip, prefix + WeightsEntry, path, generator, "U-Net");

        var device = Devices.Resolve("auto", context);
        return new ColorizerTransformer(context, info, Freeze(generator.MoveTo(device)), device, null);
    }
}
