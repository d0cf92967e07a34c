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
    /// The rows in a random order, the same for the same <paramref name="seed"/> (default: drawn from the context).
    /// The input is read into memory once, on the first cursor.
    /// </summary>
    public IDataView ShuffleRows(IDataView input, int? seed = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new ShuffledDataView(input, Context.NextSeed(seed));
    }

    /// <summary>
    /// Splits the rows at random into a train and a test set holding round(n × <paramref name="testFraction"/>) rows;
    /// both keep the input order and are lazy. The same <paramref name="seed"/> gives the same split.
    /// </summary>
    public TrainTestData TrainTestSplit(IDataView data, double testFraction = 0.1, int? seed = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (!(testFraction > 0 && testFraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(testFraction), testFraction, "The test fraction must be strictly between 0 and 1.");
        }

        var count = checked((int)data.CountRows());
        var testCount = (int)Math.Round(count * testFraction, MidpointRounding.AwayFromZero);
        var order = Enumerable.Range(0, count).ToArray();
        new Random(Context.NextSeed(seed)).Shuffle(order);
        var inTest = new bool[count];
        for (var i = 0; i < testCount; i++)
        {
            inTest[order[i]] = true;
        }

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
