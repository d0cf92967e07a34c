// The output of LoadImages with SkipBadRows: rows whose image fails to load are dropped and reported.
namespace MLNet.Gan.Data;

/// <summary>
/// Wraps LoadImages' mapped view: each MoveNext loads the row's image (so that the row can be dropped
/// when it fails) and keeps it for the image getter. The row count is unknown until read.
/// </summary>
internal sealed class BadImageRowSkippingDataView : IDataView
{
    private readonly IDataView _mapped;
    private readonly DataViewSchema.Column _image;
    private readonly ImageLoadingReport _report;
    private readonly Action<ImageLoadingException>? _onSkip;

    public BadImageRowSkippingDataView(IDataView mapped, DataViewSchema.Column image, ImageLoadingReport report, Action<ImageLoadingException>? onSkip)
    {
        _mapped = mapped;
        _image = image;
        _report = report;
        _onSkip = onSkip;
    }

    public DataViewSchema Schema => _mapped.Schema;

    public bool CanShuffle => _mapped.CanShuffle;

    public long? GetRowCount() => null;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        ArgumentNullException.ThrowIfNull(columnsNeeded);
        var wanted = columnsNeeded.ToList();
        var active = wanted.Select(c => c.Index).ToHashSet();
        var inner = _mapped.GetRowCursor(wanted.Append(_image).DistinctBy(c => c.Index), rand);
        return new Cursor(this, inner, active);
    }

    private sealed class Cursor : DataViewRowCursor
    {
        private readonly BadImageRowSkippingDataView _view;
        private readonly DataViewRowCursor _inner;
        private readonly HashSet<int> _active;
        private readonly ValueGetter<MLImage> _load;
        private MLImage? _current;
        private long _position = -1;

        public Cursor(BadImageRowSkippingDataView view, DataViewRowCursor inner, HashSet<int> active)
        {
            _view = view;
            _inner = inner;
            _active = active;
            _load = inner.GetGetter<MLImage>(view._image);
        }

        public override DataViewSchema Schema => _view.Schema;

        public override long Position => _position;

        public override bool IsColumnActive(DataViewSchema.Column column) => _active.Contains(column.Index);

        public override bool MoveNext()
        {
            while (_inner.MoveNext())
            {
                try
                {
                    MLImage image = null!;
                    _load(ref image);
                    _current = image;
                    _position++;
                    return true;
                }
                catch (ImageLoadingException e)
                {
                    if (_view._report.Add(e))
                    {
                        _view._onSkip?.Invoke(e);
                    }
                }
            }

            _current = null;
            return false;
        }

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            CheckGetterRequest<TValue>(column);
            if (column.Index != _view._image.Index)
            {
                return _inner.GetGetter<TValue>(column);
            }

            ValueGetter<MLImage> getter = (ref MLImage value) =>
                value = _current ?? throw new InvalidOperationException("the cursor is not on a row: call MoveNext first");
            return (ValueGetter<TValue>)(Delegate)getter;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inner.Dispose();
            }
        }
    }
}
