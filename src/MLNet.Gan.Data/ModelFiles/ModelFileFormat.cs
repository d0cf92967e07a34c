// Writes and reads model files: one zip with manifest.json and per-component safetensors and entries.
using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using MLNet.Gan.Torch;

namespace MLNet.Gan.Data;

/// <summary>Writes model files (manifest.json + component entries), atomically.</summary>
internal static class ModelFileWriter
{
    public const int FormatVersion = 1;
    public const string ManifestEntry = "manifest.json";

    public static void Save(ITransformer model, DataViewSchema? inputSchema, Stream stream)
    {
        var root = new ModelSaveContext("model/");
        SaveComponent(model, root);
        var manifest = new JsonObject
        {
            ["formatVersion"] = FormatVersion,
            ["producer"] = "MLNet.Gan",
            ["inputSchema"] = inputSchema is null ? null : SchemaJson.Write(inputSchema),
            ["outputSchema"] = inputSchema is null ? null : SchemaJson.Write(model.GetOutputSchema(inputSchema)),
            ["model"] = Describe(root),
        };

        using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
        WriteEntry(zip, ManifestEntry, System.Text.Encoding.UTF8.GetBytes(manifest.ToJsonString(ModelFileJson.Options)), CompressionLevel.Optimal);
        WriteContents(zip, root);
    }

    public static void SaveComponent(ITransformer transformer, ModelSaveContext ctx)
    {
        if (transformer is not ICanSaveModel saveable)
        {
            throw new NotSupportedException(
                $"{transformer.GetType().FullName} cannot be saved: it does not implement {nameof(ICanSaveModel)}.");
        }

        saveable.Save(ctx);
        if (string.IsNullOrEmpty(ctx.Kind))
        {
            throw new InvalidOperationException($"{transformer.GetType().FullName}.Save did not set ModelSaveContext.Kind.");
        }

        ctx.AssemblyName = transformer.GetType().Assembly.GetName().Name;
    }

    private static JsonObject Describe(ModelSaveContext ctx)
    {
        var node = new JsonObject
        {
            ["kind"] = ctx.Kind,
            ["assembly"] = ctx.AssemblyName,
            ["options"] = ctx.Options?.DeepClone(),
            ["tensors"] = ctx.Tensors.Count == 0 ? null : new JsonArray(ctx.Tensors.Keys.Select(k => (JsonNode)k).ToArray()),
            ["entries"] = new JsonArray(ctx.Entries.Keys.Select(k => (JsonNode)k).ToArray()),
        };
        var children = new JsonObject();
        foreach (var (name, child) in ctx.Children)
        {
            children[name] = Describe(child);
        }

        node["children"] = children;
        return node;
    }

    private static void WriteContents(ZipArchive zip, ModelSaveContext ctx)
    {
        if (ctx.Tensors.Count > 0)
        {
            var entry = zip.CreateEntry(ctx.EntryPrefix + "tensors.safetensors", CompressionLevel.NoCompression);
            using var s = entry.Open();
            Safetensors.Write(s, ctx.Tensors);
        }

        foreach (var (name, bytes) in ctx.Entries)
        {
            WriteEntry(zip, $"{ctx.EntryPrefix}entries/{name}", bytes, CompressionLevel.Fastest);
        }

        foreach (var child in ctx.Children.Values)
        {
            WriteContents(zip, child);
        }
    }

    private static void WriteEntry(ZipArchive zip, string name, byte[] bytes, CompressionLevel level)
    {
        var entry = zip.CreateEntry(name, level);
        using var s = entry.Open();
        s.Write(bytes);
    }
}

/// <summary>Reads model files written by <see cref="ModelFileWriter"/>.</summary>
internal static class ModelFileReader
{
    public static ITransformer Load(Stream stream, string filePath, GanContext? context, out DataViewSchema? inputSchema)
    {
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"Model file '{filePath}' is not a valid zip archive (corrupt or truncated): {e.Message}", e);
        }

        using (zip)
        {
            var manifestBytes = ReadEntry(zip, filePath, ModelFileWriter.ManifestEntry);
            JsonObject manifest;
            try
            {
                manifest = JsonNode.Parse(manifestBytes)?.AsObject()
                    ?? throw new InvalidDataException($"Model file '{filePath}', entry '{ModelFileWriter.ManifestEntry}': empty manifest.");
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException)
            {
                throw new InvalidDataException($"Model file '{filePath}', entry '{ModelFileWriter.ManifestEntry}': not valid JSON: {e.Message}", e);
            }

            var version = manifest["formatVersion"]?.GetValue<int>()
                ?? throw new InvalidDataException($"Model file '{filePath}', entry '{ModelFileWriter.ManifestEntry}': no formatVersion.");
            if (version > ModelFileWriter.FormatVersion)
            {
                throw new InvalidDataException(
                    $"Model file '{filePath}', entry '{ModelFileWriter.ManifestEntry}': format version {version} is newer than this " +
                    $"library reads (up to {ModelFileWriter.FormatVersion}); update MLNet.Gan to load it.");
            }

            if (version < 1)
            {
                throw new InvalidDataException($"Model file '{filePath}', entry '{ModelFileWriter.ManifestEntry}': invalid format version {version}.");
            }

            try
            {
                inputSchema = manifest["inputSchema"] is JsonArray schema ? SchemaJson.Read(schema) : null;
            }
            catch (FormatException e)
            {
                throw new InvalidDataException($"Model file '{filePath}', entry '{ModelFileWriter.ManifestEntry}': input schema: {e.Message}", e);
            }

            var model = manifest["model"] as JsonObject
                ?? throw new InvalidDataException($"Model file '{filePath}', entry '{ModelFileWriter.ManifestEntry}': no model.");
            var ctx = new ModelLoadContext(zip, filePath, model, "model/", version, context);
            return LoadComponent(ctx, model);
        }
    }

    public static ITransformer LoadComponent(ModelLoadContext ctx, JsonObject node)
    {
        if (!ModelLoaderRegistry.TryGetLoader(ctx.Kind, out var loader, ctx.AssemblyHint))
        {
            throw ctx.Error(
                ModelFileWriter.ManifestEntry,
                $"unknown component kind '{ctx.Kind}' at '{ctx.EntryPrefix}' (assembly {ctx.AssemblyHint ?? "unknown"}); " +
                $"known kinds: {string.Join(", ", ModelLoaderRegistry.KnownKinds())}");
        }

        return loader(ctx);
    }

    public static byte[] ReadEntry(ZipArchive zip, string filePath, string entryName)
    {
        var entry = zip.GetEntry(entryName)
            ?? throw new InvalidDataException($"Model file '{filePath}', entry '{entryName}': missing from the archive.");
        try
        {
            using var s = entry.Open();
            using var m = new MemoryStream();
            s.CopyTo(m);
            return m.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"Model file '{filePath}', entry '{entryName}': corrupt data: {e.Message}", e);
        }
    }
}
