// The data view GanTransformer.Transform returns: the input's columns plus the generated column,
// computed a batch of rows at a time by a look-ahead cursor that reads only the label and seed columns.
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNet.Gan.Training;

namespace MLNet.Gan.Generation;

/// <summary>
/// Input rows plus one generated value per row; lazy, deterministic per (seed or position, label). The schema is the
/// input's columns in order (hidden ones too), then the generated column, so column i &lt; last is input column i.
/// </summary>
internal sealed class GeneratedDataView : IDataView
{
    private readonly GanTransformer _model;
    private readonly IDataView _input;

    public GeneratedDataView(GanTransformer model, IDataView input, DataViewSchema schema)
    {
        _model = model;
        _input = input;
        Schema = schema;
    }

    public bool CanShuffle => false;

    public DataViewSchema Schema { get; }

    public long? GetRowCount() => _input.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        var needed = columnsNeeded.Select(c => c.Index).ToHashSet();
        var generate = needed.Contains(Schema.Count - 1);
        var inputColumns = needed.Where(i => i < Schema.Count - 1).Select(i => _input.Schema[i]);
        return new Cursor(this, _input.GetRowCursor(inputColumns), generate);
    }

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        new[] { GetRowCursor(columnsNeeded, rand) };

    /// <summary>Checks the label (key with the model's class count) and seed (Int32/Int64) columns a model reads.</summary>
    public static void CheckInput(GanTransformer model, DataViewSchema schema)
    {
        var info = model.Info;
        if (info.IsConditional)
        {
            var name = info.LabelColumnName ?? "Label";
            var expected = $"Key<UInt32> with {info.ClassNames.Length} classes (this conditional model generates for each row's label)";
            var label = schema.GetColumnOrNull(name) ?? throw SchemaErrors.Missing("label", name, expected, schema.Select(c => c.Name));
            if (label.Type is not KeyDataViewType key || key.Count != (ulong)info.ClassNames.Length)
            {
                throw SchemaErrors.Mismatch("label", name, expected, label.Type.ToString() ?? "?");
            }
        }

        if (info.SeedColumnName is { } seedName)
        {
            var seed = schema.GetColumnOrNull(seedName) ?? throw SchemaErrors.Missing("seed", seedName, "Int32 or Int64", schema.Select(c => c.Name));
            if (seed.Type != NumberDataViewType.Int32 && seed.Type != NumberDataViewType.Int64)
            {
                throw SchemaErrors.Mismatch("seed", seedName, "Int32 or Int64", seed.Type.ToString() ?? "?");
            }
        }
    }

    /// <summary>Reads the label (zero-based) and seed of rows in order, to generate them in batches.</summary>
    internal sealed class RowKeys : IDisposable
    {
        private readonly DataViewRowCursor _cursor;
        private readonly ValueGetter<uint>? _label;
        private readonly Func<long>? _seed;
        private readonly string? _labelName;

        public RowKeys(GanTransformer model, IDataView input)
        {
            var info = model.Info;
            var label = info.IsConditional ? input.Schema[info.LabelColumnName ?? "Label"] : (DataViewSchema.Column?)null;
            var seed = info.SeedColumnName is { } s ? input.Schema[s] : (DataViewSchema.Column?)null;
            _cursor = input.GetRowCursor(new[] { label, seed }.Where(c => c is not null).Select(c => c!.Value));
            _labelName = label?.Name;
            _label = label is { } l ? _cursor.GetGetter<uint>(l) : null;
            if (seed is { } sc)
            {
                if (sc.Type == NumberDataViewType.Int32)
                {
                    var get = _cursor.GetGetter<int>(sc);
                    _seed = () => { int v = 0; get(ref v); return v; };
                }
                else
                {
                    var get = _cursor.GetGetter<long>(sc);
                    _seed = () => { long v = 0; get(ref v); return v; };
                }
            }
        }

        /// <summary>Up to <paramref name="max"/> more rows: their seeds and zero-based labels (null when unconditional).</summary>
        public (long[] Seeds, int[]? Labels) Next(int max)
        {
            var seeds = new List<long>(max);
            var labels = _label is null ? null : new List<int>(max);
            while (seeds.Count < max && _cursor.MoveNext())
            {
                seeds.Add(_seed?.Invoke() ?? _cursor.Position);
                if (_label is not null)
                {
                    uint key = 0;
                    _label(ref key);
                    labels!.Add(key != 0 ? (int)key - 1 : throw new InvalidDataException(
                        $"label column '{_labelName}', row {_cursor.Position}: the label is missing (key value 0)"));
                }
            }

            return (seeds.ToArray(), labels?.ToArray());
        }

        public void Dispose() => _cursor.Dispose();
    }

    private sealed class Cursor : DataViewRowCursor
    {
        private readonly GeneratedDataView _parent;
        private readonly DataViewRowCursor _input;
        private readonly RowKeys? _keys;
        private object[] _batch = Array.Empty<object>();
        private long _batchStart;

        public Cursor(GeneratedDataView parent, DataViewRowCursor input, bool generate)
        {
            _parent = parent;
            _input = input;
            _keys = generate ? new RowKeys(parent._model, parent._input) : null;
        }

        public override DataViewSchema Schema => _parent.Schema;

        public override long Position => _input.Position;

        public override long Batch => _input.Batch;

        public override bool MoveNext()
        {
            if (!_input.MoveNext())
            {
                return false;
            }

            if (_keys is not null && Position >= _batchStart + _batch.Length)
            {
                var (seeds, labels) = _keys.Next(RowsPerBatch);
                _batchStart = Position;
                _batch = _parent._model.GenerateColumnValues(seeds, labels);
            }

            return true;
        }

        public override ValueGetter<DataViewRowId> GetIdGetter() => _input.GetIdGetter();

        public override bool IsColumnActive(DataViewSchema.Column column) =>
            column.Index == Schema.Count - 1 ? _keys is not null : _input.IsColumnActive(_input.Schema[column.Index]);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (column.Index != Schema.Count - 1)
            {
                return _input.GetGetter<TValue>(_input.Schema[column.Index]);
            }

            if (_keys is null)
            {
                throw new InvalidOperationException($"column '{column.Name}' was not requested when the cursor was created");
            }

            var expected = column.Type.RawType;
            if (typeof(TValue) != expected)
            {
                throw new InvalidOperationException($"column '{column.Name}' holds {expected.Name} values, not {typeof(TValue).Name}");
            }

            return (ref TValue value) => value = (TValue)_batch[Position - _batchStart];
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _input.Dispose();
                _keys?.Dispose();
            }

            base.Dispose(disposing);
        }

        private const int RowsPerBatch = GanTransformer.RowsPerBatch;
    }
}
