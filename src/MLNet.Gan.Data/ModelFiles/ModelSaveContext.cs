// What a transformer writes into a model file: kind, JSON options, tensors, extra entries and child transformers.
using System.Text.Json;
using System.Text.Json.Nodes;
using MLNet.Gan.Torch;

namespace MLNet.Gan.Data;

/// <summary>
/// Collects one component's part of a model file. Zip layout per component: <c>{prefix}tensors.safetensors</c>
/// for the tensors, <c>{prefix}entries/{name}</c> for extra entries, <c>{prefix}children/{name}/</c> for children;
/// the manifest records the kind, options and names.
/// </summary>
public sealed class ModelSaveContext
{
    private static readonly JsonSerializerOptions JsonOptions = ModelFileJson.Options;
    private readonly Dictionary<string, Tensor> _tensors = new(StringComparer.Ordinal);
    private readonly Dictionary<string, byte[]> _entries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ModelSaveContext> _children = new(StringComparer.Ordinal);

    internal ModelSaveContext(string entryPrefix)
    {
        EntryPrefix = entryPrefix;
    }

    /// <summary>The zip path prefix of this component's entries (e.g. "model/" or "model/children/0/").</summary>
    public string EntryPrefix { get; }

    /// <summary>The key under which the component's loader is registered (see <see cref="ModelLoaderAttribute"/>); required.</summary>
    public string? Kind { get; set; }

    /// <summary>The component's options as JSON (null for none).</summary>
    public JsonNode? Options { get; set; }

    /// <summary>The tensors written so far.</summary>
    public IReadOnlyDictionary<string, Tensor> Tensors => _tensors;

    internal IReadOnlyDictionary<string, byte[]> Entries => _entries;

    internal IReadOnlyDictionary<string, ModelSaveContext> Children => _children;

    internal string? AssemblyName { get; set; }

    /// <summary>Serialises <paramref name="options"/> (public fields and properties) as the component's options.</summary>
    public void SetOptions<T>(T options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = JsonSerializer.SerializeToNode(options, JsonOptions);
    }

    /// <summary>Adds a tensor under <paramref name="name"/>; it must stay alive until saving finishes.</summary>
    public void AddTensor(string name, Tensor tensor)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(tensor);
        if (!_tensors.TryAdd(name, tensor))
        {
            throw new ArgumentException($"Tensor '{name}' was already added to this model entry.", nameof(name));
        }
    }

    /// <summary>Adds every tensor of <paramref name="tensors"/> (e.g. a module's state dictionary), names prefixed.</summary>
    public void AddTensors(IEnumerable<KeyValuePair<string, Tensor>> tensors, string namePrefix = "")
    {
        ArgumentNullException.ThrowIfNull(tensors);
        foreach (var (name, t) in tensors)
        {
            AddTensor(namePrefix + name, t);
        }
    }

    /// <summary>Adds a binary entry.</summary>
    public void AddBinaryEntry(string name, byte[] content)
    {
        CheckEntryName(name);
        ArgumentNullException.ThrowIfNull(content);
        if (!_entries.TryAdd(name, content))
        {
            throw new ArgumentException($"Entry '{name}' was already added to this model entry.", nameof(name));
        }
    }

    /// <summary>Adds a UTF-8 text entry.</summary>
    public void AddTextEntry(string name, string content)
    {
        ArgumentNullException.ThrowIfNull(content);
        AddBinaryEntry(name, System.Text.Encoding.UTF8.GetBytes(content));
    }

    /// <summary>Saves <paramref name="child"/> (which must implement <see cref="ICanSaveModel"/>) under <paramref name="name"/>.</summary>
    public void SaveChild(string name, ITransformer child)
    {
        CheckEntryName(name);
        ArgumentNullException.ThrowIfNull(child);
        if (_children.ContainsKey(name))
        {
            throw new ArgumentException($"Child '{name}' was already saved in this model entry.", nameof(name));
        }

        var ctx = new ModelSaveContext($"{EntryPrefix}children/{name}/");
        ModelFileWriter.SaveComponent(child, ctx);
        _children[name] = ctx;
    }

    private static void CheckEntryName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        foreach (var ch in name)
        {
            if (!(char.IsAsciiLetterOrDigit(ch) || ch is '_' or '-' or '.'))
            {
                throw new ArgumentException($"Entry name '{name}' may hold only ASCII letters, digits, '_', '-' and '.'.", nameof(name));
            }
        }
    }
}

/// <summary>Shared JSON settings of model files (options classes use public fields).</summary>
internal static class ModelFileJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        IncludeFields = true,
        WriteIndented = true,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };
}
