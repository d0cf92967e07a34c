// MapKeyToValue: turns key values back into the values named by the key column's KeyValues annotation.
namespace MLNet.Gan.Data;

/// <summary>
/// Maps keys back to values (ML.NET's KeyToValueMappingEstimator).
/// <remarks>
/// Input: a Key column with a KeyValues annotation. Output: the annotation's item type (e.g. String); key 0
/// (missing) gives NaN for floats, "" for text, the default otherwise. Fitting reads no data.
/// </remarks>
/// </summary>
public sealed class KeyToValueMappingEstimator : TrivialEstimator<KeyToValueMappingTransformer>
{
    internal KeyToValueMappingEstimator(GanContext context, params (string outputColumnName, string inputColumnName)[] columns)
        : base(new KeyToValueMappingTransformer(columns))
    {
        _ = context;
    }
}

/// <summary>The transformer of <see cref="KeyToValueMappingEstimator"/>.</summary>
public sealed class KeyToValueMappingTransformer : OneToOneTransformerBase
{
    /// <summary>The model-file kind.</summary>
    public const string ModelKind = "MapKeyToValue";

    /// <summary>Maps each input key column to its values.</summary>
    public KeyToValueMappingTransformer(params (string outputColumnName, string inputColumnName)[] columns)
        : base(columns)
    {
    }

    /// <inheritdoc/>
    protected override string DisplayName => "MapKeyToValue";

    /// <inheritdoc/>
    protected override DataViewType GetOutputType(int pairIndex, DataViewSchema.Column inputColumn)
    {
        var valuesType = inputColumn.Annotations.GetAnnotationType(AnnotationUtils.Kinds.KeyValues) as VectorDataViewType;
        DataViewExtensions.CheckColumnType(
            inputColumn, inputColumn.Type is KeyDataViewType && valuesType is not null, "a Key with a KeyValues annotation", "MapKeyToValue");
        return valuesType!.ItemType;
    }

    /// <inheritdoc/>
    protected override Delegate MakeGetter(DataViewRow input, int pairIndex, DataViewSchema.Column inputColumn, out Action? disposer)
    {
        disposer = null;
        var itemType = ((VectorDataViewType)inputColumn.Annotations.GetAnnotationType(AnnotationUtils.Kinds.KeyValues)!).ItemType;
        return (Delegate)MemberAccess.InvokeGeneric(typeof(KeyToValueMappingTransformer), nameof(MakeTypedGetter), [itemType.RawType], input, inputColumn)!;
    }

    /// <inheritdoc/>
    protected override void SaveModel(ModelSaveContext ctx)
    {
        ctx.Kind = ModelKind;
        ctx.SetOptions(ColumnPairsJson.From(ColumnPairs));
    }

    [ModelLoader(ModelKind)]
    internal static ITransformer Create(ModelLoadContext ctx) =>
        new KeyToValueMappingTransformer(ctx.GetOptions<ColumnPairsJson>().ToPairs());

    private static ValueGetter<T> MakeTypedGetter<T>(DataViewRow input, DataViewSchema.Column column)
    {
        VBuffer<T> names = default;
        column.Annotations.GetValue(AnnotationUtils.Kinds.KeyValues, ref names);
        var values = names.ToArray();
        var missing = typeof(T) == typeof(float) ? (T)(object)float.NaN
            : typeof(T) == typeof(double) ? (T)(object)double.NaN
            : typeof(T) == typeof(string) ? (T)(object)string.Empty
            : default!;
        var keyGetter = input.GetGetter<uint>(column);
        return (ref T value) =>
        {
            uint key = 0;
            keyGetter(ref key);
            value = key == 0 || key > values.Length ? missing : values[key - 1];
        };
    }
}
