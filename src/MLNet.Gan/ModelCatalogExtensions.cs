// Saving and loading fitted pipelines that hold MLNet.Gan transformers, from ML.NET's own model catalog.
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Gan.IO;

namespace MLNet.Gan;

/// <summary>Saving and loading pipelines with MLNet.Gan transformers from ML.NET's model catalog.</summary>
public static class ModelOperationsCatalogGanExtensions
{
    /// <summary>
    /// Saves <paramref name="model"/> — any fitted chain of ML.NET transformers and MLNet.Gan transformers — to one file
    /// (see <see cref="IO.GanModelFile"/>; <c>Save</c> alone cannot hold our transformers).
    /// </summary>
    public static void SaveWithGan(this ModelOperationsCatalog catalog, ITransformer model, DataViewSchema inputSchema, string filePath) =>
        GanModelFile.Save(ContextOf(catalog), model, inputSchema, filePath);

    /// <summary>Loads a file written by <see cref="SaveWithGan"/>: the model and the schema of its input.</summary>
    public static ITransformer LoadWithGan(this ModelOperationsCatalog catalog, string filePath, out DataViewSchema inputSchema) =>
        GanModelFile.Load(ContextOf(catalog), filePath, out inputSchema);

    // The catalog's environment is internal to ML.NET; a fresh context reads and writes the ML.NET parts just as well.
    private static MLContext ContextOf(ModelOperationsCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new MLContext();
    }
}
