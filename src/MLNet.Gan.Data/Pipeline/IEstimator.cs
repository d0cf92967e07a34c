// The pipeline contracts (ML.NET's): estimators learn from data and return transformers that map data views.
namespace MLNet.Gan.Data;

/// <summary>
/// A learned (or fixed) mapping from one data view to another. Transform is lazy: it returns a view
/// whose values are computed when a cursor reads them.
/// </summary>
public interface ITransformer
{
    /// <summary>Maps <paramref name="input"/> lazily; throws when its schema does not fit.</summary>
    IDataView Transform(IDataView input);

    /// <summary>The schema <see cref="Transform"/> would produce for <paramref name="inputSchema"/>, without data.</summary>
    DataViewSchema GetOutputSchema(DataViewSchema inputSchema);
}

/// <summary>Learns a transformer from data.</summary>
/// <typeparam name="TTransformer">The transformer type it produces.</typeparam>
public interface IEstimator<out TTransformer>
    where TTransformer : ITransformer
{
    /// <summary>Trains on <paramref name="input"/> and returns the fitted transformer; validates the schema first.</summary>
    TTransformer Fit(IDataView input);

    /// <summary>
    /// The schema the fitted transformer would produce for <paramref name="inputSchema"/>, without data;
    /// throws naming the column, the type found and the type expected when the input does not fit.
    /// </summary>
    DataViewSchema GetOutputSchema(DataViewSchema inputSchema);
}

/// <summary>A component that writes itself into a model file (see <see cref="ModelOperationsCatalog.Save(ITransformer, DataViewSchema?, string)"/>).</summary>
public interface ICanSaveModel
{
    /// <summary>
    /// Writes this component: set <see cref="ModelSaveContext.Kind"/> (the key its loader is registered
    /// under), its options, tensors and entries. The tensors must stay alive until saving finishes.
    /// </summary>
    void Save(ModelSaveContext ctx);
}

/// <summary>
/// Base of estimators that need no data to fit (e.g. column copying, image resizing): Fit validates
/// the input schema and returns the fixed transformer.
/// </summary>
/// <typeparam name="TTransformer">The transformer type.</typeparam>
public abstract class TrivialEstimator<TTransformer> : IEstimator<TTransformer>
    where TTransformer : class, ITransformer
{
    /// <summary>Wraps the transformer the estimator always returns.</summary>
    protected TrivialEstimator(TTransformer transformer)
    {
        Transformer = transformer ?? throw new ArgumentNullException(nameof(transformer));
    }

    /// <summary>The transformer returned by <see cref="Fit"/>.</summary>
    protected TTransformer Transformer { get; }

    /// <summary>Checks the schema and returns the transformer; the data rows are not read.</summary>
    public TTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        GetOutputSchema(input.Schema);
        return Transformer;
    }

    /// <inheritdoc/>
    public virtual DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        return Transformer.GetOutputSchema(inputSchema);
    }
}
