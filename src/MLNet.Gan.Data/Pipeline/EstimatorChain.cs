// Chains of estimators and transformers, built with Append, fitted and applied in order.
using System.Collections;
using System.Collections.Immutable;

namespace MLNet.Gan.Data;

/// <summary>Estimators applied in order; fitting fits each on the output of the ones before.</summary>
/// <typeparam name="TLastTransformer">The transformer type of the last estimator.</typeparam>
public sealed class EstimatorChain<TLastTransformer> : IEstimator<TransformerChain<TLastTransformer>>, IEstimatorChain
    where TLastTransformer : class, ITransformer
{
    private readonly ImmutableArray<IEstimator<ITransformer>> _estimators;

    /// <summary>An empty chain.</summary>
    public EstimatorChain()
        : this(ImmutableArray<IEstimator<ITransformer>>.Empty)
    {
    }

    private EstimatorChain(ImmutableArray<IEstimator<ITransformer>> estimators)
    {
        _estimators = estimators;
    }

    /// <summary>The estimators, in order.</summary>
    public IReadOnlyList<IEstimator<ITransformer>> Estimators => _estimators;

    /// <summary>The last estimator, or null for an empty chain.</summary>
    public IEstimator<TLastTransformer>? LastEstimator =>
        _estimators.Length == 0 ? null : (IEstimator<TLastTransformer>)_estimators[^1];

    /// <summary>A new chain with <paramref name="estimator"/> appended (a chain's estimators are appended one by one).</summary>
    public EstimatorChain<TNewTrans> Append<TNewTrans>(IEstimator<TNewTrans> estimator)
        where TNewTrans : class, ITransformer
    {
        ArgumentNullException.ThrowIfNull(estimator);
        return new EstimatorChain<TNewTrans>(_estimators.Add(estimator));
    }

    /// <summary>Fits each estimator on the previous ones' output; disposes what it fitted when one fails.</summary>
    public TransformerChain<TLastTransformer> Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        GetOutputSchema(input.Schema);
        var fitted = new List<ITransformer>(_estimators.Length);
        var current = input;
        try
        {
            foreach (var estimator in _estimators)
            {
                var transformer = estimator.Fit(current);
                fitted.Add(transformer);
                current = transformer.Transform(current);
            }
        }
        catch
        {
            foreach (var t in fitted)
            {
                (t as IDisposable)?.Dispose();
            }

            throw;
        }

        return TransformerChain<TLastTransformer>.FromList(fitted);
    }

    /// <summary>The output schema of the whole chain, estimator by estimator.</summary>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        var schema = inputSchema;
        foreach (var estimator in _estimators)
        {
            schema = estimator.GetOutputSchema(schema);
        }

        return schema;
    }
}

/// <summary>Transformers applied in order; saved as one model with a child per transformer.</summary>
/// <typeparam name="TLastTransformer">The type of the last transformer.</typeparam>
public sealed class TransformerChain<TLastTransformer> : ITransformer, ICanSaveModel, IEnumerable<ITransformer>, IDisposable, ITransformerChain
    where TLastTransformer : class, ITransformer
{
    /// <summary>The kind under which chains are saved.</summary>
    public const string ModelKind = "TransformerChain";

    private readonly ImmutableArray<ITransformer> _transformers;

    /// <summary>A chain of the given transformers; the last must be a <typeparamref name="TLastTransformer"/>.</summary>
    public TransformerChain(params ITransformer[] transformers)
    {
        ArgumentNullException.ThrowIfNull(transformers);
        if (transformers.Length > 0 && transformers[^1] is not TLastTransformer)
        {
            throw new ArgumentException(
                $"The last transformer is a {transformers[^1].GetType().Name}, not a {typeof(TLastTransformer).Name}.", nameof(transformers));
        }

        _transformers = [.. transformers];
    }

    /// <summary>The transformers, in order.</summary>
    public IReadOnlyList<ITransformer> Transformers => _transformers;

    /// <summary>The last transformer (null for an empty chain).</summary>
    public TLastTransformer LastTransformer => _transformers.Length == 0 ? null! : (TLastTransformer)_transformers[^1];

    /// <summary>A new chain with <paramref name="transformer"/> appended.</summary>
    public TransformerChain<TNewLast> Append<TNewLast>(TNewLast transformer)
        where TNewLast : class, ITransformer
    {
        ArgumentNullException.ThrowIfNull(transformer);
        return new TransformerChain<TNewLast>([.. _transformers, transformer]);
    }

    /// <inheritdoc/>
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        GetOutputSchema(input.Schema);
        var current = input;
        foreach (var t in _transformers)
        {
            current = t.Transform(current);
        }

        return current;
    }

    /// <inheritdoc/>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        var schema = inputSchema;
        foreach (var t in _transformers)
        {
            schema = t.GetOutputSchema(schema);
        }

        return schema;
    }

    /// <summary>Saves each transformer as a child named by its position ("0", "1", ...).</summary>
    public void Save(ModelSaveContext ctx)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ctx.Kind = ModelKind;
        ctx.SetOptions(new ChainOptions { Count = _transformers.Length });
        for (var i = 0; i < _transformers.Length; i++)
        {
            ctx.SaveChild(i.ToString(System.Globalization.CultureInfo.InvariantCulture), _transformers[i]);
        }
    }

    /// <summary>Disposes every transformer that is disposable.</summary>
    public void Dispose()
    {
        foreach (var t in _transformers)
        {
            (t as IDisposable)?.Dispose();
        }
    }

    /// <inheritdoc/>
    public IEnumerator<ITransformer> GetEnumerator() => ((IEnumerable<ITransformer>)_transformers).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    internal static TransformerChain<TLastTransformer> FromList(List<ITransformer> transformers) => new([.. transformers]);

    internal sealed class ChainOptions
    {
        public int Count;
    }
}

/// <summary>Loads saved transformer chains.</summary>
internal static class TransformerChainLoader
{
    [ModelLoader(TransformerChain<ITransformer>.ModelKind)]
    public static ITransformer Create(ModelLoadContext ctx)
    {
        var count = ctx.GetOptions<TransformerChain<ITransformer>.ChainOptions>().Count;
        var children = new ITransformer[count];
        for (var i = 0; i < count; i++)
        {
            children[i] = ctx.LoadChild(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return new TransformerChain<ITransformer>(children);
    }
}

/// <summary>Append for estimators and transformers, as in ML.NET.</summary>
public static class LearningPipelineExtensions
{
    /// <summary>A chain of <paramref name="start"/> (its estimators, when it is a chain) then <paramref name="estimator"/>.</summary>
    public static EstimatorChain<TTrans> Append<TTrans>(this IEstimator<ITransformer> start, IEstimator<TTrans> estimator)
        where TTrans : class, ITransformer
    {
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(estimator);
        var chain = new EstimatorChain<ITransformer>();
        var items = start is IEstimatorChain existing ? existing.Estimators : [start];
        foreach (var e in items)
        {
            chain = chain.Append(e);
        }

        return chain.Append(estimator);
    }

    /// <summary>A chain of <paramref name="start"/> then <paramref name="transformer"/>.</summary>
    public static TransformerChain<TTrans> Append<TTrans>(this ITransformer start, TTrans transformer)
        where TTrans : class, ITransformer
    {
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(transformer);
        return start is ITransformerChain chain
            ? new TransformerChain<TTrans>([.. chain.Transformers, transformer])
            : new TransformerChain<TTrans>(start, transformer);
    }
}

/// <summary>Untyped view of an estimator chain, for flattening.</summary>
internal interface IEstimatorChain
{
    IReadOnlyList<IEstimator<ITransformer>> Estimators { get; }
}

/// <summary>Untyped view of a transformer chain, for flattening.</summary>
internal interface ITransformerChain
{
    IReadOnlyList<ITransformer> Transformers { get; }
}
