// Saves transformers with their input schema to model files and loads them back.
namespace MLNet.Gan.Data;

/// <summary>Saving and loading model files (one zip: manifest.json, safetensors weights, extra entries).</summary>
public sealed class ModelOperationsCatalog
{
    internal ModelOperationsCatalog(GanContext context)
    {
        Context = context;
    }

    /// <summary>The context this catalog belongs to.</summary>
    public GanContext Context { get; }

    /// <summary>
    /// Saves <paramref name="model"/> (every part must implement <see cref="ICanSaveModel"/>) and the schema it
    /// expects to <paramref name="filePath"/>, through a temporary file renamed into place.
    /// </summary>
    public void Save(ITransformer model, DataViewSchema? inputSchema, string filePath)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(filePath);
        Torch.AtomicFile.Write(filePath, stream => ModelFileWriter.Save(model, inputSchema, stream));
    }

    /// <summary>Saves <paramref name="model"/> into <paramref name="stream"/>.</summary>
    public void Save(ITransformer model, DataViewSchema? inputSchema, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(stream);
        ModelFileWriter.Save(model, inputSchema, stream);
    }

    /// <summary>Loads a model file; <paramref name="inputSchema"/> is the schema saved with it (null when none was).</summary>
    public ITransformer Load(string filePath, out DataViewSchema inputSchema)
    {
        ArgumentException.ThrowIfNullOrEmpty(filePath);
        if (!File.Exists(filePath))
        {
            throw new FileNotFoundException($"Model file '{filePath}' not found.", filePath);
        }

        using var stream = File.OpenRead(filePath);
        var model = ModelFileReader.Load(stream, filePath, Context, out var schema);
        inputSchema = schema!;
        return model;
    }

    /// <summary>Loads a model from <paramref name="stream"/>.</summary>
    public ITransformer Load(Stream stream, out DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var model = ModelFileReader.Load(stream, "(stream)", Context, out var schema);
        inputSchema = schema!;
        return model;
    }
}
