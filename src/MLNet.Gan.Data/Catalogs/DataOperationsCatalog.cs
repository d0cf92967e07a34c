// ctx.Data: loading (enumerables, text files), shuffling, splitting, taking, filtering, caching, enumerating.
namespace MLNet.Gan.Data;

/// <summary>Operations on data views (ML.NET's DataOperationsCatalog).</summary>
public sealed class DataOperationsCatalog
{
    internal DataOperationsCatalog(GanContext context)
    {
        Context = context;
    }

    /// <summary>The context this catalog belongs to.</summary>
    public GanContext Context { get; }

    /// <summary>
    /// A lazy view over <paramref name="data"/>: one column per public field or property of <typeparamref name="TRow"/>
    /// (see <see cref="SchemaDefinition"/>). Each cursor enumerates <paramref name="data"/> again.
    /// </summary>
    public IDataView LoadFromEnumerable<TRow>(IEnumerable<TRow> data, SchemaDefinition? schemaDefinition = null)
        where TRow : class
    {
        ArgumentNullException.ThrowIfNull(data);
        return new EnumerableDataView<TRow>(data, schemaDefinition ?? SchemaDefinition.Create(typeof(TRow)));
    }

    /// <summary>
    /// The rows of <paramref name="data"/> as <typeparamref name="TRow"/> objects, members matched to columns by name.
    /// With <paramref name="reuseRowObject"/> one object is refilled for every row.
    /// </summary>
    public IEnumerable<TRow> CreateEnumerable<TRow>(IDataView data, bool reuseRowObject = false, bool ignoreMissingColumns = false, SchemaDefinition? schemaDefinition = null)
        where TRow : class, new()
    {
        ArgumentNullException.ThrowIfNull(data);
        var definition = schemaDefinition ?? SchemaDefinition.Create(typeof(TRow));
        if (ignoreMissingColumns)
        {
            // Filter a copy: the caller's definition stays as given.
            var present = new SchemaDefinition();
            present.AddRange(definition.Where(c => data.Schema.GetColumnOrNull(c.ColumnName) is not null));
            definition = present;
        }

        return RowObjectReader<TRow>.Read(data, reuseRowObject, definition);
    }

    /// <summary>
    /// Loads a delimited text file, with ML.NET's parameters and defaults (tab-separated, no header, no quoting);
    /// errors name the file, line (1-based) and column.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="columns">The columns to read.</param>
    /// <param name="separatorChar">The field separator.</param>
    /// <param name="hasHeader">Whether the first line is a header (skipped).</param>
    /// <param name="allowQuoting">Whether fields may be double-quoted.</param>
    /// <param name="trimWhitespace">Remove whitespace at the end of each line.</param>
    public IDataView LoadFromTextFile(string path, TextLoader.Column[] columns, char separatorChar = '\t', bool hasHeader = false, bool allowQuoting = false, bool trimWhitespace = false) =>
        TextLoader.Load(path, columns, separatorChar, hasHeader, allowQuoting, trimWhitespace);

    /// <summary>Loads a delimited text file as described by <paramref name="options"/> (several separators, row limit, decimal comma, ...).</summary>
    public IDataView LoadFromTextFile(string path, TextLoader.Options options) => TextLoader.Load(path, options);

    /// <summary>
    /// The rows in a random order (ML.NET's parameters and defaults), the same on every cursor for the same
    /// <paramref name="seed"/> (default: drawn from the context). Lazy: nothing is read until a cursor is.
    /// </summary>
    /// <param name="input">The rows.</param>
    /// <param name="seed">The seed of the order; null draws one from the context.</param>
    /// <param name="shufflePoolSize">
    /// How many rows the pool holds: the first this many rows fill it, then each step emits one of them drawn at
    /// random and takes the next input row in its place. A pool at least as large as the input gives a uniform
    /// permutation; a smaller one moves rows only about that far and bounds the memory used. 1 turns the pool off.
    /// </param>
    /// <param name="shuffleSource">
    /// Read the input in random order first when it can (<see cref="IDataView.CanShuffle"/>: in-memory, cached and IDX
    /// views give a full permutation, so the default shuffles them completely whatever the pool size). No effect
    /// on inputs that cannot.
    /// </param>
    public IDataView ShuffleRows(IDataView input, int? seed = null, int shufflePoolSize = 1000, bool shuffleSource = true)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (shufflePoolSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(shufflePoolSize), shufflePoolSize, "ShuffleRows: the pool holds at least 1 row (1 turns pool shuffling off).");
        }

        var view = new ShuffledDataView(input, Context.NextSeed(seed), shufflePoolSize, shuffleSource);
        if (!view.Shuffles)
        {
            Context.WriteLog(
                "ShuffleRows",
                shuffleSource
                    ? "shufflePoolSize is 1 and the input cannot be read in random order: the rows keep their order"
                    : "shufflePoolSize is 1 and shuffleSource is false: the rows keep their order",
                LogSeverity.Warning);
        }

        return view;
    }

    /// <summary>
    /// Splits the rows at random into a train and a test set (ML.NET's parameters and defaults); both keep the input
    /// order and are lazy. The same <paramref name="seed"/> gives the same split.
    /// </summary>
    /// <param name="data">The rows.</param>
    /// <param name="testFraction">The share of rows for the test set, strictly between 0 and 1.</param>
    /// <param name="samplingKeyColumnName">
    /// A scalar column (text, number, key or boolean) whose equal values stay together: all rows of one value go to
    /// the same set. Values are drawn in random order and a value's rows join the test set when that brings its size
    /// closer to round(n × <paramref name="testFraction"/>), so the test set's size is near that target rather than
    /// equal to it. Null: rows are drawn one by one and the test set holds exactly round(n × <paramref name="testFraction"/>) rows.
    /// </param>
    /// <param name="seed">The seed of the split; null draws one from the context.</param>
    public TrainTestData TrainTestSplit(IDataView data, double testFraction = 0.1, string? samplingKeyColumnName = null, int? seed = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (!(testFraction > 0 && testFraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(testFraction), testFraction, "The test fraction must be strictly between 0 and 1.");
        }

        var (groupOfRow, groupSizes) = samplingKeyColumnName is null ? RowsAsGroups(data) : GroupsByValue(data, samplingKeyColumnName);
        var target = Math.Round(groupOfRow.Length * testFraction, MidpointRounding.AwayFromZero);
        var order = Enumerable.Range(0, groupSizes.Count).ToArray();
        new Random(Context.NextSeed(seed)).Shuffle(order);
        var groupInTest = new bool[groupSizes.Count];
        var testCount = 0L;
        foreach (var g in order)
        {
            if (Math.Abs(testCount + groupSizes[g] - target) < Math.Abs(testCount - target))
            {
                groupInTest[g] = true;
                testCount += groupSizes[g];
            }
        }

        var inTest = groupOfRow.Select(g => groupInTest[g]).ToArray();
        var inTrain = inTest.Select(t => !t).ToArray();
        return new TrainTestData(new RowMaskDataView(data, inTrain), new RowMaskDataView(data, inTest));
    }

    /// <summary>The first <paramref name="count"/> rows.</summary>
    public IDataView TakeRows(IDataView input, long count)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new RowRangeDataView(input, 0, count);
    }

    /// <summary>All rows but the first <paramref name="count"/>.</summary>
    public IDataView SkipRows(IDataView input, long count)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new RowRangeDataView(input, count, long.MaxValue);
    }

    /// <summary>The rows whose numeric (or key) column value v satisfies <paramref name="lowerBound"/> &lt;= v &lt; <paramref name="upperBound"/>.</summary>
    public IDataView FilterRowsByColumn(IDataView input, string columnName, double lowerBound = double.NegativeInfinity, double upperBound = double.PositiveInfinity)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new ColumnRangeFilterDataView(input, columnName, lowerBound, upperBound);
    }

    /// <summary>The same rows, read into memory once (on the first cursor) and served from there afterwards.</summary>
    public IDataView Cache(IDataView input, params string[] columnsToPrefetch)
    {
        ArgumentNullException.ThrowIfNull(input);
        foreach (var name in columnsToPrefetch ?? [])
        {
            input.Schema.GetRequiredColumn(name, "Cache");
        }

        return input is InMemoryDataView or CachedDataView ? input : new CachedDataView(input);
    }

    /// <summary>
    /// The rows of every view in turn (e.g. real rows followed by generated ones). Each view must have the first
    /// view's visible columns with the same types; errors name the view and the column.
    /// </summary>
    public IDataView AppendRows(params IDataView[] sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        return new AppendedRowsDataView(sources);
    }

    /// <summary>Every row its own group.</summary>
    private static (int[] GroupOfRow, List<int> GroupSizes) RowsAsGroups(IDataView data)
    {
        var count = checked((int)data.CountRows());
        return (Enumerable.Range(0, count).ToArray(), Enumerable.Repeat(1, count).ToList());
    }

    /// <summary>One group per distinct value of <paramref name="columnName"/>, numbered in order of first appearance.</summary>
    private static (int[] GroupOfRow, List<int> GroupSizes) GroupsByValue(IDataView data, string columnName)
    {
        var column = data.Schema.GetRequiredColumn(columnName, "TrainTestSplit");
        DataViewExtensions.CheckColumnType(
            column,
            column.Type is TextDataViewType or NumberDataViewType or KeyDataViewType or BooleanDataViewType,
            "a scalar String, number, key or Boolean (the sampling key)",
            "TrainTestSplit");
        var groups = new Dictionary<object, int>();
        var groupOfRow = new List<int>();
        var sizes = new List<int>();
        var noValue = new object();
        using (var cursor = data.GetRowCursor(column))
        {
            var read = InMemoryDataView.MakeReader(cursor, column);
            while (cursor.MoveNext())
            {
                var value = read() ?? noValue;
                if (!groups.TryGetValue(value, out var g))
                {
                    g = groups[value] = sizes.Count;
                    sizes.Add(0);
                }

                sizes[g]++;
                groupOfRow.Add(g);
            }
        }

        return (groupOfRow.ToArray(), sizes);
    }

    /// <summary>The two parts of a split.</summary>
    public sealed class TrainTestData
    {
        internal TrainTestData(IDataView trainSet, IDataView testSet)
        {
            TrainSet = trainSet;
            TestSet = testSet;
        }

        /// <summary>The training rows.</summary>
        public IDataView TrainSet { get; }

        /// <summary>The test rows.</summary>
        public IDataView TestSet { get; }
    }
}
