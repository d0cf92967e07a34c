// Data augmentation: the input rows followed by K generated rows per class, with the same schema.
using MLNet.Gan.Data;

namespace MLNet.Gan.Generation;

using Torch = MLNet.Gan.Torch.Torch;

/// <summary>A data view of the input's rows followed by synthetic rows that fill the image and label columns.</summary>
internal sealed class SyntheticRowsDataView : IDataView
{
    private readonly IDataView _input;
    private readonly int _imageIndex;
    private readonly int _labelIndex;
    private readonly object[] _images;
    private readonly uint[] _keys;

    private SyntheticRowsDataView(IDataView input, int imageIndex, int labelIndex, object[] images, uint[] keys)
    {
        _input = input;
        _imageIndex = imageIndex;
        _labelIndex = labelIndex;
        _images = images;
        _keys = keys;
    }

    public DataViewSchema Schema => _input.Schema;

    public bool CanShuffle => false;

    public long? GetRowCount() => _input.GetRowCount() is { } n ? n + _images.Length : null;

    /// <summary>Generates <paramref name="rowsPerClass"/> rows per class (or in total, unconditional) and appends them to <paramref name="input"/>.</summary>
    public static IDataView Create(GanTransformer model, IDataView input, int rowsPerClass, int seed)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rowsPerClass);
        var info = model.Info;
        var image = input.Schema.GetColumnOrNull(info.ImageColumnName) ?? throw new ArgumentException(
            $"image column '{info.ImageColumnName}' (the model's training column) not found in the data to augment");
        if (!image.Type.Equals(model.OutputTypeFor(image.Type)))
        {
            throw new ArgumentException(
                $"image column '{info.ImageColumnName}': the model generates {model.OutputType}, the data has {image.Type}");
        }

        var labelIndex = -1;
        var classes = model.IsConditional ? info.ClassNames.Length : 1;
        if (model.IsConditional)
        {
            var label = input.Schema.GetColumnOrNull(info.LabelColumnName ?? "Label") ?? throw new ArgumentException(
                $"label column '{info.LabelColumnName}' not found in the data to augment");
            if (label.Type is not KeyDataViewType key || key.Count != (ulong)classes)
            {
                throw new ArgumentException($"label column '{label.Name}': expected a key type with {classes} classes, found {label.Type}");
            }

            labelIndex = label.Index;
        }

        var total = rowsPerClass * classes;
        var labels = model.IsConditional ? Enumerable.Range(0, total).Select(i => i / rowsPerClass).ToArray() : null;
        var values = new object[total];
        const int chunk = 256;
        for (var start = 0; start < total; start += chunk)
        {
            var n = Math.Min(chunk, total - start);
            using var scope = Torch.NewScope();
            var batch = model.GenerateTensor(n, labels?[start..(start + n)], unchecked(seed + start));
            if (info.ValueKind == GeneratedValueKind.Image)
            {
                TensorImages.ToImages(batch).CopyTo(values, start);
            }
            else
            {
                var vectors = TensorImages.ToVectors(batch, info.VectorZeroToOne);
                for (var i = 0; i < n; i++)
                {
                    values[start + i] = new VBuffer<float>(vectors[i]);
                }
            }
        }

        var keys = labels?.Select(l => (uint)(l + 1)).ToArray() ?? Array.Empty<uint>();
        return new SyntheticRowsDataView(input, image.Index, labelIndex, values, keys);
    }

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
        new Cursor(this, columnsNeeded.ToList());

    private sealed class Cursor : DataViewRowCursor
    {
        private readonly SyntheticRowsDataView _view;
        private readonly DataViewRowCursor _input;
        private readonly HashSet<int> _active;
        private long _position = -1;
        private bool _inSynthetic;

        public Cursor(SyntheticRowsDataView view, List<DataViewSchema.Column> needed)
        {
            _view = view;
            _active = needed.Select(c => c.Index).ToHashSet();
            _input = view._input.GetRowCursor(needed);
        }

        public override DataViewSchema Schema => _view.Schema;

        public override long Position => _position;

        private long _syntheticStart;

        public override bool MoveNext()
        {
            if (!_inSynthetic)
            {
                if (_input.MoveNext())
                {
                    _position++;
                    return true;
                }

                _inSynthetic = true;
                _syntheticStart = _position + 1;
            }

            if (_position + 1 - _syntheticStart >= _view._images.Length)
            {
                return false;
            }

            _position++;
            return true;
        }

        public override bool IsColumnActive(DataViewSchema.Column column) => _active.Contains(column.Index);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            CheckGetterRequest<TValue>(column);
            var inner = _input.GetGetter<TValue>(column);
            var index = column.Index;
            return (ref TValue value) =>
            {
                if (!_inSynthetic)
                {
                    inner(ref value);
                    return;
                }

                var i = _position - _syntheticStart;
                if (index == _view._imageIndex)
                {
                    value = (TValue)_view._images[i];
                }
                else if (index == _view._labelIndex)
                {
                    value = (TValue)(object)_view._keys[i];
                }
                else
                {
                    value = default!;
                }
            };
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _input.Dispose();
            }
        }
    }
}
