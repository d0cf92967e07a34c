// Cache: a view that reads its input once into memory and serves every later cursor from there.
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
