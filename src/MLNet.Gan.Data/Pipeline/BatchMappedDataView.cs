// The lazy output of a batched transformer: reads input rows a batch ahead, computes new columns per batch on request.
namespace MLNet.Gan.Data;

/// <summary>Output view of a <see cref="BatchedRowToRowTransformerBase"/>.</summary>
internal sealed class BatchMappedDataView : IDataView
{
    private readonly IDataView _input;
    private readonly BatchMapperBase _mapper;
    private readonly int _batchSize;

    public BatchMappedDataView(IDataView input, BatchMapperBase mapper, int batchSize)
    {
        _input = input;
        _mapper = mapper;
        _batchSize = batchSize;
    }

    public DataViewSchema Schema => _mapper.OutputSchema;

    public bool CanShuffle => _input.CanShuffle;

    public long? GetRowCount() => _input.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        ArgumentNullException.ThrowIfNull(columnsNeeded);
        var inputCount = _input.Schema.Count;
        var activeOutputs = new bool[_mapper.OutputColumns.Count];
        var passThrough = new HashSet<int>();
        foreach (var c in columnsNeeded)
        {
            if (c.Index < inputCount)
            {
                passThrough.Add(c.Index);
            }
            else
            {
                activeOutputs[c.Index - inputCount] = true;
            }
        }

        var dependencies = activeOutputs.Any(a => a) ? _mapper.Dependencies().Select(c => c.Index).ToHashSet() : [];
        var buffered = passThrough.Union(dependencies).Order().ToArray();
        var cursor = _input.GetRowCursor(buffered.Select(i => _input.Schema[i]).ToArray(), rand);
        return new Cursor(this, cursor, buffered, passThrough, dependencies, activeOutputs);
    }

    private sealed class Cursor : DataViewRowCursor
    {
        private readonly BatchMappedDataView _view;
        private readonly DataViewRowCursor _input;
        private readonly int[] _buffered;
        private readonly HashSet<int> _passThrough;
        private readonly HashSet<int> _dependencies;
        private readonly bool[] _activeOutputs;
        private readonly Func<object?>[] _readers;
        private readonly Dictionary<int, List<object?>> _values = [];
        private OutputBatch? _outputs;
        private int _count;
        private int _row = -1;
        private long _position = -1;
        private long _firstPosition;
        private bool _inputDone;

        public Cursor(BatchMappedDataView view, DataViewRowCursor input, int[] buffered, HashSet<int> passThrough, HashSet<int> dependencies, bool[] activeOutputs)
        {
            _view = view;
            _input = input;
            _buffered = buffered;
            _passThrough = passThrough;
            _dependencies = dependencies;
            _activeOutputs = activeOutputs;
            _readers = buffered.Select(i => (Func<object?>)MemberAccess.InvokeGeneric(
                typeof(Cursor), nameof(Reader), [input.Schema[i].Type.RawType], input, input.Schema[i])!).ToArray();
            foreach (var i in buffered)
            {
                _values[i] = [];
            }
        }

        public override DataViewSchema Schema => _view.Schema;

        public override long Position => _position;

        public override bool IsColumnActive(DataViewSchema.Column column)
        {
            var inputCount = _input.Schema.Count;
            return column.Index < inputCount ? _passThrough.Contains(column.Index) : _activeOutputs[column.Index - inputCount];
        }

        public override bool MoveNext()
        {
            if (_row + 1 < _count)
            {
                _row++;
                _position++;
                return true;
            }

            if (_inputDone || !FillBatch())
            {
                _row = -1;
                return false;
            }

            _row = 0;
            _position++;
            return true;
        }

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            CheckGetterRequest<TValue>(column);
            var inputCount = _input.Schema.Count;
            if (column.Index < inputCount)
            {
                var values = _values[column.Index];
                return (ref TValue value) => value = (TValue)values[CurrentRow()]!;
            }

            var outputIndex = column.Index - inputCount;
            return (ref TValue value) =>
            {
                var row = CurrentRow();
                value = ((TValue[])Outputs().Get(outputIndex))[row];
            };
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _input.Dispose();
            }
        }

        private static Func<object?> Reader<T>(DataViewRow row, DataViewSchema.Column column)
        {
            var getter = row.GetGetter<T>(column);
            return () =>
            {
                T value = default!;
                getter(ref value);
                return InMemoryDataView.OwnedCopy(value);
            };
        }

        private int CurrentRow() => _row >= 0 ? _row : throw new InvalidOperationException("The cursor is not on a row; call MoveNext first.");

        private bool FillBatch()
        {
            foreach (var list in _values.Values)
            {
                list.Clear();
            }

            _outputs = null;
            _count = 0;
            _firstPosition = _position + 1;
            while (_count < _view._batchSize && _input.MoveNext())
            {
                for (var k = 0; k < _buffered.Length; k++)
                {
                    _values[_buffered[k]].Add(_readers[k]());
                }

                _count++;
            }

            _inputDone = _count < _view._batchSize;
            return _count > 0;
        }

        private OutputBatch Outputs()
        {
            if (_outputs is null)
            {
                var inputs = new InputBatch(_dependencies.ToDictionary(i => i, i => _values[i]), _count, _firstPosition);
                var outputs = new OutputBatch(_activeOutputs, _view._mapper.OutputColumns, _count);
                _view._mapper.Compute(inputs, outputs);
                _outputs = outputs;
            }

            return _outputs;
        }
    }
}
