// Views that read their input once into memory: Cache (same order) and ShuffleRows (a seeded permutation).
namespace MLNet.Gan.Data;

/// <summary>Reads the input into memory on the first cursor (thread-safe), then serves every cursor from memory.</summary>
internal sealed class CachedDataView : IDataView
{
    private readonly IDataView _input;
    private readonly Lazy<InMemoryDataView> _cache;

    public CachedDataView(IDataView input)
    {
        _input = input ?? throw new ArgumentNullException(nameof(input));
        _cache = new Lazy<InMemoryDataView>(() => InMemoryDataView.Materialize(_input), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public DataViewSchema Schema => _input.Schema;

    public bool CanShuffle => true;

    /// <summary>The cached rows (read now when not yet).</summary>
    public InMemoryDataView Rows => _cache.Value;

    public long? GetRowCount() => _cache.IsValueCreated ? _cache.Value.RowCount : _input.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
        _cache.Value.GetRowCursor(columnsNeeded, rand);
}

/// <summary>
/// The input's rows in an order drawn from a seed: the same seed gives the same order on every cursor.
/// The input is read into memory once (on the first cursor) unless it is already in memory.
/// </summary>
internal sealed class ShuffledDataView : IDataView
{
    private readonly Lazy<InMemoryDataView> _rows;
    private readonly int _seed;
    private int[]? _order;

    public ShuffledDataView(IDataView input, int seed)
    {
        ArgumentNullException.ThrowIfNull(input);
        Schema = input.Schema;
        _seed = seed;
        _rows = input switch
        {
            InMemoryDataView m => new Lazy<InMemoryDataView>(m),
            CachedDataView c => new Lazy<InMemoryDataView>(() => c.Rows, LazyThreadSafetyMode.ExecutionAndPublication),
            _ => new Lazy<InMemoryDataView>(() => InMemoryDataView.Materialize(input), LazyThreadSafetyMode.ExecutionAndPublication),
        };
    }

    public DataViewSchema Schema { get; }

    public bool CanShuffle => true;

    public long? GetRowCount() => _rows.IsValueCreated ? _rows.Value.RowCount : null;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        var rows = _rows.Value;
        if (rand is not null)
        {
            return rows.GetRowCursor(columnsNeeded, rand);
        }

        if (_order is null)
        {
            var order = Enumerable.Range(0, checked((int)rows.RowCount)).ToArray();
            new Random(_seed).Shuffle(order);
            _order = order;
        }

        return rows.GetRowCursor(columnsNeeded, _order);
    }
}
