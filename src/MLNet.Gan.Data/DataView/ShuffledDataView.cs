// ShuffleRows: the input read in random order where it can be, then passed through a pool of rows drawn at random.
namespace MLNet.Gan.Data;

/// <summary>
/// The rows of the input in a seeded random order, as ML.NET's ShuffleRows makes it, in two stages:
/// (1) with shuffleSource and an input that <see cref="IDataView.CanShuffle"/>, the input cursor is asked for a
/// random order (in-memory, cached and IDX views give a full permutation); (2) with a pool of P &gt; 1 rows, the
/// rows stream through a pool: the first P fill it, then each step emits a pool row drawn at random and puts the
/// next input row in its place. A pool at least as large as the input alone gives a uniform permutation; a smaller
/// one only moves rows about P places, and holds only P rows in memory. Every cursor gives the same order for the
/// same seed (a cursor given a <see cref="Random"/> draws from it instead).
/// </summary>
internal sealed class ShuffledDataView : IDataView
{
    private readonly IDataView _input;
    private readonly int _seed;
    private readonly int _poolSize;
    private readonly bool _shuffleSource;

    public ShuffledDataView(IDataView input, int seed, int poolSize, bool shuffleSource)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(poolSize);
        _input = input;
        _seed = seed;
        _poolSize = poolSize;
        _shuffleSource = shuffleSource;
    }

    /// <summary>Whether any stage shuffles: a pool of more than one row, or a source read in random order.</summary>
    public bool Shuffles => _poolSize > 1 || (_shuffleSource && _input.CanShuffle);

    public DataViewSchema Schema => _input.Schema;

    public bool CanShuffle => true;

    public long? GetRowCount() => _input.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        ArgumentNullException.ThrowIfNull(columnsNeeded);
        var columns = columnsNeeded.ToArray();
        var random = rand ?? new Random(_seed);
        var sourceOrder = _shuffleSource && _input.CanShuffle ? new Random(random.Next()) : null;
        var inner = _input.GetRowCursor(columns, sourceOrder);
        return _poolSize <= 1 ? inner : new PoolCursor(inner, columns, _poolSize, random);
    }

    /// <summary>Streams the inner cursor's rows through a pool of <c>size</c> rows, emitting one drawn at random each step.</summary>
    private sealed class PoolCursor : DataViewRowCursor
    {
        private readonly DataViewRowCursor _inner;
        private readonly Random _random;
        private readonly int _size;
        private readonly IPoolColumn?[] _columns;
        private readonly IPoolColumn[] _active;
        private int _count = -1;
        private long _position = -1;
        private bool _onRow;

        public PoolCursor(DataViewRowCursor inner, DataViewSchema.Column[] columns, int size, Random random)
        {
            _inner = inner;
            _size = size;
            _random = random;
            _columns = new IPoolColumn?[inner.Schema.Count];
            foreach (var c in columns)
            {
                // One slot per pool row plus one (index size) for the row being emitted.
                _columns[c.Index] ??= (IPoolColumn)MemberAccess.InvokeGeneric(typeof(PoolCursor), nameof(MakeColumn), [c.Type.RawType], inner, c, size + 1)!;
            }

            _active = _columns.OfType<IPoolColumn>().ToArray();
        }

        private interface IPoolColumn
        {
            void Load(int slot);

            void Move(int from, int to);

            void Swap(int a, int b);
        }

        public override DataViewSchema Schema => _inner.Schema;

        public override long Position => _position;

        public override bool IsColumnActive(DataViewSchema.Column column) => _columns[column.Index] is not null;

        public override bool MoveNext()
        {
            if (_count < 0)
            {
                _count = 0;
                while (_count < _size && _inner.MoveNext())
                {
                    Load(_count++);
                }
            }

            if (_count == 0)
            {
                _onRow = false;
                return false;
            }

            // Emit a random pool row (swapped into the output slot), then refill its place from the input.
            var pick = _random.Next(_count);
            foreach (var c in _active)
            {
                c.Swap(pick, _size);
            }

            if (_inner.MoveNext())
            {
                Load(pick);
            }
            else
            {
                _count--;
                foreach (var c in _active)
                {
                    c.Move(_count, pick);
                }
            }

            _position++;
            _onRow = true;
            return true;
        }

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            CheckGetterRequest<TValue>(column);
            var values = ((PoolColumn<TValue>)_columns[column.Index]!).Slots;
            return (ref TValue value) =>
            {
                if (!_onRow)
                {
                    throw new InvalidOperationException("The cursor is not on a row; call MoveNext first.");
                }

                value = values[_size];
            };
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inner.Dispose();
            }
        }

        private static IPoolColumn MakeColumn<T>(DataViewRow row, DataViewSchema.Column column, int slots) =>
            new PoolColumn<T>(row.GetGetter<T>(column), slots);

        private void Load(int slot)
        {
            foreach (var c in _active)
            {
                c.Load(slot);
            }
        }

        private sealed class PoolColumn<T>(ValueGetter<T> getter, int slots) : IPoolColumn
        {
            public T[] Slots { get; } = new T[slots];

            public void Load(int slot)
            {
                T value = default!;
                getter(ref value);
                // Vector getters may reuse their arrays between rows: a pooled row keeps its own copy.
                Slots[slot] = (T)InMemoryDataView.OwnedCopy(value)!;
            }

            public void Move(int from, int to) => Slots[to] = Slots[from];

            public void Swap(int a, int b) => (Slots[a], Slots[b]) = (Slots[b], Slots[a]);
        }
    }
}
