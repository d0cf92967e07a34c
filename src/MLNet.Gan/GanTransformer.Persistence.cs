// GanTransformer in a model file: a JSON manifest of GanModelInfo and the generator's weights as safetensors.
using System.Collections.Concurrent;
using System.IO.Compression;
using Microsoft.ML;
using MLNet.Gan.IO;
using MLNet.Gan.Networks;
using MLNet.Gan.Runtime;
using MLNet.Gan.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace MLNet.Gan;

public sealed partial class GanTransformer : IGanModelPart
{
    internal const string PartKindName = "gan-generator";
    private const string InfoEntry = "gan.json";
    private const string WeightsEntry = "generator.safetensors";
    private static readonly ConcurrentDictionary<string, Func<NetworkContext, nn.Module<Tensor, Tensor>>> CustomGenerators = new(StringComparer.Ordinal);

    string IGanModelPart.PartKind => PartKindName;

    /// <summary>Registers the factory of a custom generator so models trained with it can be loaded.</summary>
    public static void RegisterGenerator(string name, Func<NetworkContext, nn.Module<Tensor, Tensor>> factory)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(factory);
        CustomGenerators[name] = factory;
    }

    /// <summary>Saves this model alone (written to a temporary name, then renamed into place).</summary>
    public void Save(string path) => GanModelFile.Save(Context, this, new DataViewSchema.Builder().ToSchema(), path);

    /// <summary>Loads a model saved by <see cref="Save"/> (or a file of <see cref="GanModelFile"/> holding just this transformer).</summary>
    public static GanTransformer Load(MLContext context, string path) =>
        GanModelFile.Load(context, path, out _) as GanTransformer
            ?? throw new InvalidDataException($"{path}: holds a pipeline, not a single GAN model; load it with mlContext.Model.LoadWithGan");

    /// <summary>The generator's weights as PyTorch names them (CPU tensors), as saved in the model file.</summary>
    public Dictionary<string, Tensor> GeneratorStateDict() =>
        _generator.state_dict().ToDictionary(p => p.Key, p => p.Value.cpu().detach());

    void IGanModelPart.SavePart(ZipArchive zip, string prefix)
    {
        GanModelFile.WriteJson(zip, prefix + InfoEntry, Info);
        GanModelFile.WriteWeights(zip, prefix + WeightsEntry, _generator);
    }

    /// <summary>Rebuilds a saved model from its part of a model file.</summary>
    internal static ITransformer LoadPart(MLContext context, ZipArchive zip, string prefix, string path)
    {
        TorchRuntime.EnsureLoaded();
        var info = GanModelFile.ReadJson<GanModelInfo>(zip, prefix + InfoEntry, path);
        var networkContext = new NetworkContext(info.Shape, info.LatentSize, info.ClassNames.Length);
        nn.Module<Tensor, Tensor> generator;
        if (info.CustomGenerator is { } custom)
        {
            if (!CustomGenerators.TryGetValue(custom, out var factory))
            {
                throw new InvalidDataException(
                    $"{path}: the model was trained with the custom generator '{custom}': call GanTransformer.RegisterGenerator(\"{custom}\", factory) before loading it");
            }

            generator = factory(networkContext);
        }
        else
        {
            generator = NetworkFactory.CreateGenerator(info.Architecture, info.Width, networkContext);
        }

        GanModelFile.ReadWeights(zip, prefix + WeightsEntry, path, generator, "generator");

        var device = Devices.Resolve("auto", context);
        return new GanTransformer(context, info, generator.to(device), device, null);
    }
}
