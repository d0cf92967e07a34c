// ColorizerTransformer in a model file: a JSON manifest of ColorizerModelInfo and the U-Net's weights as safetensors,
// alone (Save / Load) or as one part of a chain (mlContext.Model.SaveWithGan / LoadWithGan).
using System.IO.Compression;
using Microsoft.ML;
using MLNet.Gan.IO;
using MLNet.Gan.Runtime;
using MLNet.Gan.Training;
using TorchSharp.PyBridge;
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
        using var scope = NewDisposeScope();
        var weights = _generator.state_dict().ToDictionary(p => p.Key, p => p.Value.cpu().detach());
        GanModelFile.WriteEntry(zip, prefix + WeightsEntry, s => Safetensors.SaveStateDict(s, weights, leaveOpen: true));
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

        Dictionary<string, Tensor> state;
        using (var s = GanModelFile.OpenEntry(zip, prefix + WeightsEntry, path))
        {
            state = Safetensors.LoadStateDict(s);
        }

        try
        {
            GanTrainingSession.Load(generator, state);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or KeyNotFoundException)
        {
            generator.Dispose();
            throw new InvalidDataException($"{path}: {prefix}{WeightsEntry}: the U-Net weights do not match the manifest: {e.Message}", e);
        }
        finally
        {
            foreach (var t in state.Values)
            {
                t.Dispose();
            }
        }

        var device = Devices.Resolve("auto", context);
        return new ColorizerTransformer(context, info, Freeze(generator.MoveTo(device)), device, null);
    }
}
