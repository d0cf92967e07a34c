// Data augmentation as a data view: the real rows, then generated rows with the same schema, for another ML.NET trainer.
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Image;

namespace MLNet.Gan.Generation;

/// <summary>
/// the data's rows followed by generated rows: rowsPerClass per class for a conditional model (class by
/// class), rows-per-class in total otherwise. Synthetic rows fill the model's image column and its label column; every other
/// column holds its type's default (a known-size vector: all zeros, of that size).
/// </summary>
internal sealed class SyntheticRowsDataView : IDataView
{
    private readonly GanTransformer _model;
    private readonly IDataView _data;
    private readonly int _rowsPerClass;
    private readonly int _seed;
    private readonly int _imageIndex;
    private readonly int _labelIndex;

    public SyntheticRowsDataView(GanTransformer model, IDataView data, int rowsPerClass, int seed)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfNegative(rowsPerClass);
        _model = model;
        _data = data;
        _rowsPerClass = rowsPerClass;
        _seed = seed;
        var info = model.Info;
        var image = data.Schema.GetColumnOrNull(info.ImageColumnName) ?? throw new ArgumentException(
            $"image column '{info.ImageColumnName}' (the model's training column) not found; the data has: {string.Join(", ", data.Schema.Select(c => c.Name))}",
            nameof(data));
        if (!image.Type.Equals(model.OutputType) && !(image.Type is ImageDataViewType && model.OutputType is ImageDataViewType))
        {
            throw new ArgumentException(
                $"Schema mismatch for image column '{image.Name}': expected {model.OutputType} (what the model generates), got {image.Type}", nameof(data));
        }

        _imageIndex = image.Index;
        _labelIndex = -1;
        if (info.IsConditional)
        {
            GeneratedDataView.CheckInput(model, data.Schema);
            _labelIndex = data.Schema[info.LabelColumnName ?? "Label"].Index;
        }
    }

    public long SyntheticCount => _model.IsConditional ? (long)_rowsPerClass * _model.ClassNames.Count : _rowsPerClass;

    public bool CanShuffle => false;

    public DataViewSchema Schema => _data.Schema;

    public long? GetRowCount() => _data.GetRowCount() + SyntheticCount;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        var needed = columnsNeeded.ToList();
        return new Cursor(this, _data.GetRowCursor(needed), needed.Select(c => c.Index).ToHashSet());
    }

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        new[] { GetRowCursor(columnsNeeded, rand) };

    private sealed class Cursor : DataViewRowCursor
    {
        private readonly SyntheticRowsDataView _parent;
        private readonly DataViewRowCursor _real;
        private readonly HashSet<int> _active;
        private bool _inSynthetic;
        private long _position = -1;
        private long _synthetic = -1; // index among synthetic rows
        private object[] _batch = Array.Empty<object>();
        private long _batchStart;

        public Cursor(SyntheticRowsDataView parent, DataViewRowCursor real, HashSet<int> active)
        {
            _parent = parent;
            _real = real;
            _active = active;
        }

        public override DataViewSchema Schema => _parent.Schema;

        public override long Position => _position;

        public override long Batch => 0;

        public override bool MoveNext()
        {
            if (!_inSynthetic)
            {
                if (_real.MoveNext())
                {
                    _position++;
                    return true;
                }

                _inSynthetic = true;
            }

            if (_synthetic + 1 >= _parent.SyntheticCount)
            {
                return false;
            }

            _synthetic++;
            _position++;
            if (_active.Contains(_parent._imageIndex) && _synthetic >= _batchStart + _batch.Length)
            {
                var count = (int)Math.Min(GanTransformer.RowsPerBatch, _parent.SyntheticCount - _synthetic);
                var seeds = Enumerable.Range(0, count).Select(i => ((long)_parent._seed << 32) + _synthetic + i).ToArray();
                var labels = _parent._model.IsConditional ? Enumerable.Range(0, count).Select(i => LabelOf(_synthetic + i)).ToArray() : null;
                _batch = _parent._model.GenerateColumnValues(seeds, labels);
                _batchStart = _synthetic;
            }

            return true;
        }

        public override ValueGetter<DataViewRowId> GetIdGetter()
        {
            var real = _real.GetIdGetter();
            return (ref DataViewRowId id) =>
            {
                if (_inSynthetic)
                {
                    id = new DataViewRowId((ulong)_synthetic, 1);
                }
                else
                {
                    real(ref id);
                }
            };
        }

        public override bool IsColumnActive(DataViewSchema.Column column) => _active.Contains(column.Index);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            var real = _real.GetGetter<TValue>(column);
            ValueGetter<TValue> synthetic = column.Index == _parent._imageIndex
                ? (ref TValue value) => value = (TValue)_batch[_synthetic - _batchStart]
                : column.Index == _parent._labelIndex
                    ? (ValueGetter<TValue>)(object)(ValueGetter<uint>)((ref uint key) => key = (uint)LabelOf(_synthetic) + 1)
                    : DefaultGetter<TValue>(column.Type);
            return (ref TValue value) =>
            {
                if (_inSynthetic)
                {
                    synthetic(ref value);
                }
                else
                {
                    real(ref value);
                }
            };
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _real.Dispose();
            }

            base.Dispose(disposing);
        }

        private int LabelOf(long synthetic) => (int)(synthetic / Math.Max(1, _parent._rowsPerClass));
    }

    /// <summary>A getter of <paramref name="type"/>'s default value: a known-size vector of all zeros, else default (also for the tabular GAN's appended rows).</summary>
    internal static ValueGetter<TValue> DefaultGetter<TValue>(DataViewType type)
    {
        if (type is VectorDataViewType { IsKnownSize: true } vector)
        {
            // A sparse vector with no explicit values: every slot holds the item type's default.
            var zeros = (TValue)Activator.CreateInstance(typeof(TValue), vector.Size, 0, null, null)!;
            return (ref TValue value) => value = zeros;
        }

        return (ref TValue value) => value = default!;
    }
}
