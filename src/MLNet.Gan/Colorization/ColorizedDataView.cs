// The data view ColorizerTransformer.Transform returns: the input's columns plus the colorized column, computed
// for a row only when a cursor reads it.
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNet.Gan.Colorization;

/// <summary>
/// Input rows plus one colorized image per row. The schema is the input's columns in order (hidden ones too), then the
/// colorized column, so column i &lt; last is input column i.
/// </summary>
internal sealed class ColorizedDataView : IDataView
{
    private readonly ColorizerTransformer _model;
    private readonly IDataView _input;

    public ColorizedDataView(ColorizerTransformer model, IDataView input, DataViewSchema schema)
    {
        _model = model;
        _input = input;
        Schema = schema;
    }

    public bool CanShuffle => _input.CanShuffle;

    public DataViewSchema Schema { get; }

    public long? GetRowCount() => _input.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        var needed = columnsNeeded.Select(c => c.Index).ToHashSet();
        var colorize = needed.Contains(Schema.Count - 1);
        if (colorize)
        {
            needed.Add(_input.Schema[_model.Info.InputColumnName].Index);
        }

        var inputColumns = needed.Where(i => i < Schema.Count - 1).Select(i => _input.Schema[i]);
        return new Cursor(this, _input.GetRowCursor(inputColumns, rand), colorize);
    }

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        new[] { GetRowCursor(columnsNeeded, rand) };

    private sealed class Cursor : DataViewRowCursor
    {
        private readonly ColorizedDataView _parent;
        private readonly DataViewRowCursor _input;
        private readonly ValueGetter<MLImage>? _gray;
        private MLImage? _color;
        private long _colorPosition = -1;

        public Cursor(ColorizedDataView parent, DataViewRowCursor input, bool colorize)
        {
            _parent = parent;
            _input = input;
            _gray = colorize ? input.GetGetter<MLImage>(input.Schema[parent._model.Info.InputColumnName]) : null;
        }

        public override DataViewSchema Schema => _parent.Schema;

        public override long Position => _input.Position;

        public override long Batch => _input.Batch;

        public override bool MoveNext() => _input.MoveNext();

        public override ValueGetter<DataViewRowId> GetIdGetter() => _input.GetIdGetter();

        public override bool IsColumnActive(DataViewSchema.Column column) =>
            column.Index == Schema.Count - 1 ? _gray is not null : _input.IsColumnActive(_input.Schema[column.Index]);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (column.Index != Schema.Count - 1)
            {
                return _input.GetGetter<TValue>(_input.Schema[column.Index]);
            }

            if (_gray is null)
            {
                throw new InvalidOperationException($"column '{column.Name}' was not requested when the cursor was created");
            }

            if (typeof(TValue) != typeof(MLImage))
            {
                throw new InvalidOperationException($"column '{column.Name}' holds MLImage values, not {typeof(TValue).Name}");
            }

            return (ref TValue value) => value = (TValue)(object)Current();
        }

        // The colorized image of the current row, computed once per row.
        private MLImage Current()
        {
            if (_colorPosition != Position || _color is null)
            {
                MLImage gray = null!;
                _gray!(ref gray);
                var name = _parent._model.Info.InputColumnName;
                if (gray is null)
                {
                    throw new InvalidDataException($"colorizer input column '{name}', row {Position}: no image (the row's image did not load)");
                }

                try
                {
                    _color = _parent._model.Colorize(gray);
                }
                catch (ArgumentException e)
                {
                    throw new InvalidDataException($"colorizer input column '{name}', row {Position}: {e.Message.Replace(" (Parameter 'gray')", string.Empty, StringComparison.Ordinal)}", e);
                }

                _colorPosition = Position;
            }

            return _color;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _input.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
