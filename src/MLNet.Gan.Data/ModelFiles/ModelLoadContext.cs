// What a loader reads back from a model file: kind, options, tensors, extra entries and children.
using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using MLNet.Gan.Torch;

namespace MLNet.Gan.Data;

/// <summary>
/// One component's part of an open model file, given to its loader. Errors name the file and the entry.
/// </summary>
public sealed class ModelLoadContext
{
    private readonly ZipArchive _zip;
    private readonly JsonObject _node;
    private Dictionary<string, Tensor>? _tensors;

    internal ModelLoadContext(ZipArchive zip, string filePath, JsonObject node, string entryPrefix, int formatVersion, GanContext? context)
    {
        _zip = zip;
        _node = node;
        FilePath = filePath;
        EntryPrefix = entryPrefix;
        FormatVersion = formatVersion;
        Context = context;
        Kind = node["kind"]?.GetValue<string>() ?? throw Error("manifest.json", $"component at '{entryPrefix}' has no kind");
    }

    /// <summary>The model file being read (for messages).</summary>
    public string FilePath { get; }

    /// <summary>This component's zip path prefix.</summary>
    public string EntryPrefix { get; }

    /// <summary>The format version of the file.</summary>
    public int FormatVersion { get; }

    /// <summary>The component kind.</summary>
    public string Kind { get; }

    /// <summary>The context loading the model, when loaded through <see cref="ModelOperationsCatalog"/>.</summary>
    public GanContext? Context { get; }

    /// <summary>The options JSON written at save time, or null.</summary>
    public JsonNode? Options => _node["options"];

    /// <summary>The names of the saved children.</summary>
    public IReadOnlyList<string> ChildNames => (_node["children"] as JsonObject)?.Select(p => p.Key).ToList() ?? [];

    /// <summary>Deserialises the options as <typeparamref name="T"/>; throws naming the file when absent or malformed.</summary>
    public T GetOptions<T>()
    {
        var options = Options ?? throw Error("manifest.json", $"component '{Kind}' at '{EntryPrefix}' has no options");
        try
        {
            return options.Deserialize<T>(ModelFileJson.Options)
                ?? throw Error("manifest.json", $"component '{Kind}' has null options");
        }
        catch (JsonException e)
        {
            throw Error("manifest.json", $"options of component '{Kind}' do not read as {typeof(T).Name}: {e.Message}", e);
        }
    }

    /// <summary>All tensors of this component (read once; the caller owns and disposes them).</summary>
    public IReadOnlyDictionary<string, Tensor> Tensors => _tensors ??= ReadTensors();

    /// <summary>The tensor <paramref name="name"/>; throws naming the file and entry when missing.</summary>
    public Tensor GetTensor(string name)
    {
        if (!Tensors.TryGetValue(name, out var t))
        {
            throw Error(TensorsEntry, $"tensor '{name}' is missing (present: {(Tensors.Count == 0 ? "none" : string.Join(", ", Tensors.Keys))})");
        }

        return t;
    }

    /// <summary>Whether extra entry <paramref name="name"/> exists.</summary>
    public bool HasEntry(string name) => _zip.GetEntry($"{EntryPrefix}entries/{name}") is not null;

    /// <summary>The bytes of extra entry <paramref name="name"/>; throws naming the file and entry when missing.</summary>
    public byte[] ReadBinaryEntry(string name)
    {
        var path = $"{EntryPrefix}entries/{name}";
        return ModelFileReader.ReadEntry(_zip, FilePath, path);
    }

    /// <summary>The UTF-8 text of extra entry <paramref name="name"/>.</summary>
    public string ReadTextEntry(string name) => System.Text.Encoding.UTF8.GetString(ReadBinaryEntry(name));

    /// <summary>Loads the child saved under <paramref name="name"/>.</summary>
    public ITransformer LoadChild(string name)
    {
        var child = (_node["children"] as JsonObject)?[name] as JsonObject
            ?? throw Error("manifest.json", $"component '{Kind}' at '{EntryPrefix}' has no child '{name}'");
        var ctx = new ModelLoadContext(_zip, FilePath, child, $"{EntryPrefix}children/{name}/", FormatVersion, Context);
        return ModelFileReader.LoadComponent(ctx, child);
    }

    internal string? AssemblyHint => _node["assembly"]?.GetValue<string>();

    private string TensorsEntry => EntryPrefix + "tensors.safetensors";

    /// <summary>An error about this model file and <paramref name="entry"/>.</summary>
    public InvalidDataException Error(string entry, string message, Exception? inner = null) =>
        new($"Model file '{FilePath}', entry '{entry}': {message}.", inner);

    private Dictionary<string, Tensor> ReadTensors()
    {
        if (_node["tensors"] is null)
        {
            return new Dictionary<string, Tensor>(StringComparer.Ordinal);
        }

        var bytes = ModelFileReader.ReadEntry(_zip, FilePath, TensorsEntry);
        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            return Safetensors.Read(stream, $"{FilePath}!{TensorsEntry}", out _);
        }
        catch (Exception e) when (e is InvalidDataException or JsonException or TorchException or ArgumentException or FormatException)
        {
            throw Error(TensorsEntry, $"unreadable tensors: {e.Message}", e);
        }
    }
}
