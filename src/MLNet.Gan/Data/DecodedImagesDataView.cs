// An ML.NET IDataView over images decoded in memory (DecodedImages): "ImagePath" (text), the image column and "Label"
// (text) when there are labels. ML.NET's LoadFromEnumerable cannot give an image column a size chosen at run time, so
// the view is written here, in the shape of IdxDataView.
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Image;

namespace MLNet.Gan.Data;

/// <summary>Rows of <see cref="DecodedImages"/>; each image getter call returns a new copy owned by the caller.</summary>
internal sealed class DecodedImagesDataView : IDataView
{
    private readonly DecodedImages _images;
    private readonly int[] _rows;

    public DecodedImagesDataView(DecodedImages images, int[] rows, string imageColumnName)
    {
        _images = images;
        _rows = rows;
        var builder = new DataViewSchema.Builder();
        builder.AddColumn("ImagePath", TextDataViewType.Instance);
        builder.AddColumn(imageColumnName, images.Options is { Width: { } w, Height: { } h } ? new ImageDataViewType(h, w) : new ImageDataViewType());
        if (images.Labels is not null)
        {
            builder.AddColumn("Label", TextDataViewType.Instance);
        }

        Schema = builder.ToSchema();
    }

    public DataViewSchema Schema { get; }

    public bool CanShuffle => true;

    public long? GetRowCount() => _rows.Length;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        ArgumentNullException.ThrowIfNull(columnsNeeded);
        var order = (int[])_rows.Clone();
        if (rand is not null)
        {
            rand.Shuffle(order);
        }

        return new Cursor(this, columnsNeeded.Select(c => c.Index).ToHashSet(), order);
    }

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    private static MLImage Copy(MLImage image) => MLImage.CreateFromPixels(image.Width, image.Height, image.PixelFormat, image.Pixels);

    private sealed class Cursor(DecodedImagesDataView view, HashSet<int> active, int[] order) : DataViewRowCursor
    {
        private long _position = -1;

        public override DataViewSchema Schema => view.Schema;

        public override long Position => _position;

        public override long Batch => 0;

        private int Row => _position >= 0 && _position < order.Length
            ? order[_position]
            : throw new InvalidOperationException("the cursor is not on a row: call MoveNext first and stop when it returns false");

        public override bool IsColumnActive(DataViewSchema.Column column) => active.Contains(column.Index);

        public override bool MoveNext()
        {
            _position = Math.Min(_position + 1, order.Length);
            return _position < order.Length;
        }

        public override ValueGetter<DataViewRowId> GetIdGetter() =>
            (ref DataViewRowId value) => value = new DataViewRowId((ulong)Row, 0);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (column.Index >= view.Schema.Count || view.Schema[column.Index].Name != column.Name)
            {
                throw new ArgumentOutOfRangeException(nameof(column), $"column '{column.Name}' does not belong to this data view");
            }

            if (!IsColumnActive(column))
            {
                throw new InvalidOperationException($"column '{column.Name}' was not asked for when this cursor was made");
            }

            var images = view._images;
            Delegate getter = column.Index switch
            {
                0 => (ValueGetter<ReadOnlyMemory<char>>)((ref ReadOnlyMemory<char> value) => value = images.ImagePaths[Row].AsMemory()),
                1 => (ValueGetter<MLImage>)((ref MLImage value) => value = Copy(images.Images[Row])),
                _ => (ValueGetter<ReadOnlyMemory<char>>)((ref ReadOnlyMemory<char> value) => value = images.Labels![Row].AsMemory()),
            };
            return getter as ValueGetter<TValue>
                ?? throw new InvalidOperationException($"column '{column.Name}' holds {column.Type} values, not {typeof(TValue).Name}");
        }
    }
}
