// A data view over an IDX image set: "Image" (gray MLImage of fixed size) and "Label" (key with class names).
namespace MLNet.Gan.Data;

/// <summary>
/// Rows of an <see cref="IdxImageSet"/>: column "Image" (<see cref="ImageDataViewType"/> of the set's size,
/// one-channel <see cref="MLImage"/>) and, with labels, "Label" (<see cref="KeyDataViewType"/> with the class
/// names as key values; label byte b becomes key b + 1). Images are made on request; the pixels stay in
/// one array, which <see cref="ImageTensors"/> turns into a tensor without touching single images.
/// </summary>
public sealed class IdxDataView : IDataView
{
    /// <summary>The image column's name unless the options give another.</summary>
    public const string DefaultImageColumnName = "Image";

    /// <summary>The label column's name unless the options give another.</summary>
    public const string DefaultLabelColumnName = "Label";

    /// <summary>Wraps <paramref name="set"/>; labels must be below the number of <paramref name="classNames"/>.</summary>
    /// <param name="set">The images and labels.</param>
    /// <param name="classNames">Names of classes 0..K-1; null names them "0".."K-1" after the largest label.</param>
    /// <param name="imageColumnName">The image column's name.</param>
    /// <param name="labelColumnName">The label column's name.</param>
    /// <exception cref="InvalidDataException">A label is not below the number of class names (file, item and value named).</exception>
    public IdxDataView(IdxImageSet set, IReadOnlyList<string>? classNames = null, string imageColumnName = DefaultImageColumnName, string labelColumnName = DefaultLabelColumnName)
    {
        ImageSet = set ?? throw new ArgumentNullException(nameof(set));
        ArgumentException.ThrowIfNullOrEmpty(imageColumnName);
        ArgumentException.ThrowIfNullOrEmpty(labelColumnName);
        if (set.Labels is not null && imageColumnName == labelColumnName)
        {
            throw new ArgumentException($"the image and label columns need two names, both are '{imageColumnName}'", nameof(labelColumnName));
        }

        var builder = new DataViewSchema.Builder();
        builder.AddColumn(imageColumnName, new ImageDataViewType(set.Height, set.Width));
        if (set.Labels is not null)
        {
            var names = classNames ?? Enumerable.Range(0, Math.Max(1, set.LabelCount)).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            if (names.Count == 0)
            {
                throw new ArgumentException("class names are empty", nameof(classNames));
            }

            for (var i = 0; i < set.Labels.Length; i++)
            {
                if (set.Labels[i] >= names.Count)
                {
                    throw new InvalidDataException(
                        $"IDX labels file '{set.LabelsPath}' item {i} (0-based): label {set.Labels[i]} is not below the {names.Count} class names given");
                }
            }

            ClassNames = names.ToArray();
            builder.AddColumn(labelColumnName, new KeyDataViewType(names.Count), AnnotationUtils.KeyValuesAnnotation(names));
        }

        Schema = builder.ToSchema();
    }

    /// <summary>The images and labels in memory.</summary>
    public IdxImageSet ImageSet { get; }

    /// <summary>The names of the label classes, or null without labels.</summary>
    public IReadOnlyList<string>? ClassNames { get; }

    /// <inheritdoc/>
    public DataViewSchema Schema { get; }

    /// <inheritdoc/>
    public bool CanShuffle => true;

    /// <inheritdoc/>
    public long? GetRowCount() => ImageSet.Count;

    /// <inheritdoc/>
    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        ArgumentNullException.ThrowIfNull(columnsNeeded);
        int[]? order = null;
        if (rand is not null)
        {
            order = Enumerable.Range(0, ImageSet.Count).ToArray();
            rand.Shuffle(order);
        }

        return new Cursor(this, columnsNeeded.Select(c => c.Index).ToHashSet(), order);
    }

    /// <summary>Options of <c>ctx.Data.LoadFromIdx</c>.</summary>
    public sealed class Options
    {
        /// <summary>The IDX labels file (unsigned bytes, N), gzipped or not; null gives no label column. Default: null.</summary>
        public string? LabelsPath;

        /// <summary>Names of classes 0..K-1 in key order; null names them "0".."K-1" after the largest label. Default: null.</summary>
        public string[]? ClassNames;

        /// <summary>Name of the image column. Default: "Image".</summary>
        public string ImageColumnName = DefaultImageColumnName;

        /// <summary>Name of the label column. Default: "Label".</summary>
        public string LabelColumnName = DefaultLabelColumnName;
    }

    private sealed class Cursor : DataViewRowCursor
    {
        private readonly IdxDataView _view;
        private readonly HashSet<int> _active;
        private readonly int[]? _order;
        private long _position = -1;

        public Cursor(IdxDataView view, HashSet<int> active, int[]? order)
        {
            _view = view;
            _active = active;
            _order = order;
        }

        public override DataViewSchema Schema => _view.Schema;

        public override long Position => _position;

        private int Row => _order is null ? (int)_position : _order[_position];

        public override bool IsColumnActive(DataViewSchema.Column column) => _active.Contains(column.Index);

        public override bool MoveNext()
        {
            if (_position + 1 >= _view.ImageSet.Count)
            {
                _position = _view.ImageSet.Count;
                return false;
            }

            _position++;
            return true;
        }

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            CheckGetterRequest<TValue>(column);
            ValueGetter<MLImage> image = (ref MLImage value) => value = _view.ImageSet.GetImage(CheckedRow());
            ValueGetter<uint> label = (ref uint value) => value = (uint)_view.ImageSet.Labels![CheckedRow()] + 1;
            return (ValueGetter<TValue>)(Delegate)(column.Index == 0 ? image : label);
        }

        private int CheckedRow()
        {
            if (_position < 0 || _position >= _view.ImageSet.Count)
            {
                throw new InvalidOperationException("the cursor is not on a row: call MoveNext first and stop when it returns false");
            }

            return Row;
        }
    }
}
