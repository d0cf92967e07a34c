// ctx.Transforms: column transforms (copy, drop, select, concatenate, normalise) and ctx.Transforms.Conversion.
namespace MLNet.Gan.Data;

/// <summary>
/// Column transforms (ML.NET's TransformsCatalog). Other projects add theirs as extension methods
/// (e.g. image transforms: <c>ctx.Transforms.LoadImages(...)</c>).
/// </summary>
public sealed class TransformsCatalog
{
    internal TransformsCatalog(GanContext context)
    {
        Context = context;
        Conversion = new ConversionTransforms(context);
    }

    /// <summary>The context this catalog belongs to.</summary>
    public GanContext Context { get; }

    /// <summary>Type conversions: values to keys and back.</summary>
    public ConversionTransforms Conversion { get; }

    /// <summary>Copies column <paramref name="inputColumnName"/> to <paramref name="outputColumnName"/>.</summary>
    public ColumnCopyingEstimator CopyColumns(string outputColumnName, string inputColumnName) =>
        new(Context, (outputColumnName, inputColumnName));

    /// <summary>Copies each input column of <paramref name="columns"/> to its output column.</summary>
    public ColumnCopyingEstimator CopyColumns(params InputOutputColumnPair[] columns) =>
        new(Context, Pairs(columns));

    /// <summary>Removes the named columns.</summary>
    public ColumnSelectingEstimator DropColumns(params string[] columnNames) =>
        new(Context, columnsToKeep: null, columnsToDrop: columnNames, keepHidden: false);

    /// <summary>Keeps only the named columns, in the given order.</summary>
    public ColumnSelectingEstimator SelectColumns(params string[] columnNames) =>
        new(Context, columnsToKeep: columnNames, columnsToDrop: null, keepHidden: false);

    /// <summary>Keeps only the named columns; with <paramref name="keepHidden"/> their hidden namesakes too.</summary>
    public ColumnSelectingEstimator SelectColumns(string[] columnNames, bool keepHidden) =>
        new(Context, columnsToKeep: columnNames, columnsToDrop: null, keepHidden: keepHidden);

    /// <summary>Concatenates numeric scalars and vectors of one item type into the vector <paramref name="outputColumnName"/>.</summary>
    public ColumnConcatenatingEstimator Concatenate(string outputColumnName, params string[] inputColumnNames) =>
        new(Context, outputColumnName, inputColumnNames);

    /// <summary>
    /// Scales a Single column (scalar or vector, slot by slot) by its minimum and maximum seen in training:
    /// to [0, 1] or, with <paramref name="fixZero"/>, by the largest magnitude to [-1, 1] keeping 0 at 0.
    /// </summary>
    public NormalizingEstimator NormalizeMinMax(string outputColumnName, string? inputColumnName = null, long maximumExampleCount = NormalizingEstimator.Defaults.MaximumExampleCount, bool fixZero = NormalizingEstimator.Defaults.EnsureZeroUntouched) =>
        NormalizeMinMax(new NormalizingEstimator.MinMaxColumnOptions
        {
            OutputColumnName = outputColumnName,
            InputColumnName = inputColumnName,
            MaximumExampleCount = maximumExampleCount,
            EnsureZeroUntouched = fixZero,
        });

    /// <summary>Min-max normalisation as described by <paramref name="options"/>.</summary>
    public NormalizingEstimator NormalizeMinMax(NormalizingEstimator.MinMaxColumnOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new(Context, options.OutputColumnName, options.InputColumnName ?? options.OutputColumnName, options.MaximumExampleCount, options.EnsureZeroUntouched);
    }

    internal static (string, string)[] Pairs(InputOutputColumnPair[] columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        return columns.Select(c => (c.OutputColumnName, c.InputColumnName)).ToArray();
    }

    /// <summary>Conversions between value types (ML.NET's TransformsCatalog.ConversionTransforms).</summary>
    public sealed class ConversionTransforms
    {
        internal ConversionTransforms(GanContext context)
        {
            Context = context;
        }

        /// <summary>The context this catalog belongs to.</summary>
        public GanContext Context { get; }

        /// <summary>
        /// Maps the values of a text, number or boolean column to keys 1..N learned from the data (first-seen or sorted
        /// order), or from <paramref name="keyData"/>; the output's KeyValues annotation holds the values (class names).
        /// Unseen values map to 0 (missing).
        /// </summary>
        /// <param name="outputColumnName">The key column to create.</param>
        /// <param name="inputColumnName">The column whose values get keys; null means <paramref name="outputColumnName"/>.</param>
        /// <param name="maximumNumberOfKeys">At most this many distinct values get keys.</param>
        /// <param name="keyOrdinality">The order keys are given in.</param>
        /// <param name="keyData">A view of one column whose values are the keys (instead of those seen in the data); null learns them from the data.</param>
        public ValueToKeyMappingEstimator MapValueToKey(
            string outputColumnName,
            string? inputColumnName = null,
            int maximumNumberOfKeys = ValueToKeyMappingEstimator.Defaults.MaximumNumberOfKeys,
            ValueToKeyMappingEstimator.KeyOrdinality keyOrdinality = ValueToKeyMappingEstimator.Defaults.Ordinality,
            IDataView? keyData = null) =>
            MapValueToKey([new ValueToKeyMappingEstimator.ColumnOptions(outputColumnName, inputColumnName, maximumNumberOfKeys, keyOrdinality)], keyData);

        /// <summary>Maps several columns to keys, each learning its own values.</summary>
        public ValueToKeyMappingEstimator MapValueToKey(
            InputOutputColumnPair[] columns,
            int maximumNumberOfKeys = ValueToKeyMappingEstimator.Defaults.MaximumNumberOfKeys,
            ValueToKeyMappingEstimator.KeyOrdinality keyOrdinality = ValueToKeyMappingEstimator.Defaults.Ordinality,
            IDataView? keyData = null) =>
            MapValueToKey(Pairs(columns).Select(p => new ValueToKeyMappingEstimator.ColumnOptions(p.Item1, p.Item2, maximumNumberOfKeys, keyOrdinality)).ToArray(), keyData);

        /// <summary>Maps columns to keys, each as its <see cref="ValueToKeyMappingEstimator.ColumnOptions"/> says (its own key limit and order).</summary>
        /// <param name="columns">One entry per key column.</param>
        /// <param name="keyData">A view of one column whose values are the keys of every column; null learns them from the data.</param>
        public ValueToKeyMappingEstimator MapValueToKey(ValueToKeyMappingEstimator.ColumnOptions[] columns, IDataView? keyData = null) =>
            new(Context, columns, keyData);

        /// <summary>Maps a key column back to its values (its KeyValues annotation); key 0 (missing) gives the default value.</summary>
        public KeyToValueMappingEstimator MapKeyToValue(string outputColumnName, string? inputColumnName = null) =>
            new(Context, (outputColumnName, inputColumnName ?? outputColumnName));

        /// <summary>Maps several key columns back to their values.</summary>
        public KeyToValueMappingEstimator MapKeyToValue(params InputOutputColumnPair[] columns) =>
            new(Context, Pairs(columns));
    }
}

/// <summary>An (output column, input column) name pair.</summary>
public sealed class InputOutputColumnPair
{
    /// <summary>A pair; the input defaults to the output's name.</summary>
    public InputOutputColumnPair(string outputColumnName, string? inputColumnName = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(outputColumnName);
        OutputColumnName = outputColumnName;
        InputColumnName = inputColumnName ?? outputColumnName;
    }

    /// <summary>The output column's name.</summary>
    public string OutputColumnName { get; }

    /// <summary>The input column's name.</summary>
    public string InputColumnName { get; }
}
