// One model file for a fitted chain that mixes ML.NET's transforms and ours: ML.NET's own bytes for its parts,
// our JSON manifest and safetensors weights for ours, in one zip written to a temporary name and renamed into place.
using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Gan.Training;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace MLNet.Gan.IO;

/// <summary>A transformer of ours that can be written into a <see cref="GanModelFile"/>.</summary>
internal interface IGanModelPart
{
    /// <summary>The kind its loader is registered under.</summary>
    string PartKind { get; }

    /// <summary>Writes the part's entries (manifest, weights) under <paramref name="prefix"/>.</summary>
    void SavePart(ZipArchive zip, string prefix);
}

/// <summary>
/// Saves and loads fitted pipelines that contain MLNet.Gan transformers. ML.NET's <c>mlContext.Model.Save</c> cannot:
/// its model loading (ModelLoadContext, LoadableClassAttribute) is internal, so a third-party transformer it saved could
/// never be loaded back. This file holds each run of ML.NET transformers as ML.NET's own model bytes (read back with
/// <c>mlContext.Model.Load</c>) and each of ours as a JSON manifest plus safetensors weights; loading reads data only,
/// it never runs code from the file.
/// </summary>
public static class GanModelFile
{
    /// <summary>The format this version writes and reads.</summary>
    public const string Format = "mlnet-gan-model/2";

    /// <summary>What our transformers say when ML.NET's own <c>mlContext.Model.Save</c> is asked to write them.</summary>
    internal const string ModelSaveRefusal =
        "mlContext.Model.Save cannot save an MLNet.Gan transformer (ML.NET's model loading is internal to ML.NET): " +
        "use mlContext.Model.SaveWithGan(model, inputSchema, path) and mlContext.Model.LoadWithGan(path, out schema)";

    internal static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    private static readonly Dictionary<string, Func<MLContext, ZipArchive, string, string, ITransformer>> Loaders = new()
    {
        [GanTransformer.PartKindName] = GanTransformer.LoadPart,
        [Colorization.ColorizerTransformer.PartKindName] = Colorization.ColorizerTransformer.LoadPart,
        [Tabular.TabularGanTransformer.PartKindName] = Tabular.TabularGanTransformer.LoadPart,
    };

    /// <summary>Writes <paramref name="model"/> (a transformer or a chain of them) with the schema of its input to <paramref name="path"/>.</summary>
    public static void Save(MLContext context, ITransformer model, DataViewSchema inputSchema, string path)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inputSchema);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var parts = Flatten(model).ToList();
        AtomicFile.Write(path, stream =>
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
            var manifest = new Manifest { Format = Format };
            var schema = inputSchema;
            var run = new List<ITransformer>();
            // The input schema is kept as ML.NET writes it, on an empty ML.NET chain ahead of the first part
            // (ML.NET writes no schema without columns: an empty one is then read back as empty).
            if (schema.Count > 0)
            {
                WriteMlNet(context, zip, "input/", new List<ITransformer>(), schema);
            }
            for (var i = 0; i <= parts.Count; i++)
            {
                var part = i < parts.Count ? parts[i] : null;
                if (part is not null and not IGanModelPart)
                {
                    run.Add(part);
                    continue;
                }

                if (run.Count > 0)
                {
                    var prefix = $"part-{manifest.Parts.Count:000}/";
                    WriteMlNet(context, zip, prefix, run, schema);
                    manifest.Parts.Add(new PartEntry { Kind = "mlnet", Prefix = prefix });
                    schema = run.Aggregate(schema, (s, t) => t.GetOutputSchema(s));
                    run.Clear();
                }

                if (part is IGanModelPart ours)
                {
                    var prefix = $"part-{manifest.Parts.Count:000}/";
                    ours.SavePart(zip, prefix);
                    manifest.Parts.Add(new PartEntry { Kind = ours.PartKind, Prefix = prefix });
                    if (i < parts.Count - 1)
                    {
                        // Only a later ML.NET run needs the schema this part outputs.
                        schema = part.GetOutputSchema(schema);
                    }
                }
            }

            WriteJson(zip, "manifest.json", manifest);
        });
    }

    /// <summary>Reads a model written by <see cref="Save"/>: the transformer (a chain when it has several parts) and its input schema.</summary>
    public static ITransformer Load(MLContext context, string path, out DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"model file not found: {path}", path);
        }

        ZipArchive zip;
        try
        {
            zip = ZipFile.OpenRead(path);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path}: not an MLNet.Gan model file (not a zip archive: {e.Message})", e);
        }

        using (zip)
        {
            var manifest = ReadJson<Manifest>(zip, "manifest.json", path);
            if (manifest.Format != Format)
            {
                throw new InvalidDataException($"{path}: manifest.json: format '{manifest.Format}', expected '{Format}'");
            }

            inputSchema = zip.GetEntry("input/mlnet.zip") is null ? new DataViewSchema.Builder().ToSchema() : ReadMlNet(context, zip, "input/", path).Schema;
            var parts = new List<ITransformer>();
            foreach (var part in manifest.Parts)
            {
                if (part.Kind == "mlnet")
                {
                    parts.AddRange(Flatten(ReadMlNet(context, zip, part.Prefix, path).Model));
                }
                else if (Loaders.TryGetValue(part.Kind, out var load))
                {
                    parts.Add(load(context, zip, part.Prefix, path));
                }
                else
                {
                    throw new InvalidDataException($"{path}: manifest.json: unknown part kind '{part.Kind}' (written by a newer version?)");
                }
            }

            return parts.Count == 1 ? parts[0] : new TransformerChain<ITransformer>(parts.ToArray());
        }
    }

    /// <summary>The transformers of a chain, nested chains unrolled, in order.</summary>
    internal static IEnumerable<ITransformer> Flatten(ITransformer model) =>
        model is IEnumerable<ITransformer> chain ? chain.SelectMany(Flatten) : new[] { model };

    internal static void WriteJson<T>(ZipArchive zip, string name, T value)
    {
        using var s = zip.CreateEntry(name).Open();
        JsonSerializer.Serialize(s, value, Json);
    }

    internal static T ReadJson<T>(ZipArchive zip, string name, string path)
    {
        using var s = OpenEntry(zip, name, path);
        try
        {
            return JsonSerializer.Deserialize<T>(s, Json) ?? throw new InvalidDataException($"{path}: {name} is empty");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: {name}: {e.Message}", e);
        }
    }

    /// <summary>Writes one uncompressed entry (weights do not compress) through <paramref name="write"/>.</summary>
    internal static void WriteEntry(ZipArchive zip, string name, Action<Stream> write)
    {
        using var s = zip.CreateEntry(name, CompressionLevel.NoCompression).Open();
        write(s);
    }

    /// <summary>An entry copied into memory (zip entry streams do not seek); <paramref name="what"/> names the file in the error.</summary>
    internal static MemoryStream OpenEntry(ZipArchive zip, string name, string path, string what = "the model file")
    {
        var entry = zip.GetEntry(name) ?? throw new InvalidDataException($"{path}: {what} has no '{name}'");
        var copy = new MemoryStream();
        using (var s = entry.Open())
        {
            s.CopyTo(copy);
        }

        copy.Position = 0;
        return copy;
    }

    /// <summary>Writes <paramref name="module"/>'s weights (CPU copies, PyTorch's state-dict names) as a safetensors entry.</summary>
    internal static void WriteWeights(ZipArchive zip, string name, nn.Module module)
    {
        using var scope = NewDisposeScope();
        var weights = module.state_dict().ToDictionary(p => p.Key, p => p.Value.cpu().detach());
        WriteEntry(zip, name, s => Safetensors.SaveStateDict(s, weights, leaveOpen: true));
    }

    /// <summary>
    /// Loads the safetensors entry <paramref name="name"/> into <paramref name="module"/>; weights that do not fit are an
    /// error naming the file and entry (the module is disposed then).
    /// </summary>
    internal static void ReadWeights(ZipArchive zip, string name, string path, nn.Module module, string what)
    {
        Dictionary<string, Tensor> state;
        using (var s = OpenEntry(zip, name, path))
        {
            state = Safetensors.LoadStateDict(s);
        }

        try
        {
            GanTrainingSession.Load(module, state);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or KeyNotFoundException)
        {
            module.Dispose();
            throw new InvalidDataException($"{path}: {name}: the {what} weights do not match the manifest: {e.Message}", e);
        }
        finally
        {
            foreach (var t in state.Values)
            {
                t.Dispose();
            }
        }
    }

    private static void WriteMlNet(MLContext context, ZipArchive zip, string prefix, List<ITransformer> run, DataViewSchema schema) =>
        WriteEntry(zip, prefix + "mlnet.zip", s => context.Model.Save(new TransformerChain<ITransformer>(run.ToArray()), schema, s));

    private static (ITransformer Model, DataViewSchema Schema) ReadMlNet(MLContext context, ZipArchive zip, string prefix, string path)
    {
        using var s = OpenEntry(zip, prefix + "mlnet.zip", path);
        var model = context.Model.Load(s, out var schema);
        return (model, schema);
    }

    private sealed class Manifest
    {
        public string? Format { get; set; }

        public List<PartEntry> Parts { get; set; } = new();
    }

    private sealed class PartEntry
    {
        public string Kind { get; set; } = string.Empty;

        public string Prefix { get; set; } = string.Empty;
    }
}
