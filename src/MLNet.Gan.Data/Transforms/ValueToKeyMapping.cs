// MapValueToKey: learns the distinct values of a column and maps each to a key 1..N, keeping the values as class names.
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MLNet.Gan.Data;

/// <summary>
/// Maps values to keys (ML.NET's ValueToKeyMappingEstimator).
/// <remarks>
/// Input: a scalar text, number or boolean column. Output: Key&lt;N&gt; with a KeyValues annotation holding the N
/// values (of the input type). Fitting reads the column once, or, with key data, the key data's one column
/// (whose values are then the keys, e.g. a fixed list of class names). Model file: the values of each column.
/// </remarks>
/// </summary>
public sealed class ValueToKeyMappingEstimator : IEstimator<ValueToKeyMappingTransformer>
{
    private readonly ColumnOptions[] _columns;
    private readonly IDataView? _keyData;

    internal ValueToKeyMappingEstimator(GanContext context, ColumnOptions[] columns, IDataView? keyData)
    {
        _ = context;
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Length == 0 || columns.Any(c => c is null))
        {
            throw new ArgumentException("MapValueToKey needs at least one column and no null column options.", nameof(columns));
        }

        if (keyData is not null && keyData.Schema.Count(c => !c.IsHidden) != 1)
        {
            throw new ArgumentException(
                $"MapValueToKey: keyData must have exactly one column (the values to give keys to), found {string.Join(", ", keyData.Schema.Where(c => !c.IsHidden).Select(c => $"'{c.Name}'"))}.",
                nameof(keyData));
        }

        _columns = columns;
        _keyData = keyData;
    }

    /// <summary>The order in which keys are given to values.</summary>
    public enum KeyOrdinality
    {
        /// <summary>In the order the values first appear.</summary>
        ByOccurrence,

        /// <summary>In the values' sorted order (ordinal for text).</summary>
        ByValue,
    }

    /// <inheritdoc/>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        var b = new DataViewSchema.Builder();
        b.AddColumns(inputSchema);
        foreach (var c in _columns)
        {
            var column = CheckInput(inputSchema, c.InputColumnName);
            var annotations = new DataViewSchema.Annotations.Builder();
            var itemType = (PrimitiveDataViewType)column.Type;
            annotations.Add(AnnotationUtils.Kinds.KeyValues, new VectorDataViewType(itemType), EmptyVector(itemType));
            b.AddColumn(c.OutputColumnName, KeyDataViewType.CountUnknown, annotations.ToAnnotations());
        }

        return b.ToSchema();
    }

    /// <summary>Reads the input columns (or the key data's column) once and learns their values.</summary>
    public ValueToKeyMappingTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var inputs = _columns.Select(c => CheckInput(input.Schema, c.InputColumnName)).ToArray();
        var maps = _keyData is null ? Learn(input, inputs, inputs) : LearnFromKeyData(inputs);
        return new ValueToKeyMappingTransformer(_columns.Select(c => (c.OutputColumnName, c.InputColumnName)).ToArray(), maps);
    }

    // Each input column gets the values of the key data's one column, which must be of the same type.
    private KeyValueMap[] LearnFromKeyData(DataViewSchema.Column[] inputs)
    {
        var keyColumn = _keyData!.Schema.Single(c => !c.IsHidden);
        foreach (var input in inputs)
        {
            if (!keyColumn.Type.Equals(input.Type))
            {
                throw new ArgumentOutOfRangeException(
                    nameof(inputs),
                    $"MapValueToKey: keyData column '{keyColumn.Name}' has type {keyColumn.Type}; expected {input.Type}, the type of input column '{input.Name}'.");
            }
        }

        return Learn(_keyData, inputs.Select(_ => keyColumn).ToArray(), inputs);
    }

    private KeyValueMap[] Learn(IDataView data, DataViewSchema.Column[] sources, DataViewSchema.Column[] inputs)
    {
        var maps = new KeyValueMap[sources.Length];
        using var cursor = data.GetRowCursor(sources.DistinctBy(c => c.Index).ToArray());
        var collectors = sources.Select((c, i) => KeyValueMap.NewCollector(cursor, c, _columns[i].MaximumNumberOfKeys)).ToArray();
        while (cursor.MoveNext())
        {
            foreach (var collect in collectors)
            {
                collect.Add();
            }
        }

        for (var i = 0; i < maps.Length; i++)
        {
            maps[i] = collectors[i].ToMap(_columns[i].KeyOrdinality == KeyOrdinality.ByValue);
            if (maps[i].Count == 0)
            {
                var from = _keyData is null ? $"input column '{inputs[i].Name}'" : $"keyData column '{sources[i].Name}' (for input column '{inputs[i].Name}')";
                throw new InvalidOperationException($"MapValueToKey: {from} has no values to learn keys from.");
            }
        }

        return maps;
    }

    internal static DataViewSchema.Column CheckInput(DataViewSchema schema, string name)
    {
        var column = schema.GetRequiredColumn(name, "MapValueToKey");
        DataViewExtensions.CheckColumnType(
            column,
            column.Type is TextDataViewType or NumberDataViewType or BooleanDataViewType,
            "a scalar String, number or Boolean",
            "MapValueToKey");
        return column;
    }

    private static object EmptyVector(PrimitiveDataViewType itemType) =>
        Activator.CreateInstance(typeof(VBuffer<>).MakeGenericType(itemType.RawType), Array.CreateInstance(itemType.RawType, 0))!;

    /// <summary>Default values of the options.</summary>
    public static class Defaults
    {
        /// <summary>At most this many distinct values get keys; later new values map to 0.</summary>
        public const int MaximumNumberOfKeys = 1_000_000;

        /// <summary>Keys in order of first occurrence.</summary>
        public const KeyOrdinality Ordinality = KeyOrdinality.ByOccurrence;
    }

    /// <summary>How one column is mapped to keys (ML.NET's ValueToKeyMappingEstimator.ColumnOptions).</summary>
    public sealed class ColumnOptions
    {
        /// <summary>Describes one column.</summary>
        /// <param name="outputColumnName">The key column to create.</param>
        /// <param name="inputColumnName">The column whose values get keys; null means <paramref name="outputColumnName"/>.</param>
        /// <param name="maximumNumberOfKeys">At most this many distinct values get keys; later new values map to 0.</param>
        /// <param name="keyOrdinality">The order keys are given in.</param>
        public ColumnOptions(
            string outputColumnName,
            string? inputColumnName = null,
            int maximumNumberOfKeys = Defaults.MaximumNumberOfKeys,
            KeyOrdinality keyOrdinality = Defaults.Ordinality)
        {
            ArgumentException.ThrowIfNullOrEmpty(outputColumnName);
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maximumNumberOfKeys);
            if (!Enum.IsDefined(keyOrdinality))
            {
                throw new ArgumentOutOfRangeException(nameof(keyOrdinality), keyOrdinality, "unknown key ordinality");
            }

            OutputColumnName = outputColumnName;
            InputColumnName = string.IsNullOrEmpty(inputColumnName) ? outputColumnName : inputColumnName;
            MaximumNumberOfKeys = maximumNumberOfKeys;
            KeyOrdinality = keyOrdinality;
        }

        /// <summary>The key column to create.</summary>
        public string OutputColumnName { get; }

        /// <summary>The column whose values get keys.</summary>
        public string InputColumnName { get; }

        /// <summary>At most this many distinct values get keys. Default: <see cref="Defaults.MaximumNumberOfKeys"/>.</summary>
        public int MaximumNumberOfKeys { get; }

        /// <summary>The order keys are given in. Default: <see cref="Defaults.Ordinality"/>.</summary>
        public KeyOrdinality KeyOrdinality { get; }
    }
}

/// <summary>The transformer of <see cref="ValueToKeyMappingEstimator"/>: maps learned values to keys, unseen ones to 0.</summary>
public sealed class ValueToKeyMappingTransformer : OneToOneTransformerBase
{
    /// <summary>The model-file kind.</summary>
    public const string ModelKind = "MapValueToKey";

    private readonly KeyValueMap[] _maps;

    internal ValueToKeyMappingTransformer((string, string)[] columns, KeyValueMap[] maps)
        : base(columns)
    {
        _maps = maps;
    }

    /// <inheritdoc/>
    protected override string DisplayName => "MapValueToKey";

    /// <inheritdoc/>
    protected override DataViewType GetOutputType(int pairIndex, DataViewSchema.Column inputColumn)
    {
        ValueToKeyMappingEstimator.CheckInput(InputSchemaOf(inputColumn), inputColumn.Name);
        DataViewExtensions.CheckColumnType(inputColumn, inputColumn.Type.Equals(_maps[pairIndex].ItemType), $"{_maps[pairIndex].ItemType} (the type it was fitted on)", "MapValueToKey");
        return new KeyDataViewType((ulong)_maps[pairIndex].Count);
    }

    /// <inheritdoc/>
    protected override DataViewSchema.Annotations? GetOutputAnnotations(int pairIndex, DataViewSchema.Column inputColumn) =>
        _maps[pairIndex].KeyValuesAnnotation();

    /// <inheritdoc/>
    protected override Delegate MakeGetter(DataViewRow input, int pairIndex, DataViewSchema.Column inputColumn, out Action? disposer)
    {
        disposer = null;
        return _maps[pairIndex].MakeKeyGetter(input, inputColumn);
    }

    /// <inheritdoc/>
    protected override void SaveModel(ModelSaveContext ctx)
    {
        ctx.Kind = ModelKind;
        var columns = new JsonArray();
        for (var i = 0; i < _maps.Length; i++)
        {
            columns.Add(new JsonObject
            {
                ["output"] = ColumnPairs[i].outputColumnName,
                ["input"] = ColumnPairs[i].inputColumnName,
                ["itemType"] = SchemaJson.WriteType(_maps[i].ItemType),
                ["values"] = _maps[i].ValuesToJson(),
            });
        }

        ctx.Options = new JsonObject { ["columns"] = columns };
    }

    [ModelLoader(ModelKind)]
    internal static ITransformer Create(ModelLoadContext ctx)
    {
        var columns = ctx.Options?["columns"] as JsonArray ?? throw ctx.Error("manifest.json", "MapValueToKey options have no columns");
        var pairs = new List<(string, string)>();
        var maps = new List<KeyValueMap>();
        foreach (var c in columns)
        {
            var output = c?["output"]?.GetValue<string>() ?? throw ctx.Error("manifest.json", "MapValueToKey column without output name");
            var itemType = (PrimitiveDataViewType)SchemaJson.ReadType(c["itemType"], output);
            pairs.Add((output, c["input"]!.GetValue<string>()));
            maps.Add(KeyValueMap.FromJson(itemType, c["values"] as JsonArray ?? throw ctx.Error("manifest.json", $"MapValueToKey column '{output}' has no values")));
        }

        return new ValueToKeyMappingTransformer([.. pairs], [.. maps]);
    }

    private static DataViewSchema InputSchemaOf(DataViewSchema.Column column)
    {
        var b = new DataViewSchema.Builder();
        b.AddColumn(column.Name, column.Type, column.Annotations);
        return b.ToSchema();
    }
}

/// <summary>The learned values of one column, in key order (value i has key i + 1).</summary>
internal abstract class KeyValueMap
{
    public abstract PrimitiveDataViewType ItemType { get; }

    public abstract int Count { get; }

    public abstract DataViewSchema.Annotations KeyValuesAnnotation();

    public abstract Delegate MakeKeyGetter(DataViewRow input, DataViewSchema.Column column);

    public abstract JsonArray ValuesToJson();

    public static ICollector NewCollector(DataViewRow row, DataViewSchema.Column column, int max) =>
        (ICollector)MemberAccess.InvokeGeneric(typeof(KeyValueMap), nameof(MakeCollector), [column.Type.RawType], row, column, max)!;

    public static KeyValueMap FromJson(PrimitiveDataViewType itemType, JsonArray values) =>
        (KeyValueMap)MemberAccess.InvokeGeneric(typeof(KeyValueMap), nameof(MakeFromJson), [itemType.RawType], itemType, values)!;

    private static ICollector MakeCollector<T>(DataViewRow row, DataViewSchema.Column column, int max)
        where T : notnull => new Collector<T>(row.GetGetter<T>(column), (PrimitiveDataViewType)column.Type, max);

    private static KeyValueMap MakeFromJson<T>(PrimitiveDataViewType itemType, JsonArray values)
        where T : notnull => new Typed<T>(itemType, values.Select(v => v.Deserialize<T>(ModelFileJson.Options)!).ToArray());

    internal interface ICollector
    {
        void Add();

        KeyValueMap ToMap(bool sortByValue);
    }

    private sealed class Collector<T>(ValueGetter<T> getter, PrimitiveDataViewType itemType, int max) : ICollector
        where T : notnull
    {
        private readonly List<T> _values = [];
        private readonly HashSet<T> _seen = [];

        public void Add()
        {
            T v = default!;
            getter(ref v);
            if (_values.Count < max && !IsMissing(v) && _seen.Add(v))
            {
                _values.Add(v);
            }
        }

        public KeyValueMap ToMap(bool sortByValue)
        {
            var values = _values.ToArray();
            if (sortByValue)
            {
                Array.Sort(values, typeof(T) == typeof(string) ? (IComparer<T>)(object)StringComparer.Ordinal : Comparer<T>.Default);
            }

            return new Typed<T>(itemType, values);
        }

        private static bool IsMissing(T v) => v is float f ? float.IsNaN(f) : v is double d && double.IsNaN(d);
    }

    private sealed class Typed<T> : KeyValueMap
        where T : notnull
    {
        private readonly T[] _values;
        private readonly Dictionary<T, uint> _keys = [];

        public Typed(PrimitiveDataViewType itemType, T[] values)
        {
            ItemType = itemType;
            _values = values;
            for (var i = 0; i < values.Length; i++)
            {
                _keys[values[i]] = (uint)(i + 1);
            }
        }

        public override PrimitiveDataViewType ItemType { get; }

        public override int Count => _values.Length;

        public override DataViewSchema.Annotations KeyValuesAnnotation()
        {
            var b = new DataViewSchema.Annotations.Builder();
            b.Add(AnnotationUtils.Kinds.KeyValues, new VectorDataViewType(ItemType, _values.Length), new VBuffer<T>((T[])_values.Clone()));
            return b.ToAnnotations();
        }

        public override Delegate MakeKeyGetter(DataViewRow input, DataViewSchema.Column column)
        {
            var getter = input.GetGetter<T>(column);
            return (ValueGetter<uint>)((ref uint key) =>
            {
                T v = default!;
                getter(ref v);
                key = v is not null && _keys.TryGetValue(v, out var k) ? k : 0;
            });
        }

        public override JsonArray ValuesToJson() => new(_values.Select(v => JsonSerializer.SerializeToNode(v, ModelFileJson.Options)).ToArray());
    }
}
